/**
 * The staff's view of the portfolio in Chromium, on a desktop and on a phone: a real `portico start`,
 * customers imported from a GDV file with the command line, a grant shared with a person through the
 * workspace, then the staff search a customer, open them and see contracts and who has access.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { chromiumAvailableOrWarn } from '../support/browser.js';
import { navigateBy, waitForHeading, expectCleanPage, logInAsNewAcmeAdmin } from '../support/e2e-pages.js';
import { createStepRunner, startE2eEnvironment, stopE2eEnvironment } from '../support/e2e-run.js';
import { address, contract, digits, gdvFile, nachsatz, vorsatz } from '../support/gdv-file.js';
import type { PorticoProcess } from '../support/portico-process.js';
import { type SmtpReceiver } from '../support/smtp-receiver.js';
import { databaseKind, type TestDatabase } from '../support/test-database.js';

const chromiumAvailable = chromiumAvailableOrWarn();

const PASSWORD = 'Blauer Elefant 7!';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

function portfolioFile(): Buffer {
  const body = [
    ...address({ intermediaryCustomerNumber: 'K-7001', name1: 'Weiß', name3: 'Jürgen', city: 'Köln', vsnr: 'HV7' }),
    ...contract({ vsnr: 'HV7', sparte: '130', grossPremium: digits(14690, 12), productName: 'Hausrat Komfort' }),
    ...address({ intermediaryCustomerNumber: 'K-7002', name1: 'Stein', name3: 'Otto', vsnr: 'HV8' }),
    ...contract({ vsnr: 'HV8' }),
  ];
  return gdvFile([...vorsatz(), ...body, nachsatz(body.length, 12_345 * 2)]);
}

describe.skipIf(!chromiumAvailable)(`the staff's customers in Chromium (${databaseKind})`, () => {
  let smtp: SmtpReceiver;
  let database: TestDatabase | null;
  let portico: PorticoProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let acmeUrl: string;
  const folder = mkdtempSync(join(tmpdir(), 'portico-gdv-'));

  beforeAll(async () => {
    ({ smtp, database, portico, browser, context, page, acmeUrl } = await startE2eEnvironment({ viewport: DESKTOP }));
  }, 60_000);

  afterAll(async () => {
    await stopE2eEnvironment({ smtp, database, portico, browser, context });
    rmSync(folder, { recursive: true, force: true });
  });

  const step = createStepRunner({ timeout: 60_000 });

  step('a. the portfolio comes from a GDV file and a grant of one customer is shared with a person', async () => {
    await logInAsNewAcmeAdmin(portico, smtp, page, PASSWORD);
    const file = join(folder, 'bestand.gdv');
    writeFileSync(file, portfolioFile());
    const imported = await portico.runCli(['import', 'gdv', '--tenant', 'acme', file]);
    expect(imported.stdout).toContain('customers 2 (2 new, 0 updated)');
    await page.goto(`${acmeUrl}/admin/grants`);
    await page.getByLabel('Name der Freischaltung').fill('Familie Weiß');
    await page.getByLabel('Kundennummern').fill('K-7001');
    await navigateBy(page, () => page.getByRole('button', { name: 'Freischaltung anlegen' }).click());
    expect(await waitForHeading(page, 'Freischaltung: Familie Weiß')).toContain('Die Freischaltung ist angelegt');
    await page.getByLabel('E-Mail-Adresse hinzufügen').fill('erika@example.com');
    await page.getByLabel('Name der Person').fill('Erika Muster');
    await navigateBy(page, () => page.getByRole('button', { name: 'Hinzufügen' }).click());
    expect(await waitForHeading(page, 'Freischaltung: Familie Weiß')).toContain('Die Einladung ist unterwegs');
  });

  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    step(`b. (${name}) staff search a customer, open them and see contracts and the people with access`, async () => {
      await page.setViewportSize(viewport);
      await page.goto(`${acmeUrl}/admin/customers`);
      await waitForHeading(page, 'Verwaltung: Kunden');
      await page.getByLabel('Name oder Kundennummer').fill('Weiß');
      await navigateBy(page, () => page.getByRole('button', { name: 'Suchen' }).click());
      expect(await page.locator('#customer-count').innerText()).toContain('1 Kunde');
      await expectCleanPage(page);
      await navigateBy(page, () => page.getByRole('link', { name: 'Jürgen Weiß' }).click());
      const shown = await waitForHeading(page, 'Jürgen Weiß');
      expect(shown).toContain('130 Verbundene Hausrat');
      expect(shown).toContain('Hausrat Komfort');
      expect(shown).toMatch(/146,90\s€/);
      const access = await page.locator('#customer-access').innerText();
      expect(access).toContain('Familie Weiß');
      expect(access).toContain('Erika Muster');
      await expectCleanPage(page);
    });
  }
});
