import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { generateToken, hashToken, isWellFormedToken } from '../../shared/tokens.js';
import type { ActionToken, ActionTokenPurpose } from './action-token.js';
import { createActionTokenQueries } from './action-token-repo.js';

export interface IssuedToken {
  readonly token: string;
  readonly record: ActionToken;
}

export function createActionTokenService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;
  return {
    /** Issues a token inside the caller's transaction; older open tokens of the same kind stop working. */
    async issueToken(
      executor: Database,
      values: {
        purpose: ActionTokenPurpose;
        tenantId: string | null;
        identityId: string;
        email: string;
        lifetimeMilliseconds: number;
        boundTo?: string;
      },
      options: { revokeEarlier: boolean },
    ): Promise<IssuedToken> {
      const queries = createActionTokenQueries(executor);
      const now = clock.now();
      if (options.revokeEarlier) {
        await queries.revokeOpen(
          {
            identityId: values.identityId,
            purpose: values.purpose,
            ...(values.tenantId === null ? {} : { tenantId: values.tenantId }),
          },
          now,
        );
      }
      const token = generateToken();
      const record = await queries.insert({
        tokenHash: hashToken(token),
        purpose: values.purpose,
        tenantId: values.tenantId,
        identityId: values.identityId,
        email: values.email,
        createdAt: now,
        expiresAt: new Date(now.getTime() + values.lifetimeMilliseconds),
        boundTo: values.boundTo ?? null,
      });
      return { token, record };
    },

    /** Looks a token up for one purpose and tenant; a token of another tenant or purpose is unknown here. */
    async findToken(
      token: unknown,
      purposes: readonly ActionTokenPurpose[],
      tenantId: string | null,
    ): Promise<ActionToken | null> {
      if (!isWellFormedToken(token)) {
        return null;
      }
      const record = await createActionTokenQueries(db).findByHash(hashToken(token));
      if (record === null || !purposes.includes(record.purpose) || record.tenantId !== tenantId) {
        return null;
      }
      return record;
    },

    /**
     * One token each for many identities of one tenant, in two statements; earlier open tokens of that purpose there
     * stop working.
     */
    async issueTokens(
      executor: Database,
      values: {
        purpose: ActionTokenPurpose;
        tenantId: string;
        lifetimeMilliseconds: number;
        recipients: { identityId: string; email: string }[];
      },
    ): Promise<Map<string, { token: string; expiresAt: Date }>> {
      const issued = new Map<string, { token: string; expiresAt: Date }>();
      if (values.recipients.length === 0) {
        return issued;
      }
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + values.lifetimeMilliseconds);
      const queries = createActionTokenQueries(executor);
      await queries.revokeOpenOfMany(
        {
          identityIds: values.recipients.map((recipient) => recipient.identityId),
          purpose: values.purpose,
          tenantId: values.tenantId,
        },
        now,
      );
      const rows = values.recipients.map((recipient) => {
        const token = generateToken();
        issued.set(recipient.identityId, { token, expiresAt });
        return {
          tokenHash: hashToken(token),
          purpose: values.purpose,
          tenantId: values.tenantId,
          identityId: recipient.identityId,
          email: recipient.email,
          createdAt: now,
          expiresAt,
          boundTo: null,
        };
      });
      await queries.insertMany(rows);
      return issued;
    },

    /** Of these identities, those with an open token of the tenant younger than the cooldown, with its expiry. */
    listRecentOpenTokens: (
      executor: Database,
      filter: { tenantId: string; purpose: ActionTokenPurpose; identityIds: string[] },
      cooldownMilliseconds: number,
    ): Promise<Map<string, Date>> => {
      const now = clock.now();
      return createActionTokenQueries(executor).listOpenCreatedSince(
        filter,
        new Date(now.getTime() - cooldownMilliseconds),
        now,
      );
    },

    consumeToken: (executor: Database, tokenId: string): Promise<boolean> =>
      createActionTokenQueries(executor).consume(tokenId, clock.now()),

    /** Notes that the page behind a valid link was opened; the link stays as usable as it was. */
    recordLinkOpened: (tokenId: string): Promise<void> =>
      createActionTokenQueries(db).recordOpened(tokenId, clock.now()),

    revokeOpenTokens: (
      executor: Database,
      filter: { identityId: string; purpose: ActionTokenPurpose; tenantId?: string },
    ): Promise<void> => createActionTokenQueries(executor).revokeOpen(filter, clock.now()),

    /**
     * Seconds until another mail of this kind may go to the identity; 0 when it may go now. Invitations name their
     * tenant.
     * Atomic with the new token only when the caller holds the identity's row lock.
     */
    async secondsUntilAllowed(
      executor: Database,
      identityId: string,
      purpose: ActionTokenPurpose,
      cooldownMilliseconds: number,
      options: { tenantId?: string } = {},
    ): Promise<number> {
      const latest = await createActionTokenQueries(executor).latestCreatedAt(identityId, purpose, options.tenantId);
      if (latest === null) {
        return 0;
      }
      const waitMilliseconds = latest.getTime() + cooldownMilliseconds - clock.now().getTime();
      return waitMilliseconds > 0 ? Math.ceil(waitMilliseconds / 1000) : 0;
    },
  };
}

export type ActionTokenService = ReturnType<typeof createActionTokenService>;
