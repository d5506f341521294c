import { Hono } from 'hono';
import type { Services } from '../../services.js';
import type { AppEnv } from '../context.js';
import { renderPage } from '../pages/page.js';
import { renderInLanguage, translatorOf } from '../language.js';
import { currentKeptContent, keepContent, keptContentKey, keptHtmlFor } from '../pages/kept-content.js';
import type { NavigationFlags, PortfolioSummary } from '../../modules/visibility/visibility-service.js';
import { LogoutButton, PortalHome } from '../pages/portal-home-page.js';
import { renderChooser } from './login-routes.js';
import { hasDocumentsBeyond, portalNavFor } from './portal-nav-state.js';
import { PortalOverview } from '../pages/portal-overview-page.js';
import { summarizeSortedCoverage } from '../../modules/portfolio/portfolio-totals.js';

export function portalRoutes({
  grants,
  memberships,
  visibility,
  documents,
}: Pick<Services, 'grants' | 'memberships' | 'visibility' | 'documents'>) {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const session = c.get('session');
    const site = c.get('site');
    if (session === null) {
      return c.redirect('/login', 303);
    }
    if (site.kind === 'platform') {
      return renderChooser({ memberships }, c);
    }
    const tenantId = site.tenant.id;
    const identityId = session.identityId;
    const overviewOptions = async (summary: PortfolioSummary, navigation: NavigationFlags) => ({
      title: translatorOf(c)('Übersicht'),
      headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
      portalNav: portalNavFor(
        { ...navigation, portfolio: summary, hasDocuments: await hasDocumentsBeyond(documents, summary, c) },
        'overview',
      ),
    });
    // The overview as decided and rendered at the tenant's portfolio version is kept and shown again while it stands;
    // what it shows of the session and the broker is part of its key.
    const key = keptContentKey(c, tenantId, identityId, [session.name, site.tenant.name, site.tenant.contact]);
    const current = await currentKeptContent(key, ['portfolio'], () =>
      visibility.unreadWithContentVersionsOf(tenantId, identityId),
    );
    if (current !== undefined) {
      return renderPage(c, await overviewOptions(current.summary, current.navigation), keptHtmlFor(c, current));
    }
    // The navigation's flags come with the portfolio, read in the same statement as the person's grants.
    const portfolio = await visibility.overviewOf(tenantId, identityId);
    const { summary, navigation } = portfolio;
    const options = await overviewOptions(summary, navigation);
    if (summary.hasContracts) {
      // Whom the person asks: their customer's adviser, else its case handler, else those of a contract they see.
      const html = renderInLanguage(
        translatorOf(c),
        <PortalOverview
          name={session.name}
          tenantName={site.tenant.name}
          contact={site.tenant.contact}
          adviser={portfolio.adviser}
          coverage={summarizeSortedCoverage(portfolio.active)}
          contractCount={portfolio.contractCount}
          isCustomerShown={portfolio.customerCount > 1}
          isIntermediary={summary.hasIntermediaryCustomers}
          isDelegating={navigation.isDelegating}
        />,
      );
      keepContent(key, ['portfolio'], {
        versions: portfolio.contentVersions,
        title: options.title,
        html,
        summary,
        navigation,
      });
      return renderPage(c, options, keptHtmlFor(c, { html }));
    }
    return renderPage(
      c,
      options,
      <PortalHome
        name={session.name}
        email={session.email}
        tenantName={site.tenant.name}
        contact={site.tenant.contact}
        roles={navigation.roles}
        grants={await grants.listGrantsOf(site.tenant.id, session.identityId)}
        isDelegating={navigation.isDelegating}
      />,
    );
  });

  return app;
}
