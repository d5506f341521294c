import type { Services } from '../../services.js';
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
import { personText, type Message } from '../../shared/i18n/translator.js';
import type { Child } from 'hono/jsx';
import { ConfirmActionPage } from '../pages/confirm-action-page.js';
import { translatorOf } from '../language.js';
import { pageErrorOf } from '../page-errors.js';

const NOTICES: Record<string, Message> = {
  'schluessel-widerrufen': 'Der Schlüssel ist widerrufen und wird ab sofort abgelehnt.',
};

/** What the integrations page uses: API keys, webhooks and the Protokoll entry of each change. */
type IntegrationServices = Pick<Services, 'apiKeys' | 'audit' | 'webhooks'>;

/** The notice after a revoked key names it; the name comes from this tenant's keys, never from the address bar. */
async function noticeOf(
  services: IntegrationServices,
  c: StaffContext,
): Promise<NonNullable<PageState['notice']> | null> {
  const flag = Object.keys(c.req.queries())[0] ?? '';
  const text = NOTICES[flag];
  if (text === undefined) {
    return null;
  }
  const keyId = c.req.query(flag) ?? '';
  const key = (await services.apiKeys.listApiKeys(c.var.tenant.id)).find((entry) => entry.id === keyId);
  return {
    kind: 'success',
    text:
      key === undefined
        ? text
        : personText('Der Schlüssel „{name}“ ist widerrufen; Anfragen mit ihm werden ab sofort abgelehnt.', {
            name: key.name,
          }),
  };
}

async function findKey(services: IntegrationServices, c: StaffContext) {
  const keyId = c.req.param('keyId');
  const keys = await services.apiKeys.listApiKeys(c.var.tenant.id);
  return keys.find((key) => key.id === keyId && key.revokedAt === null) ?? null;
}

async function findWebhook(services: IntegrationServices, c: StaffContext) {
  const webhookId = c.req.param('webhookId');
  const webhooks = await services.webhooks.listWebhooks(c.var.tenant.id);
  return webhooks.find((webhook) => webhook.id === webhookId) ?? null;
}

type PageState = Partial<Omit<Parameters<typeof IntegrationsPage>[0], 'csrfToken' | 'keys' | 'webhooks'>> & {
  status?: 200 | 422;
};

async function renderIntegrations(services: IntegrationServices, c: StaffContext, state: PageState = {}) {
  const tenantId = c.var.tenant.id;
  const notice = state.notice !== undefined ? state.notice : await noticeOf(services, c);
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
      notice={notice}
    />,
  );
}

async function recordChange(services: IntegrationServices, c: StaffContext, detail: string): Promise<void> {
  await services.audit.record({
    kind: 'settings.changed',
    tenantId: c.var.tenant.id,
    identityId: null,
    actorIdentityId: c.var.session.identityId,
    origin: requestOrigin(c),
    detail,
  });
}

function renderConfirmation(
  c: StaffContext,
  page: { title: string; subject: Child; consequence: string; action: string; confirmLabel: string },
) {
  return renderPage(
    c,
    { title: page.title, headerActions: <LogoutButton csrfToken={c.get('csrfToken')} /> },
    <ConfirmActionPage
      role="staff_admin"
      current="integrations"
      csrfToken={c.get('csrfToken')}
      cancelHref="/admin/integrations"
      {...page}
    />,
  );
}

/** Administrators manage their CRM's API keys and webhooks; keys and secrets are shown once. */
export function integrationRoutes(services: IntegrationServices) {
  const { apiKeys, webhooks } = services;
  const app = new Hono<StaffEnv>();
  const adminOnly = async (c: StaffContext, next: () => Promise<void>) =>
    c.var.staffRole === 'staff_admin' ? next() : renderErrorPage(c, 404, 'not_found');
  app.use('/integrations', adminOnly);
  app.use('/integrations/*', adminOnly);

  app.get('/integrations', (c) => renderIntegrations(services, c));

  app.post('/integrations/keys', async (c) => {
    const { name } = await readFields(c, ['name'] as const);
    try {
      const { key, summary } = await apiKeys.createApiKey(c.var.tenant.id, name);
      await recordChange(services, c, `API-Schlüssel angelegt: ${summary.name} (${summary.keyPrefix}…)`);
      // Shown in this answer only; the page is never cached (no-store) and a reload does not show it again.
      return await renderIntegrations(services, c, { newKey: key });
    } catch (error) {
      const refused = pageErrorOf(error);
      if (refused !== null) {
        return renderIntegrations(services, c, {
          keyForm: { name: name.slice(0, 200), error: refused },
          status: 422,
        });
      }
      throw error;
    }
  });

  app.get('/integrations/keys/:keyId/revoke', async (c) => {
    const key = await findKey(services, c);
    if (key === null) {
      return renderErrorPage(c, 404, 'not_found');
    }
    const t = translatorOf(c);
    return renderConfirmation(c, {
      title: t('API-Schlüssel „{name}“ widerrufen?', { name: key.name }),
      subject: (
        <>
          <strong>{key.name}</strong> <span class="muted">{`${key.keyPrefix}…`}</span>
        </>
      ),
      consequence: t(
        'Ihr CRM und jedes andere Programm, das diesen Schlüssel verwendet, erhält danach keinen Zugriff mehr auf die API: Freischaltungen und Bestandsdaten lassen sich damit nicht mehr übertragen. Das lässt sich nicht rückgängig machen.',
      ),
      action: `/admin/integrations/keys/${key.id}/revoke`,
      confirmLabel: t('Schlüssel jetzt widerrufen'),
    });
  });

  app.post('/integrations/keys/:keyId/revoke', async (c) => {
    const key = await findKey(services, c);
    if (key === null || !(await apiKeys.revokeApiKey(c.var.tenant.id, key.id))) {
      return renderErrorPage(c, 404, 'not_found');
    }
    await recordChange(services, c, `API-Schlüssel widerrufen: ${key.name} (${key.keyPrefix}…)`);
    return c.redirect(`/admin/integrations?schluessel-widerrufen=${key.id}`, 303);
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
    try {
      const { webhook, secret } = await webhooks.createWebhook(c.var.tenant.id, { url, events });
      await recordChange(services, c, `Webhook angelegt: ${webhook.url}`);
      return await renderIntegrations(services, c, { newSecret: secret });
    } catch (error) {
      const refused = pageErrorOf(error);
      if (refused !== null) {
        return renderIntegrations(services, c, { webhookForm: { ...shownForm, error: refused }, status: 422 });
      }
      throw error;
    }
  });

  app.get('/integrations/webhooks/:webhookId/delete', async (c) => {
    const webhook = await findWebhook(services, c);
    if (webhook === null) {
      return renderErrorPage(c, 404, 'not_found');
    }
    const t = translatorOf(c);
    return renderConfirmation(c, {
      title: t('Webhook löschen?'),
      subject: <strong class="break-anywhere">{webhook.url}</strong>,
      consequence: t(
        'An diese Adresse werden danach keine Ereignisse mehr gesendet; noch offene Zustellungen entfallen. Das lässt sich nicht rückgängig machen.',
      ),
      action: `/admin/integrations/webhooks/${webhook.id}/delete`,
      confirmLabel: t('Webhook jetzt löschen'),
    });
  });

  app.post('/integrations/webhooks/:webhookId/delete', async (c) => {
    const webhook = await findWebhook(services, c);
    try {
      if (webhook === null) {
        return renderErrorPage(c, 404, 'not_found');
      }
      await webhooks.deleteWebhook(c.var.tenant.id, webhook.id);
    } catch (error) {
      if (isAppError(error) && error.code === 'WEBHOOK_NOT_FOUND') {
        return renderErrorPage(c, 404, 'not_found');
      }
      throw error;
    }
    await recordChange(services, c, `Webhook gelöscht: ${webhook.url}`);
    // The webhook is gone, so its address cannot be looked up after a redirect: this answer names it.
    return renderIntegrations(services, c, {
      notice: {
        kind: 'success',
        text: personText('Der Webhook {url} ist gelöscht; es werden keine Ereignisse mehr an ihn gesendet.', {
          url: webhook.url,
        }),
      },
    });
  });

  app.get('/integrations/webhooks/:webhookId', async (c) => {
    const tenantId = c.var.tenant.id;
    const webhookId = c.req.param('webhookId');
    const webhook = (await webhooks.listWebhooks(tenantId)).find((candidate) => candidate.id === webhookId);
    if (webhook === undefined) {
      return renderErrorPage(c, 404, 'not_found');
    }
    const deliveries = await webhooks.listDeliveries(tenantId, webhook.id, 100);
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
