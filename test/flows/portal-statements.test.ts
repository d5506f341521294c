import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEEP_PLAN } from '../../src/db/kept-plans.js';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { required } from '../../src/shared/required.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { textOf, type Client } from '../support/browserless-client.js';
import { countStatementsOf, type StatementCount, type StatementCounter } from '../support/statement-counter.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

const contract = (policyNumber: string, sparte: string) => ({
  type: 'contract',
  action: 'upsert',
  contract: {
    insurerNumber: '5311',
    sparte,
    policyNumber,
    customerNumber: 'K1',
    productName: `Tarif ${policyNumber}`,
    status: 'active',
  },
});

/**
 * Each decision of the visibility module reads the grants a person holds, with their options: as a statement of its
 * own, or as the first part of the document list's one statement.
 */
const isGrantDecision = (text: string) => text.includes('select "grant_members"."identity_id"');

const navOf = (body: string) => /<nav class="portal-nav portal-nav-wide"[\s\S]*?<\/nav>/.exec(body)?.[0] ?? '';

/**
 * A page kept for the person as it was decided (the contract list, the overview, the documents, the conversations)
 * and still current: the session, and the tenant's content versions (with the count of unread conversations, except
 * on /nachrichten, whose versions cover the count).
 */
const KEPT_PAGE_STATEMENTS = 2;

/** What a kept page that is out of date adds to deciding it anew: the statement that found it out of date. */
const KEPT_PAGE_CHECK = 1;

/**
 * The contract list is the portal's busiest page: the session (with the membership), and the page of contracts with
 * its summary, read with the person's grants and the navigation's flags (roles, delegating, "Schäden einschließen").
 */
const CONTRACT_LIST_STATEMENTS = 2;

/**
 * A claim's step page: the session, and the claim read with what decides it and the tenant's content versions, at which
 * the navigation's flags kept for the person stand (read anew, with the versions, in one statement more when not).
 */
const CLAIM_STEP_STATEMENTS = 2;

/**
 * The document list: the session, one decision of what the person sees (their grants, the customers and the contracts
 * they reach, with the navigation's flags), and the page of documents with the filter's keyword choice.
 */
const DOCUMENT_LIST_STATEMENTS = 3;

/**
 * The person's /nachrichten: the session, the page of conversations decided from the grants in its statement, and the
 * navigation's two (its flags with the count of unread conversations, and the summary).
 */
const PERSON_CONVERSATION_LIST_STATEMENTS = 4;

describe(`what a portal page costs the database (${databaseKind})`, () => {
  let portal: TestPortal;
  let counter: StatementCounter;
  let withClaims: Client;
  let withoutClaims: Client;
  let annaId: string;

  /**
   * The statements of one request of a page the person has opened before, decided anew: the tenant's content versions
   * are raised first, as any change of its portfolio or documents does, so that what was kept of the page is out of
   * date. Beside the page's own statements, the one that found it out of date (`KEPT_PAGE_CHECK`).
   */
  async function countDecided(client: Client, path: string): Promise<StatementCount & { body: string }> {
    return countOf(client, path, () =>
      portal.database.handle.db.execute(sql`update content_versions set version = version + 1`),
    );
  }

  /**
   * The statements of one request of a page the person has opened before (nothing left to set up on first use);
   * `between` runs after that first opening, before the request counted.
   */
  async function countOf(
    client: Client,
    path: string,
    between: () => Promise<unknown> = async () => {},
  ): Promise<StatementCount & { body: string }> {
    await client.get(path);
    await between();
    let body = '';
    const count = await counter.countDuring(async () => {
      const page = await client.get(path);
      expect(page.status, path).toBe(200);
      body = page.body;
    });
    return { ...count, body };
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    const acme = await createTestTenant(portal);
    await portal.services.portfolio.upsertBatch(
      acme.id,
      [
        { type: 'customer', action: 'upsert', customer: { customerNumber: 'K1', kind: 'private', lastName: 'Eins' } },
        contract('P1', '130'),
        contract('P2', '051'),
      ],
      CLI_ORIGIN,
    );
    const grant = { kind: 'customer' as const, customerNumbers: ['K1'], shareContractsAutomatically: true };
    await portal.services.grants.createGrant(acme.id, { ...grant, name: 'K1 mit Schäden', includeClaims: true });
    await portal.services.grants.createGrant(acme.id, { ...grant, name: 'K1 ohne Schäden' });
    annaId = await activatePerson(portal, acme, 'anna@example.com', 'policyholder', { grantName: 'K1 mit Schäden' });
    await activatePerson(portal, acme, 'bert@example.com', 'policyholder', { grantName: 'K1 ohne Schäden' });
    withClaims = await logIn(portal, acme.origin, 'anna@example.com');
    withoutClaims = await logIn(portal, acme.origin, 'bert@example.com');
    counter = countStatementsOf(portal.database.handle.db, { leaveOutTimedCaches: true });
  });
  afterAll(() => portal.close());

  it('decides GET /vertraege in two statements beside the check of the kept page, "Schäden" in the navigation included', async () => {
    const listed = await countDecided(withClaims, '/vertraege');
    expect(navOf(listed.body)).toContain('href="/schaeden"');
    expect(listed.texts).toHaveLength(CONTRACT_LIST_STATEMENTS + KEPT_PAGE_CHECK);
    expect(listed.statements).toBe(CONTRACT_LIST_STATEMENTS + KEPT_PAGE_CHECK);
    expect(listed.transactions).toBe(0);

    const without = await countDecided(withoutClaims, '/vertraege');
    expect(navOf(without.body)).toContain('href="/vertraege"');
    expect(navOf(without.body)).not.toContain('href="/schaeden"');
    expect(without.statements).toBe(CONTRACT_LIST_STATEMENTS + KEPT_PAGE_CHECK);
  });

  it('lists "Schäden" on the overview as on every other page, at no statement of its own', async () => {
    const overview = await countDecided(withClaims, '/');
    expect(navOf(overview.body)).toContain('href="/schaeden"');
    expect(navOf((await withoutClaims.get('/')).body)).not.toContain('href="/schaeden"');
    expect(overview.statements).toBe(CONTRACT_LIST_STATEMENTS + KEPT_PAGE_CHECK);
  });

  it('counts unread conversations next to "Nachrichten" in the navigation’s statement, and drops it once read', async () => {
    const acme = required(await portal.services.tenants.findTenantBySlug('acme'));
    const id = await portal.services.conversations.startForCrm(
      acme,
      { customerNumber: 'K1', contract: null, subject: 'Beitrag', body: 'Ihr Beitrag ändert sich.' },
      CLI_ORIGIN,
    );
    const listed = await countOf(withClaims, '/vertraege');
    expect(listed.statements).toBe(CONTRACT_LIST_STATEMENTS);
    const messages = /<a href="\/nachrichten"[^>]*>([\s\S]*?)<\/a>/.exec(navOf(listed.body))?.[1] ?? '';
    expect(messages).toContain('<span class="visually-hidden">, 1 ungelesen</span>');
    expect(messages).toContain('data-nav-count="messages" aria-hidden="true">1</span>');
    expect(navOf((await withClaims.get('/dokumente')).body)).toContain('data-nav-count="messages"');

    expect((await withClaims.get(`/nachrichten/${id}`)).status).toBe(200);
    expect(navOf((await withClaims.get('/vertraege')).body)).not.toContain('data-nav-count');
    expect(navOf((await withoutClaims.get('/vertraege')).body)).toContain('data-nav-count="messages"');
  });

  it('posts a reply in six statements and one transaction, the grants decided in the statement reading it', async () => {
    const acme = required(await portal.services.tenants.findTenantBySlug('acme'));
    const id = await portal.services.conversations.startForCrm(
      acme,
      { customerNumber: 'K1', contract: null, subject: 'Rückfrage', body: 'Bitte senden Sie uns den Fahrzeugschein.' },
      CLI_ORIGIN,
    );
    await withClaims.get(`/nachrichten/${id}`);
    const replied = await counter.countDuring(async () => {
      const answer = await withClaims.post(`/nachrichten/${id}`, { body: 'Anbei der Fahrzeugschein.' });
      expect(answer.location).toBe(`/nachrichten/${id}?gesendet`);
    });
    // The session; the conversation with what the grants show of it; then the conversation locked with its customer
    // and contacts, the message with the conversation's times and the read mark, the webhooks and the staff notice.
    expect(replied.texts.filter(isGrantDecision)).toHaveLength(0);
    expect(replied.statements).toBe(6);
    expect(replied.transactions).toBe(1);
    const page = await withClaims.get(`/nachrichten/${id}`);
    expect(textOf(page.body)).toContain('Anbei der Fahrzeugschein.');
  });

  it("decides the person's conversations in one statement that decides what they see, beside the session, navigation and check", async () => {
    const acme = required(await portal.services.tenants.findTenantBySlug('acme'));
    const id = await portal.services.conversations.startForCrm(
      acme,
      { customerNumber: 'K1', contract: null, subject: 'Ihre Unterlagen', body: 'Anbei die Police.' },
      CLI_ORIGIN,
    );
    const listed = await countDecided(withClaims, '/nachrichten');
    expect(listed.body).toContain(`data-conversation-id="${id}" data-unread="true"`);
    expect(listed.texts.filter(isGrantDecision)).toHaveLength(0);
    expect(listed.statements).toBe(PERSON_CONVERSATION_LIST_STATEMENTS + KEPT_PAGE_CHECK);
    expect(listed.transactions).toBe(0);
    // The count next to "Nachrichten" is counted with the page's rows here: the same as every other page shows, also
    // on a page past the end and with a cursor that is no id (counted by the navigation then).
    const countOn = (body: string) => /data-nav-count="messages" aria-hidden="true">(\d+)</.exec(navOf(body))?.[1];
    const documents = (await withClaims.get('/dokumente')).body;
    const elsewhere = countOn(documents);
    // The whole navigation is the one every page shows (the current page aside).
    const linksOf = (body: string) => navOf(body).replace(/ aria-current="page"/g, '');
    expect(linksOf(listed.body)).toBe(linksOf(documents));
    expect(navOf(listed.body)).toContain('href="/schaeden"');
    expect(elsewhere).toMatch(/^[1-9]/);
    expect(countOn(listed.body)).toBe(elsewhere);
    expect(countOn((await withClaims.get(`/nachrichten?nach=${id}`)).body)).toBe(elsewhere);
    expect(countOn((await withClaims.get('/nachrichten?nach=kein-eintrag')).body)).toBe(elsewhere);
  });

  it('keeps the plan of a statement marked for it on the connection (PostgreSQL), the same rows on both', async () => {
    const prepared = await portal.runtime.database.db.transaction(async (tx) => {
      for (const value of [1, 2]) {
        const result = await tx.execute(sql`${KEEP_PLAN} select ${value}::int as "value"`);
        expect((result as { rows: { value: number }[] }).rows).toEqual([{ value }]);
      }
      const names = await tx.execute(
        sql`select name from pg_prepared_statements where name like 'kept%' and statement like '%as "value"'`,
      );
      return (names as { rows: { name: string }[] }).rows.length;
    });
    expect(prepared).toBe(databaseKind === 'postgres' ? 1 : 0);
  });

  it('reads a contract page, the documents and the claims with one decision of what the person sees', async () => {
    const list = await withClaims.get('/vertraege');
    const path = /href="(\/vertraege\/[0-9a-f-]{36})"/.exec(list.body)?.[1] ?? '';
    const page = await countOf(withClaims, path);
    expect(page.body).toContain('href="/schaeden/neu?vertrag=');
    expect(navOf(page.body)).toContain('href="/schaeden"');
    // The grants are decided once (`activeGrantsOf` opens each decision); the page decided them four times before.
    expect(page.texts.filter(isGrantDecision)).toHaveLength(1);
    expect(page.statements).toBeLessThanOrEqual(12);

    const claims = await countOf(withClaims, '/schaeden');
    expect(navOf(claims.body)).toContain('href="/schaeden"');
    expect(claims.texts.filter(isGrantDecision)).toHaveLength(1);
  });

  it("keeps a claim step's navigation at the tenant's versions: a new message and its reading show at the next step, another broker's do not renew it", async () => {
    const acme = required(await portal.services.tenants.findTenantBySlug('acme'));
    const motor = { insurerNumber: '5311', sparte: '051', policyNumber: 'P2' };
    const contractId = (await portal.services.portfolio.getContract(acme.id, motor)).id;
    await withClaims.get(`/schaeden/neu?vertrag=${contractId}`);
    const step = required((await withClaims.post('/schaeden/neu', { vertrag: contractId })).location);
    const unreadOn = (body: string) =>
      Number(/data-nav-count="messages" aria-hidden="true">(\d+)</.exec(navOf(body))?.[1] ?? 0);
    const shown = async () => {
      let body = '';
      const count = await counter.countDuring(async () => {
        const page = await withClaims.get(step);
        expect(page.status).toBe(200);
        body = page.body;
      });
      return { statements: count.statements, unread: unreadOn(body) };
    };
    const kept = await countOf(withClaims, step);
    expect(kept.statements).toBe(CLAIM_STEP_STATEMENTS);
    const before = unreadOn(kept.body);

    const id = await portal.services.conversations.startForCrm(
      acme,
      { customerNumber: 'K1', contract: null, subject: 'Schadenfoto', body: 'Bitte senden Sie ein Foto.' },
      CLI_ORIGIN,
    );
    expect(await shown()).toEqual({ statements: CLAIM_STEP_STATEMENTS + 1, unread: before + 1 });
    expect(await shown()).toEqual({ statements: CLAIM_STEP_STATEMENTS, unread: before + 1 });

    // Another broker's message raises only that broker's versions: the flags kept here stand.
    const beta = await createTestTenant(portal, 'beta', 'Beta Makler GmbH');
    await portal.services.portfolio.upsertBatch(
      beta.id,
      [{ type: 'customer', action: 'upsert', customer: { customerNumber: 'K1', kind: 'private', lastName: 'Eins' } }],
      CLI_ORIGIN,
    );
    await portal.services.conversations.startForCrm(
      required(await portal.services.tenants.findTenantBySlug('beta')),
      { customerNumber: 'K1', contract: null, subject: 'Bei Beta', body: 'Nur bei Beta.' },
      CLI_ORIGIN,
    );
    expect(await shown()).toEqual({ statements: CLAIM_STEP_STATEMENTS, unread: before + 1 });

    // Reading the message renews them at the next step page.
    expect((await withClaims.get(`/nachrichten/${id}`)).status).toBe(200);
    expect(await shown()).toEqual({ statements: CLAIM_STEP_STATEMENTS + 1, unread: before });
  });

  it('shows a claim’s step in one statement with the session, saves a step with one more, and shows the claim’s page', async () => {
    const acme = required(await portal.services.tenants.findTenantBySlug('acme'));
    const motor = { insurerNumber: '5311', sparte: '051', policyNumber: 'P2' };
    const contractId = (await portal.services.portfolio.getContract(acme.id, motor)).id;
    await withClaims.get(`/schaeden/neu?vertrag=${contractId}`);
    const started = await withClaims.post('/schaeden/neu', { vertrag: contractId });
    const claimPath = required(started.location).replace(/\/schritt\/1$/, '');

    const step = await countOf(withClaims, `${claimPath}/schritt/1`);
    expect(textOf(step.body)).toContain('Tarif P2 · P2');
    expect(navOf(step.body)).toContain('href="/schaeden"');
    // The session, then the claim read with the grants and its contract's and customer's keys, which the policy
    // decides, and the navigation's flags: 23 statements before one decision, 10 before the decision was read with
    // the claim.
    expect(step.texts.filter(isGrantDecision)).toHaveLength(0);
    expect(step.texts[1]).toContain('"grant_members"');
    expect(step.statements).toBe(CLAIM_STEP_STATEMENTS);
    expect(step.transactions).toBe(0);

    const yesterday = new Date(portal.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
    const saved = await counter.countDuring(async () => {
      const answer = await withClaims.post(`${claimPath}/schritt/1`, {
        lossDate: yesterday,
        lossTime: '08:15',
        place: 'Kiel',
        description: 'Hagelschaden am Dach',
        amount: '',
      });
      expect(answer.location).toBe(`${claimPath}/schritt/2`);
    });
    // The session, the claim with its decision, the save: 16 statements when the route and the save each decided
    // it, 9 with one decision of the whole portfolio.
    expect(saved.texts.filter(isGrantDecision)).toHaveLength(0);
    expect(saved.statements).toBe(CLAIM_STEP_STATEMENTS + 1);
    expect(saved.transactions).toBe(0);

    await withClaims.post(`${claimPath}/schritt/2`, { police: 'nein' });
    await withClaims.post(`${claimPath}/schritt/3`, { plate: 'KI-AB 123', driver: 'Anna Eins', towed: 'nein' });
    await withClaims.post(`${claimPath}/schritt/4`, {
      iban: 'DE89 3704 0044 0532 0130 00',
      accountHolder: 'Anna Eins',
    });
    expect((await withClaims.post(`${claimPath}/schritt/5`, { message: '' })).location).toBe('/schaeden?gemeldet');
    // The claim's own page: the claim with its decision and the navigation, its history and its attachments; 32
    // statements when the claim, its release, its contract's name, its history and the navigation each decided.
    const shown = await countOf(withClaims, claimPath);
    expect(textOf(shown.body)).toContain('Tarif P2 · P2');
    expect(shown.texts.filter(isGrantDecision)).toHaveLength(0);
    expect(shown.statements, shown.texts.join('\n')).toBe(CLAIM_STEP_STATEMENTS + 2);
  });

  it('decides GET /dokumente in three statements beside the check of the kept page, deciding what the person sees once', async () => {
    const acme = required(await portal.services.tenants.findTenantBySlug('acme'));
    await portal.services.documents.store(
      acme.id,
      { customerNumber: 'K1', title: 'Police Hausrat', keywords: ['Police'], direction: 'from_broker' },
      Readable.from([Buffer.from('Police')]),
      'text/plain',
      // Her own upload: she sees it whatever keywords the tenant marks visible.
      { identityId: annaId },
    );
    const listed = await countDecided(withClaims, '/dokumente');
    expect(textOf(listed.body)).toContain('Police Hausrat');
    expect(listed.texts.filter(isGrantDecision)).toHaveLength(1);
    expect(listed.statements).toBe(DOCUMENT_LIST_STATEMENTS + KEPT_PAGE_CHECK);
    expect(listed.transactions).toBe(0);
  });

  it('answers a kept page in two statements, deciding nothing', async () => {
    for (const path of ['/vertraege', '/', '/dokumente', '/nachrichten']) {
      const kept = await countOf(withClaims, path);
      expect(kept.texts.filter(isGrantDecision), path).toHaveLength(0);
      expect(kept.statements, path).toBe(KEPT_PAGE_STATEMENTS);
      expect(kept.transactions, path).toBe(0);
    }
  });
});
