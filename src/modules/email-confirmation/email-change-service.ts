import type { Database } from '../../db/database.js';
import { HOUR, MINUTE, type Clock } from '../../shared/clock.js';
import type { ActionTokenService } from '../action-tokens/action-token-service.js';
import { stateOfToken, type ActionTokenState } from '../action-tokens/action-token.js';
import type { AuditService, RequestOrigin } from '../audit/audit-service.js';
import type { PasswordHasher } from '../credentials/password-hasher.js';
import { parseEmailAddress } from '../identities/email-address.js';
import { identitiesIn } from '../identities/identity-service.js';
import { renderEmailChangeMail, renderEmailTakenNoticeMail } from '../mail/account-mail-templates.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import { normalizePassword } from '../password-policy/password-rules.js';
import type { Tenant } from '../tenants/tenant.js';
import type { TenantService } from '../tenants/tenant-service.js';
import type { ThrottleService } from '../throttling/throttle-service.js';
import type { EmailConfirmationService } from './email-confirmation-service.js';
import { mailBrandingOf } from '../mail/mail-layout.js';

export const EMAIL_CHANGE_LIFETIME = 24 * HOUR;
const EMAIL_CHANGE_COOLDOWN = 1 * MINUTE;

export type EmailChangeRequestOutcome =
  /** The same answer whether the new address was free (link sent there) or taken (its owner told). */
  | { kind: 'requested' }
  | { kind: 'current_password_wrong' }
  | { kind: 'email_invalid' }
  | { kind: 'same_address' }
  | { kind: 'too_soon'; retryAfterSeconds: number };

export type EmailChangeLinkView =
  { state: 'valid'; email: string } | { state: Exclude<ActionTokenState, 'valid'> | 'unknown' };

/**
 * A logged-in person moves their account to another address. Nothing changes until the link sent
 * to the new address is used; the change itself is the operator's (`applyEmailChange`), so both
 * ways tell the old address and revoke its links alike.
 */
export function createEmailChangeService(deps: {
  db: Database;
  clock: Clock;
  hasher: PasswordHasher;
  throttle: ThrottleService;
  actionTokens: ActionTokenService;
  tenants: TenantService;
  outbox: OutboxService;
  audit: AuditService;
  emailConfirmation: EmailConfirmationService;
}) {
  const { db, clock, hasher, throttle, actionTokens, tenants, outbox, audit, emailConfirmation } = deps;

  return {
    async requestEmailChange(input: {
      identityId: string;
      currentPassword: string;
      newEmail: string;
      tenant: Tenant | null;
      origin: RequestOrigin;
    }): Promise<EmailChangeRequestOutcome> {
      const identity = await identitiesIn(db).findById(input.identityId);
      if (identity === null || identity.passwordHash === null) {
        return { kind: 'current_password_wrong' };
      }
      const attempt = { account: identity.email, client: input.origin.client };
      const passwordHash = identity.passwordHash;
      const isCurrentCorrect = await throttle.checkWithinLimit(
        attempt,
        () => hasher.verifyPassword(passwordHash, normalizePassword(input.currentPassword)),
        {
          isSuccess: (correct) => correct,
          onSuccess: 'give_back',
        },
      );
      if (isCurrentCorrect !== true) {
        return { kind: 'current_password_wrong' };
      }
      const next = parseEmailAddress(input.newEmail);
      if (next === null) {
        return { kind: 'email_invalid' };
      }
      if (next.canonical === identity.email) {
        return { kind: 'same_address' };
      }
      const tenant = input.tenant;
      const branding = mailBrandingOf(tenant);
      const outcome = await db.transaction(async (tx): Promise<EmailChangeRequestOutcome> => {
        const locked = (await identitiesIn(tx).findByIdForUpdate(identity.id))!;
        const wait = await actionTokens.secondsUntilAllowed(tx, locked.id, 'email_change', EMAIL_CHANGE_COOLDOWN);
        if (wait > 0) {
          return { kind: 'too_soon', retryAfterSeconds: wait };
        }
        // A token is issued in both cases, so the cooldown (and the work done) says nothing about the address.
        const { token, record } = await actionTokens.issueToken(
          tx,
          {
            purpose: 'email_change',
            tenantId: tenant?.id ?? null,
            identityId: locked.id,
            email: next.display,
            lifetimeMilliseconds: EMAIL_CHANGE_LIFETIME,
          },
          { revokeEarlier: true },
        );
        const owner = await identitiesIn(tx).findByEmail(next.canonical);
        if (owner === null) {
          const baseUrl = tenant === null ? tenants.platformBaseUrl() : await tenants.tenantBaseUrl(tenant.id, tx);
          const mail = renderEmailChangeMail({
            language: locked.language,
            branding,
            recipientName: locked.name,
            link: `${baseUrl}/confirm-email-change?token=${token}`,
            expiresAt: record.expiresAt,
            validFor: { unit: 'hours', amount: EMAIL_CHANGE_LIFETIME / HOUR },
          });
          await outbox.enqueueMail(tx, {
            tenantId: tenant?.id ?? null,
            kind: 'email_confirmation',
            fromName: branding.tenantName,
            to: next.display,
            ...mail,
          });
        } else {
          const notice = renderEmailTakenNoticeMail({ language: owner.language, branding, recipientName: owner.name });
          await outbox.enqueueMail(tx, {
            tenantId: tenant?.id ?? null,
            kind: 'email_changed',
            fromName: branding.tenantName,
            to: owner.emailDisplay,
            ...notice,
          });
        }
        await audit.record(
          { kind: 'email.change_requested', tenantId: tenant?.id ?? null, identityId: locked.id, origin: input.origin },
          tx,
        );
        return { kind: 'requested' };
      });
      return outcome;
    },

    /**
     * The address a broker's staff asked this person to move to, for filling in the form on Mein
     * Zugang; null unless the link is open, of this tenant and meant for the person logged in.
     */
    async findRequestedEmail(token: unknown, tenant: Tenant | null, identityId: string): Promise<string | null> {
      const record = await actionTokens.findToken(token, ['email_change_request'], tenant?.id ?? null);
      if (record === null || record.identityId !== identityId || stateOfToken(record, clock.now()) !== 'valid') {
        return null;
      }
      return record.email;
    },

    async describeEmailChangeLink(token: unknown, tenant: Tenant | null, client: string): Promise<EmailChangeLinkView> {
      const record = await throttle.lookUpLinkToken(client, () =>
        actionTokens.findToken(token, ['email_change'], tenant?.id ?? null),
      );
      if (record === null) {
        return { state: 'unknown' };
      }
      const state = stateOfToken(record, clock.now());
      return state === 'valid' ? { state, email: record.email } : { state };
    },

    /** The POST behind the link's button: uses the link up and moves the account, if the address is still free. */
    async confirmEmailChange(
      token: unknown,
      tenant: Tenant | null,
      origin: RequestOrigin,
    ): Promise<EmailChangeLinkView> {
      const record = await throttle.lookUpLinkToken(origin.client, () =>
        actionTokens.findToken(token, ['email_change'], tenant?.id ?? null),
      );
      const next = record === null ? null : parseEmailAddress(record.email);
      if (record === null || next === null) {
        return { state: 'unknown' };
      }
      const outcome = await db.transaction(async (tx): Promise<EmailChangeLinkView> => {
        if (!(await actionTokens.consumeToken(tx, record.id))) {
          const state = stateOfToken(record, clock.now());
          return { state: state === 'valid' ? 'used' : state };
        }
        const identities = identitiesIn(tx);
        const identity = await identities.findByIdForUpdate(record.identityId);
        if (identity === null || (await identities.findByEmail(next.canonical)) !== null) {
          return { state: 'revoked' };
        }
        await emailConfirmation.applyEmailChange(tx, identity, next, origin, { isNewAddressConfirmed: true });
        return { state: 'valid', email: next.display };
      });
      return outcome;
    },
  };
}

export type EmailChangeService = ReturnType<typeof createEmailChangeService>;
