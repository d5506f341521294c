import { and, asc, eq, gt, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { claimHistory, claims, contracts, customers } from '../../db/schema.js';
import type { ClaimHistorySource, ClaimStatus, StaffClaimFilter } from './claim.js';
import type { ClaimRow, NewClaimRow } from './claim-repo.js';

export type ClaimHistoryRow = typeof claimHistory.$inferSelect;

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

export function createClaimHandlingQueries(db: Database) {
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

    async findByExternalId(tenantId: string, externalId: string): Promise<ClaimRow | null> {
      const [row] = await db
        .select()
        .from(claims)
        .where(and(eq(claims.tenantId, tenantId), eq(claims.externalId, externalId)));
      return row ?? null;
    },

    /** Inserts a pushed claim unless the tenant has one of this external id already (then null). */
    async insertPushed(row: NewClaimRow): Promise<ClaimRow | null> {
      const [inserted] = await db
        .insert(claims)
        .values(row)
        .onConflictDoNothing({ target: [claims.tenantId, claims.externalId] })
        .returning();
      return inserted ?? null;
    },

    /**
     * Changes a reported claim, only if it still has the status the change was decided from: of two changes decided
     * from the same status, the second finds none and gets null.
     */
    async updateReported(
      tenantId: string,
      claimId: string,
      from: ClaimStatus,
      change: Partial<Pick<ClaimRow, 'status' | 'statusChangedAt' | 'insurerClaimNumber' | 'brokerClaimNumber'>> &
        Partial<Pick<NewClaimRow, 'answers' | 'contractId' | 'customerId' | 'route'>> & { updatedAt: Date },
    ): Promise<ClaimRow | null> {
      const [row] = await db
        .update(claims)
        .set(change)
        .where(and(eq(claims.tenantId, tenantId), eq(claims.id, claimId), eq(claims.status, from)))
        .returning();
      return row ?? null;
    },

    async assign(tenantId: string, claimId: string, identityId: string | null, now: Date): Promise<ClaimRow | null> {
      const [row] = await db
        .update(claims)
        .set({ assignedIdentityId: identityId, updatedAt: now })
        .where(and(eq(claims.tenantId, tenantId), eq(claims.id, claimId), ne(claims.status, 'draft')))
        .returning();
      return row ?? null;
    },

    async insertHistory(entry: {
      tenantId: string;
      claimId: string;
      status: ClaimStatus;
      previousStatus: ClaimStatus | null;
      note: string | null;
      source: ClaimHistorySource;
      actorIdentityId: string | null;
      createdAt: Date;
    }): Promise<void> {
      await db.insert(claimHistory).values(entry);
    },

    async historyOf(tenantId: string, claimId: string): Promise<ClaimHistoryRow[]> {
      return db
        .select()
        .from(claimHistory)
        .where(and(eq(claimHistory.tenantId, tenantId), eq(claimHistory.claimId, claimId)))
        .orderBy(asc(claimHistory.createdAt), asc(claimHistory.position));
    },
  };
}
