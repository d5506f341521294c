import type { MembershipRole } from '../../modules/memberships/membership.js';
import type { NavigationFlags, PortfolioSummary } from '../../modules/visibility/visibility-service.js';
import type { Services } from '../../services.js';
import { tenantOf, type AppContext } from '../context.js';
import { buildPortalNav, type PortalNavState, type PortalSection } from '../pages/portal-nav.js';

/**
 * Which sections a person's navigation lists: contracts and (for intermediaries) customers when the
 * visibility module finds some, documents when the person sees any or can send one (they see contracts or
 * customers), claims when they see contracts through a grant with "Schäden einschließen" or may report a claim without
 * a contract ("Schadenmeldung ohne Vertrag erlaubt", "Nur Schadenmeldung"), messages when they see
 * contracts or customers (they can write to the broker).
 */
export function portalNavFor(
  person: {
    roles: readonly MembershipRole[];
    isDelegating: boolean;
    /** Conversations the person sees with a message they have not read, shown next to "Nachrichten". */
    unreadConversations: number;
    portfolio?: PortfolioSummary;
    hasDocuments?: boolean;
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
      claims:
        person.portfolio?.holdsClaimsGrant === true &&
        (person.portfolio.hasContracts || person.portfolio.reportsWithoutContract === true),
      messages: person.portfolio?.hasContracts === true || person.portfolio?.hasIntermediaryCustomers === true,
      colleagues: person.isDelegating,
      workspace: person.roles.some((role) => role === 'staff_admin' || role === 'staff_user'),
    },
    current,
    // Counted in the navigation's statement with the flags (`unreadConversationCount`), at no statement of its own.
    { messages: person.unreadConversations },
  );
}

/** What the navigation asks: the person's roles, whether they delegate, whether they see contracts and documents. */
export type PortalNavServices = Pick<Services, 'delegations' | 'visibility' | 'documents'>;

/**
 * The navigation of a signed-in person's page on a broker's host; none elsewhere. A page that has
 * loaded the person's portfolio (and with it their roles and whether they delegate) already passes what it found,
 * so nothing is asked twice; a page that has loaded nothing pays two statements (grants with flags, and the summary).
 * A page that counted the person's unread conversations with its own rows (/nachrichten) passes the count
 * (`knownUnread`), so that the navigation's statement does not count them again.
 */
export async function portalNavOf(
  { delegations, visibility, documents }: PortalNavServices,
  c: Pick<AppContext, 'get'>,
  current: PortalSection | null,
  known?: PortfolioSummary,
  knownFlags?: NavigationFlags,
  knownUnread?: number,
): Promise<PortalNavState | undefined> {
  const session = c.get('session');
  const tenant = tenantOf(c.get('site'));
  if (session === null || tenant === null) {
    return undefined;
  }
  const { navigation: flags, summary: portfolio } = await navigationInputsOf(
    { delegations, visibility },
    tenant.id,
    session.identityId,
    known,
    knownFlags,
    knownUnread,
  );
  const hasDocuments = await hasDocumentsBeyond(documents, portfolio, c);
  return portalNavFor({ ...flags, portfolio, hasDocuments }, current);
}

/** What a page passes of the navigation's inputs, with the rest read in as few statements as possible. */
async function navigationInputsOf(
  { delegations, visibility }: Pick<PortalNavServices, 'delegations' | 'visibility'>,
  tenantId: string,
  identityId: string,
  known: PortfolioSummary | undefined,
  knownFlags: NavigationFlags | undefined,
  knownUnread: number | undefined,
): Promise<{ navigation: NavigationFlags; summary: PortfolioSummary }> {
  if (known === undefined) {
    const counted = knownFlags === undefined ? knownUnread : undefined;
    const read = await visibility.navigationOf(tenantId, identityId, counted);
    return { navigation: knownFlags ?? read.navigation, summary: read.summary };
  }
  return { navigation: knownFlags ?? (await delegations.navigationFlagsOf(tenantId, identityId)), summary: known };
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
  holdsClaimsGrant: boolean;
  reportsWithoutContract?: boolean;
}): PortfolioSummary {
  return {
    hasContracts: portfolio.contracts.length > 0,
    hasIntermediaryCustomers: portfolio.isIntermediary && portfolio.customers.length > 0,
    holdsClaimsGrant: portfolio.holdsClaimsGrant,
    reportsWithoutContract: portfolio.reportsWithoutContract === true,
  };
}
