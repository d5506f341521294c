import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activatePerson, enrolSecondFactor, logIn, ticketFrom } from '../support/accounts.js';
import { createClient, errorCodesOf, textOf, type Client } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

/** The refusal a page shows: its codes (data-error-code) and its text. */
const refusalOf = (page: { status: number; body: string }) => ({
  status: page.status,
  codes: errorCodesOf(page.body),
  text: textOf(page.body),
});

describe(`stable codes on the import, the audit log's filter and the login (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let admin: Client;

  async function upload(client: Client, content: string, field = 'csv') {
    await client.get('/admin/import');
    return client.upload('/admin/import', {}, { field, filename: 'kunden.csv', type: 'text/csv', data: content });
  }

  async function inEnglish(client: Client, returnTo: string): Promise<void> {
    expect((await client.post('/language', { language: 'en', returnTo })).status).toBe(303);
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    await activatePerson(portal, acme, 'chefin@acme.example', 'staff_admin');
    admin = await logIn(portal, acme.origin, 'chefin@acme.example');
  });
  afterAll(() => portal.close());

  it('names each problem of an invitation CSV file by its code, in German and in English', async () => {
    const missing = refusalOf(await upload(admin, 'email;name\n', 'anderes'));
    expect(missing.status).toBe(422);
    expect(missing.codes).toEqual(['CSV_FILE_MISSING']);
    expect(missing.text).toContain('Bitte wählen Sie eine CSV-Datei aus.');

    const headerOnly = refusalOf(await upload(admin, 'email;name\n'));
    expect(headerOnly.codes).toEqual(['CSV_HEADER_ONLY']);
    expect(headerOnly.text).toContain('Die Datei enthält nur die Kopfzeile.');

    const broken = refusalOf(await upload(admin, 'email;name\n"offen;Name\n'));
    expect(broken.codes).toEqual(['CSV_MALFORMED_AT_LINE']);
    expect(broken.text).toContain('Die Datei ist keine gültige CSV-Datei (Zeile 2).');

    const headless = refusalOf(await upload(admin, 'adresse;wer\nx@example.com;X\n'));
    expect(headless.codes).toEqual(['CSV_HEADER_MISSING']);

    await admin.get('/admin/import/gdv');
    const gdv = await admin.upload('/admin/import/gdv', {}, { field: 'gdv', filename: 'leer.gdv', type: '', data: '' });
    expect(refusalOf(gdv)).toMatchObject({ status: 422, codes: ['GDV_FILE_MISSING'] });
    expect(textOf(gdv.body)).toContain('Bitte wählen Sie eine GDV-Datei aus.');

    const englishClient = await logIn(portal, acme.origin, 'chefin@acme.example');
    await inEnglish(englishClient, '/admin/import');
    const english = refusalOf(await upload(englishClient, ''));
    expect(english.status).toBe(422);
    expect(english.codes).toEqual(['CSV_FILE_EMPTY']);
    expect(english.text).toContain('The file is empty.');
  });

  it('names each refused filter of the audit log by its code next to its field, answering 422', async () => {
    const person = refusalOf(await admin.get('/admin/audit?person=keine-adresse'));
    expect(person.status).toBe(422);
    expect(person.codes).toEqual(['AUDIT_FILTER_EMAIL_INVALID']);
    expect(person.text).toContain('Bitte geben Sie eine vollständige E-Mail-Adresse ein, z. B. name@beispiel.de.');

    const days = refusalOf(await admin.get('/admin/audit?von=31.02.2026&bis=1.3.2026'));
    expect(days.status).toBe(422);
    expect(days.codes).toEqual(['DAY_FILTER_INVALID']);
    expect(days.text).toContain('Bitte geben Sie einen gültigen Tag ein, z. B. 01.03.2026.');

    const reversed = refusalOf(await admin.get('/admin/audit?von=2026-03-02&bis=2026-03-01'));
    expect(reversed.codes).toEqual(['DAY_RANGE_REVERSED']);
    expect(reversed.text).toContain('Der Tag „bis“ liegt vor dem Tag „von“.');

    const englishClient = await logIn(portal, acme.origin, 'chefin@acme.example');
    await inEnglish(englishClient, '/admin/audit');
    const english = refusalOf(await englishClient.get('/admin/audit?person=keine-adresse&bis=gestern'));
    expect(english.codes).toEqual(['AUDIT_FILTER_EMAIL_INVALID', 'DAY_FILTER_INVALID']);
    expect(english.text).toContain('Please enter a complete e-mail address, e.g. name@example.com.');
    expect(english.text).toContain('Please enter a valid day');
  });

  it('answers a refused login and a wrong code with their codes, in German and in English', async () => {
    const browser = createClient(portal.app, acme.origin);
    await browser.get('/login');
    const wrong = refusalOf(await browser.post('/login', { email: 'chefin@acme.example', password: 'falsch' }));
    expect(wrong.status).toBe(401);
    expect(wrong.codes).toEqual(['LOGIN_FAILED']);
    expect(wrong.text).toContain('Anmeldung nicht möglich');
    expect(wrong.text).toContain(
      'E-Mail-Adresse oder Passwort sind nicht korrekt, oder für diese Adresse besteht hier kein Zugang.',
    );

    await inEnglish(browser, '/login');
    await browser.get('/login');
    const english = refusalOf(await browser.post('/login', { email: 'niemand@example.com', password: 'falsch' }));
    expect(english.codes).toEqual(['LOGIN_FAILED']);
    expect(english.text).toContain(
      'The e-mail address or password is not correct, or this address has no access here.',
    );

    await activatePerson(portal, acme, 'code@acme.example', 'staff_user');
    await enrolSecondFactor(await logIn(portal, acme.origin, 'code@acme.example'), portal.clock.now);
    portal.clock.advance(60_000);
    const second = createClient(portal.app, acme.origin);
    await second.get('/login');
    const asked = await second.post('/login', { email: 'code@acme.example', password: 'Ein langer Satz 4 mich!' });
    const refused = refusalOf(
      await second.post('/login/second-factor', { ticket: ticketFrom(asked.body), code: '000000' }),
    );
    expect(refused.status).toBe(401);
    expect(refused.codes).toEqual(['LOGIN_CODE_WRONG']);
    expect(refused.text).toContain(
      'Der Code ist nicht korrekt oder wurde schon verwendet. Bitte geben Sie den aktuellen Code ein.',
    );
  });
});
