import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activatePerson, enrolSecondFactor, logIn } from '../support/accounts.js';
import { textOf, type Client } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

describe(`every destructive action asks first and names who or what (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  let admin: Client;
  let betaAdmin: Client;

  async function idOf(tenantId: string, email: string): Promise<string> {
    const person = (await portal.services.people.listPeople(tenantId)).find((entry) => entry.email === email);
    return required(person).identityId;
  }

  async function stateOf(tenantId: string, email: string): Promise<string | undefined> {
    return (await portal.services.people.listPeople(tenantId)).find((entry) => entry.email === email)?.state;
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    await activatePerson(portal, acme, 'chefin@acme.example', 'staff_admin');
    await activatePerson(portal, acme, 'erika@example.com', 'policyholder');
    await activatePerson(portal, beta, 'chef@beta.example', 'staff_admin');
    await portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'otto@example.com',
      name: 'Otto Offen',
      role: 'policyholder',
    });
    admin = await logIn(portal, acme.origin, 'chefin@acme.example');
    betaAdmin = await logIn(portal, beta.origin, 'chef@beta.example');
  });
  afterAll(() => portal.close());

  it('deactivates a person only after a page that names them, with the CSRF token, in this tenant only', async () => {
    const erika = await idOf(acme.id, 'erika@example.com');
    const table = await admin.get('/admin/people');
    expect(table.body).toContain(`href="/admin/people/${erika}/deactivate"`);
    const confirm = await admin.get(`/admin/people/${erika}/deactivate`);
    expect(confirm.status).toBe(200);
    const text = textOf(confirm.body);
    expect(text).toContain('Person erika deaktivieren?');
    expect(text).toContain('erika@example.com');
    expect(text).toContain('sofort abgemeldet');
    expect(await stateOf(acme.id, 'erika@example.com')).toBe('active');

    expect((await admin.post(`/admin/people/${erika}/deactivate`, { _csrf: 'gefälscht' })).status).toBe(403);
    expect(await stateOf(acme.id, 'erika@example.com')).toBe('active');

    expect((await betaAdmin.get(`/admin/people/${erika}/deactivate`)).status).toBe(404);
    await betaAdmin.get('/admin/people');
    expect((await betaAdmin.post(`/admin/people/${erika}/deactivate`, {})).status).toBe(404);
    expect((await admin.get('/admin/people/not-an-id/deactivate')).status).toBe(404);
    expect(await stateOf(acme.id, 'erika@example.com')).toBe('active');

    await admin.get(`/admin/people/${erika}/deactivate`);
    const done = await admin.post(`/admin/people/${erika}/deactivate`, {});
    expect(done.location).toBe(`/admin/people?deaktiviert=${erika}`);
    expect(textOf((await admin.get(required(done.location))).body)).toContain(
      'Person erika ist deaktiviert und sofort abgemeldet.',
    );
    expect(await stateOf(acme.id, 'erika@example.com')).toBe('deactivated');
    // Another tenant's id in the notice's address names nobody.
    const foreign = textOf(
      (await admin.get(`/admin/people?deaktiviert=${await idOf(beta.id, 'chef@beta.example')}`)).body,
    );
    expect(foreign).toContain('Die Person ist deaktiviert');
    expect(foreign).not.toContain('Person chef ist');

    await admin.get('/admin/people');
    const back = await admin.post(`/admin/people/${erika}/reactivate`, {});
    expect(textOf((await admin.get(required(back.location))).body)).toContain('Person erika ist wieder aktiv.');
    // Nobody is asked to deactivate themselves.
    expect((await admin.get(`/admin/people/${await idOf(acme.id, 'chefin@acme.example')}/deactivate`)).status).toBe(
      400,
    );
  });

  it('revokes an invitation from the person page after a page naming the person', async () => {
    const otto = await idOf(acme.id, 'otto@example.com');
    const personPage = await admin.get(`/admin/people/${otto}`);
    expect(personPage.body).toContain(`href="/admin/people/${otto}/revoke"`);
    expect(personPage.body).toContain(`href="/admin/people/${otto}/deactivate"`);
    const confirm = await admin.get(`/admin/people/${otto}/revoke`);
    expect(textOf(confirm.body)).toContain('Einladung an Otto Offen widerrufen?');
    expect(textOf(confirm.body)).toContain('otto@example.com');

    expect((await admin.post(`/admin/people/${otto}/revoke`, { _csrf: '' })).status).toBe(403);
    expect(await stateOf(acme.id, 'otto@example.com')).toBe('invited');
    expect((await betaAdmin.get(`/admin/people/${otto}/revoke`)).status).toBe(404);

    await admin.get(`/admin/people/${otto}/revoke`);
    const done = await admin.post(`/admin/people/${otto}/revoke`, {});
    expect(done.location).toBe(`/admin/people?widerrufen=${otto}`);
    expect(textOf((await admin.get(required(done.location))).body)).toContain(
      'Die Einladung an Otto Offen ist widerrufen; ihr Link gilt nicht mehr.',
    );
    expect(await stateOf(acme.id, 'otto@example.com')).toBe('invitation_revoked');
    expect(textOf((await admin.get(`/admin/people/${otto}`)).body)).toContain('Einladung widerrufen am');
  });

  it('resets a second factor after a page naming the person, and the notice names them', async () => {
    const erika = await idOf(acme.id, 'erika@example.com');
    const person = await logIn(portal, acme.origin, 'erika@example.com');
    await person.get('/profile/second-factor');
    await enrolSecondFactor(person, () => portal.clock.now());
    expect(await portal.services.secondFactor.hasFactor(erika)).toBe(true);

    const confirm = await admin.get(`/admin/people/${erika}/second-factor`);
    expect(textOf(confirm.body)).toContain('Person erika (erika@example.com)');
    expect((await admin.post(`/admin/people/${erika}/second-factor/remove`, { _csrf: 'x' })).status).toBe(403);
    expect((await betaAdmin.get(`/admin/people/${erika}/second-factor`)).status).toBe(404);
    await betaAdmin.get('/admin/people');
    expect((await betaAdmin.post(`/admin/people/${erika}/second-factor/remove`, {})).status).toBe(404);
    expect(await portal.services.secondFactor.hasFactor(erika)).toBe(true);

    await admin.get(`/admin/people/${erika}/second-factor`);
    const done = await admin.post(`/admin/people/${erika}/second-factor/remove`, {});
    expect(textOf((await admin.get(required(done.location))).body)).toContain(
      'Der zweite Faktor von Person erika wurde entfernt.',
    );
    expect(await portal.services.secondFactor.hasFactor(erika)).toBe(false);
  });

  it('revokes an API key after a page naming its label and what stops working', async () => {
    await admin.get('/admin/integrations');
    await admin.post('/admin/integrations/keys', { name: 'Unser CRM' });
    const [key] = await portal.services.apiKeys.listApiKeys(acme.id);
    const list = await admin.get('/admin/integrations');
    expect(list.body).toContain(`href="/admin/integrations/keys/${required(key).id}/revoke"`);
    const confirm = textOf((await admin.get(`/admin/integrations/keys/${required(key).id}/revoke`)).body);
    expect(confirm).toContain('API-Schlüssel „Unser CRM“ widerrufen?');
    expect(confirm).toContain(`${required(key).keyPrefix}…`);
    expect(confirm).toContain('keinen Zugriff mehr auf die API');

    expect((await admin.post(`/admin/integrations/keys/${required(key).id}/revoke`, { _csrf: 'nein' })).status).toBe(
      403,
    );
    expect((await betaAdmin.get(`/admin/integrations/keys/${required(key).id}/revoke`)).status).toBe(404);
    await betaAdmin.get('/admin/integrations');
    expect((await betaAdmin.post(`/admin/integrations/keys/${required(key).id}/revoke`, {})).status).toBe(404);
    expect(required((await portal.services.apiKeys.listApiKeys(acme.id))[0]).revokedAt).toBeNull();

    await admin.get(`/admin/integrations/keys/${required(key).id}/revoke`);
    const done = await admin.post(`/admin/integrations/keys/${required(key).id}/revoke`, {});
    expect(textOf((await admin.get(required(done.location))).body)).toContain(
      'Der Schlüssel „Unser CRM“ ist widerrufen; Anfragen mit ihm werden ab sofort abgelehnt.',
    );
    expect(required((await portal.services.apiKeys.listApiKeys(acme.id))[0]).revokedAt).not.toBeNull();
    // A revoked key is not offered again.
    expect((await admin.get(`/admin/integrations/keys/${required(key).id}/revoke`)).status).toBe(404);
    const events = await portal.services.audit.listForTenant(acme.id, 10, { kind: 'settings.changed' });
    expect(events.map((event) => event.detail)).toContain(
      `API-Schlüssel widerrufen: Unser CRM (${required(key).keyPrefix}…)`,
    );
  });

  it('deletes a webhook after a page naming its address', async () => {
    await admin.get('/admin/integrations');
    await admin.post('/admin/integrations/webhooks', { url: 'https://crm.example.com/hook', events: 'grant.changed' });
    const [hook] = await portal.services.webhooks.listWebhooks(acme.id);
    const confirm = textOf((await admin.get(`/admin/integrations/webhooks/${required(hook).id}/delete`)).body);
    expect(confirm).toContain('Webhook löschen?');
    expect(confirm).toContain('https://crm.example.com/hook');

    expect((await admin.post(`/admin/integrations/webhooks/${required(hook).id}/delete`, { _csrf: '' })).status).toBe(
      403,
    );
    expect((await betaAdmin.get(`/admin/integrations/webhooks/${required(hook).id}/delete`)).status).toBe(404);
    await betaAdmin.get('/admin/integrations');
    expect((await betaAdmin.post(`/admin/integrations/webhooks/${required(hook).id}/delete`, {})).status).toBe(404);
    expect(await portal.services.webhooks.listWebhooks(acme.id)).toHaveLength(1);

    await admin.get(`/admin/integrations/webhooks/${required(hook).id}/delete`);
    const done = await admin.post(`/admin/integrations/webhooks/${required(hook).id}/delete`, {});
    expect(done.status).toBe(200);
    expect(textOf(done.body)).toContain('Der Webhook https://crm.example.com/hook ist gelöscht');
    expect(await portal.services.webhooks.listWebhooks(acme.id)).toEqual([]);
    expect((await admin.get(`/admin/integrations/webhooks/${required(hook).id}/delete`)).status).toBe(404);
  });
});
