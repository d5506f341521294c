import { aliasedTable, and, asc, eq, exists, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import {
  grantMembers,
  grantProfileDelegations,
  grantProfiles,
  grants,
  identities,
  memberships,
} from '../../db/schema.js';
import type { GrantKind } from '../grants/grant.js';
import type { DelegatedGrantRow, DelegationOffer } from './delegation.js';

const sourceGrants = aliasedTable(grants, 'source_grants');
const holders = aliasedTable(grantMembers, 'holders');

/** Delegations seen from one person in one tenant; every query filters by tenant and by that person. */
export function createDelegationQueries(db: Database) {
  return {
    /** Each grant the person holds, once per profile its applied profile delegates to. */
    async listOffers(tenantId: string, identityId: string): Promise<DelegationOffer[]> {
      const rows = await db
        .select({
          grantId: grants.id,
          grantName: grants.name,
          kind: grants.kind,
          profileId: grantProfiles.id,
          profileName: grantProfiles.name,
          isSeparateGrantPerInvitee: grantProfiles.separateGrantPerInvitee,
          includeClaims: grantProfiles.includeClaims,
          claimsNeedRelease: grantProfiles.claimsNeedRelease,
          claimsWithoutContract: grantProfiles.claimsWithoutContract,
          claimsOnly: grantProfiles.claimsOnly,
          includeReferenceAddresses: grantProfiles.includeReferenceAddresses,
          shareCases: grantProfiles.shareCases,
          shareContractsAutomatically: grantProfiles.shareContractsAutomatically,
          restrictedLinesOfBusiness: grantProfiles.restrictedLinesOfBusiness,
          documentProfile: grantProfiles.documentProfile,
        })
        .from(grantMembers)
        .innerJoin(grants, and(eq(grants.id, grantMembers.grantId), eq(grants.tenantId, grantMembers.tenantId)))
        .innerJoin(grantProfileDelegations, eq(grantProfileDelegations.profileId, grants.profileId))
        .innerJoin(
          grantProfiles,
          and(eq(grantProfiles.id, grantProfileDelegations.delegatedProfileId), eq(grantProfiles.tenantId, tenantId)),
        )
        .where(
          and(
            eq(grantMembers.tenantId, tenantId),
            eq(grantMembers.identityId, identityId),
            isNotNull(grants.profileId),
          ),
        )
        .orderBy(asc(grants.name), asc(grantProfiles.name));
      return rows.map((row) => ({ ...row, kind: row.kind as GrantKind }));
    },

    /**
     * Grants the person delegated out of a grant they still hold, one row per member (a grant without
     * members gives one row without a member).
     */
    async listDelegatedGrants(tenantId: string, identityId: string): Promise<DelegatedGrantRow[]> {
      const rows = await db
        .select({
          grantId: grants.id,
          grantName: grants.name,
          sourceGrantId: sourceGrants.id,
          sourceGrantName: sourceGrants.name,
          memberId: identities.id,
          memberName: identities.name,
          memberEmail: identities.emailDisplay,
          // Like the staff's list of people: a password from another broker shows nothing until the first login here.
          hasAcceptedAccess: sql<boolean>`${identities.passwordHash} is not null
            and not coalesce((select bool_and(m.first_login_at is null) and bool_or(m.invitation_until is not null)
              from ${memberships} m where m.tenant_id = ${tenantId} and m.identity_id = ${identities.id}), false)`,
        })
        .from(grants)
        .innerJoin(
          sourceGrants,
          and(eq(sourceGrants.id, grants.delegatedFromGrantId), eq(sourceGrants.tenantId, tenantId)),
        )
        .leftJoin(grantMembers, and(eq(grantMembers.grantId, grants.id), eq(grantMembers.tenantId, tenantId)))
        .leftJoin(identities, eq(identities.id, grantMembers.identityId))
        .where(
          and(
            eq(grants.tenantId, tenantId),
            eq(grants.delegatedByIdentityId, identityId),
            // Losing the grant one delegated from means losing the management of what was delegated.
            exists(
              db
                .select({ one: sql`1` })
                .from(holders)
                .where(
                  and(
                    eq(holders.grantId, grants.delegatedFromGrantId),
                    eq(holders.tenantId, tenantId),
                    eq(holders.identityId, identityId),
                  ),
                ),
            ),
          ),
        )
        .orderBy(asc(grants.name), asc(identities.name));
      return rows.map((row) => ({ ...row, hasAcceptedAccess: row.hasAcceptedAccess }));
    },

    async findGrantByName(
      tenantId: string,
      name: string,
    ): Promise<{
      id: string;
      profileId: string | null;
      delegatedFromGrantId: string | null;
      delegatedByIdentityId: string | null;
    } | null> {
      const [row] = await db
        .select({
          id: grants.id,
          profileId: grants.profileId,
          delegatedFromGrantId: grants.delegatedFromGrantId,
          delegatedByIdentityId: grants.delegatedByIdentityId,
        })
        .from(grants)
        .where(and(eq(grants.tenantId, tenantId), eq(grants.name, name)));
      return row ?? null;
    },
  };
}
