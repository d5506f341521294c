import type { Database } from '../../db/database.js';
import { CLI_ORIGIN, type AuditService } from '../audit/audit-service.js';
import { DAY, MINUTE } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import type { ActionTokenService } from '../action-tokens/action-token-service.js';
import { createGrantQueries } from '../grants/grant-repo.js';
import { parseEmailAddress, type EmailAddress } from '../identities/email-address.js';
import { parsePersonName, type Identity } from '../identities/identity.js';
import { createIdentityQueries } from '../identities/identity-repo.js';
import { renderAccessGrantedMail, renderInvitationMail } from '../mail/mail-templates.js';
import { createMembershipQueries } from '../memberships/membership-repo.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import type { Tenant } from '../tenants/tenant.js';
import type { TenantService } from '../tenants/tenant-service.js';
import { grantKindOf, parseCustomerNumbers, parseGrantName, type InviteInput, type InviteOnceOutcome, type InviteOutcome } from './invitation.js';

const INVITATION_RESEND_COOLDOWN = 1 * MINUTE;

export interface InvitationServiceDeps {
  db: Database;
  tenants: TenantService;
  actionTokens: ActionTokenService;
  outbox: OutboxService;
  audit: AuditService;
}

export function createInvitationService(deps: InvitationServiceDeps) {
  const { db, tenants, actionTokens, outbox } = deps;

  /** Writes the invitation token and its mail in the caller's transaction; earlier links of this tenant stop working. */
  async function sendInvitation(executor: Database, tenant: Tenant, identity: Identity): Promise<Date> {
    const { token, record } = await actionTokens.issueToken(
      executor,
      {
        purpose: 'invitation',
        tenantId: tenant.id,
        identityId: identity.id,
        email: identity.email,
        lifetimeMilliseconds: tenant.invitationLifetimeDays * DAY,
      },
      { revokeEarlier: true },
    );
    const baseUrl = await tenants.tenantBaseUrl(tenant.id, executor);
    const mail = renderInvitationMail({
      language: identity.language,
      branding: { tenantName: tenant.name, primaryColor: tenant.primaryColor },
      recipientName: identity.name,
      link: `${baseUrl}/set-password?token=${token}`,
      expiresAt: record.expiresAt,
      validFor: { unit: 'days', amount: tenant.invitationLifetimeDays },
    });
    await outbox.enqueueMail(executor, { tenantId: tenant.id, kind: 'invitation', fromName: tenant.name, to: identity.emailDisplay, ...mail });
    return record.expiresAt;
  }

  async function sendAccessGranted(executor: Database, tenant: Tenant, identity: Identity): Promise<void> {
    const baseUrl = await tenants.tenantBaseUrl(tenant.id, executor);
    const mail = renderAccessGrantedMail({
      language: identity.language,
      branding: { tenantName: tenant.name, primaryColor: tenant.primaryColor },
      recipientName: identity.name,
      loginUrl: `${baseUrl}/login`,
      email: identity.emailDisplay,
    });
    await outbox.enqueueMail(executor, { tenantId: tenant.id, kind: 'access_granted', fromName: tenant.name, to: identity.emailDisplay, ...mail });
  }

  /**
   * A fresh invitation unless one went to this person less than a minute ago: the one rule behind
   * "send a new link", forgot-password for people without a password, and the staff's resend.
   */
  async function resendInvitation(executor: Database, tenant: Tenant, identity: Identity): Promise<'sent' | 'too_soon'> {
    if ((await actionTokens.secondsUntilAllowed(executor, identity.id, 'invitation', INVITATION_RESEND_COOLDOWN)) > 0) {
      return 'too_soon';
    }
    await sendInvitation(executor, tenant, identity);
    return 'sent';
  }

  /** Address, name, customer numbers and grant name of an invitation, or the error of the first bad one. */
  function checkInviteInput(input: Omit<InviteInput, 'tenantId'>): { email: EmailAddress; name: string; customerNumbers: string[]; grantName: string | null } {
    const email = parseEmailAddress(input.email);
    if (email === null) {
      throw new AppError('EMAIL_INVALID', `Invalid e-mail address "${String(input.email).slice(0, 100)}"`);
    }
    const name = parsePersonName(input.name);
    if (name === null) {
      throw new AppError('NAME_INVALID', 'Invalid name: 1–120 characters, no control characters');
    }
    const customerNumbers = parseCustomerNumbers(input.customerNumbers ?? []);
    const isGrantWanted = input.grantName !== undefined || customerNumbers.length > 0 || input.role === 'policyholder' || input.role === 'intermediary';
    const grantName = isGrantWanted ? parseGrantName(input.grantName ?? name) : null;
    return { email, name, customerNumbers, grantName };
  }

  type CheckedInput = ReturnType<typeof checkInviteInput>;
  async function inviteChecked(tx: Database, tenant: Tenant, input: InviteInput, checked: CheckedInput): Promise<InviteOutcome>;
  async function inviteChecked(tx: Database, tenant: Tenant, input: InviteInput, checked: CheckedInput, options: { once: true }): Promise<InviteOnceOutcome>;
  async function inviteChecked(tx: Database, tenant: Tenant, input: InviteInput, checked: CheckedInput, options?: { once: true }): Promise<InviteOnceOutcome> {
    const { email, name, customerNumbers, grantName } = checked;
    const identityQueries = createIdentityQueries(tx);
    const created = await identityQueries.insertOrFind({
      email: email.canonical,
      emailDisplay: email.display,
      name,
      language: input.language ?? tenant.defaultLanguage,
    });
    const identity = (await identityQueries.findByIdForUpdate(created.id))!;
    // Decided under the identity's row lock, so two runs of one file at once still invite once. Only this
    // tenant's own grant members count: the answer says nothing about the person's access at other brokers.
    const grantQueries = createGrantQueries(tx);
    if (options?.once === true && grantName !== null && (await grantQueries.isMemberOfGrantNamed(tenant.id, grantName, identity.id))) {
      const grant = await grantQueries.findOrCreateGrant({ tenantId: tenant.id, name: grantName, kind: grantKindOf(input.role) });
      await grantQueries.addCustomers(tenant.id, grant.id, customerNumbers);
      return { state: 'already_invited', identityId: identity.id, email: identity.emailDisplay, grantName } as const;
    }
    const memberships = createMembershipQueries(tx);
    const isNewMembership = !(await memberships.hasMembership(tenant.id, identity.id));
    await memberships.ensureMembership({ tenantId: tenant.id, identityId: identity.id, role: input.role });
    if (grantName !== null) {
      const grant = await grantQueries.findOrCreateGrant({ tenantId: tenant.id, name: grantName, kind: grantKindOf(input.role) });
      await grantQueries.addCustomers(tenant.id, grant.id, customerNumbers);
      await grantQueries.addMember(tenant.id, grant.id, identity.id);
    }
    const origin = input.origin ?? CLI_ORIGIN;
    if (identity.passwordHash === null) {
      const expiresAt = await sendInvitation(tx, tenant, identity);
      await deps.audit.record({ kind: 'invitation.created', tenantId: tenant.id, identityId: identity.id, origin }, tx);
      return { state: 'invited', identityId: identity.id, email: identity.emailDisplay, grantName, expiresAt } as const;
    }
    if (isNewMembership) {
      await sendAccessGranted(tx, tenant, identity);
    }
    await deps.audit.record({ kind: 'access.granted', tenantId: tenant.id, identityId: identity.id, origin }, tx);
    return { state: 'active', identityId: identity.id, email: identity.emailDisplay, grantName, isNewMembership } as const;
  }

  return {
    sendInvitation,
    resendInvitation,

    /**
     * Opens access for a person in one tenant: identity (global, reused), membership, grant with its
     * customers, and either a set-password invitation or, for a person who has a password already,
     * an informational mail — all in one transaction with the outbox row.
     */
    async invite(input: InviteInput): Promise<InviteOutcome> {
      const checked = checkInviteInput(input);
      const tenant = await tenants.findTenantById(input.tenantId);
      if (tenant === null) {
        throw new AppError('TENANT_NOT_FOUND', 'No such tenant');
      }
      const outcome = await db.transaction((tx) => inviteChecked(tx, tenant, input, checked));
      outbox.notifyCommitted();
      return outcome;
    },

    /**
     * The same as invite, inside the caller's transaction, for changes that must be written together
     * with the access they open. The caller tells the outbox once the transaction has committed.
     */
    inviteWithin: (executor: Database, tenant: Tenant, input: Omit<InviteInput, 'tenantId'>): Promise<InviteOutcome> =>
      inviteChecked(executor, tenant, { ...input, tenantId: tenant.id }, checkInviteInput(input)),

    /**
     * As inviteWithin, but a person already in that grant of this tenant is left as they are (no new
     * link, the first one keeps working): a file imported again after a crash, or twice, invites once.
     * Customer numbers new to the grant are still added.
     */
    inviteOnceWithin: (executor: Database, tenant: Tenant, input: Omit<InviteInput, 'tenantId'>): Promise<InviteOnceOutcome> =>
      inviteChecked(executor, tenant, { ...input, tenantId: tenant.id }, checkInviteInput(input), { once: true }),
  };
}

export type InvitationService = ReturnType<typeof createInvitationService>;
