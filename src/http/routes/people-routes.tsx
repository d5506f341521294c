import type { Services } from '../../services.js';
import { Hono } from 'hono';
import type { MembershipRole } from '../../modules/memberships/membership.js';
import { isAppError, type ErrorCode } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import { ConfirmActionPage } from '../pages/confirm-action-page.js';
import { staffOrigin } from '../client-address.js';
import type { StaffContext, StaffEnv } from '../context.js';
import type { Tenant } from '../../modules/tenants/tenant.js';
import { readFields, readFormField } from '../forms.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import { PeoplePage, type InviteFormValues } from '../pages/people-page.js';
import { readPeopleListParameters, toTableQuery } from '../pages/people-list-query.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import { textOfError, type ErrorStatus } from '../../shared/error-registry.js';
import { personText, type Message, type Text } from '../../shared/i18n/translator.js';
import {
  isBulkAction,
  MAX_BULK_PEOPLE,
  planBulkAction,
  runBulkAction,
  type BulkAction,
} from '../../modules/people/people-bulk.js';
import { PeopleBulkPage } from '../pages/people-bulk-page.js';
import { PersonPage } from '../pages/person-page.js';
import { translatorOf } from '../language.js';
import { pageErrorOf, type ShownError } from '../page-errors.js';

const NOTICES: Record<string, { kind: 'success' | 'info'; text: Message }> = {
  eingeladen: { kind: 'success', text: 'Die Einladung ist unterwegs.' },
  freigeschaltet: {
    kind: 'success',
    text: 'Diese Person hat hier bereits Zugang: Die Freischaltung gilt sofort. Eine E-Mail wird dazu nicht verschickt.',
  },
  'freigeschaltet-deaktiviert': {
    kind: 'info',
    text: 'Diese Person ist hier deaktiviert: Die Freischaltung gilt, sobald sie wieder aktiv ist. Eine E-Mail wird dazu nicht verschickt.',
  },
  'erneut-gesendet': {
    kind: 'success',
    text: 'Eine neue Einladung ist unterwegs; der bisherige Link gilt nicht mehr.',
  },
  'bitte-warten': {
    kind: 'info',
    text: 'Vor weniger als einer Minute wurde bereits eine Einladung gesendet. Bitte warten Sie kurz.',
  },
  widerrufen: { kind: 'success', text: 'Die Einladung ist widerrufen; ihr Link gilt nicht mehr.' },
  'zuruecksetzen-gesendet': {
    kind: 'success',
    text: 'Die E-Mail zum Zurücksetzen des Passworts ist unterwegs (höchstens eine pro Minute).',
  },
  entsperrt: { kind: 'success', text: 'Die Sperre ist aufgehoben; die Person kann sich wieder anmelden.' },
  deaktiviert: { kind: 'success', text: 'Die Person ist deaktiviert und sofort abgemeldet.' },
  reaktiviert: { kind: 'success', text: 'Die Person ist wieder aktiv.' },
  'einladung-umgeleitet': {
    kind: 'success',
    text: 'Die Einladung gilt jetzt für die korrigierte Adresse. Eine offene Einladung ging neu dorthin; der bisherige Link gilt nicht mehr.',
  },
  'adresse-angefragt': {
    kind: 'success',
    text: 'Die Änderung ist angefragt: Die Person erhält eine E-Mail dazu. Die neue Adresse gilt für die Anmeldung erst, wenn die Person sie bestätigt hat.',
  },
};

/** The same notices naming the person the action was for, when the address carries their id. */
const NAMED_NOTICES: Record<string, Message> = {
  'erneut-gesendet': 'Eine neue Einladung an {name} ist unterwegs; der bisherige Link gilt nicht mehr.',
  widerrufen: 'Die Einladung an {name} ist widerrufen; ihr Link gilt nicht mehr.',
  'zuruecksetzen-gesendet':
    'Die E-Mail zum Zurücksetzen des Passworts an {name} ist unterwegs (höchstens eine pro Minute).',
  entsperrt: 'Die Sperre von {name} ist aufgehoben; {name} kann sich wieder anmelden.',
  deaktiviert: '{name} ist deaktiviert und sofort abgemeldet.',
  reaktiviert: '{name} ist wieder aktiv.',
};

const EMPTY_FORM: InviteFormValues = {
  email: '',
  name: '',
  kind: 'policyholder',
  grant: '',
  customers: '',
  profile: '',
};

type PeopleNotice = { kind: 'success' | 'error' | 'info'; text: Text; code?: ErrorCode } | null;

/** What the people pages use: people and their grants, invitations, profiles and the Protokoll. */
type PeopleServices = Pick<Services, 'audit' | 'consents' | 'grants' | 'invitations' | 'people' | 'profiles'>;

/** Grants in the filter's list; a tenant with more is filtered from the grant's own page. */
const MAX_GRANTS_IN_FILTER = 200;

async function grantsForFilter(grants: Services['grants'], tenantId: string, selectedId: string) {
  const listed = await grants.listGrants(tenantId, null, MAX_GRANTS_IN_FILTER + 1);
  const shown = listed.length > MAX_GRANTS_IN_FILTER ? [] : listed;
  if (selectedId !== '' && !shown.some((grant) => grant.id === selectedId)) {
    const selected = await grants.getGrant(tenantId, selectedId).catch(() => null);
    if (selected !== null) {
      shown.push(selected);
    }
  }
  return shown
    .map((grant) => ({ id: grant.id, name: grant.name }))
    .sort((first, second) => first.name.localeCompare(second.name, 'de'));
}

async function renderPeople(
  services: PeopleServices,
  c: StaffContext,
  notice: PeopleNotice,
  form: InviteFormValues,
  status: 200 | ErrorStatus = 200,
  profileError?: ShownError,
) {
  const t = translatorOf(c);
  const tenant = c.var.tenant;
  const parameters = readPeopleListParameters((name) => c.req.query(name));
  const table = await services.people.listPeopleTable(tenant.id, toTableQuery(parameters));
  return renderPage(
    c,
    {
      title: t('Verwaltung'),
      status,
      returnTo: '/admin/people',
      headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
    },
    <PeoplePage
      role={c.var.staffRole}
      csrfToken={c.get('csrfToken')}
      table={table}
      parameters={parameters}
      grants={await grantsForFilter(services.grants, tenant.id, parameters.grantId)}
      ownIdentityId={c.var.session.identityId}
      notice={notice === null ? null : { kind: notice.kind, text: t.text(notice.text), code: notice.code }}
      form={form}
      isInviteOpen={form !== EMPTY_FORM}
      profiles={(await services.profiles.list(tenant.id)).map(({ id, name }) => ({ id, name }))}
      profileError={profileError}
    />,
  );
}

/**
 * An action on one person of this tenant; a person of another tenant, or an id that is none, is
 * not found. Returns where to send the browser.
 */
function personAction(
  services: PeopleServices,
  act: (c: StaffContext, tenant: Tenant, identityId: string) => Promise<string | Response>,
) {
  return async (c: StaffContext) => {
    const tenant = c.var.tenant;
    try {
      const outcome = await act(c, tenant, c.req.param('identityId') ?? '');
      return typeof outcome === 'string' ? c.redirect(`/admin/people?${outcome}`, 303) : outcome;
    } catch (error) {
      const refused = pageErrorOf(error);
      if (refused?.status === 404) {
        return renderErrorPage(c, 404, 'not_found');
      }
      if (refused !== null) {
        return renderPeople(
          services,
          c,
          { kind: 'error', text: refused.text, code: refused.code },
          EMPTY_FORM,
          refused.status,
        );
      }
      throw error;
    }
  };
}

/** A profile of this tenant, or null when there is none by that id (another tenant's, or deleted meanwhile). */
async function findProfile(services: PeopleServices, c: StaffContext, profileId: string) {
  try {
    return await services.profiles.find(c.var.tenant.id, profileId);
  } catch (error) {
    if (isAppError(error) && error.code === 'PROFILE_NOT_FOUND') {
      return null;
    }
    throw error;
  }
}

/** The people chosen in the table and what to do with them; null when the form is not one the page sends. */
async function readBulkChoice(c: StaffContext): Promise<{ action: BulkAction; identityIds: string[] } | null> {
  const { action } = await readFields(c, ['action'] as const);
  const chosen = (await readFormField(c, 'person')) ?? [];
  const identityIds = typeof chosen === 'string' ? [chosen] : chosen;
  if (!isBulkAction(action) || identityIds.length > MAX_BULK_PEOPLE) {
    return null;
  }
  return { action, identityIds: [...new Set(identityIds)] };
}

const count = (value: string | undefined): number => (/^\d{1,4}$/.test(value ?? '') ? Number(value) : 0);

async function noticeOf(services: PeopleServices, c: StaffContext): Promise<PeopleNotice> {
  const flag = Object.keys(c.req.queries())[0] ?? '';
  const named = NAMED_NOTICES[flag];
  const identityId = c.req.query(flag) ?? '';
  if (named !== undefined && isUuid(identityId)) {
    // The name comes from this tenant's people, never from the address bar.
    const person = await services.people.getPerson(c.var.tenant.id, identityId).catch((error: unknown) => {
      if (pageErrorOf(error)?.status === 404) return null;
      throw error;
    });
    if (person !== null) {
      return { kind: NOTICES[flag]?.kind ?? 'success', text: personText(named, { name: person.name }) };
    }
  }
  if (flag !== 'erledigt') {
    return NOTICES[flag] ?? null;
  }
  const done = count(c.req.query('erledigt'));
  const refused = count(c.req.query('abgelehnt'));
  return {
    kind: refused === 0 ? 'success' : 'info',
    text: personText(
      refused === 0
        ? 'Erledigt für {done} von {total} Personen.'
        : 'Erledigt für {done} von {total} Personen; bei {refused} war es nicht möglich (fehlende Rechte, letzte Administration oder Einladung vor weniger als einer Minute).',
      { done, refused, total: done + refused },
    ),
  };
}

function roleOfInvite(kind: string, staffRole: 'staff_admin' | 'staff_user'): MembershipRole | null {
  if (kind === 'policyholder' || kind === 'intermediary') {
    return kind;
  }
  return (kind === 'staff_user' || kind === 'staff_admin') && staffRole === 'staff_admin' ? kind : null;
}

/** The broker's staff manage people of their own tenant only; anybody else finds nothing here. */
export function peopleRoutes(services: PeopleServices) {
  const { invitations, people } = services;
  const app = new Hono<StaffEnv>();

  // After a successful action the browser is sent back here, so a reload does not post again; the
  // notice is chosen by a fixed flag, nothing from the address bar is shown but counts and the name of a person of
  // this tenant looked up by the id the flag carries.
  app.get('/people', async (c) => renderPeople(services, c, await noticeOf(services, c), EMPTY_FORM));

  app.get('/people/:identityId', async (c) => {
    const tenant = c.var.tenant;
    try {
      const { person, invitations } = await services.people.getPersonDetails(tenant.id, c.req.param('identityId'));
      return renderPage(
        c,
        { title: person.name, headerActions: <LogoutButton csrfToken={c.get('csrfToken')} /> },
        <PersonPage
          role={c.var.staffRole}
          ownIdentityId={c.var.session.identityId}
          person={person}
          grants={await services.grants.listGrantsOf(tenant.id, person.identityId)}
          invitations={invitations}
          events={await services.audit.listForTenant(tenant.id, 20, { email: person.canonicalEmail })}
          consents={{
            records: await services.consents.listOfPerson(tenant.id, person.identityId),
            // Only policyholders and intermediaries are asked; staff have nothing open.
            pending: person.roles.some((role) => role === 'policyholder' || role === 'intermediary')
              ? await services.consents.listPending(tenant.id, person.identityId)
              : [],
          }}
        />,
      );
    } catch (error) {
      if (pageErrorOf(error)?.status === 404) {
        return renderErrorPage(c, 404, 'not_found');
      }
      throw error;
    }
  });

  app.post('/people/bulk', async (c) => {
    const chosen = await readBulkChoice(c);
    if (chosen === null) {
      return renderErrorPage(c, 400, 'bad_request');
    }
    if (chosen.identityIds.length === 0) {
      return renderPeople(
        services,
        c,
        { kind: 'error', code: 'PEOPLE_NONE_CHOSEN', text: textOfError({ code: 'PEOPLE_NONE_CHOSEN' }) },
        EMPTY_FORM,
        422,
      );
    }
    const tenant = c.var.tenant;
    const plan = await planBulkAction(people, tenant.id, chosen.action, chosen.identityIds, c.var.session.identityId);
    return renderPage(
      c,
      { title: translatorOf(c)('Verwaltung'), headerActions: <LogoutButton csrfToken={c.get('csrfToken')} /> },
      <PeopleBulkPage role={c.var.staffRole} csrfToken={c.get('csrfToken')} action={chosen.action} plan={plan} />,
    );
  });

  app.post('/people/bulk/confirm', async (c) => {
    const chosen = await readBulkChoice(c);
    if (chosen === null || chosen.identityIds.length === 0) {
      return renderErrorPage(c, 400, 'bad_request');
    }
    const outcome = await runBulkAction(
      people,
      c.var.tenant,
      chosen.action,
      chosen.identityIds,
      actor(c),
      staffOrigin(c),
    );
    return c.redirect(`/admin/people?erledigt=${outcome.done}&abgelehnt=${outcome.refused.length}`, 303);
  });

  app.post('/people/invite', async (c) => {
    const fields = await readFields(c, ['email', 'name', 'kind', 'grant', 'customers'] as const);
    // The profile choice is shown only when the tenant has profiles; without it the form carries none.
    const chosenProfile = await readFormField(c, 'profile');
    if (Array.isArray(chosenProfile) || chosenProfile === null) {
      return renderErrorPage(c, 400, 'bad_request');
    }
    const form: InviteFormValues = { ...fields, profile: (chosenProfile ?? '').slice(0, 64) };
    const site = c.get('site');
    if (site.kind !== 'tenant') {
      return renderErrorPage(c, 404, 'not_found');
    }
    // Only administrators bring in other staff; anything else is a customer of the broker.
    const role = roleOfInvite(form.kind, c.var.staffRole);
    if (role === null) {
      return renderErrorPage(c, 400, 'bad_request');
    }
    const isStaffInvite = role === 'staff_admin' || role === 'staff_user';
    const profile = isStaffInvite || form.profile === '' ? undefined : await findProfile(services, c, form.profile);
    if (profile === null) {
      // A profile deleted meanwhile: the form comes back for another choice.
      const refused = { code: 'PROFILE_NOT_FOUND', text: textOfError({ code: 'PROFILE_NOT_FOUND' }) } as const;
      return renderPeople(
        services,
        c,
        { kind: 'error', ...refused },
        { ...form, email: form.email.slice(0, 254), name: form.name.slice(0, 200), profile: '' },
        422,
        refused,
      );
    }
    try {
      const outcome = await invitations.invite({
        ...(profile === undefined ? {} : { profile }),
        tenantId: site.tenant.id,
        email: form.email,
        name: form.name,
        role,
        ...(isStaffInvite || form.grant.trim() === '' ? {} : { grantName: form.grant }),
        customerNumbers: isStaffInvite
          ? []
          : form.customers
              .split(',')
              .map((entry) => entry.trim())
              .filter((entry) => entry !== ''),
        origin: staffOrigin(c),
      });
      if (outcome.state === 'invited') {
        return c.redirect('/admin/people?eingeladen', 303);
      }
      const person = await people.getPerson(site.tenant.id, outcome.identityId);
      return c.redirect(
        person.state === 'deactivated' ? '/admin/people?freigeschaltet-deaktiviert' : '/admin/people?freigeschaltet',
        303,
      );
    } catch (error) {
      const refused = pageErrorOf(error);
      if (refused !== null) {
        return renderPeople(
          services,
          c,
          { kind: 'error', text: refused.text, code: refused.code },
          { ...form, email: form.email.slice(0, 254), name: form.name.slice(0, 200) },
          422,
        );
      }
      throw error;
    }
  });

  app.post('/people/:identityId/resend', async (c) => {
    const site = c.get('site');
    if (site.kind !== 'tenant') {
      return renderErrorPage(c, 404, 'not_found');
    }
    try {
      const outcome = await people.resendInvitation(site.tenant, c.req.param('identityId'));
      return c.redirect(
        outcome === 'sent'
          ? `/admin/people?erneut-gesendet=${encodeURIComponent(c.req.param('identityId'))}`
          : '/admin/people?bitte-warten',
        303,
      );
    } catch (error) {
      if (isAppError(error) && error.code === 'IDENTITY_NOT_FOUND') {
        return renderErrorPage(c, 404, 'not_found');
      }
      throw error;
    }
  });

  const actor = (c: StaffContext) => ({ kind: 'staff', identityId: c.var.session.identityId }) as const;
  const actions: Array<[string, (c: StaffContext, tenant: Tenant, identityId: string) => Promise<string | Response>]> =
    [
      [
        'revoke',
        async (c, tenant, id) => (
          await people.revokePersonInvitation(tenant.id, id, staffOrigin(c)),
          `widerrufen=${id}`
        ),
      ],
      [
        'deactivate',
        async (c, tenant, id) => {
          // Staff cannot lock themselves out of the workspace by accident.
          if (id === c.var.session.identityId) return renderErrorPage(c, 400, 'bad_request');
          await people.deactivatePerson(tenant.id, id, actor(c), staffOrigin(c));
          return `deaktiviert=${id}`;
        },
      ],
      [
        'reactivate',
        async (c, tenant, id) => (
          await people.reactivatePerson(tenant.id, id, actor(c), staffOrigin(c)),
          `reaktiviert=${id}`
        ),
      ],
      [
        'reset',
        async (c, tenant, id) => (await people.sendPasswordReset(tenant, id, actor(c)), `zuruecksetzen-gesendet=${id}`),
      ],
      [
        'unlock',
        async (c, tenant, id) => (
          await people.unlockPerson(tenant.id, id, actor(c), staffOrigin(c)),
          `entsperrt=${id}`
        ),
      ],
      [
        'email',
        async (c, tenant, id) => {
          const { email } = await readFields(c, ['email'] as const);
          const answer = await people.changePersonEmail(tenant, id, email.slice(0, 320), actor(c), staffOrigin(c));
          return answer.outcome === 'readdressed' ? 'einladung-umgeleitet' : 'adresse-angefragt';
        },
      ],
    ];
  for (const [name, act] of actions) {
    app.post(`/people/:identityId/${name}`, personAction(services, act));
  }

  // Deactivating and revoking ask first, naming the person; the page's button sends the action itself.
  for (const name of ['deactivate', 'revoke'] as const) {
    app.get(`/people/:identityId/${name}`, async (c) => {
      const identityId = c.req.param('identityId');
      const person = await people.getPerson(c.var.tenant.id, identityId).catch((error: unknown) => {
        if (pageErrorOf(error)?.status === 404) return null;
        throw error;
      });
      if (person === null || (name === 'deactivate' && person.id === c.var.session.identityId)) {
        return renderErrorPage(c, person === null ? 404 : 400, person === null ? 'not_found' : 'bad_request');
      }
      const t = translatorOf(c);
      const title =
        name === 'deactivate' ? t('Deaktivieren: Bitte bestätigen') : t('Einladung widerrufen: Bitte bestätigen');
      return renderPage(
        c,
        { title, headerActions: <LogoutButton csrfToken={c.get('csrfToken')} /> },
        <ConfirmActionPage
          role={c.var.staffRole}
          current="people"
          csrfToken={c.get('csrfToken')}
          title={
            name === 'deactivate'
              ? t('{name} deaktivieren?', { name: person.name })
              : t('Einladung an {name} widerrufen?', { name: person.name })
          }
          subject={
            <>
              <strong>{person.name}</strong> <span class="muted">{person.email}</span>
            </>
          }
          consequence={
            name === 'deactivate'
              ? t('Deaktivierte Personen werden sofort abgemeldet und können sich hier nicht mehr anmelden.')
              : t('Der Link in der Einladung gilt dann nicht mehr; die Person kann später erneut eingeladen werden.')
          }
          action={`/admin/people/${person.id}/${name}`}
          confirmLabel={name === 'deactivate' ? t('Jetzt deaktivieren') : t('Einladung jetzt widerrufen')}
          cancelHref={`/admin/people/${person.id}`}
        />,
      );
    });
  }

  return app;
}
