import { Hono } from 'hono';
import type { Services } from '../../services.js';
import type { AppEnv } from '../context.js';
import { renderPage } from '../pages/page.js';
import { translatorOf } from '../language.js';
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
    // The navigation's flags come with the portfolio, read in the same statement as the person's grants.
    const portfolio = await visibility.overviewOf(site.tenant.id, session.identityId);
    const { summary } = portfolio;
    const { roles, isDelegating } = portfolio.navigation;
    const hasDocuments = await hasDocumentsBeyond(documents, summary, c);
    const options = {
      title: translatorOf(c)('Übersicht'),
      headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
      portalNav: portalNavFor({ ...portfolio.navigation, portfolio: summary, hasDocuments }, 'overview'),
    };
    if (summary.hasContracts) {
      // Whom the person asks: their customer's adviser, else its case handler, else those of a contract they see.
      return renderPage(
        c,
        options,
        <PortalOverview
          name={session.name}
          tenantName={site.tenant.name}
          contact={site.tenant.contact}
          adviser={portfolio.adviser}
          coverage={summarizeSortedCoverage(portfolio.active)}
          contractCount={portfolio.contractCount}
          isCustomerShown={portfolio.customerCount > 1}
          isIntermediary={summary.hasIntermediaryCustomers}
          isDelegating={isDelegating}
        />,
      );
    }
    return renderPage(
      c,
      options,
      <PortalHome
        name={session.name}
        email={session.email}
        tenantName={site.tenant.name}
        contact={site.tenant.contact}
        roles={roles}
        grants={await grants.listGrantsOf(site.tenant.id, session.identityId)}
        isDelegating={isDelegating}
      />,
    );
  });

  return app;
}
