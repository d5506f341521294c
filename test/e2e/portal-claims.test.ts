/**
 * A motor claim reported on a phone, from the first step to the broker's answer: a real `portico start`, the CRM's
 * contract through API v1, Chromium at phone size for the customer and at desktop size for the administrator.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { chromiumAvailableOrWarn } from '../support/browser.js';
import {
  ACME_ADMIN,
  createAcmeWithAdmin,
  expectCliOk,
  logInAt,
  navigateBy,
  setPasswordFromMail,
  waitForHeading,
} from '../support/e2e-pages.js';
import {
  createStepRunner,
  newE2eContext,
  startE2eEnvironment,
  stopE2eEnvironment,
  type E2eEnvironment,
} from '../support/e2e-run.js';
import { readPdf } from '../support/pdf-text.js';
import { databaseKind } from '../support/test-database.js';
import { required } from '../../src/shared/required.js';

const chromiumAvailable = chromiumAvailableOrWarn();
const PASSWORD = 'Blauer Elefant 7!';
const PHONE = { width: 390, height: 844 };
/** A 1 × 1 PNG: a photo by its bytes, as far as the portal can tell. */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe.skipIf(!chromiumAvailable)(`reporting a claim on a phone in Chromium (${databaseKind})`, () => {
  let environment: E2eEnvironment;
  let page: Page;
  let acmeUrl: string;

  beforeAll(async () => {
    environment = await startE2eEnvironment({ viewport: PHONE });
    page = environment.page;
    ({ acmeUrl } = environment);
  }, 60_000);

  afterAll(async () => {
    await stopE2eEnvironment(environment ?? {});
  });

  const step = createStepRunner({ timeout: 30_000 });

  step('Karla reports a motor claim from her contract, step 1 saved, without horizontal scrolling', async () => {
    const { portico } = environment;
    await createAcmeWithAdmin((args) => portico.runCli(args), portico.port);
    const created = await portico.runCli(['api-key', 'create', '--tenant', 'acme', '--name', 'CRM']);
    expectCliOk(created);
    const apiKey = required(/ptk_\S+/.exec(created.stdout))[0];
    const api = async (path: string, body: unknown) => {
      const answer = await fetch(`http://localhost:${portico.port}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: answer.status, json: (await answer.json()) as { id: string } };
    };
    expect(
      (
        await api('/portfolio/sync', {
          items: [
            {
              type: 'customer',
              action: 'upsert',
              customer: { customerNumber: 'K1', kind: 'private', lastName: 'Kunde' },
            },
            {
              type: 'contract',
              action: 'upsert',
              contract: {
                insurerNumber: '5311',
                sparte: '051',
                policyNumber: 'KH2',
                customerNumber: 'K1',
                status: 'active',
                productName: 'Kfz-Haftpflicht',
              },
            },
          ],
        })
      ).status,
    ).toBe(200);
    const grant = await api('/grants', {
      name: 'Familie Kunde',
      kind: 'customer',
      customerNumbers: ['K1'],
      shareContractsAutomatically: true,
      includeClaims: true,
    });
    expect(grant.status).toBe(201);
    const invited = await api(`/grants/${grant.json.id}/people`, {
      email: 'karla@example.com',
      name: 'Karla Kunde',
      kind: 'policyholder',
      language: 'de',
    });
    expect(invited.status).toBeLessThan(300);
    await setPasswordFromMail(page, environment.smtp, 'karla@example.com', PASSWORD);
    await logInAt(page, acmeUrl, 'karla@example.com', PASSWORD);

    await page.goto(`${acmeUrl}/vertraege`);
    await waitForHeading(page, 'Verträge');
    await navigateBy(page, () => page.getByRole('link', { name: 'Kfz-Haftpflicht' }).first().click());
    await waitForHeading(page, 'Kfz-Haftpflicht');
    await navigateBy(page, () => page.getByRole('link', { name: 'Schaden melden' }).click());
    await waitForHeading(page, 'Schaden melden');
    await navigateBy(page, () => page.getByRole('button', { name: 'Schadenmeldung beginnen' }).click());
    expect(await waitForHeading(page, 'Schaden melden')).toContain('Schritt 1 von 5');
    await page.getByLabel('Datum des Schadens').fill('2026-01-15');
    await page.getByLabel('Uhrzeit').fill('08:15');
    await page.getByLabel('Ort').fill('Kiel');
    await page.getByLabel('Was ist passiert?').fill('Beim Ausparken angefahren');
    await navigateBy(page, () => page.getByRole('button', { name: 'Speichern und weiter' }).click());
    expect(await waitForHeading(page, 'Schaden melden')).toContain('Schritt 2 von 5');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });

  let claimPath = '';

  step('she answers step 2, leaves, and comes back to the draft under "Entwürfe"', async () => {
    await page.check('input[name=police][value=nein]');
    await navigateBy(page, () => page.getByRole('button', { name: 'Speichern und weiter' }).click());
    expect(await waitForHeading(page, 'Schaden melden')).toContain('Schritt 3 von 5');
    await page.goto(`${acmeUrl}/`);
    await page.goto(`${acmeUrl}/schaeden`);
    await navigateBy(page, () => page.getByRole('link', { name: 'Fortsetzen' }).first().click());
    expect(await waitForHeading(page, 'Schaden melden')).toContain('Schritt 3 von 5');
    claimPath = required(/\/schaeden\/[0-9a-f-]{36}/.exec(page.url()))[0];
  });

  step('she finishes the motor questions and the bank account, adds two photos and previews the PDF', async () => {
    await page.fill('input[name=plate]', 'KI-KK 77');
    await page.fill('input[name=driver]', 'Karla Kunde');
    await page.check('input[name=towed][value=nein]');
    await navigateBy(page, () => page.getByRole('button', { name: 'Speichern und weiter' }).click());
    expect(await waitForHeading(page, 'Schaden melden')).toContain('Schritt 4 von 5');
    await page.fill('input[name=iban]', 'DE89 3704 0044 0532 0130 00');
    await page.fill('input[name=accountHolder]', 'Karla Kunde');
    await navigateBy(page, () => page.getByRole('button', { name: 'Speichern und weiter' }).click());
    expect(await waitForHeading(page, 'Schaden melden')).toContain('Schritt 5 von 5');

    await page.setInputFiles('input[name=dateien]', [
      { name: 'Stoßstange.png', mimeType: 'image/png', buffer: PHOTO },
      { name: 'Kotflügel.png', mimeType: 'image/png', buffer: PHOTO },
    ]);
    await navigateBy(page, () => page.getByRole('button', { name: 'Dateien hinzufügen' }).click());
    expect(await page.textContent('main')).toContain('2 von 20 Dateien');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    await page.fill('textarea[name=message]', 'Bitte melden Sie sich.\nAb 17 Uhr bin ich erreichbar.');
    const [preview] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith(`${claimPath}/schadenmeldung.pdf`)),
      page.getByRole('button', { name: 'Vorschau (PDF)' }).click(),
    ]);
    expect(preview.status()).toBe(200);
    expect(preview.headers()['content-type']).toBe('application/pdf');
    // The bytes as the browser gets them, with her session: what the preview showed.
    const bytes = await page.evaluate(async (path) => {
      const answer = await fetch(path);
      return Array.from(new Uint8Array(await answer.arrayBuffer()));
    }, `${claimPath}/schadenmeldung.pdf`);
    const text = (await readPdf(new Uint8Array(bytes))).pages.join('\n');
    for (const expected of [
      'Schadenmeldung',
      'KI-KK 77',
      'Beim Ausparken angefahren',
      'Bitte melden Sie sich.',
      'Stoßstange.png',
      'Kotflügel.png',
    ]) {
      expect(text).toContain(expected);
    }
  });

  step('she submits; the administrator sets "In Bearbeitung" with a note, and Karla sees both', async () => {
    await page.goto(`${acmeUrl}${claimPath}/schritt/5`);
    await navigateBy(page, () => page.getByRole('button', { name: 'Schaden melden' }).click());
    expect(await page.textContent('main')).toContain('Ihr Schaden wurde gemeldet');

    const { browser, smtp } = environment;
    const staffContext = await newE2eContext(browser, { width: 1366, height: 900 });
    try {
      const staff = await staffContext.newPage();
      await setPasswordFromMail(staff, smtp, ACME_ADMIN, PASSWORD);
      await logInAt(staff, acmeUrl, ACME_ADMIN, PASSWORD);
      await staff.goto(`${acmeUrl}/admin/schaeden`);
      expect(await staff.textContent('main')).toContain('Kunde');
      await navigateBy(staff, () => staff.locator(`a[href="/admin${claimPath}"]`).click());
      await staff.selectOption('select[name=status]', 'in_progress');
      await staff.getByLabel('Nachricht an den Kunden (optional)').fill('Der Versicherer ist informiert.');
      await navigateBy(staff, () => staff.locator('form[action$="/status"] button').click());
      expect(await staff.textContent('main')).toContain('Gespeichert.');
    } finally {
      await staffContext.close();
    }

    await page.goto(`${acmeUrl}${claimPath}`);
    const shown = (await page.textContent('main')) ?? '';
    expect(shown).toContain('In Bearbeitung');
    expect(shown).toContain('Der Versicherer ist informiert.');
  });
});
