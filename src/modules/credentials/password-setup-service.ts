import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { ActionTokenService } from '../action-tokens/action-token-service.js';
import { stateOfToken, type ActionToken, type ActionTokenState } from '../action-tokens/action-token.js';
import type { EmailConfirmationService } from '../email-confirmation/email-confirmation-service.js';
import type { Identity } from '../identities/identity.js';
import { identitiesIn } from '../identities/identity-service.js';
import type { InvitationService } from '../invitations/invitation-service.js';
import { membershipsIn } from '../memberships/membership-service.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import { evaluatePassword, type PasswordProblemCode } from '../password-policy/password-policy.js';
import { normalizePassword } from '../password-policy/password-rules.js';
import type { AuditService, RequestOrigin } from '../audit/audit-service.js';
import type { ThrottleService } from '../throttling/throttle-service.js';
import type { SessionService } from '../sessions/session-service.js';
import type { Tenant } from '../tenants/tenant.js';
import type { PasswordResetService } from './password-reset-service.js';
import type { PasswordHasher } from './password-hasher.js';

export type SetPasswordProblem = PasswordProblemCode | 'PASSWORD_MISMATCH';

export type SetPasswordLinkView =
  | { state: 'valid'; email: string; name: string; purpose: 'invitation' | 'password_reset'; tokenId: string }
  | { state: Exclude<ActionTokenState, 'valid'> | 'unknown' };

export type SetPasswordOutcome =
  | { kind: 'password_set' }
  | { kind: 'password_refused'; problems: SetPasswordProblem[]; email: string; name: string }
  | { kind: 'link_unusable'; state: Exclude<ActionTokenState, 'valid'> | 'unknown' };

const LINK_PURPOSES = ['invitation', 'password_reset'] as const;

export function createPasswordSetupService(deps: {
  db: Database;
  clock: Clock;
  hasher: PasswordHasher;
  actionTokens: ActionTokenService;
  invitations: InvitationService;
  emailConfirmation: EmailConfirmationService;
  outbox: OutboxService;
  sessions: SessionService;
  passwordReset: PasswordResetService;
  audit: AuditService;
  throttle: ThrottleService;
}) {
  const { db, clock, hasher, actionTokens, invitations, emailConfirmation, sessions, passwordReset, audit, throttle } =
    deps;

  /** Invitations belong to a tenant; a reset requested on the platform host belongs to none. Unknown tokens count against the client. */
  async function findLink(token: unknown, tenant: Tenant | null, client: string): Promise<ActionToken | null> {
    return throttle.lookUpLinkToken(client, () => actionTokens.findToken(token, LINK_PURPOSES, tenant?.id ?? null));
  }

  /**
   * An invitation sets a first password only: once the person has one (through another broker's link), this tenant's
   * link is as good as used. Other brokers' invitations stay open, so none of them learns of the password.
   */
  function linkState(record: ActionToken, identity: Identity | null): ActionTokenState {
    const state = stateOfToken(record, clock.now());
    return state === 'valid' && record.purpose === 'invitation' && identity?.passwordHash != null ? 'used' : state;
  }

  return {
    /** For the page behind a mailed link: reading it changes nothing, so mail scanners can open it safely. */
    async describeLink(token: unknown, tenant: Tenant | null, client: string): Promise<SetPasswordLinkView> {
      const record = await findLink(token, tenant, client);
      if (record === null) {
        return { state: 'unknown' };
      }
      const identity = await identitiesIn(db).findById(record.identityId);
      const state = linkState(record, identity);
      if (state !== 'valid') {
        return { state };
      }
      return identity === null
        ? { state: 'unknown' }
        : {
            state,
            email: identity.emailDisplay,
            name: identity.name,
            purpose: record.purpose === 'password_reset' ? 'password_reset' : 'invitation',
            tokenId: record.id,
          };
    },

    /**
     * The page behind a link opened by a GET: like describeLink, and the first opening of a valid
     * invitation is noted for the staff. The link is not used up; an unusable one notes nothing.
     */
    async openLink(token: unknown, tenant: Tenant | null, client: string): Promise<SetPasswordLinkView> {
      const view = await this.describeLink(token, tenant, client);
      if (view.state === 'valid' && view.purpose === 'invitation') {
        await actionTokens.recordLinkOpened(view.tokenId);
      }
      return view;
    },

    /**
     * Uses the link up only together with an acceptable new password: a refused password leaves the
     * link as it was, and of concurrent submits exactly one wins the guarded UPDATE.
     */
    async setPassword(input: {
      token: unknown;
      tenant: Tenant | null;
      password: string;
      passwordConfirm: string;
      origin: RequestOrigin;
    }): Promise<SetPasswordOutcome> {
      const record = await findLink(input.token, input.tenant, input.origin.client);
      if (record === null) {
        return { kind: 'link_unusable', state: 'unknown' };
      }
      const identity = await identitiesIn(db).findById(record.identityId);
      const state = linkState(record, identity);
      if (state !== 'valid' || identity === null) {
        return { kind: 'link_unusable', state: state === 'valid' ? 'unknown' : state };
      }
      const password = normalizePassword(input.password);
      const problems: SetPasswordProblem[] = evaluatePassword(password, {
        email: identity.email,
        name: identity.name,
        ...(input.tenant === null ? {} : { tenantName: input.tenant.name }),
      });
      if (password !== normalizePassword(input.passwordConfirm)) {
        problems.push('PASSWORD_MISMATCH');
      }
      if (problems.length > 0) {
        return { kind: 'password_refused', problems, email: identity.emailDisplay, name: identity.name };
      }
      const passwordHash = await hasher.hashPassword(password);
      const outcome = await db.transaction(async (tx): Promise<SetPasswordOutcome> => {
        // The person's row lock first: of two brokers' links submitted at the same moment, only the first sets a password.
        const identities = identitiesIn(tx);
        const locked = (await identities.findByIdForUpdate(record.identityId))!;
        if (linkState(record, locked) !== 'valid' || !(await actionTokens.consumeToken(tx, record.id))) {
          const current = linkState(record, locked);
          return { kind: 'link_unusable', state: current === 'valid' ? 'used' : current };
        }
        const now = clock.now();
        await identities.updatePassword(locked.id, passwordHash, now);
        // The link reached this address, so it proves the address — unless it was changed since.
        if (locked.email === record.email && locked.emailConfirmedAt === null) {
          await identities.markEmailConfirmed(locked.id, now);
        }
        if (record.purpose === 'invitation' && record.tenantId !== null) {
          await membershipsIn(tx).acceptInvitation(record.tenantId, locked.id);
        }
        await actionTokens.revokeOpenTokens(tx, { identityId: locked.id, purpose: 'password_reset' });
        await audit.record(
          {
            kind: record.purpose === 'password_reset' ? 'password.reset' : 'password.set',
            tenantId: input.tenant?.id ?? null,
            identityId: locked.id,
            origin: input.origin,
          },
          tx,
        );
        if (record.purpose === 'password_reset') {
          // Whoever knew the old password is logged out everywhere, and the owner hears of the change.
          await sessions.endAllSessions(tx, locked.id);
          await passwordReset.notifyPasswordChanged(tx, locked, input.tenant);
        }
        return { kind: 'password_set' };
      });
      if (outcome.kind === 'password_set') {
        // The link proved the mailbox: whatever lock wrong guesses caused is over for the owner.
        await throttle.endPasswordCount(identity.email);
      }
      return outcome;
    },

    /**
     * From the page of a used or expired link: sends a fresh link to the address on file when one is
     * still needed. The caller answers the same whatever happens here.
     */
    async requestFreshLink(token: unknown, tenant: Tenant | null, client: string): Promise<void> {
      const record = await throttle.lookUpLinkToken(client, () =>
        actionTokens.findToken(token, [...LINK_PURPOSES, 'email_confirmation'], tenant?.id ?? null),
      );
      if (record === null) {
        return;
      }
      if (record.purpose === 'email_confirmation') {
        await emailConfirmation.sendConfirmationWithCooldown(record.identityId, tenant);
        return;
      }
      if (tenant === null) {
        return;
      }
      await db.transaction(async (tx) => {
        const identity = await identitiesIn(tx).findByIdForUpdate(record.identityId);
        if (identity === null || identity.passwordHash !== null || identity.email !== record.email) {
          return;
        }
        if (!(await membershipsIn(tx).hasMembership(tenant.id, identity.id))) {
          return;
        }
        await invitations.resendInvitation(tx, tenant, identity);
      });
    },
  };
}

export type PasswordSetupService = ReturnType<typeof createPasswordSetupService>;
