import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { REQUEST_FORM_FIELDS, type RequestKind } from '../../modules/conversations/service-request.js';
import { textOfError } from '../../shared/error-registry.js';
import type { FieldProblem } from '../../shared/errors.js';
import type { TenantMemberContext, TenantMemberEnv } from '../context.js';
import { readForm } from '../forms.js';
import { translatorOf } from '../language.js';
import { pageErrorOf } from '../page-errors.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import {
  KIND_NAMES,
  RequestChoicePage,
  RequestFormPage,
  requestKindOfSlug,
  type ShownProblem,
} from '../pages/request-pages.js';
import type { Services } from '../../services.js';
import { portalNavOf, type PortalNavServices } from './portal-nav-state.js';

type RequestRouteServices = PortalNavServices & Pick<Services, 'conversations'>;

/**
 * Mounted under /anliegen, behind colleagueArea(): service requests (Anliegen) the person files with the broker, one
 * form per kind; each becomes a conversation of its kind under /nachrichten. A kind the person may not file answers
 * the same 404 as one that does not exist.
 */
export function requestRoutes(services: RequestRouteServices) {
  const { conversations, visibility } = services;
  const app = new Hono<TenantMemberEnv>();

  async function render(c: TenantMemberContext, status: 200 | 422, title: string, body: Child) {
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
    status: 200 | 422,
    values: Record<string, string>,
    problems: readonly FieldProblem[],
  ) {
    const t = translatorOf(c);
    const portfolio = await visibility.portfolioOf(c.var.tenant.id, c.var.session.identityId);
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

  app.post('/:kind', async (c) => {
    const kind = await kindOf(c);
    if (kind === null) return renderErrorPage(c, 404, 'not_found');
    const posted = await readForm(c);
    const values = Object.fromEntries(
      [...REQUEST_FORM_FIELDS[kind], 'customerId'].map((field) => {
        const value = posted[field];
        return [field, typeof value === 'string' ? value : ''];
      }),
    );
    try {
      const filed = await conversations.fileRequestForPerson(c.var.tenant, c.var.session.identityId, kind, values);
      if (filed.ok) return c.redirect(`/nachrichten/${filed.conversationId}?gesendet`, 303);
      return await renderForm(c, kind, 422, values, filed.problems);
    } catch (error) {
      const refused = pageErrorOf(error);
      if (refused?.code === 'REQUEST_KIND_NOT_FOUND') return renderErrorPage(c, 404, 'not_found');
      if (refused === null) throw error;
      return renderForm(c, kind, 422, values, [{ field: refused.field ?? '', code: refused.code }]);
    }
  });

  return app;
}
