import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { TenantMemberContext, TenantMemberEnv } from '../context.js';
import { generatedPdfResponse } from '../download-response.js';
import { requestOrigin } from '../client-address.js';
import { downloadResponse } from '../download-response.js';
import { readForm } from '../forms.js';
import { readStreamedForm, type StreamedFile } from '../streamed-form.js';
import { MultipartError } from '../../api/multipart-stream.js';
import type { AttachedFile } from '../../modules/documents/attached-file.js';
import { statusOfError } from '../../shared/error-registry.js';
import { personText } from '../../shared/i18n/translator.js';
import type { ErrorCode } from '../../shared/errors.js';
import { translatorOf } from '../language.js';
import { pageErrorOf, type ShownError } from '../page-errors.js';
import {
  ClaimCustomerChoicePage,
  ClaimDetailPage,
  ClaimListPage,
  ClaimStartPage,
  ClaimStepPage,
  type ClaimListNotice,
  type ClaimReleaseForm,
  type ClaimStepForm,
} from '../pages/claim-pages.js';
import { renderErrorPage } from '../pages/error-page.js';
import type { ShownProblem } from '../pages/question-field.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import { formValuesOf } from '../../modules/claims/claim-answers.js';
import { CLAIM_REPORT_FILE_NAME } from '../../modules/claims/claim-pdf.js';
import { isClaimStep, type ClaimStep, type ClaimView } from '../../modules/claims/claim.js';
import type { ClaimPageView } from '../../modules/claims/claim-service.js';
import type { ContractView } from '../../modules/portfolio/portfolio-view.js';
import { customerDisplayName } from '../../modules/portfolio/portfolio.js';
import { textOfError } from '../../shared/error-registry.js';
import type { Services } from '../../services.js';
import { portalNavOf, summaryOfPortfolio, type PortalNavServices } from './portal-nav-state.js';
import type { NavigationFlags, PortfolioSummary } from '../../modules/visibility/visibility-service.js';

type ClaimRouteServices = PortalNavServices & Pick<Services, 'claims' | 'claimReports' | 'claimHandling'>;

const contractNameOf = (contract: Pick<ContractView, 'productName' | 'sparteName' | 'policyNumber'>) =>
  `${contract.productName ?? contract.sparteName} · ${contract.policyNumber}`;

/** The refusals of an upload that the last step shows above its files. */
const ATTACHMENT_REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'CLAIM_ATTACHMENTS_TOO_MANY',
  'CLAIM_ATTACHMENTS_TOO_LARGE',
  'CLAIM_ATTACHMENT_TYPE_NOT_ALLOWED',
]);

/** The files of a form, as the device named them; a file field left empty sends one part without a name. */
async function* attachedFilesOf(
  first: StreamedFile,
  nextFile: () => Promise<StreamedFile | null>,
): AsyncGenerator<AttachedFile> {
  for (let file: StreamedFile | null = first; file !== null; file = await nextFile()) {
    yield { name: file.name, body: file.body };
  }
}

function formOf(values: Awaited<ReturnType<typeof readForm>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value]] : [])),
  );
}

function listNoticeOf(c: TenantMemberContext): ClaimListNotice {
  if (c.req.query('gemeldet') !== undefined) return 'submitted';
  if (c.req.query('zur-freigabe') !== undefined) return 'sent_for_release';
  if (c.req.query('freigegeben') !== undefined) return 'released';
  if (c.req.query('zurueckgegeben') !== undefined) return 'returned';
  return null;
}

/**
 * Mounted under /schaeden, behind colleagueArea(): reporting a claim step by step and "Meine Schäden". What a person
 * may report and see is the visibility module's decision; unknown ids, another tenant's or grant's contracts and
 * claims all answer the same 404.
 */
export function claimRoutes(services: ClaimRouteServices) {
  const { claims, claimReports, claimHandling, visibility } = services;
  const app = new Hono<TenantMemberEnv>();

  async function render(
    c: TenantMemberContext,
    status: 200 | 403 | 404 | 409 | 413 | 415 | 422,
    title: string,
    body: Child,
    known?: PortfolioSummary,
    knownFlags?: NavigationFlags,
  ) {
    return renderPage(
      c,
      {
        title,
        status,
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
        portalNav: await portalNavOf(services, c, 'claims', known, knownFlags),
      },
      body,
    );
  }

  /** A claim's page (a step, or its own) from one statement; null for the 404 page. */
  async function claimPageOrNull(c: TenantMemberContext): Promise<ClaimPageView | null> {
    try {
      return await claims.claimPageOf(c.var.tenant.id, c.var.session.identityId, c.req.param('id') ?? '');
    } catch (error) {
      if (pageErrorOf(error)?.code === 'CLAIM_NOT_FOUND') return null;
      throw error;
    }
  }

  /** The page of a claim found already (shown again with its problems). */
  const claimPageFor = (c: TenantMemberContext, claim: ClaimView) =>
    claims.claimPageFor(c.var.tenant.id, c.var.session.identityId, claim);

  const contractNameOn = (c: TenantMemberContext, page: ClaimPageView) =>
    page.claim.contractId === null
      ? translatorOf(c)('Ohne Vertrag')
      : page.contract === null
        ? ''
        : contractNameOf(page.contract);

  async function renderStep(
    c: TenantMemberContext,
    page: ClaimPageView,
    step: ClaimStep,
    outcome: {
      status: 200 | 409 | 413 | 415 | 422;
      values: Record<string, string>;
      problems: ShownProblem[];
      fields: string[];
      attachmentError?: ShownError;
    },
  ) {
    const t = translatorOf(c);
    const { claim } = page;
    const byField: Record<string, ShownProblem> = {};
    let notice: ShownProblem | null = null;
    outcome.problems.forEach((problem, index) => {
      const field = outcome.fields[index] ?? '';
      if (field === '') notice = problem;
      else byField[field] = problem;
    });
    const form: ClaimStepForm = {
      claimId: claim.id,
      contractName: contractNameOn(c, page),
      route: claim.route,
      step,
      values: outcome.values,
      problems: byField,
      notice,
      csrfToken: c.get('csrfToken'),
      ...(step === 5
        ? {
            attachments: {
              items: await claims.attachmentsOf(c.var.tenant.id, claim.id),
              error: outcome.attachmentError ?? null,
            },
          }
        : {}),
      needsRelease: page.needsRelease,
      returnComment: claim.returnComment,
    };
    return render(c, outcome.status, t('Schaden melden'), <ClaimStepPage form={form} />, page.summary, page.navigation);
  }

  /** A claim the person sees, or null for the 404 page. */
  async function claimOrNull(c: TenantMemberContext): Promise<ClaimView | null> {
    try {
      return await claims.findForPerson(c.var.tenant.id, c.var.session.identityId, c.req.param('id') ?? '');
    } catch (error) {
      if (pageErrorOf(error)?.code === 'CLAIM_NOT_FOUND') return null;
      throw error;
    }
  }

  app.get('/', async (c) => {
    const tenantId = c.var.tenant.id;
    const identityId = c.var.session.identityId;
    // The grants are read and decided once: the claims, their contracts' names and the navigation share it.
    const portfolio = await visibility.portfolioWithClaimScopesOf(tenantId, identityId);
    const listed = await claims.listForPerson(tenantId, identityId, portfolio.claimScopes);
    const names = new Map(portfolio.contracts.map((contract) => [contract.id, contractNameOf(contract)]));
    const t = translatorOf(c);
    const withoutContract = (claim: ClaimView) => {
      const customer = portfolio.customerViews.get(claim.customerId);
      return customer === undefined
        ? t('Ohne Vertrag')
        : t('Ohne Vertrag · {customer}', { customer: customerDisplayName(customer) });
    };
    const entryOf = (claim: ClaimView) => ({
      claim,
      contractName: claim.contractId === null ? withoutContract(claim) : (names.get(claim.contractId) ?? ''),
    });
    return render(
      c,
      200,
      translatorOf(c)('Meine Schäden'),
      <ClaimListPage
        drafts={listed.drafts.map(entryOf)}
        toRelease={listed.toRelease.map(entryOf)}
        claims={listed.claims.map(entryOf)}
        notice={listNoticeOf(c)}
        mayReportWithoutContract={portfolio.reportsWithoutContract}
        mayReportForContracts={portfolio.claimScopes.some((scope) => scope.contractIds.length > 0)}
      />,
      summaryOfPortfolio(portfolio),
    );
  });

  /**
   * Starting a claim: for the contract named (`?vertrag=`), else without a contract for the customer named
   * (`?kunde=`), else — from the claim list — without a contract, asking which customer when the person may report for
   * several. Anything the person may not report for is the same 404.
   */
  app.get('/neu', async (c) => {
    const tenantId = c.var.tenant.id;
    const identityId = c.var.session.identityId;
    const t = translatorOf(c);
    const contractId = c.req.query('vertrag');
    if (contractId !== undefined) {
      const claimable = await visibility.claimableContractOf(tenantId, identityId, contractId.slice(0, 64));
      if (claimable === null) return renderErrorPage(c, 404, 'not_found');
      const target = { kind: 'contract', id: claimable.contract.id, name: contractNameOf(claimable.contract) } as const;
      return render(c, 200, t('Schaden melden'), <ClaimStartPage target={target} csrfToken={c.get('csrfToken')} />);
    }
    const customerId = c.req.query('kunde');
    const customers =
      customerId === undefined
        ? await claims.customersForClaimWithoutContract(tenantId, identityId)
        : await visibility
            .claimableCustomerOf(tenantId, identityId, customerId.slice(0, 64))
            .then((found) => (found === null ? [] : [found.customer]));
    const [only] = customers;
    if (only === undefined) return renderErrorPage(c, 404, 'not_found');
    if (customers.length === 1) {
      const target = { kind: 'customer', id: only.id, name: customerDisplayName(only) } as const;
      return render(c, 200, t('Schaden melden'), <ClaimStartPage target={target} csrfToken={c.get('csrfToken')} />);
    }
    const summary = await visibility.summaryOf(tenantId, identityId);
    return render(
      c,
      200,
      t('Schaden melden'),
      <ClaimCustomerChoicePage
        customers={customers.map((customer) => ({ id: customer.id, name: customerDisplayName(customer) }))}
        csrfToken={c.get('csrfToken')}
        hasContracts={summary.hasContracts}
      />,
      summary,
    );
  });

  app.post('/neu', async (c) => {
    const form = formOf(await readForm(c));
    const tenantId = c.var.tenant.id;
    const identityId = c.var.session.identityId;
    try {
      const contractId = form['vertrag'];
      const draft =
        contractId === undefined
          ? await claims.startDraftWithoutContract(tenantId, identityId, form['kunde'] ?? '')
          : await claims.startDraft(tenantId, identityId, contractId);
      return c.redirect(`/schaeden/${draft.id}/schritt/1`, 303);
    } catch (error) {
      const code = pageErrorOf(error)?.code;
      if (code === 'CONTRACT_NOT_FOUND' || code === 'CUSTOMER_NOT_FOUND') return renderErrorPage(c, 404, 'not_found');
      throw error;
    }
  });

  /** The claim's page; the release's forms only for a person who may release it. */
  async function renderDetail(
    c: TenantMemberContext,
    page: ClaimPageView,
    status: 200 | 403 | 409 | 422,
    attempt: Pick<ClaimReleaseForm, 'comment' | 'problem'> = { comment: '', problem: null },
  ) {
    const { claim, mayRelease } = page;
    const release = mayRelease ? { csrfToken: c.get('csrfToken'), ...attempt } : null;
    return render(
      c,
      status,
      translatorOf(c)('Schaden'),
      <ClaimDetailPage
        claim={claim}
        contractName={contractNameOn(c, page)}
        history={await claimHandling.historyOfFoundClaim(c.var.tenant.id, claim.id)}
        attachments={await claims.attachmentsOf(c.var.tenant.id, claim.id)}
        release={release}
        refusal={mayRelease ? null : attempt.problem}
      />,
      page.summary,
      page.navigation,
    );
  }

  /**
   * Releasing or returning a claim: a refusal shows on the claim's page (the reporter's own claim 403, a claim no
   * longer waiting 409, a missing comment 422 at its field); a claim the person does not see is a 404.
   */
  async function releaseAction(
    c: TenantMemberContext,
    act: (claim: ClaimView, form: Record<string, string>) => Promise<ClaimListNotice>,
  ) {
    const claim = await claimOrNull(c);
    if (claim === null) return renderErrorPage(c, 404, 'not_found');
    const form = formOf(await readForm(c));
    try {
      const notice = await act(claim, form);
      return c.redirect(notice === 'released' ? '/schaeden?freigegeben' : '/schaeden?zurueckgegeben', 303);
    } catch (error) {
      const refused = pageErrorOf(error);
      if (refused === null) throw error;
      if (refused.code === 'CLAIM_NOT_FOUND') return renderErrorPage(c, 404, 'not_found');
      const status = refused.status === 403 || refused.status === 409 || refused.status === 422 ? refused.status : 409;
      const current = (await claimPageOrNull(c)) ?? (await claimPageFor(c, claim));
      const problem = { code: refused.code, text: translatorOf(c).text(refused.text), field: refused.field ?? null };
      return renderDetail(c, current, status, { comment: (form['comment'] ?? '').slice(0, 4000), problem });
    }
  }

  app.get('/:id', async (c) => {
    const page = await claimPageOrNull(c);
    if (page === null) return renderErrorPage(c, 404, 'not_found');
    const { claim } = page;
    if (claim.status === 'draft')
      return c.redirect(`/schaeden/${claim.id}/schritt/${Math.min(claim.step + 1, 5)}`, 303);
    return renderDetail(c, page, 200);
  });

  app.post('/:id/freigeben', (c) =>
    releaseAction(c, async (claim) => {
      await claims.release(c.var.tenant, c.var.session.identityId, claim.id);
      return 'released';
    }),
  );

  app.post('/:id/zurueckgeben', (c) =>
    releaseAction(c, async (claim, form) => {
      await claims.returnToReporter(c.var.tenant, c.var.session.identityId, claim.id, form['comment'] ?? '');
      return 'returned';
    }),
  );

  app.get('/:id/schadenmeldung.pdf', async (c) => {
    const claimId = c.req.param('id');
    try {
      const { tenant, session } = c.var;
      const pdf = await claimReports.reportForPerson(tenant, session.identityId, claimId);
      return generatedPdfResponse(c, pdf, CLAIM_REPORT_FILE_NAME);
    } catch (error) {
      if (pageErrorOf(error)?.code === 'CLAIM_NOT_FOUND') return renderErrorPage(c, 404, 'not_found');
      throw error;
    }
  });

  app.get('/:id/schritt/:step', async (c) => {
    const step = Number(c.req.param('step'));
    const page = await claimPageOrNull(c);
    if (page === null || !isClaimStep(step)) return renderErrorPage(c, 404, 'not_found');
    const { claim } = page;
    if (claim.status !== 'draft') return c.redirect(`/schaeden/${claim.id}`, 303);
    // Steps are filled in order: a later one waits until the ones before it are saved.
    if (step > claim.step + 1) return c.redirect(`/schaeden/${claim.id}/schritt/${claim.step + 1}`, 303);
    return renderStep(c, page, step, { status: 200, values: formValuesOf(claim.answers), problems: [], fields: [] });
  });

  app.post('/:id/schritt/:step', async (c) => {
    const step = Number(c.req.param('step'));
    if (!isClaimStep(step)) return renderErrorPage(c, 404, 'not_found');
    const claimId = c.req.param('id');
    const values = formOf(await readForm(c));
    const tenantId = c.var.tenant.id;
    const identityId = c.var.session.identityId;
    const t = translatorOf(c);
    const shown = (problem: { code: ShownProblem['code']; params?: Record<string, string | number> }) => ({
      code: problem.code,
      text: t.text(textOfError(problem)),
    });
    let claim: ClaimView | null = null;
    try {
      // The save finds the person's draft itself: a claim they do not see is CLAIM_NOT_FOUND, one reported already
      // CLAIM_ALREADY_SUBMITTED (a second submit, a double click), which lands on the claim and never makes another.
      const saved = await claims.saveStep(tenantId, identityId, claimId, step, values);
      claim = saved.claim;
      if (!saved.ok) {
        return await renderStep(c, await claimPageFor(c, claim), step, {
          status: 422,
          values: { ...formValuesOf(claim.answers), ...values },
          problems: saved.problems.map(shown),
          fields: saved.problems.map((problem) => problem.field),
        });
      }
      if (step < 5) return c.redirect(`/schaeden/${claim.id}/schritt/${step + 1}`, 303);
      // The preview saves the message first, so the PDF shows the report exactly as it would be sent.
      if (values['vorschau'] !== undefined) return c.redirect(`/schaeden/${claim.id}/schadenmeldung.pdf`, 303);
      const submitted = await claims.submit(c.var.tenant, identityId, claim.id);
      return c.redirect(submitted.status === 'awaiting_release' ? '/schaeden?zur-freigabe' : '/schaeden?gemeldet', 303);
    } catch (error) {
      const refused = pageErrorOf(error);
      if (refused?.code === 'CLAIM_ALREADY_SUBMITTED') return c.redirect(`/schaeden/${claim?.id ?? claimId}`, 303);
      if (claim !== null && (refused?.code === 'CLAIM_INCOMPLETE' || refused?.code === 'CLAIM_NO_RELEASER')) {
        return renderStep(c, await claimPageFor(c, claim), step, {
          status: refused.code === 'CLAIM_INCOMPLETE' ? 422 : 409,
          values: { ...formValuesOf(claim.answers), ...values },
          problems: [{ code: refused.code, text: t.text(refused.text) }],
          fields: [''],
        });
      }
      if (refused?.code === 'CLAIM_NOT_FOUND') return renderErrorPage(c, 404, 'not_found');
      throw error;
    }
  });

  app.post('/:id/anhaenge', async (c) => {
    const claim = await claimOrNull(c);
    if (claim === null) return renderErrorPage(c, 404, 'not_found');
    if (claim.status !== 'draft') return c.redirect(`/schaeden/${claim.id}`, 303);
    const form = await readStreamedForm(c, c.get('csrfToken'));
    if (form.kind === 'refused') {
      return form.reason === 'csrf' ? renderErrorPage(c, 403, 'csrf') : renderErrorPage(c, 400, 'bad_request');
    }
    const refuse = async (status: 413 | 415 | 422, attachmentError: ShownError) =>
      renderStep(c, await claimPageFor(c, claim), 5, {
        status,
        values: formValuesOf(claim.answers),
        problems: [],
        fields: [],
        attachmentError,
      });
    if (form.file === null || form.file.name.trim() === '') {
      return refuse(422, { code: 'CLAIM_FIELD_REQUIRED', text: personText('Bitte wählen Sie eine Datei aus.') });
    }
    try {
      await claims.addAttachments(
        c.var.tenant.id,
        c.var.session.identityId,
        claim.id,
        attachedFilesOf(form.file, form.nextFile),
      );
    } catch (error) {
      if (error instanceof MultipartError) return renderErrorPage(c, 400, 'bad_request');
      const refused = pageErrorOf(error);
      if (refused !== null && ATTACHMENT_REFUSALS.has(refused.code)) {
        const status = statusOfError(refused.code);
        return refuse(status === 415 ? 415 : status === 413 ? 413 : 422, refused);
      }
      if (refused?.code === 'CLAIM_ALREADY_SUBMITTED') return c.redirect(`/schaeden/${claim.id}`, 303);
      if (refused?.code === 'CLAIM_NOT_FOUND') return renderErrorPage(c, 404, 'not_found');
      throw error;
    }
    return c.redirect(`/schaeden/${claim.id}/schritt/5#anhaenge`, 303);
  });

  app.post('/:id/anhaenge/:attachmentId/entfernen', async (c) => {
    try {
      await claims.removeAttachment(
        c.var.tenant.id,
        c.var.session.identityId,
        c.req.param('id'),
        c.req.param('attachmentId'),
      );
    } catch (error) {
      const refused = pageErrorOf(error);
      if (refused?.code === 'CLAIM_ALREADY_SUBMITTED') return c.redirect(`/schaeden/${c.req.param('id')}`, 303);
      if (refused?.code === 'CLAIM_NOT_FOUND' || refused?.code === 'CLAIM_ATTACHMENT_NOT_FOUND') {
        return renderErrorPage(c, 404, 'not_found');
      }
      throw error;
    }
    return c.redirect(`/schaeden/${c.req.param('id')}/schritt/5#anhaenge`, 303);
  });

  app.get('/:id/anhaenge/:attachmentId', async (c) => {
    try {
      const opened = await claims.openAttachmentForPerson(
        c.var.tenant.id,
        c.var.session.identityId,
        c.req.param('id'),
        c.req.param('attachmentId'),
        requestOrigin(c),
      );
      return downloadResponse(c, opened);
    } catch (error) {
      const refused = pageErrorOf(error);
      if (refused?.code === 'CLAIM_NOT_FOUND' || refused?.code === 'CLAIM_ATTACHMENT_NOT_FOUND') {
        return renderErrorPage(c, 404, 'not_found');
      }
      throw error;
    }
  });

  return app;
}
