import type { Database } from '../../db/database.js';
import { DAY, type Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import type { ActionTokenService } from '../action-tokens/action-token-service.js';
import { CLI_ORIGIN, type AuditService } from '../audit/audit-service.js';
import type { GrantService } from '../grants/grant-service.js';
import type { Identity } from '../identities/identity.js';
import { membershipsIn } from '../memberships/membership-service.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import type { Tenant } from '../tenants/tenant.js';
import type { TenantService } from '../tenants/tenant-service.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import {
  type InvitationOptions,
  type InvitationRequest,
  type InvitationResult,
  type InviteInput,
  type InviteOnceOutcome,
  type InviteOutcome,
} from './invitation.js';
import { INVITATION_COOLDOWN, invitationMailOf, inviteListWithin } from './invitation-batch.js';
import { required } from '../../shared/required.js';

export { INVITATION_COOLDOWN };

export interface InvitationServiceDeps {
  db: Database;
  clock: Clock;
  tenants: TenantService;
  actionTokens: ActionTokenService;
  outbox: OutboxService;
  audit: AuditService;
  grants: GrantService;
  webhooks: WebhookService;
}

/** The single invitation's input as a list of one. */
function requestOf(input: Omit<InviteInput, 'tenantId'>): InvitationRequest {
  const customerNumbers = input.customerNumbers ?? [];
  const isGrantNamed = input.grantName !== undefined || customerNumbers.length > 0;
  return {
    email: input.email,
    name: input.name,
    role: input.role,
    ...(input.language === undefined ? {} : { language: input.language }),
    ...(isGrantNamed
      ? { grant: { ...(input.grantName === undefined ? {} : { name: input.grantName }), customerNumbers } }
      : {}),
  };
}

/** A list of one answers with its result, or throws the refusal as the error it is. */
function onlyResult(results: InvitationResult[]): InviteOnceOutcome {
  const result = required(results[0], 'result');
  if (result.state === 'failed') {
    throw new AppError(result.error.code, result.error.message);
  }
  return result;
}

function notRepeated(outcome: InviteOnceOutcome): InviteOutcome {
  if (outcome.state === 'already_invited') {
    throw new Error('an invitation that does not skip people in the grant answered already_invited');
  }
  return outcome;
}

export function createInvitationService(deps: InvitationServiceDeps) {
  const { db, tenants, actionTokens, outbox } = deps;

  /**
   * Writes an invitation of the tenant and its mail in the caller's transaction; earlier links of this tenant stop
   * working.
   * A person with a password never gets a set-password link: the invitation is recorded all the same (it decides what
   * the
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
    await membershipsIn(executor).limitAccessToInvitation(tenant.id, [identity.id], record.expiresAt);
    const baseUrl = await tenants.tenantBaseUrl(tenant.id, executor);
    await outbox.enqueueMail(
      executor,
      invitationMailOf(tenant, baseUrl, identity, { token, expiresAt: record.expiresAt }),
    );
    return record.expiresAt;
  }

  /**
   * A fresh invitation unless one of this tenant went to this person within the cooldown: the one rule behind "send a
   * new
   * link", forgot-password for people without a password, and the staff's resend. The caller holds the identity's row
   * lock,
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

  const inviteManyWithin = (
    executor: Database,
    tenant: Tenant,
    requests: InvitationRequest[],
    options: InvitationOptions = {},
  ): Promise<InvitationResult[]> => inviteListWithin(deps, executor, tenant, requests, options);

  /** Every entry point's way in: one transaction for the whole list, one result per request, in order. */
  async function inviteMany(
    tenant: Tenant,
    requests: InvitationRequest[],
    options: InvitationOptions = {},
  ): Promise<InvitationResult[]> {
    // The outbox and the webhooks wake themselves once the transaction has committed.
    return db.transaction((tx) => inviteManyWithin(tx, tenant, requests, options));
  }

  return {
    sendInvitation,
    resendInvitation,
    inviteMany,
    inviteManyWithin,

    /**
     * Opens access for a person in one tenant: identity (global, reused), membership, grant with its customers, and
     * either
     * a set-password invitation or, for a person who has a password already, an informational mail — all in one
     * transaction with the outbox row. A refusal is thrown with its code.
     */
    async invite(input: InviteInput): Promise<InviteOutcome> {
      const tenant = await tenants.findTenantById(input.tenantId);
      if (tenant === null) {
        throw new AppError('TENANT_NOT_FOUND', 'No such tenant');
      }
      const { origin, profile } = input;
      const options = origin === undefined ? {} : { origin };
      if (profile === undefined) {
        return notRepeated(onlyResult(await inviteMany(tenant, [requestOf(input)], options)));
      }
      return db.transaction(async (tx) => {
        const outcome = notRepeated(onlyResult(await inviteManyWithin(tx, tenant, [requestOf(input)], options)));
        if (outcome.grantId !== null) {
          await deps.grants.applyProfileWithin(tx, tenant.id, outcome.grantId, profile, origin ?? CLI_ORIGIN);
        }
        return outcome;
      });
    },

    /** A list of one in its own transaction, for a tenant in hand; a refusal is thrown with its code. */
    inviteOne: async (
      tenant: Tenant,
      request: InvitationRequest,
      options: InvitationOptions = {},
    ): Promise<InviteOutcome> =>
      notRepeated(onlyResult(await inviteMany(tenant, [request], { ...options, whenInGrant: 'invite' }))),

    /** The same as invite, inside the caller's transaction; the caller tells outbox and webhooks after the commit. */
    inviteWithin: async (
      executor: Database,
      tenant: Tenant,
      request: InvitationRequest,
      options: InvitationOptions = {},
    ): Promise<InviteOutcome> =>
      notRepeated(
        onlyResult(await inviteManyWithin(executor, tenant, [request], { ...options, whenInGrant: 'invite' })),
      ),

    /** As inviteWithin, but a person already in that grant of this tenant is left as they are ('already_invited'). */
    inviteOnceWithin: async (
      executor: Database,
      tenant: Tenant,
      request: InvitationRequest,
      options: InvitationOptions = {},
    ): Promise<InviteOnceOutcome> =>
      onlyResult(await inviteManyWithin(executor, tenant, [request], { ...options, whenInGrant: 'skip' })),
  };
}

export type InvitationService = ReturnType<typeof createInvitationService>;
