/**
 * The pages a first-time user meets, read as markup: the password checklist against the server's
 * own list of checks, the answer to a refused password, the cooldown of "erneut senden", and the
 * second factor set up on a phone (app link, key in groups, code field, recovery codes as a file).
 */
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_PROBLEM_CODES } from '../../src/modules/password-policy/password-policy.js';
import { ACCOUNT_PASSWORD, activatePerson, totpCode } from '../support/accounts.js';
import { createClient, textOf, type Client } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

function documentOf(body: string): Document {
  return new JSDOM(body).window.document;
}

function checklistOf(document: Document): Record<string, string> {
  return Object.fromEntries(
    [...document.querySelectorAll('#password-rules li[data-rule]')].map((item) => [
      item.getAttribute('data-rule'),
      item.getAttribute('data-met'),
    ]),
  );
}

describe(`first-time user pages (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
  });
  afterAll(() => portal.close());

  async function openInvitation(email: string, name: string): Promise<{ client: Client; token: string; body: string }> {
    await portal.services.invitations.invite({ tenantId: acme.id, email, name, role: 'policyholder' });
    await portal.deliverMail();
    const link = new URL(linkFrom(await portal.smtp.waitForMail(email), '/set-password'));
    const client = createClient(portal.app, acme.origin);
    const page = await client.get(link.pathname + link.search);
    expect(page.status).toBe(200);
    return { client, token: required(link.searchParams.get('token')), body: page.body };
  }

  describe('the set-password page', () => {
    it('lists every check the server applies before anything is submitted', async () => {
      const { body } = await openInvitation('erika.muster@example.com', 'Erika Muster');
      const document = documentOf(body);
      const covered = [...document.querySelectorAll('#password-rules li[data-codes]')].flatMap((item) =>
        required(item.getAttribute('data-codes')).split(' '),
      );
      expect([...covered].sort()).toEqual([...PASSWORD_PROBLEM_CODES].sort());
      const text = textOf(body);
      expect(text).toContain('Kein häufig verwendetes Passwort');
      expect(text).toContain('Enthält nicht Ihren Namen, Ihre E-Mail-Adresse oder den Namen Ihres Maklers');
      // The personal-data line is checked live: the script gets the same context as the server.
      const list = required(document.querySelector('#password-rules'));
      expect(list.getAttribute('data-email')).toBe('erika.muster@example.com');
      expect(list.getAttribute('data-name')).toBe('Erika Muster');
      expect(list.getAttribute('data-tenant')).toBe('Acme Versicherungsmakler GmbH');
      expect(checklistOf(document)).toMatchObject({ PASSWORD_TOO_COMMON: 'pending', PASSWORD_TOO_SHORT: 'false' });
      expect(required(document.querySelector('#password')).hasAttribute('autofocus')).toBe(false);
      expect(list.hasAttribute('data-refused')).toBe(false);
      expect(required(document.querySelector('#password-uppercase-hint')).hasAttribute('hidden')).toBe(true);
    });

    it('after a refusal focuses the field, links the reasons and shows the refused password’s checklist', async () => {
      const { client, token } = await openInvitation('tom.berg@example.com', 'Tom Berg');
      const refused = await client.post('/set-password', {
        token,
        password: 'Sommer2024!',
        passwordConfirm: 'Sommer2024!',
      });
      expect(refused.status).toBe(422);
      const document = documentOf(refused.body);
      const field = required(document.querySelector('#password'));
      expect(field.hasAttribute('autofocus')).toBe(true);
      expect(field.getAttribute('aria-invalid')).toBe('true');
      expect(required(field.getAttribute('aria-describedby')).split(' ')).toEqual([
        'password-problems',
        'password-rules',
      ]);
      expect(document.querySelector('#password-problems [data-problem]')?.getAttribute('data-problem')).toBe(
        'PASSWORD_TOO_COMMON',
      );
      expect(required(document.querySelector('#password-rules')).getAttribute('data-refused')).toBe('true');
      // Never echoed: the password stays out of the page.
      expect(field.getAttribute('value')).toBeNull();
      expect(refused.body).not.toContain('Sommer2024');
      expect(checklistOf(document)).toEqual({
        PASSWORD_TOO_SHORT: 'true',
        PASSWORD_NEEDS_SPECIAL: 'true',
        PASSWORD_NEEDS_DIGIT: 'true',
        PASSWORD_NEEDS_UPPERCASE: 'true',
        PASSWORD_TOO_COMMON: 'false',
        PASSWORD_CONTAINS_PERSONAL_DATA: 'true',
        PASSWORD_HAS_CONTROL_CHARACTER: 'true',
        PASSWORD_MATCH: 'true',
      });

      const personal = await client.post('/set-password', {
        token,
        password: 'Bergwerk 7!',
        passwordConfirm: 'Bergwerk 8!',
      });
      expect(checklistOf(documentOf(personal.body))).toMatchObject({
        PASSWORD_CONTAINS_PERSONAL_DATA: 'false',
        PASSWORD_TOO_COMMON: 'true',
        PASSWORD_MATCH: 'false',
      });
    });
  });

  describe('"erneut senden" of the confirmation mail', () => {
    it('is disabled during the cooldown, says for how long, and says when it has sent', async () => {
      await activatePerson(portal, acme, 'max@example.com', 'policyholder');
      await portal.services.emailConfirmation.changeEmail('max@example.com', 'max.neu@example.com');
      await portal.deliverMail();
      const client = createClient(portal.app, acme.origin);
      await client.get('/login');
      const notice = await client.post('/login', { email: 'max.neu@example.com', password: ACCOUNT_PASSWORD });
      expect(notice.status).toBe(403);
      let document = documentOf(notice.body);
      const button = required(document.querySelector('button[data-resend-button]'));
      expect(button.hasAttribute('disabled')).toBe(true);
      expect(button.getAttribute('aria-describedby')).toBe('resend-cooldown');
      expect(document.querySelector('#resend-cooldown')?.textContent).toBe(
        'Erneut senden ist in 60 Sekunden wieder möglich.',
      );
      expect(document.querySelector('#resend-cooldown')?.getAttribute('data-retry-after')).toBe('60');
      expect(document.querySelector('script[src="/assets/http/assets/resend-cooldown.js"]')).not.toBeNull();

      portal.clock.advance(61_000);
      const ticket = required(document.querySelector<HTMLInputElement>('input[name=ticket]')).value;
      const sent = await client.post('/login/resend-confirmation', { ticket });
      expect(sent.status).toBe(200);
      document = documentOf(sent.body);
      expect(textOf(sent.body)).toContain(
        'Wir haben eine neue Bestätigungs-E-Mail an max.neu@example.com gesendet. Bitte sehen Sie in Ihrem ' +
          'Postfach nach',
      );
      expect(required(document.querySelector('button[data-resend-button]')).hasAttribute('disabled')).toBe(true);

      portal.clock.advance(61_000);
      const again = await client.post('/login', { email: 'max.neu@example.com', password: ACCOUNT_PASSWORD });
      const ready = required(documentOf(again.body).querySelector('button[data-resend-button]'));
      expect(ready.hasAttribute('disabled')).toBe(false);
    });
  });

  describe('second factor on a phone', () => {
    async function startSetup(email: string): Promise<{ client: Client; document: Document; secret: string }> {
      await activatePerson(portal, acme, email, 'policyholder');
      const client = createClient(portal.app, acme.origin);
      await client.get('/login');
      await client.post('/login', { email, password: ACCOUNT_PASSWORD });
      await client.post('/profile/second-factor/start', {});
      const page = await client.get('/profile/second-factor');
      const document = documentOf(page.body);
      const secret = required(required(document.querySelector('[data-totp-secret]')).getAttribute('data-totp-secret'));
      return { client, document, secret };
    }

    it('offers the otpauth link beside the QR code, the key in groups of four and a focused numeric code field', async () => {
      const { document, secret } = await startSetup('handy@example.com');
      const link = required(document.querySelector('a[data-otpauth-link]'));
      const uri = new URL(required(link.getAttribute('href')));
      expect(uri.protocol).toBe('otpauth:');
      expect(uri.searchParams.get('secret')).toBe(secret);
      expect(uri.searchParams.get('issuer')).toBe('Acme Versicherungsmakler GmbH');
      expect(link.textContent).toBe('In Authenticator-App öffnen');
      const key = required(document.querySelector('[data-totp-secret]')).textContent;
      expect(key.split(' ').every((group) => group.length <= 4)).toBe(true);
      expect(key.split(' ')[0]).toHaveLength(4);
      expect(key.replace(/ /g, '')).toBe(secret);
      const code = required(document.querySelector('input[name=code]'));
      expect(code.hasAttribute('autofocus')).toBe(true);
      expect(code.getAttribute('inputmode')).toBe('numeric');
      expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    });

    it('lets the recovery codes be saved as a file right after creation, only by their owner', async () => {
      const { client, secret } = await startSetup('codes@example.com');
      const confirmed = await client.post('/profile/second-factor/confirm', {
        code: totpCode(secret, portal.clock.now()),
      });
      const document = documentOf(confirmed.body);
      const codes = [...document.querySelectorAll('[data-recovery-codes] code')].map((item) => item.textContent);
      expect(codes).toHaveLength(10);
      expect(document.querySelector('#print-recovery-codes')).not.toBeNull();
      const form = required(document.querySelector('form[action="/profile/second-factor/recovery-codes/download"]'));
      const sentCodes = required(form.querySelector<HTMLInputElement>('input[name=codes]')).value;

      const file = await client.post('/profile/second-factor/recovery-codes/download', { codes: sentCodes });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(file.headers.get('content-disposition')).toBe('attachment; filename="wiederherstellungscodes.txt"');
      expect(file.headers.get('cache-control')).toBe('no-store');
      expect(file.body).toContain('Wiederherstellungscodes für Acme Versicherungsmakler GmbH');
      expect(file.body).toContain('codes@example.com');
      for (const code of codes) expect(file.body).toContain(code);

      // Someone else's session, a made-up code, and the same codes later are all refused.
      const other = await startSetup('fremd@example.com');
      const foreign = await other.client.post('/profile/second-factor/recovery-codes/download', { codes: sentCodes });
      expect(foreign.status).toBe(303);
      const madeUp = await client.post('/profile/second-factor/recovery-codes/download', {
        codes: `${sentCodes.split(' ').slice(1).join(' ')} abcd-efgh-jkmn-pqrs-tuvw-xyz2`,
      });
      expect(madeUp.status).toBe(303);
      portal.clock.advance(16 * 60 * 1000);
      const late = await client.post('/profile/second-factor/recovery-codes/download', { codes: sentCodes });
      expect(late.status).toBe(303);
      expect(late.location).toBe('/profile/second-factor?codes-abgelaufen');
      const explained = await client.get(required(late.location));
      expect(textOf(explained.body)).toContain('Wiederherstellungscodes lassen sich nur direkt nach dem Erzeugen');
    });
  });
});
