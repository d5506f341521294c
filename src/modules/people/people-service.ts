import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { createIdentityQueries } from '../identities/identity-repo.js';
import type { InvitationService } from '../invitations/invitation-service.js';
import { createMembershipQueries } from '../memberships/membership-repo.js';
import { isMembershipRole, type MembershipRole } from '../memberships/membership.js';
import { describeDeliveryFailure } from '../outbox/delivery-failure.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import type { Tenant } from '../tenants/tenant.js';
import { createPeopleQueries } from './people-repo.js';

export type PersonState = 'invited' | 'invitation_expired' | 'active' | 'email_unconfirmed';

export interface Person {
  identityId: string;
  name: string;
  email: string;
  roles: MembershipRole[];
  state: PersonState;
  /** Why the newest invitation mail to a person without a password could not be delivered, in plain German; else null. */
  deliveryFailure: string | null;
}

const STAFF_ROLES: readonly MembershipRole[] = ['staff_admin', 'staff_user'];

export function isStaffRole(role: MembershipRole): boolean {
  return STAFF_ROLES.includes(role);
}

export function createPeopleService(deps: { db: Database; clock: Clock; invitations: InvitationService; outbox: OutboxService }) {
  const { db, clock, invitations, outbox } = deps;
  return {
    /** The tenant's people and where each stands; one row per person, all their roles together. */
    async listPeople(tenantId: string): Promise<Person[]> {
      const rows = await createPeopleQueries(db).listPeople(tenantId, clock.now());
      const byIdentity = new Map<string, Person>();
      for (const row of rows) {
        const role = isMembershipRole(row.role) ? row.role : 'policyholder';
        const existing = byIdentity.get(row.identityId);
        if (existing !== undefined) {
          existing.roles.push(role);
          continue;
        }
        const state: PersonState = row.hasPassword ? (row.emailConfirmedAt === null ? 'email_unconfirmed' : 'active') : row.invitationUsable ? 'invited' : 'invitation_expired';
        byIdentity.set(row.identityId, { identityId: row.identityId, name: row.name, email: row.email, roles: [role], state, deliveryFailure: null });
      }
      const people = [...byIdentity.values()];
      const pending = people.filter((person) => person.state === 'invited' || person.state === 'invitation_expired');
      const mails = await outbox.latestInvitationMails(tenantId, pending.map((person) => person.email));
      for (const person of pending) {
        const mail = mails.get(person.email);
        if (mail?.status === 'failed' || mail?.status === 'abandoned') {
          person.deliveryFailure = describeDeliveryFailure(mail.status, mail.lastError);
        }
      }
      return people;
    },

    /** Sends a fresh invitation (the older link stops working) to a person of this tenant who has no password yet. */
    async resendInvitation(tenant: Tenant, identityId: string): Promise<'sent' | 'too_soon'> {
      const outcome = await db.transaction(async (tx) => {
        const identity = /^[0-9a-f-]{36}$/.test(identityId) ? await createIdentityQueries(tx).findByIdForUpdate(identityId) : null;
        // Somebody of another tenant is "not found" here, exactly like an id that does not exist.
        if (identity === null || !(await createMembershipQueries(tx).hasMembership(tenant.id, identity.id)) || identity.passwordHash !== null) {
          throw new AppError('IDENTITY_NOT_FOUND', 'No such person with a pending invitation');
        }
        return invitations.resendInvitation(tx, tenant, identity);
      });
      outbox.notifyCommitted();
      return outcome;
    },

    async isStaff(tenantId: string, identityId: string): Promise<boolean> {
      const roles = await createMembershipQueries(db).listRoles(tenantId, identityId);
      return roles.some(isStaffRole);
    },

    /** The strongest staff role a person holds in the tenant, or null for customers and strangers. */
    async staffRoleOf(tenantId: string, identityId: string): Promise<'staff_admin' | 'staff_user' | null> {
      const roles = await createMembershipQueries(db).listRoles(tenantId, identityId);
      return roles.includes('staff_admin') ? 'staff_admin' : roles.includes('staff_user') ? 'staff_user' : null;
    },
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
