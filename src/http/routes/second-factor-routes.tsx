import { Hono, type MiddlewareHandler } from 'hono';
import type { Services } from '../../services.js';
import { requestOrigin, staffOrigin } from '../client-address.js';
import { isAppError } from '../../shared/errors.js';
import { textOfError } from '../../shared/error-registry.js';
import {
  tenantOf,
  type AppEnv,
  type SignedInContext,
  type SignedInEnv,
  type StaffContext,
  type StaffEnv,
} from '../context.js';
import { readFields } from '../forms.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import { translatorOf } from '../language.js';
import type { ShownError } from '../page-errors.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import {
  RECOVERY_CODES_SCRIPTS,
  recoveryCodesFile,
  RecoveryCodesPage,
  RemoveMemberFactorPage,
  SecondFactorPage,
  type SecondFactorNotice,
} from '../pages/second-factor-pages.js';
import { isUuid } from '../../shared/ids.js';

const SETUP_PATH = '/profile/second-factor';
/** The same, relative to the account area's mount point. */
const SETUP_SUBPATH = '/second-factor';

async function renderSecondFactor(
  secondFactor: Services['secondFactor'],
  c: SignedInContext,
  notice: SecondFactorNotice,
  status: 200 | 401 = 200,
) {
  const session = c.var.session;
  const tenant = tenantOf(c.get('site'));
  const isRequired = await secondFactor.isSetupRequired(tenant, session.identityId);
  let state: Parameters<typeof SecondFactorPage>[0]['state'] = { kind: 'none' };
  if (await secondFactor.hasFactor(session.identityId)) {
    state = { kind: 'active', remainingRecoveryCodes: await secondFactor.countUnusedRecoveryCodes(session.identityId) };
  } else {
    const setup = await secondFactor.describePendingSetup(session.identityId, session.email, tenant?.name ?? 'Portico');
    if (setup !== null) {
      // Drawn on the server as an image: no script, no third party sees the secret.
      // Loaded on first use: the CLI, which shares this module graph, never needs it.
      const { default: QRCode } = await import('qrcode');
      const svg = await QRCode.toString(setup.uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      state = {
        kind: 'pending',
        setup,
        qrCodeDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
      };
    }
  }
  return renderPage(
    c,
    {
      title: translatorOf(c)('Zweiter Faktor'),
      status,
      returnTo: SETUP_PATH,
      headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
    },
    <SecondFactorPage
      csrfToken={c.get('csrfToken')}
      notice={notice ?? (isRequired ? 'required' : null)}
      state={state}
    />,
  );
}

/**
 * Staff of a broker that requires a second factor reach nothing but its set-up (and logout) until
 * they have one. Runs after the session is known.
 */
export function secondFactorEnrolment({ secondFactor }: Pick<Services, 'secondFactor'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = c.get('session');
    const tenant = tenantOf(c.get('site'));
    if (session === null || tenant === null || !tenant.requireStaffSecondFactor) {
      return next();
    }
    const path = c.req.path;
    if (
      path === SETUP_PATH ||
      path.startsWith(`${SETUP_PATH}/`) ||
      path === '/logout' ||
      path === '/language' ||
      path === '/branding/logo'
    ) {
      return next();
    }
    if (await secondFactor.isSetupRequired(tenant, session.identityId)) {
      return c.redirect(SETUP_PATH, 303);
    }
    return next();
  };
}

/** Mein Zugang › Zweiter Faktor, mounted in the account area under /profile. */
export function secondFactorRoutes({ clock, secondFactor }: Pick<Services, 'clock' | 'secondFactor'>) {
  const app = new Hono<SignedInEnv>();

  app.get(SETUP_SUBPATH, (c) =>
    renderSecondFactor(secondFactor, c, c.req.query('codes-abgelaufen') === undefined ? null : 'codes_expired'),
  );

  app.post(`${SETUP_SUBPATH}/start`, async (c) => {
    await secondFactor.startSetup(c.var.session.identityId);
    return c.redirect(SETUP_PATH, 303);
  });

  app.post(`${SETUP_SUBPATH}/confirm`, async (c) => {
    const { code } = await readFields(c, ['code'] as const);
    const session = c.var.session;
    const outcome = await secondFactor.confirmSetup(
      session.identityId,
      code.slice(0, 100),
      session.tenantId,
      requestOrigin(c),
    );
    if (outcome.kind === 'code_wrong') {
      return renderSecondFactor(secondFactor, c, 'code_wrong', 401);
    }
    return renderPage(
      c,
      {
        title: translatorOf(c)('Wiederherstellungscodes'),
        isLanguageSwitchShown: false,
        scripts: RECOVERY_CODES_SCRIPTS,
      },
      <RecoveryCodesPage csrfToken={c.get('csrfToken')} codes={outcome.recoveryCodes} isNewFactor />,
    );
  });

  app.post(`${SETUP_SUBPATH}/recovery-codes`, async (c) => {
    const { currentPassword, code } = await readFields(c, ['currentPassword', 'code'] as const);
    const session = c.var.session;
    const codes = await secondFactor.renewRecoveryCodes(
      session.identityId,
      { password: currentPassword, code },
      session.tenantId,
      requestOrigin(c),
    );
    if (codes === null) {
      return renderSecondFactor(secondFactor, c, 'proof_wrong', 401);
    }
    return renderPage(
      c,
      {
        title: translatorOf(c)('Wiederherstellungscodes'),
        isLanguageSwitchShown: false,
        scripts: RECOVERY_CODES_SCRIPTS,
      },
      <RecoveryCodesPage csrfToken={c.get('csrfToken')} codes={codes} isNewFactor={false} />,
    );
  });

  // The codes come back from the page that just showed them; the service accepts only fresh, unused
  // codes of this session's person, so the file cannot be had later or for anyone else's codes.
  app.post(`${SETUP_SUBPATH}/recovery-codes/download`, async (c) => {
    const { codes } = await readFields(c, ['codes'] as const);
    const session = c.var.session;
    const confirmed = await secondFactor.confirmFreshRecoveryCodes(
      session.identityId,
      codes.slice(0, 1000).split(/\s+/).filter(Boolean),
    );
    if (confirmed === null) {
      return c.redirect(`${SETUP_PATH}?codes-abgelaufen`, 303);
    }
    const tenant = tenantOf(c.get('site'));
    const body = recoveryCodesFile(translatorOf(c), {
      portalName: tenant?.name ?? 'Portico',
      email: session.email,
      issuedAt: clock.now(),
      codes: confirmed,
    });
    return c.body(body, 200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Disposition': `attachment; filename="${translatorOf(c)('wiederherstellungscodes')}.txt"`,
      'Cache-Control': 'no-store',
    });
  });

  app.post(`${SETUP_SUBPATH}/remove`, async (c) => {
    const { currentPassword, code } = await readFields(c, ['currentPassword', 'code'] as const);
    const session = c.var.session;
    if (
      !(await secondFactor.removeOwnFactor(
        session.identityId,
        { password: currentPassword, code },
        session.tenantId,
        requestOrigin(c),
      ))
    ) {
      return renderSecondFactor(secondFactor, c, 'proof_wrong', 401);
    }
    return c.redirect('/profile?second-factor-removed', 303);
  });

  return app;
}

/** The staff's reset of a person's factor, in the workspace. */
export function memberFactorRoutes(services: Pick<Services, 'people' | 'secondFactor'>) {
  const { people } = services;
  const app = new Hono<StaffEnv>();

  app.get('/people/:identityId/second-factor', (c) =>
    renderMemberFactor(services, c, { isRemoved: c.req.query('entfernt') !== undefined, refusal: null }),
  );

  app.post('/people/:identityId/second-factor/remove', async (c) => {
    const identityId = c.req.param('identityId');
    const actor = { kind: 'staff', identityId: c.var.session.identityId } as const;
    try {
      await people.resetSecondFactor(c.var.tenant.id, identityId, actor, staffOrigin(c));
    } catch (error) {
      if (isAppError(error) && (error.code === 'ROLE_ORDER' || error.code === 'OPERATOR_ONLY')) {
        return renderMemberFactor(services, c, {
          isRemoved: false,
          refusal: { code: error.code, text: textOfError(error) },
        });
      }
      if (isAppError(error) && error.code === 'PERSON_NOT_FOUND') {
        return renderErrorPage(c, 404, 'not_found');
      }
      throw error;
    }
    return c.redirect(`/admin/people/${identityId}/second-factor?entfernt`, 303);
  });

  return app;
}

async function renderMemberFactor(
  { people, secondFactor }: Pick<Services, 'people' | 'secondFactor'>,
  c: StaffContext,
  outcome: { isRemoved: boolean; refusal: ShownError | null },
) {
  const site = c.get('site');
  const identityId = c.req.param('identityId') ?? '';
  const person =
    site.kind === 'tenant' && isUuid(identityId)
      ? (await people.listPeople(site.tenant.id)).find((entry) => entry.identityId === identityId)
      : undefined;
  if (person === undefined || site.kind !== 'tenant') {
    return renderErrorPage(c, 404, 'not_found');
  }
  const t = translatorOf(c);
  // The factor of a person of other brokers too is the operator's: this page then says only that.
  const isOperatorOnly = (await people.listPeopleElsewhere(site.tenant.id, [person.identityId])).has(person.identityId);
  return renderPage(
    c,
    {
      title: t('Zweiten Faktor zurücksetzen'),
      status: outcome.refusal === null ? 200 : 403,
      headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
    },
    <RemoveMemberFactorPage
      csrfToken={c.get('csrfToken')}
      identityId={person.identityId}
      name={person.name}
      email={person.email}
      hasFactor={isOperatorOnly ? false : await secondFactor.hasFactor(person.identityId)}
      isRemoved={outcome.isRemoved}
      refusal={
        outcome.refusal !== null
          ? { code: outcome.refusal.code, text: t.text(outcome.refusal.text) }
          : isOperatorOnly
            ? { code: 'OPERATOR_ONLY', text: t.text(textOfError({ code: 'OPERATOR_ONLY' })) }
            : null
      }
    />,
  );
}
