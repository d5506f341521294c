import { Hono } from 'hono';
import type { Services } from '../../services.js';
import type { AppEnv } from '../context.js';
import { renderPage } from '../pages/page.js';
import { translatorOf } from '../language.js';
import { LogoutButton, PortalHome } from '../pages/portal-home-page.js';
import { renderChooser } from './login-routes.js';
import { portalNavFor, summaryOfPortfolio } from './portal-nav-state.js';
import { PortalOverview } from '../pages/portal-overview-page.js';
import type { ContactPerson } from '../../modules/portfolio/portfolio.js';
import { summarizeCoverage } from '../../modules/portfolio/portfolio-totals.js';
import type { ContractView, CustomerView } from '../../modules/portfolio/portfolio-view.js';

/** Whom the person asks: their customer's adviser, else its case handler, else those of a contract they see. */
function adviserOf(portfolio: { customers: CustomerView[]; contracts: ContractView[] }): ContactPerson | null {
  const people = [
    ...portfolio.customers.flatMap((customer) => [customer.adviser, customer.caseHandler]),
    ...portfolio.contracts.flatMap((contract) => [contract.adviser, contract.caseHandler]),
  ];
  return people.find((person) => person !== null) ?? null;
}

export function portalRoutes({
  delegations,
  grants,
  memberships,
  visibility,
}: Pick<Services, 'delegations' | 'grants' | 'memberships' | 'visibility'>) {
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
    const [roles, held, delegation, portfolio] = await Promise.all([
      memberships.listRoles(site.tenant.id, session.identityId),
      grants.listGrantsOf(site.tenant.id, session.identityId),
      delegations.getOverview(site.tenant.id, session.identityId),
      visibility.portfolioOf(site.tenant.id, session.identityId),
    ]);
    const summary = summaryOfPortfolio(portfolio);
    const options = {
      title: translatorOf(c)('Übersicht'),
      headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
      portalNav: portalNavFor({ roles, isDelegating: delegation.isDelegating, portfolio: summary }, 'overview'),
    };
    if (summary.hasContracts) {
      const customerNumbers = new Set(portfolio.contracts.map((contract) => contract.customerNumber));
      return renderPage(
        c,
        options,
        <PortalOverview
          name={session.name}
          tenantName={site.tenant.name}
          contact={site.tenant.contact}
          adviser={adviserOf(portfolio)}
          coverage={summarizeCoverage(portfolio.contracts)}
          contractCount={portfolio.contracts.length}
          isCustomerShown={customerNumbers.size > 1}
          isIntermediary={summary.hasIntermediaryCustomers}
          isDelegating={delegation.isDelegating}
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
        grants={held}
        isDelegating={delegation.isDelegating}
      />,
    );
  });

  return app;
}
