import { and, asc, eq, exists, getTableColumns, gt, inArray, is, isNotNull, isNull, or, SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { KEEP_PLAN } from '../../db/kept-plans.js';
import { jsonColumnOf } from '../../db/json-column.js';
import { builtOnce } from '../../db/sql-template.js';
import {
  contractShares,
  contracts,
  customerIntermediaryAccounts,
  customers,
  grantCustomers,
  grantMembers,
  grants,
  memberships,
} from '../../db/schema.js';
import type { GrantForVisibility } from './visibility-policy.js';

export type CustomerRow = typeof customers.$inferSelect;
export type CustomerWithAccountsRow = CustomerRow & { intermediaryAccounts: string[] };
export type ContractRow = typeof contracts.$inferSelect;

export interface CustomerReach {
  customerNumbers: string[];
  accountNumbers: string[];
  ids: string[];
}

export interface ContractReach {
  customerIds: string[];
  contractIds: string[];
  contractId?: string;
}

function customerReachOf(db: Database, tenantId: string, reach: CustomerReach) {
  const conditions = [
    reach.customerNumbers.length > 0 ? inArray(customers.customerNumber, reach.customerNumbers) : undefined,
    reach.ids.length > 0 ? inArray(customers.id, reach.ids) : undefined,
    reach.accountNumbers.length > 0
      ? inArray(
          customers.id,
          db
            .select({ id: customerIntermediaryAccounts.customerId })
            .from(customerIntermediaryAccounts)
            .where(
              and(
                eq(customerIntermediaryAccounts.tenantId, tenantId),
                inArray(customerIntermediaryAccounts.accountNumber, reach.accountNumbers),
              ),
            ),
        )
      : undefined,
  ].filter((condition) => condition !== undefined);
  return conditions.length === 0 ? undefined : or(...conditions);
}

function contractReachOf(reach: ContractReach) {
  const conditions = [
    reach.customerIds.length > 0 ? inArray(contracts.customerId, reach.customerIds) : undefined,
    reach.contractIds.length > 0 ? inArray(contracts.id, reach.contractIds) : undefined,
  ].filter((condition) => condition !== undefined);
  return conditions.length === 0 ? undefined : or(...conditions);
}

/**
 * A held grant's columns as `activeGrantsQuery` reads them, by their names in GrantForVisibility. A statement that
 * reads the grants as a table (`createDocumentListDecisionRead`) gets them by their names in SQL (`jsonNameOf`).
 */
const ACTIVE_GRANT_COLUMNS = {
  id: grants.id,
  kind: grants.kind,
  shareContractsAutomatically: grants.shareContractsAutomatically,
  restrictedLinesOfBusiness: grants.restrictedLinesOfBusiness,
  includeReferenceAddresses: grants.includeReferenceAddresses,
  documentProfile: grants.documentProfile,
  includeClaims: grants.includeClaims,
  claimsNeedRelease: grants.claimsNeedRelease,
  claimsWithoutContract: grants.claimsWithoutContract,
  claimsOnly: grants.claimsOnly,
  mayReleaseClaims: grantMembers.mayReleaseClaims,
  shareCases: grants.shareCases,
  numbers: sql<string[]>`array(select gc.customer_number from ${grantCustomers} gc
        where gc.tenant_id = ${grants.tenantId} and gc.grant_id = ${grants.id})`.as('numbers'),
  sharedContractIds: sql<string[]>`array(select cs.contract_id::text from ${contractShares} cs
        where cs.tenant_id = ${grants.tenantId} and cs.grant_id = ${grants.id})`.as('shared_contract_ids'),
};

/** A held grant as `activeGrantsQuery` reads it, without the person. */
type ActiveGrantRow = Omit<Awaited<ReturnType<typeof activeGrantsQuery>>[number], 'identityId'>;

/** The name a column of ACTIVE_GRANT_COLUMNS has in SQL, and so in json. */
const jsonNameOf = (column: (typeof ACTIVE_GRANT_COLUMNS)[keyof typeof ACTIVE_GRANT_COLUMNS]): string =>
  is(column, SQL.Aliased) ? column.fieldAlias : column.name;

const grantOf = (row: ActiveGrantRow): GrantForVisibility => ({ ...row, kind: row.kind as GrantForVisibility['kind'] });

/** A grant of `activeGrantsQuery` read as json, whose keys are the columns' names in SQL. */
function grantOfJson(row: Readonly<Record<string, unknown>>): GrantForVisibility {
  const fields = Object.entries(ACTIVE_GRANT_COLUMNS).map(([field, column]) => [field, row[jsonNameOf(column)]]);
  return grantOf(Object.fromEntries(fields) as ActiveGrantRow);
}

/**
 * The statement of `activeGrantsOfEach`: the grants the people `identities` names hold in the tenant while they have a
 * customer role there that gives access, each grant's customer numbers and contracts shared by hand beside it.
 */
export function activeGrantsQuery(db: Database, tenantId: string, identities: SQL | undefined, now: Date) {
  return db
    .select({ identityId: grantMembers.identityId, ...ACTIVE_GRANT_COLUMNS })
    .from(grantMembers)
    .innerJoin(grants, and(eq(grants.id, grantMembers.grantId), eq(grants.tenantId, grantMembers.tenantId)))
    .where(
      and(
        eq(grantMembers.tenantId, tenantId),
        identities,
        exists(
          db
            .select({ one: sql`1` })
            .from(memberships)
            .where(
              and(
                eq(memberships.tenantId, tenantId),
                eq(memberships.identityId, grantMembers.identityId),
                isNull(memberships.deactivatedAt),
                or(
                  isNotNull(memberships.firstLoginAt),
                  isNull(memberships.invitationUntil),
                  gt(memberships.invitationUntil, now),
                ),
                inArray(memberships.role, ['policyholder', 'intermediary']),
              ),
            ),
        ),
      ),
    );
}

/** The reads visibility needs; each is limited to what the person's grants can reach, never the whole tenant. */
export function createVisibilityQueries(db: Database) {
  return {
    /**
     * The grants a person holds in the tenant while they have a customer role there that gives access: not
     * deactivated, and — before their first login here — within the invitation's time (the login's own rule).
     */
    async activeGrantsOf(tenantId: string, identityId: string, now: Date): Promise<GrantForVisibility[]> {
      return (await createVisibilityQueries(db).activeGrantsOfEach(tenantId, [identityId], now)).get(identityId) ?? [];
    },

    /**
     * `activeGrantsOf` for several people at once, in one statement however many (each grant's customer numbers and
     * contracts shared by hand read beside it); everyone has an entry.
     */
    async activeGrantsOfEach(
      tenantId: string,
      identityIds: readonly string[],
      now: Date,
    ): Promise<Map<string, GrantForVisibility[]>> {
      const held = new Map<string, GrantForVisibility[]>(identityIds.map((identityId) => [identityId, []]));
      if (identityIds.length === 0) {
        return held;
      }
      const rows = await activeGrantsQuery(db, tenantId, inArray(grantMembers.identityId, [...identityIds]), now);
      for (const { identityId, ...row } of rows) {
        held.get(identityId)?.push(grantOf(row));
      }
      return held;
    },

    /**
     * The people of the tenant holding a grant that could reach the customer or the contract: by customer number, by
     * one of the customer's intermediary accounts, or by the contract shared into it. More than see it; the policy
     * decides each of them.
     */
    async peopleReaching(
      tenantId: string,
      place: { customerId: string; contractId: string | null },
    ): Promise<string[]> {
      const customerNumbers = db
        .select({ number: customers.customerNumber })
        .from(customers)
        .where(and(eq(customers.tenantId, tenantId), eq(customers.id, place.customerId)));
      const accountNumbers = db
        .select({ number: customerIntermediaryAccounts.accountNumber })
        .from(customerIntermediaryAccounts)
        .where(
          and(
            eq(customerIntermediaryAccounts.tenantId, tenantId),
            eq(customerIntermediaryAccounts.customerId, place.customerId),
          ),
        );
      const byNumber = db
        .select({ grantId: grantCustomers.grantId })
        .from(grantCustomers)
        .innerJoin(grants, and(eq(grants.id, grantCustomers.grantId), eq(grants.tenantId, grantCustomers.tenantId)))
        .where(
          and(
            eq(grantCustomers.tenantId, tenantId),
            or(
              and(eq(grants.kind, 'customer'), inArray(grantCustomers.customerNumber, customerNumbers)),
              and(eq(grants.kind, 'intermediary'), inArray(grantCustomers.customerNumber, accountNumbers)),
            ),
          ),
        );
      const byShare =
        place.contractId === null
          ? undefined
          : inArray(
              grantMembers.grantId,
              db
                .select({ grantId: contractShares.grantId })
                .from(contractShares)
                .where(and(eq(contractShares.tenantId, tenantId), eq(contractShares.contractId, place.contractId))),
            );
      const rows = await db
        .selectDistinct({ identityId: grantMembers.identityId })
        .from(grantMembers)
        .where(and(eq(grantMembers.tenantId, tenantId), or(inArray(grantMembers.grantId, byNumber), byShare)));
      return rows.map((row) => row.identityId);
    },

    /** The people of one grant of the tenant (more than see what it shows; the policy decides each of them). */
    async membersOfGrant(tenantId: string, grantId: string): Promise<string[]> {
      const rows = await db
        .select({ identityId: grantMembers.identityId })
        .from(grantMembers)
        .where(and(eq(grantMembers.tenantId, tenantId), eq(grantMembers.grantId, grantId)));
      return rows.map((row) => row.identityId);
    },

    /**
     * Customers with one of the numbers, or in one of the intermediary accounts, or with one of the ids; each with
     * its intermediary accounts (the policy decides intermediary grants by them).
     */
    async customersReachable(tenantId: string, reach: CustomerReach): Promise<CustomerWithAccountsRow[]> {
      const condition = customerReachOf(db, tenantId, reach);
      if (condition === undefined) {
        return [];
      }
      return db
        .select({
          ...getTableColumns(customers),
          intermediaryAccounts: sql<string[]>`array(select a.account_number from ${customerIntermediaryAccounts} a
            where a.tenant_id = ${customers.tenantId} and a.customer_id = ${customers.id} order by a.account_number)`,
        })
        .from(customers)
        .where(and(eq(customers.tenantId, tenantId), condition))
        .orderBy(asc(customers.customerNumber));
    },

    /** Contracts of the customers or with the ids; with `contractId`, only that one. */
    async contractsReachable(tenantId: string, reach: ContractReach): Promise<ContractRow[]> {
      const condition = contractReachOf(reach);
      if (condition === undefined) {
        return [];
      }
      return db
        .select()
        .from(contracts)
        .where(
          and(
            eq(contracts.tenantId, tenantId),
            condition,
            reach.contractId === undefined ? undefined : eq(contracts.id, reach.contractId),
          ),
        )
        .orderBy(asc(contracts.lineOfBusiness), asc(contracts.insurerNumber), asc(contracts.policyNumber));
    },

    /**
     * Only what the policy needs to decide whether anything is visible: customers' keys with their accounts,
     * contracts' keys with their Sparte. For the navigation, which asks on every page.
     */
    async keysReachable(
      tenantId: string,
      reach: CustomerReach,
      contractReach: (customerIds: string[]) => ContractReach,
    ): Promise<{
      customers: { id: string; customerNumber: string; intermediaryAccounts: string[] }[];
      contracts: { id: string; customerId: string; sparte: string }[];
    }> {
      const condition = customerReachOf(db, tenantId, reach);
      const customerRows =
        condition === undefined
          ? []
          : await db
              .select({
                id: customers.id,
                customerNumber: customers.customerNumber,
                intermediaryAccounts: sql<string[]>`array(select a.account_number from ${customerIntermediaryAccounts} a
                  where a.tenant_id = ${customers.tenantId} and a.customer_id = ${customers.id})`,
              })
              .from(customers)
              .where(and(eq(customers.tenantId, tenantId), condition));
      const contractCondition = contractReachOf(contractReach(customerRows.map((row) => row.id)));
      const contractRows =
        contractCondition === undefined
          ? []
          : await db
              .select({ id: contracts.id, customerId: contracts.customerId, sparte: contracts.lineOfBusiness })
              .from(contracts)
              .where(and(eq(contracts.tenantId, tenantId), contractCondition));
      return {
        customers: customerRows,
        contracts: contractRows,
      };
    },
  };
}

/** A customer as the document list's decision reads it: what the policy and the list's names need. */
export interface ReachedCustomerRow {
  id: string;
  customerNumber: string;
  kind: string;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  intermediaryAccounts: string[];
}

/** A contract as the document list's decision reads it: what the policy and the list's names need. */
export interface ReachedContractRow {
  id: string;
  customerId: string;
  sparte: string;
  policyNumber: string;
  productName: string | null;
}

/** What `createDocumentListDecisionRead` reads: the grants, what they reach, and the caller's column. */
export interface DocumentListDecisionRows {
  grants: GrantForVisibility[];
  /** The customers the grants reach, by customer number. */
  customers: ReachedCustomerRow[];
  /** The contracts they reach (of those customers when a grant shares automatically, and shared by hand). */
  contracts: ReachedContractRow[];
  alsoRead: unknown;
}

/** A column read besides the decision (the navigation's flags), made from the person's values. */
export type AlsoReadColumn = (tenantId: string, identityId: string, now: Date) => SQL;

/**
 * The document list's decision in one statement: the person's grants (`activeGrantsQuery`, the same rule), the
 * customers they reach with their intermediary accounts, the contracts they reach, and `alsoRead` (the navigation's
 * flags), each as a json column. Read as four statements (the grants, the customers, the contracts, the navigation)
 * these were four round trips on every list page, and each cost Portico more CPU to send and answer than the database
 * to run. The same reads as `customersReachable` and `contractsReachable` with the keys `decide` passes them, only the
 * columns the list needs; the policy still decides in memory. Built once (its text does not depend on the person)
 * and its plan kept on each connection; the keys are compared as arrays (`= any(array(…))`), so that the kept plan
 * looks customers and contracts up in their indexes instead of filtering all of the tenant's.
 */
export function createDocumentListDecisionRead(
  db: Database,
  alsoRead: AlsoReadColumn,
): (tenantId: string, identityId: string, now: Date) => Promise<DocumentListDecisionRows> {
  const statement = builtOnce<{ tenantId: string; identityId: string; now: Date }>(
    { tenantId: 'id', identityId: 'id', now: 'time' },
    ({ tenantId, identityId, now }) => sql`${KEEP_PLAN}
      with g as (${activeGrantsQuery(db, tenantId, eq(grantMembers.identityId, identityId), now)}),
      reached as (
        select c.id, c.customer_number as "customerNumber", c.kind, c.first_name as "firstName",
               c.last_name as "lastName", c.company_name as "companyName",
               array(select a.account_number from ${customerIntermediaryAccounts} a
                      where a.tenant_id = c.tenant_id and a.customer_id = c.id
                      order by a.account_number) as "intermediaryAccounts"
          from ${customers} c
         where c.tenant_id = ${tenantId}
           and (c.customer_number = any(array(select unnest(g.numbers) from g where g.kind = 'customer'))
                or c.id = any(array(
                  select a.customer_id from ${customerIntermediaryAccounts} a
                   where a.tenant_id = ${tenantId}
                     and a.account_number = any(array(
                       select unnest(g.numbers) from g where g.kind = 'intermediary')))))),
      shown as (
        select k.id, k.customer_id as "customerId", k.line_of_business as "sparte", k.insurer_number,
               k.policy_number as "policyNumber", k.product_name as "productName"
          from ${contracts} k
         where k.tenant_id = ${tenantId}
           and (k.customer_id = any(array(
                  select r.id from reached r where exists (select 1 from g where g.share_contracts_automatically)))
                or k.id = any(array(select unnest(g.shared_contract_ids)::uuid from g))))
      select (select coalesce(json_agg(g), '[]') from g) as "grants",
             (select coalesce(json_agg(r order by r."customerNumber"), '[]') from reached r) as "customers",
             (select coalesce(json_agg(json_build_object('id', s.id, 'customerId', s."customerId", 'sparte', s.sparte,
                       'policyNumber', s."policyNumber", 'productName', s."productName")
                     order by s.sparte, s.insurer_number, s."policyNumber"), '[]')
                from shown s) as "contracts",
             ${alsoRead(tenantId, identityId, now)} as "alsoRead"`,
  );
  return async (tenantId, identityId, now) => {
    const result = await db.execute(statement({ tenantId, identityId, now }));
    const [row] = (result as { rows: Record<'grants' | 'customers' | 'contracts' | 'alsoRead', unknown>[] }).rows;
    return {
      grants: jsonColumnOf((row?.grants ?? []) as Record<string, unknown>[]).map(grantOfJson),
      customers: jsonColumnOf((row?.customers ?? []) as ReachedCustomerRow[]),
      contracts: jsonColumnOf((row?.contracts ?? []) as ReachedContractRow[]),
      alsoRead: row?.alsoRead ?? null,
    };
  };
}
