import type { Database } from '../../db/database.js';
import { createMembershipQueries, type MembershipTenant } from './membership-repo.js';
import type { MembershipRole } from './membership.js';

export function createMembershipService(deps: { db: Database }) {
  return {
    listTenantsOf: (identityId: string): Promise<MembershipTenant[]> => createMembershipQueries(deps.db).listTenantsOf(identityId),
    listRoles: (tenantId: string, identityId: string): Promise<MembershipRole[]> => createMembershipQueries(deps.db).listRoles(tenantId, identityId),
  };
}

export type MembershipService = ReturnType<typeof createMembershipService>;
