import { aliasedTable, and, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { grantProfiles, grants, identities } from '../../db/schema.js';
import type { GrantOrigin } from '../grants/grant.js';

/**
 * Read model: where a grant comes from, for its page in the workspace. It joins the grant with the profile applied to
 * it (profiles), the person who delegated it (identities) and the grant it was delegated out of, in one statement for
 * one page; asking the three modules one by one would cost three round trips for three names.
 */

const sourceGrants = aliasedTable(grants, 'source_grants');

export async function findGrantOrigin(db: Database, tenantId: string, id: string): Promise<GrantOrigin> {
  // Named: drizzle infers never[] for a select over the aliased grants table.
  const rows: GrantOrigin[] = await db
    .select({
      profileName: grantProfiles.name,
      delegatedByEmail: identities.emailDisplay,
      delegatedFromGrantName: sourceGrants.name,
    })
    .from(grants)
    .leftJoin(grantProfiles, and(eq(grantProfiles.id, grants.profileId), eq(grantProfiles.tenantId, tenantId)))
    .leftJoin(identities, eq(identities.id, grants.delegatedByIdentityId))
    .leftJoin(sourceGrants, and(eq(sourceGrants.id, grants.delegatedFromGrantId), eq(sourceGrants.tenantId, tenantId)))
    .where(and(eq(grants.tenantId, tenantId), eq(grants.id, id)));
  return rows[0] ?? { profileName: null, delegatedByEmail: null, delegatedFromGrantName: null };
}
