import type { Services } from '../../services.js';
import { Hono } from 'hono';
import { validateSharingOptions } from '../../modules/profiles/profile-service.js';
import { expectedErrorOf } from '../../db/database-errors.js';
import { fieldProblem, isAppError, type ErrorCode } from '../../shared/errors.js';
import { staffOrigin } from '../client-address.js';
import type { StaffContext, StaffEnv } from '../context.js';
import { FormError, readCheckbox, readFields, readFormField } from '../forms.js';
import { isKnownDocumentProfile } from '../../modules/grants/document-profiles.js';
import { isSparteCode } from '../../modules/portfolio/sparten.js';
import { renderErrorPage } from '../pages/error-page.js';
import {
  EMPTY_GRANT_FORM,
  formOfGrant,
  GrantDeletePage,
  GrantEditPage,
  GrantsPage,
  type ContractSharing,
  type GrantForm,
  type GrantFormProblem,
} from '../pages/grant-pages.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import { personText, type Message, type PersonText } from '../../shared/i18n/translator.js';
import { STATE_NAMES } from '../pages/people-page.js';
import { decodeCursor, encodeCursor, PEOPLE_PAGE_SIZE } from '../pages/people-list-query.js';
import { translatorOf } from '../language.js';
import { pageErrorOf, type PageError } from '../page-errors.js';

const NOTICES: Record<string, Message> = {
  angelegt: 'Die Freischaltung ist angelegt.',
  gespeichert: 'Die Änderungen sind gespeichert und gelten ab sofort.',
  'profil-angewendet': 'Die Freigaben des Profils sind übernommen.',
  eingeladen: 'Die Einladung ist unterwegs.',
  freigeschaltet:
    'Diese Person hat hier bereits Zugang: Die Freischaltung gilt sofort. Eine E-Mail wird dazu nicht verschickt.',
  'freigeschaltet-deaktiviert':
    'Diese Person ist hier deaktiviert: Die Freischaltung gilt, sobald sie wieder aktiv ist. Eine E-Mail wird dazu nicht verschickt.',
  entfernt: 'Der Zugang über diese Freischaltung ist entfernt.',
  freigaberecht: 'Das Recht, Schadenmeldungen freizugeben, ist gespeichert.',
  'vertrag-geteilt': 'Der Vertrag ist jetzt geteilt.',
  'vertrag-entfernt': 'Die Freigabe des Vertrags ist entfernt.',
  geloescht: 'Die Freischaltung ist gelöscht.',
};

/** The field of the grant form that each refusal of the grant service is shown next to. */
const GRANT_FIELDS: Partial<Record<ErrorCode, GrantFormProblem['field']>> = {
  GRANT_NAME_INVALID: 'name',
  GRANT_NAME_TAKEN: 'name',
  CUSTOMER_NUMBER_INVALID: 'customers',
  STAFF_MEMBER_INVALID: 'responsibleStaffId',
  PROFILE_NOT_FOUND: 'profileId',
};

/** The field of the "share with a person" form that each refusal is shown next to; others show above the form. */
const SHARE_FIELDS: Partial<Record<ErrorCode, 'email' | 'name'>> = {
  EMAIL_INVALID: 'email',
  EMAIL_TAKEN: 'email',
  NAME_INVALID: 'name',
};

/** What the Freischaltungen pages use: grants, their people, profiles and shared contracts. */
type GrantAdminServices = Pick<Services, 'grants' | 'people' | 'portfolio' | 'profiles'>;

/** A refusal of the grant form next to its field, or null when the error is not about the form. */
function grantProblemOf(error: unknown): GrantFormProblem | null {
  const expected = expectedErrorOf(error);
  const field = expected === null ? undefined : GRANT_FIELDS[expected.code];
  return expected === null || field === undefined ? null : fieldProblem(field, expected.code, expected.params);
}

function noticeOf(c: StaffContext) {
  const text = NOTICES[Object.keys(c.req.queries())[0] ?? ''];
  return text === undefined ? null : { kind: 'success' as const, text };
}

/** A field sent once, several times (checkboxes of one name) or not at all, as a list. */
async function readList(c: StaffContext, name: string): Promise<string[]> {
  const value = await readFormField(c, name);
  if (value === null) {
    throw new FormError(`field ${name} is a file`);
  }
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

async function readGrantForm(c: StaffContext): Promise<GrantForm> {
  const text = await readFields(c, ['name', 'customers', 'documentProfile', 'responsibleStaffId'] as const);
  const kind = (await readFields(c, ['kind'] as const).catch(() => ({ kind: 'customer' }))).kind;
  const profileId = (await readFields(c, ['profileId'] as const).catch(() => ({ profileId: '' }))).profileId;
  // Each ticked Sparte is one value; text with commas (the API's and older forms' way) is split too.
  const lines = (await readList(c, 'linesOfBusiness'))
    .flatMap((entry) => entry.split(','))
    .map((entry) => entry.normalize('NFC').trim())
    .filter((entry) => entry !== '');
  return {
    ...text,
    kind,
    profileId,
    linesOfBusiness: [...new Set(lines)].slice(0, 200),
    includeClaims: await readCheckbox(c, 'includeClaims'),
    claimsNeedRelease: await readCheckbox(c, 'claimsNeedRelease'),
    claimsWithoutContract: await readCheckbox(c, 'claimsWithoutContract'),
    claimsOnly: await readCheckbox(c, 'claimsOnly'),
    includeReferenceAddresses: await readCheckbox(c, 'includeReferenceAddresses'),
    shareCases: await readCheckbox(c, 'shareCases'),
    shareContractsAutomatically: await readCheckbox(c, 'shareContractsAutomatically'),
    customerAddNeedsPrivacyNotice: await readCheckbox(c, 'customerAddNeedsPrivacyNotice'),
  };
}

/**
 * The options of the form as the grant service takes them, or the problems of the form. Sparten are
 * the list's codes; other entries (kept from before the list) are checked as the profiles check them.
 * A document profile is one of the list, or the one the grant has already (`storedProfile`).
 */
function grantValues(form: GrantForm, storedProfile: string | null = null) {
  const codes = form.linesOfBusiness.filter((entry) => isSparteCode(entry));
  const others = form.linesOfBusiness.filter((entry) => !isSparteCode(entry));
  const options = validateSharingOptions({ linesOfBusiness: others.join(', '), documentProfile: form.documentProfile });
  const problems = options.problems as GrantFormProblem[];
  if (
    options.documentProfile !== null &&
    !isKnownDocumentProfile(options.documentProfile) &&
    options.documentProfile !== storedProfile
  ) {
    problems.push(fieldProblem('documentProfile', 'DOCUMENT_PROFILE_UNKNOWN'));
  }
  return {
    problems,
    values: {
      name: form.name,
      customerNumbers: form.customers
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
      includeClaims: form.includeClaims,
      claimsNeedRelease: form.claimsNeedRelease,
      claimsWithoutContract: form.claimsWithoutContract,
      claimsOnly: form.claimsOnly,
      includeReferenceAddresses: form.includeReferenceAddresses,
      shareCases: form.shareCases,
      shareContractsAutomatically: form.shareContractsAutomatically,
      customerAddNeedsPrivacyNotice: form.customerAddNeedsPrivacyNotice,
      restrictedLinesOfBusiness: [...codes, ...options.lines],
      documentProfile: options.documentProfile,
      responsibleStaffId: form.responsibleStaffId === '' ? null : form.responsibleStaffId,
    },
  };
}

function shown(form: GrantForm): GrantForm {
  return {
    ...form,
    name: form.name.slice(0, 200),
    customers: form.customers.slice(0, 1000),
    linesOfBusiness: form.linesOfBusiness.map((entry) => entry.slice(0, 40)),
    documentProfile: form.documentProfile.slice(0, 200),
    profileId: form.profileId.slice(0, 40),
  };
}

async function staffOf(services: GrantAdminServices, c: StaffContext, tenantId: string) {
  return (await services.people.listPeople(tenantId, { kind: 'staff' })).map((person) => ({
    id: person.identityId,
    name: `${person.name} (${person.email})`,
  }));
}

/** One page of a grant's members by name, paged in the database like the list of people. */
async function memberPageOf(services: GrantAdminServices, c: StaffContext, tenantId: string, grantId: string) {
  const before = decodeCursor((c.req.query('vor') ?? '').slice(0, 400));
  const after = decodeCursor((c.req.query('nach') ?? '').slice(0, 400));
  const page = await services.people.listPeopleTable(tenantId, {
    scope: { grantId },
    sort: 'name',
    direction: 'asc',
    cursor: before ?? after,
    isBackward: before !== null,
    limit: PEOPLE_PAGE_SIZE,
  });
  const href = (name: string, cursor: typeof page.next) =>
    cursor === null ? null : `/admin/grants/${grantId}?${name}=${encodeCursor(cursor)}`;
  return { page, pages: { next: href('nach', page.next), previous: href('vor', page.previous) } };
}

async function renderList(
  services: GrantAdminServices,
  c: StaffContext,
  form: GrantForm = EMPTY_GRANT_FORM,
  problems: GrantFormProblem[] = [],
) {
  const tenantId = c.var.tenant.id;
  const query = (c.req.query('suche') ?? '').slice(0, 200);
  const needle = query.normalize('NFC').trim().toLowerCase();
  const grants = (await services.grants.listGrants(tenantId, null, 1000)).filter(
    (grant) =>
      needle === '' ||
      grant.name.toLowerCase().includes(needle) ||
      grant.customerNumbers.some((number) => number.toLowerCase().includes(needle)),
  );
  return renderPage(
    c,
    {
      title: translatorOf(c)('Freischaltungen'),
      status: problems.length > 0 ? 422 : 200,
      returnTo: '/admin/grants',
      headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
    },
    <GrantsPage
      role={c.var.staffRole}
      csrfToken={c.get('csrfToken')}
      grants={grants}
      query={query}
      staff={await staffOf(services, c, tenantId)}
      profiles={await services.profiles.list(tenantId)}
      form={form}
      problems={problems}
      notice={problems.length > 0 ? null : noticeOf(c)}
    />,
  );
}

async function renderEdit(
  services: GrantAdminServices,
  c: StaffContext,
  grantId: string,
  overrides: {
    form?: GrantForm;
    problems?: GrantFormProblem[];
    addForm?: { email: string; name: string; error: PageError | null };
    notice?: PersonText;
  } = {},
) {
  const tenantId = c.var.tenant.id;
  const grant = await services.grants.getGrant(tenantId, grantId);
  const members = await memberPageOf(services, c, tenantId, grant.id);
  const releasers = await services.grants.membersWhoMayReleaseClaims(tenantId, grant.id);
  const isRefused = (overrides.problems?.length ?? 0) > 0 || (overrides.addForm?.error ?? null) !== null;
  const search = (c.req.query('vertrag') ?? '').slice(0, 100);
  const sharing: ContractSharing = {
    shared: await services.portfolio.listSharedContracts(tenantId, grant.id),
    search,
    found: search.trim() === '' ? null : await services.portfolio.searchContracts(tenantId, search),
  };
  const notice = overrides.notice === undefined ? noticeOf(c) : { kind: 'success' as const, text: overrides.notice };
  return renderPage(
    c,
    {
      title: translatorOf(c)('Freischaltung {grant}', { grant: grant.name }),
      status: isRefused ? 422 : 200,
      returnTo: `/admin/grants/${grant.id}`,
      headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
    },
    <GrantEditPage
      role={c.var.staffRole}
      csrfToken={c.get('csrfToken')}
      grant={grant}
      origin={await services.grants.describeGrantOrigin(tenantId, grant.id)}
      staff={await staffOf(services, c, tenantId)}
      profiles={await services.profiles.list(tenantId)}
      members={members.page.people.map((member) => ({
        id: member.identityId,
        name: member.name,
        email: member.email,
        state: STATE_NAMES[member.state],
        mayReleaseClaims: releasers.has(member.identityId),
      }))}
      memberTotal={members.page.total}
      memberPages={members.pages}
      form={overrides.form ?? formOfGrant(grant)}
      problems={overrides.problems ?? []}
      addForm={overrides.addForm ?? { email: '', name: '', error: null }}
      sharing={sharing}
      notice={isRefused ? null : notice}
    />,
  );
}

/** Another tenant's grant or person, and ids that are none, are simply not found. */
function orNotFound(handler: (c: StaffContext, grantId: string) => Promise<Response>) {
  return async (c: StaffContext) => {
    try {
      return await handler(c, c.req.param('grantId') ?? '');
    } catch (error) {
      if (
        isAppError(error) &&
        (error.code === 'GRANT_NOT_FOUND' ||
          error.code === 'PERSON_NOT_FOUND' ||
          error.code === 'PROFILE_NOT_FOUND' ||
          error.code === 'CONTRACT_NOT_FOUND')
      ) {
        return renderErrorPage(c, 404, 'not_found');
      }
      throw error;
    }
  };
}

/** Staff manage their tenant's Freischaltungen and who they are shared with. */
export function grantAdminRoutes(services: GrantAdminServices) {
  const { grants, people, portfolio, profiles } = services;
  const app = new Hono<StaffEnv>();

  app.get('/grants', (c) => renderList(services, c));

  app.post('/grants', async (c) => {
    const form = await readGrantForm(c);
    const { problems, values } = grantValues(form);
    if (form.kind !== 'customer' && form.kind !== 'intermediary') {
      return renderErrorPage(c, 400, 'bad_request');
    }
    if (problems.length > 0) {
      return renderList(services, c, shown(form), problems);
    }
    try {
      const tenantId = c.var.tenant.id;
      const input = { ...values, kind: form.kind === 'customer' ? 'customer' : 'intermediary' } as const;
      const grant =
        form.profileId === ''
          ? await services.grants.createGrant(tenantId, input, staffOrigin(c))
          : await services.grants.createGrantWithProfile(
              tenantId,
              input,
              await services.profiles.find(tenantId, form.profileId),
              staffOrigin(c),
            );
      return c.redirect(`/admin/grants/${grant.id}?angelegt`, 303);
    } catch (error) {
      const problem = grantProblemOf(error);
      if (problem !== null) {
        return renderList(services, c, shown(form), [problem]);
      }
      throw error;
    }
  });

  app.get(
    '/grants/:grantId',
    orNotFound((c, grantId) => renderEdit(services, c, grantId)),
  );

  app.post(
    '/grants/:grantId',
    orNotFound(async (c, grantId) => {
      const grant = await grants.getGrant(c.var.tenant.id, grantId);
      // The kind of a grant does not change; the form of an existing grant has no field for it.
      const form = { ...(await readGrantForm(c)), kind: grant.kind, profileId: '' };
      const { problems, values } = grantValues(form, grant.documentProfile);
      if (problems.length > 0) {
        return renderEdit(services, c, grantId, { form: shown(form), problems });
      }
      try {
        await grants.updateGrant(c.var.tenant.id, grantId, values, staffOrigin(c));
        return c.redirect(`/admin/grants/${grantId}?gespeichert`, 303);
      } catch (error) {
        const problem = grantProblemOf(error);
        if (problem !== null) {
          return renderEdit(services, c, grantId, { form: shown(form), problems: [problem] });
        }
        throw error;
      }
    }),
  );

  app.post(
    '/grants/:grantId/apply-profile',
    orNotFound(async (c, grantId) => {
      const { profileId } = await readFields(c, ['profileId'] as const);
      const tenantId = c.var.tenant.id;
      const profile = await profiles.find(tenantId, profileId);
      await grants.applyProfile(tenantId, grantId, profile, staffOrigin(c));
      return c.redirect(`/admin/grants/${grantId}?profil-angewendet`, 303);
    }),
  );

  app.post(
    '/grants/:grantId/people',
    orNotFound(async (c, grantId) => {
      const form = await readFields(c, ['email', 'name', 'kind'] as const);
      const tenant = c.var.tenant;
      if (form.kind !== 'policyholder' && form.kind !== 'intermediary') {
        return renderErrorPage(c, 400, 'bad_request');
      }
      try {
        const input = { email: form.email, name: form.name, kind: form.kind } as const;
        const { person, outcome } = await people.addPersonToGrant(tenant, grantId, input, staffOrigin(c));
        // Told by what was done, not by the person's state: a deactivated person with access here gets no mail either.
        const notice =
          outcome === 'invited'
            ? 'eingeladen'
            : person.state === 'deactivated'
              ? 'freigeschaltet-deaktiviert'
              : 'freigeschaltet';
        return c.redirect(`/admin/grants/${grantId}?${notice}`, 303);
      } catch (error) {
        const refused = pageErrorOf(error);
        if (refused !== null && refused.status !== 404) {
          const field = refused.field ?? SHARE_FIELDS[refused.code] ?? null;
          return renderEdit(services, c, grantId, {
            addForm: { email: form.email.slice(0, 254), name: form.name.slice(0, 200), error: { ...refused, field } },
          });
        }
        throw error;
      }
    }),
  );

  app.post(
    '/grants/:grantId/people/:identityId/remove',
    orNotFound(async (c, grantId) => {
      const tenantId = c.var.tenant.id;
      const identityId = c.req.param('identityId') ?? '';
      const grant = await services.grants.getGrant(tenantId, grantId);
      // Read before the removal: a person without another grant here is no longer in the tenant's list afterwards.
      const person = await services.people.getPersonDetails(tenantId, identityId);
      await services.grants.removePersonFromGrant(tenantId, grantId, identityId, staffOrigin(c));
      return renderEdit(services, c, grantId, {
        notice: personText('{name} hat keinen Zugriff mehr auf „{grant}“.', {
          name: person.person.name,
          grant: grant.name,
        }),
      });
    }),
  );

  app.post(
    '/grants/:grantId/people/:identityId/release-right',
    orNotFound(async (c, grantId) => {
      const { mayRelease } = await readFields(c, ['mayRelease'] as const);
      if (mayRelease !== 'ja' && mayRelease !== 'nein') return renderErrorPage(c, 400, 'bad_request');
      const identityId = c.req.param('identityId') ?? '';
      await grants.setClaimReleaseRight(c.var.tenant.id, grantId, identityId, mayRelease === 'ja', staffOrigin(c));
      return c.redirect(`/admin/grants/${grantId}?freigaberecht#members`, 303);
    }),
  );

  app.post(
    '/grants/:grantId/contracts',
    orNotFound(async (c, grantId) => {
      const { contractId } = await readFields(c, ['contractId'] as const);
      const tenantId = c.var.tenant.id;
      await grants.getGrant(tenantId, grantId);
      // Another tenant's contract, or none, is not found (404) like another tenant's grant; nothing is written.
      await portfolio.shareContract(tenantId, grantId, contractId, staffOrigin(c));
      return c.redirect(`/admin/grants/${grantId}?vertrag-geteilt#shared-contracts`, 303);
    }),
  );

  app.post(
    '/grants/:grantId/contracts/:contractId/remove',
    orNotFound(async (c, grantId) => {
      const tenantId = c.var.tenant.id;
      await grants.getGrant(tenantId, grantId);
      await portfolio.unshareContract(tenantId, grantId, c.req.param('contractId') ?? '', staffOrigin(c));
      return c.redirect(`/admin/grants/${grantId}?vertrag-entfernt#shared-contracts`, 303);
    }),
  );

  app.get(
    '/grants/:grantId/delete',
    orNotFound(async (c, grantId) => {
      const tenantId = c.var.tenant.id;
      const grant = await grants.getGrant(tenantId, grantId);
      const memberCount = await people.countPeople(tenantId, { grantId: grant.id });
      return renderPage(
        c,
        {
          title: translatorOf(c)('Freischaltung löschen'),
          headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
        },
        <GrantDeletePage
          role={c.var.staffRole}
          csrfToken={c.get('csrfToken')}
          grant={grant}
          memberCount={memberCount}
        />,
      );
    }),
  );

  app.post(
    '/grants/:grantId/delete',
    orNotFound(async (c, grantId) => {
      await grants.deleteGrant(c.var.tenant.id, grantId, staffOrigin(c));
      return c.redirect('/admin/grants?geloescht', 303);
    }),
  );

  return app;
}
