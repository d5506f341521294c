export const MEMBERSHIP_ROLES = ['policyholder', 'intermediary', 'staff_admin', 'staff_user'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

export function isMembershipRole(value: unknown): value is MembershipRole {
  return typeof value === 'string' && (MEMBERSHIP_ROLES as readonly string[]).includes(value);
}

export interface MembershipTenant {
  tenantId: string;
  tenantName: string;
  tenantSlug: string;
  role: MembershipRole;
}

/** A person may hold several roles in one tenant; lists of tenants name each tenant once, with its first role. */
export function firstRolePerTenant(
  rows: Array<{ tenantId: string; tenantName: string; tenantSlug: string; role: string }>,
): MembershipTenant[] {
  const byTenant = new Map<string, MembershipTenant>();
  for (const row of rows) {
    if (!byTenant.has(row.tenantId)) {
      byTenant.set(row.tenantId, { ...row, role: row.role as MembershipRole });
    }
  }
  return [...byTenant.values()];
}
