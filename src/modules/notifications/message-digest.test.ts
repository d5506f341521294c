import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activatePerson } from '../../../test/support/accounts.js';
import { countStatementsOf, type StatementCounter } from '../../../test/support/statement-counter.js';
import { linkFrom } from '../../../test/support/smtp-receiver.js';
import { databaseKind } from '../../../test/support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { HOUR, MINUTE } from '../../shared/clock.js';
import { required } from '../../shared/required.js';
import { CLI_ORIGIN } from '../audit/audit-service.js';

let portal: TestPortal;
let counter: StatementCounter;

beforeAll(async () => {
  portal = await createTestPortal();
  counter = countStatementsOf(portal.database.handle.db);
});
afterAll(async () => {
  await portal.close();
});

const SECRET = 'Diagnose Bandscheibenvorfall';

/**
 * A tenant with customer K1 (contract P1 whose case handler is the staff member `handler`), grant K1, the
 * policyholders given (active), and a contact address.
 */
async function broker(slug: string, people: string[]) {
  const tenant = await createTestTenant(portal, slug, `Makler ${slug}`);
  const handlerId = await activatePerson(portal, tenant, `handler@${slug}.example`, 'staff_user', { name: 'Hanna' });
  await portal.services.portfolio.upsertBatch(
    tenant.id,
    [
      { type: 'customer', action: 'upsert', customer: { customerNumber: 'K1', kind: 'private', lastName: 'Muster' } },
      { type: 'customer', action: 'upsert', customer: { customerNumber: 'K2', kind: 'private', lastName: 'Zwei' } },
      {
        type: 'contract',
        action: 'upsert',
        contract: {
          insurerNumber: '5311',
          sparte: '130',
          policyNumber: 'P1',
          customerNumber: 'K1',
          status: 'active',
          caseHandler: { name: 'Hanna', phone: null, email: null, staffIdentityId: handlerId },
        },
      },
    ],
    CLI_ORIGIN,
  );
  for (const name of ['K1', 'K2']) {
    await portal.services.grants.createGrant(tenant.id, {
      kind: 'customer',
      name,
      customerNumbers: [name],
      shareContractsAutomatically: true,
    });
  }
  await portal.services.tenantSettings.updateContact(
    tenant.id,
    {
      imprintUrl: '',
      privacyUrl: '',
      contactPhone: '',
      contactEmail: `kontakt@${slug}.example`,
      officeHours: '',
      postalAddress: '',
    },
    { identityId: null, origin: CLI_ORIGIN },
  );
  const ids: string[] = [];
  for (const email of people) {
    ids.push(
      await activatePerson(portal, tenant, email, 'policyholder', { grantName: email.startsWith('k2') ? 'K2' : 'K1' }),
    );
  }
  const full = required(await portal.services.tenants.findTenantById(tenant.id));
  return { ...tenant, tenant: full, handlerId, ids };
}

/** The CRM writes to customer K1: a new conversation (addressed to everybody who sees K1). */
function crmWrites(tenant: Awaited<ReturnType<typeof broker>>, subject = SECRET): Promise<string> {
  return portal.services.conversations.startForCrm(
    tenant.tenant,
    { customerNumber: 'K1', contract: null, subject, body: `${SECRET}: Befund liegt vor.` },
    CLI_ORIGIN,
  );
}

async function sendDigests(): Promise<number> {
  const written = await portal.services.notifications.sendDueDigests();
  await portal.deliverMail();
  return written;
}

const mailsTo = (address: string) => portal.smtp.mails.filter((mail) => mail.to.includes(address));

describe(`message digests (${databaseKind})`, () => {
  it('sends one mail for three messages in an hour, the next only after the hour, never the subject or text', async () => {
    const acme = await broker('msg-hour', ['max@msg-hour.example']);
    const before = mailsTo('max@msg-hour.example').length;
    const first = await crmWrites(acme);
    expect(await sendDigests()).toBe(1);
    await portal.services.conversations.replyAsCrm(acme.tenant, first, 'Zweite', CLI_ORIGIN);
    portal.clock.advance(10 * MINUTE);
    await portal.services.conversations.replyAsCrm(acme.tenant, first, 'Dritte', CLI_ORIGIN);
    await crmWrites(acme, 'Noch ein Vorgang');
    expect(await sendDigests()).toBe(0);
    portal.clock.advance(50 * MINUTE);
    expect(await sendDigests()).toBe(1);

    const mails = mailsTo('max@msg-hour.example').slice(before);
    expect(mails.map((mail) => mail.subject)).toEqual([
      'Neue Nachricht von Makler msg-hour',
      'Neue Nachrichten von Makler msg-hour',
    ]);
    const second = required(mails[1]);
    expect(second.text).toContain('3 Nachrichten');
    expect(linkFrom(second, '/nachrichten')).toContain('msg-hour.portal.test');
    for (const mail of mails) {
      expect(mail.text).not.toContain('Bandscheibe');
      expect(mail.html).not.toContain('Bandscheibe');
      expect(mail.text).not.toContain('Noch ein Vorgang');
    }
    expect(await sendDigests()).toBe(0);
  });

  it('says "Neue Nachrichten und Dokumente" in one mail when both arrived, and nothing once switched off', async () => {
    const acme = await broker('msg-both', ['max@msg-both.example']);
    const maxId = required(acme.ids[0]);
    await portal.services.documents.putKeyword(acme.id, 'Police', { isVisible: true });
    await portal.services.documents.store(
      acme.id,
      { customerNumber: 'K1', contract: null, title: SECRET, keywords: ['Police'], direction: 'from_broker' },
      Readable.from([Buffer.from('%PDF-1.7 Inhalt')]),
      'application/pdf',
      { identityId: acme.handlerId },
    );
    await crmWrites(acme);
    expect(await sendDigests()).toBe(1);
    const both = required(mailsTo('max@msg-both.example').find((mail) => mail.subject.includes('Dokumente')));
    expect(both.subject).toBe('Neue Nachrichten und Dokumente in Ihrem Kundenportal');
    expect(both.text).toContain('ein neues Dokument');
    expect(both.text).not.toContain('Bandscheibe');
    expect(linkFrom(both, '/')).toContain('msg-both.portal.test/');

    await portal.services.notifications.setMailEnabled(acme.id, maxId, false, CLI_ORIGIN);
    portal.clock.advance(2 * HOUR);
    const before = mailsTo('max@msg-both.example').length;
    await crmWrites(acme);
    expect(await sendDigests()).toBe(0);
    expect(mailsTo('max@msg-both.example').length).toBe(before);
    await portal.services.notifications.setMailEnabled(acme.id, maxId, true, CLI_ORIGIN);
  });

  it('tells the case handler hourly of customers’ messages, else the contact address, each tenant its own', async () => {
    const acme = await broker('msg-staff', ['max@msg-staff.example', 'k2@msg-staff.example']);
    const beta = await broker('msg-staff-b', ['max@msg-staff-b.example']);
    const max = required(acme.ids[0]);
    const onP1 = async () => {
      const contracts = await portal.services.visibility.portfolioOf(acme.id, max);
      return required(contracts.contracts[0]).id;
    };
    const contractId = await onP1();
    const first = await portal.services.conversations.startForPerson(acme.tenant, max, {
      subject: SECRET,
      body: SECRET,
      contractId,
      customerId: '',
    });
    await portal.services.conversations.replyAsPerson(acme.tenant, max, first, 'Nachtrag');
    await portal.services.conversations.replyAsPerson(acme.tenant, max, first, 'Noch ein Nachtrag');
    // K2 has nobody in charge: its customer's message goes to the tenant's contact address.
    await portal.services.conversations.startForPerson(acme.tenant, required(acme.ids[1]), {
      subject: SECRET,
      body: SECRET,
      contractId: '',
      customerId: '',
    });
    expect(await sendDigests()).toBe(2);

    const toHandler = mailsTo('handler@msg-staff.example').filter((mail) => mail.subject.includes('Portal'));
    expect(toHandler.map((mail) => mail.subject)).toEqual(['3 neue Nachrichten im Portal']);
    const handlerMail = required(toHandler[0]);
    expect(linkFrom(handlerMail, `/admin/nachrichten/${first}`)).toContain('msg-staff.portal.test');
    expect(handlerMail.text).not.toContain('Bandscheibe');
    expect(handlerMail.text).not.toContain('Nachtrag');
    const toContact = mailsTo('kontakt@msg-staff.example');
    expect(toContact.map((mail) => mail.subject)).toEqual(['Neue Nachricht im Portal']);
    expect(mailsTo('handler@msg-staff-b.example').filter((mail) => mail.subject.includes('Portal'))).toEqual([]);
    expect(mailsTo('kontakt@msg-staff-b.example')).toEqual([]);

    // Within the hour nothing more; after it one mail for the two conversations, linking the inbox.
    await portal.services.conversations.replyAsPerson(acme.tenant, max, first, 'Dritter Nachtrag');
    const second = await portal.services.conversations.startForPerson(acme.tenant, max, {
      subject: 'Zweiter',
      body: 'Zweiter',
      contractId,
      customerId: '',
    });
    expect(second).not.toBe(first);
    expect(await sendDigests()).toBe(0);
    portal.clock.advance(HOUR);
    expect(await sendDigests()).toBe(1);
    const next = mailsTo('handler@msg-staff.example').filter((mail) => mail.subject.includes('Portal'));
    expect(next.length).toBe(2);
    expect(linkFrom(required(next[1]), '/admin/nachrichten')).toMatch(/\/admin\/nachrichten$/);
    expect(beta.id).not.toBe(acme.id);
  });

  it('passes over a staff member who cannot log in: the next in routing, else the contact address', async () => {
    const acme = await broker('msg-invited', ['max@msg-invited.example']);
    const max = required(acme.ids[0]);
    // Ina is invited as staff but has no password yet; P1 names her case handler and Hanna its adviser.
    const ina = await portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'ina@msg-invited.example',
      name: 'Ina',
      role: 'staff_user',
    });
    const contact = (name: string, staffIdentityId: string) => ({ name, phone: null, email: null, staffIdentityId });
    await portal.services.portfolio.upsertBatch(
      acme.id,
      [
        {
          type: 'contract',
          action: 'upsert',
          contract: {
            insurerNumber: '5311',
            sparte: '130',
            policyNumber: 'P1',
            customerNumber: 'K1',
            status: 'active',
            caseHandler: contact('Ina', ina.identityId),
            adviser: contact('Hanna', acme.handlerId),
          },
        },
      ],
      CLI_ORIGIN,
    );
    const [contract] = (await portal.services.visibility.portfolioOf(acme.id, max)).contracts;
    const staffMails = (address: string) => mailsTo(address).filter((mail) => mail.subject.includes('im Portal'));

    // Routing passes over Ina: Hanna is told of the new conversation.
    const conversationId = await portal.services.conversations.startForPerson(acme.tenant, max, {
      subject: SECRET,
      body: SECRET,
      contractId: required(contract).id,
      customerId: '',
    });
    expect(await sendDigests()).toBe(1);
    expect(staffMails('handler@msg-invited.example')).toHaveLength(1);

    // Assigned to Ina by hand: Max's reply is still announced to Hanna, whom routing names now.
    await portal.services.conversations.assign(acme.id, conversationId, ina.identityId, CLI_ORIGIN);
    portal.clock.advance(HOUR);
    await portal.services.conversations.replyAsPerson(acme.tenant, max, conversationId, 'Nachtrag');
    expect(await sendDigests()).toBe(1);
    expect(staffMails('handler@msg-invited.example')).toHaveLength(2);

    // Hanna deactivated before the digest goes out: the contact address is told instead; never Ina.
    portal.clock.advance(HOUR);
    await portal.services.conversations.replyAsPerson(acme.tenant, max, conversationId, 'Noch ein Nachtrag');
    await portal.services.people.deactivatePerson(acme.id, acme.handlerId, { kind: 'api_key' }, CLI_ORIGIN);
    expect(await sendDigests()).toBe(1);
    expect(staffMails('handler@msg-invited.example')).toHaveLength(2);
    const toContact = staffMails('kontakt@msg-invited.example');
    expect(toContact.map((mail) => mail.subject)).toEqual(['Neue Nachricht im Portal']);
    expect(linkFrom(required(toContact[0]), `/admin/nachrichten/${conversationId}`)).toContain('msg-invited');

    // With Hanna gone too, the next message goes to the contact address from the start.
    portal.clock.advance(HOUR);
    await portal.services.conversations.replyAsPerson(acme.tenant, max, conversationId, 'Letzter Nachtrag');
    expect(await sendDigests()).toBe(1);
    expect(staffMails('kontakt@msg-invited.example')).toHaveLength(2);
    expect(staffMails('ina@msg-invited.example')).toEqual([]);
  });

  it('tells the contact address once when it stands in for nobody in charge and for a staff member gone', async () => {
    const acme = await broker('msg-once', ['max@msg-once.example', 'k2@msg-once.example']);
    const [max, k2] = [required(acme.ids[0]), required(acme.ids[1])];
    const [contract] = (await portal.services.visibility.portfolioOf(acme.id, max)).contracts;
    // Max writes about P1, whose case handler is Hanna; K2's customer writes with nobody in charge.
    await portal.services.conversations.startForPerson(acme.tenant, max, {
      subject: SECRET,
      body: SECRET,
      contractId: required(contract).id,
      customerId: '',
    });
    await portal.services.conversations.startForPerson(acme.tenant, k2, {
      subject: SECRET,
      body: SECRET,
      contractId: '',
      customerId: '',
    });
    // Hanna deactivated before the digest goes out: her message is owed to the contact address too.
    await portal.services.people.deactivatePerson(acme.id, acme.handlerId, { kind: 'api_key' }, CLI_ORIGIN);
    expect(await sendDigests()).toBe(1);

    const toContact = mailsTo('kontakt@msg-once.example').filter((mail) => mail.subject.includes('im Portal'));
    expect(toContact.map((mail) => mail.subject)).toEqual(['2 neue Nachrichten im Portal']);
    expect(linkFrom(required(toContact[0]), '/admin/nachrichten')).toMatch(/\/admin\/nachrichten$/);
    expect(mailsTo('handler@msg-once.example').filter((mail) => mail.subject.includes('im Portal'))).toEqual([]);
  });

  it('costs the same statements for each further recipient, however many messages each has', async () => {
    const people = ['a', 'b', 'c', 'd'].map((name) => `${name}@msg-count.example`);
    const acme = await broker('msg-count', people);
    await portal.services.notifications.sendDueDigests();
    portal.clock.advance(2 * HOUR);
    // One recipient with one message, then four recipients with three messages each.
    const single = await broker('msg-count-one', ['solo@msg-count-one.example']);
    await portal.services.notifications.sendDueDigests();
    portal.clock.advance(2 * HOUR);
    await crmWrites(single);
    const one = await counter.countDuring(() => portal.services.notifications.sendDueDigests());
    for (let index = 0; index < 3; index += 1) {
      await crmWrites(acme);
    }
    const four = await counter.countDuring(() => portal.services.notifications.sendDueDigests());
    const perRecipient = (four.statements - one.statements) / 3;
    expect(perRecipient).toBe(Math.round(perRecipient));
    expect(perRecipient).toBeLessThanOrEqual(5);
    console.info(
      `digest run: ${String(one.statements)} statements for 1 recipient, ${String(perRecipient)} per further`,
    );
  });
});
