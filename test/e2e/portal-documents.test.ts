/**
 * The documents story in Chromium: a real `portico start`, the CRM's customer through API v1, mail over real SMTP and
 * the CRM's webhook receiver on loopback. Staff upload Max's household policy in the workspace, Max hears of it by a
 * mail that names nothing, downloads it, and sends a photo from his contract's page; the CRM gets the photo's event
 * with a link that works for its (here short) lifetime and not after.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { chromiumAvailableOrWarn } from '../support/browser.js';
import {
  ACME_ADMIN,
  createAcmeWithAdmin,
  expectCliOk,
  logInAt,
  mailWith,
  navigateBy,
  setPasswordFromMail,
  waitForHeading,
} from '../support/e2e-pages.js';
import {
  createStepRunner,
  newE2eContext,
  startE2eEnvironment,
  stopE2eEnvironment,
  type E2eEnvironment,
} from '../support/e2e-run.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { required } from '../../src/shared/required.js';

const chromiumAvailable = chromiumAvailableOrWarn();
const PASSWORD = 'Blauer Elefant 7!';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
const MAX = 'max@example.com';
/** Short, so the test sees a link stop working; the CRM fetches at once. */
const LINK_LIFETIME_SECONDS = 8;
const POLICY_TITLE = 'Police Hausrat 2027';
const POLICY_FILE = 'Hausrat-Police.pdf';
const POLICY = Buffer.from(`%PDF-1.7\n1 0 obj << /Title (${POLICY_TITLE}) >> endobj\n%%EOF\n`);
/** A 1 × 1 PNG: a photo by its bytes, as far as the portal can tell. */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PHOTO_FILE = 'Wasserfleck.png';
/** A customer's file is titled by its name without the extension. */
const PHOTO_TITLE = 'Wasserfleck';

interface UploadedEvent {
  type: string;
  data: { title: string; contract: { policyNumber: string } | null; download: { url: string; expiresAt: string } };
}

/** The CRM's webhook endpoint on loopback: keeps each event's body. */
async function startCrmReceiver() {
  const events: UploadedEvent[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as UploadedEvent);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/crm`,
    async nextEvent(type: string): Promise<UploadedEvent> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = events.find((event) => event.type === type);
        if (found !== undefined) return found;
        if (Date.now() > deadline) throw new Error(`no ${type} event arrived; got ${JSON.stringify(events)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(!chromiumAvailable)(`documents between the broker and Max in Chromium (${databaseKind})`, () => {
  let environment: E2eEnvironment;
  let crm: Awaited<ReturnType<typeof startCrmReceiver>>;
  let page: Page;
  let staff: Page;
  let acmeUrl: string;
  let customerPath: string;

  beforeAll(async () => {
    [environment, crm] = await Promise.all([
      startE2eEnvironment({
        viewport: PHONE,
        environment: { FILE_LINK_LIFETIME_SECONDS: String(LINK_LIFETIME_SECONDS) },
      }),
      startCrmReceiver(),
    ]);
    page = environment.page;
    ({ acmeUrl } = environment);
  }, 60_000);

  afterAll(async () => {
    await crm?.close();
    await stopE2eEnvironment(environment ?? {});
  });

  const step = createStepRunner({ timeout: 30_000 });

  step(
    'the CRM pushes Max with his household contract and subscribes to document.uploaded',
    async () => {
      const { portico, smtp, browser } = environment;
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
        const json = (await answer.json()) as { id: string; results?: Array<{ id: string }> };
        expect(answer.status, JSON.stringify(json)).toBeLessThan(300);
        return json;
      };
      const sync = await api('/portfolio/sync', {
        items: [
          {
            type: 'customer',
            action: 'upsert',
            customer: { customerNumber: 'K1', kind: 'private', firstName: 'Max', lastName: 'Muster' },
          },
          {
            type: 'contract',
            action: 'upsert',
            contract: {
              insurerNumber: '5311',
              sparte: '130',
              policyNumber: 'HR1',
              customerNumber: 'K1',
              status: 'active',
              productName: 'Hausrat Komfort',
            },
          },
        ],
      });
      customerPath = `/admin/customers/${required(sync.results?.[0]).id}`;
      await api('/webhooks', { url: crm.url, events: ['document.uploaded'] });
      const grant = await api('/grants', {
        name: 'Familie Muster',
        kind: 'customer',
        customerNumbers: ['K1'],
        shareContractsAutomatically: true,
        documentProfile: 'Nur Policen',
      });
      await api(`/grants/${grant.id}/people`, { email: MAX, name: 'Max Muster', kind: 'policyholder', language: 'de' });
      await setPasswordFromMail(page, smtp, MAX, PASSWORD);

      const staffContext = await newE2eContext(browser, DESKTOP);
      staff = await staffContext.newPage();
      await setPasswordFromMail(staff, smtp, ACME_ADMIN, PASSWORD);
      await logInAt(staff, acmeUrl, ACME_ADMIN, PASSWORD);
      // Three commands and two passwords: on a busy machine this step takes far longer than the others.
    },
    60_000,
  );

  step('staff upload the policy (PDF) for the household contract in the workspace', async () => {
    await staff.goto(`${acmeUrl}${customerPath}`);
    await waitForHeading(staff, 'Max Muster');
    await staff.getByLabel('Titel (freiwillig)').fill(POLICY_TITLE);
    await staff.getByLabel('Schlagwörter (mit Komma getrennt)').fill('Police');
    await staff.locator('#document-contract').selectOption({ label: required(await optionLabel(staff, 'HR1')) });
    await staff
      .locator('#document-file')
      .setInputFiles({ name: POLICY_FILE, mimeType: 'application/pdf', buffer: POLICY });
    await navigateBy(staff, () => staff.getByRole('button', { name: 'Hochladen' }).click());
    expect(await staff.textContent('main')).toContain('Das Dokument wurde gespeichert.');
  });

  step('Max gets the digest mail with a link only, sees "neu" on the policy and downloads the same bytes', async () => {
    const mail = await mailWith(environment.smtp, MAX, 'Neue Dokumente');
    for (const secret of [POLICY_TITLE, POLICY_FILE, 'Police', 'Hausrat']) {
      expect(mail.text).not.toContain(secret);
      expect(mail.html).not.toContain(secret);
    }
    expect(mail.parsed.attachments).toEqual([]);
    const link = linkFrom(mail, '/dokumente');
    expect(link).toBe(`${acmeUrl}/dokumente`);

    await logInAt(page, acmeUrl, MAX, PASSWORD);
    await page.goto(link);
    await waitForHeading(page, 'Dokumente');
    const entry = page.locator('.document-entry', { hasText: POLICY_TITLE });
    expect(await entry.locator('.badge').textContent()).toBe('neu');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      entry.getByRole('link', { name: POLICY_TITLE, exact: true }).click(),
    ]);
    expect(Buffer.compare(await readFile(await download.path()), POLICY)).toBe(0);
    await page.reload();
    await waitForHeading(page, 'Dokumente');
    expect(await page.locator('.document-entry', { hasText: POLICY_TITLE }).locator('.badge').count()).toBe(0);
  });

  step('Max sends a photo from his contract page, and the staff see it in the workspace', async () => {
    await page.goto(`${acmeUrl}/vertraege`);
    await navigateBy(page, () => page.getByRole('link', { name: 'Hausrat Komfort' }).first().click());
    await waitForHeading(page, 'Hausrat Komfort');
    await navigateBy(page, () => page.getByRole('link', { name: 'Dokument zu diesem Vertrag senden' }).click());
    await waitForHeading(page, 'Dokumente');
    await page.locator('#upload-file').setInputFiles({ name: PHOTO_FILE, mimeType: 'image/png', buffer: PHOTO });
    await navigateBy(page, () => page.getByRole('button', { name: 'Senden' }).click());
    expect(await page.textContent('main')).toContain('Ihr Dokument wurde an Ihren Makler gesendet.');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    await staff.goto(`${acmeUrl}${customerPath}`);
    await waitForHeading(staff, 'Max Muster');
    const entry = staff.locator('.document-entry', { hasText: PHOTO_TITLE });
    expect(await entry.innerText()).toMatch(/vom Kunden · .* · Max Muster/);
  });

  step("the CRM's document.uploaded link downloads the photo within its lifetime and not after", async () => {
    const event = await crm.nextEvent('document.uploaded');
    expect(event.data.title).toBe(PHOTO_TITLE);
    expect(event.data.contract?.policyNumber).toBe('HR1');
    const fresh = await fetch(event.data.download.url);
    expect(fresh.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await fresh.arrayBuffer()), PHOTO)).toBe(0);

    const expiresAt = Date.parse(event.data.download.expiresAt);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(LINK_LIFETIME_SECONDS * 1000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 500));
    const expired = await fetch(event.data.download.url);
    expect(expired.status).toBe(404);
    expect(((await expired.json()) as { code: string }).code).toBe('document_link_invalid');
  });
});

/** The label of the contract choice's option that names this policy number. */
async function optionLabel(page: Page, policyNumber: string): Promise<string | null> {
  const options = await page.locator('#document-contract option').allTextContents();
  return options.find((label) => label.includes(policyNumber))?.trim() ?? null;
}
