import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { REQUEST_FORM_FIELDS, type RequestKind } from '../../modules/conversations/service-request.js';
import { expectedErrorOf } from '../../db/database-errors.js';
import { statusOfError, textOfError } from '../../shared/error-registry.js';
import type { ErrorCode, FieldProblem } from '../../shared/errors.js';
import type { TenantMemberContext, TenantMemberEnv } from '../context.js';
import { readForm } from '../forms.js';
import { isMalformedUpload, messageRefusalStatus, readMessageForm, type MessageForm } from '../message-form.js';
import { ATTACHMENT_FIELD } from '../pages/conversation-pages.js';
import { translatorOf } from '../language.js';
import { renderErrorPage } from '../pages/error-page.js';
import type { ShownProblem } from '../pages/question-field.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import { KIND_NAMES, RequestChoicePage, RequestFormPage, requestKindOfSlug } from '../pages/request-pages.js';
import type { Services } from '../../services.js';
import { portalNavOf, type PortalNavServices } from './portal-nav-state.js';

/** The request's own words for a refused policy file, which the message's attachment rules check. */
const REQUEST_FILE_REFUSALS: Partial<Record<ErrorCode, ErrorCode>> = {
  MESSAGE_ATTACHMENTS_TOO_LARGE: 'REQUEST_FILE_TOO_LARGE',
  MESSAGE_ATTACHMENT_TYPE_NOT_ALLOWED: 'REQUEST_FILE_TYPE_NOT_ALLOWED',
};

type RequestRouteServices = PortalNavServices & Pick<Services, 'conversations'>;

/**
 * Mounted under /anliegen, behind colleagueArea(): service requests (Anliegen) the person files with the broker, one
 * form per kind; each becomes a conversation of its kind under /nachrichten. A kind the person may not file answers
 * the same 404 as one that does not exist.
 */
export function requestRoutes(services: RequestRouteServices) {
  const { conversations, visibility } = services;
  const app = new Hono<TenantMemberEnv>();

  async function render(c: TenantMemberContext, status: 200 | 413 | 415 | 422, title: string, body: Child) {
    return renderPage(
      c,
      {
        title,
        status,
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
        portalNav: await portalNavOf(services, c, 'messages'),
      },
      body,
    );
  }

  /** The kind named by the address, when this person may file it; null answers 404. */
  async function kindOf(c: TenantMemberContext): Promise<RequestKind | null> {
    const kind = requestKindOfSlug(c.req.param('kind') ?? '');
    if (kind === null) return null;
    const kinds = await conversations.requestKindsFor(c.var.tenant.id, c.var.session.identityId);
    return kinds.includes(kind) ? kind : null;
  }

  async function renderForm(
    c: TenantMemberContext,
    kind: RequestKind,
    status: 200 | 413 | 415 | 422,
    values: Record<string, string>,
    problems: readonly FieldProblem[],
  ) {
    const t = translatorOf(c);
    const tenantId = c.var.tenant.id;
    const identityId = c.var.session.identityId;
    const [portfolio, choices] = await Promise.all([
      visibility.portfolioOf(tenantId, identityId),
      kind === 'customer_add' ? conversations.customerAddChoicesFor(tenantId, identityId) : { grants: [] },
    ]);
    const shown: Record<string, ShownProblem> = {};
    for (const problem of problems) {
      shown[problem.field] ??= { code: problem.code, text: t.text(textOfError(problem)) };
    }
    return render(
      c,
      status,
      t(KIND_NAMES[kind]),
      <RequestFormPage
        form={{
          kind,
          values,
          problems: shown,
          customers: portfolio.customers.map((customer) => ({
            value: customer.id,
            label: `${customer.displayName} (${customer.customerNumber})`,
          })),
          grants: choices.grants.map((grant) => ({ value: grant.id, label: grant.name })),
          isPrivacyNoticeAsked: choices.grants.some((grant) => grant.isPrivacyNoticeRequired),
          csrfToken: c.get('csrfToken'),
        }}
      />,
    );
  }

  app.get('/', async (c) => {
    const kinds = await conversations.requestKindsFor(c.var.tenant.id, c.var.session.identityId);
    return render(c, 200, translatorOf(c)('Neues Anliegen'), <RequestChoicePage kinds={kinds} />);
  });

  app.get('/:kind', async (c) => {
    const kind = await kindOf(c);
    if (kind === null) return renderErrorPage(c, 404, 'not_found');
    return renderForm(c, kind, 200, {}, []);
  });

  /**
   * Files the request. "Vertrag erfassen" comes as multipart with an optional photo or PDF of the policy, streamed
   * into the request's first message as its attachment (all or nothing); the other kinds are plain forms.
   */
  app.post('/:kind', async (c) => {
    const kind = await kindOf(c);
    if (kind === null) return renderErrorPage(c, 404, 'not_found');
    // Only "Vertrag erfassen" streams (its path is listed); the other kinds' forms are read whole as before.
    const read: MessageForm =
      kind === 'contract_add'
        ? await readMessageForm(c)
        : {
            kind: 'form',
            fields: Object.fromEntries(
              Object.entries(await readForm(c)).flatMap(([name, value]) =>
                typeof value === 'string' ? [[name, value]] : [],
              ),
            ),
            files: null,
          };
    if (read.kind === 'refused') return read.response;
    const values = Object.fromEntries(
      [...REQUEST_FORM_FIELDS[kind], 'customerId', 'grantId'].map((field) => [field, read.fields[field] ?? '']),
    );
    try {
      const filed = await conversations.fileRequestForPerson(
        c.var.tenant,
        c.var.session.identityId,
        kind,
        values,
        kind === 'contract_add' ? read.files : null,
      );
      if (filed.ok) return c.redirect(`/nachrichten/${filed.conversationId}?gesendet`, 303);
      return await renderForm(c, kind, 422, values, filed.problems);
    } catch (error) {
      if (isMalformedUpload(error)) return renderErrorPage(c, 400, 'bad_request');
      const refused = expectedErrorOf(error);
      if (refused?.code === 'REQUEST_KIND_NOT_FOUND') return renderErrorPage(c, 404, 'not_found');
      if (refused === null) throw error;
      // A refused file (too large, too many, not a PDF or picture) belongs to the file field, worded for a request.
      const code = REQUEST_FILE_REFUSALS[refused.code] ?? refused.code;
      const isFileRefusal = code.startsWith('REQUEST_FILE') || refused.code.startsWith('MESSAGE_ATTACHMENT');
      const field = isFileRefusal ? ATTACHMENT_FIELD : (refused.field ?? '');
      const problem: FieldProblem = {
        field,
        code,
        ...(refused.params === undefined ? {} : { params: refused.params }),
      };
      return renderForm(c, kind, messageRefusalStatus({ status: statusOfError(code) }), values, [problem]);
    }
  });

  return app;
}
