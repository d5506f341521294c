import type { MembershipRole } from '../../modules/memberships/membership.js';
import type { PortfolioSummary } from '../../modules/visibility/visibility-service.js';
import type { Services } from '../../services.js';
import { tenantOf, type AppContext } from '../context.js';
import { buildPortalNav, type PortalNavState, type PortalSection } from '../pages/portal-nav.js';

/**
 * Which sections a person's navigation lists: contracts and (for intermediaries) customers when the
 * visibility module finds some, documents when the person sees any or can send one (they see contracts or
 * customers), claims when they see contracts through a grant with "Schäden einschließen", messages when they see
 * contracts or customers (they can write to the broker) or have a conversation, with the count of unread ones.
 */
export function portalNavFor(
  person: {
    roles: readonly MembershipRole[];
    isDelegating: boolean;
    portfolio?: PortfolioSummary;
    hasDocuments?: boolean;
    hasClaims?: boolean;
    unreadMessages?: number | null;
  },
  current: PortalSection | null,
): PortalNavState {
  return buildPortalNav(
    {
      customers: person.portfolio?.hasIntermediaryCustomers === true,
      contracts: person.portfolio?.hasContracts === true,
      // A person who sees contracts or customers can send a document from there, even before one arrives.
      documents:
        person.hasDocuments === true ||
        person.portfolio?.hasContracts === true ||
        person.portfolio?.hasIntermediaryCustomers === true,
      claims: person.hasClaims === true,
      messages:
        person.unreadMessages !== undefined &&
        person.unreadMessages !== null &&
        (person.unreadMessages > 0 ||
          person.portfolio?.hasContracts === true ||
          person.portfolio?.hasIntermediaryCustomers === true),
      colleagues: person.isDelegating,
      workspace: person.roles.some((role) => role === 'staff_admin' || role === 'staff_user'),
    },
    current,
    { messages: person.unreadMessages ?? 0 },
  );
}

/** What the navigation asks: the person's roles, whether they delegate, whether they see contracts and documents. */
export type PortalNavServices = Pick<Services, 'delegations' | 'visibility' | 'documents' | 'claims' | 'conversations'>;

/**
 * The navigation of a signed-in person's page on a broker's host; none elsewhere. A page that has
 * loaded the person's portfolio (and with it their roles and whether they delegate) already passes what it found,
 * so nothing is asked twice.
 */
export async function portalNavOf(
  { delegations, visibility, documents, claims, conversations }: PortalNavServices,
  c: Pick<AppContext, 'get'>,
  current: PortalSection | null,
  known?: PortfolioSummary,
  knownFlags?: { roles: readonly MembershipRole[]; isDelegating: boolean },
): Promise<PortalNavState | undefined> {
  const session = c.get('session');
  const tenant = tenantOf(c.get('site'));
  if (session === null || tenant === null) {
    return undefined;
  }
  const [flags, portfolio] = await Promise.all([
    knownFlags ?? delegations.navigationFlagsOf(tenant.id, session.identityId),
    known ?? visibility.summaryOf(tenant.id, session.identityId),
  ]);
  const [hasDocuments, hasClaims, unreadMessages] = await Promise.all([
    hasDocumentsBeyond(documents, portfolio, c),
    portfolio.hasContracts ? claims.hasClaimsGrant(tenant.id, session.identityId) : false,
    conversations.unreadCountFor(tenant.id, session.identityId),
  ]);
  return portalNavFor({ ...flags, portfolio, hasDocuments, hasClaims, unreadMessages }, current);
}

/**
 * Whether the person sees documents, asked only when their contracts or customers do not already list "Dokumente"
 * (see portalNavFor): the question costs the visibility decision for a broker that holds documents.
 */
export async function hasDocumentsBeyond(
  documents: Pick<Services, 'documents'>['documents'],
  portfolio: PortfolioSummary,
  c: Pick<AppContext, 'get'>,
): Promise<boolean> {
  const session = c.get('session');
  const tenant = tenantOf(c.get('site'));
  if (session === null || tenant === null) return false;
  if (portfolio.hasContracts || portfolio.hasIntermediaryCustomers) return false;
  return documents.hasDocumentsFor(tenant.id, session.identityId);
}

/** The navigation's summary from a portfolio a page has loaded anyway. */
export function summaryOfPortfolio(portfolio: {
  customers: readonly unknown[];
  contracts: readonly unknown[];
  isIntermediary: boolean;
}): PortfolioSummary {
  return {
    hasContracts: portfolio.contracts.length > 0,
    hasIntermediaryCustomers: portfolio.isIntermediary && portfolio.customers.length > 0,
  };
}
