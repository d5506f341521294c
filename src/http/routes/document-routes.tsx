import { Hono } from 'hono';
import type { TenantMemberContext, TenantMemberEnv } from '../context.js';
import { requestOrigin } from '../client-address.js';
import { downloadResponse } from '../download-response.js';
import { translatorOf } from '../language.js';
import {
  DocumentListPageView,
  documentListHref,
  type DocumentListEntry,
  type DocumentListParameters,
} from '../pages/document-pages.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import { isAppError } from '../../shared/errors.js';
import type { PersonDocumentView } from '../../modules/documents/document.js';
import type { ContractView, CustomerView } from '../../modules/portfolio/portfolio-view.js';
import { customerDisplayName } from '../../modules/portfolio/portfolio.js';
import { portalNavOf, summaryOfPortfolio, type PortalNavServices } from './portal-nav-state.js';

const PAGE_SIZE = 25;

/** The contract's or (without one) the customer's name, from what the person sees anyway. */
export function entriesOf(
  documents: PersonDocumentView[],
  portfolio: { customers: CustomerView[]; contracts: ContractView[] },
): DocumentListEntry[] {
  const contracts = new Map(portfolio.contracts.map((contract) => [contract.id, contract]));
  const customers = new Map(portfolio.customers.map((customer) => [customer.id, customer]));
  return documents.map((document) => {
    const contract = document.contractId === null ? undefined : contracts.get(document.contractId);
    const customer = customers.get(document.customerId);
    const belongsTo =
      contract !== undefined
        ? `${contract.productName ?? contract.sparteName} · ${contract.policyNumber}`
        : customer !== undefined
          ? customerDisplayName(customer)
          : '';
    return { ...document, belongsTo };
  });
}

/**
 * Mounted under /dokumente, behind colleagueArea(): the documents the person sees, and their files. Every download is
 * checked against the visibility module again; unknown ids, another tenant's and another grant's documents answer the
 * same 404.
 */
export function documentRoutes(services: PortalNavServices) {
  const { visibility, documents } = services;
  const app = new Hono<TenantMemberEnv>();

  app.get('/', async (c: TenantMemberContext) => {
    const tenantId = c.var.tenant.id;
    const identityId = c.var.session.identityId;
    const parameters: DocumentListParameters = {
      customerNumber: (c.req.query('kunde') ?? '').slice(0, 40),
      contractId: (c.req.query('vertrag') ?? '').slice(0, 64),
      keyword: (c.req.query('schlagwort') ?? '').slice(0, 60),
      cursor: (c.req.query('nach') ?? '').slice(0, 64),
    };
    const portfolio = await visibility.portfolioOf(tenantId, identityId);
    const customer = portfolio.customers.find((item) => item.customerNumber === parameters.customerNumber);
    // A customer the person does not see filters to nothing rather than to everything.
    const customerFilter =
      parameters.customerNumber === '' ? {} : { customerId: customer?.id ?? '00000000-0000-0000-0000-000000000000' };
    const [page, keywords] = await Promise.all([
      documents.listForPerson(
        tenantId,
        identityId,
        {
          ...customerFilter,
          ...(parameters.contractId === '' ? {} : { contractId: parameters.contractId }),
          ...(parameters.keyword === '' ? {} : { keyword: parameters.keyword }),
        },
        { cursor: parameters.cursor === '' ? null : parameters.cursor, limit: PAGE_SIZE },
      ),
      documents.keywordsFor(tenantId, identityId),
    ]);
    const portalNav = await portalNavOf(services, c, 'documents', summaryOfPortfolio(portfolio));
    return renderPage(
      c,
      {
        title: translatorOf(c)('Dokumente'),
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
        portalNav,
      },
      <DocumentListPageView
        page={{
          parameters,
          documents: entriesOf(page.items, portfolio),
          customers: portfolio.customers.map((item) => ({
            customerNumber: item.customerNumber,
            name: customerDisplayName(item),
          })),
          contracts: portfolio.contracts.map((contract) => ({
            id: contract.id,
            name: `${contract.productName ?? contract.sparteName} · ${contract.policyNumber}`,
          })),
          keywords,
          nextHref: page.nextCursor === null ? null : documentListHref({ ...parameters, cursor: page.nextCursor }),
        }}
      />,
    );
  });

  app.get('/:id/datei', async (c: TenantMemberContext) => {
    try {
      const opened = await documents.openForPerson(
        c.var.tenant.id,
        c.var.session.identityId,
        c.req.param('id') ?? '',
        requestOrigin(c),
      );
      return downloadResponse(c, opened);
    } catch (error) {
      if (isAppError(error) && error.code === 'DOCUMENT_NOT_FOUND') {
        return renderErrorPage(c, 404, 'not_found');
      }
      throw error;
    }
  });

  return app;
}
