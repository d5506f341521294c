import type { Database } from '../../db/database.js';
import { HOUR, MINUTE, type Clock } from '../../shared/clock.js';
import type { ActionTokenService } from '../action-tokens/action-token-service.js';
import { parseEmailAddress } from '../identities/email-address.js';
import type { Identity } from '../identities/identity.js';
import { identitiesIn } from '../identities/identity-service.js';
import type { InvitationService } from '../invitations/invitation-service.js';
import { renderPasswordChangedMail, renderPasswordResetMail } from '../mail/account-mail-templates.js';
import { membershipsIn } from '../memberships/membership-service.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import type { Tenant } from '../tenants/tenant.js';
import type { TenantService } from '../tenants/tenant-service.js';
import { mailBrandingOf } from '../mail/mail-layout.js';

export const PASSWORD_RESET_LIFETIME = 1 * HOUR;
const RESET_COOLDOWN = 1 * MINUTE;

export function createPasswordResetService(deps: {
  db: Database;
  clock: Clock;
  tenants: TenantService;
  actionTokens: ActionTokenService;
  invitations: InvitationService;
  outbox: OutboxService;
}) {
  const { db, clock, tenants, actionTokens, invitations, outbox } = deps;

  async function baseUrlOf(executor: Database, tenant: Tenant | null): Promise<string> {
    return tenant === null ? tenants.platformBaseUrl() : tenants.tenantBaseUrl(tenant.id, executor);
  }

  return {
    /**
     * Forgot password: sends a one-hour link when the address has access here; a person still
     * without a password gets the invitation again instead. The caller answers the same always.
     */
    async requestPasswordReset(input: { email: string; tenant: Tenant | null }): Promise<void> {
      const email = parseEmailAddress(input.email);
      const found = email === null ? null : await identitiesIn(db).findByEmail(email.canonical);
      if (found === null) {
        return;
      }
      const { tenant } = input;
      await db.transaction(async (tx) => {
        const identity = (await identitiesIn(tx).findByIdForUpdate(found.id))!;
        const memberships = membershipsIn(tx);
        const now = clock.now();
        // Anybody can ask on a broker's host, the broker too: for a person who has not accepted this broker's access yet the
        // answer must not depend on a password from elsewhere, so both get the invitation again (under its cooldown).
        const isAwaitingInvitation =
          identity.passwordHash === null ||
          (tenant !== null && !(await memberships.hasAcceptedAccess(tenant.id, identity.id)));
        if (isAwaitingInvitation) {
          if (tenant !== null && (await memberships.hasMembership(tenant.id, identity.id))) {
            await invitations.resendInvitation(tx, tenant, identity);
          }
          return;
        }
        // Like the login: a broker's invitation that lapsed or was revoked gives no access, hence no reset, there.
        const hasAccess =
          tenant === null
            ? (await memberships.listTenantsOf(identity.id, now)).length > 0
            : await memberships.hasAccess(tenant.id, identity.id, now);
        if (!hasAccess) {
          return;
        }
        if ((await actionTokens.secondsUntilAllowed(tx, identity.id, 'password_reset', RESET_COOLDOWN)) > 0) {
          return;
        }
        const { token, record } = await actionTokens.issueToken(
          tx,
          {
            purpose: 'password_reset',
            tenantId: tenant?.id ?? null,
            identityId: identity.id,
            email: identity.email,
            lifetimeMilliseconds: PASSWORD_RESET_LIFETIME,
          },
          { revokeEarlier: true },
        );
        const mail = renderPasswordResetMail({
          language: identity.language,
          branding: mailBrandingOf(tenant),
          recipientName: identity.name,
          link: `${await baseUrlOf(tx, tenant)}/set-password?token=${token}`,
          expiresAt: record.expiresAt,
          validFor: { unit: 'hours', amount: PASSWORD_RESET_LIFETIME / HOUR },
        });
        await outbox.enqueueMail(tx, {
          tenantId: tenant?.id ?? null,
          kind: 'password_reset',
          fromName: mailBrandingOf(tenant).tenantName,
          to: identity.emailDisplay,
          ...mail,
        });
      });
    },

    /** Tells the address that its password changed, in the same transaction as the change. */
    async notifyPasswordChanged(executor: Database, identity: Identity, tenant: Tenant | null): Promise<void> {
      const mail = renderPasswordChangedMail({
        language: identity.language,
        branding: mailBrandingOf(tenant),
        recipientName: identity.name,
        loginUrl: `${await baseUrlOf(executor, tenant)}/login`,
        changedAt: clock.now(),
      });
      await outbox.enqueueMail(executor, {
        tenantId: tenant?.id ?? null,
        kind: 'password_changed',
        fromName: mailBrandingOf(tenant).tenantName,
        to: identity.emailDisplay,
        ...mail,
      });
    },
  };
}

export type PasswordResetService = ReturnType<typeof createPasswordResetService>;
