import type { CustomerListItem } from '../../modules/portfolio/portfolio-view.js';
import { useTranslator } from '../language.js';
import { FilterForm, NumberedPager, ScrollRegion, SearchField } from './components.js';

export interface CustomerListPage {
  search: string;
  page: number;
  pageCount: number;
  total: number;
  customers: { customer: CustomerListItem; contractCount: number }[];
}

/** Where the list's links lead: the portal's own pages, or the same pages in staff's "Ansicht als". */
export interface CustomerListPaths {
  list: string;
  contracts: string;
  back: string;
}

const PORTAL_PATHS: CustomerListPaths = { list: '/kunden', contracts: '/vertraege', back: '/' };

function customerListHref(listPath: string, search: string, page: number): string {
  const query = new URLSearchParams();
  if (search !== '') query.set('suche', search);
  if (page > 1) query.set('seite', String(page));
  const text = query.toString();
  return text === '' ? listPath : `${listPath}?${text}`;
}

/** An intermediary's customers: search by name or number, then a customer's contracts. */
export function CustomerListPageView(props: { page: CustomerListPage; paths?: CustomerListPaths }) {
  const t = useTranslator();
  const { page } = props;
  const paths = props.paths ?? PORTAL_PATHS;
  return (
    <section class="stack portfolio">
      <p>
        <a href={paths.back}>{t('← Zur Übersicht')}</a>
      </p>
      <h1>{t('Kunden')}</h1>
      <FilterForm action={paths.list} submitLabel={t('Suchen')}>
        <SearchField id="customer-search" label={t('Name oder Kundennummer')} value={page.search} maxlength={200} />
      </FilterForm>
      <p aria-live="polite">{page.total === 1 ? t('Ein Kunde') : t('{count} Kunden', { count: page.total })}</p>
      {page.customers.length === 0 ? (
        <p class="card">{t('Keine Kunden passen zu dieser Suche.')}</p>
      ) : (
        <ScrollRegion label={t('Kunden')}>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('Kunde')}</th>
                <th scope="col">{t('Kundennummer')}</th>
                <th scope="col">{t('Ort')}</th>
                <th scope="col">{t('Verträge')}</th>
              </tr>
            </thead>
            <tbody>
              {page.customers.map(({ customer, contractCount }) => (
                <tr>
                  <td>
                    <a href={`${paths.contracts}?kunde=${encodeURIComponent(customer.customerNumber)}`}>
                      {customer.displayName}
                    </a>
                  </td>
                  <td>{customer.customerNumber}</td>
                  <td>
                    {[customer.address.postcode, customer.address.city].filter((part) => part !== null).join(' ')}
                  </td>
                  <td>{contractCount === 1 ? t('Ein Vertrag') : t('{count} Verträge', { count: contractCount })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <NumberedPager
        page={page.page}
        pages={page.pageCount}
        hrefOf={(number) => customerListHref(paths.list, page.search, number)}
      />
    </section>
  );
}
