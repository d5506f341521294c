/**
 * A motor claim reported on a phone: a real `portico start`, the CRM's contract through API v1, Chromium at phone size.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { chromiumAvailableOrWarn } from '../support/browser.js';
import {
  createAcmeWithAdmin,
  expectCliOk,
  logInAt,
  navigateBy,
  setPasswordFromMail,
  waitForHeading,
} from '../support/e2e-pages.js';
import { createStepRunner, startE2eEnvironment, stopE2eEnvironment, type E2eEnvironment } from '../support/e2e-run.js';
import { databaseKind } from '../support/test-database.js';
import { required } from '../../src/shared/required.js';

const chromiumAvailable = chromiumAvailableOrWarn();
const PASSWORD = 'Blauer Elefant 7!';
const PHONE = { width: 390, height: 844 };

describe.skipIf(!chromiumAvailable)(`reporting a claim on a phone in Chromium (${databaseKind})`, () => {
  let environment: E2eEnvironment;
  let page: Page;
  let acmeUrl: string;

  beforeAll(async () => {
    environment = await startE2eEnvironment({ viewport: PHONE });
    page = environment.page;
    ({ acmeUrl } = environment);
  }, 60_000);

  afterAll(async () => {
    await stopE2eEnvironment(environment ?? {});
  });

  const step = createStepRunner({ timeout: 30_000 });

  step('Karla reports a motor claim from her contract, step 1 saved, without horizontal scrolling', async () => {
    const { portico } = environment;
    await createAcmeWithAdmin((args) => portico.runCli(args), portico.port);
    const created = await portico.runCli(['api-key', 'create', '--tenant', 'acme', '--name', 'CRM']);
    expectCliOk(created);
    const apiKey = required(/ptk_\S+/.exec(created.stdout))[0];
    const api = async (path: string, body: unknown) => {
      const answer = await fetch(`http://localhost:${portico.port}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: answer.status, json: (await answer.json()) as { id: string } };
    };
    expect(
      (
        await api('/portfolio/sync', {
          items: [
            {
              type: 'customer',
              action: 'upsert',
              customer: { customerNumber: 'K1', kind: 'private', lastName: 'Kunde' },
            },
            {
              type: 'contract',
              action: 'upsert',
              contract: {
                insurerNumber: '5311',
                sparte: '051',
                policyNumber: 'KH2',
                customerNumber: 'K1',
                status: 'active',
                productName: 'Kfz-Haftpflicht',
              },
            },
          ],
        })
      ).status,
    ).toBe(200);
    const grant = await api('/grants', {
      name: 'Familie Kunde',
      kind: 'customer',
      customerNumbers: ['K1'],
      shareContractsAutomatically: true,
      includeClaims: true,
    });
    expect(grant.status).toBe(201);
    const invited = await api(`/grants/${grant.json.id}/people`, {
      email: 'karla@example.com',
      name: 'Karla Kunde',
      kind: 'policyholder',
      language: 'de',
    });
    expect(invited.status).toBeLessThan(300);
    await setPasswordFromMail(page, environment.smtp, 'karla@example.com', PASSWORD);
    await logInAt(page, acmeUrl, 'karla@example.com', PASSWORD);

    await page.goto(`${acmeUrl}/vertraege`);
    await waitForHeading(page, 'Verträge');
    await navigateBy(page, () => page.getByRole('link', { name: 'Kfz-Haftpflicht' }).first().click());
    await waitForHeading(page, 'Kfz-Haftpflicht');
    await navigateBy(page, () => page.getByRole('link', { name: 'Schaden melden' }).click());
    await waitForHeading(page, 'Schaden melden');
    await navigateBy(page, () => page.getByRole('button', { name: 'Schadenmeldung beginnen' }).click());
    expect(await waitForHeading(page, 'Schaden melden')).toContain('Schritt 1 von 5');
    await page.getByLabel('Datum des Schadens').fill('2026-01-15');
    await page.getByLabel('Uhrzeit').fill('08:15');
    await page.getByLabel('Ort').fill('Kiel');
    await page.getByLabel('Was ist passiert?').fill('Beim Ausparken angefahren');
    await navigateBy(page, () => page.getByRole('button', { name: 'Speichern und weiter' }).click());
    expect(await waitForHeading(page, 'Schaden melden')).toContain('Schritt 2 von 5');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });
});
