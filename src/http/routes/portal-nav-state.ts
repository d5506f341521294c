import type { MembershipRole } from '../../modules/memberships/membership.js';
import { tenantOf, type AppContext } from '../context.js';
import { buildPortalNav, type PortalNavState, type PortalSection } from '../pages/portal-nav.js';

/**
 * Which sections a person's navigation lists. Contracts, documents, claims and messages join as
 * soon as the portal has pages for them; until then they count as empty, so no link leads nowhere.
 */
export function portalNavFor(
  person: { roles: readonly MembershipRole[]; isDelegating: boolean },
  current: PortalSection | null,
): PortalNavState {
  return buildPortalNav(
    {
      colleagues: person.isDelegating,
      workspace: person.roles.some((role) => role === 'staff_admin' || role === 'staff_user'),
    },
    current,
  );
}

/** The navigation of a signed-in person's page on a broker's host; none elsewhere. */
export async function portalNavOf(
  c: Pick<AppContext, 'get'>,
  current: PortalSection | null,
): Promise<PortalNavState | undefined> {
  const session = c.get('session');
  const tenant = tenantOf(c.get('site'));
  if (session === null || tenant === null) {
    return undefined;
  }
  const { memberships, delegations } = c.get('services');
  const [roles, delegation] = await Promise.all([
    memberships.listRoles(tenant.id, session.identityId),
    delegations.getOverview(tenant.id, session.identityId),
  ]);
  return portalNavFor({ roles, isDelegating: delegation.isDelegating }, current);
}
