import type { SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { HOUR, MINUTE, type Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { generateToken, hashToken, isWellFormedToken } from '../../shared/tokens.js';
import type { ActionTokenService } from '../action-tokens/action-token-service.js';
import { stateOfToken } from '../action-tokens/action-token.js';
import { membershipsIn, recordFirstLoginIn } from '../memberships/membership-service.js';
import type { AuditService } from '../audit/audit-service.js';
import { createOpenSessionQueries } from '../read-models/open-session.js';
import { createSessionQueries, insertInTenantStatement } from './session-repo.js';

/** The defaults, and the limits of the platform host; each broker may set its own (see tenants). */
export const SESSION_IDLE_TIMEOUT = 30 * MINUTE;
export const SESSION_ABSOLUTE_TIMEOUT = 12 * HOUR;
/** The longest absolute timeout a broker may choose; the cookie lives this long, the server decides. */
export const SESSION_COOKIE_LIFETIME = 24 * HOUR;

interface Timeouts {
  idleMinutes: number | null;
  absoluteHours: number | null;
}

/** A session counts while it is within both timeouts of its broker (or the defaults on the platform host). */
function isWithinTimeouts(session: { createdAt: Date; lastSeenAt: Date }, timeouts: Timeouts, now: Date): boolean {
  const idle = timeouts.idleMinutes === null ? SESSION_IDLE_TIMEOUT : timeouts.idleMinutes * MINUTE;
  const absolute = timeouts.absoluteHours === null ? SESSION_ABSOLUTE_TIMEOUT : timeouts.absoluteHours * HOUR;
  return session.lastSeenAt.getTime() + idle > now.getTime() && session.createdAt.getTime() + absolute > now.getTime();
}
const HANDOFF_LIFETIME = 1 * MINUTE;
/** Writing last_seen_at on every request would turn each page view into a write. */
const TOUCH_INTERVAL = 1 * MINUTE;

export interface CurrentSession {
  sessionId: string;
  identityId: string;
  tenantId: string | null;
  name: string;
  email: string;
  /**
   * The person still has the broker's Erstinformation or a required consent to answer here; the pages send
   * policyholders and intermediaries among them to /einwilligung until they have (staff are not asked).
   */
  isConsentPending: boolean;
}

/** What the platform host and the tenant host both see of one browser. */
export interface BrowserFingerprint {
  client: string;
  userAgent: string | null;
}

/** Ties a token to the browser that asked for it. */
export function bindingOf(browser: BrowserFingerprint): string {
  return hashToken(`${browser.client}|${browser.userAgent ?? ''}`);
}

export type HandoffOutcome =
  { kind: 'session'; token: string } | { kind: 'needs_confirmation'; email: string } | { kind: 'invalid' };

export interface OpenSession {
  id: string;
  host: string;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

/** What a new session row holds besides its tenant and timeouts; the token itself is only ever stored hashed. */
function sessionRow(
  token: string,
  values: { identityId: string; host: string; userAgent: string | null },
  now: Date,
): { tokenHash: string; identityId: string; host: string; userAgent: string | null; createdAt: Date } {
  return {
    tokenHash: hashToken(token),
    identityId: values.identityId,
    host: values.host,
    userAgent: values.userAgent?.replace(/\p{Cc}/gu, ' ').slice(0, 200) ?? null,
    createdAt: now,
  };
}

/**
 * A new session in a tenant as a statement, for a caller that writes it together with its own (the login
 * with its audit record). As `createSession`, but a tenant that is gone writes no row instead of an error.
 */
export function sessionInTenantStatement(
  values: { identityId: string; tenantId: string; host: string; userAgent: string | null },
  now: Date,
): { token: string; statement: SQL } {
  const token = generateToken();
  return {
    token,
    statement: insertInTenantStatement({ ...sessionRow(token, values, now), tenantId: values.tenantId }),
  };
}

export function createSessionService(deps: {
  db: Database;
  clock: Clock;
  actionTokens: ActionTokenService;
  audit: AuditService;
}) {
  const { db, clock, actionTokens } = deps;

  async function createSession(values: {
    identityId: string;
    tenantId: string | null;
    host: string;
    userAgent: string | null;
  }): Promise<string> {
    const token = generateToken();
    const now = clock.now();
    const queries = createSessionQueries(db);
    const row = sessionRow(token, values, now);
    if (values.tenantId === null) {
      await queries.insert({ ...row, tenantId: null, expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_TIMEOUT) });
    } else if (!(await queries.insertInTenant({ ...row, tenantId: values.tenantId }))) {
      throw new AppError('TENANT_NOT_FOUND', 'The tenant of this session does not exist');
    }
    return token;
  }

  return {
    createSession,

    /** Ends a person's sessions in one tenant, in the caller's transaction (access removed or deactivated there). */
    endSessionsInTenant: (executor: Database, identityId: string, tenantId: string): Promise<void> =>
      createSessionQueries(executor).endAllOfInTenant(identityId, tenantId, clock.now()),

    /**
     * A session counts only on the host that issued it, within both timeouts, and only while that host
     * still serves the session's tenant: an address moved to another broker carries no session along.
     */
    async findSession(token: unknown, host: string, tenantId: string | null): Promise<CurrentSession | null> {
      if (!isWellFormedToken(token)) {
        return null;
      }
      const now = clock.now();
      // The session and the person's membership in its tenant (deactivated ones do not count) in one statement.
      const row = await createOpenSessionQueries(db).findOpen(hashToken(token), host, tenantId, now);
      if (row === null || !isWithinTimeouts(row.session, row, now) || !row.isMember) {
        return null;
      }
      if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_INTERVAL) {
        await createSessionQueries(db).touch(row.session.id, now);
      }
      return {
        sessionId: row.session.id,
        identityId: row.session.identityId,
        tenantId: row.session.tenantId,
        name: row.name,
        email: row.email,
        isConsentPending: row.isConsentPending,
      };
    },

    /** The person's sessions that still count, newest activity first. */
    async listOpenSessions(identityId: string): Promise<OpenSession[]> {
      const now = clock.now();
      const rows = await createSessionQueries(db).listOpenOf(identityId, now);
      return rows
        .filter((row) => isWithinTimeouts(row, row, now))
        .map((row) => ({
          id: row.id,
          host: row.host,
          userAgent: row.userAgent,
          createdAt: row.createdAt,
          lastSeenAt: row.lastSeenAt,
        }));
    },

    /** "Alle anderen abmelden": every session of the person except the one asking. */
    endOtherSessions: (identityId: string, keepSessionId: string, executor: Database = db): Promise<void> =>
      createSessionQueries(executor).endAllOfExcept(identityId, keepSessionId, clock.now()),

    /** Ends every session of a person, in the caller's transaction (after a password change). */
    endAllSessions: (executor: Database, identityId: string): Promise<void> =>
      createSessionQueries(executor).endAllOf(identityId, clock.now()),

    async endSession(sessionId: string): Promise<void> {
      await createSessionQueries(db).end(sessionId, clock.now());
    },

    /** A one-minute code that carries a platform login over to a tenant's own host. */
    async issueHandoff(
      identityId: string,
      tenantId: string,
      email: string,
      browser: BrowserFingerprint,
    ): Promise<string> {
      const { token } = await db.transaction((tx) =>
        actionTokens.issueToken(
          tx,
          {
            purpose: 'host_handoff',
            tenantId,
            identityId,
            email,
            lifetimeMilliseconds: HANDOFF_LIFETIME,
            boundTo: bindingOf(browser),
          },
          { revokeEarlier: false },
        ),
      );
      return token;
    },

    /** Exchanges a handoff code for a session on the tenant's host; each code works once. */
    async redeemHandoff(
      code: unknown,
      tenantId: string,
      host: string,
      browser: BrowserFingerprint,
      options: { isConfirmed: boolean },
    ): Promise<HandoffOutcome> {
      const record = await actionTokens.findToken(code, ['host_handoff'], tenantId);
      if (record === null || stateOfToken(record, clock.now()) !== 'valid') {
        return { kind: 'invalid' };
      }
      // A code opened by another browser (a link somebody sent) must not log it in silently: the
      // person first sees whose account it is and confirms. Same browser: straight in.
      if (record.boundTo !== bindingOf(browser) && !options.isConfirmed) {
        return { kind: 'needs_confirmation', email: record.email };
      }
      const isUsed = await db.transaction((tx) => actionTokens.consumeToken(tx, record.id));
      const memberships = membershipsIn(db);
      if (!isUsed || !(await memberships.hasAccess(tenantId, record.identityId, clock.now()))) {
        return { kind: 'invalid' };
      }
      // A login on the platform host arrives in the tenant here: for the staff, that is the person's login in their
      // portal,
      // recorded for the broker handed over to (the one chosen by a person of several brokers), and for no other.
      await deps.audit.record({ kind: 'login.succeeded', tenantId, identityId: record.identityId, origin: browser });
      await recordFirstLoginIn(db, deps.audit, {
        tenantId,
        identityId: record.identityId,
        at: clock.now(),
        origin: browser,
      });
      return {
        kind: 'session',
        token: await createSession({ identityId: record.identityId, tenantId, host, userAgent: browser.userAgent }),
      };
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
