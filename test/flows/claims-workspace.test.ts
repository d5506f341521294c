import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import type { ReportedStatus } from '../../src/modules/claims/claim.js';
import type { Tenant } from '../../src/modules/tenants/tenant.js';
import { MINUTE } from '../../src/shared/clock.js';
import { required } from '../../src/shared/required.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { errorCodesOf, textOf, type Client } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

const claimLinksOf = (html: string): string[] =>
  [...html.matchAll(/href="\/admin\/schaeden\/([0-9a-f-]{36})"/g)].map((match) => match[1] ?? '');
const nextHrefOf = (html: string): string | null =>
  /<a href="([^"]+)" rel="next"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? null;

describe(`the workspace's claims (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let tenant: Tenant;
  let annaId: string;
  let berndId: string;
  let maxId: string;
  let strangerId: string;
  let beta: { id: string; host: string; origin: string };
  let anna: Client;
  /** The claims pushed, oldest first: 26 of the business customer K2 (Hausrat), 2 of Max's K1 (Kfz). */
  const pushed: { id: string; customer: string; status: ReportedStatus; insurerNumber: string }[] = [];

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    tenant = required(await portal.services.tenants.findTenantById(acme.id));
    await portal.services.portfolio.upsertBatch(
      acme.id,
      [
        { type: 'customer', action: 'upsert', customer: { customerNumber: 'K1', kind: 'private', lastName: 'Eins' } },
        {
          type: 'customer',
          action: 'upsert',
          customer: { customerNumber: 'K2', kind: 'business', companyName: 'Bäckerei Zwei GmbH' },
        },
        {
          type: 'contract',
          action: 'upsert',
          contract: {
            insurerNumber: '5311',
            sparte: '051',
            policyNumber: 'KFZ1',
            customerNumber: 'K1',
            status: 'active',
          },
        },
        {
          type: 'contract',
          action: 'upsert',
          contract: {
            insurerNumber: '5311',
            sparte: '130',
            policyNumber: 'HR2',
            customerNumber: 'K2',
            status: 'active',
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
    maxId = await activatePerson(portal, acme, 'max@example.com', 'policyholder', { grantName: 'K1', name: 'Max' });
    annaId = await activatePerson(portal, acme, 'anna@acme.example', 'staff_user', { name: 'Anna Akte' });
    berndId = await activatePerson(portal, acme, 'bernd@acme.example', 'staff_user', { name: 'Bernd Bearbeiter' });
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    strangerId = await activatePerson(portal, beta, 'fremd@beta.example', 'staff_user', { name: 'Fremd' });
    const statuses: ReportedStatus[] = ['submitted', 'in_progress', 'settled'];
    for (let index = 0; index < 28; index += 1) {
      const isMax = index >= 26;
      const status = required(statuses[index % 3]);
      portal.clock.advance(MINUTE);
      const { claim } = await portal.services.claimHandling.pushFromCrm(
        tenant,
        `crm-${String(index)}`,
        {
          contract: isMax
            ? { insurerNumber: '5311', sparte: '051', policyNumber: 'KFZ1' }
            : { insurerNumber: '5311', sparte: '130', policyNumber: 'HR2' },
          date: '2026-11-02',
          description: `Schaden Nummer ${String(index)}`,
          status: isMax ? 'submitted' : status,
          insurerClaimNumber: `VS-${String(1000 + index)}`,
        },
        CLI_ORIGIN,
      );
      pushed.push({
        id: claim.id,
        customer: isMax ? 'K1' : 'K2',
        status: isMax ? 'submitted' : status,
        insurerNumber: `VS-${String(1000 + index)}`,
      });
    }
    anna = await logIn(portal, acme.origin, 'anna@acme.example');
  });
  afterAll(async () => {
    await portal.close();
  });

  it('pages through every claim newest first, 25 at a time, without script', async () => {
    const first = await anna.get('/admin/schaeden');
    expect(first.status).toBe(200);
    const firstIds = claimLinksOf(first.body);
    expect(firstIds).toEqual(
      pushed
        .map((claim) => claim.id)
        .reverse()
        .slice(0, 25),
    );
    const next = required(nextHrefOf(first.body));
    const second = await anna.get(next);
    expect(claimLinksOf(second.body)).toEqual(
      pushed
        .map((claim) => claim.id)
        .reverse()
        .slice(25),
    );
    expect(nextHrefOf(second.body)).toBeNull();
    // A cursor that is no claim of this tenant gives an empty page, never an error.
    expect(claimLinksOf((await anna.get('/admin/schaeden?nach=00000000-0000-4000-8000-000000000000')).body)).toEqual(
      [],
    );
  });

  it('filters by status, route, search and assignment, and keeps the filter in the next page’s address', async () => {
    // Only the business customer's claims: the other tests change no status of theirs.
    const inProgress = pushed
      .filter((claim) => claim.customer === 'K2' && claim.status === 'in_progress')
      .map((claim) => claim.id);
    const filtered = await anna.get('/admin/schaeden?status=in_progress&suche=K2');
    expect(claimLinksOf(filtered.body).sort()).toEqual(inProgress.sort());
    const motor = pushed.filter((claim) => claim.customer === 'K1').map((claim) => claim.id);
    expect(claimLinksOf((await anna.get('/admin/schaeden?route=KFZ')).body).sort()).toEqual([...motor].sort());
    expect(claimLinksOf((await anna.get('/admin/schaeden?suche=eins')).body).sort()).toEqual([...motor].sort());
    expect(claimLinksOf((await anna.get('/admin/schaeden?suche=K1')).body).sort()).toEqual([...motor].sort());
    const one = required(pushed[3]);
    expect(claimLinksOf((await anna.get(`/admin/schaeden?suche=${one.insurerNumber}`)).body)).toEqual([one.id]);
    expect(claimLinksOf((await anna.get('/admin/schaeden?suche=%25')).body)).toEqual([]);
    const bakery = await anna.get('/admin/schaeden?suche=B%C3%A4ckerei&status=submitted');
    expect(nextHrefOf(bakery.body)).toBeNull();
    expect(claimLinksOf(bakery.body)).toHaveLength(
      pushed.filter((claim) => claim.customer === 'K2' && claim.status === 'submitted').length,
    );
    const paged = await anna.get('/admin/schaeden?suche=B%C3%A4ckerei');
    expect(nextHrefOf(paged.body)).toContain('suche=B%C3%A4ckerei');
    expect((await anna.get('/admin/schaeden?zugewiesen=not-an-id')).status).toBe(200);
  });

  it('assigns a claim to the tenant’s staff only, and the list filters by “me”, “nobody” and a colleague', async () => {
    const claim = required(pushed[0]);
    const detail = await anna.get(`/admin/schaeden/${claim.id}`);
    expect(detail.body).toContain('Bernd Bearbeiter');
    for (const assignee of [strangerId, maxId, '00000000-0000-4000-8000-000000000000', 'x']) {
      const refused = await anna.post(`/admin/schaeden/${claim.id}/zuweisung`, { assignee });
      expect(refused.status).toBe(422);
      expect(errorCodesOf(refused.body)).toEqual(['CLAIM_ASSIGNEE_INVALID']);
    }
    expect((await anna.post(`/admin/schaeden/${claim.id}/zuweisung`, { assignee: berndId })).status).toBe(303);
    expect(claimLinksOf((await anna.get(`/admin/schaeden?zugewiesen=${berndId}`)).body)).toEqual([claim.id]);
    expect(claimLinksOf((await anna.get('/admin/schaeden?zugewiesen=me')).body)).toEqual([]);
    const bernd = await logIn(portal, acme.origin, 'bernd@acme.example');
    expect(claimLinksOf((await bernd.get('/admin/schaeden?zugewiesen=me')).body)).toEqual([claim.id]);
    const nobody = claimLinksOf((await anna.get('/admin/schaeden?zugewiesen=nobody&status=submitted')).body);
    expect(nobody).not.toContain(claim.id);
    expect(nobody.length).toBeGreaterThan(0);
    expect((await anna.post(`/admin/schaeden/${claim.id}/zuweisung`, { assignee: annaId })).status).toBe(303);
    expect(claimLinksOf((await anna.get('/admin/schaeden?zugewiesen=me')).body)).toEqual([claim.id]);
    const audit = await portal.services.audit.listPage(acme.id, null, 1000);
    expect(audit.filter((row) => row.kind === 'claim.assigned')).toHaveLength(2);
  });

  it('moves the status on with a note: the customer gets a mail with the link only and sees note and numbers', async () => {
    const claim = required(pushed.find((item) => item.customer === 'K1'));
    const path = `/admin/schaeden/${claim.id}`;
    const wrong = await anna.post(`${path}/status`, { status: 'settled', note: '' });
    expect(wrong.status).toBe(409);
    expect(errorCodesOf(wrong.body)).toEqual(['CLAIM_STATUS_TRANSITION_INVALID']);
    const empty = await anna.post(`${path}/status`, { status: '', note: '   ' });
    expect(empty.status).toBe(422);
    expect(errorCodesOf(empty.body)).toEqual(['CLAIM_CHANGE_EMPTY']);
    const tooLong = await anna.post(`${path}/nummern`, { insurerClaimNumber: 'x'.repeat(61), brokerClaimNumber: '' });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body).toContain('x'.repeat(61));

    const note = 'Der Gutachter kommt am Montag um 10 Uhr.';
    const moved = await anna.post(`${path}/status`, { status: 'in_progress', note });
    expect(moved.status).toBe(303);
    expect(
      (await anna.post(`${path}/nummern`, { insurerClaimNumber: ' VS-77 ', brokerClaimNumber: 'M-2026-1' })).status,
    ).toBe(303);
    const mail = portal.smtp.waitForMail('max@example.com');
    await portal.deliverMail();
    const received = await mail;
    expect(received.subject).toBe('Neuigkeiten zu Ihrem Schaden');
    expect(received.text).toContain(`${acme.origin}/schaeden/${claim.id}`);
    expect(received.text).not.toContain('Gutachter');
    expect(received.html).not.toContain('Gutachter');

    const staffPage = textOf((await anna.get(path)).body);
    expect(staffPage).toContain('Gemeldet → In Bearbeitung');
    expect(staffPage).toContain('Anna Akte');
    const max = await logIn(portal, acme.origin, 'max@example.com');
    const page = textOf((await max.get(`/schaeden/${claim.id}`)).body);
    for (const shown of ['In Bearbeitung', note, 'VS-77', 'M-2026-1']) expect(page).toContain(shown);
    expect(page).not.toContain('Anna Akte');
    const list = textOf((await max.get('/schaeden')).body);
    expect(list).toContain('Schadennummer des Versicherers: VS-77');
    expect(list).toContain('Schadennummer des Maklers: M-2026-1');

    // Max does not see the business customer's claims, and their notes mail nobody.
    const other = required(pushed.find((item) => item.customer === 'K2' && item.status === 'submitted'));
    expect((await max.get(`/schaeden/${other.id}`)).status).toBe(404);
    await anna.post(`/admin/schaeden/${other.id}/status`, { status: '', note: 'Nur für die Bäckerei.' });
    expect(await portal.deliverMail()).toBe(0);
    const kinds = (await portal.services.audit.listPage(acme.id, null, 1000)).map((row) => row.kind);
    expect(kinds.filter((kind) => kind === 'claim.status_changed')).toHaveLength(2);
    expect(kinds.filter((kind) => kind === 'claim.numbers_changed')).toHaveLength(1);
  });

  it('answers 404 for a claim of another tenant, an unknown id and one that is no id', async () => {
    const stranger = await logIn(portal, beta.origin, 'fremd@beta.example');
    const claim = required(pushed[1]);
    expect((await stranger.get(`/admin/schaeden/${claim.id}`)).status).toBe(404);
    expect((await stranger.post(`/admin/schaeden/${claim.id}/status`, { status: 'closed' })).status).toBe(404);
    expect((await stranger.post(`/admin/schaeden/${claim.id}/zuweisung`, { assignee: '' })).status).toBe(404);
    expect(claimLinksOf((await stranger.get('/admin/schaeden')).body)).toEqual([]);
    expect((await anna.get('/admin/schaeden/not-an-id')).status).toBe(404);
  });
});
