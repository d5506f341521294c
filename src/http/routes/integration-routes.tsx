import { Hono } from 'hono';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../../modules/webhooks/webhook.js';
import { isAppError } from '../../shared/errors.js';
import { requestOrigin } from '../client-address.js';
import type { StaffContext, StaffEnv } from '../context.js';
import { FormError, readFields, readForm } from '../forms.js';
import { renderErrorPage } from '../pages/error-page.js';
import { IntegrationsPage, WebhookDeliveriesPage } from '../pages/integration-pages.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import type { Message } from '../../shared/i18n/translator.js';
import { translatorOf } from '../language.js';
import { pageErrorOf } from '../page-errors.js';
import { isUuid } from '../../shared/ids.js';

const NOTICES: Record<string, Message> = {
  'schluessel-widerrufen': 'Der Schlüssel ist widerrufen und wird ab sofort abgelehnt.',
  'webhook-geloescht': 'Der Webhook ist gelöscht; es werden keine Ereignisse mehr an ihn gesendet.',
};

type PageState = Partial<Omit<Parameters<typeof IntegrationsPage>[0], 'csrfToken' | 'keys' | 'webhooks'>> & {
  status?: 200 | 422;
};

async function renderIntegrations(c: StaffContext, state: PageState = {}) {
  const services = c.get('services');
  const tenantId = c.var.tenant.id;
  const flag = NOTICES[Object.keys(c.req.queries())[0] ?? ''];
  return renderPage(
    c,
    {
      title: translatorOf(c)('Schnittstelle'),
      status: state.status ?? 200,
      // A new key or secret is shown only once: a switch would lose it.
      ...(state.newKey || state.newSecret ? { isLanguageSwitchShown: false } : { returnTo: '/admin/integrations' }),
      headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
    },
    <IntegrationsPage
      csrfToken={c.get('csrfToken')}
      keys={await services.apiKeys.listApiKeys(tenantId)}
      webhooks={await services.webhooks.listWebhooks(tenantId)}
      newKey={state.newKey ?? null}
      newSecret={state.newSecret ?? null}
      keyForm={state.keyForm ?? { name: '', error: null }}
      webhookForm={state.webhookForm ?? { url: '', events: [...WEBHOOK_EVENTS], error: null }}
      notice={state.notice !== undefined ? state.notice : flag === undefined ? null : { kind: 'success', text: flag }}
    />,
  );
}

async function recordChange(c: StaffContext, detail: string): Promise<void> {
  await c.get('services').audit.record({
    kind: 'settings.changed',
    tenantId: c.var.tenant.id,
    identityId: null,
    actorIdentityId: c.var.session.identityId,
    origin: requestOrigin(c),
    detail,
  });
}

/** Administrators manage their CRM's API keys and webhooks; keys and secrets are shown once. */
export function integrationRoutes() {
  const app = new Hono<StaffEnv>();
  const adminOnly = async (c: StaffContext, next: () => Promise<void>) =>
    c.var.staffRole === 'staff_admin' ? next() : renderErrorPage(c, 404, 'not_found');
  app.use('/integrations', adminOnly);
  app.use('/integrations/*', adminOnly);

  app.get('/integrations', (c) => renderIntegrations(c));

  app.post('/integrations/keys', async (c) => {
    const { name } = await readFields(c, ['name'] as const);
    try {
      const { key, summary } = await c.get('services').apiKeys.createApiKey(c.var.tenant.id, name);
      await recordChange(c, `API-Schlüssel angelegt: ${summary.name} (${summary.keyPrefix}…)`);
      // Shown in this answer only; the page is never cached (no-store) and a reload does not show it again.
      return await renderIntegrations(c, { newKey: key });
    } catch (error) {
      const refused = pageErrorOf(error);
      if (refused !== null) {
        return renderIntegrations(c, {
          keyForm: { name: name.slice(0, 200), error: refused.text },
          status: 422,
        });
      }
      throw error;
    }
  });

  app.post('/integrations/keys/:keyId/revoke', async (c) => {
    if (!(await c.get('services').apiKeys.revokeApiKey(c.var.tenant.id, c.req.param('keyId')))) {
      return renderErrorPage(c, 404, 'not_found');
    }
    await recordChange(c, 'API-Schlüssel widerrufen');
    return c.redirect('/admin/integrations?schluessel-widerrufen', 303);
  });

  app.post('/integrations/webhooks', async (c) => {
    const { url } = await readFields(c, ['url'] as const);
    const picked = (await readForm(c))['events'];
    const listed = picked === undefined || picked === null ? [] : Array.isArray(picked) ? picked : [picked];
    const events = listed.filter((event): event is WebhookEvent =>
      (WEBHOOK_EVENTS as readonly string[]).includes(event),
    );
    if (picked === null || events.length !== listed.length) {
      throw new FormError('unknown event');
    }
    const shownForm = { url: url.slice(0, 500), events };
    if (events.length === 0) {
      return renderIntegrations(c, {
        webhookForm: { ...shownForm, error: 'Bitte wählen Sie mindestens ein Ereignis.' },
        status: 422,
      });
    }
    try {
      const { webhook, secret } = await c.get('services').webhooks.createWebhook(c.var.tenant.id, { url, events });
      await recordChange(c, `Webhook angelegt: ${webhook.url}`);
      return await renderIntegrations(c, { newSecret: secret });
    } catch (error) {
      const refused = pageErrorOf(error);
      if (refused !== null) {
        return renderIntegrations(c, { webhookForm: { ...shownForm, error: refused.text }, status: 422 });
      }
      throw error;
    }
  });

  app.post('/integrations/webhooks/:webhookId/delete', async (c) => {
    const webhookId = c.req.param('webhookId');
    try {
      await c
        .get('services')
        .webhooks.deleteWebhook(
          c.var.tenant.id,
          isUuid(webhookId) ? webhookId : '00000000-0000-0000-0000-000000000000',
        );
    } catch (error) {
      if (isAppError(error) && error.code === 'WEBHOOK_NOT_FOUND') {
        return renderErrorPage(c, 404, 'not_found');
      }
      throw error;
    }
    await recordChange(c, 'Webhook gelöscht');
    return c.redirect('/admin/integrations?webhook-geloescht', 303);
  });

  app.get('/integrations/webhooks/:webhookId', async (c) => {
    const tenantId = c.var.tenant.id;
    const webhookId = c.req.param('webhookId');
    const webhook = (await c.get('services').webhooks.listWebhooks(tenantId)).find(
      (candidate) => candidate.id === webhookId,
    );
    if (webhook === undefined) {
      return renderErrorPage(c, 404, 'not_found');
    }
    const deliveries = await c.get('services').webhooks.listDeliveries(tenantId, webhook.id, 100);
    return renderPage(
      c,
      {
        title: translatorOf(c)('Webhook-Zustellungen'),
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
      },
      <WebhookDeliveriesPage webhook={webhook} deliveries={deliveries} />,
    );
  });

  return app;
}
