/**
 * Delegation as broker and customer live it: a real `portico start`, mail over real SMTP, Chromium
 * on a phone-sized screen. Staff give a customer's grant a profile that may delegate; its holder
 * invites a colleague in their own portal and later removes her, which ends her open session.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { chromiumAvailableOrWarn } from '../support/browser.js';
import { logInAt, navigateBy, waitForHeading, logInAsNewAcmeAdmin, setPasswordFromMail } from '../support/e2e-pages.js';
import { createStepRunner, startE2eEnvironment, stopE2eEnvironment, newE2eContext } from '../support/e2e-run.js';
import type { PorticoProcess } from '../support/portico-process.js';
import { type SmtpReceiver } from '../support/smtp-receiver.js';
import { databaseKind, type TestDatabase } from '../support/test-database.js';

const chromiumAvailable = chromiumAvailableOrWarn();

const PASSWORD = 'Blauer Elefant 7!';
const STEP_TIMEOUT = 30_000;
const PHONE = { width: 390, height: 844 };

describe.skipIf(!chromiumAvailable)(`delegation in the customer's portal in Chromium (${databaseKind})`, () => {
  let smtp: SmtpReceiver;
  let database: TestDatabase | null;
  let portico: PorticoProcess;
  let browser: Browser;
  let holderContext: BrowserContext;
  let colleagueContext: BrowserContext;
  let page: Page;
  let colleaguePage: Page;
  let acmeUrl: string;

  beforeAll(async () => {
    ({
      smtp,
      database,
      portico,
      browser,
      context: holderContext,
      page,
      acmeUrl,
    } = await startE2eEnvironment({ viewport: PHONE }));
    colleagueContext = await newE2eContext(browser, PHONE);
    colleaguePage = await colleagueContext.newPage();
  }, 60_000);

  afterAll(async () => {
    await colleagueContext?.close().catch(() => undefined);
    await stopE2eEnvironment({ smtp, database, portico, browser, context: holderContext });
  });

  const step = createStepRunner({ timeout: STEP_TIMEOUT });

  async function logIn(on: Page, email: string): Promise<void> {
    await logInAt(on, acmeUrl, email, PASSWORD);
  }

  step(
    'a. the operator creates the broker and its administrator, who sets up two profiles: one may delegate to the other',
    async () => {
      await logInAsNewAcmeAdmin(portico, smtp, page, PASSWORD);
      await waitForHeading(page, 'Willkommen');

      await page.goto(`${acmeUrl}/admin/profiles`);
      await waitForHeading(page, 'Freischaltungsprofile');
      await page.getByLabel('Name des Profils').fill('Mitarbeiter des Kunden');
      await page.getByLabel('Vorgänge teilen').check();
      await page.getByLabel('Eigene Freischaltung je eingeladener Person').check();
      await navigateBy(page, () => page.getByRole('button', { name: 'Profil anlegen' }).click());
      expect(await waitForHeading(page, 'Mitarbeiter des Kunden')).toContain('Das Profil ist angelegt');

      await page.goto(`${acmeUrl}/admin/profiles`);
      await waitForHeading(page, 'Freischaltungsprofile');
      await page.getByLabel('Name des Profils').fill('Firmenkunde');
      await page.getByLabel('Schäden einbeziehen').check();
      await page.getByLabel('Darf einladen mit Profil „Mitarbeiter des Kunden“').check();
      await navigateBy(page, () => page.getByRole('button', { name: 'Profil anlegen' }).click());
      expect(await waitForHeading(page, 'Firmenkunde')).toContain('Das Profil ist angelegt');
    },
  );

  step('b. a Freischaltung for the firm is shared with its contact person, and the profile applied to it', async () => {
    await page.goto(`${acmeUrl}/admin/grants`);
    await waitForHeading(page, 'Freischaltungen');
    await page.getByLabel('Name der Freischaltung').fill('Firma Stein');
    await page.getByLabel('Kundennummern').fill('500001');
    await navigateBy(page, () => page.getByRole('button', { name: 'Freischaltung anlegen' }).click());
    expect(await waitForHeading(page, 'Firma Stein')).toContain('Die Freischaltung ist angelegt');
    await page.getByLabel('E-Mail-Adresse hinzufügen').fill('inhaber@stein.example');
    await page.getByLabel('Name der Person').fill('Ines Inhaber');
    await navigateBy(page, () => page.getByRole('button', { name: 'Hinzufügen' }).click());
    expect(await waitForHeading(page, 'Firma Stein')).toContain('inhaber@stein.example');
    await page.getByLabel('Profil', { exact: true }).selectOption({ label: 'Firmenkunde' });
    await navigateBy(page, () => page.getByRole('button', { name: 'Freigaben des Profils übernehmen' }).click());
    expect(await waitForHeading(page, 'Firma Stein')).toContain('Die Freigaben des Profils sind übernommen');
    await navigateBy(page, () => page.getByRole('button', { name: 'Abmelden' }).first().click());
  });

  step('c. the contact person sets a password, finds "Kolleginnen und Kollegen" and invites a colleague', async () => {
    await setPasswordFromMail(page, smtp, 'inhaber@stein.example', PASSWORD, acmeUrl);
    await logIn(page, 'inhaber@stein.example');
    expect(await waitForHeading(page, 'Willkommen, Ines Inhaber')).toContain('Firma Stein');
    await navigateBy(page, () =>
      page.getByRole('link', { name: 'Kolleginnen und Kollegen einladen und verwalten' }).click(),
    );
    expect(await waitForHeading(page, 'Kolleginnen und Kollegen')).toContain('Sie haben noch niemanden eingeladen.');
    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill('klara@stein.example');
    await page.getByLabel('Name', { exact: true }).fill('Klara Kollegin');
    await navigateBy(page, () => page.getByRole('button', { name: 'Einladen' }).click());
    const list = await waitForHeading(page, 'Kolleginnen und Kollegen');
    expect(list).toContain('Die Einladung ist unterwegs.');
    expect(list).toContain('klara@stein.example · eingeladen');
    expect(list).toContain('Freischaltung: Firma Stein/klara@stein.example');
  });

  step("d. the colleague receives the mail, sets a password and logs in to the firm's portal", async () => {
    await setPasswordFromMail(colleaguePage, smtp, 'klara@stein.example', PASSWORD, acmeUrl);
    await logIn(colleaguePage, 'klara@stein.example');
    const home = await waitForHeading(colleaguePage, 'Willkommen, Klara Kollegin');
    expect(home).toContain('Firma Stein/klara@stein.example');
    expect(home).not.toContain('Kundennummern');
    expect(home).not.toContain('Kolleginnen und Kollegen');
  });

  step(
    "e. the contact person removes the colleague after a confirmation; the colleague's next page load is logged out",
    async () => {
      await page.reload();
      expect(await waitForHeading(page, 'Kolleginnen und Kollegen')).toContain('klara@stein.example · aktiv');
      await navigateBy(page, () => page.getByRole('link', { name: 'Zugang von Klara Kollegin entfernen …' }).click());
      await waitForHeading(page, 'Zugang von Klara Kollegin entfernen?');
      await navigateBy(page, () => page.getByRole('button', { name: 'Ja, Zugang entfernen' }).click());
      const list = await waitForHeading(page, 'Kolleginnen und Kollegen');
      expect(list).toContain('Der Zugang ist entfernt');
      expect(list).not.toContain('klara@stein.example');

      await colleaguePage.reload();
      await waitForHeading(colleaguePage, 'Anmelden');
      expect(new URL(colleaguePage.url()).pathname).toBe('/login');
    },
  );
});
