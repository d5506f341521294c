/**
 * The conversations story in Chromium: a real `portico start`, the CRM through API v1, mail over real SMTP and the
 * CRM's webhook receiver on loopback, which checks every signature. The CRM writes to Max about his household
 * contract; Max hears of it by the digest, reads it and answers with a photo; the workspace's inbox shows the
 * conversation assigned to the contract's case handler, and the CRM gets the reply and the photo. Max files "Daten
 * ändern" with his new address; after the broker uploads the Erstinformation his next login asks for it, once; at the
 * end he downloads his data, and the ZIP holds his policy.
 */
import { execFileSync } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
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
const CASE_HANDLER = 'sabine@acme.example';
const SUBJECT = 'Ihr Hausrat-Beitrag 2027';
const CRM_MESSAGE = 'Ihr Beitrag steigt zum 1. Januar um 3 %. Passt die Versicherungssumme noch?';
const REPLY = 'Wir haben renoviert, hier ein Foto vom Wohnzimmer.';
const POLICY_TITLE = 'Police Hausrat 2027';
const POLICY = Buffer.from(`%PDF-1.7\n1 0 obj << /Title (${POLICY_TITLE}) >> endobj\n%%EOF\n`);
const ERSTINFORMATION = Buffer.from('%PDF-1.7\n1 0 obj << /Title (Erstinformation) >> endobj\n%%EOF\n');
/** A 1 × 1 PNG: a photo by its bytes, as far as the portal can tell. */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PHOTO_FILE = 'Wohnzimmer.png';

interface MessageEvent {
  type: string;
  data: {
    conversationId: string;
    messageId: string;
    customerNumber: string;
    kind: string;
    fields: { address?: { street: string; postcode: string; city: string; movingDate: string } | null } | null;
    body: string;
  };
}

/** Whether the header signs this body with the secret, as docs/api.md tells a CRM to check it. */
function isSignatureValid(secret: string, header: string | undefined, body: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (match === null || Math.abs(Date.now() / 1000 - Number(match[1])) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(required(match[2]), 'hex'));
}

/** The CRM's webhook endpoint on loopback: keeps each request's headers and body. */
async function startCrmReceiver() {
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/crm`,
    /** The first event that matches, once its signature is checked; waits up to 10 s for it. */
    async nextEvent(secret: string, matches: (event: MessageEvent) => boolean): Promise<MessageEvent> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = received.find((request) => matches(JSON.parse(request.body) as MessageEvent));
        if (found !== undefined) {
          expect(isSignatureValid(secret, found.headers['portico-signature'] as string, found.body)).toBe(true);
          return JSON.parse(found.body) as MessageEvent;
        }
        if (Date.now() > deadline) {
          throw new Error(`no such event arrived; got ${JSON.stringify(received.map((request) => request.body))}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(!chromiumAvailable)(`conversations between the broker and Max in Chromium (${databaseKind})`, () => {
  let environment: E2eEnvironment;
  let crm: Awaited<ReturnType<typeof startCrmReceiver>>;
  let page: Page;
  let staff: Page;
  let acmeUrl: string;
  let api: (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<Record<string, unknown>>;
  let webhookSecret: string;
  let conversationId: string;

  beforeAll(async () => {
    [environment, crm] = await Promise.all([startE2eEnvironment({ viewport: PHONE }), startCrmReceiver()]);
    page = environment.page;
    ({ acmeUrl } = environment);
  }, 60_000);

  afterAll(async () => {
    await crm?.close();
    await stopE2eEnvironment(environment ?? {});
  });

  const step = createStepRunner({ timeout: 30_000 });

  step(
    'the CRM pushes Max with his contract handled by Sabine, subscribes to case.message.created and uploads his policy',
    async () => {
      const { portico, smtp, browser } = environment;
      await createAcmeWithAdmin((args) => portico.runCli(args), portico.port);
      // Sabine is staff without the administrator's rights: the case handler the CRM names on the contract.
      const [created, invited] = await Promise.all([
        portico.runCli(['api-key', 'create', '--tenant', 'acme', '--name', 'CRM']),
        portico.runCli([
          'staff',
          'invite',
          '--tenant',
          'acme',
          '--email',
          CASE_HANDLER,
          '--name',
          'Sabine Sach',
          '--role',
          'user',
        ]),
      ]);
      expectCliOk(created);
      expectCliOk(invited);
      const apiKey = required(/ptk_\S+/.exec(created.stdout))[0];
      api = async (method, path, body) => {
        const answer = await fetch(`http://localhost:${portico.port}/api/v1${path}`, {
          method,
          headers: {
            authorization: `Bearer ${apiKey}`,
            ...(body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body instanceof FormData ? body : body === undefined ? null : JSON.stringify(body),
        });
        const json = (await answer.json()) as Record<string, unknown>;
        expect(answer.status, `${method} ${path}: ${JSON.stringify(json)}`).toBeLessThan(300);
        return json;
      };
      const people = (await api('GET', `/people?email=${encodeURIComponent(CASE_HANDLER)}`)) as {
        items: Array<{ id: string }>;
      };
      const caseHandler = { name: 'Sabine Sach', staffIdentityId: required(people.items[0]).id };
      const sync = await api('POST', '/portfolio/sync', {
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
              caseHandler,
            },
          },
        ],
      });
      // A refused item (a case handler who is no staff member here) would still answer 200.
      expect((sync.results as Array<{ status: string }>).map((result) => result.status)).toEqual([
        'created',
        'created',
      ]);
      webhookSecret = String(
        (await api('POST', '/webhooks', { url: crm.url, events: ['case.message.created'] })).secret,
      );
      const grant = await api('POST', '/grants', {
        name: 'Familie Muster',
        kind: 'customer',
        customerNumbers: ['K1'],
        shareContractsAutomatically: true,
        documentProfile: 'Alle Dokumente',
      });
      await api('POST', `/grants/${String(grant.id)}/people`, {
        email: MAX,
        name: 'Max Muster',
        kind: 'policyholder',
        language: 'de',
      });
      // Stored before Max has a password, so no digest counts it: the first digest below is the message's alone, which
      // a digest for the policy would have held back for an hour.
      const upload = new FormData();
      upload.append(
        'metadata',
        JSON.stringify({
          customerNumber: 'K1',
          contract: { insurerNumber: '5311', sparte: '130', policyNumber: 'HR1' },
          title: POLICY_TITLE,
        }),
      );
      upload.append('file', new Blob([new Uint8Array(POLICY)], { type: 'application/pdf' }), 'police.pdf');
      await api('POST', '/documents', upload);

      // Sabine sets her password: routing names only staff who can log in.
      await setPasswordFromMail(page, smtp, CASE_HANDLER, PASSWORD);
      await setPasswordFromMail(page, smtp, MAX, PASSWORD);
      const staffContext = await newE2eContext(browser, DESKTOP);
      staff = await staffContext.newPage();
      await setPasswordFromMail(staff, smtp, ACME_ADMIN, PASSWORD);
      await logInAt(staff, acmeUrl, ACME_ADMIN, PASSWORD);
    },
    60_000,
  );

  step('the CRM writes to Max about his contract; the digest tells him of a message and nothing of it', async () => {
    const started = await api('POST', '/conversations', {
      customerNumber: 'K1',
      contract: { insurerNumber: '5311', sparte: '130', policyNumber: 'HR1' },
      subject: SUBJECT,
      message: CRM_MESSAGE,
    });
    conversationId = String(started.id);
    // The first message in the hour goes out at once; the digest is hourly only after a mail.
    const mail = await mailWith(environment.smtp, MAX, 'Neue Nachricht');
    for (const secret of [SUBJECT, 'Beitrag', 'Hausrat', '3 %']) {
      expect(mail.text).not.toContain(secret);
      expect(mail.html).not.toContain(secret);
    }
    const link = linkFrom(mail, '/nachrichten');
    expect(link).toBe(`${acmeUrl}/nachrichten`);

    await logInAt(page, acmeUrl, MAX, PASSWORD);
    await page.goto(link);
    await waitForHeading(page, 'Nachrichten');
    await navigateBy(page, () => page.getByRole('link', { name: SUBJECT }).click());
    await waitForHeading(page, SUBJECT);
    expect(await page.locator('.message-thread').innerText()).toContain(CRM_MESSAGE);
  });

  step('Max answers with a photo, on a phone without sideways scrolling', async () => {
    await page.locator('#field-body').fill(REPLY);
    await page.locator('#field-anhaenge').setInputFiles({ name: PHOTO_FILE, mimeType: 'image/png', buffer: PHOTO });
    await navigateBy(page, () => page.getByRole('button', { name: 'Antwort senden' }).click());
    expect(await waitForHeading(page, SUBJECT)).toContain('Ihre Nachricht wurde gesendet.');
    const reply = page.locator('.message', { hasText: REPLY });
    expect(await reply.innerText()).toContain(PHOTO_FILE);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });

  step("the workspace's inbox shows it unread and assigned to Sabine, the contract's case handler", async () => {
    await staff.goto(`${acmeUrl}/admin/nachrichten?ansicht=all`);
    await waitForHeading(staff, 'Nachrichten');
    const row = await staff.locator(`li[data-conversation-id="${conversationId}"]`).innerText();
    expect(row).toContain(SUBJECT);
    expect(row).toContain('Ungelesen');
    expect(row).toContain('Sabine Sach');
    await navigateBy(staff, () => staff.getByRole('link', { name: SUBJECT }).click());
    const shown = await waitForHeading(staff, SUBJECT);
    expect(shown).toContain(REPLY);
    expect(shown).toContain(PHOTO_FILE);
  });

  step('the webhook delivers the reply, signed, and its photo downloads through the API', async () => {
    const event = await crm.nextEvent(webhookSecret, (item) => item.data.body === REPLY);
    expect(event).toMatchObject({
      type: 'case.message.created',
      data: { conversationId, customerNumber: 'K1', kind: 'message' },
    });
    const listed = (await api(
      'GET',
      `/conversations/${conversationId}/messages/${event.data.messageId}/attachments`,
    )) as { items: Array<{ name: string; download: { url: string } }> };
    expect(listed.items.map((item) => item.name)).toEqual([PHOTO_FILE]);
    const photo = await fetch(required(listed.items[0]).download.url);
    expect(photo.status).toBe(200);
    expect(Buffer.from(await photo.arrayBuffer()).equals(PHOTO)).toBe(true);
  });

  step('Max files "Daten ändern" with his new address, and the CRM gets it as fields', async () => {
    await page.goto(`${acmeUrl}/profile`);
    await navigateBy(page, () => page.getByRole('link', { name: 'Daten ändern' }).click());
    await waitForHeading(page, 'Daten ändern');
    await page.getByLabel('Straße und Hausnummer').fill('Lindenallee 12');
    await page.getByLabel('Postleitzahl').fill('24105');
    await page.getByLabel('Ort', { exact: true }).fill('Kiel');
    await page.getByLabel('Umzugsdatum').fill('01.03.2027');
    await navigateBy(page, () => page.getByRole('button', { name: 'Anliegen senden' }).click());
    const shown = await waitForHeading(page, 'Daten ändern');
    expect(shown).toContain('Ihre Nachricht wurde gesendet.');
    expect(shown).toContain('Lindenallee 12');

    const event = await crm.nextEvent(webhookSecret, (item) => item.data.kind === 'data_change');
    expect(event.data.fields?.address).toEqual({
      street: 'Lindenallee 12',
      postcode: '24105',
      city: 'Kiel',
      movingDate: '2027-03-01',
    });
  });

  step('after the broker uploads the Erstinformation, Max is asked for it at his next login, once', async () => {
    await staff.goto(`${acmeUrl}/admin/settings/erstinformation`);
    await waitForHeading(staff, 'Erstinformation und Zustimmungen');
    await staff
      .locator('#upload-information')
      .setInputFiles({ name: 'Erstinformation.pdf', mimeType: 'application/pdf', buffer: ERSTINFORMATION });
    await navigateBy(staff, () =>
      staff.locator('#consent-information').getByRole('button', { name: 'Hochladen' }).click(),
    );
    expect(await staff.textContent('main')).toContain('Die neue Version ist gespeichert.');

    await logOut(page);
    await logInAt(page, acmeUrl, MAX, PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/einwilligung');
    await waitForHeading(page, 'Bevor Sie das Kundenportal nutzen');
    await page.getByLabel('Ich habe die Erstinformation erhalten.').check();
    await navigateBy(page, () => page.getByRole('button', { name: 'Bestätigen und weiter' }).click());
    expect(new URL(page.url()).pathname).toBe('/');

    await logOut(page);
    await logInAt(page, acmeUrl, MAX, PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/');
    await page.goto(`${acmeUrl}/nachrichten`);
    await waitForHeading(page, 'Nachrichten');
  });

  step(
    'Max downloads his data: the ZIP holds his policy and daten.json his conversations and acknowledgement',
    async () => {
      await page.goto(`${acmeUrl}/profile`);
      await navigateBy(page, () => page.locator('form[data-data-export-form] button').click());
      expect(await page.locator('#daten').innerText()).toContain('Ihre Daten werden vorbereitet.');
      // The worker in the process prepares it as soon as the request commits.
      const link = linkFrom(await mailWith(environment.smtp, MAX, 'Ihre Daten stehen bereit'), '/profile/daten/');
      expect(link.startsWith(`${acmeUrl}/profile/daten/`)).toBe(true);
      await page.goto(link);
      await waitForHeading(page, 'Ihre Daten herunterladen');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('form[data-data-export-download] button').click(),
      ]);
      const zipPath = await download.path();
      const names = execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' }).trim().split('\n');
      const policy = required(names.find((name) => name.startsWith('dokumente/')));
      // His photo is in it too, under the conversation's subject, as he sent it.
      const photo = `nachrichten/${SUBJECT}/${PHOTO_FILE}`;
      expect(names).toEqual(['daten.json', policy, photo]);
      expect(execFileSync('unzip', ['-p', zipPath, policy]).equals(POLICY)).toBe(true);
      expect(execFileSync('unzip', ['-p', zipPath, photo]).equals(PHOTO)).toBe(true);
      const data = JSON.parse(execFileSync('unzip', ['-p', zipPath, 'daten.json'], { encoding: 'utf8' })) as {
        person: { email: string };
        documents: Array<{ title: string }>;
        conversations: Array<{ conversation: { subject: string }; messages: Array<{ body: string }> }>;
        consents: Array<{ documentKind: string; version: number }>;
      };
      expect(data.person.email).toBe(MAX);
      expect(data.documents.map((document) => document.title)).toEqual([POLICY_TITLE]);
      const subjects = data.conversations.map((item) => item.conversation.subject);
      expect(subjects).toHaveLength(2);
      expect(subjects).toContain(SUBJECT);
      const crmConversation = required(data.conversations.find((item) => item.conversation.subject === SUBJECT));
      expect(crmConversation.messages.map((message) => message.body)).toEqual([CRM_MESSAGE, REPLY]);
      // Sabine handles it in the workspace; the portal does not say so, and neither does his export.
      expect(Object.keys(crmConversation.conversation)).not.toContain('assignedStaffName');
      expect(data.consents).toMatchObject([{ documentKind: 'information', version: 1 }]);
    },
  );
});

/** Logs out with the page's button (every portal page has it). */
async function logOut(page: Page): Promise<void> {
  await navigateBy(page, () => page.getByRole('button', { name: 'Abmelden' }).first().click());
}
