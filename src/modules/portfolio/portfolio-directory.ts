import type { Database } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import {
  createPortfolioDirectoryQueries,
  type ContractListRow,
  type CustomerKindFilter,
  type CustomerListRow,
} from './portfolio-directory-repo.js';
import { createPortfolioQueries } from './portfolio-repo.js';
import { toCustomerView, type CustomerView } from './portfolio-view.js';
import { customerDisplayName, type ContractStatus } from './portfolio.js';
import { sparteName } from './sparten.js';

/** Customers per page of the workspace's list. */
export const CUSTOMER_PAGE_SIZE = 50;
/** Contracts a search for manual sharing shows at most. */
export const CONTRACT_SEARCH_LIMIT = 25;

export interface CustomerListItem {
  id: string;
  customerNumber: string;
  kind: 'private' | 'business';
  displayName: string;
  place: string | null;
  contractCount: number;
}

/** A contract in a table of the workspace: its key, names to show and the gross premium. */
export interface ContractListItem {
  id: string;
  customerId: string;
  customerNumber: string;
  customerName: string;
  insurerNumber: string;
  insurerName: string | null;
  sparte: string;
  sparteName: string;
  policyNumber: string;
  productName: string | null;
  status: ContractStatus;
  premiumGrossCents: number | null;
}

export interface CustomerPage {
  items: CustomerListItem[];
  total: number;
  page: number;
  pageCount: number;
}

export interface CustomerDetails {
  customer: CustomerView;
  contracts: ContractListItem[];
  grants: Array<{ id: string; name: string; kind: 'customer' | 'intermediary' }>;
}

function toListItem(row: CustomerListRow): CustomerListItem {
  const place = [row.postcode, row.city].filter((part) => part !== null && part !== '').join(' ');
  return {
    id: row.id,
    customerNumber: row.customerNumber,
    kind: row.kind as CustomerListItem['kind'],
    displayName: customerDisplayName(row),
    place: place === '' ? null : place,
    contractCount: row.contractCount,
  };
}

function toContractItem(row: ContractListRow): ContractListItem {
  return {
    id: row.id,
    customerId: row.customerId,
    customerNumber: row.customerNumber,
    customerName: customerDisplayName({ ...row, kind: row.customerKind }),
    insurerNumber: row.insurerNumber,
    insurerName: row.insurerName,
    sparte: row.lineOfBusiness,
    sparteName: sparteName(row.lineOfBusiness),
    policyNumber: row.policyNumber,
    productName: row.productName,
    status: row.status as ContractStatus,
    premiumGrossCents: row.premiumGrossCents,
  };
}

/** Search text as staff type it: NFC, trimmed, at most 100 characters. */
function cleanSearch(search: string): string {
  return search.normalize('NFC').trim().slice(0, 100);
}

/** What staff of a tenant see of its portfolio in the workspace: all of it, and only their own tenant's. */
export function createPortfolioDirectory(deps: { db: Database }) {
  const { db } = deps;
  return {
    async listCustomers(
      tenantId: string,
      query: { search: string; kind: CustomerKindFilter; page: number },
    ): Promise<CustomerPage> {
      const page = Number.isSafeInteger(query.page) && query.page > 0 ? query.page : 1;
      const result = await createPortfolioDirectoryQueries(db).listCustomers(tenantId, {
        search: cleanSearch(query.search),
        kind: query.kind,
        offset: (page - 1) * CUSTOMER_PAGE_SIZE,
        limit: CUSTOMER_PAGE_SIZE,
      });
      return {
        items: result.rows.map(toListItem),
        total: result.total,
        page,
        pageCount: Math.max(1, Math.ceil(result.total / CUSTOMER_PAGE_SIZE)),
      };
    },

    /** A customer of this tenant with contracts and the grants that reach them; any other id is CUSTOMER_NOT_FOUND. */
    async getCustomerDetails(tenantId: string, customerId: string): Promise<CustomerDetails> {
      const queries = createPortfolioQueries(db);
      const row = isUuid(customerId) ? await queries.findCustomerById(tenantId, customerId) : null;
      if (row === null) {
        throw new AppError('CUSTOMER_NOT_FOUND', 'No such customer');
      }
      const directory = createPortfolioDirectoryQueries(db);
      const [addresses, accounts, contractRows, grantRows] = await Promise.all([
        queries.referenceAddressesOf(tenantId, [row.id]),
        queries.intermediaryAccountsOf(tenantId, [row.id]),
        directory.contractsOfCustomer(tenantId, row.id),
        directory.grantsReachingCustomer(tenantId, row),
      ]);
      return {
        customer: toCustomerView(row, addresses.get(row.id) ?? [], accounts.get(row.id) ?? []),
        contracts: contractRows.map(toContractItem),
        grants: grantRows.map((grant) => ({ ...grant, kind: grant.kind as 'customer' | 'intermediary' })),
      };
    },

    /** The contracts shared into a grant by hand (the caller has found the grant in this tenant). */
    async listSharedContracts(tenantId: string, grantId: string): Promise<ContractListItem[]> {
      if (!isUuid(grantId)) {
        return [];
      }
      return (await createPortfolioDirectoryQueries(db).sharedContractsOf(tenantId, grantId)).map(toContractItem);
    },

    /**
     * Which customers and contracts (by 'VU/Sparte/VSNr') of a file are in the portfolio already, for a
     * preview of what an import would create and what it would update. Asked in slices of 1,000.
     */
    async findExisting(
      tenantId: string,
      customerNumbers: string[],
      contractKeys: Array<{ insurerNumber: string; sparte: string; policyNumber: string }>,
    ): Promise<{ customerNumbers: Set<string>; contractKeys: Set<string> }> {
      const queries = createPortfolioDirectoryQueries(db);
      const found = { customerNumbers: new Set<string>(), contractKeys: new Set<string>() };
      const policies = [...new Set(contractKeys.map((key) => key.policyNumber))];
      for (let start = 0; start < Math.max(customerNumbers.length, policies.length); start += 1000) {
        const slice = await queries.findExisting(
          tenantId,
          customerNumbers.slice(start, start + 1000),
          policies.slice(start, start + 1000),
        );
        slice.customerNumbers.forEach((number) => found.customerNumbers.add(number));
        slice.contractKeys.forEach((key) => found.contractKeys.add(key));
      }
      return found;
    },

    async searchContracts(tenantId: string, search: string): Promise<ContractListItem[]> {
      const text = cleanSearch(search);
      if (text === '') {
        return [];
      }
      const rows = await createPortfolioDirectoryQueries(db).searchContracts(tenantId, text, CONTRACT_SEARCH_LIMIT);
      return rows.map(toContractItem);
    },
  };
}
