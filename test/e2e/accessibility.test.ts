/**
 * Every page of the workspace and the portal, as staff, a customer and a visitor meet it, on a phone
 * (390 × 844) and a laptop (1366 × 900), checked with axe-core (WCAG 2.1 A and AA): any violation
 * fails, named with its page and width.
 */
import type { BrowserContext, Page } from 'playwright-core';
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
import {
  createStepRunner,
  startE2eEnvironment,
  stopE2eEnvironment,
  type E2eEnvironment,
  newE2eContext,
} from '../support/e2e-run.js';
import { databaseKind } from '../support/test-database.js';
import { required } from '../../src/shared/required.js';

const chromiumAvailable = chromiumAvailableOrWarn();

const PASSWORD = 'Barrierefrei am Rhein 9!';
/** A set-password link whose token is unknown. */
const SET_PASSWORD_INVALID = 410;
const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1366, height: 900 },
];

/** A page to check: its address (a path on the broker's host unless absolute) and who looks at it. */
interface Visit {
  who: 'staff' | 'customer' | 'visitor';
  path: string;
  /** The answer's status when it is not 200: a refused filter, an unknown page, a link that no longer works. */
  status?: number;
  /** Something to do on the page before the check, e.g. open the folded invite form. */
  prepare?: (page: Page) => Promise<void>;
}

describe.skipIf(!chromiumAvailable)(`every page passes axe-core at phone and laptop width (${databaseKind})`, () => {
  let environment: E2eEnvironment;
  let acmeUrl: string;
  let customerContext: BrowserContext;
  let visitorContext: BrowserContext;
  const pages: Record<Visit['who'], Page> = {} as Record<Visit['who'], Page>;
  const visits: Visit[] = [];

  beforeAll(async () => {
    environment = await startE2eEnvironment({ viewport: required(VIEWPORTS[1]) });
    ({ acmeUrl } = environment);
    customerContext = await newE2eContext(environment.browser, required(VIEWPORTS[1]));
    visitorContext = await newE2eContext(environment.browser, required(VIEWPORTS[1]));
    pages.staff = environment.page;
    pages.customer = await customerContext.newPage();
    pages.visitor = await visitorContext.newPage();
  }, 60_000);

  afterAll(async () => {
    await customerContext?.close().catch(() => undefined);
    await visitorContext?.close().catch(() => undefined);
    await stopE2eEnvironment(environment ?? {});
  });

  const step = createStepRunner({ timeout: 60_000 });

  /** The first link on the current page whose address starts with the prefix and names something of its own. */
  async function firstLink(page: Page, prefix: string): Promise<string> {
    const hrefs = await page
      .locator(`a[href^="${prefix}"]`)
      .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    const found = hrefs.find((href) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(href));
    expect(found, `a link starting with ${prefix} on ${page.url()}`).toBeDefined();
    return required(found);
  }

  step(
    'a. a broker with staff, a customer with a grant, an open invitation, a profile, a key and a webhook',
    async () => {
      const cli = (args: string[]) => environment.portico.runCli(args);
      const { smtp } = environment;
      await logInAsNewAcmeAdmin(environment.portico, smtp, pages.staff, PASSWORD);
      await waitForHeading(pages.staff, 'Willkommen');
      const staff = pages.staff;
      // A customer whose grant may invite colleagues, through the invite form's profile choice.
      await staff.goto(`${acmeUrl}/admin/profiles`);
      await waitForHeading(staff, 'Profile');
      await staff.getByLabel('Name des Profils').fill('Mitarbeiter des Kunden');
      await navigateBy(staff, () => staff.getByRole('button', { name: 'Profil anlegen' }).click());
      await staff.goto(`${acmeUrl}/admin/profiles`);
      await staff.getByLabel('Name des Profils').fill('Firmenkunde');
      await staff.getByLabel('Darf einladen mit Profil „Mitarbeiter des Kunden“').check();
      await navigateBy(staff, () => staff.getByRole('button', { name: 'Profil anlegen' }).click());
      await staff.goto(`${acmeUrl}/admin/people`);
      await staff.getByText('Person einladen (Freischaltung)').click();
      await staff.getByLabel('E-Mail-Adresse', { exact: true }).fill('kunde@example.com');
      await staff.getByLabel('Vollständiger Name').fill('Karla Kunde');
      await staff.getByLabel('Name der Freischaltung (optional)').fill('Familie Kunde');
      await staff.getByLabel('Kundennummern (optional)').fill('100234');
      await staff.getByLabel('Freischaltungsprofil (optional)').selectOption({ label: 'Firmenkunde' });
      await navigateBy(staff, () => staff.getByRole('button', { name: 'Einladen' }).click());
      expect(await waitForHeading(staff, 'Verwaltung: Personen')).toContain('Die Einladung ist unterwegs');
      expectCliOk(
        await cli([
          'invite',
          '--tenant',
          'acme',
          '--email',
          'offen@example.com',
          '--name',
          'Otto Offen',
          '--kind',
          'policyholder',
        ]),
      );
      await setPasswordFromMail(pages.customer, smtp, 'kunde@example.com', PASSWORD);
      await logInAt(pages.customer, acmeUrl, 'kunde@example.com', PASSWORD);
      await waitForHeading(pages.customer, 'Willkommen');

      await staff.goto(`${acmeUrl}/admin/integrations`);
      await staff.getByLabel('Bezeichnung des neuen Schlüssels').fill('Unser CRM');
      await navigateBy(staff, () => staff.getByRole('button', { name: 'Schlüssel anlegen' }).click());
      await staff.goto(`${acmeUrl}/admin/integrations`);
      await staff.getByLabel('Adresse (URL) des Empfängers').fill('http://127.0.0.1:9/hook');
      await navigateBy(staff, () => staff.getByRole('button', { name: 'Webhook anlegen' }).click());

      await staff.goto(`${acmeUrl}/admin/people?suche=kunde`);
      const person = await firstLink(staff, '/admin/people/');
      await staff.goto(`${acmeUrl}/admin/people?suche=offen`);
      const invited = await firstLink(staff, '/admin/people/');
      await staff.goto(`${acmeUrl}/admin/grants`);
      const grant = await firstLink(staff, '/admin/grants/');
      await staff.goto(`${acmeUrl}/admin/profiles`);
      const profile = await firstLink(staff, '/admin/profiles/');
      await staff.goto(`${acmeUrl}/admin/integrations`);
      const keyRevoke = await firstLink(staff, '/admin/integrations/keys/');
      const webhookDelete = (await firstLink(staff, '/admin/integrations/webhooks/')).replace(/\/?$/, '/delete');
      const webhook = webhookDelete.replace(/\/delete$/, '');
      const platformUrl = `http://localhost:${environment.portico.port}`;

      visits.push(
        { who: 'visitor', path: '/login' },
        { who: 'visitor', path: `${platformUrl}/login` },
        { who: 'visitor', path: '/forgot-password' },
        { who: 'visitor', path: '/set-password?token=abgelaufen', status: SET_PASSWORD_INVALID },
        { who: 'visitor', path: '/diese-seite-gibt-es-nicht', status: 404 },
        { who: 'customer', path: '/' },
        { who: 'customer', path: '/profile' },
        { who: 'customer', path: '/profile/second-factor' },
        { who: 'customer', path: '/colleagues' },
        { who: 'customer', path: '/vertraege' },
        { who: 'customer', path: '/dokumente' },
        { who: 'customer', path: '/dokumente?suche=x&von=2026-03-02&bis=2026-03-01', status: 422 },
        {
          who: 'staff',
          path: '/admin/people',
          prepare: (page) => page.getByText('Person einladen (Freischaltung)').click(),
        },
        { who: 'staff', path: person },
        { who: 'staff', path: `${person}/deactivate` },
        { who: 'staff', path: `${invited}/revoke` },
        { who: 'staff', path: `${person}/second-factor` },
        { who: 'staff', path: `${person}/ansicht` },
        { who: 'staff', path: '/admin/customers' },
        { who: 'staff', path: '/admin/import/gdv' },
        { who: 'staff', path: '/admin/grants' },
        { who: 'staff', path: grant },
        { who: 'staff', path: `${grant}/delete` },
        { who: 'staff', path: '/admin/profiles' },
        { who: 'staff', path: profile },
        { who: 'staff', path: `${profile}/delete` },
        { who: 'staff', path: '/admin/import' },
        { who: 'staff', path: '/admin/audit' },
        { who: 'staff', path: '/admin/audit?von=2026-03-02&bis=2026-03-01', status: 422 },
        { who: 'staff', path: '/admin/settings' },
        { who: 'staff', path: '/admin/settings/schlagwoerter' },
        { who: 'staff', path: '/admin/integrations' },
        { who: 'staff', path: keyRevoke },
        { who: 'staff', path: webhookDelete },
        { who: 'staff', path: webhook },
        { who: 'staff', path: '/profile' },
        { who: 'staff', path: '/profile/second-factor' },
      );
    },
  );

  for (const viewport of VIEWPORTS) {
    step(`b. no violation on any page at ${viewport.width} × ${viewport.height}`, async () => {
      const found: string[] = [];
      for (const page of Object.values(pages)) {
        await page.setViewportSize(viewport);
      }
      for (const visit of visits) {
        const page = pages[visit.who];
        const url = visit.path.startsWith('http') ? visit.path : `${acmeUrl}${visit.path}`;
        const response = await page.goto(url);
        if (response?.status() !== (visit.status ?? 200)) {
          found.push(`${visit.path} (${visit.who}): answered ${response?.status()}`);
        }
        if (!(await page.locator('h1').first().isVisible())) {
          found.push(`${visit.path} (${visit.who}): no visible heading`);
        }
        await visit.prepare?.(page);
        for (const violation of await findAccessibilityViolations(page)) {
          found.push(
            `${visit.path} (${visit.who}): ${violation.id} – ${violation.help} – ${violation.targets.join(', ')}`,
          );
        }
      }
      expect(found, `checked ${visits.length} pages`).toEqual([]);
    });
  }
});
