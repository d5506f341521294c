import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodesOf, textOf, type Client } from '../support/browserless-client.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

describe(`API keys and webhooks in the workspace (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  let admin: Client;

  async function callApi(key: string): Promise<number> {
    const response = await portal.app.request(`${acme.origin}/api/v1/grants`, {
      headers: { host: acme.host, authorization: `Bearer ${key}` },
    });
    return response.status;
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    await activatePerson(portal, acme, 'chefin@acme.example', 'staff_admin');
    await activatePerson(portal, acme, 'mitarbeiter@acme.example', 'staff_user');
    await activatePerson(portal, beta, 'chef@beta.example', 'staff_admin');
    admin = await logIn(portal, acme.origin, 'chefin@acme.example');
  });
  afterAll(() => portal.close());

  it('is for administrators only', async () => {
    const staffUser = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
    expect((await staffUser.get('/admin/integrations')).status).toBe(404);
    expect((await staffUser.post('/admin/integrations/keys', { name: 'Heimlich' })).status).toBe(404);
    expect((await portal.services.apiKeys.listApiKeys(acme.id)).map((key) => key.name)).not.toContain('Heimlich');
  });

  it('creates a key that is shown once, works against the API, and stops at once when revoked', async () => {
    await admin.get('/admin/integrations');
    const unnamed = await admin.post('/admin/integrations/keys', { name: ' ' });
    expect(unnamed.status).toBe(422);
    expect(errorCodesOf(unnamed.body)).toEqual(['API_KEY_NAME_INVALID']);
    const created = await admin.post('/admin/integrations/keys', { name: 'Unser CRM' });
    expect(created.status).toBe(200);
    expect(created.headers.get('cache-control')).toContain('no-store');
    const key = /<code class="secret" data-secret="">([^<]+)<\/code>/.exec(created.body)?.[1];
    expect(key).toMatch(/^ptk_live_/);
    expect(await callApi(required(key))).toBe(200);
    const list = await admin.get('/admin/integrations');
    expect(list.body).not.toContain(required(key));
    expect(textOf(list.body)).toContain('Unser CRM');
    const [summary] = await portal.services.apiKeys.listApiKeys(acme.id);
    expect((await admin.post(`/admin/integrations/keys/${required(summary).id}/revoke`, {})).location).toBe(
      `/admin/integrations?schluessel-widerrufen=${required(summary).id}`,
    );
    expect(await callApi(required(key))).toBe(401);
    const details = (
      await portal.services.audit.listForTenant(acme.id, 100, {
        kind: 'settings.changed',
        email: 'chefin@acme.example',
      })
    ).map((event) => event.detail);
    expect(details).toEqual(expect.arrayContaining([expect.stringMatching(/^API-Schlüssel angelegt: Unser CRM/)]));
    expect(details).toEqual(expect.arrayContaining([expect.stringMatching(/^API-Schlüssel widerrufen: Unser CRM/)]));
  });

  it('registers a webhook with its secret shown once, lists its deliveries, and deletes it', async () => {
    await admin.get('/admin/integrations');
    const noEvents = await admin.post('/admin/integrations/webhooks', { url: 'http://127.0.0.1:9/hook' });
    expect(noEvents.status).toBe(422);
    expect(errorCodesOf(noEvents.body)).toEqual(['WEBHOOK_EVENTS_MISSING']);
    const badUrl = await admin.post('/admin/integrations/webhooks', {
      url: 'ftp://example.com/x',
      events: 'grant.changed',
    });
    expect(badUrl.status).toBe(422);
    expect(errorCodesOf(badUrl.body)).toEqual(['WEBHOOK_URL_INVALID']);
    expect(
      (await admin.post('/admin/integrations/webhooks', { url: 'http://127.0.0.1:9/hook', events: 'erfunden' })).status,
    ).toBe(400);
    const created = await admin.post('/admin/integrations/webhooks', {
      url: 'http://127.0.0.1:9/hook',
      events: ['grant.changed', 'invitation.sent'],
    });
    expect(created.status).toBe(200);
    expect(/<code class="secret" data-secret="">(whsec_[^<]+)<\/code>/.exec(created.body)).not.toBeNull();
    const [hook] = await portal.services.webhooks.listWebhooks(acme.id);
    expect(required(hook).events.sort()).toEqual(['grant.changed', 'invitation.sent']);
    await portal.services.grants.createGrant(acme.id, { name: 'Familie Hook', kind: 'customer' });
    const deliveries = await admin.get(`/admin/integrations/webhooks/${required(hook).id}`);
    expect(deliveries.status).toBe(200);
    expect(textOf(deliveries.body)).toContain('Freischaltung geändert');
    expect(textOf(deliveries.body)).toContain('wartet auf Zustellung');

    const betaAdmin = await logIn(portal, beta.origin, 'chef@beta.example');
    expect((await betaAdmin.get(`/admin/integrations/webhooks/${required(hook).id}`)).status).toBe(404);
    await betaAdmin.get('/admin/integrations');
    expect((await betaAdmin.post(`/admin/integrations/webhooks/${required(hook).id}/delete`, {})).status).toBe(404);
    expect((await betaAdmin.post('/admin/integrations/keys/not-an-id/revoke', {})).status).toBe(404);

    await admin.get('/admin/integrations');
    const deleted = await admin.post(`/admin/integrations/webhooks/${required(hook).id}/delete`, {});
    expect(deleted.status).toBe(200);
    expect(textOf(deleted.body)).toContain('Der Webhook http://127.0.0.1:9/hook ist gelöscht');
    expect(await portal.services.webhooks.listWebhooks(acme.id)).toEqual([]);
  });
});
