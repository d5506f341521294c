import { sql, type SQL } from 'drizzle-orm';
import { besidesTheKey } from '../../db/kept-plans.js';
import type { ContentVersions } from '../../db/content-versions.js';
import { contractShares, contracts, customerIntermediaryAccounts, customers } from '../../db/schema.js';
import { heldGrantsStatement, type HeldGrantRow } from './visible-portfolio-repo.js';

/**
 * One claim's decision read inside the claim's own statement: the person's grants and the keys the policy needs of
 * the claim's customer and contract, and nothing else of the portfolio. The pure policy then decides from them (the
 * policy decides each customer and contract by itself, so a decision over these few says of this claim what one over
 * the whole portfolio would), and a claim's page costs one statement instead of one for the claim and six for the
 * person's whole portfolio.
 */

/** Where the claim is, as columns of the statement the decision is read in (the claim's contract may be null). */
export interface ClaimPlaceSql {
  contractId: SQL;
  customerId: SQL;
}

/** A held grant with the contracts shared into it by hand, limited to the claim's contract. */
export type ClaimGrantRow = HeldGrantRow & { sharedContractIds: string[] };

export interface ClaimKeysRow {
  grants: ClaimGrantRow[];
  /** The claim's customer and, when another, the owner of its contract now, with their intermediary accounts. */
  customers: { id: string; customerNumber: string; intermediaryAccounts: string[] }[];
  /** The claim's contract, with what its name shows; null without one. */
  contract: {
    id: string;
    customerId: string;
    sparte: string;
    productName: string | null;
    policyNumber: string;
  } | null;
  /** Whether an intermediary grant that shows the portfolio reaches any customer (the navigation's "Kunden"). */
  hasIntermediaryCustomers?: boolean;
  /** The tenant's content versions, when asked for: what the navigation's flags kept for the person must match. */
  contentVersions?: Partial<ContentVersions> | string | null;
}

/** The column in place of a claim's decision for an identity that cannot hold a grant (not an id): no grants. */
export const NO_CLAIM_KEYS: SQL = sql`null`;

/**
 * The claim's keys and the person's grants as one json column (`ClaimKeysRow`), for the claim's statement. `page` adds
 * what a claim's page shows besides: whether an intermediary grant reaches customers, and the tenant's content versions
 * (`contentVersions`, a column built by `src/db/content-versions.ts`), at which the navigation's flags kept for the
 * person are current.
 */
export function claimKeysColumn(
  tenantId: string,
  identityId: string,
  now: Date,
  place: ClaimPlaceSql,
  page?: { contentVersions: SQL },
): SQL {
  // The rows are found by their ids; the tenant's condition must not make a kept plan read the tenant's every row.
  const ofTenant = (alias: SQL) => besidesTheKey(sql`${alias}.tenant_id = ${tenantId}`);
  const contractOwner = sql`(select k.customer_id from ${contracts} k
                              where k.id = ${place.contractId} and ${ofTenant(sql`k`)})`;
  const pageKeys =
    page === undefined
      ? sql``
      : sql`,
        'hasIntermediaryCustomers', exists (
          select 1 from held h
            join ${customerIntermediaryAccounts} a on a.tenant_id = ${tenantId} and a.account_number = any(h.numbers)
           where h.kind = 'intermediary' and not h."claimsOnly"),
        'contentVersions', ${page.contentVersions}`;
  return sql`(with held as (${heldGrantsStatement(tenantId, identityId, now)})
    select json_build_object(
      'grants', (select coalesce(json_agg(row_to_json(r)), '[]') from (
                   select h.*,
                          array(select s.contract_id from ${contractShares} s
                                 where s.tenant_id = ${tenantId} and s.grant_id = h.id
                                   and s.contract_id = ${place.contractId}) as "sharedContractIds"
                     from held h) r),
      'customers', (select coalesce(json_agg(json_build_object(
                      'id', o.id, 'customerNumber', o.customer_number,
                      'intermediaryAccounts', array(select a.account_number from ${customerIntermediaryAccounts} a
                                                     where a.tenant_id = ${tenantId} and a.customer_id = o.id))), '[]')
                      from ${customers} o
                     where o.id in (${place.customerId}, ${contractOwner}) and ${ofTenant(sql`o`)}),
      'contract', (select json_build_object('id', k.id, 'customerId', k.customer_id, 'sparte', k.line_of_business,
                                            'productName', k.product_name, 'policyNumber', k.policy_number)
                     from ${contracts} k where k.id = ${place.contractId} and ${ofTenant(sql`k`)})
      ${pageKeys}))`;
}
