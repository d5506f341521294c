import { isAppError } from '../../shared/errors.js';
import type { RequestOrigin } from '../audit/audit-service.js';
import type { Tenant } from '../tenants/tenant.js';
import type { StaffActor } from './staff-action-policy.js';
import type { PeopleService, Person } from './people-service.js';

/** What staff may do to several people at once from the table. */
export type BulkAction = 'resend' | 'deactivate';

export const BULK_ACTIONS: readonly BulkAction[] = ['resend', 'deactivate'];

/** At most one page of the table is chosen at a time. */
export const MAX_BULK_PEOPLE = 50;

export function isBulkAction(value: string): value is BulkAction {
  return (BULK_ACTIONS as readonly string[]).includes(value);
}

export interface BulkPlan {
  /** Whom the action is for. */
  affected: Person[];
  /** Chosen, but the action does not apply to them (e.g. no open invitation, already deactivated, oneself). */
  passedOver: Person[];
}

export interface BulkOutcome {
  done: number;
  /** Error codes of the people the action was refused for, e.g. ROLE_ORDER, LAST_ADMIN, INVITATION_TOO_SOON. */
  refused: Array<{ identityId: string; code: string }>;
}

function applies(action: BulkAction, person: Person, ownIdentityId: string): boolean {
  if (action === 'resend') {
    return person.state === 'invited' || person.state === 'invitation_expired' || person.state === 'invitation_revoked';
  }
  // Staff cannot lock themselves out of the workspace by accident.
  return person.state !== 'deactivated' && person.identityId !== ownIdentityId;
}

/**
 * Who of the chosen people of this tenant the action would reach; ids of other tenants, or none at all, find nobody.
 */
export async function planBulkAction(
  people: PeopleService,
  tenantId: string,
  action: BulkAction,
  identityIds: string[],
  ownIdentityId: string,
): Promise<BulkPlan> {
  const chosen = await people.listPeople(tenantId, { identityIds: identityIds.slice(0, MAX_BULK_PEOPLE) });
  return {
    affected: chosen.filter((person) => applies(action, person, ownIdentityId)),
    passedOver: chosen.filter((person) => !applies(action, person, ownIdentityId)),
  };
}

/**
 * Does the action to each person it applies to, one after the other, each with the same checks as for one person
 * alone: a refusal for one (a staff user and an administrator, the last administrator) leaves the others done.
 */
export async function runBulkAction(
  people: PeopleService,
  tenant: Tenant,
  action: BulkAction,
  identityIds: string[],
  actor: Extract<StaffActor, { kind: 'staff' }>,
  origin: RequestOrigin,
): Promise<BulkOutcome> {
  const plan = await planBulkAction(people, tenant.id, action, identityIds, actor.identityId);
  const outcome: BulkOutcome = { done: 0, refused: [] };
  for (const person of plan.affected) {
    try {
      if (action === 'resend') {
        await people.resendPersonInvitation(tenant, person.identityId);
      } else {
        await people.deactivatePerson(tenant.id, person.identityId, actor, origin);
      }
      outcome.done += 1;
    } catch (error) {
      if (!isAppError(error)) {
        throw error;
      }
      outcome.refused.push({ identityId: person.identityId, code: error.code });
    }
  }
  return outcome;
}
