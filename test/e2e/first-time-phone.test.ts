/**
 * The hardest step for a first-time user, on a phone-sized screen (390×844) in a real Chromium:
 * choosing a password with the live checklist, a refused password, and setting up the second
 * factor. Every page must pass axe-core and fit the width.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { chromiumAvailableOrWarn } from '../support/browser.js';
import {
  createAcme,
  expectCleanPage,
  expectCliOk,
  logInAt,
  navigateBy,
  UI_TIMEOUT,
  waitForHeading,
} from '../support/e2e-pages.js';
import { createStepRunner, startE2eEnvironment, stopE2eEnvironment } from '../support/e2e-run.js';
import type { PorticoProcess } from '../support/portico-process.js';
import { linkFrom, type SmtpReceiver } from '../support/smtp-receiver.js';
import { databaseKind, type TestDatabase } from '../support/test-database.js';
import { required } from '../../src/shared/required.js';

const chromiumAvailable = chromiumAvailableOrWarn();

const PHONE = { width: 390, height: 844 };
/** Screenshots for humans (never asserted on). */
const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const MAX = { email: 'max@example.com', name: 'Max Mustermann' };
const STRONG_PASSWORD = 'Blauer Elefant 7!';

describe.skipIf(!chromiumAvailable)(`first-time user on a phone in Chromium (${databaseKind})`, () => {
  let smtp: SmtpReceiver;
  let database: TestDatabase | null;
  let portico: PorticoProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let acmeUrl: string;

  beforeAll(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    ({ smtp, database, portico, browser, context, page, acmeUrl } = await startE2eEnvironment({ viewport: PHONE }));
  });
  afterAll(() => stopE2eEnvironment({ smtp, database, portico, browser, context }));

  const step = createStepRunner({ timeout: 30_000 });

  async function lineState(rule: string): Promise<string | null> {
    return page.locator(`#password-rules li[data-rule="${rule}"]`).getAttribute('data-met');
  }

  async function waitForLine(rule: string, state: string): Promise<void> {
    await page
      .locator(`#password-rules li[data-rule="${rule}"][data-met="${state}"]`)
      .waitFor({ state: 'attached', timeout: UI_TIMEOUT });
  }

  step('the broker invites Max', async () => {
    await createAcme((args) => portico.runCli(args), portico.port);
    expectCliOk(
      await portico.runCli([
        'invite',
        '--tenant',
        'acme',
        '--email',
        MAX.email,
        '--name',
        MAX.name,
        '--kind',
        'policyholder',
        '--grant',
        'Familie Mustermann',
        '--customer',
        '100234',
      ]),
    );
  });

  step('typing ticks off the lines, explains "Ä", and checks the name live', async () => {
    await page.goto(linkFrom(await smtp.waitForMail(MAX.email), '/set-password'));
    await waitForHeading(page, 'Passwort festlegen');
    await page.locator('#toggle-password').waitFor({ state: 'visible' });
    await expectCleanPage(page);
    expect(await lineState('PASSWORD_TOO_COMMON')).toBe('pending');

    const password = page.locator('#password');
    await password.pressSequentially('Äpfel und 7');
    await waitForLine('PASSWORD_TOO_SHORT', 'true');
    await waitForLine('PASSWORD_NEEDS_DIGIT', 'true');
    await waitForLine('PASSWORD_NEEDS_SPECIAL', 'true');
    expect(await lineState('PASSWORD_NEEDS_UPPERCASE')).toBe('false');
    const hint = page.locator('#password-uppercase-hint');
    await hint.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    expect((await hint.textContent())?.trim()).toBe('„Ä“ ist kein Buchstabe A–Z.');
    await expectCleanPage(page);
    await page.screenshot({ path: `${RESULTS_DIR}phone-set-password-typing.png`, fullPage: true });

    await password.pressSequentially('B');
    await waitForLine('PASSWORD_NEEDS_UPPERCASE', 'true');
    await hint.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });

    await password.fill('');
    await password.pressSequentially('Mustermann 7!');
    await waitForLine('PASSWORD_CONTAINS_PERSONAL_DATA', 'false');
    expect(await lineState('PASSWORD_TOO_COMMON')).toBe('pending');
  });

  step('a refused password brings the focus back to the field, with the reasons linked', async () => {
    await page.locator('#password').fill('Sommer2024!');
    await page.locator('#password-confirm').fill('Sommer2024!');
    await navigateBy(page, () => page.getByRole('button', { name: 'Passwort speichern' }).click());
    await waitForHeading(page, 'Passwort festlegen');
    await page.waitForFunction(() => document.activeElement?.id === 'password', undefined, { timeout: UI_TIMEOUT });
    expect(await page.locator('#password').getAttribute('aria-describedby')).toBe('password-problems password-rules');
    expect(await lineState('PASSWORD_TOO_COMMON')).toBe('false');
    expect(await lineState('PASSWORD_TOO_SHORT')).toBe('true');
    await expectCleanPage(page);
    await page.screenshot({ path: `${RESULTS_DIR}phone-set-password-refused.png`, fullPage: true });

    await page.locator('#password').fill(STRONG_PASSWORD);
    await page.locator('#password-confirm').fill(STRONG_PASSWORD);
    await waitForLine('PASSWORD_TOO_COMMON', 'pending');
    expect(await page.locator('#password-rules').getAttribute('data-refused')).toBeNull();
    await navigateBy(page, () => page.getByRole('button', { name: 'Passwort speichern' }).click());
    await waitForHeading(page, 'Passwort gespeichert');
  });

  step('the second factor set-up offers the app link, the key in groups and a focused code field', async () => {
    await logInAt(page, acmeUrl, MAX.email, STRONG_PASSWORD);
    await page.goto(`${acmeUrl}/profile/second-factor`);
    await navigateBy(page, () => page.getByRole('button', { name: 'Zweiten Faktor einrichten' }).click());
    await waitForHeading(page, 'Zweiter Faktor');
    const link = page.getByRole('link', { name: 'In Authenticator-App öffnen' });
    expect(await link.getAttribute('href')).toMatch(/^otpauth:\/\/totp\//);
    const secret = await page.locator('[data-totp-secret]').getAttribute('data-totp-secret');
    const shown = required(await page.locator('[data-totp-secret]').textContent()).trim();
    expect(shown).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    expect(shown.replace(/ /g, '')).toBe(secret);
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'code', undefined, {
      timeout: UI_TIMEOUT,
    });
    expect(await page.locator('input[name=code]').getAttribute('inputmode')).toBe('numeric');
    await expectCleanPage(page);
    await page.screenshot({ path: `${RESULTS_DIR}phone-second-factor-setup.png`, fullPage: true });
  });
});
