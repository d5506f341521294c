import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, textOf, type Client } from '../support/browserless-client.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

describe(`the audit log in the workspace (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  let staff: Client;

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    await activatePerson(portal, acme, 'mitarbeiter@acme.example', 'staff_user');
    await activatePerson(portal, acme, 'kunde@example.com', 'policyholder');
    await activatePerson(portal, beta, 'beta-kunde@example.com', 'policyholder');
    // A failed login whose browser name tries to be a spreadsheet formula.
    const attacker = createClient(portal.app, acme.origin, {
      'user-agent': '=HYPERLINK("http://evil.example","klick")',
      'x-forwarded-for': '203.0.113.9',
    });
    await attacker.get('/login');
    expect((await attacker.post('/login', { email: 'kunde@example.com', password: 'falsch-Falsch-1!' })).status).toBe(
      401,
    );
    await logIn(portal, beta.origin, 'beta-kunde@example.com');
    staff = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
  });
  afterAll(() => portal.close());

  it("is for the tenant's staff, and customers find nothing", async () => {
    expect((await createClient(portal.app, acme.origin).get('/admin/audit')).location).toBe('/login');
    const customer = await logIn(portal, acme.origin, 'kunde@example.com');
    expect((await customer.get('/admin/audit')).status).toBe(404);
    expect((await customer.get('/admin/audit.csv')).status).toBe(404);
  });

  it('lists what happened in this tenant only: who, when, from where', async () => {
    const page = await staff.get('/admin/audit');
    expect(page.status).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Anmeldung fehlgeschlagen');
    expect(text).toContain('Passwort festgelegt');
    expect(text).toContain('Einladung verschickt');
    expect(text).toContain('kunde@example.com');
    expect(text).not.toContain('beta-kunde@example.com');
    // Staff actions and own actions are told apart.
    expect(text).toContain('die Person selbst');
  });

  it('filters by person and by kind of event', async () => {
    const byPerson = textOf((await staff.get('/admin/audit?person=KUNDE%40example.com')).body);
    expect(byPerson).toContain('kunde@example.com');
    expect(byPerson).not.toContain('mitarbeiter@acme.example');
    const byKind = await staff.get('/admin/audit?ereignis=login.failed');
    const table = textOf(/<tbody>[\s\S]*<\/tbody>/.exec(byKind.body)?.[0] ?? '');
    expect(table).toContain('Anmeldung fehlgeschlagen');
    expect(table).not.toContain('Passwort festgelegt');
    expect(byKind.body).toContain('<option value="login.failed" selected="">');
  });

  it('answers a malformed filter with a message, and ignores unknown kinds and cursors', async () => {
    const bad = await staff.get('/admin/audit?person=%3Cscript%3E');
    expect(bad.status).toBe(422);
    expect(textOf(bad.body)).toContain('Bitte geben Sie eine vollständige E-Mail-Adresse ein');
    expect(bad.body).not.toContain('<script>');
    expect((await staff.get('/admin/audit?ereignis=%00drop&vor=gestern')).status).toBe(200);
    expect((await staff.get(`/admin/audit?person=${'a'.repeat(5000)}`)).status).toBe(422);
  });

  it('pages back in time without repeating or losing an entry', async () => {
    // A tenant of its own: sixty entries here would push the other tests' entries off the first page.
    const gamma = await createTestTenant(portal, 'gamma', 'Gamma Makler');
    await activatePerson(portal, gamma, 'mitarbeiter@gamma.example', 'staff_user');
    const gammaStaff = await logIn(portal, gamma.origin, 'mitarbeiter@gamma.example');
    for (let index = 0; index < 60; index += 1) {
      portal.clock.advance(1000);
      await portal.services.audit.record({
        kind: 'settings.changed',
        tenantId: gamma.id,
        identityId: null,
        origin: { client: '198.51.100.1', userAgent: null },
        detail: `Eintrag ${index}`,
      });
    }
    const seen: string[] = [];
    let path: string | null = '/admin/audit?ereignis=settings.changed';
    while (path !== null) {
      const page: string = (await gammaStaff.get(path)).body;
      seen.push(...[...page.matchAll(/Eintrag (\d+)/g)].map((match) => required(match[1])));
      const next = /<a href="(\/admin\/audit\?[^"]*vor=[^"]+)">Ältere Einträge<\/a>/.exec(page)?.[1];
      path = next === undefined ? null : next.replaceAll('&amp;', '&');
    }
    expect(seen).toEqual(Array.from({ length: 60 }, (_, index) => String(59 - index)));
  });

  it('exports the filtered log as CSV that a spreadsheet cannot run as formulas', async () => {
    const csv = await staff.get('/admin/audit.csv?ereignis=login.failed');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="protokoll-acme.csv"');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      'Zeit (UTC);Zeit (Berlin);Ereignis-Code;Ereignis;Details;Person;Ausgeführt von;Adresse;Browser;Freischaltung',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(';login.failed;Anmeldung fehlgeschlagen;;kunde@example.com;die Person selbst;');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""klick"")"`);
    expect(csv.body).not.toContain('beta-kunde');
  });
});
