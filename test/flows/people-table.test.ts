import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import type { Tenant } from '../../src/modules/tenants/tenant.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { errorCodesOf, personEntryOf, textOf, type Client } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

/** More people than the old in-memory lists ever loaded, in one grant; most share one name. */
const MEMBERS = 1_050;
const SAME_NAME = 'Gleich Name';

describe(`the people table pages, searches and acts in the database (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  /** The bulk actions' tenant: deactivating there leaves the counts of the other tests as they are. */
  let gamma: { id: string; host: string; origin: string };
  let grantId: string;
  let staff: Client;

  async function tenantOf(id: string): Promise<Tenant> {
    return required(await portal.services.tenants.findTenantById(id));
  }

  /** Every row's e-mail on a page of the table, in order. */
  function emailsOn(body: string): string[] {
    return [...body.matchAll(/<tr data-person="([^"]+)">/g)].map((match) => required(match[1]));
  }

  function linkOf(body: string, rel: 'next' | 'prev'): string | null {
    const href = new RegExp(`<a href="([^"]+)" rel="${rel}">`).exec(body)?.[1];
    return href === undefined ? null : href.replaceAll('&amp;', '&');
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz');
    await activatePerson(portal, acme, 'chefin@acme.example', 'staff_admin');
    // Set up before the members are invited: activating delivers every queued mail, and the members'
    // thousand invitation mails are not what any test here is about.
    gamma = await createTestTenant(portal, 'gamma', 'Gamma Makler');
    await activatePerson(portal, gamma, 'chefin@gamma.example', 'staff_admin');
    for (const index of [1, 2, 3]) {
      const email = `sammel-${index}@example.com`;
      await portal.services.invitations.invite({ tenantId: gamma.id, email, name: SAME_NAME, role: 'policyholder' });
    }
    const grant = await portal.services.grants.createGrant(acme.id, {
      name: 'Großkunde',
      kind: 'customer',
      customerNumbers: ['K-777'],
    });
    grantId = grant.id;
    const tenant = await tenantOf(acme.id);
    for (let start = 0; start < MEMBERS; start += 525) {
      const items = Array.from({ length: 525 }, (_, offset) => {
        const index = start + offset;
        return {
          email: `mitglied-${String(index).padStart(4, '0')}@example.com`,
          name: index % 7 === 0 ? `Anders ${index}` : SAME_NAME,
          kind: 'policyholder' as const,
          grant: { id: grant.id },
        };
      });
      const results = await portal.services.invitations.inviteMany(
        tenant,
        items.map(({ kind, ...item }) => ({ ...item, role: kind })),
        { origin: CLI_ORIGIN },
      );
      expect(results.every((result) => result.state === 'invited')).toBe(true);
    }
    await portal.services.invitations.invite({
      tenantId: beta.id,
      email: 'fremd@example.com',
      name: SAME_NAME,
      role: 'policyholder',
    });
    staff = await logIn(portal, acme.origin, 'chefin@acme.example');
  }, 120_000);
  afterAll(() => portal.close());

  it('walks every page forward and back without a person twice or missing, equal names included', async () => {
    for (const sort of ['', '&sortierung=status&richtung=ab', '&sortierung=adresse', '&sortierung=anmeldung']) {
      const seen: string[] = [];
      const pages: string[][] = [];
      let path: string | null = `/admin/people?art=policyholder${sort}`;
      // The page the walk ends on: the last one, reached from the first by its "next" links.
      let last = '';
      while (path !== null) {
        const body: string = (await staff.get(path)).body;
        last = body;
        const emails = emailsOn(body);
        expect(emails.length).toBeLessThanOrEqual(50);
        seen.push(...emails);
        pages.push(emails);
        path = linkOf(body, 'next');
      }
      expect(new Set(seen).size, sort).toBe(MEMBERS);
      expect(seen.length, sort).toBe(MEMBERS);
      expect(pages).toHaveLength(Math.ceil(MEMBERS / 50));
      // A cursor that is none starts at the beginning, with no page before it.
      const unknown = (await staff.get(`/admin/people?art=policyholder${sort}&nach=kein-cursor`)).body;
      expect(linkOf(unknown, 'prev')).toBeNull();
      expect(emailsOn(unknown)).toEqual(pages[0]);
      // Back from the last page, the previous page is exactly the one seen before it.
      const back = linkOf(last, 'prev');
      expect(emailsOn((await staff.get(required(back))).body)).toEqual(pages[pages.length - 2]);
    }
  }, 120_000);

  it('sorts by name with equal names in a stable order', async () => {
    const first = emailsOn((await staff.get('/admin/people?art=policyholder')).body);
    expect(first[0]).toBe('mitglied-0000@example.com');
    const descending = emailsOn((await staff.get('/admin/people?art=policyholder&richtung=ab')).body);
    expect(
      personEntryOf((await staff.get('/admin/people?art=policyholder&richtung=ab')).body, required(descending[0])),
    ).toContain(SAME_NAME);
  });

  it('counts above 1,000 in the table, on the grant page and before deleting the grant', async () => {
    expect(textOf((await staff.get('/admin/people')).body)).toContain(
      `${(MEMBERS + 1).toLocaleString('de-DE')} Personen`,
    );
    expect(textOf((await staff.get(`/admin/people?freischaltung=${grantId}`)).body)).toContain('1.050 Personen');
    expect(await portal.services.people.countPeople(acme.id, { grantId })).toBe(MEMBERS);
    const grantPage = (await staff.get(`/admin/grants/${grantId}`)).body;
    expect(textOf(grantPage)).toContain('1.050 Personen');
    expect(emailsOn(grantPage)).toEqual([]);
    expect([...grantPage.matchAll(/Zugang von .+? entfernen/g)]).toHaveLength(50);
    const secondPage = (await staff.get(required(linkOf(grantPage, 'next')))).body;
    expect([...secondPage.matchAll(/Zugang von .+? entfernen/g)]).toHaveLength(50);
    expect(textOf((await staff.get(`/admin/grants/${grantId}/delete`)).body)).toContain(
      '1.050 Personen haben Zugang über diese Freischaltung',
    );
  });

  it('searches name, address and customer number, and filters state, kind and grant', async () => {
    expect(emailsOn((await staff.get('/admin/people?suche=Anders%207')).body)).toEqual(
      expect.arrayContaining(['mitglied-0007@example.com', 'mitglied-0070@example.com']),
    );
    expect(emailsOn((await staff.get('/admin/people?suche=mitglied-1049')).body)).toEqual([
      'mitglied-1049@example.com',
    ]);
    expect(textOf((await staff.get('/admin/people?suche=k-777')).body)).toContain('1.050 Personen');
    // Wildcards are taken as text.
    expect(textOf((await staff.get('/admin/people?suche=%25')).body)).toContain('0 Personen');
    expect(emailsOn((await staff.get('/admin/people?art=staff')).body)).toEqual(['chefin@acme.example']);
    expect(textOf((await staff.get('/admin/people?status=active')).body)).toContain('1 Person');
    expect(textOf((await staff.get('/admin/people?status=invited')).body)).toContain('1.050 Personen');
    expect(textOf((await staff.get('/admin/people?status=deactivated')).body)).toContain('0 Personen');
    // A grant of another tenant, or no id at all, finds nobody.
    const other = await portal.services.grants.createGrant(beta.id, { name: 'Fremd', kind: 'customer' });
    expect(textOf((await staff.get(`/admin/people?freischaltung=${other.id}`)).body)).toContain('0 Personen');
    expect((await staff.get('/admin/people?freischaltung=kein-uuid&nach=%%%')).status).toBe(200);
    expect(textOf((await staff.get('/admin/people?suche=fremd')).body)).toContain('0 Personen');
  });

  it('names who a bulk action reaches before it runs, and leaves out other tenants and who it does not apply to', async () => {
    const staff = await logIn(portal, gamma.origin, 'chefin@gamma.example');
    const personOf = async (search: string) =>
      required((await portal.services.people.listPeople(gamma.id, { search }))[0]);
    const [first, second] = [await personOf('sammel-1'), await personOf('sammel-2')];
    const chefin = required((await portal.services.people.listPeople(gamma.id, { kind: 'staff' }))[0]);
    const stranger = required((await portal.services.people.listPeople(beta.id))[0]);
    await staff.get('/admin/people');
    const ids = [required(first).identityId, required(second).identityId, chefin.identityId, stranger.identityId];

    expect(
      (await staff.post('/admin/people/bulk', { action: 'deactivate', person: ids }, { origin: 'http://evil.example' }))
        .status,
    ).toBe(403);
    expect((await staff.post('/admin/people/bulk', { action: 'loeschen', person: ids })).status).toBe(400);
    await staff.get('/admin/people');
    const noneChosen = await staff.post('/admin/people/bulk', { action: 'deactivate', person: [] });
    expect(noneChosen.status).toBe(422);
    expect(errorCodesOf(noneChosen.body)).toEqual(['PEOPLE_NONE_CHOSEN']);

    const confirmation = await staff.post('/admin/people/bulk', { action: 'deactivate', person: ids });
    expect(confirmation.status).toBe(200);
    const affected = /<ul class="list" id="bulk-affected">([\s\S]*?)<\/ul>/.exec(confirmation.body)?.[1] ?? '';
    expect(affected).toContain(required(first).email);
    expect(affected).toContain(required(second).email);
    expect(affected).not.toContain('chefin@gamma.example');
    expect(confirmation.body).not.toContain('fremd@example.com');
    expect(textOf(confirmation.body)).toContain('Betroffen sind 2 Personen');
    // Nothing has changed before the confirmation.
    expect((await portal.services.people.getPerson(gamma.id, required(first).identityId)).state).toBe('invited');

    const done = await staff.post('/admin/people/bulk/confirm', { action: 'deactivate', person: ids });
    expect(done.location).toBe('/admin/people?erledigt=2&abgelehnt=0');
    expect(textOf((await staff.get(required(done.location))).body)).toContain('Erledigt für 2 von 2 Personen.');
    expect((await portal.services.people.getPerson(gamma.id, required(first).identityId)).state).toBe('deactivated');
    expect((await portal.services.people.getPerson(gamma.id, chefin.identityId)).state).toBe('active');
    expect(required((await portal.services.people.listPeople(beta.id))[0]).state).toBe('invited');

    // A resend to an invited person a minute after the last invitation goes out; one already deactivated is passed
    // over.
    portal.clock.advance(2 * 60_000);
    await staff.get('/admin/people');
    const resend = await staff.post('/admin/people/bulk', {
      action: 'resend',
      person: [required(first).identityId, chefin.identityId],
    });
    expect(textOf(resend.body)).toContain('Für keine der ausgewählten Personen ist diese Aktion möglich.');
    const third = await personOf('sammel-3');
    await staff.get('/admin/people');
    expect(
      (await staff.post('/admin/people/bulk/confirm', { action: 'resend', person: [third.identityId] })).location,
    ).toBe('/admin/people?erledigt=1&abgelehnt=0');
  }, 90_000);

  it('shows only the row actions that apply', async () => {
    const body = (await staff.get('/admin/people?suche=mitglied-0010')).body;
    const row = /<tr data-person="mitglied-0010@example.com">([\s\S]*?)<\/tr>/.exec(body)?.[1] ?? '';
    expect(row).toContain('/resend');
    expect(row).not.toContain('Sperre aufheben');
    expect(row).not.toContain('Zweiten Faktor zurücksetzen');
    const own = (await staff.get('/admin/people?art=staff')).body;
    expect(personEntryOf(own, 'chefin@acme.example')).not.toContain('Zweiten Faktor zurücksetzen');
    expect(personEntryOf(own, 'chefin@acme.example')).not.toContain('Deaktivieren');
  });

  it("shows one person's page with Freischaltungen, customer numbers and invitations; another tenant's person is not found", async () => {
    const member = required((await portal.services.people.listPeople(acme.id, { search: 'mitglied-0042' }))[0]);
    const page = await staff.get(`/admin/people/${member.identityId}`);
    expect(page.status).toBe(200);
    expect(/<ul class="list" id="person-grants">[\s\S]*?Großkunde/.test(page.body)).toBe(true);
    expect(/<p id="person-customers">K-777<\/p>/.test(page.body)).toBe(true);
    expect([...page.body.matchAll(/<ul class="list" id="person-invitations">/g)]).toHaveLength(1);
    const stranger = required((await portal.services.people.listPeople(beta.id))[0]);
    expect((await staff.get(`/admin/people/${stranger.identityId}`)).status).toBe(404);
    expect((await staff.get('/admin/people/kein-uuid')).status).toBe(404);
  });
});
