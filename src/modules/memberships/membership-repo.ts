import { and, asc, eq, inArray, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { KEEP_PLAN } from '../../db/kept-plans.js';
import { grantMembers, memberships, tenants } from '../../db/schema.js';
import { firstRolePerTenant, type MembershipRole, type MembershipTenant } from './membership.js';
import { insertByColumns } from '../../db/bulk-insert.js';

/** A membership to add, with the address, name and language the tenant's staff entered for the person. */
export interface NewMembership {
  tenantId: string;
  identityId: string;
  role: MembershipRole;
  invitedAs: { emailDisplay: string; name: string; language: string };
}

/**
 * Whether a membership gives access at this moment: until the first login here, only while the
 * tenant's invitation lasts. A person with a password from elsewhere is kept to the same limit as one
 * who still has to use the link, so a revoked or lapsed invitation ends both alike.
 */
export function isAccessOpen(now: Date): SQL {
  return sql`(${memberships.firstLoginAt} is not null or ${memberships.invitationUntil} is null
    or ${memberships.invitationUntil} > ${now.toISOString()}::timestamptz)`;
}

/** One person's memberships in one tenant, narrowed by further conditions. */
function ofPerson(tenantId: string, identityId: string, ...conditions: (SQL | undefined)[]): SQL | undefined {
  return and(eq(memberships.tenantId, tenantId), eq(memberships.identityId, identityId), ...conditions);
}

/**
 * Over a person's memberships in a tenant (grouped): whether access no longer waits for an invitation, i.e. they
 * logged in here, set the password through this tenant's link, or got access before invitations limited it.
 */
const ACCEPTED = sql<boolean>`not coalesce(bool_and(${memberships.firstLoginAt} is null)
  and bool_or(${memberships.invitationUntil} is not null), false)`;

export function createMembershipQueries(db: Database) {
  /** Whether any membership meets the condition. */
  async function anyMembership(where: SQL | undefined): Promise<boolean> {
    const [row] = await db.select({ id: memberships.id }).from(memberships).where(where).limit(1);
    return row !== undefined;
  }

  return {
    /**
     * Adds the membership, or keeps the one there is. Until the person's first login here it also records the address,
     * name and language as this tenant's staff entered them (see memberships.invited_*).
     */
    async ensureMembership(values: NewMembership): Promise<void> {
      const { invitedAs, ...membership } = values;
      const invited = {
        invitedEmailDisplay: invitedAs.emailDisplay,
        invitedName: invitedAs.name,
        invitedLanguage: invitedAs.language,
      };
      await db
        .insert(memberships)
        .values({ ...membership, ...invited })
        .onConflictDoUpdate({
          target: [memberships.tenantId, memberships.identityId, memberships.role],
          set: invited,
          setWhere: isNull(memberships.firstLoginAt),
        });
    },
    /** Deactivated memberships do not count: no login, no session, no access in that tenant. */
    async hasMembership(tenantId: string, identityId: string): Promise<boolean> {
      return anyMembership(ofPerson(tenantId, identityId, isNull(memberships.deactivatedAt)));
    },
    /** Deactivated or waiting for an invitation that lapsed or was revoked: no login and no session here. */
    async hasAccess(tenantId: string, identityId: string, now: Date): Promise<boolean> {
      return anyMembership(ofPerson(tenantId, identityId, isNull(memberships.deactivatedAt), isAccessOpen(now)));
    },
    /**
     * A member here whose access no longer waits for an invitation: logged in here, set the password through this
     * tenant's
     * link, or got access before invitations limited it. Everybody else is answered as somebody new to the tenant.
     */
    async hasAcceptedAccess(tenantId: string, identityId: string): Promise<boolean> {
      const [row] = await db
        .select({ isAccepted: sql<boolean>`count(*) > 0 and ${ACCEPTED}` })
        .from(memberships)
        .where(ofPerson(tenantId, identityId));
      return row?.isAccepted === true;
    },
    /** The batch form of hasAcceptedAccess, one statement for a whole bulk invitation. */
    async listAcceptedAmong(tenantId: string, identityIds: string[]): Promise<Set<string>> {
      if (identityIds.length === 0) {
        return new Set();
      }
      const rows = await db
        .select({ identityId: memberships.identityId })
        .from(memberships)
        .where(and(eq(memberships.tenantId, tenantId), inArray(memberships.identityId, identityIds)))
        .groupBy(memberships.identityId)
        .having(ACCEPTED);
      return new Set(rows.map((row) => row.identityId));
    },
    /**
     * Of these people, those who have accepted their access here (hasAcceptedAccess) and have it now (hasAccess), in
     * one statement for a whole batch of mails; with `roles`, only through a membership in one of them (staff).
     */
    async listAcceptedWithAccessAmong(
      tenantId: string,
      identityIds: readonly string[],
      now: Date,
      roles: readonly MembershipRole[] | null = null,
    ): Promise<Set<string>> {
      if (identityIds.length === 0) {
        return new Set();
      }
      const inRole = roles === null ? sql`true` : inArray(memberships.role, [...roles]);
      const rows = await db
        .select({ identityId: memberships.identityId })
        .from(memberships)
        .where(and(eq(memberships.tenantId, tenantId), inArray(memberships.identityId, [...identityIds])))
        .groupBy(memberships.identityId)
        .having(
          and(ACCEPTED, sql`bool_or(${memberships.deactivatedAt} is null and ${isAccessOpen(now)} and ${inRole})`),
        );
      return new Set(rows.map((row) => row.identityId));
    },
    /**
     * Access of people who have not logged in here yet lasts as long as the invitation just issued, or ends at once on
     * revocation.
     */
    async limitAccessToInvitation(tenantId: string, identityIds: string[], until: Date): Promise<void> {
      if (identityIds.length > 0) {
        await db
          .update(memberships)
          .set({ invitationUntil: until })
          .where(
            and(
              eq(memberships.tenantId, tenantId),
              inArray(memberships.identityId, identityIds),
              isNull(memberships.firstLoginAt),
            ),
          );
      }
    },
    /**
     * The person used this tenant's link to set a password: the invitation is accepted, access no longer waits for it.
     */
    async acceptInvitation(tenantId: string, identityId: string): Promise<void> {
      await db.update(memberships).set({ invitationUntil: null }).where(ofPerson(tenantId, identityId));
    },
    /** Customer roles end with the last grant; staff roles are managed elsewhere and stay. */
    async deleteCustomerRoles(tenantId: string, identityId: string): Promise<void> {
      await db
        .delete(memberships)
        .where(ofPerson(tenantId, identityId, inArray(memberships.role, ['policyholder', 'intermediary'])));
    },
    /** The batch form of ensureMembership. */
    async ensureMemberships(values: NewMembership[]): Promise<void> {
      await insertByColumns(
        db,
        'memberships',
        [
          { name: 'tenant_id', type: 'uuid', value: (row) => row.tenantId },
          { name: 'identity_id', type: 'uuid', value: (row) => row.identityId },
          { name: 'role', type: 'text', value: (row) => row.role },
          { name: 'invited_email_display', type: 'text', value: (row) => row.invitedAs.emailDisplay },
          { name: 'invited_name', type: 'text', value: (row) => row.invitedAs.name },
          { name: 'invited_language', type: 'text', value: (row) => row.invitedAs.language },
        ],
        values,
        sql`on conflict (tenant_id, identity_id, role) do update set invited_email_display =
          excluded.invited_email_display,
          invited_name = excluded.invited_name, invited_language = excluded.invited_language
          where memberships.first_login_at is null`,
      );
    },
    /**
     * Moves the tenant's memberships and grant memberships of one identity to another (a pending invitation that staff
     * re-addressed), with the address they entered. The caller checked that the other identity has none here.
     */
    async moveToIdentity(tenantId: string, fromId: string, toId: string, emailDisplay: string): Promise<void> {
      await db
        .update(memberships)
        .set({ identityId: toId, invitedEmailDisplay: emailDisplay })
        .where(and(eq(memberships.tenantId, tenantId), eq(memberships.identityId, fromId)));
      await db
        .update(grantMembers)
        .set({ identityId: toId })
        .where(and(eq(grantMembers.tenantId, tenantId), eq(grantMembers.identityId, fromId)));
    },
    async listMembersAmong(tenantId: string, identityIds: string[]): Promise<Set<string>> {
      const rows =
        identityIds.length === 0
          ? []
          : await db
              .selectDistinct({ identityId: memberships.identityId })
              .from(memberships)
              .where(and(eq(memberships.tenantId, tenantId), inArray(memberships.identityId, identityIds)));
      return new Set(rows.map((row) => row.identityId));
    },
    async hasAnyMembership(tenantId: string, identityId: string): Promise<boolean> {
      return anyMembership(ofPerson(tenantId, identityId));
    },
    async setDeactivated(tenantId: string, identityId: string, at: Date | null): Promise<boolean> {
      const rows = await db
        .update(memberships)
        .set({ deactivatedAt: at })
        .where(
          ofPerson(
            tenantId,
            identityId,
            at === null ? isNotNull(memberships.deactivatedAt) : isNull(memberships.deactivatedAt),
          ),
        )
        .returning({ id: memberships.id });
      return rows.length > 0;
    },
    /**
     * Sets the first login once: the guard makes a second login, or two at the same moment, change nothing.
     * True when this login accepted a pending invitation (the person had a password before it came).
     */
    async recordFirstLogin(tenantId: string, identityId: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(memberships)
        .set({ firstLoginAt: at })
        .where(ofPerson(tenantId, identityId, isNull(memberships.firstLoginAt)))
        .returning({ invitationUntil: memberships.invitationUntil });
      return rows.some((row) => row.invitationUntil !== null);
    },
    /**
     * The strongest staff role the person holds in the tenant, or null. Every workspace page asks it after the session,
     * so it is one kept plan written as SQL: building and planning the statement cost more than running it.
     */
    async strongestStaffRole(tenantId: string, identityId: string): Promise<'staff_admin' | 'staff_user' | null> {
      const result = await db.execute(sql`${KEEP_PLAN}
        select case when bool_or(m.role = 'staff_admin') then 'staff_admin'
                    when bool_or(m.role = 'staff_user') then 'staff_user' end as "role"
          from ${memberships} m
         where m.tenant_id = ${tenantId} and m.identity_id = ${identityId}`);
      const [row] = (result as { rows: { role: 'staff_admin' | 'staff_user' | null }[] }).rows;
      return row?.role ?? null;
    },
    async listRoles(tenantId: string, identityId: string): Promise<MembershipRole[]> {
      const rows = await db
        .select({ role: memberships.role })
        .from(memberships)
        .where(ofPerson(tenantId, identityId))
        .orderBy(asc(memberships.role));
      return rows.map((row) => row.role as MembershipRole);
    },
    /**
     * Whether the identity belongs to any other tenant; with `activeOnly`, only memberships that give access there
     * count.
     */
    async hasMembershipOutside(
      tenantId: string,
      identityId: string,
      options: { activeOnly: boolean },
    ): Promise<boolean> {
      const [row] = await db
        .select({ id: memberships.id })
        .from(memberships)
        .where(
          and(
            eq(memberships.identityId, identityId),
            ne(memberships.tenantId, tenantId),
            options.activeOnly ? isNull(memberships.deactivatedAt) : undefined,
          ),
        )
        .limit(1);
      return row !== undefined;
    },
    async listMembersElsewhere(tenantId: string, identityIds: string[]): Promise<Set<string>> {
      const rows =
        identityIds.length === 0
          ? []
          : await db
              .selectDistinct({ identityId: memberships.identityId })
              .from(memberships)
              .where(
                and(
                  inArray(memberships.identityId, identityIds),
                  ne(memberships.tenantId, tenantId),
                  isNull(memberships.deactivatedAt),
                ),
              );
      return new Set(rows.map((row) => row.identityId));
    },
    /**
     * The tenant's active administrators, their rows locked until the transaction ends: two requests
     * deactivating two administrators at once run one after the other and the second sees the first.
     */
    async lockActiveAdmins(tenantId: string): Promise<string[]> {
      const rows = await db
        .select({ identityId: memberships.identityId })
        .from(memberships)
        .where(
          and(
            eq(memberships.tenantId, tenantId),
            eq(memberships.role, 'staff_admin'),
            isNull(memberships.deactivatedAt),
          ),
        )
        .orderBy(asc(memberships.id))
        .for('update');
      return rows.map((row) => row.identityId);
    },
    async listActiveRoles(tenantId: string, identityId: string): Promise<MembershipRole[]> {
      const rows = await db
        .select({ role: memberships.role })
        .from(memberships)
        .where(ofPerson(tenantId, identityId, isNull(memberships.deactivatedAt)));
      return rows.map((row) => row.role as MembershipRole);
    },
    async listTenantsOf(identityId: string, now: Date): Promise<MembershipTenant[]> {
      const rows = await db
        .select({ tenantId: tenants.id, tenantName: tenants.name, tenantSlug: tenants.slug, role: memberships.role })
        .from(memberships)
        .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
        .where(and(eq(memberships.identityId, identityId), isNull(memberships.deactivatedAt), isAccessOpen(now)))
        .orderBy(asc(tenants.name), asc(memberships.createdAt));
      return firstRolePerTenant(rows);
    },
    /** The tenants where the person is active and has accepted access; a pending invitation does not count. */
    async listAcceptedTenantIds(identityId: string): Promise<string[]> {
      const rows = await db
        .selectDistinct({ tenantId: memberships.tenantId })
        .from(memberships)
        .where(
          and(
            eq(memberships.identityId, identityId),
            isNull(memberships.deactivatedAt),
            or(isNotNull(memberships.firstLoginAt), isNull(memberships.invitationUntil)),
          ),
        );
      return rows.map((row) => row.tenantId);
    },
  };
}
