import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { contracts, customerIntermediaryAccounts, customers, grantMembers } from '../../db/schema.js';
import type { GrantForVisibility } from './visibility-policy.js';
import {
  activeGrantsQuery,
  type ContractReach,
  type ContractRow,
  type CustomerReach,
  type CustomerWithAccountsRow,
} from './visibility-repo.js';

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
