import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activatePerson, logIn } from '../support/accounts.js';
import { textOf, type Client } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

const ORIGIN = { client: '198.51.100.7', userAgent: null };

/** The rows of the Protokoll's table, as text. */
function tableOf(body: string): string {
  return textOf(/<tbody>[\s\S]*<\/tbody>/.exec(body)?.[0] ?? '');
}

describe(`the Protokoll names the Freischaltung, filters by days in Berlin and speaks English (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  let staff: Client;

  async function recordAt(iso: string, detail: string): Promise<void> {
    portal.clock.set(new Date(iso));
    await portal.services.audit.record({
      kind: 'settings.changed',
      tenantId: acme.id,
      identityId: null,
      origin: ORIGIN,
      detail,
    });
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    // Around the night the clocks go forward in 2027 (28 March, 02:00 → 03:00 in Berlin).
    await recordAt('2027-03-27T22:59:59Z', 'Tag 27 spät'); // 27.03. 23:59:59 CET
    await recordAt('2027-03-27T23:00:00Z', 'Tag 28 früh'); // 28.03. 00:00:00 CET
    await recordAt('2027-03-28T21:59:59Z', 'Tag 28 spät'); // 28.03. 23:59:59 CEST
    await recordAt('2027-03-28T22:00:00Z', 'Tag 29 früh'); // 29.03. 00:00:00 CEST
    await recordAt('2027-03-30T10:00:00Z', 'Geändert: Farbe, Sprache');
    portal.clock.set(new Date('2027-04-01T08:00:00Z'));
    await activatePerson(portal, acme, 'chefin@acme.example', 'staff_admin');
    await activatePerson(portal, beta, 'chef@beta.example', 'staff_admin');
    staff = await logIn(portal, acme.origin, 'chefin@acme.example');
  });
  afterAll(() => portal.close());

  it('keeps whole Berlin days, from the start of "von" to the end of "bis", across the change of clocks', async () => {
    const day = tableOf((await staff.get('/admin/audit?von=2027-03-28&bis=2027-03-28')).body);
    expect(day).toContain('Tag 28 früh');
    expect(day).toContain('Tag 28 spät');
    expect(day).not.toContain('Tag 27 spät');
    expect(day).not.toContain('Tag 29 früh');
    // Typed in German without a date picker, and only one end.
    const from = tableOf((await staff.get('/admin/audit?von=29.3.2027&ereignis=settings.changed')).body);
    expect(from).toContain('Tag 29 früh');
    expect(from).not.toContain('Tag 28 spät');
    const until = tableOf((await staff.get('/admin/audit?bis=2027-03-27')).body);
    expect(until).toContain('Tag 27 spät');
    expect(until).not.toContain('Tag 28 früh');
    const page = (await staff.get('/admin/audit?von=2027-03-28&bis=2027-03-28')).body;
    expect(page).toContain('value="2027-03-28"');
    expect(page).toContain('href="/admin/audit.csv?von=2027-03-28&amp;bis=2027-03-28"');
    const csv = (await staff.get('/admin/audit.csv?von=2027-03-28&bis=2027-03-28')).body.trim().split('\n');
    expect(csv).toHaveLength(3);
  });

  it('answers a day range that ends before it begins, or no day at all, next to its field and never with a 500', async () => {
    const backwards = await staff.get('/admin/audit?von=2027-03-29&bis=2027-03-28');
    expect(backwards.status).toBe(422);
    expect(textOf(backwards.body)).toContain('Der Tag „bis“ liegt vor dem Tag „von“.');
    expect(backwards.body).toMatch(/<input id="filter-until" name="bis" type="date"[^>]*aria-invalid="true"/);
    expect(tableOf(backwards.body)).toBe('');
    for (const bad of ['2027-02-30', 'morgen', '2027-13-01', '31.04.2027', '1.1.1900', '9'.repeat(500)]) {
      const answer = await staff.get(`/admin/audit?von=${encodeURIComponent(bad)}`);
      expect(answer.status, bad).toBe(422);
      expect(textOf(answer.body), bad).toContain('Bitte geben Sie einen gültigen Tag ein');
    }
    expect((await staff.get('/admin/audit.csv?von=2027-03-29&bis=2027-03-28')).status).toBe(400);
    expect((await staff.get('/admin/audit?von=&bis=')).status).toBe(200);
  });

  it('names the Freischaltung of grant events: as it is called now, or as it was called when it is gone', async () => {
    const muster = await portal.services.grants.createGrant(acme.id, { name: 'Familie Muster', kind: 'customer' });
    await portal.services.grants.updateGrant(acme.id, muster.id, { name: 'Familie Muster-Schmidt' });
    const stein = await portal.services.grants.createGrant(acme.id, { name: 'Firma Stein', kind: 'customer' });
    await portal.services.grants.deleteGrant(acme.id, stein.id);
    await portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'erika@example.com',
      name: 'Erika Muster',
      role: 'policyholder',
      grantName: 'Familie Muster-Schmidt',
    });
    const betaGrant = await portal.services.grants.createGrant(beta.id, { name: 'Beta geheim', kind: 'customer' });
    expect(betaGrant.id).toBeDefined();

    const created = tableOf((await staff.get('/admin/audit?ereignis=grant.created')).body);
    expect(created).toContain('Freischaltung angelegt · Freischaltung „Familie Muster-Schmidt“');
    expect(created).toContain('Freischaltung angelegt · Freischaltung „Firma Stein“');
    expect(tableOf((await staff.get('/admin/audit?ereignis=grant.deleted')).body)).toContain(
      'Freischaltung gelöscht · Freischaltung „Firma Stein“',
    );
    expect(tableOf((await staff.get('/admin/audit?ereignis=invitation.created')).body)).toContain(
      'Einladung verschickt · Freischaltung „Familie Muster-Schmidt“',
    );
    const all = (await staff.get('/admin/audit')).body;
    expect(all).not.toContain('Beta geheim');
    const csv = (await staff.get('/admin/audit.csv?ereignis=grant.deleted')).body.replace(/^\uFEFF/, '');
    expect(csv.split('\n')[0]).toMatch(/;Browser;Freischaltung$/);
    expect(csv).toContain(';Firma Stein');
  });

  it("shows the events' details and the filter's refusals in the reader's language", async () => {
    await portal.services.grants.createGrant(acme.id, { name: 'Familie English', kind: 'customer' });
    await staff.get('/admin/audit');
    await staff.post('/language', { language: 'en', returnTo: '/admin/audit' });
    const english = tableOf((await staff.get('/admin/audit?ereignis=settings.changed')).body);
    expect(english).toContain('Changed: Colour, Language');
    expect(english).not.toContain('Geändert');
    expect(tableOf((await staff.get('/admin/audit?ereignis=grant.created')).body)).toContain(
      'access grant “Familie English”',
    );
    const backwards = await staff.get('/admin/audit?von=2027-03-29&bis=2027-03-28');
    expect(backwards.status).toBe(422);
    expect(textOf(backwards.body)).toContain('The day “until” is before the day “from”.');
    await staff.post('/language', { language: 'de', returnTo: '/admin/audit' });
    expect(tableOf((await staff.get('/admin/audit?ereignis=settings.changed')).body)).toContain(
      'Geändert: Farbe, Sprache',
    );
  });
});
