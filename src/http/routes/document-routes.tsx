import { Hono } from 'hono';
import type { TenantMemberContext, TenantMemberEnv } from '../context.js';
import { requestOrigin } from '../client-address.js';
import { downloadOrNotFound, MAX_UPLOAD_MEGABYTES, uploadRefusalOf } from '../download-response.js';
import { renderInLanguage, translatorOf } from '../language.js';
import {
  currentKeptContent,
  KEPT_CSRF_TOKEN,
  keepContent,
  keptContentKey,
  keptHtmlFor,
} from '../pages/kept-content.js';
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
import { textOfError } from '../../shared/error-registry.js';
import { personText } from '../../shared/i18n/translator.js';
import {
  dayRangeOf,
  MAX_FILES_PER_SUBMISSION,
  titleSearchOf,
  type PersonDocumentView,
} from '../../modules/documents/document.js';
import { readStreamedForm } from '../streamed-form.js';
import { submittedFilesOf } from '../submitted-files.js';
import { MultipartError } from '../../api/multipart-stream.js';
import type { ContractView } from '../../modules/portfolio/portfolio-view.js';
import { portalNavOf, type PortalNavServices } from './portal-nav-state.js';

const PAGE_SIZE = 25;
/** What the document list shows: kept while the tenant's portfolio and documents are as they were. */
const DOCUMENT_SCOPES = ['portfolio', 'documents'] as const;
const MAX_COMMENT_LENGTH = 1000;

type UploadOutcome = Pick<UploadFormState, 'error' | 'sentCount' | 'values'>;
const FRESH_UPLOAD: UploadOutcome = {
  error: null,
  sentCount: 0,
  values: { customerId: '', contractId: '', comment: '' },
};

/** The contract's or (without one) the customer's name, from what the person sees anyway. */
export function entriesOf(
  documents: PersonDocumentView[],
  names: { customers: ReadonlyMap<string, string>; contracts: ReadonlyMap<string, string> },
): DocumentListEntry[] {
  return documents.map((document) => {
    const belongsTo =
      (document.contractId === null ? undefined : names.contracts.get(document.contractId)) ??
      names.customers.get(document.customerId) ??
      '';
    return { ...document, belongsTo };
  });
}

/** A contract's name as the list, its filter and the upload form show it. */
const contractNameOf = (contract: Pick<ContractView, 'productName' | 'sparteName' | 'policyNumber'>): string =>
  `${contract.productName ?? contract.sparteName} · ${contract.policyNumber}`;

/**
 * Mounted under /dokumente, behind colleagueArea(): the documents the person sees, and their files. Every download is
 * checked against the visibility module again; unknown ids, another tenant's and another grant's documents answer the
 * same 404.
 */
export function documentRoutes(services: PortalNavServices) {
  const { visibility, documents } = services;
  const app = new Hono<TenantMemberEnv>();

  /**
   * The list with the upload form in the state `upload`; `keptAs`, for a plain GET: the key the page's content is kept
   * under when it answers 200 (`kept-content.ts`), its form rendered with the token's stand-in.
   */
  async function renderList(
    c: TenantMemberContext,
    status: 200 | 404 | 413 | 415 | 422,
    upload: UploadOutcome,
    keptAs?: string,
  ) {
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
    // The grants are read and decided once, with the navigation's flags: the list, the keyword choice, the names and
    // the navigation below share this decision.
    const decision = await visibility.documentListDecisionOf(tenantId, identityId);
    const scopes = decision.documentScopes;
    const customer = decision.customers.find((item) => item.customerNumber === parameters.customerNumber);
    // A customer the person does not see filters to nothing rather than to everything.
    const customerFilter =
      parameters.customerNumber === '' ? {} : { customerId: customer?.id ?? '00000000-0000-0000-0000-000000000000' };
    const { page, keywords } =
      range.problems.length > 0
        ? { page: { items: [], nextCursor: null }, keywords: await documents.keywordsFor(tenantId, identityId, scopes) }
        : await documents.listWithKeywordsForPerson(
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
            scopes,
          );
    const portalNav = await portalNavOf(services, c, 'documents', decision.summary, decision.navigation);
    const answer = status === 200 && range.problems.length > 0 ? 422 : status;
    const isKept = keptAs !== undefined && answer === 200;
    // The contracts' names serve the rows, the filter and the upload form alike.
    const contracts = decision.contracts.map((contract) => ({ id: contract.id, name: contractNameOf(contract) }));
    const names = {
      customers: new Map(decision.customers.map((item) => [item.id, item.displayName])),
      contracts: new Map(contracts.map((contract) => [contract.id, contract.name])),
    };
    const t = translatorOf(c);
    const html = renderInLanguage(
      t,
      <DocumentListPageView
        page={{
          parameters,
          filterProblems: range.problems,
          documents: entriesOf(page.items, names),
          customers: decision.customers.map((item) => ({
            customerNumber: item.customerNumber,
            name: item.displayName,
          })),
          contracts,
          keywords,
          nextHref: page.nextCursor === null ? null : documentListHref({ ...parameters, cursor: page.nextCursor }),
          upload:
            decision.customers.length === 0
              ? null
              : {
                  ...upload,
                  csrfToken: isKept ? KEPT_CSRF_TOKEN : c.get('csrfToken'),
                  maxMegabytes: MAX_UPLOAD_MEGABYTES,
                  maxFiles: MAX_FILES_PER_SUBMISSION,
                  customers: decision.customers.map((item) => ({
                    id: item.id,
                    name: `${item.displayName} (${item.customerNumber})`,
                  })),
                  contracts,
                },
        }}
      />,
    );
    if (isKept) {
      keepContent(keptAs, DOCUMENT_SCOPES, {
        versions: decision.contentVersions,
        title: t('Dokumente'),
        html,
        summary: decision.summary,
        navigation: decision.navigation,
      });
    }
    return renderPage(
      c,
      {
        title: t('Dokumente'),
        status: answer,
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
        portalNav,
      },
      keptHtmlFor(c, { html }),
    );
  }

  // The list as decided and rendered at the tenant's portfolio and document versions is kept and shown again while
  // they stand.
  app.get('/', async (c: TenantMemberContext) => {
    const tenantId = c.var.tenant.id;
    const identityId = c.var.session.identityId;
    const key = keptContentKey(c, tenantId, identityId);
    const current = await currentKeptContent(key, DOCUMENT_SCOPES, () =>
      visibility.unreadWithContentVersionsOf(tenantId, identityId),
    );
    if (current !== undefined) {
      return renderPage(
        c,
        {
          title: current.title,
          headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
          portalNav: await portalNavOf(services, c, 'documents', current.summary, current.navigation),
        },
        keptHtmlFor(c, current),
      );
    }
    const sent = c.req.query('gesendet');
    const count = /^[1-9][0-9]?$/.test(sent ?? '') ? Number(sent) : 1;
    return renderList(c, 200, { ...FRESH_UPLOAD, sentCount: sent === undefined ? 0 : count }, key);
  });

  /**
   * "Dokumente an Ihren Makler senden": up to MAX_FILES_PER_SUBMISSION files per submission, each streamed into the
   * store as it arrives and titled by its own (safe) name. The customer and the contract must be ones the person sees
   * (anything else is 404 or 422 before a byte of a file is read); each type is decided by the file's first bytes.
   * All or nothing: one refused file, and none of the submission is kept.
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
      renderList(c, status, { error, sentCount: 0, values });
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
    let sent: number;
    try {
      const stored = await documents.storeSubmissionFromPage(
        tenantId,
        {
          customerId: customer.id,
          contractId: values.contractId === '' ? null : values.contractId,
          keywords: [],
          comment: values.comment === '' ? null : values.comment,
          direction: 'from_customer',
        },
        submittedFilesOf(form.file, form.nextFile),
        identityId,
        requestOrigin(c),
      );
      sent = stored.length;
    } catch (error) {
      if (error instanceof MultipartError) {
        return renderErrorPage(c, 400, 'bad_request');
      }
      const refusal = uploadRefusalOf(error);
      if (refusal !== null) return refuse(refusal.status, refusal.error);
      throw error;
    }
    return c.redirect(sent === 1 ? '/dokumente?gesendet' : `/dokumente?gesendet=${String(sent)}`, 303);
  });

  app.get('/:id/datei', (c: TenantMemberContext) =>
    downloadOrNotFound(c, () =>
      documents.openForPerson(c.var.tenant.id, c.var.session.identityId, c.req.param('id') ?? '', requestOrigin(c)),
    ),
  );

  /** "Ansehen": the same check and record as the download, shown inline in a sandbox when the bytes allow it. */
  app.get('/:id/ansehen', (c: TenantMemberContext) =>
    downloadOrNotFound(
      c,
      () =>
        documents.openForPerson(c.var.tenant.id, c.var.session.identityId, c.req.param('id') ?? '', requestOrigin(c)),
      { isInline: true },
    ),
  );

  return app;
}
