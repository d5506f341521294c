import { and, asc, eq, gt, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { claims, contracts, customers } from '../../db/schema.js';
import type { ClaimStatus, StaffClaimFilter } from '../claims/claim.js';
import type { ClaimRow } from '../claims/claim-repo.js';

/** A claim with what the workspace and the CRM show of its customer and contract. */
export interface ClaimPortfolioRow {
  claim: ClaimRow;
  customer: {
    customerNumber: string;
    kind: string;
    firstName: string | null;
    lastName: string | null;
    companyName: string | null;
  };
  contract: { insurerNumber: string; sparte: string; policyNumber: string; productName: string | null } | null;
}

/** The moment a claim was reported (a pushed claim: when it was pushed), the workspace list's order. */
const reportedAt = sql`coalesce(${claims.submittedAt}, ${claims.createdAt})`;

const portfolioColumns = {
  claim: claims,
  customerNumber: customers.customerNumber,
  customerKind: customers.kind,
  firstName: customers.firstName,
  lastName: customers.lastName,
  companyName: customers.companyName,
  insurerNumber: contracts.insurerNumber,
  sparte: contracts.lineOfBusiness,
  policyNumber: contracts.policyNumber,
  productName: contracts.productName,
};

type PortfolioSelection = {
  claim: ClaimRow;
  customerNumber: string;
  customerKind: string;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  insurerNumber: string | null;
  sparte: string | null;
  policyNumber: string | null;
  productName: string | null;
};

const toPortfolioRow = (row: PortfolioSelection): ClaimPortfolioRow => ({
  claim: row.claim,
  customer: {
    customerNumber: row.customerNumber,
    kind: row.customerKind,
    firstName: row.firstName,
    lastName: row.lastName,
    companyName: row.companyName,
  },
  contract:
    row.insurerNumber === null || row.sparte === null || row.policyNumber === null
      ? null
      : {
          insurerNumber: row.insurerNumber,
          sparte: row.sparte,
          policyNumber: row.policyNumber,
          productName: row.productName,
        },
});

/** `%`, `_` and `\` stand for themselves in a search. */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

function staffFilterConditions(filter: StaffClaimFilter): SQL[] {
  const conditions: SQL[] = [];
  conditions.push(filter.status === undefined ? ne(claims.status, 'draft') : eq(claims.status, filter.status));
  if (filter.route !== undefined) conditions.push(eq(claims.route, filter.route));
  if (filter.assigned === 'nobody') conditions.push(isNull(claims.assignedIdentityId));
  else if (filter.assigned !== undefined) conditions.push(eq(claims.assignedIdentityId, filter.assigned.identityId));
  if (filter.search !== undefined && filter.search !== '') {
    const pattern = likePattern(filter.search);
    const name = sql`concat_ws(' ', ${customers.firstName}, ${customers.lastName}, ${customers.companyName})`;
    conditions.push(
      sql`(${claims.insurerClaimNumber} ilike ${pattern} or ${claims.brokerClaimNumber} ilike ${pattern}
        or ${customers.customerNumber} ilike ${pattern} or ${name} ilike ${pattern})`,
    );
  }
  return conditions;
}

/**
 * Read model: the claims workspace's list and a claim with what the workspace and the CRM show of its customer and
 * contract. The list filters, searches and sorts by the customer's name and number and shows the contract, so the
 * claim is joined with customers and contracts in one statement per page (asking the portfolio module per row would
 * cost a statement each). Paged by the claims' own keyset: newest report first for the workspace, oldest change first
 * for the CRM.
 */
export function createClaimWorkspaceQueries(db: Database) {
  const withPortfolio = () =>
    db
      .select(portfolioColumns)
      .from(claims)
      .innerJoin(customers, eq(customers.id, claims.customerId))
      .leftJoin(contracts, eq(contracts.id, claims.contractId));

  return {
    async findWithPortfolio(tenantId: string, claimId: string): Promise<ClaimPortfolioRow | null> {
      const [row] = await withPortfolio().where(and(eq(claims.tenantId, tenantId), eq(claims.id, claimId)));
      return row === undefined ? null : toPortfolioRow(row);
    },

    /**
     * One page of the workspace's list, newest report first. The cursor is the last row's id; its place in the order
     * is read from the table, so a cursor of another tenant or an unknown id gives an empty page.
     */
    async pageForStaff(
      tenantId: string,
      filter: StaffClaimFilter,
      cursor: string | null,
      limit: number,
    ): Promise<ClaimPortfolioRow[]> {
      const after =
        cursor === null
          ? undefined
          : sql`(${reportedAt}, ${claims.id}) < (select coalesce(c.submitted_at, c.created_at), c.id from ${claims} c
              where c.tenant_id = ${tenantId} and c.id = ${cursor})`;
      const rows = await withPortfolio()
        .where(and(eq(claims.tenantId, tenantId), ...staffFilterConditions(filter), after))
        .orderBy(sql`${reportedAt} desc`, sql`${claims.id} desc`)
        .limit(limit);
      return rows.map(toPortfolioRow);
    },

    /** The CRM's list: reported claims changed since a moment, oldest change first, after the position given. */
    async pageForCrm(
      tenantId: string,
      filter: { status?: ClaimStatus; updatedSince?: Date },
      after: { updatedAt: Date; id: string } | null,
      limit: number,
    ): Promise<ClaimPortfolioRow[]> {
      const rows = await withPortfolio()
        .where(
          and(
            eq(claims.tenantId, tenantId),
            filter.status === undefined ? ne(claims.status, 'draft') : eq(claims.status, filter.status),
            filter.updatedSince === undefined ? undefined : sql`${claims.updatedAt} >= ${filter.updatedSince}`,
            after === null
              ? undefined
              : or(
                  gt(claims.updatedAt, after.updatedAt),
                  and(eq(claims.updatedAt, after.updatedAt), gt(claims.id, after.id)),
                ),
          ),
        )
        .orderBy(asc(claims.updatedAt), asc(claims.id))
        .limit(limit);
      return rows.map(toPortfolioRow);
    },
  };
}
