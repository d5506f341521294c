import type { ContactPerson } from '../../modules/portfolio/portfolio.js';
import type { CoverageSummary } from '../../modules/portfolio/portfolio-totals.js';
import type { ContractListItem } from '../../modules/portfolio/portfolio-view.js';
import type { TenantContact } from '../../modules/tenants/tenant.js';
import { telephoneHref } from '../../modules/tenants/tenant-contact.js';
import { useTranslator } from '../language.js';
import { ScrollRegion } from './components.js';
import { PremiumText } from './contract-pages.js';
import { BrokerContactCard } from './portal-home-page.js';
import { formatEuro } from './portfolio-format.js';
import { sparteNameIn } from './sparte-names.js';

/** The person at the broker who looks after this customer, with the broker's office hours. */
function AdviserCard(props: { adviser: ContactPerson; officeHours: string | null }) {
  const t = useTranslator();
  const { adviser } = props;
  return (
    <div class="card stack contact-card">
      <h2>{t('Ihr Betreuer')}</h2>
      <address class="stack">
        <p>
          <strong>{adviser.name}</strong>
        </p>
        {adviser.phone === null && adviser.email === null ? null : (
          <dl class="contact-list">
            {adviser.phone === null ? null : (
              <>
                <dt>{t('Telefon')}</dt>
                <dd>
                  <a href={telephoneHref(adviser.phone)}>{adviser.phone}</a>
                </dd>
              </>
            )}
            {adviser.email === null ? null : (
              <>
                <dt>{t('E-Mail')}</dt>
                <dd>
                  <a href={`mailto:${adviser.email}`}>{adviser.email}</a>
                </dd>
              </>
            )}
          </dl>
        )}
      </address>
      {props.officeHours === null ? null : (
        <p>
          <span class="muted">{t('Bürozeiten:')}</span> {props.officeHours}
        </p>
      )}
    </div>
  );
}

/** "Aktuelle Absicherungen"; contracts link to `basePath`/id (the portal's /vertraege, or the workspace's view). */
export function CoverageCard(props: {
  coverage: CoverageSummary<ContractListItem>;
  isCustomerShown: boolean;
  basePath?: string;
}) {
  const t = useTranslator();
  const { coverage } = props;
  const euro = (cents: number) => formatEuro(cents, t.language);
  return (
    <div class="card stack">
      <h2>{t('Aktuelle Absicherungen')}</h2>
      {coverage.groups.length === 0 ? (
        <p>{t('Zurzeit ist für Sie kein aktiver Vertrag freigegeben.')}</p>
      ) : (
        <>
          <dl class="contact-list">
            <dt>{t('Beiträge im Jahr (brutto)')}</dt>
            <dd>{euro(coverage.yearlyGrossCents)}</dd>
            <dt>{t('Beiträge im Monat (brutto)')}</dt>
            <dd>{euro(coverage.monthlyGrossCents)}</dd>
          </dl>
          {coverage.notCountedCount === 0 ? null : (
            <p class="muted">
              {t('Nicht mitgerechnet: Verträge mit Einmalbeitrag, beitragsfrei oder ohne Beitragsangabe ({count}).', {
                count: coverage.notCountedCount,
              })}
            </p>
          )}
          <ScrollRegion label={t('Aktuelle Absicherungen')}>
            <table class="table coverage-table">
              <thead>
                <tr>
                  <th scope="col">{t('Vertrag')}</th>
                  <th scope="col">{t('Beitrag (brutto)')}</th>
                </tr>
              </thead>
              {coverage.groups.map((group) => (
                <tbody>
                  <tr class="group-row">
                    <th scope="rowgroup">{sparteNameIn(t, group.sparte)}</th>
                    <td class="amount">{t('{amount} im Jahr', { amount: euro(group.yearlyGrossCents) })}</td>
                  </tr>
                  {group.contracts.map((contract) => (
                    <tr>
                      <td>
                        <a href={`${props.basePath ?? '/vertraege'}/${contract.id}`}>
                          {contract.productName ?? sparteNameIn(t, contract.sparte)}
                        </a>
                        <br />
                        <span class="muted">
                          {props.isCustomerShown
                            ? `${contract.insurerName ?? contract.insurerNumber} · ${contract.customerName}`
                            : (contract.insurerName ?? contract.insurerNumber)}
                        </span>
                      </td>
                      <td class="amount">
                        <PremiumText contract={contract} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              ))}
            </table>
          </ScrollRegion>
        </>
      )}
    </div>
  );
}

export function PortalOverview(props: {
  name: string;
  tenantName: string;
  contact: TenantContact;
  adviser: ContactPerson | null;
  coverage: CoverageSummary<ContractListItem>;
  contractCount: number;
  isCustomerShown: boolean;
  isIntermediary: boolean;
  isDelegating: boolean;
}) {
  const t = useTranslator();
  return (
    <section class="stack portal-home portfolio">
      <div class="card stack">
        <h1>{t('Willkommen, {name}', { name: props.name })}</h1>
        <ul class="quick-links">
          <li>
            <a href="/vertraege">{t('Alle Verträge ({count})', { count: props.contractCount })}</a>
          </li>
          {props.isIntermediary ? (
            <li>
              <a href="/kunden">{t('Kunden suchen')}</a>
            </li>
          ) : null}
          {props.isDelegating ? (
            <li>
              <a href="/colleagues">{t('Kolleginnen und Kollegen einladen und verwalten')}</a>
            </li>
          ) : null}
          <li>
            <a href="/profile">{t('Mein Zugang: Passwort ändern, angemeldete Geräte')}</a>
          </li>
        </ul>
      </div>
      <CoverageCard coverage={props.coverage} isCustomerShown={props.isCustomerShown} />
      {props.adviser === null ? null : <AdviserCard adviser={props.adviser} officeHours={props.contact.officeHours} />}
      <BrokerContactCard
        brokerName={props.tenantName}
        contact={props.adviser === null ? props.contact : { ...props.contact, officeHours: null }}
      />
    </section>
  );
}
