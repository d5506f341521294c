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
  type UploadFormState,
} from '../pages/document-pages.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import { isAppError } from '../../shared/errors.js';
import { textOfError } from '../../shared/error-registry.js';
import { personText } from '../../shared/i18n/translator.js';
import {
  dayRangeOf,
  MAX_DOCUMENT_BYTES,
  titleSearchOf,
  type PersonDocumentView,
} from '../../modules/documents/document.js';
import { safeFileName } from '../../modules/documents/file-name.js';
import { writeByFileType } from '../../modules/documents/file-type.js';
import { readStreamedForm } from '../streamed-form.js';
import type { ContractView, CustomerView } from '../../modules/portfolio/portfolio-view.js';
import { customerDisplayName } from '../../modules/portfolio/portfolio.js';
import { portalNavOf, summaryOfPortfolio, type PortalNavServices } from './portal-nav-state.js';

const PAGE_SIZE = 25;
const MAX_MEGABYTES = MAX_DOCUMENT_BYTES / 1024 / 1024;
const MAX_COMMENT_LENGTH = 1000;

type UploadOutcome = Pick<UploadFormState, 'error' | 'isSent' | 'values'>;
const FRESH_UPLOAD: UploadOutcome = {
  error: null,
  isSent: false,
  values: { customerId: '', contractId: '', comment: '' },
};

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

  async function renderList(c: TenantMemberContext, status: 200 | 404 | 413 | 415 | 422, upload: UploadOutcome) {
    const tenantId = c.var.tenant.id;
    const identityId = c.var.session.identityId;
    const parameters: DocumentListParameters = {
      customerNumber: (c.req.query('kunde') ?? '').slice(0, 40),
      contractId: (c.req.query('vertrag') ?? '').slice(0, 64),
      keyword: (c.req.query('schlagwort') ?? '').slice(0, 60),
      search: titleSearchOf(c.req.query('suche') ?? ''),
      from: (c.req.query('von') ?? '').slice(0, 20).trim(),
      until: (c.req.query('bis') ?? '').slice(0, 20).trim(),
      cursor: (c.req.query('nach') ?? '').slice(0, 64),
    };
    const range = dayRangeOf({ from: parameters.from, until: parameters.until });
    // A valid day is shown (and linked) as the date input writes it, whatever form it was typed in.
    parameters.from = range.fromDay ?? parameters.from;
    parameters.until = range.untilDay ?? parameters.until;
    const portfolio = await visibility.portfolioOf(tenantId, identityId);
    const customer = portfolio.customers.find((item) => item.customerNumber === parameters.customerNumber);
    // A customer the person does not see filters to nothing rather than to everything.
    const customerFilter =
      parameters.customerNumber === '' ? {} : { customerId: customer?.id ?? '00000000-0000-0000-0000-000000000000' };
    const [page, keywords] = await Promise.all([
      range.problems.length > 0
        ? { items: [], nextCursor: null }
        : documents.listForPerson(
            tenantId,
            identityId,
            {
              ...customerFilter,
              ...(parameters.contractId === '' ? {} : { contractId: parameters.contractId }),
              ...(parameters.keyword === '' ? {} : { keyword: parameters.keyword }),
              ...(parameters.search === '' ? {} : { search: parameters.search }),
              ...(range.fromDay === null ? {} : { fromDay: range.fromDay }),
              ...(range.untilDay === null ? {} : { untilDay: range.untilDay }),
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
        status: status === 200 && range.problems.length > 0 ? 422 : status,
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
        portalNav,
      },
      <DocumentListPageView
        page={{
          parameters,
          filterProblems: range.problems,
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
          upload:
            portfolio.customers.length === 0
              ? null
              : {
                  ...upload,
                  csrfToken: c.get('csrfToken'),
                  maxMegabytes: MAX_MEGABYTES,
                  customers: portfolio.customers.map((item) => ({
                    id: item.id,
                    name: `${customerDisplayName(item)} (${item.customerNumber})`,
                  })),
                  contracts: portfolio.contracts.map((contract) => ({
                    id: contract.id,
                    name: `${contract.productName ?? contract.sparteName} · ${contract.policyNumber}`,
                  })),
                },
        }}
      />,
    );
  }

  app.get('/', (c: TenantMemberContext) =>
    renderList(c, 200, { ...FRESH_UPLOAD, isSent: c.req.query('gesendet') !== undefined }),
  );

  /**
   * "Dokument an Ihren Makler senden": one file per submission, streamed into the store as it arrives. The customer
   * and the contract must be ones the person sees (anything else is 404 or 422 before a byte of the file is read);
   * the type is decided by the file's first bytes.
   */
  app.post('/senden', async (c: TenantMemberContext) => {
    const tenantId = c.var.tenant.id;
    const identityId = c.var.session.identityId;
    const form = await readStreamedForm(c, c.get('csrfToken'));
    if (form.kind === 'refused') {
      return form.reason === 'csrf' ? renderErrorPage(c, 403, 'csrf') : renderErrorPage(c, 400, 'bad_request');
    }
    const values = {
      customerId: (form.fields['kunde'] ?? '').trim(),
      contractId: (form.fields['vertrag'] ?? '').trim(),
      comment: (form.fields['kommentar'] ?? '').trim().slice(0, MAX_COMMENT_LENGTH),
    };
    const refuse = (status: 404 | 413 | 415 | 422, error: UploadOutcome['error']) =>
      renderList(c, status, { error, isSent: false, values });
    const portfolio = await visibility.portfolioOf(tenantId, identityId);
    const customer = portfolio.customers.find((item) => item.id === values.customerId);
    if (customer === undefined) {
      return renderErrorPage(c, 404, 'not_found');
    }
    if (
      values.contractId !== '' &&
      !portfolio.contracts.some(
        (contract) => contract.id === values.contractId && contract.customerNumber === customer.customerNumber,
      )
    ) {
      return refuse(422, {
        code: 'DOCUMENT_CONTRACT_MISMATCH',
        text: textOfError({ code: 'DOCUMENT_CONTRACT_MISMATCH' }),
      });
    }
    if (form.file === null || form.file.name.trim() === '') {
      return refuse(422, { text: personText('Bitte wählen Sie eine Datei aus.') });
    }
    try {
      const write = await documents.prepareUploadFromPage(
        tenantId,
        {
          customerId: customer.id,
          contractId: values.contractId === '' ? null : values.contractId,
          // The download adds the extension of the type the bytes show; the name's own would come twice.
          title: safeFileName(form.file.name).replace(/\.[A-Za-z0-9]{1,10}$/, '') || 'Dokument',
          keywords: [],
          comment: values.comment === '' ? null : values.comment,
          direction: 'from_customer',
        },
        identityId,
        requestOrigin(c),
      );
      await writeByFileType(form.file.body(), write);
    } catch (error) {
      if (isAppError(error) && error.code === 'FILE_TYPE_NOT_ALLOWED') {
        return refuse(415, { code: error.code, text: textOfError({ code: error.code }) });
      }
      if (isAppError(error) && error.code === 'FILE_TOO_LARGE') {
        return refuse(413, {
          code: 'FILE_TOO_LARGE',
          text: textOfError({ code: 'FILE_TOO_LARGE', params: { max: MAX_MEGABYTES } }),
        });
      }
      throw error;
    }
    return c.redirect('/dokumente?gesendet', 303);
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
