import type { Database } from '../../db/database.js';
import { DAY, type Clock } from '../../shared/clock.js';
import { AppError, isAppError } from '../../shared/errors.js';
import type { ActionTokenService } from '../action-tokens/action-token-service.js';
import { CLI_ORIGIN, type AuditEvent, type AuditService, type RequestOrigin } from '../audit/audit-service.js';
import { grantsIn, type GrantService } from '../grants/grant-service.js';
import type { Identity } from '../identities/identity.js';
import { identitiesIn } from '../identities/identity-service.js';
import { renderAccessGrantedMail, renderInvitationMail } from '../mail/mail-templates.js';
import { mailBrandingOf } from '../mail/mail-layout.js';
import { membershipsIn } from '../memberships/membership-service.js';
import type { MailToEnqueue, OutboxService } from '../outbox/outbox-service.js';
import type { Tenant } from '../tenants/tenant.js';
import type { TenantService } from '../tenants/tenant-service.js';
import {
  checkInvitationRequest,
  grantKindMismatch,
  grantKindOf,
  type CheckedRequest,
  type GrantKind,
  type InvitationOptions,
  type InvitationRequest,
  type InvitationResult,
} from './invitation.js';
import { MINUTE } from '../../shared/clock.js';
import { required } from '../../shared/required.js';

/**
 * One cooldown for every path that sends an invitation of a tenant to a person: single, bulk, CSV, resend,
 * forgot-password.
 */
export const INVITATION_COOLDOWN = 1 * MINUTE;

export interface InvitationBatchDeps {
  clock: Clock;
  tenants: TenantService;
  actionTokens: ActionTokenService;
  outbox: OutboxService;
  audit: AuditService;
  grants: GrantService;
}

interface Grant {
  id: string;
  name: string;
  kind: GrantKind;
  customerNumbers: string[];
}

interface Invitee extends Omit<CheckedRequest, 'grant'> {
  grant: Grant | null;
  identity: Identity;
}

type Results = InvitationResult[];

function fail(results: Results, index: number, error: AppError): void {
  results[index] = { index, state: 'failed', error: { code: error.code, message: error.message } };
}

/**
 * The mail of an invitation: a set-password link for a person without a password; a person who has one from elsewhere
 * gets access at once and a mail that says so, never a link.
 */
export function invitationMailOf(
  tenant: Tenant,
  baseUrl: string,
  identity: Identity,
  issued: { token: string; expiresAt: Date },
): MailToEnqueue {
  const branding = mailBrandingOf(tenant);
  const envelope = { tenantId: tenant.id, fromName: tenant.name, to: identity.emailDisplay };
  if (identity.passwordHash !== null) {
    const mail = renderAccessGrantedMail({
      language: identity.language,
      branding,
      recipientName: identity.name,
      loginUrl: `${baseUrl}/login`,
      email: identity.emailDisplay,
    });
    return { ...envelope, kind: 'access_granted', ...mail };
  }
  const mail = renderInvitationMail({
    language: identity.language,
    branding,
    recipientName: identity.name,
    link: `${baseUrl}/set-password?token=${issued.token}`,
    expiresAt: issued.expiresAt,
    validFor: { unit: 'days', amount: tenant.invitationLifetimeDays },
  });
  return { ...envelope, kind: 'invitation', ...mail };
}

/** Each request's own checks; an address that appears earlier in the list is refused, the first one goes on. */
function checkRequests(requests: InvitationRequest[], results: Results): CheckedRequest[] {
  const seen = new Set<string>();
  const checked: CheckedRequest[] = [];
  requests.forEach((request, index) => {
    try {
      const item = checkInvitationRequest(request, index);
      if (seen.has(item.email.canonical)) {
        throw new AppError('DUPLICATE_IN_BATCH', 'The address appears earlier in this request');
      }
      seen.add(item.email.canonical);
      checked.push(item);
    } catch (error) {
      if (!isAppError(error)) {
        throw error;
      }
      fail(results, index, error);
    }
  });
  return checked;
}

/**
 * Grants by id of this tenant only (another tenant's looks like none), grants by name found or created with the kind of
 * the first request naming them; a grant of the other kind is refused whichever way it was named.
 */
async function resolveGrants(
  tx: Database,
  clock: Clock,
  tenant: Tenant,
  checked: CheckedRequest[],
  results: Results,
): Promise<(Omit<CheckedRequest, 'grant'> & { grant: Grant | null })[]> {
  const queries = grantsIn(tx);
  const ids = new Set<string>();
  const names = new Map<string, GrantKind>();
  for (const item of checked) {
    if (item.grant !== null && 'id' in item.grant) {
      ids.add(item.grant.id);
    } else if (item.grant !== null && !names.has(item.grant.name)) {
      names.set(item.grant.name, required(grantKindOf(item.role)));
    }
  }
  const byId = await queries.findMany(tenant.id, [...ids]);
  const wanted = [...names].map(([name, kind]) => ({ name, kind }));
  const byName = await queries.findOrCreateMany(tenant.id, wanted, clock.now());
  const resolved: (Omit<CheckedRequest, 'grant'> & { grant: Grant | null })[] = [];
  for (const item of checked) {
    if (item.grant === null) {
      resolved.push({ ...item, grant: null });
      continue;
    }
    const spec = item.grant;
    const found = 'id' in spec ? byId.get(spec.id) : byName.get(spec.name);
    if (found === undefined) {
      fail(results, item.index, new AppError('GRANT_NOT_FOUND', 'No such grant'));
    } else if (found.kind !== grantKindOf(item.role)) {
      fail(results, item.index, grantKindMismatch(found.kind));
    } else {
      resolved.push({ ...item, grant: { ...found, customerNumbers: 'id' in spec ? [] : spec.customerNumbers } });
    }
  }
  return resolved;
}

/**
 * Identities are global: found by address or created, and locked in address order so concurrent lists cannot deadlock.
 */
async function lockIdentities(
  tx: Database,
  tenant: Tenant,
  items: (Omit<CheckedRequest, 'grant'> & { grant: Grant | null })[],
): Promise<Invitee[]> {
  const identities = await identitiesIn(tx).insertOrFindManyForUpdate(
    items.map((item) => ({
      email: item.email.canonical,
      emailDisplay: item.email.display,
      name: item.name,
      language: item.language ?? tenant.defaultLanguage,
    })),
  );
  const byEmail = new Map(identities.map((identity) => [identity.email, identity]));
  return items.map((item) => ({ ...item, identity: required(byEmail.get(item.email.canonical)) }));
}

/**
 * With whenInGrant 'skip': people in their grant of this tenant already are left as they are. Decided under the
 * identities' row locks, so two runs of one file at once still invite once; only this tenant's grants count, so the
 * answer says nothing about the person's access at other brokers.
 */
async function leaveThoseInGrant(
  tx: Database,
  tenant: Tenant,
  invitees: Invitee[],
  results: Results,
): Promise<Invitee[]> {
  const queries = grantsIn(tx);
  const pairs = await queries.listMembershipPairs(
    tenant.id,
    [...new Set(invitees.flatMap((item) => (item.grant === null ? [] : [item.grant.id])))],
    invitees.map((item) => item.identity.id),
  );
  const isInGrant = (item: Invitee): item is Invitee & { grant: Grant } =>
    item.grant !== null && pairs.has(`${item.grant.id} ${item.identity.id}`);
  const inGrant = invitees.filter(isInGrant);
  await queries.addCustomersMany(
    inGrant.flatMap((item) =>
      item.grant.customerNumbers.map((customerNumber) => ({
        tenantId: tenant.id,
        grantId: item.grant.id,
        customerNumber,
      })),
    ),
  );
  for (const item of inGrant) {
    results[item.index] = {
      index: item.index,
      state: 'already_invited',
      identityId: item.identity.id,
      email: item.identity.emailDisplay,
      grantId: item.grant.id,
      grantName: item.grant.name,
    };
  }
  return invitees.filter((item) => !isInGrant(item));
}

/**
 * Membership, grant with its customers and members: the access itself, in a handful of statements for the whole list.
 */
async function openAccess(tx: Database, tenant: Tenant, invitees: Invitee[]): Promise<Set<string>> {
  const memberships = membershipsIn(tx);
  const grants = grantsIn(tx);
  const withPassword = invitees.filter((item) => item.identity.passwordHash !== null);
  const accepted = await memberships.listAcceptedAmong(
    tenant.id,
    withPassword.map((item) => item.identity.id),
  );
  await memberships.ensureMemberships(
    invitees.map((item) => ({
      tenantId: tenant.id,
      identityId: item.identity.id,
      role: item.role,
      invitedAs: {
        emailDisplay: item.email.display,
        name: item.name,
        language: item.language ?? tenant.defaultLanguage,
      },
    })),
  );
  const withGrant = invitees.filter((item): item is Invitee & { grant: Grant } => item.grant !== null);
  await grants.addCustomersMany(
    withGrant.flatMap((item) =>
      item.grant.customerNumbers.map((customerNumber) => ({
        tenantId: tenant.id,
        grantId: item.grant.id,
        customerNumber,
      })),
    ),
  );
  await grants.addMembersMany(
    withGrant.map((item) => ({ tenantId: tenant.id, grantId: item.grant.id, identityId: item.identity.id })),
  );
  return accepted;
}

/**
 * Issues the invitations not sent within the cooldown and limits access to them. New to Portico or with a password from
 * another broker: the same invitation, answer and cooldown for both, so nothing here tells the broker which it was.
 */
async function issueInvitations(
  deps: InvitationBatchDeps,
  tx: Database,
  tenant: Tenant,
  awaiting: Invitee[],
): Promise<{ issued: Map<string, { token: string; expiresAt: Date }>; expiryOf: Map<string, Date> }> {
  const recent = await deps.actionTokens.listRecentOpenTokens(
    tx,
    { tenantId: tenant.id, purpose: 'invitation', identityIds: awaiting.map((item) => item.identity.id) },
    INVITATION_COOLDOWN,
  );
  const issued = await deps.actionTokens.issueTokens(tx, {
    purpose: 'invitation',
    tenantId: tenant.id,
    lifetimeMilliseconds: tenant.invitationLifetimeDays * DAY,
    recipients: awaiting
      .filter((item) => !recent.has(item.identity.id))
      .map((item) => ({ identityId: item.identity.id, email: item.identity.email })),
  });
  const expiryOf = new Map(recent);
  for (const [identityId, { expiresAt }] of issued) {
    expiryOf.set(identityId, expiresAt);
  }
  // One statement per expiry: all new invitations share one, and roles added within the cooldown wait for theirs.
  const byExpiry = new Map<number, string[]>();
  for (const [identityId, expiresAt] of expiryOf) {
    const group = byExpiry.get(expiresAt.getTime()) ?? [];
    group.push(identityId);
    byExpiry.set(expiresAt.getTime(), group);
  }
  const memberships = membershipsIn(tx);
  for (const [expiresAt, identityIds] of byExpiry) {
    await memberships.limitAccessToInvitation(tenant.id, identityIds, new Date(expiresAt));
  }
  return { issued, expiryOf };
}

/**
 * The one invitation path, for a list of any length (a single invitation is a list of one), in the caller's
 * transaction:
 * checks, grants, identities, access, invitations with their mails in the outbox, audit events and grant.changed
 * webhooks.
 * The outbox and the webhooks wake themselves once the transaction has committed.
 */
export async function inviteListWithin(
  deps: InvitationBatchDeps,
  tx: Database,
  tenant: Tenant,
  requests: InvitationRequest[],
  options: InvitationOptions = {},
): Promise<InvitationResult[]> {
  const results: Results = new Array<InvitationResult>(requests.length);
  const origin: RequestOrigin = options.origin ?? CLI_ORIGIN;
  const resolved = await resolveGrants(tx, deps.clock, tenant, checkRequests(requests, results), results);
  let invitees = await lockIdentities(tx, tenant, resolved);
  if (options.whenInGrant === 'skip') {
    invitees = await leaveThoseInGrant(tx, tenant, invitees, results);
  }
  const accepted = await openAccess(tx, tenant, invitees);
  const awaiting = invitees.filter((item) => !accepted.has(item.identity.id));
  const { issued, expiryOf } = await issueInvitations(deps, tx, tenant, awaiting);
  const baseUrl = issued.size === 0 ? '' : await deps.tenants.tenantBaseUrl(tenant.id, tx);
  const mails: MailToEnqueue[] = [];
  const events: AuditEvent[] = [];
  for (const item of invitees) {
    const { identity } = item;
    // Until the first login here the person is shown as entered: the account elsewhere must not show through.
    const person = {
      index: item.index,
      identityId: identity.id,
      email: accepted.has(identity.id) ? identity.emailDisplay : item.email.display,
      grantId: item.grant?.id ?? null,
      grantName: item.grant?.name ?? null,
    };
    const invitation = issued.get(identity.id);
    if (invitation !== undefined) {
      mails.push(invitationMailOf(tenant, baseUrl, identity, invitation));
      events.push({
        kind: 'invitation.created',
        tenantId: tenant.id,
        identityId: identity.id,
        origin,
        email: person.email,
        ...(item.grant === null ? {} : { grant: { id: item.grant.id, name: item.grant.name } }),
      });
    }
    if (accepted.has(identity.id)) {
      events.push({
        kind: 'access.granted',
        tenantId: tenant.id,
        identityId: identity.id,
        origin,
        email: person.email,
        ...(item.grant === null ? {} : { grant: { id: item.grant.id, name: item.grant.name } }),
      });
      results[item.index] = { ...person, state: 'active' };
    } else {
      results[item.index] = { ...person, state: 'invited', expiresAt: required(expiryOf.get(identity.id)) };
    }
  }
  await deps.outbox.enqueueMails(tx, mails);
  await deps.audit.recordMany(events, tx);
  await deps.grants.recordPeopleAdded(
    tx,
    tenant.id,
    invitees.flatMap((item) => (item.grant === null ? [] : [item.grant.id])),
  );
  return results;
}
