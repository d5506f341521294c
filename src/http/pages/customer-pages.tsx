import type { Child } from 'hono/jsx';
import type { CustomerView } from '../../modules/portfolio/portfolio-view.js';
import type { ContractListItem, CustomerListItem, CustomerPage } from '../../modules/portfolio/portfolio-directory.js';
import type { ContactPerson, ContractStatus } from '../../modules/portfolio/portfolio.js';
import { message, type Message, type Translator } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import { AdminNav } from './admin-nav.js';
import { FilterForm, FilterSelect, NumberedPager, ScrollRegion, SearchField } from './components.js';
import { sparteNameIn } from './sparte-names.js';

type Role = 'staff_admin' | 'staff_user';

export const CUSTOMER_KIND_NAMES: Record<CustomerListItem['kind'], Message> = {
  private: message('Privat'),
  business: message('Gewerblich'),
};

export const CONTRACT_STATUS_NAMES: Record<ContractStatus, Message> = {
  active: message('Aktiv'),
  cancelled: message('Storniert'),
  dormant: message('Ruhend'),
};

/** Euro and cent in the page's language; '–' when the CRM sent no premium. */
export function premiumText(t: Translator, cents: number | null): string {
  if (cents === null) {
    return '–';
  }
  return new Intl.NumberFormat(t.language === 'en' ? 'en-GB' : 'de-DE', { style: 'currency', currency: 'EUR' }).format(
    cents / 100,
  );
}

export interface CustomerListParameters {
  search: string;
  kind: string;
}

function pageHref(parameters: CustomerListParameters, page: number): string {
  const query = new URLSearchParams();
  if (parameters.search !== '') query.set('suche', parameters.search);
  if (parameters.kind !== '') query.set('art', parameters.kind);
  if (page > 1) query.set('seite', String(page));
  const text = query.toString();
  return text === '' ? '/admin/customers' : `/admin/customers?${text}`;
}

export function CustomersPage(props: { role: Role; list: CustomerPage; parameters: CustomerListParameters }) {
  const t = useTranslator();
  const { list, parameters } = props;
  return (
    <section class="stack admin">
      <AdminNav current="customers" role={props.role} />
      <h1>{t('Verwaltung: Kunden')}</h1>
      <FilterForm action="/admin/customers" submitLabel={t('Suchen')}>
        <SearchField id="filter-customer" label={t('Name oder Kundennummer')} value={parameters.search} />
        <FilterSelect
          id="filter-kind"
          name="art"
          label={t('Art')}
          value={parameters.kind}
          allLabel={t('Alle')}
          choices={[
            { value: 'privat', label: t('Privat') },
            { value: 'gewerblich', label: t('Gewerblich') },
          ]}
        />
      </FilterForm>
      <p id="customer-count">
        {list.total === 1 ? t('1 Kunde') : t('{count} Kunden', { count: list.total })}
        {list.pageCount > 1 ? ` · ${t('Seite {page} von {pages}', { page: list.page, pages: list.pageCount })}` : ''}
      </p>
      {list.items.length === 0 ? (
        <p>{t('Keine Kunden gefunden.')}</p>
      ) : (
        <ScrollRegion label={t('Kunden')}>
          <table class="table">
            <caption class="visually-hidden">{t('Kunden dieses Portals')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Name')}</th>
                <th scope="col">{t('Kundennummer')}</th>
                <th scope="col">{t('Art')}</th>
                <th scope="col">{t('Ort')}</th>
                <th scope="col">{t('Verträge')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((customer) => (
                <tr>
                  <th scope="row">
                    <a href={`/admin/customers/${customer.id}`}>{customer.displayName || customer.customerNumber}</a>
                  </th>
                  <td>{customer.customerNumber}</td>
                  <td>{t(CUSTOMER_KIND_NAMES[customer.kind])}</td>
                  <td>{customer.place ?? '–'}</td>
                  <td>{t.number(customer.contractCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <NumberedPager page={list.page} pages={list.pageCount} hrefOf={(page) => pageHref(parameters, page)} />
    </section>
  );
}

/** Contracts as a table: Sparte, insurer, product, VSNr, status, gross premium; `action` adds a last column. */
export function ContractTable(props: {
  label: string;
  contracts: ContractListItem[];
  showCustomer?: boolean;
  action?: (contract: ContractListItem) => unknown;
  actionLabel?: string;
}) {
  const t = useTranslator();
  return (
    <ScrollRegion label={props.label}>
      <table class="table">
        <caption class="visually-hidden">{props.label}</caption>
        <thead>
          <tr>
            {props.showCustomer === true ? <th scope="col">{t('Kunde')}</th> : null}
            <th scope="col">{t('Sparte')}</th>
            <th scope="col">{t('Versicherer')}</th>
            <th scope="col">{t('Produkt')}</th>
            <th scope="col">{t('VSNr')}</th>
            <th scope="col">{t('Status')}</th>
            <th scope="col">{t('Bruttobeitrag')}</th>
            {props.action === undefined ? null : <th scope="col">{props.actionLabel ?? t('Aktionen')}</th>}
          </tr>
        </thead>
        <tbody>
          {props.contracts.map((contract) => (
            <tr>
              {props.showCustomer === true ? (
                <td>
                  <a href={`/admin/customers/${contract.customerId}`}>
                    {contract.customerName || contract.customerNumber}
                  </a>
                  <span class="muted">{` (${contract.customerNumber})`}</span>
                </td>
              ) : null}
              <td>{sparteLabel(t, contract.sparte)}</td>
              <td>{contract.insurerName ?? contract.insurerNumber}</td>
              <td>{contract.productName ?? '–'}</td>
              <td>{contract.policyNumber}</td>
              <td>{t(CONTRACT_STATUS_NAMES[contract.status])}</td>
              <td>{premiumText(t, contract.premiumGrossCents)}</td>
              {props.action === undefined ? null : <td>{props.action(contract)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function contactText(person: ContactPerson | null): string {
  if (person === null) {
    return '–';
  }
  return [person.name, person.email, person.phone].filter((part) => part !== null && part !== '').join(' · ');
}

export interface GrantWithPeople {
  id: string;
  name: string;
  people: Array<{ id: string; name: string; email: string; state: Message }>;
  total: number;
}

function MasterData(props: { customer: CustomerView }) {
  const t = useTranslator();
  const { customer } = props;
  const address = [customer.address.street, [customer.address.postcode, customer.address.city].join(' ').trim()]
    .filter((part) => part !== null && part !== '')
    .join(', ');
  const rows: Array<[string, string]> = [
    [t('Kundennummer'), customer.customerNumber],
    [t('Art'), t(CUSTOMER_KIND_NAMES[customer.kind])],
    ...(customer.dateOfBirth === null ? [] : [[t('Geburtsdatum'), customer.dateOfBirth] as [string, string]]),
    [t('Anschrift'), address === '' ? '–' : address],
    [t('E-Mail-Adressen'), customer.emailAddresses.length === 0 ? '–' : customer.emailAddresses.join(', ')],
    [t('Telefon'), customer.phone ?? '–'],
    [t('Sachbearbeiter'), contactText(customer.caseHandler)],
    [t('Berater'), contactText(customer.adviser)],
  ];
  return (
    <dl class="details" id="customer-master-data">
      {rows.map(([term, value]) => (
        <>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}

export function CustomerDetailPage(props: {
  role: Role;
  customer: CustomerView;
  contracts: ContractListItem[];
  grants: GrantWithPeople[];
  /** The customer's documents and their upload form. */
  documents?: Child;
}) {
  const t = useTranslator();
  const { customer } = props;
  return (
    <section class="stack admin">
      <AdminNav current="customers" role={props.role} />
      <p>
        <a href="/admin/customers">{t('← Alle Kunden')}</a>
      </p>
      <h1>{customer.displayName || customer.customerNumber}</h1>
      <div class="card stack">
        <h2>{t('Stammdaten')}</h2>
        <MasterData customer={customer} />
      </div>
      <div class="card stack">
        <h2>{t('Referenzadressen')}</h2>
        {customer.referenceAddresses.length === 0 ? (
          <p>{t('Keine Referenzadressen.')}</p>
        ) : (
          <ul class="list">
            {customer.referenceAddresses.map((address) => (
              <li>
                <strong>{address.label}</strong>{' '}
                <span class="muted">
                  {[address.street, [address.postcode, address.city].join(' ').trim()]
                    .filter((part) => part !== null && part !== '')
                    .join(', ')}
                </span>
              </li>
            ))}
          </ul>
        )}
        <h2>{t('Vermittlerkonten')}</h2>
        <p>{customer.intermediaryAccounts.length === 0 ? '–' : customer.intermediaryAccounts.join(', ')}</p>
      </div>
      <div class="card stack">
        <h2>{t('Verträge ({count})', { count: props.contracts.length })}</h2>
        {props.contracts.length === 0 ? (
          <p>{t('Keine Verträge.')}</p>
        ) : (
          <ContractTable label={t('Verträge des Kunden')} contracts={props.contracts} />
        )}
      </div>
      {props.documents}
      <div class="card stack" id="customer-access">
        <h2>{t('Freischaltungen und Zugang')}</h2>
        {props.grants.length === 0 ? (
          <p>{t('Keine Freischaltung umfasst diesen Kunden.')}</p>
        ) : (
          props.grants.map((grant) => (
            <div class="stack">
              <h3>
                <a href={`/admin/grants/${grant.id}`}>{grant.name}</a>
              </h3>
              {grant.people.length === 0 ? (
                <p class="muted">{t('Noch niemand hat Zugang über diese Freischaltung.')}</p>
              ) : (
                <ul class="list">
                  {grant.people.map((person) => (
                    <li>
                      <a href={`/admin/people/${person.id}`}>{person.name}</a>{' '}
                      <span class="muted">{`${person.email} · ${t(person.state)}`}</span>
                    </li>
                  ))}
                </ul>
              )}
              {grant.total > grant.people.length ? (
                <p>
                  <a href={`/admin/people?freischaltung=${grant.id}`}>
                    {t('Alle {count} Personen dieser Freischaltung', { count: grant.total })}
                  </a>
                </p>
              ) : null}
            </div>
          ))
        )}
      </div>
    </section>
  );
}

/** A Sparte as code and name in the page's language; codes outside the GDV table read "Sparte 123". */
export function sparteLabel(t: Translator, code: string): string {
  return `${code} ${sparteNameIn(t, code)}`;
}
