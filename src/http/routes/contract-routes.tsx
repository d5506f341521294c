import { Hono } from 'hono';
import type { TenantMemberContext, TenantMemberEnv } from '../context.js';
import { translatorOf } from '../language.js';
import { ContractDetailPage, ContractListPageView } from '../pages/contract-pages.js';
import { contractListPageOf, customerListPageOf, readContractListParameters } from '../pages/contract-list-query.js';
import { CustomerListPageView } from '../pages/portal-customer-pages.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import type { PortalSection } from '../pages/portal-nav.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import type { PortfolioSummary } from '../../modules/visibility/visibility-service.js';
import { portalNavOf, summaryOfPortfolio, type PortalNavServices } from './portal-nav-state.js';

function pageOptions(
  services: PortalNavServices,
  c: TenantMemberContext,
  title: string,
  section: PortalSection,
  known?: PortfolioSummary,
) {
  return portalNavOf(services, c, section, known).then((portalNav) => ({
    title,
    headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
    portalNav,
  }));
}

/**
 * Mounted under /vertraege, behind colleagueArea(): the contracts the person sees, as the visibility module decides.
 */
export function contractRoutes(services: PortalNavServices) {
  const { visibility } = services;
  const app = new Hono<TenantMemberEnv>();

  app.get('/', async (c) => {
    const portfolio = await visibility.portfolioOf(c.var.tenant.id, c.var.session.identityId);
    const page = contractListPageOf(
      portfolio.contracts,
      readContractListParameters((name) => c.req.query(name)),
    );
    const t = translatorOf(c);
    return renderPage(
      c,
      await pageOptions(services, c, page.customerName ?? t('Verträge'), 'contracts', summaryOfPortfolio(portfolio)),
      <ContractListPageView page={page} isIntermediary={portfolio.isIntermediary} />,
    );
  });

  // Unknown ids, another tenant's and another grant's contracts answer the same 404: nothing tells them apart.
  app.get('/:id', async (c) => {
    const contract = await visibility.findVisibleContract(c.var.tenant.id, c.var.session.identityId, c.req.param('id'));
    if (contract === null) {
      return renderErrorPage(c, 404, 'not_found');
    }
    return renderPage(
      c,
      await pageOptions(services, c, contract.productName ?? contract.sparteName, 'contracts'),
      <ContractDetailPage contract={contract} />,
    );
  });

  return app;
}

/** Mounted under /kunden, behind colleagueArea(): an intermediary's customers; for anybody else not found. */
export function customerRoutes(services: PortalNavServices) {
  const { visibility } = services;
  const app = new Hono<TenantMemberEnv>();

  app.get('/', async (c) => {
    const portfolio = await visibility.portfolioOf(c.var.tenant.id, c.var.session.identityId);
    if (!portfolio.isIntermediary) {
      return renderErrorPage(c, 404, 'not_found');
    }
    const page = customerListPageOf(portfolio.customers, portfolio.contracts, (name) => c.req.query(name));
    return renderPage(
      c,
      await pageOptions(services, c, translatorOf(c)('Kunden'), 'customers', summaryOfPortfolio(portfolio)),
      <CustomerListPageView page={page} />,
    );
  });

  return app;
}
