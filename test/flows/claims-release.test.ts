import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { DAY, MINUTE } from '../../src/shared/clock.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { errorCodesOf, textOf, type Client } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const CASE_HANDLER = 'vertrag@release.example';

/** Starts a claim for the contract and saves steps 1 to 4; returns the claim's path. */
async function fillDraft(client: Client, contractId: string): Promise<string> {
  await client.get(`/schaeden/neu?vertrag=${contractId}`);
  const started = await client.post('/schaeden/neu', { vertrag: contractId });
  const claimPath = required(started.location).replace(/\/schritt\/1$/, '');
  await client.post(`${claimPath}/schritt/1`, {
    lossDate: '2026-11-20',
    lossTime: '08:15',
    place: 'Kiel, Hafenstraße',
    description: 'Wasserschaden im Lager',
    amount: '800',
  });
  await client.post(`${claimPath}/schritt/2`, { police: 'nein' });
  await client.post(`${claimPath}/schritt/3`, {
    injuredParty: 'Nachbarfirma',
    relation: 'Nachbar',
    damagedWhat: 'Lagerware',
  });
  const fourth = await client.post(`${claimPath}/schritt/4`, {
    iban: 'DE89 3704 0044 0532 0130 00',
    accountHolder: 'Firma Eins',
  });
  expect(fourth.location).toBe(`${claimPath}/schritt/5`);
  return claimPath;
}

describe(`claims released by a second person of the grant (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let webhookId: string;
  const ids: Record<string, string> = {};
  const contractIds: Record<string, string> = {};

  /** The next mail to the address with this subject; mails of other kinds before it are passed over. */
  async function mailWithSubject(address: string, subject: string) {
    for (;;) {
      const mail = await portal.smtp.waitForMail(address);
      if (mail.subject === subject) return mail;
    }
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    const contract = (customerNumber: string, policyNumber: string) => ({
      type: 'contract' as const,
      action: 'upsert' as const,
      contract: {
        insurerNumber: '5311',
        sparte: '040',
        policyNumber,
        customerNumber,
        productName: 'Betriebshaftpflicht',
        status: 'active' as const,
        caseHandler: { name: 'Sabine Sachbearbeiterin', phone: null, email: CASE_HANDLER },
      },
    });
    await portal.services.portfolio.upsertBatch(
      acme.id,
      [
        {
          type: 'customer',
          action: 'upsert',
          customer: { customerNumber: 'F1', kind: 'business', companyName: 'Firma Eins GmbH' },
        },
        {
          type: 'customer',
          action: 'upsert',
          customer: { customerNumber: 'F2', kind: 'business', companyName: 'Firma Zwei GmbH' },
        },
        contract('F1', 'LAGER1'),
        contract('F2', 'SOLO2'),
      ],
      CLI_ORIGIN,
    );
    const shared = { kind: 'customer' as const, shareContractsAutomatically: true, includeClaims: true };
    const firm = await portal.services.grants.createGrant(acme.id, {
      ...shared,
      name: 'Firma Eins',
      customerNumbers: ['F1'],
      claimsNeedRelease: true,
    });
    await portal.services.grants.createGrant(acme.id, { ...shared, name: 'Beirat', customerNumbers: ['F1'] });
    const solo = await portal.services.grants.createGrant(acme.id, {
      ...shared,
      name: 'Solo',
      customerNumbers: ['F2'],
      claimsNeedRelease: true,
    });
    const person = (email: string, grantName: string, name: string) =>
      activatePerson(portal, acme, email, 'policyholder', { grantName, name });
    ids['rita'] = await person('rita@release.example', 'Firma Eins', 'Rita Reporter');
    ids['rolf'] = await person('rolf@release.example', 'Firma Eins', 'Rolf Releaser');
    ids['rosa'] = await person('rosa@release.example', 'Firma Eins', 'Rosa Releaser');
    ids['paul'] = await person('paul@release.example', 'Firma Eins', 'Paul Plain');
    ids['otto'] = await person('otto@release.example', 'Beirat', 'Otto Other');
    await portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'rita@release.example',
      name: 'Rita Reporter',
      role: 'policyholder',
      grantName: 'Solo',
    });
    await portal.services.grants.setClaimReleaseRight(acme.id, solo.id, ids['rita'], true);
    await portal.services.grants.setClaimReleaseRight(acme.id, firm.id, ids['rosa'], true);

    // Rolf's right comes from the grant's member list in the workspace.
    ids['staff'] = await activatePerson(portal, acme, 'staff@release.example', 'staff_user');
    const staff = await logIn(portal, acme.origin, 'staff@release.example');
    const grantPage = await staff.get(`/admin/grants/${firm.id}`);
    expect(grantPage.body).toContain(`/admin/grants/${firm.id}/people/${ids['rolf']}/release-right`);
    expect(grantPage.body).toMatch(
      /<input type="checkbox" id="field-claimsNeedRelease" name="claimsNeedRelease" checked/,
    );
    const given = await staff.post(`/admin/grants/${firm.id}/people/${ids['rolf']}/release-right`, {
      mayRelease: 'ja',
    });
    expect(given.location).toBe(`/admin/grants/${firm.id}?freigaberecht#members`);
    expect(await portal.services.grants.membersWhoMayReleaseClaims(acme.id, firm.id)).toEqual(
      new Set([ids['rolf'], ids['rosa']]),
    );
    const elsewhere = await staff.post(`/admin/grants/${solo.id}/people/${ids['paul']}/release-right`, {
      mayRelease: 'ja',
    });
    expect(elsewhere.status).toBe(404);

    for (const contract of await portal.services.visibility.visibleContracts(acme.id, ids['rita'] ?? '')) {
      contractIds[contract.policyNumber] = contract.id;
    }
    const { webhook } = await portal.services.webhooks.createWebhook(acme.id, {
      url: 'https://crm.example.com/portico',
      events: ['claim.submitted'],
    });
    webhookId = webhook.id;
    await portal.deliverMail();
  });
  afterAll(async () => {
    await portal.close();
  });

  const mailsTo = (address: string) => portal.smtp.mails.filter((mail) => mail.to.includes(address));

  it('waits for release, refuses the reporter and people without the right, and releases once of two at a time', async () => {
    const rita = await logIn(portal, acme.origin, 'rita@release.example');
    const claimPath = await fillDraft(rita, contractIds['LAGER1'] ?? '');
    const lastStep = await rita.get(`${claimPath}/schritt/5`);
    expect(textOf(lastStep.body)).toContain('Zur Freigabe senden');
    expect(lastStep.body).toContain('id="release-hint"');
    const sent = await rita.post(`${claimPath}/schritt/5`, { message: 'Bitte schnell.' });
    expect(sent.location).toBe('/schaeden?zur-freigabe');
    expect(textOf((await rita.get('/schaeden?zur-freigabe')).body)).toContain('Wartet auf Freigabe');

    const subject = 'Eine Schadenmeldung wartet auf Ihre Freigabe';
    const forRolf = mailWithSubject('rolf@release.example', subject);
    const forRosa = mailWithSubject('rosa@release.example', subject);
    await portal.deliverMail();
    for (const mail of [await forRolf, await forRosa]) {
      expect(linkFrom(mail, claimPath)).toBe(`${acme.origin}${claimPath}`);
      expect(mail.text).not.toContain('Wasserschaden');
    }
    expect(mailsTo('paul@release.example').filter((mail) => mail.subject === subject)).toHaveLength(0);
    expect(mailsTo(CASE_HANDLER)).toHaveLength(0);
    expect(await portal.services.webhooks.listDeliveries(acme.id, webhookId, 10)).toHaveLength(0);

    // The reporter sees it but may not release it; nobody else without the right sees it at all.
    const own = await rita.get(claimPath);
    expect(own.status).toBe(200);
    expect(own.body).not.toContain(`${claimPath}/freigeben`);
    const byReporter = await rita.post(`${claimPath}/freigeben`, {});
    expect(byReporter.status).toBe(403);
    expect(errorCodesOf(byReporter.body)).toEqual(['CLAIM_RELEASE_OWN']);
    for (const email of ['paul@release.example', 'otto@release.example']) {
      const other = await logIn(portal, acme.origin, email);
      expect((await other.get(claimPath)).status).toBe(404);
      expect(textOf((await other.get('/schaeden')).body)).not.toContain('Zur Freigabe');
      expect((await other.post(`${claimPath}/freigeben`, {})).status).toBe(404);
      expect((await other.post(`${claimPath}/zurueckgeben`, { comment: 'Nein' })).status).toBe(404);
    }

    // Staff see it waiting and cannot move it.
    const staff = await logIn(portal, acme.origin, 'staff@release.example');
    const inbox = await staff.get('/admin/schaeden?status=awaiting_release');
    expect(inbox.body).toContain(`href="/admin${claimPath}"`);
    expect(textOf(inbox.body)).toContain('Wartet auf Freigabe');
    expect((await staff.post(`/admin${claimPath}/status`, { status: 'in_progress' })).status).toBe(409);

    const rolf = await logIn(portal, acme.origin, 'rolf@release.example');
    const rosa = await logIn(portal, acme.origin, 'rosa@release.example');
    const list = await rolf.get('/schaeden');
    expect(list.body).toContain('id="to-release"');
    expect(list.body).toContain(`href="${claimPath}"`);
    const page = await rolf.get(claimPath);
    expect(page.body).toContain(`action="${claimPath}/freigeben"`);
    expect(textOf(page.body)).toContain('Wasserschaden im Lager');
    await rosa.get(claimPath);

    const [first, second] = await Promise.all([
      rolf.post(`${claimPath}/freigeben`, {}),
      rosa.post(`${claimPath}/freigeben`, {}),
    ]);
    const answers = [first, second];
    expect(answers.filter((answer) => answer.location === '/schaeden?freigegeben')).toHaveLength(1);
    const lost = required(answers.find((answer) => answer.location !== '/schaeden?freigegeben'));
    expect(lost.status).toBe(409);
    expect(errorCodesOf(lost.body)).toEqual(['CLAIM_NOT_AWAITING_RELEASE']);

    const claimId = claimPath.split('/')[2] ?? '';
    const released = await portal.services.claims.findForStaff(acme.id, claimId);
    expect(released.status).toBe('submitted');
    expect([ids['rolf'], ids['rosa']]).toContain(released.releasedByIdentityId);
    const deliveries = await portal.services.webhooks.listDeliveries(acme.id, webhookId, 10);
    expect(deliveries.map((delivery) => delivery.eventType)).toEqual(['claim.submitted']);

    const forBroker = portal.smtp.waitForMail(CASE_HANDLER);
    const forRita = mailWithSubject('rita@release.example', 'Ihre Schadenmeldung wurde freigegeben');
    await portal.deliverMail();
    expect((await forBroker).text).toContain(`${acme.origin}/admin${claimPath}`);
    const toldRita = await forRita;
    expect(linkFrom(toldRita, claimPath)).toBe(`${acme.origin}${claimPath}`);
    expect(toldRita.text).not.toContain('Wasserschaden');
    expect(mailsTo(CASE_HANDLER)).toHaveLength(1);
    expect(textOf((await rita.get('/schaeden')).body)).toContain('Gemeldet');
  });

  it('returns a claim with a required comment that the reporter sees on the draft, then sends it again', async () => {
    const rita = await logIn(portal, acme.origin, 'rita@release.example');
    const claimPath = await fillDraft(rita, contractIds['LAGER1'] ?? '');
    expect((await rita.post(`${claimPath}/schritt/5`, { message: '' })).location).toBe('/schaeden?zur-freigabe');

    const rosa = await logIn(portal, acme.origin, 'rosa@release.example');
    await rosa.get(claimPath);
    const empty = await rosa.post(`${claimPath}/zurueckgeben`, { comment: '   ' });
    expect(empty.status).toBe(422);
    expect(errorCodesOf(empty.body)).toEqual(['CLAIM_RETURN_COMMENT_REQUIRED']);
    const returned = await rosa.post(`${claimPath}/zurueckgeben`, {
      comment: 'Bitte die Rechnung des Installateurs nennen.',
    });
    expect(returned.location).toBe('/schaeden?zurueckgegeben');
    expect((await rosa.get(claimPath)).status).toBe(404);

    const forRita = mailWithSubject('rita@release.example', 'Ihre Schadenmeldung wurde zurückgegeben');
    await portal.deliverMail();
    const mail = await forRita;
    expect(linkFrom(mail, claimPath)).toBe(`${acme.origin}${claimPath}`);
    expect(mail.text).not.toContain('Installateurs');

    const drafts = textOf((await rita.get('/schaeden')).body);
    expect(drafts).toContain('Entwürfe');
    expect(drafts).toContain('Zurückgegeben');
    const resumed = await rita.get(claimPath);
    expect(resumed.location).toBe(`${claimPath}/schritt/5`);
    const lastStep = await rita.get(`${claimPath}/schritt/5`);
    expect(textOf(lastStep.body)).toContain('Bitte die Rechnung des Installateurs nennen.');
    expect((await rita.post(`${claimPath}/schritt/5`, { message: 'Rechnung folgt.' })).location).toBe(
      '/schaeden?zur-freigabe',
    );
    expect(textOf((await rita.get(claimPath)).body)).not.toContain('Installateurs');
  });

  it('refuses to send for release when nobody but the reporter may release', async () => {
    const rita = await logIn(portal, acme.origin, 'rita@release.example');
    const claimPath = await fillDraft(rita, contractIds['SOLO2'] ?? '');
    const refused = await rita.post(`${claimPath}/schritt/5`, { message: '' });
    expect(refused.status).toBe(409);
    expect(errorCodesOf(refused.body)).toEqual(['CLAIM_NO_RELEASER']);
    const claimId = claimPath.split('/')[2] ?? '';
    expect((await portal.services.claims.findForPerson(acme.id, ids['rita'] ?? '', claimId)).status).toBe('draft');
  });

  it('reminds the reporter of an untouched draft once and deletes it 14 days after the reminder', async () => {
    const rita = await logIn(portal, acme.origin, 'rita@release.example');
    const forgotten = await fillDraft(rita, contractIds['LAGER1'] ?? '');
    const touched = await fillDraft(rita, contractIds['LAGER1'] ?? '');
    const { claimDrafts, claims } = portal.services;
    const idOf = (path: string) => path.split('/')[2] ?? '';
    const before = (await claimDrafts.sweepDrafts()).reminded;

    portal.clock.advance(30 * DAY - MINUTE);
    expect((await claimDrafts.sweepDrafts()).reminded).toBe(before);
    portal.clock.advance(MINUTE);
    const due = mailWithSubject('rita@release.example', 'Ihre Schadenmeldung ist noch nicht abgeschickt');
    const swept = await claimDrafts.sweepDrafts();
    expect(swept.reminded).toBeGreaterThanOrEqual(2);
    await portal.deliverMail();
    const reminder = await due;
    expect(reminder.text).not.toContain('Wasserschaden');
    const reminders = () =>
      mailsTo('rita@release.example')
        .filter((mail) => mail.subject === reminder.subject)
        .map((mail) => mail.text);
    expect(reminders().filter((text) => text.includes(forgotten))).toHaveLength(1);
    expect((await claimDrafts.sweepDrafts()).reminded).toBe(0);

    // Saving a step after the reminder keeps that draft.
    const again = await logIn(portal, acme.origin, 'rita@release.example');
    await again.get(`${touched}/schritt/2`);
    expect((await again.post(`${touched}/schritt/2`, { police: 'ja', policeFileNumber: 'KI-1' })).status).toBe(303);

    portal.clock.advance(14 * DAY - MINUTE);
    expect((await claimDrafts.sweepDrafts()).deleted).toBe(0);
    portal.clock.advance(MINUTE);
    expect((await claimDrafts.sweepDrafts()).deleted).toBeGreaterThanOrEqual(1);
    await expect(claims.findForPerson(acme.id, ids['rita'] ?? '', idOf(forgotten))).rejects.toMatchObject({
      code: 'CLAIM_NOT_FOUND',
    });
    expect((await claims.findForPerson(acme.id, ids['rita'] ?? '', idOf(touched))).status).toBe('draft');
    await portal.deliverMail();
    expect(reminders().filter((text) => text.includes(forgotten))).toHaveLength(1);
  });
});
