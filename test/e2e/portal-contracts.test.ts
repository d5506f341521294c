/**
 * The portfolio as a customer and an intermediary meet it: a real `portico start`, the CRM pushing
 * customers and contracts through API v1, mail over real SMTP, Chromium on a phone and a desktop.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { chromiumAvailableOrWarn } from '../support/browser.js';
import {
  createAcmeWithAdmin,
  expectCliOk,
  logInAt,
  navigateBy,
  waitForHeading,
  setPasswordFromMail,
} from '../support/e2e-pages.js';
import { createStepRunner, startE2eEnvironment, stopE2eEnvironment, type E2eEnvironment } from '../support/e2e-run.js';
import { databaseKind } from '../support/test-database.js';
import { required } from '../../src/shared/required.js';

const chromiumAvailable = chromiumAvailableOrWarn();

const PASSWORD = 'Blauer Elefant 7!';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

const customer = (customerNumber: string, firstName: string, lastName: string) => ({
  type: 'customer',
  action: 'upsert',
  customer: {
    customerNumber,
    kind: 'private',
    firstName,
    lastName,
    intermediaryAccounts: ['V-77'],
    adviser: { name: 'Bernd Berater', phone: '+49 431 555-10', email: 'berater@acme.example' },
  },
});
const contract = (policyNumber: string, customerNumber: string, sparte: string, extra: Record<string, unknown>) => ({
  type: 'contract',
  action: 'upsert',
  contract: {
    insurerNumber: '5311',
    insurerName: 'Nord Versicherung AG',
    sparte,
    policyNumber,
    customerNumber,
    status: 'active',
    ...extra,
  },
});

describe.skipIf(!chromiumAvailable)(`contracts in the customer's portal in Chromium (${databaseKind})`, () => {
  let environment: E2eEnvironment;
  let page: Page;
  let acmeUrl: string;
  let apiUrl: string;
  let apiKey: string;
  let grantId: string;
  let karlaId: string;
  const contractIds = new Map<string, string>();

  beforeAll(async () => {
    environment = await startE2eEnvironment({ viewport: PHONE });
    page = environment.page;
    ({ acmeUrl } = environment);
    apiUrl = `http://localhost:${environment.portico.port}/api/v1`;
  }, 60_000);

  afterAll(async () => {
    await stopE2eEnvironment(environment ?? {});
  });

  const step = createStepRunner({ timeout: 30_000 });

  async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
    const answer = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await answer.text();
    return { status: answer.status, json: text === '' ? null : JSON.parse(text) };
  }

  /** Checks the page as it is now at both sizes, with axe-core (inside waitForHeading) at each. */
  async function checkAtBothSizes(heading: string): Promise<string> {
    await page.setViewportSize(DESKTOP);
    await waitForHeading(page, heading);
    await page.setViewportSize(PHONE);
    // Amounts carry a no-break space before the euro sign.
    return (await waitForHeading(page, heading)).replace(/\s+/g, ' ');
  }

  async function invite(email: string, name: string, kind: string, grant: string): Promise<string> {
    const answer = await api('POST', `/grants/${grant}/people`, { email, name, kind, language: 'de' });
    expect(answer.status, JSON.stringify(answer.json)).toBeLessThan(300);
    await setPasswordFromMail(page, environment.smtp, email, PASSWORD);
    await logInAt(page, acmeUrl, email, PASSWORD);
    return answer.json.id;
  }

  step('a. the broker exists and its CRM pushes customers and contracts through API v1', async () => {
    const { portico } = environment;
    await createAcmeWithAdmin((args) => portico.runCli(args), portico.port);
    const created = await portico.runCli(['api-key', 'create', '--tenant', 'acme', '--name', 'CRM']);
    expectCliOk(created);
    apiKey = required(/ptk_\S+/.exec(created.stdout))[0];
    const items = [
      customer('K1', 'Karla', 'Kunde'),
      customer('K2', 'Otto', 'Zweiter'),
      contract('HR1', 'K1', '130', {
        productName: 'Hausrat Komfort',
        startDate: '2027-03',
        paymentFrequency: 'yearly',
        premiumGrossCents: 18_900,
      }),
      contract('KH2', 'K1', '051', {
        productName: 'Kfz-Haftpflicht',
        paymentFrequency: 'half_yearly',
        premiumGrossCents: 38_500,
        risk: {
          description: 'VW Golf',
          vehicle: { plate: 'KI-AB 123', hsn: '0603', tsn: 'BQT', vin: null, noClaimsClass: 'SF 5' },
        },
      }),
      contract('PH3', 'K2', '040', {
        productName: 'Privathaftpflicht',
        paymentFrequency: 'yearly',
        premiumGrossCents: 7_990,
      }),
    ];
    const sync = await api('POST', '/portfolio/sync', { items });
    expect(sync.status).toBe(200);
    (sync.json.results as Array<{ id: string }>).forEach((result, index) => {
      const item = items[index] as { contract?: { policyNumber: string } };
      if (item.contract !== undefined) contractIds.set(item.contract.policyNumber, result.id);
    });
    const grant = await api('POST', '/grants', { name: 'Familie Kunde', kind: 'customer', customerNumbers: ['K1'] });
    expect(grant.status).toBe(201);
    grantId = grant.json.id;
    for (const policy of ['HR1', 'KH2']) {
      expect((await api('PUT', `/grants/${grantId}/contracts/${contractIds.get(policy)}`)).status).toBe(204);
    }
  });

  step('b. the policyholder sets a password, logs in and sees the overview with her cover', async () => {
    karlaId = await invite('karla@example.com', 'Karla Kunde', 'policyholder', grantId);
    const overview = await checkAtBothSizes('Willkommen, Karla Kunde');
    expect(overview).toContain('Aktuelle Absicherungen');
    expect(overview).toContain('959,00 €');
    expect(overview).toContain('Bernd Berater');
    expect(await page.locator('nav.portal-nav-wide a[href="/vertraege"]').count()).toBe(1);
    expect(await page.locator('nav.portal-nav-wide a[href="/kunden"]').count()).toBe(0);
  });

  step('c. she opens the contracts and one contract with its partial start date', async () => {
    await page.goto(`${acmeUrl}/vertraege`);
    const list = await checkAtBothSizes('Verträge');
    expect(list).toContain('Hausrat Komfort');
    expect(list).toContain('Kfz-Haftpflicht');
    expect(list).not.toContain('Privathaftpflicht');
    await navigateBy(page, () => page.getByRole('link', { name: 'Kfz-Haftpflicht' }).first().click());
    const detail = await checkAtBothSizes('Kfz-Haftpflicht');
    expect(detail).toContain('KI-AB 123');
    expect(detail).toContain('SF 5');
    await page.goto(`${acmeUrl}/vertraege/${contractIds.get('HR1')}`);
    expect(await checkAtBothSizes('Hausrat Komfort')).toContain('03/2027');
  });

  step(
    'd. staff withdraw the car insurance; her next page no longer shows it, and its address answers 404',
    async () => {
      expect((await api('DELETE', `/grants/${grantId}/contracts/${contractIds.get('KH2')}`)).status).toBe(204);
      await page.goto(`${acmeUrl}/vertraege`);
      const list = await waitForHeading(page, 'Verträge');
      expect(list).toContain('Hausrat Komfort');
      expect(list).not.toContain('Kfz-Haftpflicht');
      const gone = await page.goto(`${acmeUrl}/vertraege/${contractIds.get('KH2')}`);
      expect(gone?.status()).toBe(404);
      const other = await page.goto(`${acmeUrl}/vertraege/${contractIds.get('PH3')}`);
      expect(other?.status()).toBe(404);
      expect((await page.goto(`${acmeUrl}/kunden`))?.status()).toBe(404);
      await page.goto(`${acmeUrl}/`);
      await waitForHeading(page, 'Willkommen');
      await navigateBy(page, () => page.getByRole('button', { name: 'Abmelden' }).first().click());
    },
  );

  step("e. an intermediary finds a customer of their account and opens the customer's contracts", async () => {
    const grant = await api('POST', '/grants', {
      name: 'Vermittler 77',
      kind: 'intermediary',
      customerNumbers: ['V-77'],
      shareContractsAutomatically: true,
    });
    expect(grant.status).toBe(201);
    await invite('vera@vermittlung.example', 'Vera Vermittlerin', 'intermediary', grant.json.id);
    await page.goto(`${acmeUrl}/kunden`);
    await checkAtBothSizes('Kunden');
    await page.getByLabel('Name oder Kundennummer').fill('zweit');
    await navigateBy(page, () => page.getByRole('button', { name: 'Suchen' }).click());
    const found = await waitForHeading(page, 'Kunden');
    expect(found).toContain('Otto Zweiter');
    expect(found).not.toContain('Karla Kunde');
    await navigateBy(page, () => page.getByRole('link', { name: 'Otto Zweiter' }).click());
    const contracts = await checkAtBothSizes('Verträge von Otto Zweiter');
    expect(contracts).toContain('Privathaftpflicht');
    expect(contracts).not.toContain('Hausrat Komfort');
  });

  step('f. the administrator opens "Ansicht als Karla Kunde" and sees, read-only, what Karla sees', async () => {
    await navigateBy(page, () => page.getByRole('button', { name: 'Abmelden' }).first().click());
    await setPasswordFromMail(page, environment.smtp, 'chefin@acme.example', PASSWORD);
    await logInAt(page, acmeUrl, 'chefin@acme.example', PASSWORD);
    await page.goto(`${acmeUrl}/admin/people/${karlaId}`);
    await waitForHeading(page, 'Karla Kunde');
    await navigateBy(page, () => page.getByRole('link', { name: 'Ansicht als Karla Kunde' }).click());
    const view = await checkAtBothSizes('Verträge');
    expect(view).toContain('Ansicht als Karla Kunde');
    expect(view).toContain('Hausrat Komfort');
    expect(view).not.toContain('Kfz-Haftpflicht');
    await navigateBy(page, () => page.getByRole('link', { name: 'Hausrat Komfort' }).first().click());
    expect(await checkAtBothSizes('Hausrat Komfort')).toContain('03/2027');
  });
});
