import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { ACCOUNT_PASSWORD, activatePerson, logIn } from '../support/accounts.js';
import { createClient, errorCodesOf, textOf } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

describe(`reporting a motor claim in the portal (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    await portal.services.portfolio.upsertBatch(
      acme.id,
      [
        { type: 'customer', action: 'upsert', customer: { customerNumber: 'K1', kind: 'private', lastName: 'Eins' } },
        {
          type: 'contract',
          action: 'upsert',
          contract: {
            insurerNumber: '5311',
            sparte: '051',
            policyNumber: 'KFZ4711',
            customerNumber: 'K1',
            productName: 'Kfz-Haftpflicht',
            status: 'active',
            caseHandler: { name: 'Sabine Sachbearbeiterin', phone: null, email: 'vertrag@acme.example' },
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
      includeClaims: true,
    });
    await portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'max@example.com',
      name: 'Max Kunde',
      role: 'policyholder',
      grantName: 'K1',
    });
    await portal.deliverMail();
    const link = new URL(linkFrom(await portal.smtp.waitForMail('max@example.com'), '/set-password'));
    const setter = createClient(portal.app, acme.origin);
    await setter.get(link.pathname + link.search);
    await setter.post('/set-password', {
      token: required(link.searchParams.get('token')),
      password: ACCOUNT_PASSWORD,
      passwordConfirm: ACCOUNT_PASSWORD,
    });
  });
  afterAll(async () => {
    await portal.close();
  });

  it('goes through every step with a step error, resumes the draft and submits once', async () => {
    const max = await logIn(portal, acme.origin, 'max@example.com');
    const contracts = await max.get('/vertraege');
    const contractPath = required(/href="(\/vertraege\/[0-9a-f-]{36})"/.exec(contracts.body)?.[1]);
    expect(contracts.body).toContain('href="/schaeden"');

    const contractPage = await max.get(contractPath);
    const startPath = required(/href="(\/schaeden\/neu\?vertrag=[0-9a-f-]{36})"/.exec(contractPage.body)?.[1]);
    await max.get(startPath);
    const started = await max.post('/schaeden/neu', { vertrag: startPath.split('=')[1] ?? '' });
    expect(started.status).toBe(303);
    const stepOne = required(started.location);
    const claimPath = stepOne.replace(/\/schritt\/1$/, '');

    const page = await max.get(stepOne);
    expect(page.body).toContain('Erforderlich');
    const tomorrow = new Date(portal.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(portal.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
    const future = await max.post(stepOne, {
      lossDate: tomorrow,
      lossTime: '08:15',
      place: 'Kiel, Hafenstraße',
      description: 'Beim Ausparken angefahren',
      amount: '1.250,50',
    });
    expect(future.status).toBe(422);
    expect(errorCodesOf(future.body)).toEqual(['CLAIM_DATE_IN_FUTURE']);
    // Above the form: how many answers to look at, and the way to the first.
    expect(textOf(future.body)).toContain('Eine Angabe fehlt oder passt nicht. Zur ersten markierten Angabe');
    expect(future.body).toContain('href="#field-lossDate" id="first-problem"');
    expect(future.body).toContain('id="field-lossDate"');
    expect(future.body).toContain('Beim Ausparken angefahren');

    const savedOne = await max.post(stepOne, {
      lossDate: yesterday,
      lossTime: '08:15',
      place: 'Kiel, Hafenstraße',
      description: 'Beim Ausparken angefahren',
      amount: '1.250,50',
    });
    expect(savedOne.location).toBe(`${claimPath}/schritt/2`);
    await max.get(`${claimPath}/schritt/2`);
    expect((await max.post(`${claimPath}/schritt/2`, { police: 'nein' })).location).toBe(`${claimPath}/schritt/3`);

    // Leaves, comes back on another device: the draft is listed and resumes at step 3.
    const again = await logIn(portal, acme.origin, 'max@example.com');
    const list = await again.get('/schaeden');
    expect(textOf(list.body)).toContain('Entwürfe');
    // No report without a contract for Max: the list says where a claim is reported instead of offering the button.
    expect(list.body).not.toContain('href="/schaeden/neu"');
    expect(textOf(list.body)).toContain(
      'Einen Schaden melden Sie auf der Seite des betroffenen Vertrags: Zu den Verträgen',
    );
    const resume = required(/href="(\/schaeden\/[0-9a-f-]{36}\/schritt\/3)"/.exec(list.body)?.[1]);
    const stepThree = await again.get(resume);
    expect(stepThree.body).toContain('name="plate"');
    const missing = await again.post(resume, { plate: 'KI-AB 123', driver: '' });
    expect(missing.status).toBe(422);
    expect(errorCodesOf(missing.body).sort()).toEqual(['CLAIM_FIELD_REQUIRED', 'CLAIM_FIELD_REQUIRED']);
    expect(textOf(missing.body)).toContain('2 Angaben fehlen oder passen nicht.');
    const firstProblem = required(/href="#([\w-]+)" id="first-problem"/.exec(missing.body)?.[1]);
    expect(missing.body).toContain(`id="${firstProblem}"`);
    expect(missing.body).toContain('value="KI-AB 123"');
    await again.post(resume, { plate: 'KI-AB 123', driver: 'Max Kunde', towed: 'nein', otherInsurer: 'Süd AG' });
    const backToOne = await again.get(`${claimPath}/schritt/1`);
    expect(backToOne.body).toContain('value="1250,50"');

    await again.get(`${claimPath}/schritt/4`);
    const badIban = await again.post(`${claimPath}/schritt/4`, {
      iban: 'DE88 3704 0044 0532 0130 00',
      accountHolder: 'Max Kunde',
    });
    expect(errorCodesOf(badIban.body)).toEqual(['IBAN_INVALID']);
    await again.post(`${claimPath}/schritt/4`, { iban: 'DE89 3704 0044 0532 0130 00', accountHolder: 'Max Kunde' });
    await again.get(`${claimPath}/schritt/5`);
    const submitted = await again.post(`${claimPath}/schritt/5`, { message: 'Bitte rufen Sie mich an.' });
    expect(submitted.location).toBe('/schaeden?gemeldet');
    const twice = await again.post(`${claimPath}/schritt/5`, { message: 'Bitte rufen Sie mich an.' });
    expect(twice.location).toBe(claimPath);
    expect(
      (await portal.services.claimHandling.pageForCrm(acme.id, {}, { cursor: null, limit: 50 })).items,
    ).toHaveLength(1);

    const detail = textOf((await again.get(claimPath)).body);
    for (const answer of [
      'Gemeldet',
      'Beim Ausparken angefahren',
      'KI-AB 123',
      'Süd AG',
      'DE89 3704 0044 0532 0130 00',
    ]) {
      expect(detail).toContain(answer);
    }
    const waiting = portal.smtp.waitForMail('vertrag@acme.example');
    await portal.deliverMail();
    const mail = await waiting;
    expect(mail.text).toContain(`${acme.origin}/admin${claimPath}`);
    expect(mail.text).not.toContain('Ausparken');

    // Staff open the link, set "in Bearbeitung", and Max sees the new status.
    await activatePerson(portal, acme, 'staff@acme.example', 'staff_user');
    const staff = await logIn(portal, acme.origin, 'staff@acme.example');
    const inbox = await staff.get('/admin/schaeden?status=submitted');
    expect(inbox.body).toContain(`href="/admin${claimPath}"`);
    const staffDetail = await staff.get(`/admin${claimPath}`);
    expect(textOf(staffDetail.body)).toContain('Beim Ausparken angefahren');
    expect((await staff.post(`/admin${claimPath}/status`, { status: 'settled' })).status).toBe(409);
    expect((await staff.post(`/admin${claimPath}/status`, { status: 'in_progress' })).status).toBe(303);
    expect(textOf((await again.get('/schaeden')).body)).toContain('In Bearbeitung');
  });

  it('answers 404 for another person’s draft, a made-up claim and a contract id that is not theirs', async () => {
    const max = await logIn(portal, acme.origin, 'max@example.com');
    expect((await max.get('/schaeden/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await max.get('/schaeden/neu?vertrag=00000000-0000-4000-8000-000000000000')).status).toBe(404);
    await max.get('/schaeden');
    expect((await max.post('/schaeden/neu', { vertrag: 'not-a-uuid' })).status).toBe(404);
  });

  it('shows a person of a "Nur Schadenmeldung" grant only "Schaden melden" and their own claims', async () => {
    await portal.services.grants.createGrant(acme.id, {
      name: 'K1 nur Schäden',
      kind: 'customer',
      customerNumbers: ['K1'],
      shareContractsAutomatically: true,
      claimsOnly: true,
    });
    await activatePerson(portal, acme, 'melder@example.com', 'policyholder', { grantName: 'K1 nur Schäden' });
    const max = await logIn(portal, acme.origin, 'max@example.com');
    const contractPath = required(/href="(\/vertraege\/[0-9a-f-]{36})"/.exec((await max.get('/vertraege')).body)?.[1]);
    const maxClaim = required(/href="(\/schaeden\/[0-9a-f-]{36})"/.exec((await max.get('/schaeden')).body)?.[1]);

    const melder = await logIn(portal, acme.origin, 'melder@example.com');
    const list = await melder.get('/schaeden');
    expect(list.status).toBe(200);
    expect(list.body).toContain('href="/schaeden/neu"');
    for (const hidden of ['href="/vertraege"', 'href="/dokumente"', 'href="/nachrichten"', maxClaim]) {
      expect(list.body).not.toContain(hidden);
    }
    expect((await melder.get(contractPath)).status).toBe(404);
    expect((await melder.get(maxClaim)).status).toBe(404);
    expect((await melder.get(`/schaeden/neu?vertrag=${contractPath.split('/')[2] ?? ''}`)).status).toBe(404);

    const start = await melder.get('/schaeden/neu');
    expect(textOf(start.body)).toContain('Ohne Vertrag · Eins');
    const customerId = required(/name="kunde" value="([0-9a-f-]{36})"/.exec(start.body)?.[1]);
    expect((await melder.post('/schaeden/neu', { kunde: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    const started = await melder.post('/schaeden/neu', { kunde: customerId });
    expect(started.status).toBe(303);
    expect(textOf((await melder.get(required(started.location))).body)).toContain('Ohne Vertrag');
  });

  it('lets administrators map Sparten to routes in the settings, refusing a bad code in German', async () => {
    await activatePerson(portal, acme, 'admin@acme.example', 'staff_admin');
    const admin = await logIn(portal, acme.origin, 'admin@acme.example');
    const page = await admin.get('/admin/settings/schadenrouten');
    expect(page.status).toBe(200);
    expect(page.body).toContain('name="KFZ"');
    const refused = await admin.post('/admin/settings/schadenrouten', { HPV: '040, 4O', KFZ: '051' });
    expect(refused.status).toBe(422);
    expect(errorCodesOf(refused.body)).toEqual(['CLAIM_ROUTE_SPARTE_INVALID']);
    expect(textOf(refused.body)).toContain('„4O“ ist kein Sparten-Schlüssel');
    const saved = await admin.post('/admin/settings/schadenrouten', { HPV: '040 250', KFZ: '051', SACH: '130' });
    expect(saved.location).toBe('/admin/settings/schadenrouten?gespeichert');
    expect(await portal.services.claimRouteSettings.mappingOf(acme.id)).toMatchObject({ KFZ: ['051'], SACH: ['130'] });
    const staff = await logIn(portal, acme.origin, 'staff@acme.example');
    expect((await staff.get('/admin/settings/schadenrouten')).status).toBe(404);
  });
});
