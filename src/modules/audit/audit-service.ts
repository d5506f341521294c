import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { createAuditQueries, type AuditFilter } from './audit-repo.js';

export type AuditKind =
  | 'login.succeeded'
  | 'login.failed'
  | 'login.locked'
  | 'login.email_unconfirmed'
  | 'password.set'
  | 'password.reset'
  | 'password.changed'
  | 'email.confirmed'
  | 'email.changed'
  | 'invitation.created'
  | 'access.granted'
  | 'sessions.ended_others'
  | 'settings.changed'
  | 'profile.changed'
  | 'second_factor.added'
  | 'second_factor.removed'
  | 'second_factor.used'
  | 'second_factor.failed'
  | 'second_factor.recovery_code_used'
  | 'second_factor.recovery_codes_renewed'
  | 'email.change_requested';

/** Where a request came from: the client address and browser, or the operator's command line. */
export interface RequestOrigin {
  client: string;
  userAgent: string | null;
}

export const CLI_ORIGIN: RequestOrigin = { client: 'cli', userAgent: null };

export function createAuditService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;
  return {
    /** Records an event, inside the caller's transaction when one is given, so it exists exactly when the change does. */
    async record(
      event: { kind: AuditKind; tenantId: string | null; identityId: string | null; origin: RequestOrigin; actorIdentityId?: string | null; detail?: string },
      executor: Database = db,
    ): Promise<void> {
      await createAuditQueries(executor).insert({
        kind: event.kind,
        tenantId: event.tenantId,
        identityId: event.identityId,
        actorIdentityId: event.actorIdentityId ?? null,
        detail: event.detail?.replace(/\p{Cc}/gu, ' ').slice(0, 300) ?? null,
        origin: event.origin.client.slice(0, 64),
        userAgent: event.origin.userAgent?.replace(/\p{Cc}/gu, ' ').slice(0, 200) ?? null,
        createdAt: clock.now(),
      });
    },

    listForTenant: (tenantId: string | null, limit: number, filter: AuditFilter = {}) => createAuditQueries(db).listForTenant(tenantId, Math.min(Math.max(limit, 1), 1000), filter),
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
