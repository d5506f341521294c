import { Hono } from 'hono';
import { CLAIM_ROUTES, type ClaimRoute } from '../../modules/claims/claim.js';
import type { Services } from '../../services.js';
import { requestOrigin } from '../client-address.js';
import type { StaffContext, StaffEnv } from '../context.js';
import { readForm } from '../forms.js';
import { translatorOf } from '../language.js';
import { pageErrorOf, type PageError } from '../page-errors.js';
import { ClaimRouteSettingsPage } from '../pages/claim-route-settings-page.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import { adminOnly } from './settings-routes.js';

const PATH = '/settings/schadenrouten';

/**
 * Mounted in the workspace under /admin/settings/schadenrouten, for administrators only (others find nothing): which
 * route's questions a claim of each Sparte asks. A change is recorded in the Protokoll.
 */
export function claimRouteSettingsRoutes({ claimRouteSettings }: Pick<Services, 'claimRouteSettings'>) {
  const app = new Hono<StaffEnv>();
  app.use(PATH, adminOnly);

  async function render(
    c: StaffContext,
    status: 200 | 422,
    sent: Record<ClaimRoute, string> | null,
    refusal: PageError | null,
  ) {
    const mapping = await claimRouteSettings.mappingOf(c.var.tenant.id);
    const values =
      sent ??
      (Object.fromEntries(CLAIM_ROUTES.map((route) => [route, mapping[route].join(', ')])) as Record<
        ClaimRoute,
        string
      >);
    return renderPage(
      c,
      {
        title: translatorOf(c)('Schadenrouten'),
        status,
        returnTo: `/admin${PATH}`,
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
      },
      <ClaimRouteSettingsPage
        csrfToken={c.get('csrfToken')}
        values={values}
        mapping={mapping}
        refusal={refusal}
        isSaved={status === 200 && c.req.query('gespeichert') !== undefined}
      />,
    );
  }

  app.get(PATH, (c) => render(c, 200, null, null));

  app.post(PATH, async (c) => {
    const { _csrf: _token, ...fields } = await readForm(c);
    const form = Object.fromEntries(
      Object.entries(fields).map(([name, value]) => [name, typeof value === 'string' ? value : '']),
    );
    try {
      await claimRouteSettings.saveMapping(c.var.tenant.id, form, {
        identityId: c.var.session.identityId,
        origin: requestOrigin(c),
      });
    } catch (error) {
      const refused = pageErrorOf(error);
      if (refused === null) throw error;
      const sent = Object.fromEntries(
        CLAIM_ROUTES.map((route) => [route, (form[route] ?? '').slice(0, 2000)]),
      ) as Record<ClaimRoute, string>;
      const shownField = refused.field !== null && (CLAIM_ROUTES as readonly string[]).includes(refused.field);
      return render(c, 422, sent, { ...refused, field: shownField ? refused.field : null });
    }
    return c.redirect(`/admin${PATH}?gespeichert`, 303);
  });

  return app;
}
