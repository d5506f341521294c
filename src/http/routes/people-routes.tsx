import { Hono } from 'hono';
import type { MembershipRole } from '../../modules/memberships/membership.js';
import { isAppError } from '../../shared/errors.js';
import { requestOrigin } from '../client-address.js';
import type { AppContext, AppEnv } from '../context.js';
import { readFields } from '../forms.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import { PeoplePage, type InviteFormValues } from '../pages/people-page.js';
import { LogoutButton } from '../pages/portal-home-page.js';

const NOTICES: Record<string, { kind: 'success' | 'info'; text: string }> = {
  eingeladen: { kind: 'success', text: 'Die Einladung ist unterwegs.' },
  freigeschaltet: { kind: 'success', text: 'Diese Person hat bereits ein Passwort: Der Zugang ist sofort aktiv, eine Info-E-Mail ist unterwegs.' },
  'erneut-gesendet': { kind: 'success', text: 'Eine neue Einladung ist unterwegs; der bisherige Link gilt nicht mehr.' },
  'bitte-warten': { kind: 'info', text: 'Vor weniger als einer Minute wurde bereits eine Einladung gesendet. Bitte warten Sie kurz.' },
};

const EMPTY_FORM: InviteFormValues = { email: '', name: '', kind: 'policyholder', grant: '', customers: '' };

const INVITE_ERRORS: Record<string, string> = {
  EMAIL_INVALID: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.',
  NAME_INVALID: 'Bitte geben Sie den Namen der Person ein (höchstens 120 Zeichen).',
  GRANT_NAME_INVALID: 'Der Name der Freischaltung darf höchstens 120 Zeichen haben.',
  CUSTOMER_NUMBER_INVALID: 'Eine Kundennummer ist ungültig: erlaubt sind bis zu 40 Buchstaben, Ziffern, Leerzeichen und . _ / -.',
};

async function renderPeople(c: AppContext, notice: { kind: 'success' | 'error' | 'info'; text: string } | null, form: InviteFormValues, status: 200 | 422 = 200) {
  const site = c.get('site');
  const people = site.kind === 'tenant' ? await c.get('services').people.listPeople(site.tenant.id) : [];
  return renderPage(
    c,
    { title: 'Verwaltung', status, headerActions: <LogoutButton csrfToken={c.get('csrfToken')} /> },
    <PeoplePage role={c.get('staffRole')} csrfToken={c.get('csrfToken')} people={people} notice={notice} form={form} />,
  );
}

function roleOfInvite(kind: string, staffRole: 'staff_admin' | 'staff_user'): MembershipRole | null {
  if (kind === 'policyholder' || kind === 'intermediary') {
    return kind;
  }
  return (kind === 'staff_user' || kind === 'staff_admin') && staffRole === 'staff_admin' ? kind : null;
}

/** The broker's staff manage people of their own tenant only; anybody else finds nothing here. */
export function peopleRoutes() {
  const app = new Hono<AppEnv>();

  // After a successful action the browser is sent back here, so a reload does not post again; the
  // notice is chosen by a fixed flag, nothing from the address bar is shown.
  app.get('/admin/people', (c) => renderPeople(c, NOTICES[Object.keys(c.req.queries())[0] ?? ''] ?? null, EMPTY_FORM));

  app.post('/admin/people/invite', async (c) => {
    const form = await readFields(c, ['email', 'name', 'kind', 'grant', 'customers'] as const);
    const site = c.get('site');
    if (site.kind !== 'tenant') {
      return renderErrorPage(c, 404, 'not_found');
    }
    // Only administrators bring in other staff; anything else is a customer of the broker.
    const role = roleOfInvite(form.kind, c.get('staffRole'));
    if (role === null) {
      return renderErrorPage(c, 400, 'bad_request');
    }
    const isStaffInvite = role === 'staff_admin' || role === 'staff_user';
    try {
      const outcome = await c.get('services').invitations.invite({
        tenantId: site.tenant.id,
        email: form.email,
        name: form.name,
        role,
        ...(isStaffInvite || form.grant.trim() === '' ? {} : { grantName: form.grant }),
        customerNumbers: isStaffInvite ? [] : form.customers.split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''),
        origin: requestOrigin(c),
      });
      return c.redirect(outcome.state === 'invited' ? '/admin/people?eingeladen' : '/admin/people?freigeschaltet', 303);
    } catch (error) {
      if (isAppError(error) && INVITE_ERRORS[error.code] !== undefined) {
        return renderPeople(c, { kind: 'error', text: INVITE_ERRORS[error.code]! }, { ...form, email: form.email.slice(0, 254), name: form.name.slice(0, 200) }, 422);
      }
      throw error;
    }
  });

  app.post('/admin/people/:identityId/resend', async (c) => {
    const site = c.get('site');
    if (site.kind !== 'tenant') {
      return renderErrorPage(c, 404, 'not_found');
    }
    try {
      const outcome = await c.get('services').people.resendInvitation(site.tenant, c.req.param('identityId'));
      return c.redirect(outcome === 'sent' ? '/admin/people?erneut-gesendet' : '/admin/people?bitte-warten', 303);
    } catch (error) {
      if (isAppError(error) && error.code === 'IDENTITY_NOT_FOUND') {
        return renderErrorPage(c, 404, 'not_found');
      }
      throw error;
    }
  });

  return app;
}
