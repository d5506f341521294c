import { Hono } from 'hono';
import type { Services } from '../../services.js';
import { isKnownDocumentProfile } from '../../modules/grants/document-profiles.js';
import { validateProfile, type ProfileInput, type ProfileProblem } from '../../modules/profiles/profile-service.js';
import { fieldProblem } from '../../shared/errors.js';
import { isAppError } from '../../shared/errors.js';
import { requestOrigin } from '../client-address.js';
import type { StaffContext, StaffEnv } from '../context.js';
import { FormError, readFields, readForm } from '../forms.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import type { Message } from '../../shared/i18n/translator.js';
import { translatorOf } from '../language.js';
import {
  EMPTY_PROFILE_FORM,
  formOfProfile,
  ProfileDeletePage,
  ProfileEditPage,
  ProfilesPage,
} from '../pages/profile-pages.js';

const NOTICES: Record<string, Message> = {
  angelegt: 'Das Profil ist angelegt.',
  gespeichert: 'Die Änderungen sind gespeichert.',
  kopiert: 'Die Kopie ist angelegt.',
  geloescht: 'Das Profil ist gelöscht.',
};

const CHECKBOXES = [
  'includeClaims',
  'claimsNeedRelease',
  'claimsWithoutContract',
  'claimsOnly',
  'includeReferenceAddresses',
  'shareCases',
  'shareContractsAutomatically',
  'separateGrantPerInvitee',
] as const;

/** A checkbox is sent only when ticked, with one value; anything else is a malformed form. */
async function readProfileForm(c: StaffContext): Promise<ProfileInput> {
  const text = await readFields(c, ['name', 'documentProfile'] as const);
  const form = await readForm(c);
  // Each ticked Sparte is one value; text with commas (older forms) is split by the service.
  const lines = form['linesOfBusiness'];
  if (lines === null || (Array.isArray(lines) && lines.length > 200)) {
    throw new FormError('lines of business malformed');
  }
  const flags = Object.fromEntries(
    CHECKBOXES.map((name) => {
      const value = form[name];
      if (value !== undefined && value !== 'on') {
        throw new FormError(`checkbox ${name} malformed`);
      }
      return [name, value === 'on'];
    }),
  ) as Record<(typeof CHECKBOXES)[number], boolean>;
  const delegated = form['delegatedProfileIds'];
  if (delegated === null || (Array.isArray(delegated) && delegated.length > 100)) {
    throw new FormError('delegations malformed');
  }
  return {
    ...text,
    linesOfBusiness: lines === undefined ? '' : Array.isArray(lines) ? lines.join(', ') : lines,
    ...flags,
    delegatedProfileIds: delegated === undefined ? [] : Array.isArray(delegated) ? delegated : [delegated],
  };
}

/**
 * A document profile is one of the list, or the one the profile has already (kept from before the list);
 * the service checks everything else of the form.
 */
async function saveProfile(
  profiles: Services['profiles'],
  c: StaffContext,
  profileId: string | null,
  form: ProfileInput,
) {
  const stored = profileId === null ? null : (await profiles.find(c.var.tenant.id, profileId)).documentProfile;
  const { problems } = validateProfile(form);
  const documentProfile = form.documentProfile.normalize('NFC').trim();
  if (
    documentProfile !== '' &&
    !isKnownDocumentProfile(documentProfile) &&
    documentProfile !== stored &&
    !problems.some((problem) => problem.field === 'documentProfile')
  ) {
    return { problems: [...problems, fieldProblem('documentProfile', 'DOCUMENT_PROFILE_UNKNOWN')] };
  }
  return profiles.save(c.var.tenant.id, profileId, form, actorOf(c));
}

function profileIdOf(c: StaffContext): string {
  return c.req.param('profileId') ?? '';
}

function noticeOf(c: StaffContext) {
  const text = NOTICES[Object.keys(c.req.queries())[0] ?? ''];
  return text === undefined ? null : { kind: 'success' as const, text };
}

function actorOf(c: StaffContext) {
  return { identityId: c.get('session').identityId, origin: requestOrigin(c) };
}

function shown(form: ProfileInput): ProfileInput {
  return {
    ...form,
    name: form.name.slice(0, 200),
    linesOfBusiness: form.linesOfBusiness.slice(0, 1000),
    documentProfile: form.documentProfile.slice(0, 200),
  };
}

async function renderList(
  profiles: Services['profiles'],
  c: StaffContext,
  form: ProfileInput = EMPTY_PROFILE_FORM,
  problems: ProfileProblem[] = [],
) {
  const listed = await profiles.list(c.var.tenant.id);
  return renderPage(
    c,
    {
      title: translatorOf(c)('Freischaltungsprofile'),
      status: problems.length > 0 ? 422 : 200,
      returnTo: '/admin/profiles',
      headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
    },
    <ProfilesPage
      role={c.var.staffRole}
      csrfToken={c.get('csrfToken')}
      profiles={listed}
      form={form}
      problems={problems}
      notice={problems.length > 0 ? null : noticeOf(c)}
    />,
  );
}

async function renderEdit(
  profiles: Services['profiles'],
  c: StaffContext,
  profileId: string,
  overrides: {
    form?: ProfileInput;
    problems?: ProfileProblem[];
    copyForm?: { name: string; problems: ProfileProblem[] };
  } = {},
) {
  const tenantId = c.var.tenant.id;
  const profile = await profiles.find(tenantId, profileId);
  const isRefused = (overrides.problems?.length ?? 0) > 0 || (overrides.copyForm?.problems.length ?? 0) > 0;
  return renderPage(
    c,
    {
      title: translatorOf(c)('Profil {profile}', { profile: profile.name }),
      status: isRefused ? 422 : 200,
      returnTo: `/admin/profiles/${profile.id}`,
      headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
    },
    <ProfileEditPage
      role={c.var.staffRole}
      csrfToken={c.get('csrfToken')}
      profile={profile}
      others={await profiles.list(tenantId)}
      form={overrides.form ?? formOfProfile(profile)}
      problems={overrides.problems ?? []}
      copyForm={
        overrides.copyForm ?? { name: translatorOf(c)('{profile} (Kopie)', { profile: profile.name }), problems: [] }
      }
      notice={isRefused ? null : noticeOf(c)}
    />,
  );
}

/** Another tenant's profile, a deleted one and a malformed id are all simply not found. */
function orNotFound(handler: (c: StaffContext) => Promise<Response>) {
  return async (c: StaffContext) => {
    try {
      return await handler(c);
    } catch (error) {
      if (isAppError(error) && error.code === 'PROFILE_NOT_FOUND') {
        return renderErrorPage(c, 404, 'not_found');
      }
      throw error;
    }
  };
}

/** Staff manage their tenant's Freischaltungsprofile; another tenant's ids are not found. */
export function profileAdminRoutes({ profiles }: Pick<Services, 'profiles'>) {
  const app = new Hono<StaffEnv>();

  app.get('/profiles', (c) => renderList(profiles, c));

  app.post('/profiles', async (c) => {
    const form = await readProfileForm(c);
    const outcome = await saveProfile(profiles, c, null, form);
    return 'problems' in outcome
      ? renderList(profiles, c, shown(form), outcome.problems)
      : c.redirect(`/admin/profiles/${outcome.id}?angelegt`, 303);
  });

  app.get(
    '/profiles/:profileId',
    orNotFound((c) => renderEdit(profiles, c, profileIdOf(c))),
  );

  app.post(
    '/profiles/:profileId',
    orNotFound(async (c) => {
      const profileId = profileIdOf(c);
      const form = await readProfileForm(c);
      const outcome = await saveProfile(profiles, c, profileId, form);
      return 'problems' in outcome
        ? renderEdit(profiles, c, profileId, { form: shown(form), problems: outcome.problems })
        : c.redirect(`/admin/profiles/${profileId}?gespeichert`, 303);
    }),
  );

  app.post(
    '/profiles/:profileId/copy',
    orNotFound(async (c) => {
      const profileId = profileIdOf(c);
      const { name } = await readFields(c, ['name'] as const);
      const outcome = await profiles.copy(c.var.tenant.id, profileId, name, actorOf(c));
      if ('problems' in outcome) {
        return renderEdit(profiles, c, profileId, {
          copyForm: { name: name.slice(0, 200), problems: outcome.problems },
        });
      }
      return c.redirect(`/admin/profiles/${outcome.id}?kopiert`, 303);
    }),
  );

  app.get(
    '/profiles/:profileId/delete',
    orNotFound(async (c) => {
      const profile = await profiles.find(c.var.tenant.id, profileIdOf(c));
      return renderPage(
        c,
        { title: translatorOf(c)('Profil löschen'), headerActions: <LogoutButton csrfToken={c.get('csrfToken')} /> },
        <ProfileDeletePage role={c.var.staffRole} csrfToken={c.get('csrfToken')} profile={profile} />,
      );
    }),
  );

  app.post(
    '/profiles/:profileId/delete',
    orNotFound(async (c) => {
      await profiles.remove(c.var.tenant.id, profileIdOf(c), actorOf(c));
      return c.redirect('/admin/profiles?geloescht', 303);
    }),
  );

  return app;
}
