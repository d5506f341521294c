import type { SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { createAuditQueries, type AuditFilter } from './audit-repo.js';

export type AuditKind =
  | 'login.succeeded'
  | 'login.failed'
  | 'login.locked'
  | 'login.email_unconfirmed'
  | 'login.unlocked'
  | 'password.set'
  | 'password.reset'
  | 'password.changed'
  | 'email.confirmed'
  | 'email.changed'
  | 'email.change_requested'
  | 'email.change_requested_by_staff'
  | 'invitation.created'
  | 'invitation.revoked'
  | 'invitation.readdressed'
  | 'invitation.accepted'
  | 'access.granted'
  | 'access.removed'
  | 'person.deactivated'
  | 'person.reactivated'
  | 'person.viewed_as'
  | 'document.uploaded'
  | 'document.downloaded'
  | 'document.deleted'
  | 'claim.attachment_downloaded'
  | 'claim.downloaded'
  | 'conversation.started'
  | 'conversation.message_sent'
  | 'conversation.changed'
  | 'conversation.attachment_downloaded'
  | 'sessions.ended_others'
  | 'data_export.requested'
  | 'data_export.downloaded'
  | 'notifications.changed'
  | 'grant.created'
  | 'grant.changed'
  | 'grant.deleted'
  | 'settings.changed'
  | 'profile.changed'
  | 'second_factor.added'
  | 'second_factor.removed'
  | 'second_factor.used'
  | 'second_factor.failed'
  | 'second_factor.recovery_code_used'
  | 'second_factor.recovery_codes_renewed'
  | 'claim.status_changed'
  | 'claim.numbers_changed'
  | 'claim.assigned'
  | 'claim.pushed'
  | 'consent.document_changed'
  | 'consent.version_uploaded'
  | 'consent.acknowledged'
  | 'consent.given';

/** Where a request came from: the client address and browser, or the operator's command line. */
export interface RequestOrigin {
  client: string;
  userAgent: string | null;
  /** The staff member acting in the workspace, so whatever the action records names them. */
  actorIdentityId?: string | null;
}

export const CLI_ORIGIN: RequestOrigin = { client: 'cli', userAgent: null };

export interface AuditEvent {
  kind: AuditKind;
  tenantId: string | null;
  /** The person the event is about. */
  identityId: string | null;
  origin: RequestOrigin;
  /** Who did it, when somebody else than the person concerned acted (staff); null for the operator. */
  actorIdentityId?: string | null;
  /** A short, secret-free description of what changed. */
  detail?: string;
  /** The person's address as the tenant sees it now, where the caller has it; otherwise it is looked up. */
  email?: string;
  /** The Freischaltung the event concerns; its name is looked up unless given (a grant about to be deleted). */
  grant?: { id: string; name?: string };
}

/** Runs in the transaction of the recorded event, so whatever it writes exists exactly when the event does. */
export type AuditListener = (event: AuditEvent, executor: Database) => Promise<void>;

export function createAuditService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;
  const listeners: AuditListener[] = [];

  function toRow(event: AuditEvent) {
    return {
      kind: event.kind,
      tenantId: event.tenantId,
      identityId: event.identityId,
      actorIdentityId: event.actorIdentityId ?? event.origin.actorIdentityId ?? null,
      detail: event.detail?.replace(/\p{Cc}/gu, ' ').slice(0, 300) ?? null,
      email: event.email ?? null,
      grantId: event.grant?.id ?? null,
      grantName: event.grant?.name ?? null,
      origin: event.origin.client.slice(0, 64),
      userAgent: event.origin.userAgent?.replace(/\p{Cc}/gu, ' ').slice(0, 200) ?? null,
      createdAt: clock.now(),
    };
  }
  return {
    /**
     * Records an event, inside the caller's transaction when one is given, so it exists exactly when the change does.
     */
    async record(event: AuditEvent, executor: Database = db): Promise<void> {
      await createAuditQueries(executor).insert(toRow(event));
      for (const listener of listeners) {
        await listener(event, executor);
      }
    },

    /**
     * Records an event and runs the caller's data-modifying statements (`together`, an UPDATE or INSERT of
     * other modules; null entries are left out) in the same statement, so all are written together (or none)
     * at the cost of one.
     */
    async recordWith(event: AuditEvent, together: (SQL | null)[]): Promise<void> {
      await createAuditQueries(db).insert(
        toRow(event),
        together.filter((statement): statement is SQL => statement !== null),
      );
      for (const listener of listeners) {
        await listener(event, db);
      }
    },

    /** Many events in one statement (bulk invitations); listeners are not called. */
    async recordMany(events: AuditEvent[], executor: Database = db): Promise<void> {
      if (events.length > 0) {
        await createAuditQueries(executor).insertMany(events.map(toRow));
      }
    },

    /** Lets another module react to an event (webhooks) without the recording code knowing it. */
    onRecorded(listener: AuditListener): void {
      listeners.push(listener);
    },

    listForTenant: (tenantId: string | null, limit: number, filter: AuditFilter = {}) =>
      createAuditQueries(db).listForTenant(tenantId, Math.min(Math.max(limit, 1), 1000), filter),

    /** A person's logins at one broker, newest first, at most `limit` (the person's own data export). */
    listLoginsOf: (tenantId: string, identityId: string, limit: number) =>
      createAuditQueries(db).listOfPerson(tenantId, identityId, ['login.succeeded'], limit),

    /** Oldest first, a page after the event named by the cursor; an unknown cursor gives an empty page. */
    async listPage(tenantId: string, afterId: string | null, limit: number) {
      const queries = createAuditQueries(db);
      const after = afterId === null ? null : await queries.findForTenant(tenantId, afterId);
      if (afterId !== null && after === null) {
        return [];
      }
      return queries.listPage(tenantId, after, limit);
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
