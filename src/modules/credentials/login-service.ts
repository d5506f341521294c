import type { Database } from '../../db/database.js';
import { MINUTE } from '../../shared/clock.js';
import type { ActionTokenService } from '../action-tokens/action-token-service.js';
import { stateOfToken } from '../action-tokens/action-token.js';
import type { Clock } from '../../shared/clock.js';
import { CONFIRMATION_COOLDOWN, type EmailConfirmationService, type ResendOutcome } from '../email-confirmation/email-confirmation-service.js';
import { parseEmailAddress } from '../identities/email-address.js';
import type { Identity } from '../identities/identity.js';
import { createIdentityQueries } from '../identities/identity-repo.js';
import { createMembershipQueries, type MembershipTenant } from '../memberships/membership-repo.js';
import { PASSWORD_MAX_LENGTH, countCodePoints, normalizePassword } from '../password-policy/password-rules.js';
import type { Tenant } from '../tenants/tenant.js';
import type { ThrottleService } from '../throttling/throttle-service.js';
import { hashToken } from '../../shared/tokens.js';
import type { PasswordHasher } from './password-hasher.js';

export type LoginOutcome =
  | { kind: 'authenticated'; identity: Identity; memberships: MembershipTenant[] }
  /** Only after a correct password: the address needs confirming; the ticket lets this attempt ask for a new mail. */
  | { kind: 'email_unconfirmed'; email: string; ticket: string; retryAfterSeconds: number }
  /** Unknown address, wrong password, no membership here: one answer for all. */
  | { kind: 'failed' };

const LOGIN_TICKET_LIFETIME = 15 * MINUTE;

export function createLoginService(deps: {
  db: Database;
  clock: Clock;
  hasher: PasswordHasher;
  actionTokens: ActionTokenService;
  emailConfirmation: EmailConfirmationService;
  throttle: ThrottleService;
}) {
  const { db, clock, hasher, actionTokens, emailConfirmation, throttle } = deps;

  /** Every failing branch runs one argon2 verification, so the answer time says nothing about the address. */
  async function verifyCredentials(emailInput: string, passwordInput: string, client: string): Promise<Identity | null> {
    const email = parseEmailAddress(emailInput);
    const password = normalizePassword(passwordInput);
    // Text that is no address (NUL bytes included) is counted under its hash, never stored as typed.
    const attempt = { account: email?.canonical ?? `invalid:${hashToken(emailInput)}`, client };
    // While locked the answer is the same neutral one, after the same work, so a lock reveals nothing either.
    if (await throttle.isLocked(attempt)) {
      await hasher.verifyAgainstDummy(password);
      return null;
    }
    const identity = await verifyPassword(email?.canonical ?? null, password);
    await (identity === null ? throttle.recordFailure(attempt) : throttle.recordSuccess(attempt));
    return identity;
  }

  async function verifyPassword(canonicalEmail: string | null, password: string): Promise<Identity | null> {
    const identity = canonicalEmail === null ? null : await createIdentityQueries(db).findByEmail(canonicalEmail);
    if (identity === null || identity.passwordHash === null || countCodePoints(password) > PASSWORD_MAX_LENGTH) {
      await hasher.verifyAgainstDummy(password);
      return null;
    }
    if (!(await hasher.verifyPassword(identity.passwordHash, password))) {
      return null;
    }
    if (hasher.needsRehash(identity.passwordHash)) {
      await createIdentityQueries(db).updatePasswordHash(identity.id, await hasher.hashPassword(password));
    }
    return identity;
  }

  return {
    /** Logs in on a tenant's host (tenant given) or on the platform host (tenant null). */
    async logIn(input: { email: string; password: string; tenant: Tenant | null; client: string }): Promise<LoginOutcome> {
      const identity = await verifyCredentials(input.email, input.password, input.client);
      if (identity === null) {
        return { kind: 'failed' };
      }
      const memberships = await createMembershipQueries(db).listTenantsOf(identity.id);
      const isMember = input.tenant === null ? memberships.length > 0 : memberships.some((membership) => membership.tenantId === input.tenant!.id);
      if (!isMember) {
        return { kind: 'failed' };
      }
      if (identity.emailConfirmedAt === null) {
        return db.transaction(async (tx) => {
          const { token } = await actionTokens.issueToken(
            tx,
            { purpose: 'login_ticket', tenantId: input.tenant?.id ?? null, identityId: identity.id, email: identity.email, lifetimeMilliseconds: LOGIN_TICKET_LIFETIME },
            { revokeEarlier: false },
          );
          const retryAfterSeconds = await actionTokens.secondsUntilAllowed(tx, identity.id, 'email_confirmation', CONFIRMATION_COOLDOWN);
          return { kind: 'email_unconfirmed', email: identity.emailDisplay, ticket: token, retryAfterSeconds } as const;
        });
      }
      return { kind: 'authenticated', identity, memberships };
    },

    /** The resend button of the "not confirmed" notice: bound to that login attempt, not to a typed address. */
    async resendConfirmation(ticket: unknown, tenant: Tenant | null): Promise<(ResendOutcome & { email: string }) | null> {
      const record = await actionTokens.findToken(ticket, ['login_ticket'], tenant?.id ?? null);
      if (record === null || stateOfToken(record, clock.now()) !== 'valid') {
        return null;
      }
      const identity = await createIdentityQueries(db).findById(record.identityId);
      if (identity === null || identity.email !== record.email) {
        return null;
      }
      const outcome = await emailConfirmation.sendConfirmationWithCooldown(identity.id, tenant);
      return { ...outcome, email: identity.emailDisplay };
    },
  };
}

export type LoginService = ReturnType<typeof createLoginService>;
