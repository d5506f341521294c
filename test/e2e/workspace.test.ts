/**
 * The broker's workspace as its staff use it: a real `portico start`, mail over real SMTP, and
 * Chromium clicking through settings, import and audit log. Each step checks what the affected
 * person then sees or receives, and every page passes the accessibility check.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { chromiumAvailableOrWarn } from '../support/browser.js';
import { logInAt, navigateBy, waitForHeading, logInAsNewAcmeAdmin, setPasswordFromMail } from '../support/e2e-pages.js';
import { createStepRunner, startE2eEnvironment, stopE2eEnvironment } from '../support/e2e-run.js';
import type { PorticoProcess } from '../support/portico-process.js';
import { linkFrom, type SmtpReceiver } from '../support/smtp-receiver.js';
import { databaseKind, type TestDatabase } from '../support/test-database.js';
import { required } from '../../src/shared/required.js';

const chromiumAvailable = chromiumAvailableOrWarn();

const PASSWORD = 'Blauer Elefant 7!';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const STEP_TIMEOUT = 30_000;

describe.skipIf(!chromiumAvailable)(`the broker's workspace in Chromium (${databaseKind})`, () => {
  let smtp: SmtpReceiver;
  let database: TestDatabase | null;
  let portico: PorticoProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let acmeUrl: string;
  let newHostUrl: string;
  /** The invitation link of the person a Freischaltung is shared with (f2), used again after it is deleted (f4). */
  let bergLink: string;
  /** The key created in the browser (g), used by the CRM and revoked later (g2). */
  let apiKey: string;
  const files = mkdtempSync(join(tmpdir(), 'portico-workspace-'));

  beforeAll(async () => {
    ({ smtp, database, portico, browser, context, page, acmeUrl } = await startE2eEnvironment({
      viewport: { width: 390, height: 844 },
    }));
    newHostUrl = `http://kunden.acme.localhost:${portico.port}`;
  }, 60_000);

  afterAll(() => stopE2eEnvironment({ smtp, database, portico, browser, context }));

  const step = createStepRunner({ timeout: STEP_TIMEOUT });

  async function logIn(baseUrl: string, email: string): Promise<void> {
    await logInAt(page, baseUrl, email, PASSWORD);
  }

  async function logOut(): Promise<void> {
    await navigateBy(page, () => page.getByRole('button', { name: 'Abmelden' }).first().click());
  }

  step(
    'a. the operator creates the broker and its administrator, who sets a password, finds the workspace and ' +
      'invites a member of staff',
    async () => {
      await logInAsNewAcmeAdmin(portico, smtp, page, PASSWORD);
      await navigateBy(page, () =>
        page
          .getByRole('link', { name: /Verwaltung/ })
          .first()
          .click(),
      );
      await waitForHeading(page, 'Verwaltung');
      // The administrator invites a colleague of the staff, who receives the invitation like everybody.
      await page.goto(`${acmeUrl}/admin/people`);
      await waitForHeading(page, 'Personen');
      await page.getByText('Person einladen (Freischaltung)').click();
      await page.getByLabel('E-Mail-Adresse', { exact: true }).fill('mitarbeiter@acme.example');
      await page.getByLabel('Vollständiger Name').fill('Mirko Mitarbeiter');
      await page.getByLabel('Art des Zugangs').selectOption({ label: 'Mitarbeitende (Verwaltung)' });
      await navigateBy(page, () => page.getByRole('button', { name: 'Einladen' }).click());
      expect(await waitForHeading(page, 'Personen')).toContain('Mirko Mitarbeiter');
      await logOut();
      await setPasswordFromMail(page, smtp, 'mitarbeiter@acme.example', PASSWORD, acmeUrl);
      await logIn(acmeUrl, 'chefin@acme.example');
      await waitForHeading(page, 'Willkommen');
    },
  );

  step(
    'b. the administrator is refused a colour white text cannot be read on, then gives the portal its ' +
      'colour, sender and reply-to address',
    async () => {
      await page.goto(`${acmeUrl}/admin/settings`);
      await waitForHeading(page, 'Einstellungen');
      await page.locator('#field-primaryColor').fill('#ffd700');
      await navigateBy(page, () => page.getByRole('button', { name: 'Einstellungen speichern' }).click());
      const refused = await waitForHeading(page, 'Einstellungen');
      expect(refused).toContain('Weiße Schrift auf dieser Farbe ist schwer lesbar');
      await page.locator('#field-primaryColor').fill('#0b5394');
      await page.getByLabel('Absendername der E-Mails (optional)').fill('Acme Kundenservice');
      await page.getByLabel('Antwortadresse (optional)').fill('service@acme.example');
      await page.getByLabel('Gültigkeit einer Einladung in Tagen').fill('10');
      await navigateBy(page, () => page.getByRole('button', { name: 'Einstellungen speichern' }).click());
      expect(await waitForHeading(page, 'Einstellungen')).toContain('Die Einstellungen sind gespeichert');
      expect(await page.locator('.site-header').evaluate((element) => getComputedStyle(element).backgroundColor)).toBe(
        'rgb(11, 83, 148)',
      );
    },
  );

  step("c. a logo uploaded in the browser appears in the header of the customers' login page", async () => {
    const logoFile = join(files, 'logo.png');
    writeFileSync(logoFile, PNG);
    await page.locator('#field-logo').setInputFiles(logoFile);
    await navigateBy(page, () => page.getByRole('button', { name: 'Logo hochladen' }).click());
    expect(await waitForHeading(page, 'Einstellungen')).toContain('Das Logo ist gespeichert');
    const customer = await required(context.browser()).newContext();
    const loginPage = await customer.newPage();
    await loginPage.goto(`${acmeUrl}/login`);
    const logo = loginPage.locator('header img.site-logo');
    await logo.waitFor();
    expect(await logo.evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBe(1);
    await customer.close();
  });

  step(
    'd. a new address becomes the primary one and the next invitation links there, from the chosen sender; a ' +
      'removed address serves nothing',
    async () => {
      await page.getByLabel('Weitere Adresse').fill(`kunden.acme.localhost:${portico.port}`);
      await navigateBy(page, () => page.getByRole('button', { name: 'Adresse hinzufügen' }).click());
      expect(await waitForHeading(page, 'Einstellungen')).toContain('Die Adresse ist hinzugefügt');
      await navigateBy(page, () =>
        page.getByRole('button', { name: `kunden.acme.localhost:${portico.port} als Hauptadresse festlegen` }).click(),
      );
      expect(await waitForHeading(page, 'Einstellungen')).toContain('Die Hauptadresse ist geändert');
      // An address that is given up: once removed, it serves no page of the broker any more.
      const oldHost = `alt.acme.localhost:${portico.port}`;
      await page.getByLabel('Weitere Adresse').fill(oldHost);
      await navigateBy(page, () => page.getByRole('button', { name: 'Adresse hinzufügen' }).click());
      await waitForHeading(page, 'Einstellungen');
      const visitor = await context.newPage();
      try {
        expect((await visitor.goto(`http://${oldHost}/login`))?.status()).toBe(200);
        await navigateBy(page, () => page.getByRole('button', { name: `${oldHost} entfernen` }).click());
        expect(await waitForHeading(page, 'Einstellungen')).toContain('Die Adresse ist entfernt');
        expect((await visitor.goto(`http://${oldHost}/login`))?.status()).toBe(404);
      } finally {
        await visitor.close();
      }

      await page.goto(`${acmeUrl}/admin/people`);
      await waitForHeading(page, 'Verwaltung');
      await page.getByText('Person einladen (Freischaltung)').click();
      await page.getByLabel('E-Mail-Adresse', { exact: true }).fill('neu@example.com');
      await page.getByLabel('Vollständiger Name').fill('Nora Neu');
      await navigateBy(page, () => page.getByRole('button', { name: 'Einladen' }).click());
      expect(await waitForHeading(page, 'Verwaltung')).toContain('Die Einladung ist unterwegs');
      const mail = await smtp.waitForMail('neu@example.com');
      expect(mail.parsed.from?.value[0]?.name).toBe('Acme Kundenservice');
      expect(mail.parsed.replyTo?.text).toBe('service@acme.example');
      expect(mail.text).toContain('10 Tage');
      expect(linkFrom(mail, '/set-password').startsWith(`${newHostUrl}/set-password?token=`)).toBe(true);
    },
  );

  step(
    'e. a CSV file is checked first, then imported with progress, and the people receive their invitations',
    async () => {
      const csv = join(files, 'kunden.csv');
      writeFileSync(
        csv,
        [
          'E-Mail;Name;Art;Kundennummern;Freischaltung',
          'import1@example.com;Ina Import;Versicherungsnehmer;300001;Familie Import',
          'kaputt;Karl Kaputt;;;',
          'import2@example.com;Ivo Import;Vermittler;;',
        ].join('\n'),
      );
      await page.goto(`${acmeUrl}/admin/import`);
      await waitForHeading(page, 'CSV-Datei');
      await page.locator('#field-csv').setInputFiles(csv);
      await navigateBy(page, () => page.getByRole('button', { name: 'Datei prüfen' }).click());
      const preview = await waitForHeading(page, 'Vorschau');
      expect(preview).toContain('2 Zeilen bereit, 1 mit Fehlern');
      expect(preview).toContain('Zeile 3: E-Mail-Adresse „kaputt“ ist ungültig');
      await navigateBy(page, () => page.getByRole('button', { name: '2 Zeilen importieren' }).click());
      // The progress page reloads itself until the import is done.
      await page.getByText('Der Import ist abgeschlossen.').waitFor({ timeout: 15_000 });
      expect(await waitForHeading(page, 'Import')).toContain('2 eingeladen, 0 hatten hier schon Zugang');
      expect((await smtp.waitForMail('import1@example.com')).subject).toContain('Acme Versicherungsmakler GmbH');
      expect((await smtp.waitForMail('import2@example.com')).subject).toContain('Acme Versicherungsmakler GmbH');
    },
  );

  step('f. the audit log shows who changed what, filters by person, and downloads as CSV', async () => {
    await page.goto(`${acmeUrl}/admin/audit`);
    const log = await waitForHeading(page, 'Protokoll');
    expect(log).toContain('Einstellungen geändert');
    expect(log).toContain('chefin@acme.example');
    await page.getByLabel('Person (E-Mail-Adresse)').fill('import1@example.com');
    await navigateBy(page, () => page.getByRole('button', { name: 'Filtern' }).click());
    await waitForHeading(page, 'Protokoll');
    const filtered = await page.locator('table').innerText();
    expect(filtered).toContain('Einladung verschickt');
    expect(filtered).not.toContain('Einstellungen geändert');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Als CSV-Datei herunterladen' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('protokoll-acme.csv');
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const content = readFileSync(path, 'utf8');
    expect(content).toContain('invitation.created');
    expect(content).toContain('import1@example.com');
    expect(content).not.toContain('import2@example.com');
  });

  step(
    'f2. a Freischaltung is created with its options and shared with an address; the person receives the invitation',
    async () => {
      await page.goto(`${acmeUrl}/admin/grants`);
      await waitForHeading(page, 'Freischaltungen');
      await page.getByLabel('Name der Freischaltung').fill('Familie Berg');
      await page.getByLabel('Kundennummern').fill('400001, 400002');
      await page.getByLabel('Schäden einbeziehen').check();
      await navigateBy(page, () => page.getByRole('button', { name: 'Freischaltung anlegen' }).click());
      expect(await waitForHeading(page, 'Familie Berg')).toContain('Die Freischaltung ist angelegt');
      await page.getByLabel('E-Mail-Adresse hinzufügen').fill('berg@example.com');
      await page.getByLabel('Name der Person').fill('Bea Berg');
      await navigateBy(page, () => page.getByRole('button', { name: 'Hinzufügen' }).click());
      expect(await waitForHeading(page, 'Familie Berg')).toContain('berg@example.com');
      bergLink = linkFrom(await smtp.waitForMail('berg@example.com'), '/set-password');
      expect(bergLink.startsWith(`${newHostUrl}/set-password?token=`)).toBe(true);
    },
  );

  step(
    "f3. a profile is created, renamed, copied and the copy deleted; applying it replaces the Freischaltung's options",
    async () => {
      await page.goto(`${acmeUrl}/admin/profiles`);
      await waitForHeading(page, 'Freischaltungsprofile');
      await page.getByLabel('Name des Profils').fill('Familie Basis');
      await page.getByLabel('Vorgänge teilen').check();
      await navigateBy(page, () => page.getByRole('button', { name: 'Profil anlegen' }).click());
      await waitForHeading(page, 'Profil: Familie Basis');
      await page.getByLabel('Name des Profils').fill('Familie Komfort');
      await navigateBy(page, () => page.getByRole('button', { name: 'Änderungen speichern' }).click());
      await waitForHeading(page, 'Profil: Familie Komfort');
      await page.getByLabel('Name der Kopie').fill('Familie Komfort 2');
      await navigateBy(page, () => page.getByRole('button', { name: 'Kopie anlegen' }).click());
      await waitForHeading(page, 'Profil: Familie Komfort 2');
      expect(await page.getByLabel('Vorgänge teilen').isChecked()).toBe(true);
      await navigateBy(page, () => page.getByRole('link', { name: 'Profil löschen …' }).click());
      await waitForHeading(page, 'Profil „Familie Komfort 2“ löschen?');
      await navigateBy(page, () => page.getByRole('button', { name: 'Ja, Profil löschen' }).click());
      const list = await waitForHeading(page, 'Freischaltungsprofile');
      expect(list).toContain('Familie Komfort');
      expect(list).not.toContain('Familie Komfort 2');

      await page.goto(`${acmeUrl}/admin/grants`);
      await waitForHeading(page, 'Freischaltungen');
      await navigateBy(page, () => page.getByRole('link', { name: 'Familie Berg' }).click());
      await waitForHeading(page, 'Familie Berg');
      expect(await page.getByLabel('Schäden einbeziehen').isChecked()).toBe(true);
      await page.getByLabel('Profil', { exact: true }).selectOption({ label: 'Familie Komfort' });
      await navigateBy(page, () => page.getByRole('button', { name: 'Freigaben des Profils übernehmen' }).click());
      await waitForHeading(page, 'Familie Berg');
      expect(await page.getByLabel('Vorgänge teilen').isChecked()).toBe(true);
      expect(await page.getByLabel('Schäden einbeziehen').isChecked()).toBe(false);
      expect(await page.locator('main').innerText()).toContain('Familie Komfort');
    },
  );

  step(
    'f4. the Freischaltung is renamed, then deleted after a confirmation that counts its people; the invited ' +
      "person's link stops working",
    async () => {
      await page.goto(`${acmeUrl}/admin/grants`);
      await waitForHeading(page, 'Freischaltungen');
      await navigateBy(page, () => page.getByRole('link', { name: 'Familie Berg' }).click());
      await waitForHeading(page, 'Familie Berg');
      await page.getByLabel('Name der Freischaltung').fill('Familie Berg-Schmidt');
      await navigateBy(page, () => page.getByRole('button', { name: 'Änderungen speichern' }).click());
      await waitForHeading(page, 'Familie Berg-Schmidt');
      await navigateBy(page, () => page.getByRole('link', { name: 'Freischaltung löschen …' }).click());
      expect(await waitForHeading(page, 'Freischaltung „Familie Berg-Schmidt“ löschen?')).toContain(
        '1 Person hat Zugang',
      );
      await navigateBy(page, () => page.getByRole('button', { name: 'Ja, Freischaltung löschen' }).click());
      expect(await waitForHeading(page, 'Freischaltungen')).not.toContain('Familie Berg-Schmidt');

      const invited = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
      try {
        const visitor = await invited.newPage();
        await visitor.goto(bergLink);
        await waitForHeading(visitor, 'Dieser Link funktioniert nicht mehr');
      } finally {
        await invited.close();
      }
    },
  );

  step('g. the administrator creates an API key for the CRM, sees it once, and it answers the API', async () => {
    await page.goto(`${acmeUrl}/admin/integrations`);
    await waitForHeading(page, 'Schnittstelle');
    await page.getByLabel('Bezeichnung des neuen Schlüssels').fill('Unser CRM');
    await navigateBy(page, () => page.getByRole('button', { name: 'Schlüssel anlegen' }).click());
    await waitForHeading(page, 'Schnittstelle');
    const key = (await page.locator('[data-secret]').innerText()).trim();
    expect(key).toMatch(/^ptk_live_/);
    apiKey = key;
    const answer = await fetch(`http://localhost:${portico.port}/api/v1/grants`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(answer.status).toBe(200);
    await page.goto(`${acmeUrl}/admin/integrations`);
    await waitForHeading(page, 'Schnittstelle');
    expect(await page.locator('[data-secret]').count()).toBe(0);
    expect(await page.locator('main').innerText()).toContain('Unser CRM');
    await logOut();
  });

  step(
    'g2. a webhook receives a signed event and lists its delivery; deleted, it receives nothing more, and a ' +
      'revoked key is refused',
    async () => {
      await logIn(acmeUrl, 'chefin@acme.example');
      const received: Array<{ signature: string; body: string }> = [];
      const receiver = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          received.push({
            signature: String(request.headers['portico-signature'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          });
          response.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      const createGrant = (name: string): Promise<Response> =>
        fetch(`http://localhost:${portico.port}/api/v1/grants`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name, kind: 'customer', customerNumbers: ['500001'] }),
        });
      try {
        await page.goto(`${acmeUrl}/admin/integrations`);
        await waitForHeading(page, 'Schnittstelle');
        const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/portico-events`;
        await page.getByLabel('Adresse (URL) des Empfängers').fill(url);
        await page.getByLabel('Freischaltung geändert').check();
        await navigateBy(page, () => page.getByRole('button', { name: 'Webhook anlegen' }).click());
        await waitForHeading(page, 'Schnittstelle');
        const secret = (await page.locator('[data-secret]').innerText()).trim();

        expect((await createGrant('Familie Haken')).status).toBe(201);
        await expect.poll(() => received.length, { timeout: 15_000 }).toBeGreaterThan(0);
        const [timestamp, signature] = required(
          /^t=(\d+),v1=([0-9a-f]{64})$/.exec(required(received[0]).signature),
        ).slice(1);
        expect(signature).toBe(
          createHmac('sha256', secret)
            .update(`${timestamp}.${required(received[0]).body}`)
            .digest('hex'),
        );
        expect(JSON.parse(required(received[0]).body)).toMatchObject({ type: 'grant.changed' });

        await navigateBy(page, () => page.getByRole('link', { name: url, exact: true }).click());
        await expect
          .poll(async () => (await page.reload(), await waitForHeading(page, 'Zustellungen an')), { timeout: 15_000 })
          .toContain('HTTP 204');
        await page.goto(`${acmeUrl}/admin/integrations`);
        await waitForHeading(page, 'Schnittstelle');
        await navigateBy(page, () => page.getByRole('link', { name: `Webhook ${url} löschen` }).click());
        expect(await waitForHeading(page, 'Webhook löschen?')).toContain(url);
        await navigateBy(page, () => page.getByRole('button', { name: 'Webhook jetzt löschen' }).click());
        const deleted = await waitForHeading(page, 'Schnittstelle');
        expect(deleted).toContain('Noch keine Webhooks.');
        expect(deleted).toContain(`Der Webhook ${url} ist gelöscht`);
        const before = received.length;
        expect((await createGrant('Familie Ohne Haken')).status).toBe(201);

        await navigateBy(page, () => page.getByRole('link', { name: 'Schlüssel Unser CRM widerrufen' }).click());
        expect(await waitForHeading(page, 'API-Schlüssel „Unser CRM“ widerrufen?')).toContain(
          'keinen Zugriff mehr auf die API',
        );
        await navigateBy(page, () => page.getByRole('button', { name: 'Schlüssel jetzt widerrufen' }).click());
        expect(await waitForHeading(page, 'Schnittstelle')).toContain('Der Schlüssel „Unser CRM“ ist widerrufen');
        expect((await createGrant('Familie Abgelehnt')).status).toBe(401);
        expect(received.length).toBe(before);
      } finally {
        await new Promise<void>((resolve) => receiver.close(() => resolve()));
      }
      await logOut();
    },
  );

  step('h. a staff member without the administrator role works with people but finds no settings', async () => {
    await logIn(acmeUrl, 'mitarbeiter@acme.example');
    await page.goto(`${acmeUrl}/admin/audit`);
    await waitForHeading(page, 'Protokoll');
    expect(await page.locator('nav.admin-nav').innerText()).not.toContain('Einstellungen');
    const response = await page.goto(`${acmeUrl}/admin/settings`);
    expect(response?.status()).toBe(404);
    await page.goto(`${acmeUrl}/`);
    await waitForHeading(page, 'Willkommen');
    await logOut();
  });

  step(
    "i. the administrator makes English the portal's language: a customer's first visit is in English, and " +
      'the switch brings German back',
    async () => {
      await logIn(acmeUrl, 'chefin@acme.example');
      await page.goto(`${acmeUrl}/admin/settings`);
      await waitForHeading(page, 'Einstellungen');
      await page.getByLabel('Sprache der E-Mails').selectOption('en');
      await navigateBy(page, () => page.getByRole('button', { name: 'Einstellungen speichern' }).click());
      // The administrator has not chosen a language either, so the workspace answers in English too.
      await waitForHeading(page, 'Administration: settings');

      const customer = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
      try {
        const visitor = await customer.newPage();
        await visitor.goto(`${newHostUrl}/login`);
        await waitForHeading(visitor, 'Log in');
        expect(await visitor.locator('html').getAttribute('lang')).toBe('en');
        await navigateBy(visitor, () => visitor.getByRole('button', { name: 'Deutsch' }).click());
        await waitForHeading(visitor, 'Anmelden');
        expect(await visitor.locator('html').getAttribute('lang')).toBe('de');
      } finally {
        await customer.close();
      }
    },
  );
});
