import {
  and,
  asc,
  eq,
  exists,
  getTableColumns,
  gt,
  inArray,
  isNotNull,
  isNull,
  or,
  sql,
  type Placeholder,
  type SQL,
} from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import {
  contractShares,
  contracts,
  customerIntermediaryAccounts,
  customerReferenceAddresses,
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
export type ReferenceAddressRow = typeof customerReferenceAddresses.$inferSelect;

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
 * The statement of `activeGrantsOfEach`: the grants the people `identities` names hold in the tenant while they have a
 * customer role there that gives access, each grant's customer numbers and contracts shared by hand beside it. The
 * tenant and the time may be placeholders, for a statement prepared once (`createPreparedDecisionReads`).
 */
export function activeGrantsQuery(
  db: Database,
  tenantId: string | Placeholder,
  identities: SQL | undefined,
  now: Date | Placeholder,
) {
  return db
    .select({
      identityId: grantMembers.identityId,
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
        where gc.tenant_id = ${grants.tenantId} and gc.grant_id = ${grants.id})`,
      sharedContractIds: sql<string[]>`array(select cs.contract_id::text from ${contractShares} cs
        where cs.tenant_id = ${grants.tenantId} and cs.grant_id = ${grants.id})`,
    })
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
        held.get(identityId)?.push({ ...row, kind: row.kind as GrantForVisibility['kind'] });
      }
      return held;
    },

    /** The members of the grant with "darf Schadenmeldungen freigeben"; whether their access is open is not asked. */
    async claimReleaseRightHolders(tenantId: string, grantId: string): Promise<string[]> {
      const rows = await db
        .select({ identityId: grantMembers.identityId })
        .from(grantMembers)
        .where(
          and(
            eq(grantMembers.tenantId, tenantId),
            eq(grantMembers.grantId, grantId),
            eq(grantMembers.mayReleaseClaims, true),
          ),
        );
      return rows.map((row) => row.identityId);
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

    /** The reference addresses (Risikoorte) of the customers, each customer's in their order. */
    async referenceAddressesOf(tenantId: string, customerIds: string[]): Promise<Map<string, ReferenceAddressRow[]>> {
      const addresses = new Map<string, ReferenceAddressRow[]>();
      if (customerIds.length === 0) {
        return addresses;
      }
      const rows = await db
        .select()
        .from(customerReferenceAddresses)
        .where(
          and(
            eq(customerReferenceAddresses.tenantId, tenantId),
            inArray(customerReferenceAddresses.customerId, customerIds),
          ),
        )
        .orderBy(asc(customerReferenceAddresses.position));
      rows.forEach((row) => addresses.set(row.customerId, [...(addresses.get(row.customerId) ?? []), row]));
      return addresses;
    },
  };
}

/** The reads of a person's decision (`decide` of the visibility service), as `createVisibilityQueries` has them. */
export interface DecisionReads {
  activeGrantsOf(tenantId: string, identityId: string, now: Date): Promise<GrantForVisibility[]>;
  customersReachable(tenantId: string, reach: CustomerReach): Promise<CustomerWithAccountsRow[]>;
  contractsReachable(tenantId: string, reach: ContractReach): Promise<ContractRow[]>;
}

const placeholder = sql.placeholder;

/**
 * The decision's three reads as statements built and prepared once per process: the same columns, conditions and
 * order as `createVisibilityQueries`, with the ids and numbers bound as arrays so that one text serves every person.
 * Building the three statements anew took about a millisecond of Portico's CPU on each document list page, and
 * PostgreSQL parsed and planned each of them again; prepared, each connection parses a statement once and then only
 * binds it. A reach without any key reads nothing, as there.
 */
export function createPreparedDecisionReads(db: Database): DecisionReads {
  const grantsOf = activeGrantsQuery(
    db,
    placeholder('tenantId'),
    eq(grantMembers.identityId, placeholder('identityId')),
    placeholder('now'),
  ).prepare('visibility_decision_grants');
  const customersOf = db
    .select({
      ...getTableColumns(customers),
      intermediaryAccounts: sql<string[]>`array(select a.account_number from ${customerIntermediaryAccounts} a
        where a.tenant_id = ${customers.tenantId} and a.customer_id = ${customers.id} order by a.account_number)`,
    })
    .from(customers)
    .where(
      and(
        eq(customers.tenantId, placeholder('tenantId')),
        sql`(${customers.customerNumber} = any(${placeholder('customerNumbers')}::text[])
          or ${customers.id} = any(${placeholder('ids')}::uuid[])
          or ${customers.id} in (select a.customer_id from ${customerIntermediaryAccounts} a
               where a.tenant_id = ${placeholder('tenantId')}
                 and a.account_number = any(${placeholder('accountNumbers')}::text[])))`,
      ),
    )
    .orderBy(asc(customers.customerNumber))
    .prepare('visibility_decision_customers');
  const contractsOf = db
    .select()
    .from(contracts)
    .where(
      and(
        eq(contracts.tenantId, placeholder('tenantId')),
        sql`(${contracts.customerId} = any(${placeholder('customerIds')}::uuid[])
          or ${contracts.id} = any(${placeholder('contractIds')}::uuid[]))`,
      ),
    )
    .orderBy(asc(contracts.lineOfBusiness), asc(contracts.insurerNumber), asc(contracts.policyNumber))
    .prepare('visibility_decision_contracts');

  return {
    async activeGrantsOf(tenantId, identityId, now) {
      const rows = await grantsOf.execute({ tenantId, identityId, now: now.toISOString() });
      return rows.map(({ identityId: _identity, ...row }) => ({
        ...row,
        kind: row.kind as GrantForVisibility['kind'],
      }));
    },

    async customersReachable(tenantId, reach) {
      if (reach.customerNumbers.length === 0 && reach.accountNumbers.length === 0 && reach.ids.length === 0) {
        return [];
      }
      return customersOf.execute({
        tenantId,
        customerNumbers: reach.customerNumbers,
        ids: reach.ids,
        accountNumbers: reach.accountNumbers,
      });
    },

    async contractsReachable(tenantId, reach) {
      if (reach.contractId !== undefined) {
        throw new Error('the prepared decision reads every contract the grants reach, not one of them');
      }
      if (reach.customerIds.length === 0 && reach.contractIds.length === 0) {
        return [];
      }
      return contractsOf.execute({ tenantId, customerIds: reach.customerIds, contractIds: reach.contractIds });
    },
  };
}
