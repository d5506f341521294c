import { Readable } from 'node:stream';
import { and, eq, gt, sql } from 'drizzle-orm';
import { documentNotifications, identities } from '../../db/schema.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activatePerson, logIn } from '../../../test/support/accounts.js';
import { countStatementsOf } from '../../../test/support/statement-counter.js';
import { databaseKind } from '../../../test/support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { CLI_ORIGIN } from '../audit/audit-service.js';
import { MINUTE } from '../../shared/clock.js';
import { DIGEST_INTERVAL } from './notification-service.js';
import type { DocumentMetadata } from '../documents/document.js';
import { identitiesIn } from '../identities/identity-service.js';
import { required } from '../../shared/required.js';

let portal: TestPortal;

beforeAll(async () => {
  portal = await createTestPortal();
});
afterAll(async () => {
  await portal.close();
});

const SUBJECT = 'Neue Dokumente in Ihrem Kundenportal';
/**
 * A batch of one tenant's digests: the due rows locked, the tenant with its address and sender, the recipients and
 * their access, the mails, and the rows marked; then the staff's digests' one look for due rows, in a transaction of
 * its own.
 */
const DIGEST_BATCH_STATEMENTS = 9;
const TITLE = 'Attest Psychotherapie Dr. Seele';

/** A tenant with the customers K1 (contract P1) and K2, a staff member who uploads, and grants named K1 and K2. */
async function brokerWithCustomers(slug: string) {
  const tenant = await createTestTenant(portal, slug, `Makler ${slug}`);
  await portal.services.portfolio.upsertBatch(
    tenant.id,
    [
      { type: 'customer', action: 'upsert', customer: { customerNumber: 'K1', kind: 'private', lastName: 'Muster' } },
      { type: 'customer', action: 'upsert', customer: { customerNumber: 'K2', kind: 'private', lastName: 'Andere' } },
      {
        type: 'contract',
        action: 'upsert',
        contract: { insurerNumber: '5311', sparte: '130', policyNumber: 'P1', customerNumber: 'K1', status: 'active' },
      },
    ],
    CLI_ORIGIN,
  );
  await portal.services.documents.putKeyword(tenant.id, 'Police', { isVisible: true });
  await portal.services.documents.putKeyword(tenant.id, 'Beitragsrechnung', { isVisible: true });
  for (const name of ['K1', 'K2']) {
    await portal.services.grants.createGrant(tenant.id, {
      kind: 'customer',
      name,
      customerNumbers: [name],
      shareContractsAutomatically: true,
    });
  }
  // Reaches K1 too, but shows only policies and their amendments.
  await portal.services.grants.createGrant(tenant.id, {
    kind: 'customer',
    name: 'K1 Policen',
    customerNumbers: ['K1'],
    shareContractsAutomatically: true,
    documentProfile: 'Nur Policen',
  });
  const staff = await portal.services.invitations.invite({
    tenantId: tenant.id,
    email: `staff@${slug}.example`,
    name: 'Sachbearbeitung',
    role: 'staff_user',
  });
  return { ...tenant, staff: { identityId: staff.identityId } };
}

async function upload(
  tenant: { id: string; staff: { identityId: string } },
  options: Partial<DocumentMetadata> = {},
): Promise<void> {
  await portal.services.documents.store(
    tenant.id,
    {
      customerNumber: 'K1',
      contract: { insurerNumber: '5311', sparte: '130', policyNumber: 'P1' },
      title: TITLE,
      keywords: ['Police'],
      direction: 'from_broker',
      ...options,
    },
    Readable.from([Buffer.from('%PDF-1.7 Inhalt')]),
    'application/pdf',
    tenant.staff,
  );
}

/** Writes the due digests into the outbox and sends the outbox over SMTP; returns the digests written. */
async function sendDigests(): Promise<number> {
  const written = await portal.services.notifications.sendDueDigests();
  await portal.deliverMail();
  return written;
}

const digestsTo = (address: string) =>
  portal.smtp.mails.filter((mail) => mail.to.includes(address) && mail.subject === SUBJECT);

describe(`document digest mails (${databaseKind})`, () => {
  it('sends one digest for two uploads, the next only when the hour is over, with a link and no title', async () => {
    const tenant = await brokerWithCustomers('digest-hour');
    await activatePerson(portal, tenant, 'max@digest-hour.example', 'policyholder', { grantName: 'K1' });

    await upload(tenant);
    await upload(tenant, { title: 'Zweites Dokument', contract: null });
    expect(await sendDigests()).toBe(1);
    const first = await portal.smtp.waitForMail('max@digest-hour.example');
    expect(first.subject).toBe(SUBJECT);
    expect(first.from).toContain('Makler digest-hour');
    expect(first.text).toContain('Makler digest-hour');
    expect(first.text).toContain('Es liegen neue Dokumente für Sie bereit');
    expect(first.text).toContain('2 neue Dokumente');
    expect(first.text).toContain('http://digest-hour.portal.test/dokumente');
    for (const secret of [TITLE, 'Zweites Dokument', 'Police', 'Psychotherapie']) {
      expect(first.text).not.toContain(secret);
      expect(first.html).not.toContain(secret);
    }
    expect(first.parsed.attachments).toEqual([]);

    portal.clock.advance(10 * MINUTE);
    await upload(tenant);
    expect(await sendDigests()).toBe(0);
    portal.clock.advance(49 * MINUTE);
    expect(await sendDigests()).toBe(0);
    portal.clock.advance(1 * MINUTE);
    expect(await sendDigests()).toBe(1);
    const second = await portal.smtp.waitForMail('max@digest-hour.example');
    expect(second.text).toContain('ein neues Dokument');
    expect(await sendDigests()).toBe(0);
    expect(digestsTo('max@digest-hour.example')).toHaveLength(2);
  });

  it('sends nothing to a person who switched it off, and the switch of another broker stays on', async () => {
    const tenant = await brokerWithCustomers('digest-off');
    const other = await brokerWithCustomers('digest-off-b');
    const email = 'erika@digest-off.example';
    await activatePerson(portal, tenant, email, 'policyholder', { grantName: 'K1' });
    await portal.services.invitations.invite({
      tenantId: other.id,
      email,
      name: 'Erika',
      role: 'policyholder',
      grantName: 'K1',
    });
    await logIn(portal, other.origin, email);
    const identityId = required(await identitiesIn(portal.runtime.database.db).findByEmail(email)).id;

    await portal.services.notifications.setMailEnabled(tenant.id, identityId, false, CLI_ORIGIN);
    await upload(tenant);
    await upload(other);
    expect(await sendDigests()).toBe(1);
    const mail = await portal.smtp.waitForMail(email);
    expect(mail.text).toContain('Makler digest-off-b');
    expect(digestsTo(email)).toHaveLength(1);
    expect(await portal.services.notifications.isMailEnabled(tenant.id, identityId)).toBe(false);
    expect(await portal.services.notifications.isMailEnabled(other.id, identityId)).toBe(true);
  });

  it("mails nobody of another grant or another tenant, nobody for a customer's own upload, nobody without access", async () => {
    const tenant = await brokerWithCustomers('digest-scope');
    const other = await brokerWithCustomers('digest-scope-b');
    await activatePerson(portal, tenant, 'k2@digest-scope.example', 'policyholder', { grantName: 'K2' });
    await activatePerson(portal, other, 'k1@digest-scope-b.example', 'policyholder', { grantName: 'K1' });
    // Invited into K1's grant, never accepted: sees the documents during the invitation, but gets no mail.
    await portal.services.invitations.invite({
      tenantId: tenant.id,
      email: 'invited@digest-scope.example',
      name: 'Eingeladen',
      role: 'policyholder',
      grantName: 'K1',
    });
    await activatePerson(portal, tenant, 'policen@digest-scope.example', 'policyholder', { grantName: 'K1 Policen' });
    await activatePerson(portal, tenant, 'max@digest-scope.example', 'policyholder', { grantName: 'K1' });
    await portal.deliverMail();
    const seen = portal.smtp.mails.length;

    await upload(tenant, { direction: 'from_customer' });
    expect(await sendDigests()).toBe(0);
    await upload(tenant, { keywords: ['Beitragsrechnung'] });
    expect(await sendDigests()).toBe(1);
    expect(portal.smtp.mails.slice(seen).map((mail) => mail.to)).toEqual([['max@digest-scope.example']]);
  });

  it('forgets the digest of a person whose access ended before it went out', async () => {
    const tenant = await brokerWithCustomers('digest-ended');
    const email = 'max@digest-ended.example';
    await activatePerson(portal, tenant, email, 'policyholder', { grantName: 'K1' });
    const identityId = required(await identitiesIn(portal.runtime.database.db).findByEmail(email)).id;
    await upload(tenant);
    await portal.services.people.deactivatePerson(tenant.id, identityId, { kind: 'api_key' }, CLI_ORIGIN);
    expect(await sendDigests()).toBe(0);
    expect(digestsTo(email)).toEqual([]);
  });

  it('decides the digest of a grant with 200 members at once: the grant that shows it, not the one whose profile hides it', async () => {
    const tenant = await brokerWithCustomers('digest-many');
    const db = portal.runtime.database.db;
    // People with a password who accepted their access, seeded in bulk: 200 in K1, 30 in "K1 Policen" (hides a
    // Beitragsrechnung), 20 in K2, and 10 in K1 whose access was ended.
    const members = async (grantName: string, prefix: string, count: number, deactivated: boolean) => {
      await db.execute(sql`
        with people as (
          insert into identities (email, email_display, name, password_hash)
          select ${prefix} || n || '@digest-many.example', ${prefix} || n || '@digest-many.example', 'Person ' || n,
                 'not a usable hash'
          from generate_series(1, ${count}::int) as n
          returning id
        ), joined as (
          insert into memberships (tenant_id, identity_id, role, first_login_at, deactivated_at)
          select ${tenant.id}::uuid, id, 'policyholder', now(), case when ${deactivated}::boolean then now() end
          from people
        )
        insert into grant_members (grant_id, tenant_id, identity_id)
        select g.id, g.tenant_id, people.id from people, grants g
        where g.tenant_id = ${tenant.id}::uuid and g.name = ${grantName}`);
    };
    await members('K1', 'k1-', 200, false);
    await members('K1 Policen', 'policen-', 30, false);
    await members('K2', 'k2-', 20, false);
    await members('K1', 'ended-', 10, true);

    await upload(tenant, { keywords: ['Beitragsrechnung'] });
    // Who has a digest due is what the upload decided (the mail itself is the other tests' subject).
    const due = await db
      .select({ email: identities.email })
      .from(documentNotifications)
      .innerJoin(identities, eq(identities.id, documentNotifications.identityId))
      .where(and(eq(documentNotifications.tenantId, tenant.id), gt(documentNotifications.pendingCount, 0)));
    expect(due.map((row) => row.email).sort()).toEqual(
      Array.from({ length: 200 }, (_, index) => `k1-${index + 1}@digest-many.example`).sort(),
    );
  });

  it('writes a batch of digests in the same statements for one recipient and one document as for four recipients of five documents each', async () => {
    const tenant = await brokerWithCustomers('digest-count');
    const counter = countStatementsOf(portal.database.handle.db);
    const ended = await activatePerson(portal, tenant, 'ended@digest-count.example', 'policyholder', {
      grantName: 'K1',
    });
    await activatePerson(portal, tenant, 'p1@digest-count.example', 'policyholder', { grantName: 'K1' });
    // Whatever the other tests left due goes first, so the batches below hold this tenant's digests only.
    await sendDigests();

    await upload(tenant);
    // A person whose access ended before the mail: their digest is forgotten in the same statements.
    await portal.services.people.deactivatePerson(tenant.id, ended, { kind: 'api_key' }, CLI_ORIGIN);
    let written = 0;
    const one = await counter.countDuring(async () => {
      written = await portal.services.notifications.sendDueDigests();
    });
    expect(written).toBe(1);

    for (const name of ['p2', 'p3', 'p4']) {
      await activatePerson(portal, tenant, `${name}@digest-count.example`, 'policyholder', { grantName: 'K1' });
    }
    portal.clock.advance(DIGEST_INTERVAL);
    for (let index = 0; index < 5; index += 1) {
      await upload(tenant, { title: `Dokument ${String(index)}` });
    }
    const many = await counter.countDuring(async () => {
      written = await portal.services.notifications.sendDueDigests();
    });
    expect(written).toBe(4);
    // The same statements, only their lists of ids longer.
    const shapeOf = (texts: string[]) => texts.map((text) => text.replace(/\$\d+(, \$\d+)*/g, '$…'));
    expect(shapeOf(many.texts)).toEqual(shapeOf(one.texts));
    expect(one.statements).toBe(DIGEST_BATCH_STATEMENTS);
    expect(one.transactions).toBe(2);
    await portal.deliverMail();
    expect(digestsTo('p4@digest-count.example').at(-1)?.text).toContain('5 neue Dokumente');
    expect(digestsTo('ended@digest-count.example')).toEqual([]);
  });
});
