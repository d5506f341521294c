import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { identitiesIn } from '../identities/identity-service.js';
import type { ActionTokenService } from '../action-tokens/action-token-service.js';
import type { AuditService, RequestOrigin } from '../audit/audit-service.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import { evaluatePassword } from '../password-policy/password-policy.js';
import { normalizePassword } from '../password-policy/password-rules.js';
import type { SessionService } from '../sessions/session-service.js';
import type { Tenant } from '../tenants/tenant.js';
import type { ThrottleService } from '../throttling/throttle-service.js';
import type { PasswordHasher } from './password-hasher.js';
import type { PasswordResetService } from './password-reset-service.js';
import type { SetPasswordProblem } from './password-setup-service.js';

export type ChangePasswordOutcome =
  /** The asking browser continues with a new session token; every other session has ended. */
  | { kind: 'changed'; sessionToken: string }
  | { kind: 'current_password_wrong' }
  | { kind: 'password_refused'; problems: SetPasswordProblem[] };

export function createPasswordChangeService(deps: {
  db: Database;
  clock: Clock;
  hasher: PasswordHasher;
  sessions: SessionService;
  passwordReset: PasswordResetService;
  throttle: ThrottleService;
  outbox: OutboxService;
  audit: AuditService;
  actionTokens: ActionTokenService;
}) {
  const { db, clock, hasher, sessions, passwordReset, throttle, audit, actionTokens } = deps;
  return {
    /**
     * A logged-in person changes their password: the current one is required (and its guesses
     * count towards the login lock), the new one meets the same policy; afterwards every other
     * session ends and the address is told.
     */
    async changePassword(input: {
      identityId: string;
      sessionId: string;
      tenant: Tenant | null;
      origin: RequestOrigin;
      host: string;
      currentPassword: string;
      newPassword: string;
      newPasswordConfirm: string;
    }): Promise<ChangePasswordOutcome> {
      const identity = await identitiesIn(db).findById(input.identityId);
      if (identity === null || identity.passwordHash === null) {
        return { kind: 'current_password_wrong' };
      }
      const attempt = { account: identity.email, client: input.origin.client };
      const current = normalizePassword(input.currentPassword);
      const passwordHash = identity.passwordHash;
      const isCurrentCorrect = await throttle.checkWithinLimit(
        attempt,
        () => hasher.verifyPassword(passwordHash, current),
        {
          isSuccess: (correct) => correct,
          onSuccess: 'give_back',
        },
      );
      if (isCurrentCorrect !== true) {
        return { kind: 'current_password_wrong' };
      }
      const password = normalizePassword(input.newPassword);
      const problems: SetPasswordProblem[] = evaluatePassword(password, {
        email: identity.email,
        name: identity.name,
        ...(input.tenant === null ? {} : { tenantName: input.tenant.name }),
      });
      if (password !== normalizePassword(input.newPasswordConfirm)) {
        problems.push('PASSWORD_MISMATCH');
      }
      if (problems.length > 0) {
        return { kind: 'password_refused', problems };
      }
      const newHash = await hasher.hashPassword(password);
      await db.transaction(async (tx) => {
        const identities = identitiesIn(tx);
        const locked = (await identities.findByIdForUpdate(identity.id))!;
        await identities.updatePassword(locked.id, newHash, clock.now());
        // All sessions end, the asking one included; it continues under a fresh id below.
        await sessions.endAllSessions(tx, locked.id);
        await actionTokens.revokeOpenTokens(tx, { identityId: locked.id, purpose: 'password_reset' });
        await passwordReset.notifyPasswordChanged(tx, locked, input.tenant);
        await audit.record(
          { kind: 'password.changed', tenantId: input.tenant?.id ?? null, identityId: locked.id, origin: input.origin },
          tx,
        );
      });
      const sessionToken = await sessions.createSession({
        identityId: identity.id,
        tenantId: input.tenant?.id ?? null,
        host: input.host,
        userAgent: input.origin.userAgent,
      });
      return { kind: 'changed', sessionToken };
    },
  };
}

export type PasswordChangeService = ReturnType<typeof createPasswordChangeService>;
