import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ContactPerson, ReferenceAddress } from '../../modules/portfolio/portfolio.js';
import { CONTRACT_STATUSES } from '../../modules/portfolio/portfolio.js';
import type { ContractListItem, ContractView } from '../../modules/portfolio/portfolio-view.js';
import { SPARTEN } from '../../modules/portfolio/sparten.js';
import type { Translator } from '../../shared/i18n/translator.js';
import { escapedHtml } from '../html-text.js';
import { useTranslator } from '../language.js';
import { FilterForm, FilterSelect, NumberedPager, ScrollRegion } from './components.js';
import { FREQUENCY_NAMES, STATUS_NAMES } from './contract-labels.js';
import { formatEuro, formatPartialDate } from './portfolio-format.js';
import { sparteNameIn } from './sparte-names.js';

/** What the address bar of the contract list says: filters and the page. */
export interface ContractListParameters {
  customerNumber: string;
  sparte: string;
  status: string;
  page: number;
}

export interface ContractListPage {
  parameters: ContractListParameters;
  /** The contracts of this page, in the list's order. */
  contracts: ContractListItem[];
  /** All that match the filter, over every page. */
  total: number;
  pageCount: number;
  /**
   * The filter's choices: the customers of the visible contracts, none beyond CUSTOMER_CHOICES of them (an
   * intermediary's customer list searches them instead), and the Sparten of the visible contracts, of the chosen
   * customer's when the filter names one.
   */
  customers: { customerNumber: string; name: string }[];
  sparten: { code: string; name: string }[];
  /** Whether the visible contracts are of more than one customer: the rows then name their customer. */
  hasSeveralCustomers: boolean;
  /** The customer the filter names, when the person sees that customer's contracts. */
  customerName: string | null;
  /** Where the list lives: the portal's /vertraege, or the workspace's view of a person's portal. */
  basePath: string;
}

export function contractListHref(basePath: string, parameters: ContractListParameters, page: number): string {
  const query = new URLSearchParams();
  if (parameters.customerNumber !== '') query.set('kunde', parameters.customerNumber);
  if (parameters.sparte !== '') query.set('sparte', parameters.sparte);
  if (parameters.status !== '') query.set('status', parameters.status);
  if (page > 1) query.set('seite', String(page));
  const text = query.toString();
  return text === '' ? basePath : `${basePath}?${text}`;
}

/** The gross premium with its payment frequency below it. */
export function PremiumText(props: { contract: Pick<ContractView, 'premiumGrossCents' | 'paymentFrequency'> }) {
  return raw(premiumHtml(props.contract, useTranslator()));
}

/** PremiumText as HTML, for tables written as strings. */
export function premiumHtml(
  contract: Pick<ContractView, 'premiumGrossCents' | 'paymentFrequency'>,
  t: Translator,
): string {
  const { premiumGrossCents, paymentFrequency } = contract;
  if (premiumGrossCents === null) {
    return `<span class="muted">${escapedHtml(t('keine Angabe'))}</span>`;
  }
  const amount = escapedHtml(formatEuro(premiumGrossCents, t.language));
  return paymentFrequency === null
    ? amount
    : `${amount}<br/><span class="muted">${escapedHtml(t(FREQUENCY_NAMES[paymentFrequency]))}</span>`;
}

/**
 * The list's rows as one escaped string: Hono's JSX costs about 5 µs for each of a row's dozen elements together,
 * the string a fraction of it, and every page of the list (and the overview, with every active contract) pays it per
 * row.
 */
function contractRowsHtml(
  contracts: readonly ContractListItem[],
  options: { basePath: string; isCustomerShown: boolean; t: Translator },
): HtmlEscapedString {
  const { basePath, isCustomerShown, t } = options;
  let html = '';
  for (const contract of contracts) {
    const sparteName = sparteNameIn(t, contract.sparte);
    const status = escapedHtml(t(STATUS_NAMES[contract.status]));
    html +=
      `<tr><td><a href="${escapedHtml(`${basePath}/${contract.id}`)}">` +
      `${escapedHtml(contract.productName ?? sparteName)}</a><br/><span class="muted">` +
      `${escapedHtml(`${sparteName} · ${contract.insurerName ?? contract.insurerNumber}`)}<br/>` +
      escapedHtml(t('Nr. {number}', { number: contract.policyNumber })) +
      `<span class="narrow-only"><br/>${status}</span>` +
      (isCustomerShown ? `<br/>${escapedHtml(contract.customerName)}` : '') +
      '</span></td>' +
      `<td class="wide-only">${status}</td><td class="amount">${premiumHtml(contract, t)}</td></tr>`;
  }
  return raw(html);
}

function ContractFilters(props: { page: ContractListPage }) {
  const t = useTranslator();
  const { parameters, customers, sparten } = props.page;
  return (
    <FilterForm action={props.page.basePath} submitLabel={t('Anzeigen')}>
      {customers.length > 1 ? (
        <FilterSelect
          id="filter-customer"
          name="kunde"
          label={t('Kunde')}
          value={parameters.customerNumber}
          allLabel={t('Alle')}
          choices={customers.map((customer) => ({
            value: customer.customerNumber,
            label: `${customer.name} (${customer.customerNumber})`,
          }))}
        />
      ) : parameters.customerNumber === '' ? null : (
        <input type="hidden" name="kunde" value={parameters.customerNumber} />
      )}
      <FilterSelect
        id="filter-sparte"
        name="sparte"
        label={t('Sparte')}
        value={parameters.sparte}
        allLabel={t('Alle')}
        choices={sparten.map((sparte) => ({ value: sparte.code, label: sparteNameIn(t, sparte.code) }))}
      />
      <FilterSelect
        id="filter-status"
        name="status"
        label={t('Status')}
        value={parameters.status}
        allLabel={t('Alle')}
        choices={CONTRACT_STATUSES.map((status) => ({ value: status, label: t(STATUS_NAMES[status]) }))}
      />
    </FilterForm>
  );
}

function ContractPager(props: { page: ContractListPage }) {
  const { parameters, pageCount, basePath } = props.page;
  return (
    <NumberedPager
      page={parameters.page}
      pages={pageCount}
      hrefOf={(page) => contractListHref(basePath, parameters, page)}
    />
  );
}

export function ContractListPageView(props: { page: ContractListPage; isIntermediary: boolean; backHref?: string }) {
  const t = useTranslator();
  const { page } = props;
  const isCustomerShown = page.hasSeveralCustomers && page.parameters.customerNumber === '';
  return (
    <section class="stack portfolio">
      <p>
        {props.isIntermediary && props.backHref === undefined ? (
          <a href="/kunden">{t('← Zu den Kunden')}</a>
        ) : (
          <a href={props.backHref ?? '/'}>{t('← Zur Übersicht')}</a>
        )}
      </p>
      <h1>
        {page.customerName === null ? t('Verträge') : t('Verträge von {customer}', { customer: page.customerName })}
      </h1>
      {props.backHref === undefined ? (
        <p>
          <a class="button button-secondary" href="/anliegen/vertrag-erfassen">
            {t('Vertrag erfassen')}
          </a>
        </p>
      ) : null}
      <ContractFilters page={page} />
      <p aria-live="polite">{page.total === 1 ? t('Ein Vertrag') : t('{count} Verträge', { count: page.total })}</p>
      {page.contracts.length === 0 ? (
        <p class="card">{t('Keine Verträge passen zu dieser Auswahl.')}</p>
      ) : (
        <ScrollRegion label={t('Verträge')}>
          <table class="table contract-table">
            <thead>
              <tr>
                <th scope="col">{t('Vertrag')}</th>
                <th scope="col" class="wide-only">
                  {t('Status')}
                </th>
                <th scope="col">{t('Beitrag (brutto)')}</th>
              </tr>
            </thead>
            <tbody>{contractRowsHtml(page.contracts, { basePath: page.basePath, isCustomerShown, t })}</tbody>
          </table>
        </ScrollRegion>
      )}
      <ContractPager page={page} />
    </section>
  );
}

function Entry(props: { label: string; value: string | null | undefined }) {
  if (props.value === null || props.value === undefined || props.value === '') {
    return null;
  }
  return (
    <>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </>
  );
}

function ContactEntry(props: { label: string; person: ContactPerson | null }) {
  const { person } = props;
  if (person === null) {
    return null;
  }
  return (
    <>
      <dt>{props.label}</dt>
      <dd>
        {person.name}
        {person.phone === null ? null : (
          <>
            <br />
            <a href={`tel:${person.phone.replace(/[^+0-9]/g, '')}`}>{person.phone}</a>
          </>
        )}
        {person.email === null ? null : (
          <>
            <br />
            <a href={`mailto:${person.email}`}>{person.email}</a>
          </>
        )}
      </dd>
    </>
  );
}

function addressText(address: ReferenceAddress): string {
  const town = [address.postcode, address.city].filter((part) => part !== null && part !== '').join(' ');
  return [address.street, town, address.country === 'DE' ? null : address.country]
    .filter((part) => part !== null && part !== '')
    .join(', ');
}

/** A contract's page; `children` (its documents) follow the contract's own details. */
export function ContractDetailPage(props: {
  contract: ContractView;
  basePath?: string;
  claimHref?: string | null;
  children?: Child;
}) {
  const t = useTranslator();
  const { contract } = props;
  const date = (value: string | null) => (value === null ? null : formatPartialDate(value, t.language));
  const euro = (cents: number | null) => (cents === null ? null : formatEuro(cents, t.language));
  const isKnownSparte = SPARTEN[contract.sparte] !== undefined;
  const vehicle = contract.risk.vehicle;
  return (
    <section class="stack portfolio">
      <p>
        <a href={props.basePath ?? '/vertraege'}>{t('← Zu den Verträgen')}</a>
      </p>
      <h1>{contract.productName ?? sparteNameIn(t, contract.sparte)}</h1>
      <p class="actions">
        {props.claimHref ? (
          <>
            <a class="button" href={props.claimHref}>
              {t('Schaden melden')}
            </a>{' '}
          </>
        ) : null}
        <a class="button button-secondary" href={`/nachrichten/neu?vertrag=${contract.id}`}>
          {t('Nachricht zu diesem Vertrag')}
        </a>
      </p>
      <div class="card stack">
        <h2>{t('Vertrag')}</h2>
        <dl class="contact-list">
          <Entry label={t('Versicherer')} value={contract.insurerName ?? contract.insurerNumber} />
          <Entry label={t('Versicherer-Nummer')} value={contract.insurerNumber} />
          <Entry label={t('Produkt')} value={contract.productName} />
          <Entry
            label={t('Sparte')}
            value={
              isKnownSparte
                ? `${sparteNameIn(t, contract.sparte)} (${contract.sparte})`
                : t('Sparte {code} (nicht im GDV-Verzeichnis)', { code: contract.sparte })
            }
          />
          <Entry label={t('Vertragsnummer')} value={contract.policyNumber} />
          <Entry label={t('Kunde')} value={`${contract.customerName} (${contract.customerNumber})`} />
          <Entry label={t('Status')} value={t(STATUS_NAMES[contract.status])} />
          <Entry label={t('Kündigungsgrund')} value={contract.cancellation?.reason} />
          <Entry label={t('Storniert zum')} value={date(contract.cancellation?.date ?? null)} />
        </dl>
      </div>
      <div class="card stack">
        <h2>{t('Laufzeit und Beitrag')}</h2>
        <dl class="contact-list">
          <Entry label={t('Beginn')} value={date(contract.startDate)} />
          <Entry label={t('Ablauf')} value={date(contract.endDate)} />
          <Entry label={t('Hauptfälligkeit')} value={date(contract.mainDueDate)} />
          <Entry
            label={t('Zahlweise')}
            value={contract.paymentFrequency === null ? null : t(FREQUENCY_NAMES[contract.paymentFrequency])}
          />
          <Entry label={t('Beitrag netto')} value={euro(contract.premiumNetCents)} />
          <Entry label={t('Beitrag brutto')} value={euro(contract.premiumGrossCents)} />
        </dl>
      </div>
      {contract.risk.description === null && vehicle === null && contract.sumsInsured.length === 0 ? null : (
        <div class="card stack">
          <h2>{t('Versichertes Risiko')}</h2>
          <dl class="contact-list">
            <Entry label={t('Beschreibung')} value={contract.risk.description} />
            <Entry label={t('Kennzeichen')} value={vehicle?.plate} />
            <Entry label={t('HSN')} value={vehicle?.hsn} />
            <Entry label={t('TSN')} value={vehicle?.tsn} />
            <Entry label={t('Fahrzeug-Identifizierungsnummer (FIN)')} value={vehicle?.vin} />
            <Entry label={t('SF-Klasse')} value={vehicle?.noClaimsClass} />
            {contract.sumsInsured.map((sum) => (
              <Entry label={sum.label} value={formatEuro(sum.cents, t.language)} />
            ))}
          </dl>
        </div>
      )}
      {contract.referenceAddresses.length === 0 ? null : (
        <div class="card stack">
          <h2>{t('Risikoorte')}</h2>
          <dl class="contact-list">
            {contract.referenceAddresses.map((address) => (
              <Entry label={address.label} value={addressText(address)} />
            ))}
          </dl>
        </div>
      )}
      {contract.caseHandler === null && contract.adviser === null ? null : (
        <div class="card stack">
          <h2>{t('Ansprechpartner')}</h2>
          <dl class="contact-list">
            <ContactEntry label={t('Sachbearbeitung')} person={contract.caseHandler} />
            <ContactEntry label={t('Betreuung')} person={contract.adviser} />
          </dl>
        </div>
      )}
      {props.children}
    </section>
  );
}
