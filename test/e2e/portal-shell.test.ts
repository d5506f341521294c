/**
 * The frame of every page in Chromium, on a phone (390 × 844) and a laptop (1366 × 900): the
 * customer's navigation and the broker's footer, the phone menu that opens without script, and
 * the workspace's side navigation with tables that fit or scroll in their own box.
 */
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { findAccessibilityViolations } from '../support/accessibility.js';
import { chromiumAvailableOrWarn } from '../support/browser.js';
import {
  expectCliOk,
  logInAt,
  navigateBy,
  waitForHeading,
  logInAsNewAcmeAdmin,
  setPasswordFromMail,
} from '../support/e2e-pages.js';
import { createStepRunner, startE2eEnvironment, stopE2eEnvironment, newE2eContext } from '../support/e2e-run.js';
import type { PorticoProcess } from '../support/portico-process.js';
import { type SmtpReceiver } from '../support/smtp-receiver.js';
import { databaseKind, type TestDatabase } from '../support/test-database.js';
import { required } from '../../src/shared/required.js';

const chromiumAvailable = chromiumAvailableOrWarn();

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const PASSWORD = 'Blauer Elefant 7!';
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 900 };

/** How far the page reaches beyond the window sideways: 0 unless something cuts off or overflows. */
function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe.skipIf(!chromiumAvailable)(`the portal's frame in Chromium (${databaseKind})`, () => {
  let smtp: SmtpReceiver;
  let database: TestDatabase | null;
  let portico: PorticoProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let acmeUrl: string;

  beforeAll(async () => {
    ({ smtp, database, portico, browser, context, page, acmeUrl } = await startE2eEnvironment({ viewport: LAPTOP }));
  }, 60_000);

  afterAll(() => stopE2eEnvironment({ smtp, database, portico, browser, context }));

  const step = createStepRunner({ timeout: 40_000 });

  step('a. the administrator enters the broker’s contact; the workspace has its sections at the side', async () => {
    const cli = (args: string[]) => portico.runCli(args);
    await logInAsNewAcmeAdmin(portico, smtp, page, PASSWORD);
    await waitForHeading(page, 'Willkommen');
    await page.goto(`${acmeUrl}/admin/settings`);
    await waitForHeading(page, 'Einstellungen');

    const nav = await page.locator('nav.admin-nav').boundingBox();
    const heading = await page.locator('h1').boundingBox();
    expect(nav !== null && heading !== null).toBe(true);
    // Beside the content, not above it, and the content uses the width.
    expect(required(nav).x + required(nav).width).toBeLessThanOrEqual(required(heading).x);
    expect(required(nav).height).toBeGreaterThan(required(heading).height * 3);
    expect(
      await page
        .locator('main .card')
        .first()
        .evaluate((card) => card.getBoundingClientRect().width),
    ).toBeGreaterThan(900);
    expect(await sidewaysOverflow(page)).toBe(0);
    await page.screenshot({ path: `${RESULTS_DIR}workspace-settings-1366.png` });

    await page.getByLabel('Impressum (Adresse der Seite)').fill('http://www.acme.example/impressum');
    await navigateBy(page, () => page.getByRole('button', { name: 'Kontaktangaben speichern' }).click());
    await waitForHeading(page, 'Einstellungen');
    expect(await page.locator('#field-imprintUrl').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Impressum (Adresse der Seite)').fill('https://www.acme.example/impressum');
    await page.getByLabel('Datenschutzerklärung (Adresse der Seite)').fill('https://www.acme.example/datenschutz');
    await page.getByLabel('Telefon').fill('+49 221 98765-0');
    await page.getByLabel('E-Mail-Adresse für Kundinnen und Kunden').fill('service@acme.example');
    await page.getByLabel('Bürozeiten').fill('Mo–Fr 9–17 Uhr');
    await page.getByLabel('Anschrift').fill('Domstraße 12\n50668 Köln');
    await navigateBy(page, () => page.getByRole('button', { name: 'Kontaktangaben speichern' }).click());
    expect(await waitForHeading(page, 'Einstellungen')).toContain('Die Kontaktangaben sind gespeichert.');

    expectCliOk(
      await cli([
        'invite',
        '--tenant',
        'acme',
        '--email',
        'max@example.com',
        '--name',
        'Max Mustermann',
        '--kind',
        'policyholder',
      ]),
    );
    await page.goto(`${acmeUrl}/admin/audit`);
    await waitForHeading(page, 'Protokoll');
    const audit = page.locator('.table-wrap').first();
    expect(await audit.evaluate((box) => box.scrollWidth - box.clientWidth)).toBe(0);
    expect(await sidewaysOverflow(page)).toBe(0);

    await page.setViewportSize(PHONE);
    await page.reload();
    await waitForHeading(page, 'Protokoll');
    expect(await sidewaysOverflow(page)).toBe(0);
    // On the phone the sections are a row above the content, the table scrolls inside its own box.
    const phoneNav = await page.locator('nav.admin-nav').boundingBox();
    const phoneHeading = await page.locator('h1').boundingBox();
    expect(required(phoneNav).y + required(phoneNav).height).toBeLessThanOrEqual(required(phoneHeading).y);
    expect(await audit.evaluate((box) => box.getBoundingClientRect().right)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: `${RESULTS_DIR}workspace-audit-390.png`, fullPage: true });
    await navigateBy(page, () => page.getByRole('button', { name: 'Abmelden' }).first().click());
  });

  step(
    'b. on a phone, the customer finds the broker’s contact, the Impressum and a menu that needs no script',
    async () => {
      await setPasswordFromMail(page, smtp, 'max@example.com', PASSWORD);
      const phone = await newE2eContext(browser, PHONE, { javaScriptEnabled: false });
      try {
        const customer = await phone.newPage();
        await customer.goto(`${acmeUrl}/login`);
        await customer.locator('input[name=email]').fill('max@example.com');
        await customer.locator('input[name=password]').fill(PASSWORD);
        await customer.getByRole('button', { name: 'Anmelden' }).click();
        await customer.locator('h1', { hasText: 'Willkommen, Max Mustermann' }).waitFor();
        const text = await customer.locator('body').innerText();
        expect(text).toContain('So erreichen Sie Acme Versicherungsmakler GmbH');
        expect(text).toContain('Mo–Fr 9–17 Uhr');
        expect(text).not.toMatch(/Kundennummer|Kundenzugang/);
        const imprint = customer.getByRole('link', { name: 'Impressum' });
        expect(await imprint.getAttribute('href')).toBe('https://www.acme.example/impressum');
        expect(await customer.getByRole('link', { name: 'Datenschutz' }).isVisible()).toBe(true);

        const account = customer.locator('.portal-menu').getByRole('link', { name: 'Mein Zugang' });
        expect(await account.isVisible()).toBe(false);
        expect(await customer.locator('.portal-nav-wide').isVisible()).toBe(false);
        await customer.getByText('Menü', { exact: true }).click();
        await account.waitFor({ state: 'visible' });
        expect(
          await customer.locator('.portal-menu').getByRole('link', { name: 'Übersicht' }).getAttribute('aria-current'),
        ).toBe('page');
        await account.click();
        await customer.locator('h1', { hasText: 'Mein Zugang' }).waitFor();
      } finally {
        await phone.close();
      }
      // The same with script, to measure the page and check it with the menu open.
      await page.setViewportSize(PHONE);
      await logInAt(page, acmeUrl, 'max@example.com', PASSWORD);
      await waitForHeading(page, 'Willkommen, Max Mustermann');
      await page.getByText('Menü', { exact: true }).click();
      await page.locator('.portal-menu').getByRole('link', { name: 'Mein Zugang' }).waitFor({ state: 'visible' });
      expect(await sidewaysOverflow(page)).toBe(0);
      expect(await findAccessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: `${RESULTS_DIR}portal-home-menu-390.png`, fullPage: true });
    },
  );

  step('c. on a laptop, the customer’s sections are a row under the broker’s name', async () => {
    await page.setViewportSize(LAPTOP);
    await page.goto(`${acmeUrl}/`);
    await waitForHeading(page, 'Willkommen, Max Mustermann');
    expect(await page.locator('.portal-menu').isVisible()).toBe(false);
    const row = page.getByRole('navigation', { name: 'Hauptnavigation' });
    expect(await row.getByRole('link').allInnerTexts()).toEqual(['Übersicht', 'Mein Zugang']);
    expect(await sidewaysOverflow(page)).toBe(0);
    expect(await findAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: `${RESULTS_DIR}portal-home-1366.png`, fullPage: true });
  });
});
