import type { Database } from '../../db/database.js';
import { DAY, type Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { identitiesIn } from '../identities/identity-service.js';
import type { InvitationService } from '../invitations/invitation-service.js';
import { membershipsIn } from '../memberships/membership-service.js';
import { isMembershipRole, type MembershipRole } from '../memberships/membership.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import type { Tenant } from '../tenants/tenant.js';
import { lifecycleOfRow, type InvitationLifecycle } from './invitation-lifecycle.js';
import {
  createPeopleQueries,
  createPersonPageQueries,
  type PeopleTableQuery,
  type PersonRecord,
  type PersonRow,
  type PersonStateInTenant,
  type PersonTableRow,
} from './people-repo.js';
import type { PeopleScope } from '../read-models/people-state-sql.js';
import type { ActionTokenService } from '../action-tokens/action-token-service.js';
import type { AuditService, RequestOrigin } from '../audit/audit-service.js';
import type { EmailConfirmationService } from '../email-confirmation/email-confirmation-service.js';
import type { GrantService } from '../grants/grant-service.js';
import { parseEmailAddress, type EmailAddress } from '../identities/email-address.js';
import type { Identity } from '../identities/identity.js';
import type { SessionService } from '../sessions/session-service.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import type { PasswordResetService } from '../credentials/password-reset-service.js';
import { renderEmailChangeRequestMail } from '../mail/account-mail-templates.js';
import type { SecondFactorService } from '../second-factor/second-factor-service.js';
import type { TenantService } from '../tenants/tenant-service.js';
import type { ThrottleService } from '../throttling/throttle-service.js';
import { REFUSAL_MESSAGES, refusalOfStaffAction, type StaffAction, type StaffActor } from './staff-action-policy.js';
import { mailBrandingOf } from '../mail/mail-layout.js';
import { isUuid } from '../../shared/ids.js';
import { required } from '../../shared/required.js';

/** The API knows a revoked invitation as expired; the workspace tells the two apart. */
export type PersonState = PersonStateInTenant;

export interface Person {
  identityId: string;
  name: string;
  email: string;
  /** Lower-case, punycode: the form the login counts failures under. */
  canonicalEmail: string;
  roles: MembershipRole[];
  state: PersonState;
  /**
   * How far the invitation to this tenant has come (with the reason when the mail could not be delivered); null without
   * one.
   */
  lifecycle: InvitationLifecycle | null;
  lastLoginAt: Date | null;
}

/** A row of the workspace's table of people. */
export interface PersonInTable extends Person {
  lockCauses: PersonTableRow['lockCauses'];
  isLocked: boolean;
  hasSecondFactor: boolean;
  isElsewhere: boolean;
}

export interface PeopleTable {
  people: PersonInTable[];
  total: number;
  next: PeopleTableQuery['cursor'];
  previous: PeopleTableQuery['cursor'];
}

function toPerson(row: PersonRow): Person {
  return {
    identityId: row.id,
    name: row.name,
    email: row.email,
    canonicalEmail: row.canonicalEmail,
    roles: row.roles.map((role) => (isMembershipRole(role) ? role : 'policyholder')),
    state: row.state,
    lifecycle: lifecycleOfRow(row),
    lastLoginAt: row.lastLoginAt,
  };
}

const STAFF_ROLES: readonly MembershipRole[] = ['staff_admin', 'staff_user'];

export function isStaffRole(role: MembershipRole): boolean {
  return STAFF_ROLES.includes(role);
}

const EMAIL_CHANGE_REQUEST_LIFETIME = 7 * DAY;

export interface PeopleServiceDeps {
  db: Database;
  clock: Clock;
  invitations: InvitationService;
  outbox: OutboxService;
  audit: AuditService;
  sessions: SessionService;
  actionTokens: ActionTokenService;
  emailConfirmation: EmailConfirmationService;
  grants: GrantService;
  webhooks: WebhookService;
  tenants: TenantService;
  throttle: ThrottleService;
  passwordReset: PasswordResetService;
  secondFactor: SecondFactorService;
}

/** What staff and the API are told after an address change, whether it was applied or asked of the person. */
export interface EmailChangeAnswer {
  code: 'email_change_requested';
  /** A pending invitation here moved to the corrected address; an accepted person was asked to change it. */
  outcome: 'readdressed' | 'requested';
  person: PersonRecord;
}

export function createPeopleService(deps: PeopleServiceDeps) {
  const { db, clock, invitations, outbox } = deps;

  /**
   * Re-addresses a pending invitation of this tenant: its memberships and grant memberships move to the identity of the
   * corrected address (new, or the address's owner — exactly as an invitation of that address would), with the name
   * and language staff entered; an open invitation goes to the new address and the old link stops working. The old
   * address's account elsewhere keeps everything; an identity left with nothing is removed. The same happens whether
   * or not the address is known, so staff cannot tell. Returns the id the person now has here.
   */
  async function moveInvitation(
    tx: Database,
    tenant: Tenant,
    from: { identity: Identity; shown: PersonRecord },
    next: EmailAddress,
    origin: RequestOrigin,
  ): Promise<string> {
    const identities = identitiesIn(tx);
    const membershipQueries = membershipsIn(tx);
    const fromId = from.identity.id;
    const owner = next.canonical === from.identity.email ? from.identity : await identities.findByEmail(next.canonical);
    if (owner !== null && owner.id !== fromId && (await membershipQueries.hasAnyMembership(tenant.id, owner.id))) {
      // Only this tenant's own people are named: the address is already somebody's here.
      throw new AppError('EMAIL_TAKEN', 'The address belongs to another person of this tenant');
    }
    const target =
      owner ??
      (await identities.insertOrFind({
        email: next.canonical,
        emailDisplay: next.display,
        name: from.shown.name,
        language: from.shown.language === 'en' ? 'en' : 'de',
      }));
    const locked = required(await identities.findByIdForUpdate(target.id));
    if (target.id !== fromId) {
      await deps.actionTokens.revokeOpenTokens(tx, { identityId: fromId, purpose: 'invitation', tenantId: tenant.id });
      await deps.sessions.endSessionsInTenant(tx, fromId, tenant.id);
    }
    await membershipQueries.moveToIdentity(tenant.id, fromId, target.id, next.display);
    await deps.audit.record({ kind: 'invitation.readdressed', tenantId: tenant.id, identityId: target.id, origin }, tx);
    if (target.id !== fromId && from.shown.state === 'invited') {
      await invitations.resendInvitation(tx, tenant, locked);
    }
    await identities.deleteIfUnused(fromId);
    return target.id;
  }

  async function findPerson(executor: Database, tenantId: string, identityId: string): Promise<PersonRecord> {
    const [person] = isUuid(identityId)
      ? await createPersonPageQueries(executor).listPage(tenantId, clock.now(), { afterId: null, identityId, limit: 1 })
      : [];
    if (person === undefined) {
      // Somebody of another tenant is "not found" here, exactly like an id that does not exist.
      throw new AppError('PERSON_NOT_FOUND', 'No such person');
    }
    return person;
  }

  /**
   * Decides, inside the caller's transaction, whether the actor may do this to the person: the
   * tenant's administrators are locked first, so a role or the last administrator cannot change
   * between the decision and the change.
   */
  async function checkStaffAction(
    tx: Database,
    tenantId: string,
    identityId: string,
    actor: StaffActor,
    action: StaffAction,
  ): Promise<void> {
    const memberships = membershipsIn(tx);
    const activeAdminIds = await memberships.lockActiveAdmins(tenantId);
    const targetRoles = isUuid(identityId) ? await memberships.listRoles(tenantId, identityId) : [];
    if (targetRoles.length === 0) {
      throw new AppError('PERSON_NOT_FOUND', 'No such person');
    }
    const actorRoles: MembershipRole[] =
      actor.kind === 'api_key' ? ['staff_admin'] : await memberships.listActiveRoles(tenantId, actor.identityId);
    const actorRole = actorRoles.includes('staff_admin')
      ? 'staff_admin'
      : actorRoles.includes('staff_user')
        ? 'staff_user'
        : null;
    const isTargetElsewhere = await memberships.hasMembershipOutside(tenantId, identityId, { activeOnly: true });
    const refusal = refusalOfStaffAction({
      action,
      actorRole,
      targetId: identityId,
      targetRoles,
      isTargetElsewhere,
      activeAdminIds,
    });
    if (refusal !== null) {
      throw new AppError(refusal, REFUSAL_MESSAGES[refusal]);
    }
  }

  /** The staff action's check on its own; returns the person's login address (canonical), not the one staff see. */
  async function checkStaffActionAlone(
    tenantId: string,
    identityId: string,
    actor: StaffActor,
    action: StaffAction,
  ): Promise<string> {
    await findPerson(db, tenantId, identityId);
    return db.transaction(async (tx) => {
      await checkStaffAction(tx, tenantId, identityId, actor, action);
      return required(await identitiesIn(tx).findByIdForUpdate(identityId)).email;
    });
  }

  return {
    getPerson: (tenantId: string, identityId: string): Promise<PersonRecord> => findPerson(db, tenantId, identityId),

    async listPeoplePage(
      tenantId: string,
      filter: { afterId: string | null; email?: string; state?: PersonRecord['state']; limit: number },
    ): Promise<PersonRecord[]> {
      let email: string | undefined;
      if (filter.email !== undefined) {
        const parsed = parseEmailAddress(filter.email);
        if (parsed === null) {
          return [];
        }
        email = parsed.canonical;
      }
      return createPersonPageQueries(db).listPage(tenantId, clock.now(), {
        afterId: filter.afterId !== null && isUuid(filter.afterId) ? filter.afterId : null,
        limit: filter.limit,
        ...(email === undefined ? {} : { email }),
        ...(filter.state === undefined ? {} : { state: filter.state }),
      });
    },

    /** Opens a grant for a person: invited when new to Portico, active at once when they have a password already. */
    /**
     * Also says whether an e-mail went out ('invited') or the person's access here simply grew ('active', no mail), for
     * what the page tells staff.
     */
    async addPersonToGrant(
      tenant: Tenant,
      grantId: string,
      input: { email: string; name: string; kind: 'policyholder' | 'intermediary'; language?: 'de' | 'en' },
      origin: RequestOrigin,
    ): Promise<{ person: PersonRecord; outcome: 'invited' | 'active' }> {
      const outcome = await invitations.inviteOne(
        tenant,
        {
          email: input.email,
          name: input.name,
          role: input.kind,
          grant: { id: grantId },
          ...(input.language === undefined ? {} : { language: input.language }),
        },
        { origin },
      );
      return { person: await findPerson(db, tenant.id, outcome.identityId), outcome: outcome.state };
    },

    /**
     * The login address is the person's own. A person who has not logged in here yet is this tenant's pending
     * invitation:
     * it moves to the corrected address (to a new person, or to whoever owns that address, exactly as an invitation of
     * it
     * would) and nothing of the old address's account changes. Anybody else is asked, at their current address, to make
     * the change themselves with their password. Staff see the same in every case of each kind, so the answer says
     * nothing
     * about the address or the person's account at other brokers.
     */
    async changePersonEmail(
      tenant: Tenant,
      identityId: string,
      email: string,
      actor: StaffActor,
      origin: RequestOrigin,
    ): Promise<EmailChangeAnswer> {
      const before = await findPerson(db, tenant.id, identityId);
      const next = parseEmailAddress(email);
      if (next === null) {
        throw new AppError('EMAIL_INVALID', 'Invalid e-mail address');
      }
      const answered = await db.transaction(async (tx) => {
        await checkStaffAction(tx, tenant.id, identityId, actor, 'change_email');
        const identities = identitiesIn(tx);
        const identity = required(await identities.findByIdForUpdate(identityId));
        const hasAccepted =
          identity.passwordHash !== null && (await membershipsIn(tx).hasAcceptedAccess(tenant.id, identityId));
        if (!hasAccepted) {
          return {
            outcome: 'readdressed' as const,
            id: await moveInvitation(tx, tenant, { identity, shown: before }, next, origin),
          };
        }
        await deps.audit.record(
          { kind: 'email.change_requested_by_staff', tenantId: tenant.id, identityId, origin },
          tx,
        );
        if (next.canonical === identity.email) {
          return { outcome: 'requested' as const, id: identityId };
        }
        // The link only fills the address in on Mein Zugang, and only for this person: the change needs their password.
        const { token } = await deps.actionTokens.issueToken(
          tx,
          {
            purpose: 'email_change_request',
            tenantId: tenant.id,
            identityId,
            email: next.display,
            lifetimeMilliseconds: EMAIL_CHANGE_REQUEST_LIFETIME,
          },
          { revokeEarlier: true },
        );
        const baseUrl = await deps.tenants.tenantBaseUrl(tenant.id, tx);
        const mail = renderEmailChangeRequestMail({
          language: identity.language,
          branding: mailBrandingOf(tenant),
          recipientName: identity.name,
          newEmail: next.display,
          link: `${baseUrl}/profile?anfrage=${token}`,
        });
        await outbox.enqueueMail(tx, {
          tenantId: tenant.id,
          kind: 'email_change_request',
          fromName: tenant.name,
          to: identity.emailDisplay,
          ...mail,
        });
        return { outcome: 'requested' as const, id: identityId };
      });
      return {
        code: 'email_change_requested',
        outcome: answered.outcome,
        person: await findPerson(db, tenant.id, answered.id),
      };
    },

    /** No login and no session in this tenant until reactivated; other tenants are not affected. */
    async deactivatePerson(
      tenantId: string,
      identityId: string,
      actor: StaffActor,
      origin: RequestOrigin,
    ): Promise<PersonRecord> {
      await findPerson(db, tenantId, identityId);
      await db.transaction(async (tx) => {
        await checkStaffAction(tx, tenantId, identityId, actor, 'deactivate');
        if (await membershipsIn(tx).setDeactivated(tenantId, identityId, clock.now())) {
          await deps.sessions.endSessionsInTenant(tx, identityId, tenantId);
          await deps.audit.record({ kind: 'person.deactivated', tenantId, identityId, origin }, tx);
        }
      });
      return findPerson(db, tenantId, identityId);
    },

    async reactivatePerson(
      tenantId: string,
      identityId: string,
      actor: StaffActor,
      origin: RequestOrigin,
    ): Promise<PersonRecord> {
      await findPerson(db, tenantId, identityId);
      await db.transaction(async (tx) => {
        await checkStaffAction(tx, tenantId, identityId, actor, 'reactivate');
        if (await membershipsIn(tx).setDeactivated(tenantId, identityId, null)) {
          await deps.audit.record({ kind: 'person.reactivated', tenantId, identityId, origin }, tx);
        }
      });
      return findPerson(db, tenantId, identityId);
    },

    /**
     * Mails the person a reset link at their own address (nothing else changes until they use it), so
     * staff may send it to a person of other brokers too; a staff user not to an administrator.
     */
    async sendPasswordReset(tenant: Tenant, identityId: string, actor: StaffActor): Promise<void> {
      const email = await checkStaffActionAlone(tenant.id, identityId, actor, 'reset_password');
      await deps.passwordReset.requestPasswordReset({ email, tenant });
    },

    /**
     * Lifts the lock after wrong passwords; the counters are the identity's, so only for a person of this tenant alone.
     */
    async unlockPerson(tenantId: string, identityId: string, actor: StaffActor, origin: RequestOrigin): Promise<void> {
      await findPerson(db, tenantId, identityId);
      // Decided and done in one transaction (the same lock order as every staff action: administrators, then identity).
      await db.transaction(async (tx) => {
        await checkStaffAction(tx, tenantId, identityId, actor, 'unlock');
        const identity = required(await identitiesIn(tx).findByIdForUpdate(identityId));
        await deps.throttle.unlockPerson(identity.email, tx);
        await deps.audit.record({ kind: 'login.unlocked', tenantId, identityId, origin }, tx);
      });
    },

    /** Removes the second factor of a person of this tenant alone, after staff verified them on another channel. */
    async resetSecondFactor(
      tenantId: string,
      identityId: string,
      actor: StaffActor,
      origin: RequestOrigin,
    ): Promise<'removed' | 'had_none'> {
      await findPerson(db, tenantId, identityId);
      return db.transaction(async (tx) => {
        await checkStaffAction(tx, tenantId, identityId, actor, 'reset_second_factor');
        return deps.secondFactor.removeFactorWithin(tx, tenantId, identityId, origin);
      });
    },

    /** Which of these people also have access at another broker: their identity-wide settings are the operator's. */
    listPeopleElsewhere: (tenantId: string, identityIds: string[]): Promise<Set<string>> =>
      membershipsIn(db).listMembersElsewhere(tenantId, identityIds),

    async resendPersonInvitation(tenant: Tenant, identityId: string): Promise<PersonRecord> {
      const person = await findPerson(db, tenant.id, identityId);
      if (person.state !== 'invited' && person.state !== 'invitation_expired') {
        throw new AppError('PERSON_HAS_PASSWORD', 'Only a person without a password can get an invitation');
      }
      if ((await this.resendInvitation(tenant, identityId)) === 'too_soon') {
        throw new AppError('INVITATION_TOO_SOON', 'An invitation went out less than a minute ago');
      }
      return findPerson(db, tenant.id, identityId);
    },

    /** The pending links stop working at once; the person stays listed until removed from their grants. */
    async revokePersonInvitation(tenantId: string, identityId: string, origin: RequestOrigin): Promise<PersonRecord> {
      const person = await findPerson(db, tenantId, identityId);
      if (person.state !== 'invited' && person.state !== 'invitation_expired') {
        throw new AppError('PERSON_HAS_PASSWORD', 'The person has set a password already; deactivate them instead');
      }
      await db.transaction(async (tx) => {
        await deps.actionTokens.revokeOpenTokens(tx, { identityId, purpose: 'invitation', tenantId });
        // A person with a password from elsewhere has no link to lose: their access here ends with the invitation
        // instead.
        await membershipsIn(tx).limitAccessToInvitation(tenantId, [identityId], clock.now());
        await deps.audit.record({ kind: 'invitation.revoked', tenantId, identityId, origin }, tx);
      });
      return findPerson(db, tenantId, identityId);
    },

    /**
     * The tenant's people (or those of the scope) and where each stands, by name; one row per person, all their roles
     * together.
     */
    async listPeople(tenantId: string, scope: PeopleScope = {}): Promise<Person[]> {
      return (await createPeopleQueries(db).listPeople(tenantId, clock.now(), scope)).map(toPerson);
    },

    /** One page of the workspace's table; ids in the scope that are not uuids find nobody. */
    async listPeopleTable(tenantId: string, query: PeopleTableQuery): Promise<PeopleTable> {
      const ids = query.scope.identityIds?.filter((id) => isUuid(id));
      const grantId = query.scope.grantId;
      if (grantId !== undefined && !isUuid(grantId)) {
        return { people: [], total: 0, next: null, previous: null };
      }
      const cursor = query.cursor !== null && isUuid(query.cursor.id) ? query.cursor : null;
      const page = await createPeopleQueries(db).listTable(tenantId, clock.now(), {
        ...query,
        cursor,
        scope: { ...query.scope, ...(ids === undefined ? {} : { identityIds: ids }) },
      });
      return {
        people: page.rows.map((row) => ({
          ...toPerson(row),
          lockCauses: row.lockCauses,
          isLocked: row.lockCauses.length > 0,
          hasSecondFactor: row.hasSecondFactor,
          isElsewhere: row.isElsewhere,
        })),
        total: page.total,
        next: page.next,
        previous: page.previous,
      };
    },

    /** One person of this tenant with their invitation links here, newest first; anybody else is not found. */
    async getPersonDetails(tenantId: string, identityId: string) {
      const [person] = isUuid(identityId) ? await this.listPeople(tenantId, { identityId }) : [];
      if (person === undefined) {
        throw new AppError('PERSON_NOT_FOUND', 'No such person');
      }
      return { person, invitations: await createPeopleQueries(db).listInvitationLinks(tenantId, identityId) };
    },

    /** How many people of the scope there are, counted in the database (e.g. the members of a grant). */
    countPeople: (tenantId: string, scope: PeopleScope): Promise<number> =>
      scope.grantId !== undefined && !isUuid(scope.grantId)
        ? Promise.resolve(0)
        : createPeopleQueries(db).countPeople(tenantId, clock.now(), scope),

    /**
     * Sends a fresh invitation (the older link stops working) to a person of this tenant who has not accepted access
     * here
     * yet: a set-password link, or for a person with a password from elsewhere the note that access is open.
     */
    async resendInvitation(tenant: Tenant, identityId: string): Promise<'sent' | 'too_soon'> {
      const outcome = await db.transaction(async (tx) => {
        const identity = isUuid(identityId) ? await identitiesIn(tx).findByIdForUpdate(identityId) : null;
        const memberships = membershipsIn(tx);
        // Somebody of another tenant is "not found" here, exactly like an id that does not exist.
        const isPending =
          identity !== null &&
          (await memberships.hasMembership(tenant.id, identity.id)) &&
          (identity.passwordHash === null || !(await memberships.hasAcceptedAccess(tenant.id, identity.id)));
        if (identity === null || !isPending) {
          throw new AppError('IDENTITY_NOT_FOUND', 'No such person with a pending invitation');
        }
        return invitations.resendInvitation(tx, tenant, identity);
      });
      return outcome;
    },

    async isStaff(tenantId: string, identityId: string): Promise<boolean> {
      const roles = await membershipsIn(db).listRoles(tenantId, identityId);
      return roles.some(isStaffRole);
    },

    /** The strongest staff role a person holds in the tenant, or null for customers and strangers. */
    async staffRoleOf(tenantId: string, identityId: string): Promise<'staff_admin' | 'staff_user' | null> {
      return membershipsIn(db).strongestStaffRole(tenantId, identityId);
    },
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
