import { Hono } from 'hono';
import type { TenantMemberContext, TenantMemberEnv } from '../context.js';
import { renderInLanguage, translatorOf } from '../language.js';
import { currentKeptContent, keepContent, keptContentKey, keptHtmlFor } from '../pages/kept-content.js';
import { ContractDetailPage, ContractListPageView } from '../pages/contract-pages.js';
import {
  contractListPageOfResult,
  PORTFOLIO_PAGE_SIZE,
  readContractListParameters,
  readCustomerSearch,
} from '../pages/contract-list-query.js';
import { CustomerListPageView } from '../pages/portal-customer-pages.js';
import { ContractDocuments, ImportantDocuments } from '../pages/document-pages.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import type { PortalSection } from '../pages/portal-nav.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import type { NavigationFlags, PortfolioSummary } from '../../modules/visibility/visibility-service.js';
import { sparteNameIn } from '../pages/sparte-names.js';
import { portalNavOf, type PortalNavServices } from './portal-nav-state.js';

/** What the contract list shows: kept while the tenant's portfolio is as it was. */
const PORTFOLIO = ['portfolio'] as const;

/** How many of a contract's documents its page shows; the list has them all. */
const CONTRACT_DOCUMENTS_SHOWN = 10;

function pageOptions(
  services: PortalNavServices,
  c: TenantMemberContext,
  title: string,
  section: PortalSection,
  known?: PortfolioSummary,
  knownFlags?: NavigationFlags,
) {
  return portalNavOf(services, c, section, known, knownFlags).then((portalNav) => ({
    title,
    headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
    portalNav,
  }));
}

/**
 * Mounted under /vertraege, behind colleagueArea(): the contracts the person sees, as the visibility module decides.
 */
export function contractRoutes(services: PortalNavServices) {
  const { visibility, documents } = services;
  const app = new Hono<TenantMemberEnv>();

  // The list as decided and rendered at the tenant's portfolio version is kept and shown again while it stands.
  app.get('/', async (c) => {
    const tenantId = c.var.tenant.id;
    const identityId = c.var.session.identityId;
    const key = keptContentKey(c, tenantId, identityId);
    const current = await currentKeptContent(key, PORTFOLIO, () =>
      visibility.unreadWithContentVersionsOf(tenantId, identityId),
    );
    if (current !== undefined) {
      return renderPage(
        c,
        await pageOptions(services, c, current.title, 'contracts', current.summary, current.navigation),
        keptHtmlFor(c, current),
      );
    }
    const parameters = readContractListParameters((name) => c.req.query(name));
    const result = await visibility.contractListOf(tenantId, identityId, parameters, {
      page: parameters.page,
      pageSize: PORTFOLIO_PAGE_SIZE,
    });
    const page = contractListPageOfResult(result, parameters);
    const t = translatorOf(c);
    const content = {
      versions: result.contentVersions,
      title: page.customerName ?? t('Verträge'),
      html: renderInLanguage(t, <ContractListPageView page={page} isIntermediary={result.isIntermediary} />),
      summary: result.summary,
      navigation: result.navigation,
    };
    keepContent(key, PORTFOLIO, content);
    return renderPage(
      c,
      await pageOptions(services, c, content.title, 'contracts', content.summary, content.navigation),
      keptHtmlFor(c, content),
    );
  });

  // Unknown ids, another tenant's and another grant's contracts answer the same 404: nothing tells them apart.
  app.get('/:id', async (c) => {
    const tenantId = c.var.tenant.id;
    const identityId = c.var.session.identityId;
    // One decision answers the contract, its documents' and claims' scopes and the navigation's summary.
    const found = await visibility.contractPageOf(tenantId, identityId, c.req.param('id'));
    if (found === null) {
      return renderErrorPage(c, 404, 'not_found');
    }
    const { contract, documentScopes } = found;
    const [contractDocuments, important] = await Promise.all([
      documents.listForPerson(
        tenantId,
        identityId,
        { contractId: contract.id },
        { limit: CONTRACT_DOCUMENTS_SHOWN },
        documentScopes,
      ),
      documents.importantForContract(tenantId, identityId, contract.id, documentScopes),
    ]);
    const mayReportClaim = found.claimScopes.some((scope) => scope.contractIds.includes(contract.id));
    const belongsTo = `${contract.productName ?? contract.sparteName} · ${contract.policyNumber}`;
    return renderPage(
      c,
      await pageOptions(
        services,
        c,
        contract.productName ?? sparteNameIn(translatorOf(c), contract.sparte),
        'contracts',
        found.summary,
      ),
      <ContractDetailPage
        contract={contract}
        claimHref={mayReportClaim ? `/schaeden/neu?vertrag=${contract.id}` : null}
      >
        <ImportantDocuments
          entries={important.map((entry) => ({
            ...entry,
            document: entry.document === null ? null : { ...entry.document, belongsTo },
          }))}
        />
        <ContractDocuments
          contractId={contract.id}
          documents={contractDocuments.items.map((document) => ({ ...document, belongsTo }))}
        />
      </ContractDetailPage>,
    );
  });

  return app;
}

/** Mounted under /kunden, behind colleagueArea(): an intermediary's customers; for anybody else not found. */
export function customerRoutes(services: PortalNavServices) {
  const { visibility } = services;
  const app = new Hono<TenantMemberEnv>();

  app.get('/', async (c) => {
    const { search, page } = readCustomerSearch((name) => c.req.query(name));
    const result = await visibility.customerListOf(c.var.tenant.id, c.var.session.identityId, search, {
      page,
      pageSize: PORTFOLIO_PAGE_SIZE,
    });
    if (!result.isIntermediary) {
      return renderErrorPage(c, 404, 'not_found');
    }
    return renderPage(
      c,
      await pageOptions(services, c, translatorOf(c)('Kunden'), 'customers', result.summary),
      <CustomerListPageView
        page={{
          search,
          page: result.page,
          pageCount: result.pageCount,
          total: result.total,
          customers: result.customers,
        }}
      />,
    );
  });

  return app;
}
