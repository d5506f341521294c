import { Hono, type MiddlewareHandler } from 'hono';
import type { Services } from '../../services.js';
import type { Tenant } from '../../modules/tenants/tenant.js';
import type { TenantSettingsInput } from '../../modules/tenants/tenant-settings-service.js';
import { textOfError, type ErrorStatus } from '../../shared/error-registry.js';
import { LOGO_MAX_BYTES } from '../../modules/tenants/logo.js';
import { contactFormOf, type TenantContactInput } from '../../modules/tenants/tenant-contact.js';
import { requestOrigin } from '../client-address.js';
import { tenantOf, type AppEnv, type StaffContext, type StaffEnv } from '../context.js';
import { FormError, readFields, readForm, readFormFile } from '../forms.js';
import { renderErrorPage } from '../pages/error-page.js';
import type { Message } from '../../shared/i18n/translator.js';
import { translatorOf } from '../language.js';
import { pageErrorOf } from '../page-errors.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import { SettingsPage, type SettingsPageProps } from '../pages/settings-page.js';

const NOTICES: Record<string, Message> = {
  gespeichert: 'Die Einstellungen sind gespeichert und gelten ab sofort.',
  'logo-gespeichert': 'Das Logo ist gespeichert.',
  'logo-entfernt': 'Das Logo ist entfernt.',
  'kontakt-gespeichert': 'Die Kontaktangaben sind gespeichert.',
  'adresse-hinzugefuegt': 'Die Adresse ist hinzugefügt.',
  'adresse-entfernt': 'Die Adresse ist entfernt.',
  hauptadresse: 'Die Hauptadresse ist geändert. Neue E-Mails enthalten Links zu dieser Adresse.',
};

const SETTINGS_FIELDS = [
  'name',
  'primaryColor',
  'senderName',
  'replyTo',
  'invitationLifetimeDays',
  'defaultLanguage',
  'sessionIdleMinutes',
  'sessionAbsoluteHours',
] as const;

const CONTACT_FIELDS = [
  'imprintUrl',
  'privacyUrl',
  'contactPhone',
  'contactEmail',
  'officeHours',
  'postalAddress',
] as const satisfies ReadonlyArray<keyof TenantContactInput>;

function formOf(tenant: Tenant): TenantSettingsInput {
  return {
    name: tenant.name,
    primaryColor: tenant.primaryColor,
    senderName: tenant.senderName ?? '',
    replyTo: tenant.replyTo ?? '',
    invitationLifetimeDays: String(tenant.invitationLifetimeDays),
    defaultLanguage: tenant.defaultLanguage,
    sessionIdleMinutes: String(tenant.sessionIdleMinutes),
    sessionAbsoluteHours: String(tenant.sessionAbsoluteHours),
    requireStaffSecondFactor: tenant.requireStaffSecondFactor,
  };
}

function actorOf(c: StaffContext) {
  return { identityId: c.var.session.identityId, origin: requestOrigin(c) };
}

async function renderSettings(
  tenantSettings: Services['tenantSettings'],
  c: StaffContext,
  overrides: Partial<Omit<SettingsPageProps, 'csrfToken' | 'hosts' | 'logoVersion'>> & {
    status?: 200 | ErrorStatus;
  } = {},
) {
  const tenant = c.var.tenant;
  const settings = await tenantSettings.read(tenant.id);
  const flag = Object.keys(c.req.queries())[0] ?? '';
  return renderPage(
    c,
    {
      title: translatorOf(c)('Einstellungen'),
      status: overrides.status ?? 200,
      returnTo: '/admin/settings',
      headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
    },
    <SettingsPage
      csrfToken={c.get('csrfToken')}
      form={overrides.form ?? formOf(settings.tenant)}
      problems={overrides.problems ?? []}
      hosts={settings.hosts}
      logoVersion={settings.tenant.logoVersion}
      hostForm={overrides.hostForm ?? { value: '', error: null }}
      logoError={
        overrides.logoError ??
        (flag === 'logo-zu-gross'
          ? {
              code: 'LOGO_TOO_LARGE',
              text: textOfError({ code: 'LOGO_TOO_LARGE', params: { kilobytes: LOGO_MAX_BYTES / 1024 } }),
            }
          : null)
      }
      contactForm={overrides.contactForm ?? { values: contactFormOf(settings.tenant.contact), problems: [] }}
      notice={
        overrides.notice !== undefined
          ? overrides.notice
          : NOTICES[flag] === undefined
            ? null
            : { kind: 'success', text: NOTICES[flag] }
      }
    />,
  );
}

/** Only administrators change how the portal looks and where it lives; others find nothing here. */
export const adminOnly: MiddlewareHandler<StaffEnv> = async (c, next) =>
  c.var.staffRole === 'staff_admin' ? next() : renderErrorPage(c, 404, 'not_found');

export function settingsRoutes({ tenantSettings }: Pick<Services, 'tenantSettings'>) {
  const app = new Hono<StaffEnv>();
  app.use('/settings', adminOnly);
  app.use('/settings/*', adminOnly);

  app.get('/settings', (c) => renderSettings(tenantSettings, c));

  app.post('/settings', async (c) => {
    const fields = await readFields(c, SETTINGS_FIELDS);
    const requireStaffSecondFactor = (await readForm(c))['requireStaffSecondFactor'];
    if (requireStaffSecondFactor !== undefined && requireStaffSecondFactor !== 'on') {
      throw new FormError('checkbox malformed');
    }
    const form: TenantSettingsInput = { ...fields, requireStaffSecondFactor: requireStaffSecondFactor === 'on' };
    const tenant = c.var.tenant;
    const { problems } = await tenantSettings.update(tenant.id, form, actorOf(c));
    if (problems.length > 0) {
      const shown = {
        ...Object.fromEntries(SETTINGS_FIELDS.map((field) => [field, form[field].slice(0, 200)])),
        requireStaffSecondFactor: form.requireStaffSecondFactor,
      } as TenantSettingsInput;
      return renderSettings(tenantSettings, c, { form: shown, problems, status: 422 });
    }
    return c.redirect('/admin/settings?gespeichert', 303);
  });

  app.post('/settings/contact', async (c) => {
    const form = await readFields(c, CONTACT_FIELDS);
    const tenant = c.var.tenant;
    const { problems } = await tenantSettings.updateContact(tenant.id, form, actorOf(c));
    if (problems.length > 0) {
      const shown: TenantContactInput = { ...form };
      for (const field of CONTACT_FIELDS) {
        shown[field] = form[field].slice(0, 600);
      }
      return renderSettings(tenantSettings, c, {
        contactForm: { values: shown, problems },
        status: 422,
        notice: null,
      });
    }
    return c.redirect('/admin/settings?kontakt-gespeichert#kontakt', 303);
  });

  app.post('/settings/logo', async (c) => {
    const tenant = c.var.tenant;
    const file = await readFormFile(c, 'logo');
    try {
      await tenantSettings.setLogo(
        tenant.id,
        file === null ? new Uint8Array() : new Uint8Array(await file.arrayBuffer()),
        actorOf(c),
      );
    } catch (error) {
      const refused = pageErrorOf(error);
      if (refused !== null && refused.field === 'logo') {
        return renderSettings(tenantSettings, c, { logoError: refused, status: 422, notice: null });
      }
      throw error;
    }
    return c.redirect('/admin/settings?logo-gespeichert', 303);
  });

  app.post('/settings/logo/remove', async (c) => {
    await tenantSettings.removeLogo(c.var.tenant.id, actorOf(c));
    return c.redirect('/admin/settings?logo-entfernt', 303);
  });

  app.post('/settings/hosts', async (c) => {
    const { host } = await readFields(c, ['host'] as const);
    try {
      await tenantSettings.addHost(c.var.tenant.id, host, actorOf(c));
    } catch (error) {
      const refused = pageErrorOf(error);
      if (refused !== null && refused.status !== 404) {
        return renderSettings(tenantSettings, c, {
          hostForm: { value: host.slice(0, 253), error: refused },
          status: 422,
          notice: null,
        });
      }
      throw error;
    }
    return c.redirect('/admin/settings?adresse-hinzugefuegt', 303);
  });

  for (const [path, action, flag] of [
    ['/settings/hosts/remove', 'removeHost', 'adresse-entfernt'],
    ['/settings/hosts/primary', 'makePrimary', 'hauptadresse'],
  ] as const) {
    app.post(path, async (c) => {
      const { host } = await readFields(c, ['host'] as const);
      try {
        await tenantSettings[action](c.var.tenant.id, host, actorOf(c));
      } catch (error) {
        const refused = pageErrorOf(error);
        if (refused?.status === 404) {
          return renderErrorPage(c, 404, 'not_found');
        }
        if (refused !== null) {
          return renderSettings(tenantSettings, c, {
            notice: { kind: 'error', text: refused.text, code: refused.code },
            status: refused.status,
          });
        }
        throw error;
      }
      return c.redirect(`/admin/settings?${flag}`, 303);
    });
  }

  return app;
}

/**
 * The broker's logo, public like the login page it appears on. An SVG is served with a CSP that
 * forbids everything and a sandbox, so opening it directly cannot run anything either.
 */
export function brandingRoutes({ tenantSettings }: Pick<Services, 'tenantSettings'>) {
  const app = new Hono<AppEnv>();
  app.get('/branding/logo', async (c) => {
    const tenant = tenantOf(c.get('site'));
    const logo = tenant === null ? null : await tenantSettings.readLogo(tenant.id);
    if (logo === null) {
      return renderErrorPage(c, 404, 'not_found');
    }
    c.header('Content-Type', logo.contentType);
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    c.header('X-Content-Type-Options', 'nosniff');
    // The address carries the version, so a new logo is a new address.
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(new Uint8Array(logo.data));
  });
  return app;
}
