import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { findNewAccessibilityViolations } from './accessibility.js';
import type { CliResult } from './portico-process.js';

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

/** The operator creates Acme and invites its first administrator, Clara Chefin, who then has an invitation mail. */
export async function createAcmeWithAdmin(runCli: (args: string[]) => Promise<CliResult>, port: number): Promise<void> {
  expectCliOk(
    await runCli(['tenant', 'create', '--slug', ACME.slug, '--name', ACME.name, '--host', `acme.localhost:${port}`]),
  );
  expectCliOk(
    await runCli([
      'staff',
      'invite',
      '--tenant',
      ACME.slug,
      '--email',
      'chefin@acme.example',
      '--name',
      'Clara Chefin',
      '--role',
      'admin',
    ]),
  );
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
