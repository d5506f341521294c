import { Hono, type MiddlewareHandler } from 'hono';
import type { Services } from '../../services.js';
import { MultipartError } from '../../api/multipart-stream.js';
import { MAX_CONSENT_FILE_BYTES } from '../../modules/consents/consent.js';
import type { ConsentDocumentRef } from '../../modules/consents/consent-service.js';
import { requestOrigin, staffOrigin } from '../client-address.js';
import type { AppEnv, PageContext, StaffContext, StaffEnv, TenantMemberContext, TenantMemberEnv } from '../context.js';
import { downloadOrNotFound } from '../download-response.js';
import { FormError, readCheckbox, readFields, readForm } from '../forms.js';
import { translatorOf } from '../language.js';
import { pageErrorOf, type ShownError } from '../page-errors.js';
import { ConsentPage, ConsentSettingsPage } from '../pages/consent-pages.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import { readStreamedForm } from '../streamed-form.js';
import { adminOnly } from './settings-routes.js';

export const CONSENT_PATH = '/einwilligung';
const SETTINGS_PATH = '/admin/settings/erstinformation';
const MAX_CONSENT_MEGABYTES = MAX_CONSENT_FILE_BYTES / 1024 / 1024;

/** What a person reaches while an answer is open: the answer itself, logout, Mein Zugang, the one-time links. */
const OPEN_PATHS: readonly RegExp[] = [
  /^\/einwilligung(\/|$)/,
  /^\/logout$/,
  /^\/language$/,
  /^\/branding\/logo$/,
  /^\/profile(\/|$)/,
  /^\/admin(\/|$)/,
  /^\/session\/handoff$/,
  /^\/(set-password|forgot-password|link\/renew|confirm-email|confirm-email-change)$/,
];

/**
 * A policyholder or intermediary with the broker's Erstinformation or a required consent still to answer reaches the
 * portal's pages only after answering: every other page sends them to /einwilligung. Whether anything is open comes
 * with the session's own statement (open-session.ts), so a person with nothing open costs no query here; only then
 * are the roles read, since staff are not asked. Runs after the session is known.
 */
export function consentGate({ memberships }: Pick<Services, 'memberships'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = c.get('session');
    const site = c.get('site');
    if (session === null || !session.isConsentPending || site.kind !== 'tenant') {
      return next();
    }
    const path = c.req.path;
    if (OPEN_PATHS.some((pattern) => pattern.test(path))) {
      return next();
    }
    const roles = await memberships.listRoles(site.tenant.id, session.identityId);
    if (!roles.some((role) => role === 'policyholder' || role === 'intermediary')) {
      return next();
    }
    return c.redirect(CONSENT_PATH, 303);
  };
}

async function renderConsent(
  consents: Services['consents'],
  c: TenantMemberContext,
  error: ShownError | null = null,
): Promise<Response> {
  const tenant = c.var.tenant;
  const pending = await consents.listPending(tenant.id, c.var.session.identityId);
  if (pending.length === 0) {
    return c.redirect('/', 303);
  }
  return renderPage(
    c,
    {
      title: translatorOf(c)('Erstinformation und Zustimmungen'),
      status: error === null ? 200 : 422,
      returnTo: CONSENT_PATH,
      headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
    },
    <ConsentPage
      csrfToken={c.get('csrfToken')}
      brokerName={tenant.name}
      contact={tenant.contact}
      pending={pending}
      error={error}
    />,
  );
}

/** The person's answer page and the documents' files, mounted under /einwilligung behind the member guard. */
export function consentRoutes({ consents }: Pick<Services, 'consents'>) {
  const app = new Hono<TenantMemberEnv>();

  app.get('/', (c) => renderConsent(consents, c));

  app.post('/', async (c) => {
    const ticked = (await readForm(c))['bestaetigt'];
    const confirmed = typeof ticked === 'string' ? [ticked] : Array.isArray(ticked) ? ticked : [];
    try {
      await consents.recordAnswers(c.var.tenant.id, c.var.session.identityId, confirmed, requestOrigin(c));
    } catch (error) {
      const shown = pageErrorOf(error);
      if (shown?.code === 'CONSENT_MISSING') return renderConsent(consents, c, shown);
      throw error;
    }
    return c.redirect('/', 303);
  });

  /** "Ansehen": the version's PDF inline in a sandbox, for the person of this tenant it is asked of. */
  app.get('/:versionId/ansehen', (c) =>
    downloadOrNotFound(
      c,
      () => consents.openForPerson(c.var.tenant.id, c.var.session.identityId, c.req.param('versionId')),
      {
        isInline: true,
      },
    ).catch((error: unknown) => notFoundOr(c, error)),
  );

  return app;
}

function notFoundOr<E extends AppEnv>(c: PageContext<E>, error: unknown): Response {
  if (pageErrorOf(error)?.status === 404) return renderErrorPage(c, 404, 'not_found');
  throw error;
}

const NOTICES: Record<string, 'uploaded' | 'created' | 'saved'> = {
  hochgeladen: 'uploaded',
  angelegt: 'created',
  gespeichert: 'saved',
};

async function renderSettings(
  consents: Services['consents'],
  c: StaffContext,
  refused: { form: string; error: ShownError; status: number; title?: string } | null = null,
): Promise<Response> {
  const t = translatorOf(c);
  const flag = NOTICES[Object.keys(c.req.queries())[0] ?? ''];
  const notice =
    flag === 'uploaded'
      ? t('Die neue Version ist gespeichert. Jede Person bestätigt sie bei ihrer nächsten Anmeldung.')
      : flag === 'created'
        ? t('Das Dokument ist angelegt. Laden Sie jetzt seine erste Version hoch.')
        : flag === 'saved'
          ? t('Die Einstellung ist gespeichert.')
          : null;
  return renderPage(
    c,
    {
      title: t('Erstinformation und Zustimmungen'),
      status: refused === null ? 200 : (refused.status as 409 | 413 | 415 | 422),
      returnTo: SETTINGS_PATH,
      headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
    },
    <ConsentSettingsPage
      csrfToken={c.get('csrfToken')}
      documents={await consents.listDocuments(c.var.tenant.id)}
      maxMegabytes={MAX_CONSENT_MEGABYTES}
      notice={refused === null ? notice : null}
      error={refused === null ? null : { form: refused.form, error: refused.error }}
      title={refused?.title ?? ''}
    />,
  );
}

/** Mounted in the workspace (/admin), administrators only: the Erstinformation's and consent documents' versions. */
export function consentSettingsRoutes({ consents }: Pick<Services, 'consents'>) {
  const app = new Hono<StaffEnv>();
  app.use('/settings/erstinformation', adminOnly);
  app.use('/settings/erstinformation/*', adminOnly);

  app.get('/settings/erstinformation', (c) => renderSettings(consents, c));

  const upload = (ref: (c: StaffContext) => ConsentDocumentRef) => async (c: StaffContext) => {
    const document = ref(c);
    const form = document.kind === 'information' ? 'information' : document.documentId;
    const streamed = await readStreamedForm(c, c.get('csrfToken'));
    if (streamed.kind === 'refused') {
      return streamed.reason === 'csrf' ? renderErrorPage(c, 403, 'csrf') : renderErrorPage(c, 400, 'bad_request');
    }
    try {
      await consents.uploadVersion(c.var.tenant.id, document, streamed.file, {
        identityId: c.var.session.identityId,
        origin: staffOrigin(c),
      });
    } catch (error) {
      if (error instanceof MultipartError) return renderErrorPage(c, 400, 'bad_request');
      const shown = pageErrorOf(error);
      if (shown === null) throw error;
      if (shown.status === 404) return renderErrorPage(c, 404, 'not_found');
      return renderSettings(consents, c, { form, error: shown, status: shown.status });
    }
    return c.redirect(`${SETTINGS_PATH}?hochgeladen`, 303);
  };

  app.post(
    '/settings/erstinformation',
    upload(() => ({ kind: 'information' })),
  );
  app.post(
    '/settings/erstinformation/dokumente/:documentId',
    upload((c) => ({ kind: 'consent', documentId: c.req.param('documentId') ?? '' })),
  );

  app.post('/settings/erstinformation/dokumente', async (c) => {
    const { titel } = await readFields(c, ['titel'] as const);
    try {
      await consents.createDocument(c.var.tenant.id, titel, {
        identityId: c.var.session.identityId,
        origin: staffOrigin(c),
      });
    } catch (error) {
      const shown = pageErrorOf(error);
      if (shown === null) throw error;
      return renderSettings(consents, c, {
        form: 'new',
        error: shown,
        status: shown.status,
        title: titel.slice(0, 120),
      });
    }
    return c.redirect(`${SETTINGS_PATH}?angelegt`, 303);
  });

  app.post('/settings/erstinformation/dokumente/:documentId/zustimmung', async (c) => {
    let isRequired: boolean;
    try {
      isRequired = await readCheckbox(c, 'erforderlich');
    } catch (error) {
      if (error instanceof FormError) return renderErrorPage(c, 400, 'bad_request');
      throw error;
    }
    try {
      await consents.setConsentRequired(c.var.tenant.id, c.req.param('documentId'), isRequired, {
        identityId: c.var.session.identityId,
        origin: staffOrigin(c),
      });
    } catch (error) {
      return notFoundOr(c, error);
    }
    return c.redirect(`${SETTINGS_PATH}?gespeichert`, 303);
  });

  app.get('/settings/erstinformation/versionen/:versionId', (c) =>
    downloadOrNotFound(c, () => consents.openForStaff(c.var.tenant.id, c.req.param('versionId')), {
      isInline: true,
    }).catch((error: unknown) => notFoundOr(c, error)),
  );

  return app;
}
