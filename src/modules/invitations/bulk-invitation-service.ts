import type { Database } from '../../db/database.js';
import { DAY, type Clock } from '../../shared/clock.js';
import { AppError, isAppError, type ErrorCode } from '../../shared/errors.js';
import type { ActionTokenService } from '../action-tokens/action-token-service.js';
import type { AuditEvent, AuditService, RequestOrigin } from '../audit/audit-service.js';
import { createGrantAdminQueries, type GrantKind } from '../grants/grant-repo.js';
import type { GrantService } from '../grants/grant-service.js';
import { parseEmailAddress } from '../identities/email-address.js';
import { parsePersonName, type Identity } from '../identities/identity.js';
import { createIdentityQueries } from '../identities/identity-repo.js';
import { renderAccessGrantedMail, renderInvitationMail } from '../mail/mail-templates.js';
import { createMembershipQueries } from '../memberships/membership-repo.js';
import type { MailToEnqueue, OutboxService } from '../outbox/outbox-service.js';
import type { Tenant } from '../tenants/tenant.js';
import type { TenantService } from '../tenants/tenant-service.js';
import { INVITATION_COOLDOWN } from './invitation-service.js';
import { grantKindOf, parseCustomerNumbers, parseGrantName } from './invitation.js';
import { isUuid } from '../../shared/ids.js';

export interface BulkInvitationItem {
  email: string;
  name: string;
  kind: 'policyholder' | 'intermediary';
  language?: 'de' | 'en';
  grant: { id: string } | { name: string; customerNumbers?: string[] };
}

export type BulkInvitationResult =
  | { index: number; status: 'invited' | 'active'; personId: string; grantId: string }
  | { index: number; status: 'failed'; error: { code: ErrorCode; message: string } };

interface ValidItem {
  index: number;
  email: { canonical: string; display: string };
  name: string;
  role: 'policyholder' | 'intermediary';
  language: 'de' | 'en' | undefined;
  grantId: string | null;
  grantName: string | null;
  customerNumbers: string[];
}

function validate(item: BulkInvitationItem, index: number): ValidItem {
  const email = parseEmailAddress(item.email);
  if (email === null) {
    throw new AppError('EMAIL_INVALID', 'Invalid e-mail address');
  }
  const name = parsePersonName(item.name);
  if (name === null) {
    throw new AppError('NAME_INVALID', 'Invalid name: 1–120 characters, no control characters');
  }
  const byId = 'id' in item.grant;
  if (byId && !isUuid((item.grant as { id: string }).id)) {
    throw new AppError('GRANT_NOT_FOUND', 'No such grant');
  }
  return {
    index,
    email,
    name,
    role: item.kind,
    language: item.language,
    grantId: byId ? (item.grant as { id: string }).id : null,
    grantName: byId ? null : parseGrantName((item.grant as { name: string }).name),
    customerNumbers: byId
      ? []
      : parseCustomerNumbers((item.grant as { customerNumbers?: string[] }).customerNumbers ?? []),
  };
}

/**
 * Many invitations in one transaction and a handful of statements: the same rules as a single
 * invitation (canonical address, reused identities, one mail per person in the outbox, audit), built
 * for a CRM that opens access for a whole portfolio at once.
 */
export function createBulkInvitationService(deps: {
  db: Database;
  clock: Clock;
  tenants: TenantService;
  actionTokens: ActionTokenService;
  outbox: OutboxService;
  audit: AuditService;
  grants: GrantService;
}) {
  const { db, clock, tenants, outbox } = deps;

  return {
    async inviteMany(
      tenant: Tenant,
      items: BulkInvitationItem[],
      origin: RequestOrigin,
    ): Promise<BulkInvitationResult[]> {
      const results: BulkInvitationResult[] = new Array(items.length);
      const fail = (index: number, code: ErrorCode, message: string): void => {
        results[index] = { index, status: 'failed', error: { code, message } };
      };
      const valid: ValidItem[] = [];
      const seen = new Set<string>();
      items.forEach((item, index) => {
        try {
          const parsed = validate(item, index);
          if (seen.has(parsed.email.canonical)) {
            fail(index, 'DUPLICATE_IN_BATCH', 'The address appears earlier in this request');
            return;
          }
          seen.add(parsed.email.canonical);
          valid.push(parsed);
        } catch (error) {
          if (!isAppError(error)) {
            throw error;
          }
          fail(index, error.code, error.message);
        }
      });
      const baseUrl = await tenants.tenantBaseUrl(tenant.id);
      await db.transaction(async (tx) => {
        const grantQueries = createGrantAdminQueries(tx);
        const now = clock.now();
        const byId = await grantQueries.findMany(tenant.id, [
          ...new Set(valid.flatMap((item) => (item.grantId === null ? [] : [item.grantId]))),
        ]);
        const wantedByName = new Map<string, GrantKind>();
        for (const item of valid) {
          if (item.grantName !== null && !wantedByName.has(item.grantName)) {
            wantedByName.set(item.grantName, grantKindOf(item.role));
          }
        }
        const byName = await grantQueries.findOrCreateMany(
          tenant.id,
          [...wantedByName].map(([name, kind]) => ({ name, kind })),
          now,
        );
        const accepted: (ValidItem & { grant: { id: string; kind: GrantKind } })[] = [];
        for (const item of valid) {
          const grant = item.grantId === null ? byName.get(item.grantName!) : byId.get(item.grantId);
          if (grant === undefined) {
            fail(item.index, 'GRANT_NOT_FOUND', 'No such grant');
          } else if (grant.kind !== grantKindOf(item.role)) {
            fail(
              item.index,
              'GRANT_KIND_MISMATCH',
              `A ${grant.kind} grant is for ${grant.kind === 'customer' ? 'policyholders' : 'intermediaries'}`,
            );
          } else {
            accepted.push({ ...item, grant });
          }
        }
        const identities = await createIdentityQueries(tx).insertOrFindManyForUpdate(
          accepted.map((item) => ({
            email: item.email.canonical,
            emailDisplay: item.email.display,
            name: item.name,
            language: item.language ?? tenant.defaultLanguage,
          })),
        );
        const identityByEmail = new Map(identities.map((identity) => [identity.email, identity]));
        const membershipQueries = createMembershipQueries(tx);
        const withIdentity = accepted.map((item) => ({
          ...item,
          identity: identityByEmail.get(item.email.canonical)!,
        }));
        const withPassword = withIdentity
          .filter((item) => item.identity.passwordHash !== null)
          .map((item) => item.identity.id);
        const hasAcceptedAccess = await membershipQueries.listAcceptedAmong(tenant.id, withPassword);
        await membershipQueries.ensureMemberships(
          withIdentity.map((item) => ({ tenantId: tenant.id, identityId: item.identity.id, role: item.role })),
        );
        await grantQueries.addCustomersMany(
          withIdentity.flatMap((item) =>
            item.customerNumbers.map((customerNumber) => ({
              tenantId: tenant.id,
              grantId: item.grant.id,
              customerNumber,
            })),
          ),
        );
        await grantQueries.addMembersMany(
          withIdentity.map((item) => ({ tenantId: tenant.id, grantId: item.grant.id, identityId: item.identity.id })),
        );

        // New to Portico or with a password from another broker: the same invitation, answer and cooldown for both. The
        // identities are locked, so a second request with the same addresses waits here and then finds the fresh tokens.
        const awaiting = withIdentity.filter((item) => !hasAcceptedAccess.has(item.identity.id));
        const recent = await deps.actionTokens.listRecentOpenTokens(
          tx,
          { tenantId: tenant.id, purpose: 'invitation', identityIds: awaiting.map((item) => item.identity.id) },
          INVITATION_COOLDOWN,
        );
        const toInvite = awaiting.filter((item) => !recent.has(item.identity.id));
        const tokens = await deps.actionTokens.issueTokens(tx, {
          purpose: 'invitation',
          tenantId: tenant.id,
          lifetimeMilliseconds: tenant.invitationLifetimeDays * DAY,
          recipients: toInvite.map((item) => ({ identityId: item.identity.id, email: item.identity.email })),
        });
        // One statement per expiry: all new invitations share one, and roles added within the cooldown wait for theirs.
        const byExpiry = new Map<number, string[]>();
        for (const [identityId, expiresAt] of [
          ...recent,
          ...[...tokens].map(([identityId, issued]) => [identityId, issued.expiresAt] as const),
        ]) {
          const group = byExpiry.get(expiresAt.getTime()) ?? [];
          group.push(identityId);
          byExpiry.set(expiresAt.getTime(), group);
        }
        for (const [expiresAt, identityIds] of byExpiry) {
          await membershipQueries.limitAccessToInvitation(tenant.id, identityIds, new Date(expiresAt));
        }
        const branding = { tenantName: tenant.name, primaryColor: tenant.primaryColor };
        const mails: MailToEnqueue[] = [];
        const events: AuditEvent[] = [];
        const mailTo = (
          identity: Identity,
          kind: MailToEnqueue['kind'],
          mail: { subject: string; text: string; html: string },
        ): MailToEnqueue => ({ tenantId: tenant.id, kind, fromName: tenant.name, to: identity.emailDisplay, ...mail });
        for (const item of withIdentity) {
          const identity = item.identity;
          const issued = tokens.get(identity.id);
          if (issued !== undefined && identity.passwordHash === null) {
            mails.push(
              mailTo(
                identity,
                'invitation',
                renderInvitationMail({
                  language: identity.language,
                  branding,
                  recipientName: identity.name,
                  link: `${baseUrl}/set-password?token=${issued.token}`,
                  expiresAt: issued.expiresAt,
                  validFor: { unit: 'days', amount: tenant.invitationLifetimeDays },
                }),
              ),
            );
          } else if (issued !== undefined) {
            mails.push(
              mailTo(
                identity,
                'access_granted',
                renderAccessGrantedMail({
                  language: identity.language,
                  branding,
                  recipientName: identity.name,
                  loginUrl: `${baseUrl}/login`,
                  email: identity.emailDisplay,
                }),
              ),
            );
          }
          if (issued !== undefined) {
            events.push({ kind: 'invitation.created', tenantId: tenant.id, identityId: identity.id, origin });
          } else if (hasAcceptedAccess.has(identity.id)) {
            events.push({ kind: 'access.granted', tenantId: tenant.id, identityId: identity.id, origin });
          }
          results[item.index] = {
            index: item.index,
            status: hasAcceptedAccess.has(identity.id) ? 'active' : 'invited',
            personId: identity.id,
            grantId: item.grant.id,
          };
        }
        await outbox.enqueueMails(tx, mails);
        await deps.audit.recordMany(events, tx);
        await deps.grants.recordPeopleAdded(
          tx,
          tenant.id,
          withIdentity.map((item) => item.grant.id),
        );
      });
      return results;
    },
  };
}

export type BulkInvitationService = ReturnType<typeof createBulkInvitationService>;
