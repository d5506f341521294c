import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/operator-commands/commands.js';
import { createApiClient } from '../api/api-client.js';
import { ACCOUNT_PASSWORD, activatePerson, logIn } from '../support/accounts.js';
import { createClient, textOf, type Client } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, PLATFORM_ORIGIN, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

/** The Protokoll's rows as the staff see them: time, event, person, who acted, address. */
function protocolRows(body: string): string[][] {
  const table = /<tbody>([\s\S]*?)<\/tbody>/.exec(body)?.[1] ?? '';
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...required(row[1]).matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) => textOf(required(cell[1])).trim()),
  );
}

async function actorsOnPage(staff: Client, email: string): Promise<Array<[string, string]>> {
  const page = await staff.get(`/admin/audit?person=${encodeURIComponent(email)}`);
  expect(page.status).toBe(200);
  return protocolRows(page.body)
    .filter((cells) => cells[2] === email)
    .map((cells) => [required(cells[1]), required(cells[3])]);
}

describe(`the Protokoll names who opened access (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let staff: Client;

  beforeEach(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    await activatePerson(portal, acme, 'chefin@acme.example', 'staff_admin');
    staff = await logIn(portal, acme.origin, 'chefin@acme.example');
  });
  afterEach(() => portal.close());

  it('a workspace form: the staff member, on the page and in the API', async () => {
    await staff.get('/admin/people');
    expect(
      (
        await staff.post('/admin/people/invite', {
          email: 'anna@example.com',
          name: 'Anna Alt',
          kind: 'policyholder',
          grant: 'Familie Alt',
          customers: '',
        })
      ).status,
    ).toBe(303);
    expect(await actorsOnPage(staff, 'anna@example.com')).toEqual([
      ['Einladung verschickt · Freischaltung „Familie Alt“', 'chefin@acme.example'],
    ]);
    const api = createApiClient(portal, (await portal.services.apiKeys.createApiKey(acme.id, 'CRM')).key);
    const events = (await api.call('GET', '/audit-events?limit=100')).body.items;
    expect(
      events.find(
        (event: { kind: string; email: string }) =>
          event.kind === 'invitation.created' && event.email === 'anna@example.com',
      ),
    ).toMatchObject({ email: 'anna@example.com', actorEmail: 'chefin@acme.example' });
    const cli = await runCommand(portal.services, 'audit.list', { tenant: 'acme' });
    expect(cli.find((line) => line.includes('invitation.created') && line.includes('anna@example.com'))).toMatch(
      /anna@example\.com\s+chefin@acme\.example\s/,
    );
  });

  it('a CSV import: the staff member who imported, not the person', async () => {
    await staff.get('/admin/import');
    const preview = await staff.upload(
      '/admin/import',
      {},
      {
        field: 'csv',
        filename: 'kunden.csv',
        type: 'text/csv',
        data: 'email;name;kind;grant\nbert@example.com;Bert Bau;policyholder;Familie Bau',
      },
    );
    const action = required(required(/action="(\/admin\/import\/[0-9a-f-]+\/start)"/.exec(preview.body))[1]);
    expect((await staff.post(action, {})).status).toBe(303);
    await portal.services.imports.settle();
    const rows = await actorsOnPage(staff, 'bert@example.com');
    expect(rows).toEqual([['Einladung verschickt · Freischaltung „Familie Bau“', 'chefin@acme.example']]);
    const api = createApiClient(portal, (await portal.services.apiKeys.createApiKey(acme.id, 'CRM')).key);
    const events = (await api.call('GET', '/audit-events?limit=100')).body.items;
    expect(
      events.find(
        (event: { kind: string; email: string }) =>
          event.kind === 'invitation.created' && event.email === 'bert@example.com',
      ),
    ).toMatchObject({ email: 'bert@example.com', actorEmail: 'chefin@acme.example' });
  });

  it('the API: the key by its prefix, never the person', async () => {
    const { key, summary } = await portal.services.apiKeys.createApiKey(acme.id, 'CRM');
    const api = createApiClient(portal, key);
    const answer = await api.call('POST', '/invitations/bulk', {
      body: {
        items: [{ email: 'cora@example.com', name: 'Cora Crm', kind: 'policyholder', grant: { name: 'Familie Crm' } }],
      },
    });
    expect(answer.body.accepted).toBe(1);
    expect(await actorsOnPage(staff, 'cora@example.com')).toEqual([
      ['Einladung verschickt · Freischaltung „Familie Crm“', `API-Schlüssel ${summary.keyPrefix}`],
    ]);
    const events = (await api.call('GET', '/audit-events?limit=100')).body.items;
    expect(
      events.find(
        (event: { kind: string; email: string }) =>
          event.kind === 'invitation.created' && event.email === 'cora@example.com',
      ),
    ).toMatchObject({ email: 'cora@example.com', origin: `api:${summary.keyPrefix}`, actorEmail: null });
  });

  it('the person acting themselves is still told apart', async () => {
    await activatePerson(portal, acme, 'kunde@example.com', 'policyholder');
    await logIn(portal, acme.origin, 'kunde@example.com');
    const rows = await actorsOnPage(staff, 'kunde@example.com');
    expect(rows).toContainEqual(['Anmeldung', 'die Person selbst']);
    expect(rows).toContainEqual(['Einladung verschickt · Freischaltung „Person kunde“', 'Betreiber (Kommandozeile)']);
  });
});

describe(`logins through the platform host in the broker's Protokoll (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };

  beforeEach(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    await activatePerson(portal, acme, 'chefin@acme.example', 'staff_admin');
    await activatePerson(portal, beta, 'chef@beta.example', 'staff_admin');
  });
  afterEach(() => portal.close());

  async function loginsOf(origin: string, staffEmail: string, email: string): Promise<number> {
    const staff = await logIn(portal, origin, staffEmail);
    return (await actorsOnPage(staff, email)).filter(([kind]) => kind === 'Anmeldung').length;
  }

  it("a person of one broker who logs in on the platform host appears in that broker's Protokoll", async () => {
    await activatePerson(portal, acme, 'kunde@example.com', 'policyholder');
    const before = await loginsOf(acme.origin, 'chefin@acme.example', 'kunde@example.com');
    const browser = createClient(portal.app, PLATFORM_ORIGIN);
    await browser.get('/login');
    const login = await browser.post('/login', { email: 'kunde@example.com', password: ACCOUNT_PASSWORD });
    expect(login.status).toBe(303);
    const handoff = new URL(required(login.location));
    const broker = createClient(portal.app, acme.origin);
    expect((await broker.get(handoff.pathname + handoff.search)).status).toBe(303);
    expect(await loginsOf(acme.origin, 'chefin@acme.example', 'kunde@example.com')).toBe(before + 1);
  });

  it('a person of two brokers is recorded at the broker they choose, and only there', async () => {
    await activatePerson(portal, acme, 'kunde@example.com', 'policyholder');
    await portal.services.invitations.invite({
      tenantId: beta.id,
      email: 'kunde@example.com',
      name: 'Kurt Kunde',
      role: 'policyholder',
    });
    const before = {
      acme: await loginsOf(acme.origin, 'chefin@acme.example', 'kunde@example.com'),
      beta: await loginsOf(beta.origin, 'chef@beta.example', 'kunde@example.com'),
    };
    const browser = createClient(portal.app, PLATFORM_ORIGIN);
    await browser.get('/login');
    expect((await browser.post('/login', { email: 'kunde@example.com', password: ACCOUNT_PASSWORD })).location).toBe(
      '/',
    );
    await browser.get('/');
    const chosen = await browser.post('/choose', { tenant: 'beta' });
    const handoff = new URL(required(chosen.location));
    expect((await createClient(portal.app, beta.origin).get(handoff.pathname + handoff.search)).status).toBe(303);
    expect(await loginsOf(beta.origin, 'chef@beta.example', 'kunde@example.com')).toBe(before.beta + 1);
    expect(await loginsOf(acme.origin, 'chefin@acme.example', 'kunde@example.com')).toBe(before.acme);
  });
});

describe(`what the workspace says when a person of this broker gets another Freischaltung (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let staff: Client;

  beforeEach(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    await activatePerson(portal, acme, 'chefin@acme.example', 'staff_admin');
    await activatePerson(portal, acme, 'kunde@example.com', 'policyholder');
    await logIn(portal, acme.origin, 'kunde@example.com');
    staff = await logIn(portal, acme.origin, 'chefin@acme.example');
  });
  afterEach(() => portal.close());

  async function addToNewGrant(name: string): Promise<string> {
    const grant = await portal.services.grants.createGrant(acme.id, {
      name,
      kind: 'customer',
      customerNumbers: ['300001'],
    });
    await staff.get(`/admin/grants/${grant.id}`);
    const added = await staff.post(`/admin/grants/${grant.id}/people`, {
      email: 'kunde@example.com',
      name: 'Kurt Kunde',
      kind: 'policyholder',
    });
    expect(added.status).toBe(303);
    await portal.deliverMail();
    return textOf((await staff.get(required(added.location))).body);
  }

  it('promises no mail where none is sent, for an active and for a deactivated person', async () => {
    const mailsBefore = portal.smtp.mails.filter((mail) => mail.to.includes('kunde@example.com')).length;
    const active = await addToNewGrant('Zweite Freischaltung');
    expect(active).toContain(
      'Diese Person hat hier bereits Zugang: Die Freischaltung gilt sofort. Eine E-Mail wird dazu nicht verschickt.',
    );
    expect(active).not.toContain('unterwegs');
    expect(active).not.toContain('erhält eine Info-E-Mail');
    expect(active).toContain('wer hier schon Zugang hat, keine E-Mail');

    const person = required(
      (await portal.services.people.listPeople(acme.id)).find((entry) => entry.email === 'kunde@example.com'),
    );
    await portal.services.people.deactivatePerson(
      acme.id,
      person.identityId,
      { kind: 'api_key' },
      { client: 'cli', userAgent: null },
    );
    const deactivated = await addToNewGrant('Dritte Freischaltung');
    expect(deactivated).toContain(
      'Diese Person ist hier deaktiviert: Die Freischaltung gilt, sobald sie wieder aktiv ist.',
    );
    expect(deactivated).toContain('Eine E-Mail wird dazu nicht verschickt.');
    expect(deactivated).not.toContain('unterwegs');
    expect(portal.smtp.mails.filter((mail) => mail.to.includes('kunde@example.com')).length).toBe(mailsBefore);
  });

  it('an import of a person with access here promises no invitation mail', async () => {
    await staff.get('/admin/import');
    const preview = await staff.upload(
      '/admin/import',
      {},
      { field: 'csv', filename: 'k.csv', type: 'text/csv', data: 'email;name;grant\nkunde@example.com;Kurt Kunde;Neu' },
    );
    const text = textOf(preview.body);
    expect(text).toContain('Wer hier schon Zugang hat, erhält keine E-Mail');
    expect(text).not.toContain('Einladungen verschicken');
    const mailsBefore = portal.smtp.mails.filter((mail) => mail.to.includes('kunde@example.com')).length;
    const action = required(required(/action="(\/admin\/import\/[0-9a-f-]+\/start)"/.exec(preview.body))[1]);
    const done = required((await staff.post(action, {})).location);
    await portal.services.imports.settle();
    expect(textOf((await staff.get(done)).body)).toContain(
      '0 eingeladen, 1 hatten hier schon Zugang, 0 nicht möglich.',
    );
    await portal.deliverMail();
    expect(portal.smtp.mails.filter((mail) => mail.to.includes('kunde@example.com')).length).toBe(mailsBefore);
  });
});
