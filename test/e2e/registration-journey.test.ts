/**
 * The core journey of DESIGN.md §1 end to end, the way people meet it: the operator's CLI against a
 * running `portico start`, mail over real SMTP, and a real Chromium clicking through the pages.
 *
 * Steps share one process, one database and one browser and run in order; each asserts what a
 * person sees. Screenshots for humans land in test-results/ (never asserted on).
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAccessibilityViolations } from '../support/accessibility.js';
import {
  ACME,
  createAcme,
  expectCliOk,
  logInAt,
  navigateBy,
  UI_TIMEOUT,
  waitForHeading,
} from '../support/e2e-pages.js';
import { chromiumAvailableOrWarn } from '../support/browser.js';
import { createStepRunner, startE2eEnvironment, stopE2eEnvironment } from '../support/e2e-run.js';
import type { PorticoProcess } from '../support/portico-process.js';
import { linkFrom, type ReceivedMail, type SmtpReceiver } from '../support/smtp-receiver.js';
import { databaseKind, type TestDatabase } from '../support/test-database.js';

const chromiumAvailable = chromiumAvailableOrWarn();

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

const BETA = { slug: 'beta', name: 'Beta Finanzmakler AG' };
const MAX = {
  email: 'max@example.com',
  newEmail: 'max.neu@example.com',
  name: 'Max Mustermann',
  grant: 'Familie Mustermann',
  customer: '100234',
};
const WEAK_PASSWORD = 'Sommer2024!';
const STRONG_PASSWORD = 'Blauer Elefant 7!';

const RULES = [
  'PASSWORD_TOO_SHORT',
  'PASSWORD_NEEDS_SPECIAL',
  'PASSWORD_NEEDS_DIGIT',
  'PASSWORD_NEEDS_UPPERCASE',
  'PASSWORD_MATCH',
] as const;
type Rule = (typeof RULES)[number];

const STEP_TIMEOUT = 20_000;

function ruleStates(met: Rule[]): Record<Rule, boolean> {
  return Object.fromEntries(RULES.map((rule) => [rule, met.includes(rule)])) as Record<Rule, boolean>;
}

/** Waits until the checklist shows the expected ticks, then asserts them (so a mismatch shows a diff). */
async function expectChecklist(page: Page, met: Rule[]): Promise<void> {
  const expected = ruleStates(met);
  // The four rules and the match line; the lines for common and personal passwords have a test of their own.
  const read = (): Promise<Record<string, boolean>> =>
    page.$$eval(
      '#password-rules li[data-rule]',
      (items, rules) =>
        Object.fromEntries(
          items
            .filter((item) => rules.includes(item.getAttribute('data-rule') ?? ''))
            .map((item) => [item.getAttribute('data-rule') ?? '', item.getAttribute('data-met') === 'true']),
        ),
      [...RULES] as string[],
    );
  await page
    .waitForFunction(
      (wanted) =>
        Object.entries(wanted).every(
          ([rule, isMet]) =>
            document.querySelector(`#password-rules li[data-rule="${rule}"]`)?.getAttribute('data-met') ===
            String(isMet),
        ),
      expected,
      { timeout: UI_TIMEOUT },
    )
    .catch(() => undefined);
  expect(await read()).toEqual(expected);
}

function germanDate(at: number): string {
  return new Intl.DateTimeFormat('de-DE', {
    timeZone: 'Europe/Berlin',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(at);
}

function senderOf(mail: ReceivedMail): { name: string; address: string } {
  const [sender] = mail.parsed.from?.value ?? [];
  return { name: sender?.name ?? '', address: sender?.address ?? '' };
}

describe.skipIf(!chromiumAvailable)(`registration journey in Chromium (${databaseKind})`, () => {
  let smtp: SmtpReceiver;
  let database: TestDatabase | null;
  let portico: PorticoProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let acmeUrl: string;
  let betaUrl: string;
  let invitationLink: string;
  let confirmationLink: string;

  beforeAll(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    ({ smtp, database, portico, browser, context, page, acmeUrl } = await startE2eEnvironment({
      viewport: { width: 1000, height: 900 },
    }));
    betaUrl = `http://beta.localhost:${portico.port}`;
  });

  afterAll(() => stopE2eEnvironment({ smtp, database, portico, browser, context }));

  /** One step of the journey; the failing page is saved for a look. */
  const step = createStepRunner({
    timeout: STEP_TIMEOUT,
    onFailure: (name) =>
      page
        .screenshot({ path: `${RESULTS_DIR}failed-step-${name.slice(0, 1)}.png`, fullPage: true })
        .then(() => undefined),
  });

  async function logIn(baseUrl: string, email: string, password: string): Promise<void> {
    await logInAt(page, baseUrl, email, password);
  }

  async function logOut(): Promise<void> {
    await navigateBy(page, () => page.getByRole('button', { name: 'Abmelden' }).click());
    await page.waitForURL((url) => url.pathname === '/login');
  }

  it('has an accessibility check that finds what it should', async () => {
    const probe = await context.newPage();
    await probe.setContent(
      '<!doctype html><html lang="de"><head><title>Probe</title></head><body><main><img ' +
        'src="data:,"></main></body></html>',
    );
    expect((await findAccessibilityViolations(probe)).map((violation) => violation.id)).toContain('image-alt');
    await probe.close();
  });

  step('a. the operator creates the broker and invites Max from the CLI', async () => {
    const created = await createAcme((args) => portico.runCli(args), portico.port);
    expect(created.stdout).toContain(`Created tenant "${ACME.name}" (acme) on acme.localhost:${portico.port}`);
    expect(created.stdout).toContain(`Portal: ${acmeUrl}`);

    const invited = await portico.runCli([
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
      MAX.grant,
      '--customer',
      MAX.customer,
    ]);
    expectCliOk(invited);
    expect(invited.stdout).toContain(`Invited ${MAX.email} to ${ACME.name} with grant "${MAX.grant}"`);
  });

  step("b. Max receives the invitation in the broker's name, with a link valid for 7 days", async () => {
    const mail = await smtp.waitForMail(MAX.email);
    expect(mail.subject).toBe(`Ihr Zugang zum Kundenportal von ${ACME.name}`);
    expect(senderOf(mail)).toEqual({ name: ACME.name, address: 'portal@portico.test' });
    expect(mail.text).toContain(`Guten Tag ${MAX.name},`);
    invitationLink = linkFrom(mail, '/set-password');
    expect(invitationLink).toMatch(
      new RegExp(`^${acmeUrl.replace(/\./g, '\\.')}/set-password\\?token=[A-Za-z0-9_-]{43}$`),
    );
    // "Der Link ist 7 Tage gültig, bis zum 01.12.2026, 14:30 Uhr."
    const validity = /Der Link ist 7 Tage gültig, bis zum (\d{2}\.\d{2}\.\d{4}), \d{2}:\d{2} Uhr\./.exec(mail.text);
    expect(validity, mail.text).not.toBeNull();
    const sevenDays = 7 * 24 * 60 * 60 * 1000;
    expect([germanDate(Date.now() + sevenDays - 60_000), germanDate(Date.now() + sevenDays)]).toContain(validity?.[1]);
    expect(mail.html).toContain(invitationLink.replace(/&/g, '&amp;'));
  });

  step('c. the set-password page ticks the rules off while Max types and can show the password', async () => {
    const response = await page.goto(invitationLink);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    expect(response?.headers()['cache-control']).toContain('no-store');
    const text = await waitForHeading(page, 'Passwort festlegen');
    expect(text).toContain(MAX.email);
    expect(text).toContain(ACME.name);
    expect(text).toContain(`Guten Tag ${MAX.name}`);
    // The toggle is revealed by the script: once it shows, the live checklist is wired up.
    await page.locator('#toggle-password').waitFor({ state: 'visible' });
    await expectChecklist(page, []);

    const password = page.locator('#password');
    const confirm = page.locator('#password-confirm');
    await password.pressSequentially('abcdefg');
    await expectChecklist(page, []);
    await password.pressSequentially('h');
    await expectChecklist(page, ['PASSWORD_TOO_SHORT']);
    await password.pressSequentially('A');
    await expectChecklist(page, ['PASSWORD_TOO_SHORT', 'PASSWORD_NEEDS_UPPERCASE']);
    await page.screenshot({ path: `${RESULTS_DIR}set-password-checklist-partly-met.png`, fullPage: true });
    await password.pressSequentially('1');
    await expectChecklist(page, ['PASSWORD_TOO_SHORT', 'PASSWORD_NEEDS_UPPERCASE', 'PASSWORD_NEEDS_DIGIT']);
    await password.pressSequentially('!');
    await expectChecklist(page, [
      'PASSWORD_TOO_SHORT',
      'PASSWORD_NEEDS_UPPERCASE',
      'PASSWORD_NEEDS_DIGIT',
      'PASSWORD_NEEDS_SPECIAL',
    ]);
    await confirm.pressSequentially('abcdefghA1');
    await expectChecklist(page, [
      'PASSWORD_TOO_SHORT',
      'PASSWORD_NEEDS_UPPERCASE',
      'PASSWORD_NEEDS_DIGIT',
      'PASSWORD_NEEDS_SPECIAL',
    ]);
    await confirm.pressSequentially('!');
    await expectChecklist(page, [...RULES]);
    // The screen-reader summary follows after a pause in typing.
    await page.waitForFunction(
      () => document.getElementById('password-rules-summary')?.textContent === '7 von 7 Regeln erfüllt',
      undefined,
      { timeout: UI_TIMEOUT },
    );

    const toggle = page.locator('#toggle-password');
    expect((await toggle.textContent())?.trim()).toBe('Passwort anzeigen');
    await toggle.click();
    expect(await password.getAttribute('type')).toBe('text');
    expect(await confirm.getAttribute('type')).toBe('text');
    expect(await password.inputValue()).toBe('abcdefghA1!');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect((await toggle.textContent())?.trim()).toBe('Passwort verbergen');
    await toggle.click();
    expect(await password.getAttribute('type')).toBe('password');
    expect(await confirm.getAttribute('type')).toBe('password');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
  });

  step('d. a common password is refused with a reason, a strong one is saved, and the link is used up', async () => {
    await page.locator('#password').fill(WEAK_PASSWORD);
    await page.locator('#password-confirm').fill(WEAK_PASSWORD);
    await expectChecklist(page, [...RULES]);
    await navigateBy(page, () => page.getByRole('button', { name: 'Passwort speichern' }).click());
    const refused = await waitForHeading(page, 'Passwort festlegen');
    expect(refused).toContain('Das Passwort wurde noch nicht gespeichert');
    expect(refused).toContain('Dieses Passwort wird sehr häufig verwendet');
    expect(
      await page
        .locator('[data-problem]')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-problem'))),
    ).toEqual(['PASSWORD_TOO_COMMON']);
    // The link still works: the same form again, for the same address; the checklist shows the refused
    // password's state, the field itself stays empty and has the focus.
    expect(refused).toContain(MAX.email);
    expect(await page.locator('#password').inputValue()).toBe('');
    await page.locator('#toggle-password').waitFor({ state: 'visible' });
    await expectChecklist(page, [...RULES]);
    expect(await page.locator('#password-rules li[data-rule="PASSWORD_TOO_COMMON"]').getAttribute('data-met')).toBe(
      'false',
    );

    await page.locator('#password').fill(STRONG_PASSWORD);
    await page.locator('#password-confirm').fill(STRONG_PASSWORD);
    await expectChecklist(page, [...RULES]);
    await navigateBy(page, () => page.getByRole('button', { name: 'Passwort speichern' }).click());
    const saved = await waitForHeading(page, 'Passwort gespeichert');
    expect(saved).toContain('Ihr Passwort wurde gespeichert');
    expect(saved).toContain('Sie sind noch nicht angemeldet');
    expect(await page.getByRole('link', { name: 'Zur Anmeldung' }).getAttribute('href')).toBe('/login');

    const reopened = await page.goto(invitationLink);
    expect(reopened?.status()).toBe(410);
    const unusable = await waitForHeading(page, 'Dieser Link funktioniert nicht mehr');
    expect(unusable).toContain('Dieser Link wurde bereits verwendet.');
    expect(await page.locator('#password').count()).toBe(0);
  });

  step(
    "e. Max logs in on the broker's host: wrong password → neutral message; right one → portal home; logout",
    async () => {
      await logIn(acmeUrl, MAX.email, 'Blauer Elefant 8!');
      const failed = await waitForHeading(page, 'Anmelden');
      expect(failed).toContain('Anmeldung nicht möglich');
      expect(failed).toContain(
        'E-Mail-Adresse oder Passwort sind nicht korrekt, oder für diese Adresse besteht hier kein Zugang.',
      );
      expect(await page.locator('input[name=email]').inputValue()).toBe(MAX.email);
      expect(await page.locator('input[name=password]').inputValue()).toBe('');

      await logIn(acmeUrl, MAX.email, STRONG_PASSWORD);
      await page.waitForURL(`${acmeUrl}/`);
      const home = await waitForHeading(page, `Willkommen, ${MAX.name}`);
      expect(home).toContain(ACME.name);
      expect(home).toContain('Für Sie freigegeben:');
      expect(home).toContain(MAX.grant);
      // No internal words: neither the CRM's customer number nor the kind of membership.
      expect(home).not.toContain(MAX.customer);
      expect(home).not.toContain('Versicherungsnehmer');
      await page.screenshot({ path: `${RESULTS_DIR}portal-home.png`, fullPage: true });

      await logOut();
      expect(await waitForHeading(page, 'Anmelden')).toContain('Sie wurden abgemeldet.');
      expect(page.url()).toBe(`${acmeUrl}/login?abgemeldet`);
      await page.goto(`${acmeUrl}/`);
      await page.waitForURL(`${acmeUrl}/login`);
      await waitForHeading(page, 'Anmelden');
    },
  );

  step("f. on the platform host, one membership hands Max straight over to the broker's portal", async () => {
    await logIn(portico.platformUrl, MAX.email, STRONG_PASSWORD);
    await page.waitForURL(`${acmeUrl}/`);
    const home = await waitForHeading(page, `Willkommen, ${MAX.name}`);
    expect(home).toContain(ACME.name);
    await logOut();
    expect(page.url()).toBe(`${acmeUrl}/login?abgemeldet`);
    // The platform host kept no session of its own.
    await page.goto(`${portico.platformUrl}/`);
    await page.waitForURL(`${portico.platformUrl}/login`);
  });

  step('g. after an address change Max must confirm the new address before logging in', async () => {
    const changed = await portico.runCli(['user', 'set-email', '--email', MAX.email, '--new-email', MAX.newEmail]);
    expectCliOk(changed);
    expect(changed.stdout).toContain(`Changed the address to ${MAX.newEmail}`);
    // The old address hears of the change.
    expect((await smtp.waitForMail(MAX.email)).subject).toBe('Ihre E-Mail-Adresse wurde geändert');

    // The old address no longer logs in (same neutral message).
    await logIn(acmeUrl, MAX.email, STRONG_PASSWORD);
    expect(await waitForHeading(page, 'Anmelden')).toContain('Anmeldung nicht möglich');

    await logIn(acmeUrl, MAX.newEmail, STRONG_PASSWORD);
    const notice = await waitForHeading(page, 'Bitte bestätigen Sie Ihre E-Mail-Adresse');
    expect(notice).toContain(`Die E-Mail-Adresse ${MAX.newEmail} ist aber noch nicht bestätigt`);
    expect(await page.getByRole('button', { name: 'Bestätigungs-E-Mail erneut senden' }).count()).toBe(1);
    expect(notice).not.toContain(`Willkommen`);

    const mail = await smtp.waitForMail(MAX.newEmail);
    expect(mail.subject).toBe('Bitte bestätigen Sie Ihre E-Mail-Adresse');
    expect(senderOf(mail).name).toBe(ACME.name);
    expect(mail.text).toContain('24 Stunden gültig');
    confirmationLink = linkFrom(mail, '/confirm-email');
    expect(confirmationLink.startsWith(`${acmeUrl}/confirm-email?token=`)).toBe(true);

    // A mail went out less than a minute ago: the button is disabled and says for how long.
    expect(await page.getByRole('button', { name: 'Bestätigungs-E-Mail erneut senden' }).isDisabled()).toBe(true);
    expect(await page.locator('#resend-cooldown').textContent()).toMatch(
      /^Erneut senden ist in \d+ Sekunden wieder möglich\.$/,
    );
    expect(notice).not.toContain('Wir haben eine neue Bestätigungs-E-Mail');

    // Still no session.
    await page.goto(`${acmeUrl}/`);
    await page.waitForURL(`${acmeUrl}/login`);

    const confirmPage = await page.goto(confirmationLink);
    expect(confirmPage?.status()).toBe(200);
    const confirmText = await waitForHeading(page, 'E-Mail-Adresse bestätigen');
    expect(confirmText).toContain(MAX.newEmail);
    await navigateBy(page, () => page.getByRole('button', { name: 'E-Mail-Adresse bestätigen' }).click());
    const confirmed = await waitForHeading(page, 'E-Mail-Adresse bestätigt');
    expect(confirmed).toContain(`Die E-Mail-Adresse ${MAX.newEmail} ist bestätigt`);

    await logIn(acmeUrl, MAX.newEmail, STRONG_PASSWORD);
    await page.waitForURL(`${acmeUrl}/`);
    const home = await waitForHeading(page, `Willkommen, ${MAX.name}`);
    expect(home).toContain(MAX.newEmail);
    expect(home).toContain(MAX.grant);
    await logOut();

    // By now the outbox worker has long had the chance: the refused resend sent nothing.
    expect(smtp.mails.filter((received) => received.to.includes(MAX.newEmail))).toHaveLength(1);
  });

  step('h. a second broker gives Max access: information mail only, and the platform asks which portal', async () => {
    const created = await portico.runCli([
      'tenant',
      'create',
      '--slug',
      BETA.slug,
      '--name',
      BETA.name,
      '--host',
      `beta.localhost:${portico.port}`,
    ]);
    expectCliOk(created);
    expect(created.stdout).toContain(`Created tenant "${BETA.name}" (beta)`);
    const invited = await portico.runCli([
      'invite',
      '--tenant',
      'beta',
      '--email',
      MAX.newEmail,
      '--name',
      MAX.name,
      '--kind',
      'policyholder',
      '--grant',
      MAX.grant,
      '--customer',
      '700001',
    ]);
    expectCliOk(invited);
    // Answered as for a new address: the second broker learns nothing of the first.
    expect(invited.stdout).toContain(`Invited ${MAX.newEmail} to ${BETA.name}`);

    const mail = await smtp.waitForMail(MAX.newEmail);
    expect(mail.subject).toBe(`Sie haben jetzt auch Zugang zum Kundenportal von ${BETA.name}`);
    expect(senderOf(mail).name).toBe(BETA.name);
    expect(mail.text).not.toContain('/set-password');
    expect(mail.html).not.toContain('/set-password');
    expect(mail.text).toContain(`${betaUrl}/login`);
    // The second broker's mail says nothing about the first.
    expect(mail.text).not.toContain(ACME.name);

    await logIn(portico.platformUrl, MAX.newEmail, STRONG_PASSWORD);
    await page.waitForURL(`${portico.platformUrl}/`);
    await waitForHeading(page, 'Portal wählen');
    const choices = await page.locator('form[action="/choose"] button').allInnerTexts();
    expect(choices.map((choice) => choice.trim()).sort()).toEqual([ACME.name, BETA.name].sort());

    await navigateBy(page, () => page.getByRole('button', { name: BETA.name }).click());
    await page.waitForURL(`${betaUrl}/`);
    const home = await waitForHeading(page, `Willkommen, ${MAX.name}`);
    expect(home).toContain(BETA.name);
    expect(home).toContain(MAX.grant);
    expect(home).not.toContain('700001');
    expect(home).not.toContain(ACME.name);
    expect(home).not.toContain(MAX.customer);
    await logOut();

    // Server worker and CLI both deliver the outbox (on PostgreSQL the CLI delivers its own): still one copy of each
    // mail.
    expect(smtp.mails.map((received) => `${received.to.join(',')}: ${received.subject}`).sort()).toEqual(
      [
        `${MAX.email}: Ihr Zugang zum Kundenportal von ${ACME.name}`,
        `${MAX.email}: Ihre E-Mail-Adresse wurde geändert`,
        `${MAX.newEmail}: Bitte bestätigen Sie Ihre E-Mail-Adresse`,
        `${MAX.newEmail}: Sie haben jetzt auch Zugang zum Kundenportal von ${BETA.name}`,
      ].sort(),
    );
    expect(new Set(smtp.mails.map((received) => received.messageId)).size).toBe(smtp.mails.length);
  });

  step(
    'i. Max forgets the password, sets a new one through the mailed link, then changes it in "Mein Zugang"',
    async () => {
      const acmeUrl = `http://acme.localhost:${portico.port}`;
      await page.goto(`${acmeUrl}/login`);
      await navigateBy(page, () => page.getByRole('link', { name: 'Passwort vergessen?' }).click());
      await waitForHeading(page, 'Passwort vergessen');
      await page.locator('input[name=email]').fill(MAX.newEmail);
      await navigateBy(page, () => page.getByRole('button', { name: 'Link senden' }).click());
      expect(await waitForHeading(page, 'Bitte sehen Sie in Ihrem Postfach nach')).toContain(
        'Wenn zu dieser Adresse ein Zugang besteht',
      );

      const resetMail = await smtp.waitForMail(MAX.newEmail);
      expect(resetMail.subject).toBe(`Neues Passwort für das Kundenportal von ${ACME.name}`);
      await page.goto(linkFrom(resetMail, '/set-password'));
      await waitForHeading(page, 'Neues Passwort festlegen');
      // On request the same page in English, the live checklist with it, and back to German.
      await navigateBy(page, () => page.getByRole('button', { name: 'English' }).click());
      expect(await waitForHeading(page, 'Set a new password')).toContain('Your password needs:');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await page.locator('#toggle-password').waitFor({ state: 'visible' });
      expect((await page.locator('#toggle-password').textContent())?.trim()).toBe('Show password');
      await page.locator('#password').fill('Ab1!');
      await page.waitForFunction(
        () => document.getElementById('password-rules-summary')?.textContent === '5 of 7 rules met',
        undefined,
        { timeout: UI_TIMEOUT },
      );
      await navigateBy(page, () => page.getByRole('button', { name: 'Deutsch' }).click());
      await waitForHeading(page, 'Neues Passwort festlegen');
      expect(await page.locator('html').getAttribute('lang')).toBe('de');
      const resetPassword = 'Roter Ballon 42 fliegt!';
      await page.locator('#password').fill(resetPassword);
      await page.locator('#password-confirm').fill(resetPassword);
      await navigateBy(page, () => page.getByRole('button', { name: 'Passwort speichern' }).click());
      await waitForHeading(page, 'Passwort gespeichert');
      expect((await smtp.waitForMail(MAX.newEmail)).subject).toBe('Ihr Passwort wurde geändert');

      await logIn(acmeUrl, MAX.newEmail, resetPassword);
      await waitForHeading(page, `Willkommen, ${MAX.name}`);
      await navigateBy(page, () =>
        page
          .getByRole('link', { name: /Mein Zugang/ })
          .first()
          .click(),
      );
      expect(await waitForHeading(page, 'Mein Zugang')).toContain('Dieses Gerät');
      const changedPassword = 'Grüner Drache 9 schläft';
      await page.locator('#current-password').fill(resetPassword);
      await page.locator('#password').fill(changedPassword);
      await page.locator('#password-confirm').fill(changedPassword);
      await navigateBy(page, () => page.getByRole('button', { name: 'Passwort ändern' }).click());
      expect(await waitForHeading(page, 'Mein Zugang')).toContain('Ihr Passwort wurde geändert.');
      await logOut();
      await logIn(acmeUrl, MAX.newEmail, changedPassword);
      await waitForHeading(page, `Willkommen, ${MAX.name}`);
    },
  );
});
