import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import {
  contractShares,
  contracts,
  customerIntermediaryAccounts,
  customers,
  grantCustomers,
  grants,
} from '../../db/schema.js';

export type CustomerKindFilter = 'private' | 'business' | null;

export interface CustomerListRow {
  id: string;
  customerNumber: string;
  kind: string;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  postcode: string | null;
  city: string | null;
  contractCount: number;
}

export interface ContractListRow {
  id: string;
  customerId: string;
  customerNumber: string;
  customerKind: string;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  insurerNumber: string;
  insurerName: string | null;
  lineOfBusiness: string;
  policyNumber: string;
  productName: string | null;
  status: string;
  premiumGrossCents: number | null;
}

/** `%`, `_` and `\` are pattern characters of LIKE; a search for them means the characters themselves. */
function likePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** The name staff sort and search by: the company, else last and first name. */
const sortName = sql`lower(coalesce(${customers.companyName}, concat_ws(' ', ${customers.lastName}, ${customers.firstName})))`;

function customerSearch(tenantId: string, search: string, kind: CustomerKindFilter): SQL | undefined {
  const pattern = `%${likePattern(search)}%`;
  return and(
    eq(customers.tenantId, tenantId),
    kind === null ? undefined : eq(customers.kind, kind),
    search === ''
      ? undefined
      : or(
          ilike(customers.customerNumber, `${likePattern(search)}%`),
          ilike(customers.companyName, pattern),
          ilike(sql`concat_ws(' ', ${customers.firstName}, ${customers.lastName})`, pattern),
          ilike(sql`concat_ws(' ', ${customers.lastName}, ${customers.firstName})`, pattern),
        ),
  );
}

const contractColumns = {
  id: contracts.id,
  customerId: contracts.customerId,
  customerNumber: customers.customerNumber,
  customerKind: customers.kind,
  firstName: customers.firstName,
  lastName: customers.lastName,
  companyName: customers.companyName,
  insurerNumber: contracts.insurerNumber,
  insurerName: contracts.insurerName,
  lineOfBusiness: contracts.lineOfBusiness,
  policyNumber: contracts.policyNumber,
  productName: contracts.productName,
  status: contracts.status,
  premiumGrossCents: contracts.premiumGrossCents,
};

/** The workspace's reads of the portfolio: staff see the whole portfolio of their own tenant, nothing else. */
export function createPortfolioDirectoryQueries(db: Database) {
  return {
    /** One page of customers by name, and how many match: offset paging, counted in the database. */
    async listCustomers(
      tenantId: string,
      query: { search: string; kind: CustomerKindFilter; offset: number; limit: number },
    ): Promise<{ rows: CustomerListRow[]; total: number }> {
      const where = customerSearch(tenantId, query.search, query.kind);
      const [rows, [count]] = await Promise.all([
        db
          .select({
            id: customers.id,
            customerNumber: customers.customerNumber,
            kind: customers.kind,
            firstName: customers.firstName,
            lastName: customers.lastName,
            companyName: customers.companyName,
            postcode: customers.postcode,
            city: customers.city,
            contractCount: sql<number>`(select count(*)::int from ${contracts} where ${contracts.tenantId} = ${tenantId} and ${contracts.customerId} = ${customers.id})`,
          })
          .from(customers)
          .where(where)
          .orderBy(sortName, asc(customers.customerNumber))
          .limit(query.limit)
          .offset(query.offset),
        db
          .select({ value: sql<number>`count(*)::int` })
          .from(customers)
          .where(where),
      ]);
      return { rows, total: count?.value ?? 0 };
    },

    async contractsOfCustomer(tenantId: string, customerId: string): Promise<ContractListRow[]> {
      return db
        .select(contractColumns)
        .from(contracts)
        .innerJoin(customers, and(eq(customers.id, contracts.customerId), eq(customers.tenantId, tenantId)))
        .where(and(eq(contracts.tenantId, tenantId), eq(contracts.customerId, customerId)))
        .orderBy(asc(contracts.lineOfBusiness), asc(contracts.insurerNumber), asc(contracts.policyNumber));
    },

    /**
     * The grants that reach a customer: customer grants naming their number, intermediary grants naming
     * one of their accounts, and grants one of their contracts is shared into by hand.
     */
    async grantsReachingCustomer(
      tenantId: string,
      customer: { id: string; customerNumber: string },
    ): Promise<Array<{ id: string; name: string; kind: string }>> {
      const accounts = db
        .select({ accountNumber: customerIntermediaryAccounts.accountNumber })
        .from(customerIntermediaryAccounts)
        .where(
          and(
            eq(customerIntermediaryAccounts.tenantId, tenantId),
            eq(customerIntermediaryAccounts.customerId, customer.id),
          ),
        );
      const byNumber = db
        .select({ grantId: grantCustomers.grantId })
        .from(grantCustomers)
        .innerJoin(grants, and(eq(grants.id, grantCustomers.grantId), eq(grants.tenantId, tenantId)))
        .where(
          and(
            eq(grantCustomers.tenantId, tenantId),
            or(
              and(eq(grants.kind, 'customer'), eq(grantCustomers.customerNumber, customer.customerNumber)),
              and(eq(grants.kind, 'intermediary'), inArray(grantCustomers.customerNumber, accounts)),
            ),
          ),
        );
      const byShare = db
        .select({ grantId: contractShares.grantId })
        .from(contractShares)
        .innerJoin(contracts, and(eq(contracts.id, contractShares.contractId), eq(contracts.tenantId, tenantId)))
        .where(and(eq(contractShares.tenantId, tenantId), eq(contracts.customerId, customer.id)));
      return db
        .select({ id: grants.id, name: grants.name, kind: grants.kind })
        .from(grants)
        .where(and(eq(grants.tenantId, tenantId), or(inArray(grants.id, byNumber), inArray(grants.id, byShare))))
        .orderBy(asc(grants.name));
    },

    /** Which of these customer numbers and contract keys ('VU/Sparte/VSNr') the tenant's portfolio has already. */
    async findExisting(
      tenantId: string,
      customerNumbers: string[],
      policyNumbers: string[],
    ): Promise<{ customerNumbers: Set<string>; contractKeys: Set<string> }> {
      const [customerRows, contractRows] = await Promise.all([
        customerNumbers.length === 0
          ? []
          : db
              .select({ customerNumber: customers.customerNumber })
              .from(customers)
              .where(and(eq(customers.tenantId, tenantId), inArray(customers.customerNumber, customerNumbers))),
        policyNumbers.length === 0
          ? []
          : db
              .select({
                insurerNumber: contracts.insurerNumber,
                lineOfBusiness: contracts.lineOfBusiness,
                policyNumber: contracts.policyNumber,
              })
              .from(contracts)
              .where(and(eq(contracts.tenantId, tenantId), inArray(contracts.policyNumber, policyNumbers))),
      ]);
      return {
        customerNumbers: new Set(customerRows.map((row) => row.customerNumber)),
        contractKeys: new Set(
          contractRows.map((row) => `${row.insurerNumber}/${row.lineOfBusiness}/${row.policyNumber}`),
        ),
      };
    },

    /** Contracts shared into a grant by hand. */
    async sharedContractsOf(tenantId: string, grantId: string): Promise<ContractListRow[]> {
      return db
        .select(contractColumns)
        .from(contractShares)
        .innerJoin(contracts, and(eq(contracts.id, contractShares.contractId), eq(contracts.tenantId, tenantId)))
        .innerJoin(customers, and(eq(customers.id, contracts.customerId), eq(customers.tenantId, tenantId)))
        .where(and(eq(contractShares.tenantId, tenantId), eq(contractShares.grantId, grantId)))
        .orderBy(asc(customers.customerNumber), asc(contracts.lineOfBusiness), asc(contracts.policyNumber));
    },

    /** Contracts of the tenant by VSNr, customer number (from the start) or customer name, for sharing by hand. */
    async searchContracts(tenantId: string, search: string, limit: number): Promise<ContractListRow[]> {
      const pattern = `%${likePattern(search)}%`;
      return db
        .select(contractColumns)
        .from(contracts)
        .innerJoin(customers, and(eq(customers.id, contracts.customerId), eq(customers.tenantId, tenantId)))
        .where(
          and(
            eq(contracts.tenantId, tenantId),
            or(
              ilike(contracts.policyNumber, pattern),
              ilike(customers.customerNumber, `${likePattern(search)}%`),
              ilike(customers.companyName, pattern),
              ilike(sql`concat_ws(' ', ${customers.firstName}, ${customers.lastName})`, pattern),
              ilike(sql`concat_ws(' ', ${customers.lastName}, ${customers.firstName})`, pattern),
            ),
          ),
        )
        .orderBy(asc(customers.customerNumber), asc(contracts.lineOfBusiness), asc(contracts.policyNumber))
        .limit(limit);
    },
  };
}
