import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { identitiesIn } from '../../src/modules/identities/identity-service.js';
import { required } from '../../src/shared/required.js';
import { createApiClient } from '../api/api-client.js';
import { ACCOUNT_PASSWORD, activatePerson, logIn } from '../support/accounts.js';
import { createClient, errorCodesOf, textOf } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

const NOT_YET = 'Auf diese Nachricht können Sie im Kundenportal noch nicht antworten.';

describe(`the CRM writes to an address without portal access (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  let grantId: string;

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Makler');
    await portal.services.portfolio.upsertBatch(
      acme.id,
      [{ type: 'customer', action: 'upsert', customer: { customerNumber: 'K1', kind: 'private', lastName: 'Neu' } }],
      CLI_ORIGIN,
    );
    grantId = (
      await portal.services.grants.createGrant(acme.id, { name: 'K1', kind: 'customer', customerNumbers: ['K1'] })
    ).id;
    await activatePerson(portal, beta, 'eva@example.com', 'policyholder', { name: 'Eva Beta' });
  });
  afterAll(async () => {
    await portal.close();
  });

  it('invites the address once, lets the person read but not reply until the grant shares conversations', async () => {
    const api = createApiClient(portal, (await portal.services.apiKeys.createApiKey(acme.id, 'CRM')).key);
    const message = {
      customerNumber: 'K1',
      subject: 'Ihr Befund',
      message: 'Bitte melden Sie sich.',
      email: 'Nina.Neu@example.com',
      name: 'Nina Neu',
    };
    const first = await api.call('POST', '/conversations', { body: message });
    expect(first.status).toBe(201);
    const id = (first.body as { id: string }).id;
    const second = await api.call('POST', '/conversations', { body: { ...message, subject: 'Noch etwas' } });
    expect(second.status).toBe(201);
    await portal.services.notifications.sendDueDigests();
    await portal.deliverMail();
    const toNina = portal.smtp.mails.filter((mail) => mail.to.includes('nina.neu@example.com'));
    expect(toNina.length).toBe(1);
    const invitation = required(toNina[0]);
    expect(invitation.text).not.toContain('Befund');

    const link = new URL(linkFrom(invitation, '/set-password'));
    const browser = createClient(portal.app, acme.origin);
    await browser.get(link.pathname + link.search);
    const token = required(link.searchParams.get('token'));
    const set = await browser.post('/set-password', {
      token,
      password: ACCOUNT_PASSWORD,
      passwordConfirm: ACCOUNT_PASSWORD,
    });
    expect(set.status).toBe(200);
    const nina = await logIn(portal, acme.origin, 'nina.neu@example.com');
    const page = await nina.get(`/nachrichten/${id}`);
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain('Bitte melden Sie sich.');
    expect(textOf(page.body)).toContain(NOT_YET);
    expect(page.body).not.toContain('Antwort senden');
    const refused = await nina.post(`/nachrichten/${id}`, { body: 'Antwort' });
    expect(refused.status).toBe(422);
    expect(errorCodesOf(refused.body)).toContain('CONVERSATION_REPLY_NOT_ALLOWED');
    const detail = await api.call('GET', `/conversations/${id}`);
    expect((detail.body as { messages: unknown[] }).messages.length).toBe(1);

    await portal.services.grants.updateGrant(acme.id, grantId, { shareCases: true });
    const allowed = await nina.get(`/nachrichten/${id}`);
    expect(allowed.body).toContain('Antwort senden');
    expect((await nina.post(`/nachrichten/${id}`, { body: 'Danke, ich rufe an.' })).status).toBe(303);
  });

  it('reuses an identity of another broker as it is, and refuses another tenant’s grant and one without the customer', async () => {
    const before = required(await identitiesIn(portal.database.handle.db).findByEmail('eva@example.com'));
    const api = createApiClient(portal, (await portal.services.apiKeys.createApiKey(acme.id, 'CRM 2')).key);
    const answer = await api.call('POST', '/conversations', {
      body: { customerNumber: 'K1', subject: 'Hallo', message: 'Text', email: 'eva@example.com', name: 'Anderer Name' },
    });
    expect(answer.status).toBe(201);
    const after = required(await identitiesIn(portal.database.handle.db).findByEmail('eva@example.com'));
    expect(after.name).toBe(before.name);
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.emailDisplay).toBe(before.emailDisplay);
    await logIn(portal, beta.origin, 'eva@example.com');

    const betaApi = createApiClient(portal, (await portal.services.apiKeys.createApiKey(beta.id, 'CRM')).key);
    await portal.services.portfolio.upsertBatch(
      beta.id,
      [{ type: 'customer', action: 'upsert', customer: { customerNumber: 'B1', kind: 'private', lastName: 'B' } }],
      CLI_ORIGIN,
    );
    const foreign = await betaApi.call('POST', '/conversations', {
      body: { customerNumber: 'B1', subject: 'x', message: 'y', email: 'z@example.com', grantId },
    });
    expect(foreign.status).toBe(422);
    expect(await identitiesIn(portal.database.handle.db).findByEmail('z@example.com')).toBeNull();

    // A grant of this broker that does not show the customer: the person would never see the conversation.
    const otherCustomersGrant = await betaApi.call('POST', '/grants', {
      body: { name: 'B2', kind: 'customer', customerNumbers: ['B2'] },
    });
    expect(otherCustomersGrant.status).toBe(201);
    const mismatch = await betaApi.call('POST', '/conversations', {
      body: {
        customerNumber: 'B1',
        subject: 'x',
        message: 'y',
        email: 'z@example.com',
        grantId: otherCustomersGrant.body.id,
      },
    });
    expect([mismatch.status, mismatch.body.code]).toEqual([422, 'conversation_grant_without_customer']);
    expect(await identitiesIn(portal.database.handle.db).findByEmail('z@example.com')).toBeNull();
    expect((await betaApi.call('GET', '/conversations')).body.items).toEqual([]);
  });
});
