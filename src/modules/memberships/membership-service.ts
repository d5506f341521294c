import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { AuditService, RequestOrigin } from '../audit/audit-service.js';
import { createMembershipQueries } from './membership-repo.js';
import type { MembershipRole, MembershipTenant } from './membership.js';

/**
 * What other modules do with memberships (a person's roles in a tenant and whether they give access now). Memberships
 * change inside the caller's transaction (an invitation adds them with the grant and the token, a deactivation locks
 * them with the sessions it ends), so each operation runs on the executor given: the caller's transaction or the
 * database. Other modules use this, never the membership repo.
 */
export type MembershipOperations = ReturnType<typeof createMembershipQueries>;

export function membershipsIn(executor: Database): MembershipOperations {
  return createMembershipQueries(executor);
}

/**
 * The first login in a tenant, once. For a person who had a password before the tenant's invitation came, this login is
 * what accepts it (the others accept by setting the password through the link), so the staff hear of it now.
 */
export async function recordFirstLoginIn(
  db: Database,
  audit: AuditService,
  values: { tenantId: string; identityId: string; at: Date; origin: RequestOrigin },
): Promise<void> {
  await db.transaction(async (tx) => {
    if (await createMembershipQueries(tx).recordFirstLogin(values.tenantId, values.identityId, values.at)) {
      await audit.record(
        {
          kind: 'invitation.accepted',
          tenantId: values.tenantId,
          identityId: values.identityId,
          origin: values.origin,
        },
        tx,
      );
    }
  });
}

export function createMembershipService(deps: { db: Database; clock: Clock }) {
  return {
    listTenantsOf: (identityId: string): Promise<MembershipTenant[]> =>
      createMembershipQueries(deps.db).listTenantsOf(identityId, deps.clock.now()),
    listRoles: (tenantId: string, identityId: string): Promise<MembershipRole[]> =>
      createMembershipQueries(deps.db).listRoles(tenantId, identityId),
  };
}

export type MembershipService = ReturnType<typeof createMembershipService>;
