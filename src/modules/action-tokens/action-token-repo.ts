import { and, desc, eq, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { actionTokens } from '../../db/schema.js';
import type { ActionToken, ActionTokenPurpose } from './action-token.js';
import { insertByColumns } from '../../db/bulk-insert.js';
import { required } from '../../shared/required.js';

type ActionTokenRow = typeof actionTokens.$inferSelect;

function toActionToken(row: ActionTokenRow): ActionToken {
  return { ...row, purpose: row.purpose as ActionTokenPurpose };
}

export function createActionTokenQueries(db: Database) {
  /** Revokes the tokens that meet the conditions and are neither used nor revoked yet. */
  async function revokeOpenWhere(at: Date, ...conditions: SQL[]): Promise<void> {
    await db
      .update(actionTokens)
      .set({ revokedAt: at })
      .where(and(...conditions, isNull(actionTokens.usedAt), isNull(actionTokens.revokedAt)));
  }

  return {
    async insert(values: {
      tokenHash: string;
      purpose: ActionTokenPurpose;
      tenantId: string | null;
      identityId: string;
      email: string;
      createdAt: Date;
      expiresAt: Date;
      boundTo?: string | null;
    }): Promise<ActionToken> {
      const [row] = await db.insert(actionTokens).values(values).returning();
      return toActionToken(required(row));
    },
    async findByHash(tokenHash: string): Promise<ActionToken | null> {
      const [row] = await db.select().from(actionTokens).where(eq(actionTokens.tokenHash, tokenHash));
      return row === undefined ? null : toActionToken(row);
    },
    /**
     * The single place a token is used up: one guarded UPDATE, so of many concurrent attempts exactly
     * one sees a row come back.
     */
    async consume(tokenId: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(actionTokens)
        .set({ usedAt: at })
        .where(
          and(
            eq(actionTokens.id, tokenId),
            isNull(actionTokens.usedAt),
            isNull(actionTokens.revokedAt),
            gt(actionTokens.expiresAt, at),
          ),
        )
        .returning({ id: actionTokens.id });
      return rows.length === 1;
    },
    /** Only the first opening of a still valid link counts; the guard keeps it to one UPDATE that sets it once. */
    async recordOpened(tokenId: string, at: Date): Promise<void> {
      await db
        .update(actionTokens)
        .set({ linkOpenedAt: at })
        .where(
          and(
            eq(actionTokens.id, tokenId),
            isNull(actionTokens.linkOpenedAt),
            isNull(actionTokens.usedAt),
            isNull(actionTokens.revokedAt),
            gt(actionTokens.expiresAt, at),
          ),
        );
    },
    async insertMany(
      values: {
        tokenHash: string;
        purpose: ActionTokenPurpose;
        tenantId: string;
        identityId: string;
        email: string;
        createdAt: Date;
        expiresAt: Date;
      }[],
    ): Promise<void> {
      await insertByColumns(
        db,
        'action_tokens',
        [
          { name: 'token_hash', type: 'text', value: (row) => row.tokenHash },
          { name: 'purpose', type: 'text', value: (row) => row.purpose },
          { name: 'tenant_id', type: 'uuid', value: (row) => row.tenantId },
          { name: 'identity_id', type: 'uuid', value: (row) => row.identityId },
          { name: 'email', type: 'text', value: (row) => row.email },
          { name: 'created_at', type: 'timestamptz', value: (row) => row.createdAt },
          { name: 'expires_at', type: 'timestamptz', value: (row) => row.expiresAt },
        ],
        values,
      );
    },
    async revokeOpenOfMany(
      filter: { identityIds: string[]; purpose: ActionTokenPurpose; tenantId: string },
      at: Date,
    ): Promise<void> {
      await revokeOpenWhere(
        at,
        inArray(actionTokens.identityId, filter.identityIds),
        eq(actionTokens.purpose, filter.purpose),
        eq(actionTokens.tenantId, filter.tenantId),
      );
    },
    async revokeOpen(
      filter: { identityId: string; purpose: ActionTokenPurpose; tenantId?: string },
      at: Date,
    ): Promise<void> {
      await revokeOpenWhere(
        at,
        eq(actionTokens.identityId, filter.identityId),
        eq(actionTokens.purpose, filter.purpose),
        filter.tenantId === undefined ? sql`true` : eq(actionTokens.tenantId, filter.tenantId),
      );
    },
    /** Invitations count per tenant: another broker's invitation must not hold this one's back (nor tell of itself). */
    async latestCreatedAt(identityId: string, purpose: ActionTokenPurpose, tenantId?: string): Promise<Date | null> {
      const [row] = await db
        .select({ createdAt: actionTokens.createdAt })
        .from(actionTokens)
        .where(
          and(
            eq(actionTokens.identityId, identityId),
            eq(actionTokens.purpose, purpose),
            tenantId === undefined ? sql`true` : eq(actionTokens.tenantId, tenantId),
          ),
        )
        .orderBy(desc(actionTokens.createdAt))
        .limit(1);
      return row?.createdAt ?? null;
    },
    /**
     * Open tokens of a tenant created since a moment, by identity: what a repeated request within the cooldown answers
     * with.
     */
    async listOpenCreatedSince(
      filter: { tenantId: string; purpose: ActionTokenPurpose; identityIds: string[] },
      since: Date,
      now: Date,
    ): Promise<Map<string, Date>> {
      if (filter.identityIds.length === 0) {
        return new Map();
      }
      const rows = await db
        .select({ identityId: actionTokens.identityId, expiresAt: actionTokens.expiresAt })
        .from(actionTokens)
        .where(
          and(
            inArray(actionTokens.identityId, filter.identityIds),
            eq(actionTokens.purpose, filter.purpose),
            eq(actionTokens.tenantId, filter.tenantId),
            gt(actionTokens.createdAt, since),
            isNull(actionTokens.usedAt),
            isNull(actionTokens.revokedAt),
            gt(actionTokens.expiresAt, now),
          ),
        );
      return new Map(rows.map((row) => [row.identityId, row.expiresAt]));
    },
  };
}
