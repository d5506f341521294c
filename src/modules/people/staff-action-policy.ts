import type { ErrorCode } from '../../shared/errors.js';
import type { MembershipRole } from '../memberships/membership.js';

/** What a broker's staff (in the workspace) or integration (through the API) does to one person of the tenant. */
export type StaffAction =
  'change_email' | 'deactivate' | 'reactivate' | 'reset_password' | 'reset_second_factor' | 'unlock';

/** Who acts: a staff member of the tenant, or the tenant's integration through an API key. */
export type StaffActor = { kind: 'staff'; identityId: string } | { kind: 'api_key' };

export interface StaffActionFacts {
  action: StaffAction;
  /** The actor's strongest active staff role; an API key acts with an administrator's rights. */
  actorRole: 'staff_admin' | 'staff_user' | null;
  targetId: string;
  targetRoles: readonly MembershipRole[];
  /** The target holds an active membership in another tenant. */
  isTargetElsewhere: boolean;
  activeAdminIds: readonly string[];
}

/** Acts on what administrators rely on; a staff user may not do them to an administrator. */
const ADMIN_PROTECTED: ReadonlySet<StaffAction> = new Set([
  'change_email',
  'deactivate',
  'reactivate',
  'reset_password',
  'reset_second_factor',
  'unlock',
]);

/**
 * Throttle counters and second factors belong to the identity, not to a tenant: lifting either for a
 * person of other brokers too would weaken their login there, so that is the platform operator's.
 */
const IDENTITY_WIDE: ReadonlySet<StaffAction> = new Set(['reset_second_factor', 'unlock']);

const isStaff = (role: MembershipRole): boolean => role === 'staff_admin' || role === 'staff_user';

/** The reason a staff action is refused, or null when it may go ahead. */
export function refusalOfStaffAction(
  facts: StaffActionFacts,
): Extract<ErrorCode, 'ROLE_ORDER' | 'OPERATOR_ONLY' | 'LAST_ADMIN'> | null {
  if (facts.actorRole === null) {
    return 'ROLE_ORDER';
  }
  if (
    facts.actorRole === 'staff_user' &&
    ADMIN_PROTECTED.has(facts.action) &&
    facts.targetRoles.includes('staff_admin')
  ) {
    return 'ROLE_ORDER';
  }
  // A colleague's second factor guards the workspace itself: only an administrator resets it.
  if (facts.actorRole === 'staff_user' && facts.action === 'reset_second_factor' && facts.targetRoles.some(isStaff)) {
    return 'ROLE_ORDER';
  }
  if (IDENTITY_WIDE.has(facts.action) && facts.isTargetElsewhere) {
    return 'OPERATOR_ONLY';
  }
  if (
    facts.action === 'deactivate' &&
    facts.activeAdminIds.includes(facts.targetId) &&
    facts.activeAdminIds.length === 1
  ) {
    return 'LAST_ADMIN';
  }
  return null;
}

export const REFUSAL_MESSAGES: Record<'ROLE_ORDER' | 'OPERATOR_ONLY' | 'LAST_ADMIN', string> = {
  ROLE_ORDER: 'Only an administrator may do this to an administrator',
  OPERATOR_ONLY: 'The person also has access at another broker; only the platform operator may do this',
  LAST_ADMIN: 'The last active administrator of the tenant cannot be deactivated',
};
