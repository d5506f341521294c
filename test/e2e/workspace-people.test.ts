/**
 * The staff's actions on people, in Chromium on a phone-sized screen: a real `portico start`, mail
 * over real SMTP, and a second browser context for the person concerned. Each step checks what that
 * person then sees or receives, and every page passes the accessibility check.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { findAccessibilityViolations } from '../support/accessibility.js';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { chromiumAvailableOrWarn } from '../support/browser.js';
import {
  logInAt,
  navigateBy,
  setPasswordAt,
  waitForHeading,
  logInAsNewAcmeAdmin,
  mailWith,
  setPasswordFromMail,
} from '../support/e2e-pages.js';
import { createStepRunner, startE2eEnvironment, stopE2eEnvironment, newE2eContext } from '../support/e2e-run.js';
import type { PorticoProcess } from '../support/portico-process.js';
import { linkFrom, type SmtpReceiver } from '../support/smtp-receiver.js';
import { databaseKind, type TestDatabase } from '../support/test-database.js';
import { required } from '../../src/shared/required.js';

const chromiumAvailable = chromiumAvailableOrWarn();

const PASSWORD = 'Blauer Elefant 7!';
const NEW_PASSWORD = 'Grüner Frosch 8?';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
const STEP_TIMEOUT = 45_000;
/** The staff's resend waits a minute after the previous invitation to the same person. */
const RESEND_COOLDOWN = 61_000;
const BERLIN_TIME = String.raw`\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}`;

describe.skipIf(!chromiumAvailable)(`the staff's actions on people in Chromium (${databaseKind})`, () => {
  let smtp: SmtpReceiver;
  let database: TestDatabase | null;
  let portico: PorticoProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let acmeUrl: string;
  /** The browser of the person the staff act on, apart from the staff's own. */
  let person: BrowserContext;
  let personPage: Page;
  let rolfInvitedAt = 0;
  let rolfFirstLink = '';

  beforeAll(async () => {
    ({ smtp, database, portico, browser, context, page, acmeUrl } = await startE2eEnvironment({ viewport: PHONE }));
    await usePersonBrowser();
  }, 60_000);

  afterAll(async () => {
    await person?.close().catch(() => undefined);
    await stopE2eEnvironment({ smtp, database, portico, browser, context });
  });

  const step = createStepRunner({ timeout: STEP_TIMEOUT });

  async function usePersonBrowser(): Promise<void> {
    await person?.close().catch(() => undefined);
    person = await newE2eContext(browser, PHONE);
    personPage = await person.newPage();
  }

  async function logIn(target: Page, email: string, password: string): Promise<string> {
    return logInAt(target, acmeUrl, email, password);
  }

  async function openPeople(query = ''): Promise<string> {
    await page.goto(`${acmeUrl}/admin/people${query}`);
    return waitForHeading(page, 'Verwaltung: Personen');
  }

  async function entryOf(email: string): Promise<string> {
    return page.locator(`tr[data-person="${email}"]`).innerText();
  }

  /** Reloads the list until the person's entry says so: the outbox worker of the process runs on its own. */
  async function waitForEntry(email: string, expected: RegExp): Promise<string> {
    const until = Date.now() + 10_000;
    for (;;) {
      await openPeople();
      const entry = await entryOf(email);
      if (expected.test(entry) || Date.now() > until) {
        expect(entry).toMatch(expected);
        return entry;
      }
      await page.waitForTimeout(200);
    }
  }

  async function actOn(label: string, name: string, notice: string): Promise<void> {
    await navigateBy(page, () => page.getByRole('button', { name: `${label}: ${name}` }).click());
    expect(await waitForHeading(page, 'Verwaltung: Personen')).toContain(notice);
  }

  /** A destructive action opens a page naming the person first; its button does it. */
  async function confirmOn(label: string, name: string, confirm: string, notice: string): Promise<void> {
    await navigateBy(page, () => page.getByRole('link', { name: `${label}: ${name}` }).click());
    await waitForHeading(page, name);
    await navigateBy(page, () => page.getByRole('button', { name: confirm }).click());
    expect(await waitForHeading(page, 'Verwaltung: Personen')).toContain(notice);
  }

  async function invite(email: string, name: string): Promise<void> {
    await openPeople();
    await page.getByText('Person einladen (Freischaltung)').click();
    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email);
    await page.getByLabel('Vollständiger Name').fill(name);
    await navigateBy(page, () => page.getByRole('button', { name: 'Einladen' }).click());
    expect(await waitForHeading(page, 'Verwaltung: Personen')).toContain('Die Einladung ist unterwegs');
  }

  step('a. the administrator sets a password, logs in and invites the first people', async () => {
    await logInAsNewAcmeAdmin(portico, smtp, page, PASSWORD);
    // Rolf's invitation goes out first: its resend, a minute later, is the last step.
    await invite('rolf@example.com', 'Rolf Reuter');
    rolfInvitedAt = Date.now();
    rolfFirstLink = linkFrom(await smtp.waitForMail('rolf@example.com'), '/set-password');
  });

  step(
    "b. an invited customer's steps appear in the list as they happen: sent, link opened, password set, first login",
    async () => {
      await invite('kim@example.com', 'Kim Kunde');
      const link = linkFrom(
        await mailWith(smtp, 'kim@example.com', 'Ihr Zugang zum Kundenportal von Acme'),
        '/set-password',
      );
      await waitForEntry(
        'kim@example.com',
        new RegExp(`Einladung zugestellt \\(an den Mailserver übergeben\\) am ${BERLIN_TIME}`),
      );
      expect(await page.content()).not.toContain(required(new URL(link).searchParams.get('token')));

      await personPage.goto(link);
      await waitForHeading(personPage, 'Passwort festlegen');
      await waitForEntry('kim@example.com', new RegExp(`Eingeladen\\s+Link geöffnet am ${BERLIN_TIME}`));

      await setPasswordAt(personPage, link, PASSWORD);
      await waitForEntry('kim@example.com', new RegExp(`Aktiv\\s+Passwort gesetzt am ${BERLIN_TIME}`));

      expect(await logIn(personPage, 'kim@example.com', PASSWORD)).toContain('Willkommen, Kim Kunde');
      await waitForEntry('kim@example.com', new RegExp(`Erste Anmeldung am ${BERLIN_TIME}`));
    },
  );

  step("c. a revoked invitation's link stops working", async () => {
    await invite('vera@example.com', 'Vera Vogel');
    const link = linkFrom(await smtp.waitForMail('vera@example.com'), '/set-password');
    await openPeople();
    await confirmOn(
      'Einladung widerrufen…',
      'Vera Vogel',
      'Einladung jetzt widerrufen',
      'Die Einladung an Vera Vogel ist widerrufen',
    );
    expect(await entryOf('vera@example.com')).toMatch(
      new RegExp(`Einladung widerrufen\\s+Einladung widerrufen am ${BERLIN_TIME}`),
    );
    await personPage.goto(link);
    expect(await waitForHeading(personPage, 'Dieser Link funktioniert nicht mehr')).toContain(
      'Dieser Link gilt nicht mehr',
    );
  });

  step('d. a password reset sent by the staff arrives, and the new password works', async () => {
    await openPeople();
    await actOn(
      'E-Mail zum Zurücksetzen des Passworts senden',
      'Kim Kunde',
      'Die E-Mail zum Zurücksetzen des Passworts an Kim Kunde ist unterwegs',
    );
    const link = linkFrom(
      await mailWith(smtp, 'kim@example.com', 'Neues Passwort für das Kundenportal von Acme'),
      '/set-password',
    );
    await setPasswordAt(personPage, link, NEW_PASSWORD);
    await mailWith(smtp, 'kim@example.com', 'Ihr Passwort wurde geändert');
    expect(await logIn(personPage, 'kim@example.com', NEW_PASSWORD)).toContain('Willkommen, Kim Kunde');
  });

  step(
    'e. an address change by the staff is a request: the person makes it with their password, confirms it ' +
      'from the new mailbox, and logs in with it',
    async () => {
      await openPeople();
      const entry = page.locator('tr[data-person="kim@example.com"]');
      await entry.getByText('E-Mail-Adresse ändern').click();
      await entry.getByLabel('Neue E-Mail-Adresse für Kim Kunde').fill('kim.neu@example.com');
      await navigateBy(page, () => entry.getByRole('button', { name: 'Adresse ändern' }).click());
      expect(await waitForHeading(page, 'Verwaltung: Personen')).toContain('Die Änderung ist angefragt');
      const request = linkFrom(
        await mailWith(smtp, 'kim@example.com', 'Bitte prüfen Sie eine neue E-Mail-Adresse'),
        '/profile?anfrage=',
      );

      await usePersonBrowser();
      await personPage.goto(request);
      await waitForHeading(personPage, 'Anmelden');
      await personPage.locator('input[name=email]').fill('kim@example.com');
      await personPage.locator('input[name=password]').fill(NEW_PASSWORD);
      await navigateBy(personPage, () => personPage.getByRole('button', { name: 'Anmelden' }).click());
      await waitForHeading(personPage, 'Mein Zugang');
      expect(await personPage.getByLabel('Neue E-Mail-Adresse', { exact: true }).inputValue()).toBe(
        'kim.neu@example.com',
      );
      await personPage.getByLabel('Ihr Passwort', { exact: true }).fill(NEW_PASSWORD);
      await navigateBy(personPage, () =>
        personPage.getByRole('button', { name: 'Link an neue Adresse senden' }).click(),
      );
      const link = linkFrom(
        await mailWith(smtp, 'kim.neu@example.com', 'Bitte bestätigen Sie Ihre neue E-Mail-Adresse'),
        '/confirm-email-change',
      );

      await personPage.goto(link);
      await waitForHeading(personPage, 'Neue E-Mail-Adresse bestätigen');
      await navigateBy(personPage, () => personPage.getByRole('button', { name: 'Adresse ändern' }).click());
      await waitForHeading(personPage, 'E-Mail-Adresse geändert');
      expect((await mailWith(smtp, 'kim@example.com', 'Ihre E-Mail-Adresse wurde geändert')).text).toContain(
        'kim.neu@example.com',
      );
      await usePersonBrowser();
      expect(await logIn(personPage, 'kim.neu@example.com', NEW_PASSWORD)).toContain('Willkommen, Kim Kunde');
    },
  );

  step('f. after wrong passwords the login is locked until the staff lift the lock', async () => {
    await usePersonBrowser();
    expect(await logIn(personPage, 'kim.neu@example.com', 'Falsch geraten 0!')).toContain('Anmeldung nicht möglich');
    // The refused login answers with the form again: the next guesses go straight from there.
    for (const password of [
      'Falsch geraten 1!',
      'Falsch geraten 2!',
      'Falsch geraten 3!',
      'Falsch geraten 4!',
      'Falsch geraten 5!',
      NEW_PASSWORD,
    ]) {
      await personPage.locator('input[name=email]').fill('kim.neu@example.com');
      await personPage.locator('input[name=password]').fill(password);
      await navigateBy(personPage, () => personPage.getByRole('button', { name: 'Anmelden' }).click());
      expect(await personPage.locator('main').innerText()).toContain('Anmeldung nicht möglich');
    }
    const locked = await openPeople('?status=locked');
    expect(locked).toContain('vorübergehend gesperrt nach falschen Passwörtern');
    expect(locked).toContain('kim.neu@example.com');
    await actOn('Sperre aufheben', 'Kim Kunde', 'Die Sperre von Kim Kunde ist aufgehoben');
    expect(await logIn(personPage, 'kim.neu@example.com', NEW_PASSWORD)).toContain('Willkommen, Kim Kunde');
  });

  step(
    'g. a deactivated person is logged out at the next page and refused, and can log in again once reactivated',
    async () => {
      await openPeople();
      await confirmOn(
        'Deaktivieren…',
        'Kim Kunde',
        'Jetzt deaktivieren',
        'Kim Kunde ist deaktiviert und sofort abgemeldet',
      );
      await personPage.goto(`${acmeUrl}/`);
      await waitForHeading(personPage, 'Anmelden');
      expect(await logIn(personPage, 'kim.neu@example.com', NEW_PASSWORD)).toContain('Anmeldung nicht möglich');
      await actOn('Reaktivieren', 'Kim Kunde', 'Kim Kunde ist wieder aktiv');
      expect(await logIn(personPage, 'kim.neu@example.com', NEW_PASSWORD)).toContain('Willkommen, Kim Kunde');
    },
  );

  step('h. removing a person from a Freischaltung on the grant page ends their session', async () => {
    await page.goto(`${acmeUrl}/admin/grants`);
    await waitForHeading(page, 'Freischaltungen');
    await page.getByLabel('Name der Freischaltung').fill('Familie Grün');
    await page.getByLabel('Kundennummern').fill('500001');
    await navigateBy(page, () => page.getByRole('button', { name: 'Freischaltung anlegen' }).click());
    expect(await waitForHeading(page, 'Familie Grün')).toContain('Die Freischaltung ist angelegt');
    await page.getByLabel('E-Mail-Adresse hinzufügen').fill('greta@example.com');
    await page.getByLabel('Name der Person').fill('Greta Grün');
    await navigateBy(page, () => page.getByRole('button', { name: 'Hinzufügen' }).click());
    expect(await waitForHeading(page, 'Familie Grün')).toContain('greta@example.com');

    await usePersonBrowser();
    await setPasswordFromMail(personPage, smtp, 'greta@example.com', PASSWORD);
    expect(await logIn(personPage, 'greta@example.com', PASSWORD)).toContain('Willkommen, Greta Grün');

    // Removing asks first, naming the person, in a fold that needs no script.
    await page.locator('summary[aria-label="Zugang von Greta Grün entfernen"]').click();
    await navigateBy(page, () => page.getByRole('button', { name: 'Ja, Zugang entfernen' }).click());
    expect(await waitForHeading(page, 'Familie Grün')).not.toContain('greta@example.com');
    await personPage.goto(`${acmeUrl}/`);
    await waitForHeading(personPage, 'Anmelden');
    expect(await logIn(personPage, 'greta@example.com', PASSWORD)).toContain('Anmeldung nicht möglich');
  });

  step(
    "i. a resent invitation's new link works and the older one no longer does",
    async () => {
      await page.waitForTimeout(Math.max(0, rolfInvitedAt + RESEND_COOLDOWN - Date.now()));
      await openPeople();
      await actOn(
        'Einladung erneut senden',
        'Rolf Reuter',
        'Eine neue Einladung an Rolf Reuter ist unterwegs; der bisherige Link gilt nicht mehr',
      );
      const link = linkFrom(await smtp.waitForMail('rolf@example.com'), '/set-password');
      expect(link).not.toBe(rolfFirstLink);
      await usePersonBrowser();
      await personPage.goto(rolfFirstLink);
      expect(await waitForHeading(personPage, 'Dieser Link funktioniert nicht mehr')).toContain('neuerer Link');
      await setPasswordAt(personPage, link, PASSWORD);
      expect(await logIn(personPage, 'rolf@example.com', PASSWORD)).toContain('Willkommen, Rolf Reuter');
      // It waits out the rest of the resend cooldown first, up to a minute when the steps before ran fast.
    },
    RESEND_COOLDOWN + STEP_TIMEOUT,
  );

  step('j. the table works at desktop and phone sizes, and a bulk action names who it reaches first', async () => {
    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size);
      await openPeople();
      expect(await findAccessibilityViolations(page), `${size.width}×${size.height}`).toEqual([]);
      const widths = await page.evaluate(() => {
        const box = document.querySelector('.table-wrap');
        if (box === null) throw new Error('The people table has no .table-wrap');
        return {
          page: document.documentElement.scrollWidth,
          view: window.innerWidth,
          box: box.clientWidth,
          table: box.scrollWidth,
        };
      });
      // The page itself never scrolls sideways; on a phone the table does, inside its own box.
      expect(widths.page, `${size.width}×${size.height}`).toBeLessThanOrEqual(widths.view);
      if (size === PHONE) {
        expect(widths.table).toBeGreaterThan(widths.box);
      }
    }
    expect(await openPeople()).toMatch(/\d+ Personen/);
    await navigateBy(page, () => page.getByRole('link', { name: 'Status' }).click());
    expect(page.url()).toContain('sortierung=status');
    await page.getByLabel('Vera Vogel auswählen').check();
    await page.getByLabel('Mit den ausgewählten Personen').selectOption('deactivate');
    await navigateBy(page, () => page.getByRole('button', { name: 'Weiter zur Bestätigung' }).click());
    const confirmation = await waitForHeading(page, 'Deaktivieren: Bitte bestätigen');
    expect(confirmation).toContain('Betroffen ist 1 Person');
    expect(confirmation).toContain('vera@example.com');
    await navigateBy(page, () => page.getByRole('button', { name: 'Jetzt deaktivieren' }).click());
    expect(await waitForHeading(page, 'Verwaltung: Personen')).toContain('Erledigt für 1 von 1 Personen.');
    expect(await entryOf('vera@example.com')).toContain('Deaktiviert');
    await navigateBy(page, () => page.getByRole('link', { name: 'Vera Vogel' }).click());
    expect(await waitForHeading(page, 'Vera Vogel')).toContain('Einladungen');
  });
});
