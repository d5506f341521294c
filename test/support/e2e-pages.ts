import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { findAccessibilityViolations, findNewAccessibilityViolations } from './accessibility.js';
import type { CliResult, PorticoProcess } from './portico-process.js';
import { linkFrom, type ReceivedMail, type SmtpReceiver } from './smtp-receiver.js';

/** Playwright's own waiting; short, since every page here is rendered locally. */
export const UI_TIMEOUT = 5_000;

/**
 * Waits for a page whose h1 contains the text, then returns all visible text; on timeout says what is shown instead.
 */
export async function waitForHeading(page: Page, text: string): Promise<string> {
  try {
    await page.locator('h1', { hasText: text }).first().waitFor({ timeout: UI_TIMEOUT });
  } catch (error) {
    const shown = await page
      .locator('body')
      .innerText({ timeout: 1_000 })
      .catch(() => '(no page)');
    throw new Error(`Expected a page with heading "${text}", but ${page.url()} shows:\n${shown}`, { cause: error });
  }
  // Every page a person meets on the way must be usable with assistive technology.
  const violations = await findNewAccessibilityViolations(page);
  expect(violations, `accessibility violations on ${page.url()}`).toEqual([]);
  // A label points at the first element with its id: a repeated id sends it to the wrong field.
  const repeatedIds = await page.evaluate(() => {
    const ids = [...document.querySelectorAll('[id]')].map((element) => element.id);
    return ids.filter((id, index) => ids.indexOf(id) !== index);
  });
  expect(repeatedIds, `ids used more than once on ${page.url()}`).toEqual([]);
  return page.locator('body').innerText();
}

declare global {
  interface Window {
    /** Set on the document an action navigates away from (see navigateBy). */
    __porticoOldDocument?: boolean;
  }
}

/**
 * Runs an action that navigates (a form submit, a link) and waits for the new document: the old
 * one carries a marker the new one lacks, so a page with the same heading is not mistaken for it.
 */
export async function navigateBy(page: Page, action: () => Promise<void>): Promise<void> {
  await page.evaluate(() => {
    window.__porticoOldDocument = true;
  });
  await action();
  await page.waitForFunction(
    () => window.__porticoOldDocument !== true && document.readyState !== 'loading',
    undefined,
    {
      timeout: UI_TIMEOUT * 2,
    },
  );
}

export function expectCliOk(result: CliResult): void {
  expect(result, `CLI failed:\n${result.stderr}\n${result.stdout}`).toMatchObject({ code: 0 });
  expect(result.stderr).not.toMatch(/Error: unexpected/);
}

/**
 * The broker most end-to-end journeys start with: Acme on acme.localhost, created by the operator at the command line.
 */
export const ACME = { slug: 'acme', name: 'Acme Versicherungsmakler GmbH' } as const;

/** Acme's first administrator, invited by createAcmeWithAdmin. */
export const ACME_ADMIN = 'chefin@acme.example';

/** The operator creates Acme on acme.localhost at the command line. */
export async function createAcme(runCli: (args: string[]) => Promise<CliResult>, port: number): Promise<CliResult> {
  const created = await runCli([
    'tenant',
    'create',
    '--slug',
    ACME.slug,
    '--name',
    ACME.name,
    '--host',
    `acme.localhost:${port}`,
  ]);
  expectCliOk(created);
  return created;
}

/** The operator creates Acme and invites its first administrator, Clara Chefin, who then has an invitation mail. */
export async function createAcmeWithAdmin(runCli: (args: string[]) => Promise<CliResult>, port: number): Promise<void> {
  await createAcme(runCli, port);
  expectCliOk(
    await runCli([
      'staff',
      'invite',
      '--tenant',
      ACME.slug,
      '--email',
      ACME_ADMIN,
      '--name',
      'Clara Chefin',
      '--role',
      'admin',
    ]),
  );
}

/**
 * Acme with its administrator, who sets her password from the invitation mail and logs in on `page`: the
 * start of every workspace journey. Returns the text of the page after the login.
 */
export async function logInAsNewAcmeAdmin(
  portico: PorticoProcess,
  smtp: SmtpReceiver,
  page: Page,
  password: string,
): Promise<string> {
  await createAcmeWithAdmin((args) => portico.runCli(args), portico.port);
  const acmeUrl = `http://acme.localhost:${portico.port}`;
  await setPasswordFromMail(page, smtp, ACME_ADMIN, password, acmeUrl);
  return logInAt(page, acmeUrl, ACME_ADMIN, password);
}

/**
 * Follows the set-password link of the next mail to `email` and chooses the password; with `baseUrl`, the
 * link must point there.
 */
export async function setPasswordFromMail(
  page: Page,
  smtp: SmtpReceiver,
  email: string,
  password: string,
  baseUrl?: string,
): Promise<void> {
  const link = linkFrom(await smtp.waitForMail(email), '/set-password');
  if (baseUrl !== undefined) {
    expect(link.startsWith(`${baseUrl}/set-password`)).toBe(true);
  }
  await setPasswordAt(page, link, password);
}

/** The next mail to the address with this subject; others to it (notices) are passed over. */
export async function mailWith(smtp: SmtpReceiver, to: string, subject: string): Promise<ReceivedMail> {
  for (;;) {
    const mail = await smtp.waitForMail(to);
    if (mail.subject.includes(subject)) {
      return mail;
    }
  }
}

/** The page passes axe-core and fits the window's width (no sideways scrolling). */
export async function expectCleanPage(page: Page): Promise<void> {
  expect(await findAccessibilityViolations(page)).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'the page scrolls sideways').toBeLessThanOrEqual(0);
}

/** Opens a set-password link (invitation or reset), chooses the password and waits for the confirmation. */
export async function setPasswordAt(page: Page, link: string, password: string): Promise<void> {
  await page.goto(link);
  // "Passwort festlegen", or "Neues Passwort festlegen" after a reset.
  await waitForHeading(page, 'Passwort festlegen');
  await page.locator('#password').fill(password);
  await page.locator('#password-confirm').fill(password);
  await navigateBy(page, () => page.getByRole('button', { name: 'Passwort speichern' }).click());
  await waitForHeading(page, 'Passwort gespeichert');
}

/** Logs in on the login page of `baseUrl` (a broker's address or the platform's); returns the page that follows. */
export async function logInAt(page: Page, baseUrl: string, email: string, password: string): Promise<string> {
  await page.goto(`${baseUrl}/login`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await navigateBy(page, () => page.getByRole('button', { name: 'Anmelden' }).click());
  return page.locator('body').innerText();
}
