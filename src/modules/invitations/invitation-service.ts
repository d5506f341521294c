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
import {
  grantKindOf,
  parseCustomerNumbers,
  parseGrantName,
  type InviteInput,
  type InviteOnceOutcome,
  type InviteOutcome,
} from './invitation.js';

/** One cooldown for every path that sends an invitation of a tenant to a person: single, bulk, CSV, resend, forgot-password. */
export const INVITATION_COOLDOWN = 1 * MINUTE;

export interface InvitationServiceDeps {
  db: Database;
  tenants: TenantService;
  actionTokens: ActionTokenService;
  outbox: OutboxService;
  audit: AuditService;
}

export function createInvitationService(deps: InvitationServiceDeps) {
  const { db, tenants, actionTokens, outbox } = deps;

  /**
   * Writes an invitation of the tenant and its mail in the caller's transaction; earlier links of this tenant stop working.
   * A person with a password never gets a set-password link: the invitation is recorded all the same (it decides what the
   * staff see and how long access waits for the first login), and the mail says that access is open.
   */
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
    await createMembershipQueries(executor).limitAccessToInvitation(tenant.id, [identity.id], record.expiresAt);
    const baseUrl = await tenants.tenantBaseUrl(tenant.id, executor);
    const branding = { tenantName: tenant.name, primaryColor: tenant.primaryColor };
    if (identity.passwordHash !== null) {
      const mail = renderAccessGrantedMail({
        language: identity.language,
        branding,
        recipientName: identity.name,
        loginUrl: `${baseUrl}/login`,
        email: identity.emailDisplay,
      });
      await outbox.enqueueMail(executor, {
        tenantId: tenant.id,
        kind: 'access_granted',
        fromName: tenant.name,
        to: identity.emailDisplay,
        ...mail,
      });
      return record.expiresAt;
    }
    const mail = renderInvitationMail({
      language: identity.language,
      branding,
      recipientName: identity.name,
      link: `${baseUrl}/set-password?token=${token}`,
      expiresAt: record.expiresAt,
      validFor: { unit: 'days', amount: tenant.invitationLifetimeDays },
    });
    await outbox.enqueueMail(executor, {
      tenantId: tenant.id,
      kind: 'invitation',
      fromName: tenant.name,
      to: identity.emailDisplay,
      ...mail,
    });
    return record.expiresAt;
  }

  /**
   * A fresh invitation unless one of this tenant went to this person within the cooldown: the one rule behind "send a new
   * link", forgot-password for people without a password, and the staff's resend. The caller holds the identity's row lock,
   * so two requests at the same moment cannot both pass the check.
   */
  async function resendInvitation(
    executor: Database,
    tenant: Tenant,
    identity: Identity,
  ): Promise<'sent' | 'too_soon'> {
    if (
      (await actionTokens.secondsUntilAllowed(executor, identity.id, 'invitation', INVITATION_COOLDOWN, {
        tenantId: tenant.id,
      })) > 0
    ) {
      return 'too_soon';
    }
    await sendInvitation(executor, tenant, identity);
    return 'sent';
  }

  /** Address, name, customer numbers and grant name of an invitation, or the error of the first bad one. */
  function checkInviteInput(input: Omit<InviteInput, 'tenantId'>): {
    email: EmailAddress;
    name: string;
    customerNumbers: string[];
    grantName: string | null;
  } {
    const email = parseEmailAddress(input.email);
    if (email === null) {
      throw new AppError('EMAIL_INVALID', `Invalid e-mail address "${String(input.email).slice(0, 100)}"`);
    }
    const name = parsePersonName(input.name);
    if (name === null) {
      throw new AppError('NAME_INVALID', 'Invalid name: 1–120 characters, no control characters');
    }
    const customerNumbers = parseCustomerNumbers(input.customerNumbers ?? []);
    const isGrantWanted =
      input.grantName !== undefined ||
      customerNumbers.length > 0 ||
      input.role === 'policyholder' ||
      input.role === 'intermediary';
    const grantName = isGrantWanted ? parseGrantName(input.grantName ?? name) : null;
    return { email, name, customerNumbers, grantName };
  }

  type CheckedInput = ReturnType<typeof checkInviteInput>;
  async function inviteChecked(
    tx: Database,
    tenant: Tenant,
    input: InviteInput,
    checked: CheckedInput,
  ): Promise<InviteOutcome>;
  async function inviteChecked(
    tx: Database,
    tenant: Tenant,
    input: InviteInput,
    checked: CheckedInput,
    options: { once: true },
  ): Promise<InviteOnceOutcome>;
  async function inviteChecked(
    tx: Database,
    tenant: Tenant,
    input: InviteInput,
    checked: CheckedInput,
    options?: { once: true },
  ): Promise<InviteOnceOutcome> {
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
    if (
      options?.once === true &&
      grantName !== null &&
      (await grantQueries.isMemberOfGrantNamed(tenant.id, grantName, identity.id))
    ) {
      const grant = await grantQueries.findOrCreateGrant({
        tenantId: tenant.id,
        name: grantName,
        kind: grantKindOf(input.role),
      });
      await grantQueries.addCustomers(tenant.id, grant.id, customerNumbers);
      return { state: 'already_invited', identityId: identity.id, email: identity.emailDisplay, grantName } as const;
    }
    const memberships = createMembershipQueries(tx);
    const hasAccepted = identity.passwordHash !== null && (await memberships.hasAcceptedAccess(tenant.id, identity.id));
    await memberships.ensureMembership({ tenantId: tenant.id, identityId: identity.id, role: input.role });
    if (grantName !== null) {
      const grant = await grantQueries.findOrCreateGrant({
        tenantId: tenant.id,
        name: grantName,
        kind: grantKindOf(input.role),
      });
      await grantQueries.addCustomers(tenant.id, grant.id, customerNumbers);
      await grantQueries.addMember(tenant.id, grant.id, identity.id);
    }
    const origin = input.origin ?? CLI_ORIGIN;
    if (hasAccepted) {
      await deps.audit.record({ kind: 'access.granted', tenantId: tenant.id, identityId: identity.id, origin }, tx);
      return { state: 'active', identityId: identity.id, email: identity.emailDisplay, grantName } as const;
    }
    // Whether the address is new to Portico or has a password from another broker must not show here: the same answer,
    // the same invitation record and the same cooldown for both; within the cooldown a repeat answers like the first.
    const recent = await actionTokens.listRecentOpenTokens(
      tx,
      { tenantId: tenant.id, purpose: 'invitation', identityIds: [identity.id] },
      INVITATION_COOLDOWN,
    );
    let expiresAt = recent.get(identity.id);
    if (expiresAt === undefined) {
      expiresAt = await sendInvitation(tx, tenant, identity);
      await deps.audit.record({ kind: 'invitation.created', tenantId: tenant.id, identityId: identity.id, origin }, tx);
    } else {
      // A role added within the cooldown waits for the same invitation as the roles before it.
      await memberships.limitAccessToInvitation(tenant.id, [identity.id], expiresAt);
    }
    return { state: 'invited', identityId: identity.id, email: identity.emailDisplay, grantName, expiresAt } as const;
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
    inviteOnceWithin: (
      executor: Database,
      tenant: Tenant,
      input: Omit<InviteInput, 'tenantId'>,
    ): Promise<InviteOnceOutcome> =>
      inviteChecked(executor, tenant, { ...input, tenantId: tenant.id }, checkInviteInput(input), { once: true }),
  };
}

export type InvitationService = ReturnType<typeof createInvitationService>;
