import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { identitiesIn } from '../../src/modules/identities/identity-service.js';
import { required } from '../../src/shared/required.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { textOf } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

const PDF = '%PDF-1.7\nPolice Hausrat\n%%EOF\n';
const LABEL = 'E-Mail-Benachrichtigung bei neuen Dokumenten';

describe(`notification of new documents (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };

  /** A customer with a household contract in the tenant and a grant named after it. */
  async function household(tenantId: string, customerNumber: string) {
    await portal.services.portfolio.upsertBatch(
      tenantId,
      [
        { type: 'customer', action: 'upsert', customer: { customerNumber, kind: 'private', lastName: 'Mustermann' } },
        {
          type: 'contract',
          action: 'upsert',
          contract: {
            insurerNumber: '5311',
            sparte: '130',
            policyNumber: `P${customerNumber}`,
            customerNumber,
            status: 'active',
          },
        },
      ],
      CLI_ORIGIN,
    );
    await portal.services.grants.createGrant(tenantId, {
      kind: 'customer',
      name: customerNumber,
      customerNumbers: [customerNumber],
      shareContractsAutomatically: true,
    });
    const customer = await portal.services.portfolio.getCustomer(tenantId, customerNumber);
    const contract = await portal.services.portfolio.getContract(tenantId, {
      insurerNumber: '5311',
      sparte: '130',
      policyNumber: `P${customerNumber}`,
    });
    return { customerId: customer.id, contractId: contract.id };
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    await portal.services.documents.putKeyword(acme.id, 'Police', { isVisible: true });
    await activatePerson(portal, acme, 'mitarbeiter@acme.example', 'staff_user');
  });
  afterAll(async () => {
    await portal.close();
  });

  it('staff upload a policy for Max: Max gets the digest with the link only, opens the portal and sees "neu"', async () => {
    const { customerId, contractId } = await household(acme.id, 'KMAX');
    await activatePerson(portal, acme, 'max@example.com', 'policyholder', { grantName: 'KMAX' });
    const staff = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
    await staff.get(`/admin/customers/${customerId}`);
    const uploaded = await staff.upload(
      `/admin/customers/${customerId}/dokumente`,
      { titel: 'Police Hausrat 2027', schlagwoerter: 'Police', vertrag: contractId },
      { field: 'datei', filename: 'police.pdf', type: 'application/pdf', data: PDF },
    );
    expect(uploaded.status).toBe(303);

    await portal.services.notifications.sendDueDigests();
    await portal.deliverMail();
    const mail = await portal.smtp.waitForMail('max@example.com');
    expect(mail.subject).toBe('Neue Dokumente in Ihrem Kundenportal');
    expect(mail.text).not.toContain('Police Hausrat 2027');
    expect(mail.parsed.attachments).toEqual([]);
    const link = new URL(linkFrom(mail, '/dokumente'));
    expect(link.origin).toBe(acme.origin);

    const max = await logIn(portal, acme.origin, 'max@example.com');
    const list = await max.get(link.pathname);
    expect(list.status).toBe(200);
    expect(textOf(list.body)).toContain('Police Hausrat 2027');
    expect(list.body).toContain('class="badge">neu<');
  });

  it('the switch under Mein Zugang needs the form token, is saved for this broker only and shown as saved', async () => {
    const email = 'zwei-makler@example.com';
    await household(acme.id, 'KZWEI');
    await household(beta.id, 'KZWEI');
    await activatePerson(portal, acme, email, 'policyholder', { grantName: 'KZWEI' });
    await portal.services.invitations.invite({
      tenantId: beta.id,
      email,
      name: 'Zwei Makler',
      role: 'policyholder',
      grantName: 'KZWEI',
    });
    await logIn(portal, beta.origin, email);
    const identityId = required(await identitiesIn(portal.runtime.database.db).findByEmail(email)).id;

    const client = await logIn(portal, acme.origin, email);
    const page = await client.get('/profile');
    expect(textOf(page.body)).toContain(LABEL);
    expect(page.body).toMatch(/name="documentMail" checked/);

    const forged = await client.post('/profile/notifications', { _csrf: 'falsch' });
    expect(forged.status).toBe(403);
    expect(await portal.services.notifications.isMailEnabled(acme.id, identityId)).toBe(true);

    const saved = await client.post('/profile/notifications', {});
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/profile?notifications-saved');
    const shown = await client.get(required(saved.location));
    expect(textOf(shown.body)).toContain('Ihre Einstellung zu Benachrichtigungen wurde gespeichert.');
    expect(shown.body).not.toMatch(/name="documentMail" checked/);
    expect(await portal.services.notifications.isMailEnabled(acme.id, identityId)).toBe(false);
    expect(await portal.services.notifications.isMailEnabled(beta.id, identityId)).toBe(true);
    const events = await portal.services.audit.listForTenant(acme.id, 20);
    expect(events.find((event) => event.kind === 'notifications.changed')).toMatchObject({
      email,
      detail: 'E-Mail bei neuen Dokumenten und Nachrichten: aus',
    });
    expect(
      (await portal.services.audit.listForTenant(beta.id, 20)).some((event) => event.kind === 'notifications.changed'),
    ).toBe(false);

    const betaPage = await (await logIn(portal, beta.origin, email)).get('/profile');
    expect(betaPage.body).toMatch(/name="documentMail" checked/);

    expect((await client.post('/profile/notifications', { documentMail: 'vielleicht' })).status).toBe(400);
    await client.get('/profile');
    expect((await client.post('/profile/notifications', { documentMail: 'on' })).status).toBe(303);
    expect(await portal.services.notifications.isMailEnabled(acme.id, identityId)).toBe(true);
  });
});
