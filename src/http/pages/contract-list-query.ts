import { CONTRACT_STATUSES } from '../../modules/portfolio/portfolio.js';
import { compareContracts } from '../../modules/portfolio/portfolio-totals.js';
import type { ContractView, CustomerView } from '../../modules/portfolio/portfolio-view.js';
import { CUSTOMER_CHOICES, type ContractListResult } from '../../modules/visibility/visibility-service.js';
import type { ContractListPage, ContractListParameters } from './contract-pages.js';
import type { CustomerListPage } from './portal-customer-pages.js';

/** One page of the contract list and of the customer list. */
export const PORTFOLIO_PAGE_SIZE = 50;

function pageNumberOf(value: string | undefined): number {
  const page = /^[0-9]{1,6}$/.test(value ?? '') ? Number(value) : 1;
  return page < 1 ? 1 : page;
}

/** The address bar's filters; a value that is none of the choices is left out rather than refused. */
export function readContractListParameters(read: (name: string) => string | undefined): ContractListParameters {
  const status = (read('status') ?? '').slice(0, 20);
  const sparte = (read('sparte') ?? '').slice(0, 3);
  return {
    customerNumber: (read('kunde') ?? '').normalize('NFC').trim().slice(0, 40),
    sparte: /^[0-9]{3}$/.test(sparte) ? sparte : '',
    status: (CONTRACT_STATUSES as readonly string[]).includes(status) ? status : '',
    page: pageNumberOf(read('seite')),
  };
}

export function contractListPageOf(
  contracts: readonly ContractView[],
  parameters: ContractListParameters,
  basePath = '/vertraege',
): ContractListPage {
  const sorted = [...contracts].sort(compareContracts);
  const customers = new Map<string, string>();
  const sparten = new Map<string, string>();
  for (const contract of sorted) {
    customers.set(contract.customerNumber, contract.customerName);
    if (parameters.customerNumber === '' || contract.customerNumber === parameters.customerNumber) {
      sparten.set(contract.sparte, contract.sparteName);
    }
  }
  const matching = sorted.filter(
    (contract) =>
      (parameters.customerNumber === '' || contract.customerNumber === parameters.customerNumber) &&
      (parameters.sparte === '' || contract.sparte === parameters.sparte) &&
      (parameters.status === '' || contract.status === parameters.status),
  );
  const pageCount = Math.max(1, Math.ceil(matching.length / PORTFOLIO_PAGE_SIZE));
  const page = Math.min(parameters.page, pageCount);
  return {
    parameters: { ...parameters, page },
    contracts: matching.slice((page - 1) * PORTFOLIO_PAGE_SIZE, page * PORTFOLIO_PAGE_SIZE),
    total: matching.length,
    pageCount,
    customers:
      customers.size > CUSTOMER_CHOICES
        ? []
        : [...customers]
            .map(([customerNumber, name]) => ({ customerNumber, name }))
            .sort((left, right) => left.name.localeCompare(right.name, 'de')),
    hasSeveralCustomers: customers.size > 1,
    sparten: [...sparten]
      .map(([code, name]) => ({ code, name }))
      .sort((left, right) => left.name.localeCompare(right.name, 'de')),
    customerName: parameters.customerNumber === '' ? null : (customers.get(parameters.customerNumber) ?? null),
    basePath,
  };
}

/** The list page from a page the database has filtered, sorted and cut (`visibility.contractListOf`). */
export function contractListPageOfResult(
  result: ContractListResult,
  parameters: ContractListParameters,
  basePath = '/vertraege',
): ContractListPage {
  const byName = <T extends { name: string }>(left: T, right: T) => left.name.localeCompare(right.name, 'de');
  return {
    parameters: { ...parameters, page: result.page },
    contracts: result.contracts,
    total: result.total,
    pageCount: result.pageCount,
    customers: [...result.customers].sort(byName),
    sparten: [...result.sparten].sort(byName),
    hasSeveralCustomers: result.hasSeveralCustomers,
    customerName: result.customerName,
    basePath,
  };
}

/** The address bar's search of the customer list. */
export function readCustomerSearch(read: (name: string) => string | undefined): { search: string; page: number } {
  return { search: (read('suche') ?? '').normalize('NFC').trim().slice(0, 200), page: pageNumberOf(read('seite')) };
}

/**
 * Customers whose name or number contains the search, whatever the case: in memory, from a whole portfolio (the
 * portal's page asks the database, `visibility.customerListOf`, which the tests check against this).
 */
export function customerListPageOf(
  customers: readonly CustomerView[],
  contracts: readonly ContractView[],
  read: (name: string) => string | undefined,
): CustomerListPage {
  const search = (read('suche') ?? '').normalize('NFC').trim().slice(0, 200);
  const needle = search.toLocaleLowerCase('de');
  const counts = new Map<string, number>();
  contracts.forEach((contract) => counts.set(contract.customerNumber, (counts.get(contract.customerNumber) ?? 0) + 1));
  const matching = [...customers]
    .filter(
      (customer) =>
        needle === '' ||
        customer.displayName.toLocaleLowerCase('de').includes(needle) ||
        customer.customerNumber.toLocaleLowerCase('de').includes(needle),
    )
    .sort((left, right) => left.displayName.localeCompare(right.displayName, 'de'));
  const pageCount = Math.max(1, Math.ceil(matching.length / PORTFOLIO_PAGE_SIZE));
  const page = Math.min(pageNumberOf(read('seite')), pageCount);
  return {
    search,
    page,
    pageCount,
    total: matching.length,
    customers: matching
      .slice((page - 1) * PORTFOLIO_PAGE_SIZE, page * PORTFOLIO_PAGE_SIZE)
      .map((customer) => ({ customer, contractCount: counts.get(customer.customerNumber) ?? 0 })),
  };
}
