import { sql, type SQL } from 'drizzle-orm';

/**
 * Read model: what a tenant's staff see of a person. It joins memberships (what the staff entered when inviting) with
 * identities (what the person keeps up to date after the first login) inside one statement, because the people list
 * filters, sorts and pages by these values in SQL and the Protokoll stores the address shown at the moment of the event
 * in the same insert; asking the two modules one by one would mean a statement per person. One definition for both, so
 * the list and the Protokoll never disagree.
 */

/** Whether the person has accepted access in the tenant: an aggregate over their memberships `m` there and identity `i`. */
export const HAS_ACCEPTED = sql`(i.password_hash is not null
  and not coalesce(bool_and(m.first_login_at is null) and bool_or(m.invitation_until is not null), false))`;

/**
 * What staff see of a detail, as an aggregate over the person's memberships `m` in the tenant and identity `i`: until
 * the first login there the value they entered (memberships.invited_*, the newest), otherwise the identity's own — so
 * an address known elsewhere does not show through. The people list and the Protokoll both use it.
 */
export function shownDetail(identityColumn: 'email_display' | 'name' | 'language'): SQL {
  const invited = sql.raw(`invited_${identityColumn}`);
  const own = sql.raw(identityColumn);
  return sql`(case when ${HAS_ACCEPTED} then i.${own}
    else coalesce((array_agg(m.${invited} order by m.created_at desc) filter (where m.${invited} is not null))[1], i.${own})
    end)`;
}

/**
 * The person's address as the event's tenant sees it at this moment (`shownDetail`: until the first login there the one
 * its staff entered), or the identity's own for an event without a membership in a tenant.
 */
export function shownEmailOf(values: { tenantId?: string | null; identityId?: string | null }): SQL | null {
  if (values.identityId == null) {
    return null;
  }
  const inTenant =
    values.tenantId == null
      ? sql`null`
      : sql`(select ${shownDetail('email_display')} from memberships m join identities i on i.id = m.identity_id
          where m.tenant_id = ${values.tenantId} and m.identity_id = ${values.identityId} group by i.id)`;
  return sql`coalesce(${inTenant}, (select i.email_display from identities i where i.id = ${values.identityId}))`;
}
