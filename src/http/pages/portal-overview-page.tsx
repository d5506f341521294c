import type { ContactPerson } from '../../modules/portfolio/portfolio.js';
import type { CoverageSummary } from '../../modules/portfolio/portfolio-totals.js';
import type { ContractListItem } from '../../modules/portfolio/portfolio-view.js';
import type { TenantContact } from '../../modules/tenants/tenant.js';
import { telephoneHref } from '../../modules/tenants/tenant-contact.js';
import { raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Translator } from '../../shared/i18n/translator.js';
import { escapedHtml } from '../html-text.js';
import { useTranslator } from '../language.js';
import { ScrollRegion } from './components.js';
import { premiumHtml } from './contract-pages.js';
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

/**
 * The coverage table's groups as one escaped string: the overview lists every active contract (270 of a customer with
 * 300), and Hono's JSX costs about 5 µs a row where the string costs a fraction of it.
 */
function coverageGroupsHtml(
  groups: CoverageSummary<ContractListItem>['groups'],
  options: { basePath: string; isCustomerShown: boolean; t: Translator },
): HtmlEscapedString {
  const { basePath, isCustomerShown, t } = options;
  let html = '';
  for (const group of groups) {
    const yearly = t('{amount} im Jahr', { amount: formatEuro(group.yearlyGrossCents, t.language) });
    html +=
      `<tbody><tr class="group-row"><th scope="rowgroup">${escapedHtml(sparteNameIn(t, group.sparte))}</th>` +
      `<td class="amount">${escapedHtml(yearly)}</td></tr>`;
    for (const contract of group.contracts) {
      const insurer = contract.insurerName ?? contract.insurerNumber;
      const source = isCustomerShown ? `${insurer} · ${contract.customerName}` : insurer;
      html +=
        `<tr><td><a href="${escapedHtml(`${basePath}/${contract.id}`)}">` +
        `${escapedHtml(contract.productName ?? sparteNameIn(t, contract.sparte))}</a><br/>` +
        `<span class="muted">${escapedHtml(source)}</span>` +
        `</td><td class="amount">${premiumHtml(contract, t)}</td></tr>`;
    }
    html += '</tbody>';
  }
  return raw(html);
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
              {coverageGroupsHtml(coverage.groups, {
                basePath: props.basePath ?? '/vertraege',
                isCustomerShown: props.isCustomerShown,
                t,
              })}
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
