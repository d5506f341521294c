import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { errorCodesOf, textOf, type Client } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const conversationPathIn = (location: string | null | undefined): string =>
  required(/^(\/nachrichten\/[0-9a-f-]{36})\?gesendet$/.exec(location ?? '')?.[1]);

describe(`conversations with the broker in the portal and the workspace (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  let max: Client;
  let handler: Client;
  let handlerId: string;
  let beaId: string;

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Makler');
    handlerId = await activatePerson(portal, acme, 'sabine@acme.example', 'staff_user', { name: 'Sabine Sach' });
    await activatePerson(portal, acme, 'betreuer@acme.example', 'staff_user', { name: 'Bernd Betreuer' });
    await portal.services.portfolio.upsertBatch(
      acme.id,
      [
        { type: 'customer', action: 'upsert', customer: { customerNumber: 'K1', kind: 'private', lastName: 'Kunde' } },
        {
          type: 'contract',
          action: 'upsert',
          contract: {
            insurerNumber: '5311',
            sparte: '130',
            policyNumber: 'HR4711',
            customerNumber: 'K1',
            status: 'active',
            caseHandler: { name: 'Sabine Sach', phone: null, email: null, staffIdentityId: handlerId },
          },
        },
      ],
      CLI_ORIGIN,
    );
    await portal.services.grants.createGrant(acme.id, {
      name: 'K1',
      kind: 'customer',
      customerNumbers: ['K1'],
      shareContractsAutomatically: true,
    });
    await activatePerson(portal, acme, 'max@example.com', 'policyholder', { grantName: 'K1', name: 'Max Kunde' });
    beaId = await activatePerson(portal, beta, 'bea@example.com', 'staff_user');
    max = await logIn(portal, acme.origin, 'max@example.com');
    handler = await logIn(portal, acme.origin, 'sabine@acme.example');
  });
  afterAll(async () => {
    await portal.close();
  });

  it('refuses an empty or too long message with a German message and writes nothing', async () => {
    const form = await max.get('/nachrichten/neu');
    expect(form.status).toBe(200);
    const empty = await max.post('/nachrichten/neu', { subject: 'Frage', body: '   ', contractId: '', customerId: '' });
    expect(empty.status).toBe(422);
    expect(errorCodesOf(empty.body)).toEqual(['MESSAGE_BODY_REQUIRED']);
    expect(textOf(empty.body)).toContain('Bitte schreiben Sie eine Nachricht.');
    await max.get('/nachrichten/neu');
    const long = await max.post('/nachrichten/neu', {
      subject: 'x'.repeat(10_000),
      body: 'Text',
      contractId: '',
      customerId: '',
    });
    expect(long.status).toBe(422);
    expect(errorCodesOf(long.body)).toEqual(['CONVERSATION_SUBJECT_TOO_LONG']);
    await max.get('/nachrichten/neu');
    const tooLongBody = await max.post('/nachrichten/neu', {
      subject: 'Frage',
      body: 'x'.repeat(10_001),
      contractId: '',
      customerId: '',
    });
    expect(errorCodesOf(tooLongBody.body)).toEqual(['MESSAGE_BODY_TOO_LONG']);
    expect(textOf((await max.get('/nachrichten')).body)).toContain('Noch keine Nachrichten.');
  });

  it('carries a message from the contract page to the case handler, and the answer back without internal notes', async () => {
    const contracts = await max.get('/vertraege');
    const contractPath = required(/href="(\/vertraege\/[0-9a-f-]{36})"/.exec(contracts.body)?.[1]);
    const contractPage = await max.get(contractPath);
    const startPath = required(/href="(\/nachrichten\/neu\?vertrag=[0-9a-f-]{36})"/.exec(contractPage.body)?.[1]);
    const contractId = required(startPath.split('=')[1]);
    const form = await max.get(startPath);
    expect(form.body).toContain(`<option value="${contractId}" selected="">`);
    const sent = await max.post('/nachrichten/neu', {
      subject: 'Fahrrad versichert?',
      body: 'Ist mein Fahrrad mitversichert?',
      contractId,
      customerId: '',
    });
    expect(sent.status).toBe(303);
    const path = conversationPathIn(sent.location);
    const id = path.split('/')[2] ?? '';

    // The case handler hears of it by the hourly digest, with the link and without the text.
    await portal.services.notifications.sendDueDigests();
    await portal.deliverMail();
    const staffMail = await portal.smtp.waitForMail('sabine@acme.example');
    expect(staffMail.subject).toBe('Neue Nachricht im Portal');
    expect(staffMail.text).not.toContain('Fahrrad');
    expect(linkFrom(staffMail, `/admin/nachrichten/${id}`)).toContain(acme.host);

    const inbox = await handler.get('/admin/nachrichten?ansicht=mine&ungelesen=1');
    expect(inbox.body).toContain(`data-conversation-id="${id}" data-unread="true"`);
    expect(textOf(inbox.body)).toContain('Fahrrad versichert?');
    await handler.get(`/admin/nachrichten/${id}`);
    const unreadAfter = await handler.get('/admin/nachrichten?ansicht=mine&ungelesen=1');
    expect(unreadAfter.body).not.toContain(`data-conversation-id="${id}"`);

    await handler.get(`/admin/nachrichten/${id}`);
    const note = await handler.post(`/admin/nachrichten/${id}`, { body: 'Intern: Vertrag prüfen', kind: 'note' });
    expect(note.status).toBe(303);
    portal.clock.advance(60_000);
    await handler.get(`/admin/nachrichten/${id}`);
    const reply = await handler.post(`/admin/nachrichten/${id}`, { body: 'Ja, bis 1.000 Euro.', kind: 'reply' });
    expect(reply.status).toBe(303);

    // Max is told by the hourly digest, with a link to his messages and nothing of the text.
    await portal.services.notifications.sendDueDigests();
    await portal.deliverMail();
    const customerMail = await portal.smtp.waitForMail('max@example.com');
    expect(customerMail.subject).toBe('Neue Nachricht von Acme Versicherungsmakler GmbH');
    expect(customerMail.text).not.toContain('1.000');
    expect(customerMail.text).not.toContain('Fahrrad');
    expect(linkFrom(customerMail, '/nachrichten')).toContain(acme.host);

    expect((await max.get('/')).body).toContain('href="/nachrichten"');
    expect((await max.get('/nachrichten')).body).toContain(`data-conversation-id="${id}" data-unread="true"`);
    const page = await max.get(path);
    expect(textOf(page.body)).toContain('Ja, bis 1.000 Euro.');
    expect(textOf(page.body)).not.toContain('Intern');
    expect(page.body).not.toContain('data-internal');
    expect((await max.get('/nachrichten')).body).not.toContain(`data-conversation-id="${id}" data-unread="true"`);

    const staffPage = await handler.get(`/admin/nachrichten/${id}`);
    expect(textOf(staffPage.body)).toContain('Intern: Vertrag prüfen');
  });

  it('reopens a closed conversation with the customer’s reply, and assigns to colleagues of the tenant only', async () => {
    await max.get('/nachrichten/neu');
    const sent = await max.post('/nachrichten/neu', {
      subject: 'Kündigung',
      body: 'Bitte kündigen.',
      contractId: '',
      customerId: '',
    });
    const path = conversationPathIn(sent.location);
    const id = path.split('/')[2] ?? '';
    await handler.get(`/admin/nachrichten/${id}`);
    expect((await handler.post(`/admin/nachrichten/${id}/status`, { status: 'closed' })).status).toBe(303);
    const closed = await max.get(path);
    expect(textOf(closed.body)).toContain('Dieser Vorgang ist abgeschlossen.');
    expect((await max.post(path, { body: 'Doch noch eine Frage.' })).status).toBe(303);
    expect(textOf((await handler.get(`/admin/nachrichten/${id}`)).body)).toContain('Vorgang abschließen');

    // Bea is staff of another broker.
    const refused = await handler.post(`/admin/nachrichten/${id}/zuweisen`, { assignee: beaId });
    expect(refused.status).toBe(422);
    expect(errorCodesOf(refused.body)).toContain('CONVERSATION_ASSIGNEE_INVALID');
    await handler.get(`/admin/nachrichten/${id}`);
    expect((await handler.post(`/admin/nachrichten/${id}/zuweisen`, { assignee: '' })).status).toBe(303);
    const unassigned = await handler.get('/admin/nachrichten?ansicht=unassigned');
    expect(unassigned.body).toContain(`data-conversation-id="${id}"`);
  });

  it('answers another tenant’s conversation and unknown ids with 404', async () => {
    await max.get('/nachrichten/neu');
    const sent = await max.post('/nachrichten/neu', {
      subject: 'Privat',
      body: 'Nur für mich.',
      contractId: '',
      customerId: '',
    });
    const path = conversationPathIn(sent.location);
    const bea = await logIn(portal, beta.origin, 'bea@example.com');
    expect((await bea.get(`/admin${path}`)).status).toBe(404);
    await bea.get('/admin/nachrichten');
    expect((await bea.post(`/admin${path}`, { body: 'Hallo', kind: 'reply' })).status).toBe(404);
    expect((await max.get('/nachrichten/not-a-uuid')).status).toBe(404);
    expect((await max.get('/nachrichten/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('sends Max no mail about new messages once he switched the notification off under Mein Zugang', async () => {
    await max.get('/nachrichten/neu');
    const sent = await max.post('/nachrichten/neu', {
      subject: 'Ruhe',
      body: 'Bitte antworten.',
      contractId: '',
      customerId: '',
    });
    const id = conversationPathIn(sent.location).split('/')[2] ?? '';
    await portal.services.notifications.sendDueDigests();
    const toMax = () =>
      portal.smtp.mails.filter(
        (mail) => mail.to.includes('max@example.com') && mail.subject.startsWith('Neue Nachricht'),
      ).length;
    await portal.deliverMail();
    const before = toMax();
    await max.get('/profile');
    expect((await max.post('/profile/notifications', {})).status).toBeLessThan(400);
    await handler.get(`/admin/nachrichten/${id}`);
    expect((await handler.post(`/admin/nachrichten/${id}`, { body: 'Antwort ohne Mail', kind: 'reply' })).status).toBe(
      303,
    );
    portal.clock.advance(2 * 60 * 60_000);
    await portal.services.notifications.sendDueDigests();
    await portal.deliverMail();
    expect(toMax()).toBe(before);
  });
});
