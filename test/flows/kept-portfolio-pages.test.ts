import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { required } from '../../src/shared/required.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { textOf, type Client } from '../support/browserless-client.js';
import { countStatementsOf, type StatementCounter } from '../support/statement-counter.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

const customer = (customerNumber: string, lastName: string, adviser: string) => ({
  type: 'customer',
  action: 'upsert',
  customer: {
    customerNumber,
    kind: 'private',
    firstName: 'Kundin',
    lastName,
    adviser: { name: adviser, phone: null, email: null },
  },
});

const contract = (policyNumber: string, customerNumber: string, sparte: string, productName: string) => ({
  type: 'contract',
  action: 'upsert',
  contract: { insurerNumber: '5311', sparte, policyNumber, customerNumber, productName, status: 'active' },
});

/**
 * The statement that decides and reads the contract list or the overview: it reads the person's grants and, beside
 * them, the navigation's flags (`alsoRead`). A kept page asks only its session and the unread count with the version.
 */
const decidesPortfolio = (text: string) => text.includes('"alsoRead"');

/**
 * The contract list and the overview are kept per person, as rendered at the tenant's portfolio version, and shown
 * again while it stands. Each case here keeps a page (and checks that the next request really is served from what was
 * kept: no statement reads the contracts), changes one thing the page shows or decides through the services a broker
 * uses, and expects the very next request to show the change.
 */
describe(`portfolio pages kept at the tenant's portfolio version (${databaseKind})`, () => {
  let portal: TestPortal;
  let counter: StatementCounter;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  let anna: Client;
  let bert: Client;
  let annaId: string;
  let annaGrantId: string;
  let betaAnna: Client;

  /** A page requested twice: the first may render it, the second must come from what was kept. */
  async function keptPage(client: Client, path: string): Promise<string> {
    const first = await client.get(path);
    expect(first.status, path).toBe(200);
    let body = '';
    const count = await counter.countDuring(async () => {
      const page = await client.get(path);
      expect(page.status, path).toBe(200);
      body = page.body;
    });
    expect(count.texts.filter(decidesPortfolio), `${path} was decided anew`).toEqual([]);
    expect(count.statements).toBe(2);
    expect(textOf(body)).toBe(textOf(first.body));
    return body;
  }

  async function pageText(client: Client, path: string): Promise<string> {
    const page = await client.get(path);
    expect(page.status, path).toBe(200);
    return textOf(page.body);
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Makler GmbH');
    for (const tenant of [acme, beta]) {
      await portal.services.portfolio.upsertBatch(
        tenant.id,
        [
          customer('K1', 'Eins', 'Bernd Berater'),
          customer('K2', 'Zwei', 'Clara Beraterin'),
          contract('P1', 'K1', '130', 'Hausrat Komfort'),
          contract('P2', 'K1', '051', 'Kfz-Haftpflicht'),
          contract('P3', 'K2', '140', 'Wohngebäude Plus'),
        ],
        CLI_ORIGIN,
      );
      await portal.services.grants.createGrant(tenant.id, {
        name: 'K1',
        kind: 'customer',
        customerNumbers: ['K1'],
        shareContractsAutomatically: true,
        documentProfile: 'Alle Dokumente',
      });
    }
    await portal.services.grants.createGrant(acme.id, {
      name: 'K2',
      kind: 'customer',
      customerNumbers: ['K2'],
      shareContractsAutomatically: true,
    });
    annaId = await activatePerson(portal, acme, 'anna@example.com', 'policyholder', { grantName: 'K1' });
    await activatePerson(portal, acme, 'bert@example.com', 'policyholder', { grantName: 'K2' });
    // Anna is a customer of Beta too, with the password she already has.
    await portal.services.invitations.invite({
      tenantId: beta.id,
      email: 'anna@example.com',
      name: 'Anna',
      role: 'policyholder',
      grantName: 'K1',
    });
    anna = await logIn(portal, acme.origin, 'anna@example.com');
    bert = await logIn(portal, acme.origin, 'bert@example.com');
    betaAnna = await logIn(portal, beta.origin, 'anna@example.com');
    const grants = await portal.services.grants.listGrantsOf(acme.id, annaId);
    annaGrantId = required(grants.find((grant) => grant.name === 'K1')).id;
    counter = countStatementsOf(portal.database.handle.db, { leaveOutTimedCaches: true });
  });
  afterAll(() => portal.close());

  it("keeps each person's own page: the same address shows another person of the grant's tenant only their own", async () => {
    expect(textOf(await keptPage(anna, '/vertraege'))).toContain('Hausrat Komfort');
    const bertsList = textOf(await keptPage(bert, '/vertraege'));
    expect(bertsList).toContain('Wohngebäude Plus');
    expect(bertsList).not.toContain('Hausrat Komfort');
    expect(textOf(await keptPage(anna, '/vertraege'))).not.toContain('Wohngebäude Plus');
  });

  it('shows a contract changed by the CRM at the next request, and a change at another broker changes nothing here', async () => {
    await keptPage(anna, '/vertraege');
    await keptPage(betaAnna, '/vertraege');
    await portal.services.portfolio.upsertBatch(beta.id, [contract('P1', 'K1', '130', 'Hausrat bei Beta')], CLI_ORIGIN);
    // Acme's page is still the kept one; Beta's shows its change.
    expect(textOf(await keptPage(anna, '/vertraege'))).toContain('Hausrat Komfort');
    expect(await pageText(betaAnna, '/vertraege')).toContain('Hausrat bei Beta');

    await portal.services.portfolio.upsertBatch(acme.id, [contract('P1', 'K1', '130', 'Hausrat Premium')], CLI_ORIGIN);
    const list = await pageText(anna, '/vertraege');
    expect(list).toContain('Hausrat Premium');
    expect(list).not.toContain('Hausrat Komfort');
    expect(await pageText(anna, '/')).toContain('Hausrat');
  });

  it("shows the customer's new adviser on the overview at the next request", async () => {
    expect(textOf(await keptPage(anna, '/'))).toContain('Bernd Berater');
    await portal.services.portfolio.upsertBatch(acme.id, [customer('K1', 'Eins', 'Dora Beraterin')], CLI_ORIGIN);
    const overview = await pageText(anna, '/');
    expect(overview).toContain('Dora Beraterin');
    expect(overview).not.toContain('Bernd Berater');
  });

  it('follows the grant: a Sparte limit, a contract shared by hand and its end', async () => {
    await keptPage(anna, '/vertraege');
    await portal.services.grants.updateGrant(acme.id, annaGrantId, { restrictedLinesOfBusiness: ['051'] });
    const limited = await pageText(anna, '/vertraege');
    expect(limited).toContain('Kfz-Haftpflicht');
    expect(limited).not.toContain('Hausrat');

    await keptPage(anna, '/vertraege');
    await portal.services.grants.updateGrant(acme.id, annaGrantId, { restrictedLinesOfBusiness: [] });
    expect(await pageText(anna, '/vertraege')).toContain('Hausrat Premium');

    await keptPage(anna, '/vertraege');
    const sharedId = await contractIdOf('P3');
    await portal.services.portfolio.shareContract(acme.id, annaGrantId, sharedId, CLI_ORIGIN);
    expect(await pageText(anna, '/vertraege')).toContain('Wohngebäude Plus');

    await keptPage(anna, '/vertraege');
    await portal.services.portfolio.unshareContract(acme.id, annaGrantId, sharedId, CLI_ORIGIN);
    expect(await pageText(anna, '/vertraege')).not.toContain('Wohngebäude Plus');
  });

  it('keeps the count of unread conversations in the navigation current on a kept page', async () => {
    const nav = (body: string) => /<nav class="portal-nav portal-nav-wide"[\s\S]*?<\/nav>/.exec(body)?.[0] ?? '';
    expect(nav(await keptPage(anna, '/vertraege'))).not.toContain('data-nav-count="messages"');
    const tenant = required(await portal.services.tenants.findTenantBySlug('acme'));
    const id = await portal.services.conversations.startForCrm(
      tenant,
      { customerNumber: 'K1', contract: null, subject: 'Beitrag', body: 'Ihr Beitrag ändert sich.' },
      CLI_ORIGIN,
    );
    for (const path of ['/vertraege', '/']) {
      expect(nav(await keptPage(anna, path)), path).toContain('data-nav-count="messages" aria-hidden="true">1</span>');
    }
    expect((await anna.get(`/nachrichten/${id}`)).status).toBe(200);
    expect(nav(await keptPage(anna, '/vertraege'))).not.toContain('data-nav-count="messages"');
  });

  it('keeps the document list with the form of each session, and shows a new document and its reading at once', async () => {
    const store = async (title: string) =>
      (
        await portal.services.documents.store(
          acme.id,
          { customerNumber: 'K1', title, keywords: ['Police'], direction: 'from_broker' },
          Readable.from([Buffer.from(title)]),
          'text/plain',
          { kind: 'system' },
        )
      ).id;
    // The upload form's token and the logout button's (rendered for this request) are the session's one token.
    const tokensOf = (body: string) => [...body.matchAll(/name="_csrf" value="([^"]+)"/g)].map((match) => match[1]);
    const isNew = (body: string, id: string) =>
      new RegExp(`${id}/datei" download="">[^<]*</a> <span class="badge">`).test(body);
    const policy = await store('Police Hausrat 2027');
    const first = await keptPage(anna, '/dokumente');
    expect(textOf(first)).toContain('Police Hausrat 2027');
    expect(isNew(first, policy)).toBe(true);
    expect(first).toContain('action="/dokumente/senden"');
    expect(new Set(tokensOf(first)).size).toBe(1);
    // Another session of Anna's gets the list as kept, with the token of its own session in the upload form.
    const second = await logIn(portal, acme.origin, 'anna@example.com');
    const other = await keptPage(second, '/dokumente');
    expect(new Set(tokensOf(other)).size).toBe(1);
    expect(tokensOf(other)[0]).not.toBe(tokensOf(first)[0]);

    await store('Beitragsrechnung 2027');
    expect(await pageText(anna, '/dokumente')).toContain('Beitragsrechnung 2027');
    await keptPage(anna, '/dokumente');
    expect((await anna.get(`/dokumente/${policy}/datei`)).status).toBe(200);
    const read = (await anna.get('/dokumente')).body;
    expect(textOf(read)).toContain('Police Hausrat 2027');
    expect(isNew(read, policy)).toBe(false);
  });

  it("keeps the person's conversations, and shows a new message and its reading at the next request", async () => {
    const tenant = required(await portal.services.tenants.findTenantBySlug('acme'));
    const start = (subject: string) =>
      portal.services.conversations.startForCrm(
        tenant,
        { customerNumber: 'K1', contract: null, subject, body: 'Bitte lesen.' },
        CLI_ORIGIN,
      );
    const nav = (body: string) => /<nav class="portal-nav portal-nav-wide"[\s\S]*?<\/nav>/.exec(body)?.[0] ?? '';
    const first = await start('Ihre neue Police');
    expect(await keptPage(anna, '/nachrichten')).toContain(`data-conversation-id="${first}" data-unread="true"`);
    const second = await start('Beitragsanpassung 2027');
    const listed = (await anna.get('/nachrichten')).body;
    expect(listed).toContain(`data-conversation-id="${second}" data-unread="true"`);
    const unread = (body: string) => /data-nav-count="messages" aria-hidden="true">(\d+)</.exec(nav(body))?.[1];
    const before = Number(unread(await keptPage(anna, '/nachrichten')));
    expect(before).toBeGreaterThanOrEqual(2);
    expect((await anna.get(`/nachrichten/${first}`)).status).toBe(200);
    const after = (await anna.get('/nachrichten')).body;
    expect(after).toContain(`data-conversation-id="${first}">`);
    expect(after).toContain(`data-conversation-id="${second}" data-unread="true"`);
    expect(Number(unread(after))).toBe(before - 1);
    // Another tenant's conversation changes nothing here.
    await portal.services.conversations.startForCrm(
      required(await portal.services.tenants.findTenantBySlug('beta')),
      { customerNumber: 'K1', contract: null, subject: 'Bei Beta', body: 'Nur bei Beta.' },
      CLI_ORIGIN,
    );
    expect(await keptPage(anna, '/nachrichten')).not.toContain('Bei Beta');
  });

  it('ends what a person removed from their grant sees at the next request', async () => {
    expect(textOf(await keptPage(anna, '/vertraege'))).toContain('Hausrat Premium');
    await portal.services.grants.removePersonFromGrant(acme.id, annaGrantId, annaId);
    const after = await anna.get('/vertraege');
    expect(textOf(after.body)).not.toContain('Hausrat');
    expect(textOf(after.body)).not.toContain('Kfz-Haftpflicht');
  });

  async function contractIdOf(policyNumber: string): Promise<string> {
    const result: unknown = await portal.database.handle.db.execute(
      sql`select id from contracts where tenant_id = ${acme.id} and policy_number = ${policyNumber}`,
    );
    return required((result as { rows: { id: string }[] }).rows[0]).id;
  }
});
