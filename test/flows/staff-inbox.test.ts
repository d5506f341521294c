import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { required } from '../../src/shared/required.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { textOf, type Client } from '../support/browserless-client.js';
import { countStatementsOf, type StatementCounter } from '../support/statement-counter.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

/** The session, the staff role and the page of conversations with their names and the reader's marks. */
const INBOX_STATEMENTS = 3;

/** Older conversations than the named ones, so that "all" takes two pages of 50. */
const FILLERS = 52;

const rowsOf = (body: string) =>
  [...body.matchAll(/<li data-conversation-id="([0-9a-f-]{36})"([^>]*)>([\s\S]*?)<\/li>/g)].map((match) => ({
    id: required(match[1]),
    isUnread: required(match[2]).includes('data-unread="true"'),
    html: required(match[3]),
    text: textOf(required(match[3])),
  }));
const idsOf = (body: string) => rowsOf(body).map((row) => row.id);
const nextOf = (body: string) => /<a[^>]*href="([^"]*&amp;nach=[^"]*)"/.exec(body)?.[1]?.replaceAll('&amp;', '&');

describe(`the workspace's inbox of conversations (${databaseKind})`, () => {
  let portal: TestPortal;
  let sabine: Client;
  let bea: Client;
  let counter: StatementCounter;
  /** The named conversations of acme, newest activity first, and beta's one. */
  const ids: Record<'contract' | 'company' | 'request' | 'bernds' | 'beta', string> = {
    contract: '',
    company: '',
    request: '',
    bernds: '',
    beta: '',
  };

  beforeAll(async () => {
    portal = await createTestPortal();
    const acme = await createTestTenant(portal);
    const beta = await createTestTenant(portal, 'beta', 'Beta Makler');
    const sabineId = await activatePerson(portal, acme, 'sabine@acme.example', 'staff_user', { name: 'Sabine Sach' });
    const berndId = await activatePerson(portal, acme, 'bernd@acme.example', 'staff_user');
    const beaId = await activatePerson(portal, beta, 'bea@beta.example', 'staff_user', { name: 'Bea Beta' });
    const upserted = await portal.services.portfolio.upsertBatch(
      acme.id,
      [
        {
          type: 'customer',
          action: 'upsert',
          customer: { customerNumber: 'K1', kind: 'private', firstName: 'Erika', lastName: 'Muster <&>' },
        },
        {
          type: 'customer',
          action: 'upsert',
          customer: { customerNumber: 'K2', kind: 'business', companyName: 'Muster GmbH' },
        },
        {
          type: 'contract',
          action: 'upsert',
          contract: {
            insurerNumber: '5311',
            sparte: '130',
            policyNumber: 'HR4711',
            customerNumber: 'K1',
            status: 'active',
          },
        },
      ],
      CLI_ORIGIN,
    );
    expect(upserted.map((item) => item.status)).toEqual(['created', 'created', 'created']);
    await portal.services.portfolio.upsertBatch(
      beta.id,
      [{ type: 'customer', action: 'upsert', customer: { customerNumber: 'K1', kind: 'private', lastName: 'Beta' } }],
      CLI_ORIGIN,
    );
    const db = portal.database.handle.db;
    // A staff member without a name is shown by address.
    await db.execute(sql`update identities set name = '' where id = ${berndId}::uuid`);
    const insert = async (
      tenantId: string,
      values: {
        customer: string | null;
        contract?: boolean;
        assigned: string | null;
        subject: string;
        hoursAgo: number;
        kind?: string;
        status?: string;
      },
    ): Promise<string> => {
      const kind = values.kind ?? 'message';
      const contractOf = sql`(select id from contracts where tenant_id = ${tenantId}::uuid)`;
      const result = await db.execute(sql`
        insert into conversations (tenant_id, customer_id, contract_id, assigned_staff_id, subject, status,
                                   created_by_kind, kind, fields, last_message_at, last_activity_at)
        select ${tenantId}::uuid,
               (select id from customers where tenant_id = ${tenantId}::uuid and customer_number = ${values.customer}),
               ${values.contract === true ? contractOf : sql`null`},
               ${values.assigned}::uuid, ${values.subject}, ${values.status ?? 'open'}, 'crm', ${kind},
               ${kind === 'message' ? sql`null` : sql`'{}'::jsonb`},
               ${portal.clock.now().toISOString()}::timestamptz - make_interval(hours => ${values.hoursAgo}::int),
               ${portal.clock.now().toISOString()}::timestamptz - make_interval(hours => ${values.hoursAgo}::int)
        returning id`);
      return required((result as { rows: { id: string }[] }).rows[0]).id;
    };
    ids.contract = await insert(acme.id, {
      customer: 'K1',
      contract: true,
      assigned: sabineId,
      subject: 'Frage zu <Vertrag> & "Beitrag"',
      hoursAgo: 1,
    });
    ids.company = await insert(acme.id, {
      customer: 'K2',
      assigned: null,
      subject: 'Adresse geändert',
      hoursAgo: 2,
      status: 'closed',
    });
    ids.request = await insert(acme.id, {
      customer: null,
      assigned: null,
      subject: 'Neuer Kunde bitte',
      hoursAgo: 3,
      kind: 'customer_add',
    });
    ids.bernds = await insert(acme.id, { customer: 'K1', assigned: berndId, subject: 'Bernds Vorgang', hoursAgo: 4 });
    ids.beta = await insert(beta.id, { customer: 'K1', assigned: beaId, subject: 'Bei Beta', hoursAgo: 0 });
    for (let index = 0; index < FILLERS; index += 1) {
      await insert(acme.id, { customer: 'K2', assigned: null, subject: `Alt ${index}`, hoursAgo: 10 + index });
    }
    // Sabine has read the company's conversation since its last activity, Bernd's before it.
    await db.execute(sql`
      insert into conversation_reads (conversation_id, tenant_id, identity_id, read_at)
      select id, tenant_id, ${sabineId}::uuid,
             last_activity_at
               + case when id = ${ids.company}::uuid then interval '1 minute' else interval '-1 minute' end
        from conversations where id in (${ids.company}::uuid, ${ids.bernds}::uuid)`);
    sabine = await logIn(portal, acme.origin, 'sabine@acme.example');
    bea = await logIn(portal, beta.origin, 'bea@beta.example');
    counter = countStatementsOf(db, { leaveOutTimedCaches: true });
  });
  afterAll(() => portal.close());

  it('lists every conversation of the tenant, newest activity first, with what each row shows', async () => {
    const page = await sabine.get('/admin/nachrichten?ansicht=all');
    expect(page.status).toBe(200);
    const rows = rowsOf(page.body);
    expect(rows).toHaveLength(50);
    expect(rows.slice(0, 4).map((row) => row.id)).toEqual([ids.contract, ids.company, ids.request, ids.bernds]);
    expect(rows.slice(0, 5).map((row) => row.text)).toEqual([
      'Frage zu <Vertrag> & "Beitrag" · Ungelesen · Erika Muster <&> (K1) · HR4711 · Sabine Sach · 24.11.2026, 10:00',
      'Adresse geändert · Muster GmbH (K2) · Nicht zugewiesen · 24.11.2026, 09:00 · Abgeschlossen',
      'Neuer Kunde bitte · Ungelesen · Kunden anlegen · Neuer Kunde · Nicht zugewiesen · 24.11.2026, 08:00',
      'Bernds Vorgang · Ungelesen · Erika Muster <&> (K1) · bernd@acme.example · 24.11.2026, 07:00',
      'Alt 0 · Ungelesen · Muster GmbH (K2) · Nicht zugewiesen · 24.11.2026, 01:00',
    ]);
    expect(rows.slice(0, 4).map((row) => row.isUnread)).toEqual([true, false, true, true]);
    const escapedSubject = 'Frage zu &lt;Vertrag&gt; &amp; &quot;Beitrag&quot;';
    expect(rows[0]?.html).toBe(
      `<a href="/admin/nachrichten/${ids.contract}"><strong>${escapedSubject}</strong></a> · Ungelesen · ` +
        'Erika Muster &lt;&amp;&gt; (K1) · HR4711 · Sabine Sach · 24.11.2026, 10:00',
    );
    expect(rows[2]?.html).toContain('<span data-kind="customer_add">Kunden anlegen</span>');
    expect(page.body).not.toContain(ids.beta);
  });

  it('pages by the last row, the filters kept, and gives an empty page for a cursor of another tenant', async () => {
    const first = await sabine.get('/admin/nachrichten?ansicht=all');
    const next = required(nextOf(first.body));
    expect(next).toBe(`/admin/nachrichten?ansicht=all&nach=${idsOf(first.body).at(-1)}`);
    const second = await sabine.get(next);
    expect(idsOf(second.body)).toHaveLength(4 + FILLERS - 50);
    expect(new Set([...idsOf(first.body), ...idsOf(second.body)]).size).toBe(4 + FILLERS);
    expect(nextOf(second.body)).toBeUndefined();
    expect(textOf(required(rowsOf(second.body).at(-1)).html)).toContain(`Alt ${FILLERS - 1}`);
    const foreign = await sabine.get(`/admin/nachrichten?ansicht=all&nach=${ids.beta}`);
    expect(foreign.status).toBe(200);
    expect(idsOf(foreign.body)).toEqual([]);
    expect(textOf(foreign.body)).toContain('Keine Nachrichten in dieser Ansicht.');
  });

  it('filters by assignment, unread and kind', async () => {
    expect(idsOf((await sabine.get('/admin/nachrichten?ansicht=mine')).body)).toEqual([ids.contract]);
    expect(idsOf((await sabine.get('/admin/nachrichten')).body)).toEqual([ids.contract]);
    const unassigned = idsOf((await sabine.get('/admin/nachrichten?ansicht=unassigned')).body);
    expect(unassigned.slice(0, 3)).toEqual([
      ids.company,
      ids.request,
      idsOf((await sabine.get('/admin/nachrichten?ansicht=all')).body)[4],
    ]);
    expect(unassigned).not.toContain(ids.bernds);
    const unread = idsOf((await sabine.get('/admin/nachrichten?ansicht=all&ungelesen=1')).body);
    expect(unread.slice(0, 3)).toEqual([ids.contract, ids.request, ids.bernds]);
    expect(idsOf((await sabine.get('/admin/nachrichten?ansicht=all&art=customer_add')).body)).toEqual([ids.request]);
    expect(idsOf((await sabine.get('/admin/nachrichten?ansicht=unassigned&art=data_change')).body)).toEqual([]);
  });

  it("shows another tenant's staff only their own tenant's conversations", async () => {
    const page = await bea.get('/admin/nachrichten?ansicht=all');
    expect(idsOf(page.body)).toEqual([ids.beta]);
    expect(rowsOf(page.body)[0]?.text).toBe('Bei Beta · Ungelesen · Beta (K1) · Bea Beta · 24.11.2026, 11:00');
    expect(idsOf((await bea.get(`/admin/nachrichten?ansicht=all&nach=${ids.contract}`)).body)).toEqual([]);
  });

  it(`answers the inbox in ${INBOX_STATEMENTS} statements, none in a transaction`, async () => {
    await sabine.get('/admin/nachrichten?ansicht=all');
    const counted = await counter.countDuring(async () => {
      expect((await sabine.get('/admin/nachrichten?ansicht=all')).status).toBe(200);
    });
    expect(counted.statements, counted.texts.join('\n')).toBe(INBOX_STATEMENTS);
    expect(counted.transactions).toBe(0);
  });
});
