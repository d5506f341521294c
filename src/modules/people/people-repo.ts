import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { actionTokens, identities, memberships } from '../../db/schema.js';

export interface PersonRow {
  identityId: string;
  name: string;
  email: string;
  role: string;
  hasPassword: boolean;
  emailConfirmedAt: Date | null;
  invitationExpiresAt: Date | null;
  invitationUsable: boolean;
}

export function createPeopleQueries(db: Database) {
  return {
    /** Everybody with a membership in the tenant, with the state of their newest invitation there. */
    async listPeople(tenantId: string, now: Date): Promise<PersonRow[]> {
      const latestInvitation = db
        .select({
          identityId: actionTokens.identityId,
          expiresAt: sql<Date>`max(${actionTokens.expiresAt})`.as('expires_at'),
          usable: sql<boolean>`bool_or(${actionTokens.usedAt} is null and ${actionTokens.revokedAt} is null and ${actionTokens.expiresAt} > ${now.toISOString()})`.as('usable'),
        })
        .from(actionTokens)
        .where(and(eq(actionTokens.tenantId, tenantId), eq(actionTokens.purpose, 'invitation')))
        .groupBy(actionTokens.identityId)
        .as('latest_invitation');
      const rows = await db
        .select({
          identityId: identities.id,
          name: identities.name,
          email: identities.emailDisplay,
          role: memberships.role,
          passwordHash: identities.passwordHash,
          emailConfirmedAt: identities.emailConfirmedAt,
          invitationExpiresAt: latestInvitation.expiresAt,
          invitationUsable: latestInvitation.usable,
        })
        .from(memberships)
        .innerJoin(identities, eq(identities.id, memberships.identityId))
        .leftJoin(latestInvitation, eq(latestInvitation.identityId, identities.id))
        .where(eq(memberships.tenantId, tenantId))
        .orderBy(asc(identities.name), asc(memberships.role));
      return rows.map(({ passwordHash, invitationExpiresAt, invitationUsable, ...row }) => ({
        ...row,
        hasPassword: passwordHash !== null,
        invitationExpiresAt: invitationExpiresAt === null ? null : new Date(invitationExpiresAt),
        invitationUsable: invitationUsable === true,
      }));
    },
  };
}
