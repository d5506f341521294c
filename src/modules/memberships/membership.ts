export const MEMBERSHIP_ROLES = ['policyholder', 'intermediary', 'staff_admin', 'staff_user'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

export function isMembershipRole(value: unknown): value is MembershipRole {
  return typeof value === 'string' && (MEMBERSHIP_ROLES as readonly string[]).includes(value);
}
