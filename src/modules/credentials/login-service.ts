import type { Database } from '../../db/database.js';
import { MINUTE } from '../../shared/clock.js';
import type { ActionTokenService } from '../action-tokens/action-token-service.js';
import { stateOfToken } from '../action-tokens/action-token.js';
import type { Clock } from '../../shared/clock.js';
import {
  CONFIRMATION_COOLDOWN,
  type EmailConfirmationService,
  type ResendOutcome,
} from '../email-confirmation/email-confirmation-service.js';
import { parseEmailAddress } from '../identities/email-address.js';
import type { Identity } from '../identities/identity.js';
import { identitiesIn } from '../identities/identity-service.js';
import type { MembershipTenant } from '../memberships/membership.js';
import { membershipsIn, recordFirstLoginIn } from '../memberships/membership-service.js';
import { PASSWORD_MAX_LENGTH, countCodePoints, normalizePassword } from '../password-policy/password-rules.js';
import type { Tenant } from '../tenants/tenant.js';
import type { Reservation, ThrottleService } from '../throttling/throttle-service.js';
import { createLoginQueries, type LoginRecord } from '../read-models/login-record.js';
import { hashToken } from '../../shared/tokens.js';
import type { AuditKind, AuditService, RequestOrigin } from '../audit/audit-service.js';
import type { PasswordHasher } from './password-hasher.js';
import type { SecondFactorService } from '../second-factor/second-factor-service.js';
import { bindingOf, sessionInTenantStatement } from '../sessions/session-service.js';

export type LoginOutcome =
  /** `sessionToken`: the session already written with the login (see `session` of logIn); null: none yet. */
  | { kind: 'authenticated'; identity: Identity; memberships: MembershipTenant[]; sessionToken: string | null }
  /** Only after a correct password: the address needs confirming; the ticket lets this attempt ask for a new mail. */
  | { kind: 'email_unconfirmed'; email: string; ticket: string; retryAfterSeconds: number }
  /** A correct password of a person with a second factor: the ticket carries this attempt to the code page. */
  | { kind: 'second_factor_required'; ticket: string }
  /** Unknown address, wrong password, no membership here: one answer for all. */
  | { kind: 'failed' };

export type SecondStepOutcome =
  | {
      kind: 'authenticated';
      identity: Identity;
      memberships: MembershipTenant[];
      remainingRecoveryCodes: number | null;
    }
  /** The ticket stays usable for another try (within its lifetime and the throttle). */
  | { kind: 'code_wrong' }
  /** Expired, used, unknown, or from another browser: log in again. */
  | { kind: 'ticket_invalid' };

const LOGIN_TICKET_LIFETIME = 15 * MINUTE;
/** Long enough to find the phone, short enough that a stolen ticket is of little use. */
const SECOND_FACTOR_TICKET_LIFETIME = 5 * MINUTE;

/** On a broker's host: a membership there; on the platform host (no tenant): any membership. */
function hasAccessHere(memberships: MembershipTenant[], tenant: Tenant | null): boolean {
  return tenant === null ? memberships.length > 0 : memberships.some((membership) => membership.tenantId === tenant.id);
}

export function createLoginService(deps: {
  db: Database;
  clock: Clock;
  hasher: PasswordHasher;
  actionTokens: ActionTokenService;
  emailConfirmation: EmailConfirmationService;
  throttle: ThrottleService;
  audit: AuditService;
  secondFactor: SecondFactorService;
}) {
  const { db, clock, hasher, actionTokens, emailConfirmation, throttle, audit, secondFactor } = deps;

  /**
   * Every failing branch runs one argon2 verification, so the answer time says nothing about the
   * address. Returns what the login read, with the identity only when the password is right.
   */
  async function verifyCredentials(
    emailInput: string,
    passwordInput: string,
    client: string,
  ): Promise<{ identity: Identity | null; record: LoginRecord; isLocked: boolean; reservation: Reservation }> {
    const email = parseEmailAddress(emailInput);
    const password = normalizePassword(passwordInput);
    // Text that is no address (NUL bytes included) is counted under its hash, never stored as typed.
    const attempt = { account: email?.canonical ?? `invalid:${hashToken(emailInput)}`, client };
    // The attempt is reserved in the same statement that reads the person: parallel guesses cannot all pass a lock
    // check.
    const record = await createLoginQueries(db).findLoginRecord(
      email?.canonical ?? null,
      throttle.reservationStatement(attempt),
      clock.now(),
    );
    const reservation = throttle.reservationOf(attempt, record.reserved);
    // While locked the answer is the same neutral one, after the same work, so a lock reveals nothing either.
    if (reservation.isLocked) {
      await Promise.all([hasher.verifyAgainstDummy(password), throttle.settleRefused(reservation)]);
      return { identity: null, record, isLocked: true, reservation };
    }
    // A correct password gives its reservation back: the caller writes that together with the login's audit record.
    const identity = await verifyPassword(record.identity, password);
    return { identity, record, isLocked: false, reservation };
  }

  async function verifyPassword(identity: Identity | null, password: string): Promise<Identity | null> {
    if (identity === null || identity.passwordHash === null || countCodePoints(password) > PASSWORD_MAX_LENGTH) {
      await hasher.verifyAgainstDummy(password);
      return null;
    }
    if (!(await hasher.verifyPassword(identity.passwordHash, password))) {
      return null;
    }
    if (hasher.needsRehash(identity.passwordHash)) {
      await identitiesIn(db).updatePasswordHash(identity.id, await hasher.hashPassword(password));
    }
    return identity;
  }

  /** A broker's audit names only its own people: a stranger's failed attempt stays anonymous there. */
  function memberHere(record: LoginRecord, tenant: Tenant | null): string | null {
    return record.identity !== null && tenant !== null && hasAccessHere(record.memberships, tenant)
      ? record.identity.id
      : null;
  }

  /**
   * The address the audit record shows, when the login's read already says it: staff see a person's own address once
   * the person has logged in there (and on the platform host always). Otherwise the record looks it up itself, which
   * costs the embedded database more than half a millisecond per login.
   */
  function shownEmailOf(record: LoginRecord, tenant: Tenant | null): string | undefined {
    const identity = record.identity;
    if (identity === null) {
      return undefined;
    }
    return tenant === null || record.tenantsLoggedInBefore.has(tenant.id) ? identity.emailDisplay : undefined;
  }

  /** A login on the platform host counts when its handoff reaches the tenant's host. */
  async function recordFirstLogin(tenant: Tenant | null, identityId: string, origin: RequestOrigin): Promise<void> {
    if (tenant !== null) {
      await recordFirstLoginIn(db, audit, { tenantId: tenant.id, identityId, at: clock.now(), origin });
    }
  }

  return {
    /** Logs in on a tenant's host (tenant given) or on the platform host (tenant null). */
    async logIn(input: {
      email: string;
      password: string;
      tenant: Tenant | null;
      origin: RequestOrigin;
      /**
       * On a tenant's host, where a correct login always starts a session there: its row is written in the
       * statement of the login's audit record, and the outcome carries its token.
       */
      session?: { host: string; userAgent: string | null };
    }): Promise<LoginOutcome> {
      const { identity, record, isLocked, reservation } = await verifyCredentials(
        input.email,
        input.password,
        input.origin.client,
      );
      const tenantId = input.tenant?.id ?? null;
      if (identity === null) {
        await audit.record({
          kind: isLocked ? 'login.locked' : 'login.failed',
          tenantId,
          identityId: memberHere(record, input.tenant),
          origin: input.origin,
        });
        return { kind: 'failed' };
      }
      // From here the password was right: its attempt is given back in the statement of the audit record.
      const success = throttle.successStatement(reservation);
      const recordAs = (kind: AuditKind, identityId: string | null): Promise<void> =>
        audit.recordWith({ kind, tenantId, identityId, origin: input.origin }, [success]);
      const { memberships } = record;
      if (!hasAccessHere(memberships, input.tenant)) {
        await recordAs('login.failed', null);
        return { kind: 'failed' };
      }
      if (identity.emailConfirmedAt === null) {
        await recordAs('login.email_unconfirmed', identity.id);
        return db.transaction(async (tx) => {
          const { token } = await actionTokens.issueToken(
            tx,
            {
              purpose: 'login_ticket',
              tenantId: input.tenant?.id ?? null,
              identityId: identity.id,
              email: identity.email,
              lifetimeMilliseconds: LOGIN_TICKET_LIFETIME,
            },
            { revokeEarlier: false },
          );
          const retryAfterSeconds = await actionTokens.secondsUntilAllowed(
            tx,
            identity.id,
            'email_confirmation',
            CONFIRMATION_COOLDOWN,
          );
          return { kind: 'email_unconfirmed', email: identity.emailDisplay, ticket: token, retryAfterSeconds } as const;
        });
      }
      if (record.hasSecondFactor) {
        await throttle.recordSuccess(reservation);
        // No session yet: it is created only after the code, on the page this single-use ticket leads to.
        const { token } = await db.transaction((tx) =>
          actionTokens.issueToken(
            tx,
            {
              purpose: 'second_factor_ticket',
              tenantId,
              identityId: identity.id,
              email: identity.email,
              lifetimeMilliseconds: SECOND_FACTOR_TICKET_LIFETIME,
              boundTo: bindingOf(input.origin),
            },
            { revokeEarlier: false },
          ),
        );
        return { kind: 'second_factor_required', ticket: token };
      }
      const session =
        input.tenant === null || input.session === undefined
          ? null
          : sessionInTenantStatement(
              { identityId: identity.id, tenantId: input.tenant.id, ...input.session },
              clock.now(),
            );
      await audit.recordWith(
        {
          kind: 'login.succeeded',
          tenantId,
          identityId: identity.id,
          origin: input.origin,
          email: shownEmailOf(record, input.tenant),
        },
        [success, session?.statement ?? null],
      );
      if (input.tenant !== null && record.tenantsNotLoggedInYet.has(input.tenant.id)) {
        await recordFirstLogin(input.tenant, identity.id, input.origin);
      }
      return { kind: 'authenticated', identity, memberships, sessionToken: session?.token ?? null };
    },

    /** The second step: a code for the ticket of a correct password, from the same browser. */
    async completeSecondFactor(input: {
      ticket: unknown;
      code: string;
      tenant: Tenant | null;
      origin: RequestOrigin;
    }): Promise<SecondStepOutcome> {
      const tenantId = input.tenant?.id ?? null;
      const record = await actionTokens.findToken(input.ticket, ['second_factor_ticket'], tenantId);
      if (
        record === null ||
        stateOfToken(record, clock.now()) !== 'valid' ||
        record.boundTo !== bindingOf(input.origin)
      ) {
        return { kind: 'ticket_invalid' };
      }
      const check = await secondFactor.verifyLoginCode(
        record.identityId,
        input.code.slice(0, 100),
        tenantId,
        input.origin,
      );
      if (check.kind === 'wrong') {
        return { kind: 'code_wrong' };
      }
      if (!(await actionTokens.consumeToken(db, record.id))) {
        return { kind: 'ticket_invalid' };
      }
      const identity = await identitiesIn(db).findById(record.identityId);
      const memberships = identity === null ? [] : await membershipsIn(db).listTenantsOf(identity.id, clock.now());
      if (identity === null || identity.email !== record.email || !hasAccessHere(memberships, input.tenant)) {
        return { kind: 'ticket_invalid' };
      }
      await audit.record({ kind: 'login.succeeded', tenantId, identityId: identity.id, origin: input.origin });
      await recordFirstLogin(input.tenant, identity.id, input.origin);
      return {
        kind: 'authenticated',
        identity,
        memberships,
        remainingRecoveryCodes: check.kind === 'recovery_code' ? check.remaining : null,
      };
    },

    /** The resend button of the "not confirmed" notice: bound to that login attempt, not to a typed address. */
    async resendConfirmation(
      ticket: unknown,
      tenant: Tenant | null,
    ): Promise<(ResendOutcome & { email: string }) | null> {
      const record = await actionTokens.findToken(ticket, ['login_ticket'], tenant?.id ?? null);
      if (record === null || stateOfToken(record, clock.now()) !== 'valid') {
        return null;
      }
      const identity = await identitiesIn(db).findById(record.identityId);
      if (identity === null || identity.email !== record.email) {
        return null;
      }
      const outcome = await emailConfirmation.sendConfirmationWithCooldown(identity.id, tenant);
      return { ...outcome, email: identity.emailDisplay };
    },
  };
}

export type LoginService = ReturnType<typeof createLoginService>;
