import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identities, importJobs, outbox } from '../../src/db/schema.js';
import { createClient, textOf, type Client } from '../support/browserless-client.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const MIXED = [
  '\uFEFFE-Mail;Name;Art;Kundennummern;Freischaltung',
  'anna@example.com;Anna Alt;Versicherungsnehmer;100234, 100235;Familie Alt',
  'keine-adresse;Bert Bad;Versicherungsnehmer;;',
  'ANNA@example.com;Anna Doppelt;Versicherungsnehmer;;',
  'carl@example.com;Carl Chef;Makler;;',
  'dora@example.com;Dora Dreh;Vermittler;V-1|V-2;Agentur Dreh',
  'eva@example.com;;Versicherungsnehmer;;',
  'kunde@example.com;Kurt Kunde;;;',
  'fritz@example.com;Fritz Falsch;Versicherungsnehmer;<script>;',
].join('\r\n');

describe(`invitations from a CSV file in the workspace (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  let staff: Client;

  async function upload(client: Client, content: string | Uint8Array, filename = 'kunden.csv') {
    await client.get('/admin/import');
    return client.upload('/admin/import', {}, { field: 'csv', filename, type: 'text/csv', data: content });
  }

  async function countIdentities(): Promise<number> {
    const [row] = await portal.runtime.database.db.select({ value: sql<number>`count(*)::int` }).from(identities);
    return required(row).value;
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    await activatePerson(portal, acme, 'mitarbeiter@acme.example', 'staff_user');
    await activatePerson(portal, beta, 'chef@beta.example', 'staff_admin');
    // Known to another broker already, with a password: gets access at once, answered like a new address.
    await activatePerson(portal, beta, 'kunde@example.com', 'policyholder');
    staff = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
  });
  afterAll(() => portal.close());

  it('shows every problem before anything is written', async () => {
    const before = {
      people: await countIdentities(),
      mails: (await portal.runtime.database.db.select().from(outbox)).length,
    };
    const preview = await upload(staff, MIXED);
    expect(preview.status).toBe(200);
    const text = textOf(preview.body);
    expect(text).toContain('3 Zeilen bereit, 5 mit Fehlern');
    expect(text).toContain('Zeile 3: E-Mail-Adresse „keine-adresse“ ist ungültig');
    expect(text).toContain('Zeile 4: E-Mail-Adresse steht schon in Zeile 2');
    expect(text).toContain('Zeile 5: Art „Makler“ ist unbekannt');
    expect(text).toContain('Zeile 7: Name fehlt');
    expect(text).toContain('Zeile 9: eine Kundennummer ist ungültig');
    expect(preview.body).not.toContain('<script>;');
    expect(text).toContain('3 Zeilen importieren');
    expect(await countIdentities()).toBe(before.people);
    expect((await portal.runtime.database.db.select().from(outbox)).length).toBe(before.mails);
  });

  it('imports the good rows after confirmation, once, and shows the outcome', async () => {
    const preview = await upload(staff, MIXED);
    const action = required(required(/action="(\/admin\/import\/[0-9a-f-]+\/start)"/.exec(preview.body))[1]);
    const started = await staff.post(action, {});
    expect(started.location).toMatch(/^\/admin\/import\/[0-9a-f-]+$/);
    // A second click (or a reload of the form) does not import again.
    expect((await staff.post(action, {})).location).toBe(started.location);
    await portal.services.imports.settle();
    const page = textOf((await staff.get(required(started.location))).body);
    expect(page).toContain('Der Import ist abgeschlossen.');
    // Kurt has a password from another broker: this broker's answer is the same as for the new addresses.
    expect(page).toContain('3 eingeladen, 0 hatten hier schon Zugang, 0 nicht möglich.');
    await portal.deliverMail();
    expect((await portal.smtp.waitForMail('anna@example.com')).subject).toContain('Acme Versicherungsmakler GmbH');
    expect((await portal.smtp.waitForMail('dora@example.com')).text).toContain('/set-password?token=');
    expect((await portal.smtp.waitForMail('kunde@example.com')).text).not.toContain('/set-password?token=');
    const people = await portal.services.people.listPeople(acme.id);
    expect(people.find((person) => person.email === 'dora@example.com')?.roles).toEqual(['intermediary']);
    const grants = await portal.services.grants.listGrantsOf(
      acme.id,
      required(people.find((person) => person.email === 'anna@example.com')).identityId,
    );
    expect(grants).toEqual([expect.objectContaining({ name: 'Familie Alt', customerNumbers: ['100234', '100235'] })]);
    // Names and addresses of the file are not kept once the import is done.
    const [job] = await portal.runtime.database.db.select().from(importJobs).where(eq(importJobs.status, 'done'));
    expect(required(job).rows).toEqual([]);
  });

  it('refuses files that are no CSV of invitations, with a sentence saying why', async () => {
    const cases: Array<[string | Uint8Array, string]> = [
      ['', 'Die Datei ist leer.'],
      [new Uint8Array([0x65, 0x6d, 0x61, 0x69, 0x6c, 0xff, 0xfe, 0x0a]), 'nicht in UTF-8'],
      ['vorname,nachname\nA,B', 'mindestens „email“ und „name“'],
      ['email,name', 'nur die Kopfzeile'],
      ['email,name\n"offen,zu', 'keine gültige CSV-Datei'],
      [
        `email,name\n${Array.from({ length: 10_001 }, (_, index) => `p${index}@example.com,P ${index}`).join('\n')}`,
        'höchstens 10.000',
      ],
    ];
    for (const [content, message] of cases) {
      const answer = await upload(staff, content);
      expect(answer.status, message).toBe(422);
      expect(textOf(answer.body)).toContain(message);
    }
    expect((await upload(staff, 'x'.repeat(2 * 1024 * 1024 + 100 * 1024))).status).toBe(413);
    await staff.get('/admin/import');
    expect((await staff.post('/admin/import', { csv: 'email,name\na@example.com,A' })).status).toBe(422);
  });

  it('shows progress while a larger file is imported and ends with every row done', async () => {
    const rows = Array.from(
      { length: 300 },
      (_, index) => `massen${index}@example.com,Person ${index},policyholder,K-${index},`,
    );
    const preview = await upload(staff, ['email,name,kind,customer_numbers,grant', ...rows].join('\n'), 'gross.csv');
    expect(textOf(preview.body)).toContain('300 Zeilen bereit, 0 mit Fehlern');
    expect(textOf(preview.body)).toContain('Die ersten 20 von 300 Zeilen');
    const action = required(required(/action="(\/admin\/import\/[0-9a-f-]+\/start)"/.exec(preview.body))[1]);
    const location = required((await staff.post(action, {})).location);
    const jobId = required(location.split('/').pop());
    const seen = new Set<number>();
    let sawRunningPage = false;
    for (;;) {
      const job = required(await portal.services.imports.find(acme.id, jobId));
      seen.add(job.processed);
      if (job.status === 'done') break;
      // The import may finish between the two reads; a running one reloads itself, a finished one does not.
      const page = await staff.get(location);
      const isRunning = textOf(page.body).includes('Der Import läuft');
      expect(page.body.includes('<meta http-equiv="refresh" content="2"/>')).toBe(isRunning);
      if (isRunning) sawRunningPage = true;
    }
    expect(sawRunningPage).toBe(true);
    expect([...seen].some((processed) => processed > 0 && processed < 300)).toBe(true);
    const done = textOf((await staff.get(location)).body);
    expect(done).toContain('300 eingeladen');
    expect((await staff.get(location)).body).not.toContain('http-equiv="refresh"');
    // 300 rows, each committed with the import's progress, on a busy shared machine.
  }, 90_000);

  it('resumes an import whose process stopped when somebody opens its page', async () => {
    const jobId = await portal.services.imports.createPreview(acme.id, null, 'abgebrochen.csv', [
      {
        line: 2,
        email: 'wieder1@example.com',
        name: 'W Eins',
        role: 'policyholder',
        customerNumbers: [],
        grantName: null,
      },
      {
        line: 3,
        email: 'wieder2@example.com',
        name: 'W Zwei',
        role: 'policyholder',
        customerNumbers: [],
        grantName: null,
      },
    ]);
    // As a process that died after the confirmation leaves it: running, its lease run out.
    await portal.runtime.database.db
      .update(importJobs)
      .set({ status: 'running', leaseUntil: new Date(portal.clock.now().getTime() - 1000) })
      .where(eq(importJobs.id, jobId));
    expect(textOf((await staff.get(`/admin/import/${jobId}`)).body)).toContain('Der Import läuft');
    await portal.services.imports.settle();
    expect(textOf((await staff.get(`/admin/import/${jobId}`)).body)).toContain('2 eingeladen');
  });

  async function importThroughPages(content: string): Promise<string> {
    const preview = await upload(staff, content);
    const action = required(required(/action="(\/admin\/import\/[0-9a-f-]+\/start)"/.exec(preview.body))[1]);
    const location = required((await staff.post(action, {})).location);
    await portal.services.imports.settle();
    return textOf((await staff.get(location)).body);
  }

  it("recognises a file imported again: nobody gets a second link, and only this broker's own grants count", async () => {
    // In a grant of the same name at another broker: must not count as invited here.
    await portal.services.invitations.invite({
      tenantId: beta.id,
      email: 'geteilt@example.com',
      name: 'Gerd Geteilt',
      role: 'policyholder',
      grantName: 'Gemeinsam',
    });
    const file = [
      'email,name,kind,customer_numbers,grant',
      'wieder-a@example.com,Alma Wieder,,K-1,Gemeinsam',
      'wieder-b@example.com,Bodo Wieder,,,',
      'geteilt@example.com,Gerd Geteilt,,,Gemeinsam',
    ].join('\n');
    expect(await importThroughPages(file)).toContain('3 eingeladen, 0 hatten hier schon Zugang, 0 nicht möglich.');
    const invitationsOf = async () =>
      (
        (await portal.runtime.database.db.execute(
          sql`select t.email, t.revoked_at from action_tokens t where t.tenant_id = ${acme.id} and t.purpose =
            'invitation' and t.email in ('wieder-a@example.com', 'wieder-b@example.com', 'geteilt@example.com') order by
              t.email`,
        )) as { rows: Array<{ email: string; revoked_at: Date | null }> }
      ).rows;
    const first = await invitationsOf();
    expect(first.map((row) => [row.email, row.revoked_at])).toEqual([
      ['geteilt@example.com', null],
      ['wieder-a@example.com', null],
      ['wieder-b@example.com', null],
    ]);
    const mails = async () => (await portal.runtime.database.db.select().from(outbox)).length;
    const mailsBefore = await mails();

    const again = await importThroughPages(file.replace('K-1', 'K-1|K-2'));
    expect(again).toContain(
      '0 eingeladen, 0 hatten hier schon Zugang, 0 nicht möglich. 3 waren schon eingeladen und haben keine ' +
        'neue E-Mail erhalten.',
    );
    expect(again).toContain('Schon eingeladen, nichts erneut gesendet: 3');
    expect(await mails()).toBe(mailsBefore);
    expect(await invitationsOf()).toEqual(first);
    // A customer number new to the grant is still added.
    const alma = required(
      (await portal.services.people.listPeople(acme.id)).find((person) => person.email === 'wieder-a@example.com'),
    );
    expect(await portal.services.grants.listGrantsOf(acme.id, alma.identityId)).toEqual([
      expect.objectContaining({ name: 'Gemeinsam', customerNumbers: ['K-1', 'K-2'] }),
    ]);
  });

  it('shows as done exactly the rows that are committed, so a stopped import goes on after the last of them', async () => {
    const rows = Array.from({ length: 40 }, (_, index) => `stand${index}@example.com,Stand ${index},policyholder,,`);
    const preview = await upload(staff, ['email,name,kind,customer_numbers,grant', ...rows].join('\n'), 'stand.csv');
    const action = required(required(/action="(\/admin\/import\/[0-9a-f-]+\/start)"/.exec(preview.body))[1]);
    const jobId = required(
      required((await staff.post(action, {})).location)
        .split('/')
        .pop(),
    );
    const snapshots: Array<{ processed: number; committed: number; status: string }> = [];
    for (;;) {
      // One statement, one snapshot: the progress and the invitations as they are at the same moment.
      const result = (await portal.runtime.database.db.execute(sql`
        select j.processed, j.status, (select count(*)::int from memberships m join identities i on i.id = m.identity_id
          where m.tenant_id = ${acme.id} and i.email like 'stand%@example.com') as committed
        from import_jobs j where j.id = ${jobId}`)) as {
        rows: Array<{ processed: number; committed: number; status: string }>;
      };
      snapshots.push(required(result.rows[0]));
      if (required(result.rows[0]).status === 'done') break;
    }
    for (const snapshot of snapshots) {
      expect(snapshot.processed).toBe(snapshot.committed);
    }
    expect(
      snapshots.some((snapshot) => snapshot.processed > 0 && snapshot.processed < 40 && snapshot.processed % 10 !== 0),
    ).toBe(true);
    expect(required(snapshots.at(-1)).processed).toBe(40);
  });

  it("keeps each broker's imports to itself", async () => {
    const [job] = await portal.services.imports.listRecent(acme.id, 1);
    const betaStaff = await logIn(portal, beta.origin, 'chef@beta.example');
    expect((await betaStaff.get(`/admin/import/${required(job).id}`)).status).toBe(404);
    await betaStaff.get('/admin/import');
    expect((await betaStaff.post(`/admin/import/${required(job).id}/start`, {})).status).toBe(404);
    expect((await betaStaff.get('/admin/import')).body).not.toContain(required(job).fileName);
    expect((await betaStaff.get('/admin/import/not-a-uuid')).status).toBe(404);
    const customer = createClient(portal.app, beta.origin);
    expect((await customer.get('/admin/import')).location).toBe('/login');
  });
});
