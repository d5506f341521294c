import type { Database } from '../../db/database.js';
import { HOUR, MINUTE } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import type { ActionTokenService } from '../action-tokens/action-token-service.js';
import { stateOfToken, type ActionTokenState } from '../action-tokens/action-token.js';
import { parseEmailAddress } from '../identities/email-address.js';
import type { Identity } from '../identities/identity.js';
import { identitiesIn } from '../identities/identity-service.js';
import { renderEmailChangedMail } from '../mail/account-mail-templates.js';
import { renderEmailConfirmationMail } from '../mail/mail-templates.js';
import { membershipsIn } from '../memberships/membership-service.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import type { Tenant } from '../tenants/tenant.js';
import type { TenantService } from '../tenants/tenant-service.js';
import type { Clock } from '../../shared/clock.js';
import type { ThrottleService } from '../throttling/throttle-service.js';
import { CLI_ORIGIN, type AuditService, type RequestOrigin } from '../audit/audit-service.js';
import { mailBrandingOf } from '../mail/mail-layout.js';

export const CONFIRMATION_LIFETIME = 24 * HOUR;
export const CONFIRMATION_COOLDOWN = 1 * MINUTE;

export type ConfirmationLinkView =
  { state: 'valid'; email: string } | { state: Exclude<ActionTokenState, 'valid'> | 'unknown' };

export interface ResendOutcome {
  /** Seconds until the next confirmation mail may be requested. */
  retryAfterSeconds: number;
  wasSent: boolean;
}

export function createEmailConfirmationService(deps: {
  db: Database;
  clock: Clock;
  tenants: TenantService;
  actionTokens: ActionTokenService;
  outbox: OutboxService;
  sendInvitation: (executor: Database, tenant: Tenant, identity: Identity) => Promise<Date>;
  audit: AuditService;
  throttle: ThrottleService;
}) {
  const { db, tenants, actionTokens, outbox } = deps;

  async function sendConfirmation(executor: Database, identity: Identity, tenant: Tenant | null): Promise<void> {
    const { token, record } = await actionTokens.issueToken(
      executor,
      {
        purpose: 'email_confirmation',
        tenantId: tenant?.id ?? null,
        identityId: identity.id,
        email: identity.email,
        lifetimeMilliseconds: CONFIRMATION_LIFETIME,
      },
      { revokeEarlier: true },
    );
    const baseUrl = tenant === null ? tenants.platformBaseUrl() : await tenants.tenantBaseUrl(tenant.id, executor);
    const mail = renderEmailConfirmationMail({
      language: identity.language,
      branding: mailBrandingOf(tenant),
      recipientName: identity.name,
      link: `${baseUrl}/confirm-email?token=${token}`,
      expiresAt: record.expiresAt,
      validFor: { unit: 'hours', amount: CONFIRMATION_LIFETIME / HOUR },
    });
    await outbox.enqueueMail(executor, {
      tenantId: tenant?.id ?? null,
      kind: 'email_confirmation',
      fromName: tenant?.name ?? 'Portico',
      to: identity.emailDisplay,
      ...mail,
    });
  }

  /** Sends a confirmation unless one went out within the cooldown; the identity row is locked meanwhile. */
  async function sendConfirmationWithCooldown(identityId: string, tenant: Tenant | null): Promise<ResendOutcome> {
    const outcome = await db.transaction(async (tx) => {
      const identity = await identitiesIn(tx).findByIdForUpdate(identityId);
      if (identity === null || identity.emailConfirmedAt !== null) {
        return { retryAfterSeconds: 0, wasSent: false };
      }
      const wait = await actionTokens.secondsUntilAllowed(tx, identity.id, 'email_confirmation', CONFIRMATION_COOLDOWN);
      if (wait > 0) {
        return { retryAfterSeconds: wait, wasSent: false };
      }
      await sendConfirmation(tx, identity, tenant);
      return { retryAfterSeconds: CONFIRMATION_COOLDOWN / 1000, wasSent: true };
    });
    return outcome;
  }

  /**
   * Moves an identity to a new address inside the caller's transaction: links sent to the old address
   * stop working, the old address is told, and, unless the new one is confirmed already, a
   * confirmation (or, without a password, the invitation) goes to the new one.
   */
  async function applyEmailChange(
    tx: Database,
    identity: Identity,
    next: { canonical: string; display: string },
    origin: RequestOrigin,
    options: { isNewAddressConfirmed: boolean },
  ): Promise<void> {
    const identities = identitiesIn(tx);
    await identities.updateEmail(identity.id, next.canonical, next.display);
    if (options.isNewAddressConfirmed) {
      await identities.markEmailConfirmed(identity.id, deps.clock.now());
    }
    // Links sent to the old address must not confirm or set anything any more. A person with a password has no usable
    // invitation link; their invitations stay as they are, since revoking them would show every broker the change.
    const purposes = [
      'email_confirmation',
      'password_reset',
      'email_change',
      'email_change_request',
      ...(identity.passwordHash === null ? (['invitation'] as const) : []),
    ] as const;
    for (const purpose of purposes) {
      await actionTokens.revokeOpenTokens(tx, { identityId: identity.id, purpose });
    }
    const [membership] = await membershipsIn(tx).listTenantsOf(identity.id, deps.clock.now());
    const tenant = membership === undefined ? null : await tenants.findTenantById(membership.tenantId, tx);
    const changed = {
      ...identity,
      email: next.canonical,
      emailDisplay: next.display,
      emailConfirmedAt: options.isNewAddressConfirmed ? deps.clock.now() : null,
    };
    await deps.audit.record(
      { kind: 'email.changed', tenantId: tenant?.id ?? null, identityId: identity.id, origin },
      tx,
    );
    if (options.isNewAddressConfirmed) {
      // Integrations hear of a confirmed address the same way, however the person came to it.
      await deps.audit.record(
        { kind: 'email.confirmed', tenantId: tenant?.id ?? null, identityId: identity.id, origin },
        tx,
      );
    }
    if (identity.email !== next.canonical) {
      const notice = renderEmailChangedMail({
        language: identity.language,
        branding: mailBrandingOf(tenant),
        recipientName: identity.name,
        newEmail: next.display,
        isNewAddressConfirmed: options.isNewAddressConfirmed,
      });
      await outbox.enqueueMail(tx, {
        tenantId: tenant?.id ?? null,
        kind: 'email_changed',
        fromName: tenant?.name ?? 'Portico',
        to: identity.emailDisplay,
        ...notice,
      });
    }
    if (options.isNewAddressConfirmed) {
      return;
    }
    if (identity.passwordHash === null && tenant !== null) {
      // Without a password the person still needs the invitation; setting the password confirms the address.
      await deps.sendInvitation(tx, tenant, changed);
    } else {
      await sendConfirmation(tx, changed, tenant);
    }
  }

  return {
    sendConfirmationWithCooldown,
    applyEmailChange,

    async describeConfirmationLink(
      token: unknown,
      tenant: Tenant | null,
      client: string,
    ): Promise<ConfirmationLinkView> {
      const record = await deps.throttle.lookUpLinkToken(client, () =>
        actionTokens.findToken(token, ['email_confirmation'], tenant?.id ?? null),
      );
      if (record === null) {
        return { state: 'unknown' };
      }
      const state = stateOfToken(record, deps.clock.now());
      return state === 'valid' ? { state, email: record.email } : { state };
    },

    /** Confirms the address the link was sent to, if it is still the identity's address. */
    async confirmEmail(token: unknown, tenant: Tenant | null, origin: RequestOrigin): Promise<ConfirmationLinkView> {
      const record = await deps.throttle.lookUpLinkToken(origin.client, () =>
        actionTokens.findToken(token, ['email_confirmation'], tenant?.id ?? null),
      );
      if (record === null) {
        return { state: 'unknown' };
      }
      return db.transaction(async (tx) => {
        if (!(await actionTokens.consumeToken(tx, record.id))) {
          const state = stateOfToken(record, deps.clock.now());
          return { state: state === 'valid' ? 'used' : state };
        }
        const identities = identitiesIn(tx);
        const identity = await identities.findByIdForUpdate(record.identityId);
        if (identity === null || identity.email !== record.email) {
          return { state: 'revoked' };
        }
        await identities.markEmailConfirmed(identity.id, deps.clock.now());
        await deps.audit.record(
          { kind: 'email.confirmed', tenantId: tenant?.id ?? null, identityId: identity.id, origin },
          tx,
        );
        return { state: 'valid', email: identity.emailDisplay };
      });
    },

    /** Changes an identity's address; the new one is unconfirmed until its link is used. */
    async changeEmail(
      currentEmail: unknown,
      newEmail: unknown,
      origin: RequestOrigin = CLI_ORIGIN,
    ): Promise<{ email: string }> {
      const current = parseEmailAddress(currentEmail);
      const next = parseEmailAddress(newEmail);
      if (current === null || next === null) {
        throw new AppError(
          'EMAIL_INVALID',
          `Invalid e-mail address "${String(current === null ? currentEmail : newEmail).slice(0, 100)}"`,
        );
      }
      await db.transaction(async (tx) => {
        const identities = identitiesIn(tx);
        const found = await identities.findByEmail(current.canonical);
        if (found === null) {
          throw new AppError('IDENTITY_NOT_FOUND', `No person with address ${current.display}`);
        }
        const identity = (await identities.findByIdForUpdate(found.id))!;
        if (next.canonical !== identity.email && (await identities.findByEmail(next.canonical)) !== null) {
          throw new AppError('EMAIL_TAKEN', `The address ${next.display} belongs to another person`);
        }
        await applyEmailChange(tx, identity, next, origin, { isNewAddressConfirmed: false });
      });
      return { email: next.display };
    },
  };
}

export type EmailConfirmationService = ReturnType<typeof createEmailConfirmationService>;
