import { afterEach, describe, expect, it } from 'vitest';
import { createClient, textOf, type Client } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const PASSWORD = 'Ein gutes Passwort 7!';

describe(`form fields that are not valid UTF-8 are refused, not turned into U+FFFD (${databaseKind})`, () => {
  const portals: TestPortal[] = [];
  afterEach(async () => {
    for (const portal of portals.splice(0)) {
      await portal.close();
    }
  });

  /** An invited person's browser on the set-password page, with the link's token. */
  async function openInvitation(): Promise<{ portal: TestPortal; client: Client; token: string }> {
    const portal = await createTestPortal();
    portals.push(portal);
    const acme = await createTestTenant(portal);
    await portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'neu@example.com',
      name: 'Neu Kunde',
      role: 'policyholder',
    });
    await portal.deliverMail();
    const link = new URL(linkFrom(await portal.smtp.waitForMail('neu@example.com'), '/set-password'));
    const client = createClient(portal.app, acme.origin);
    expect((await client.get(link.pathname + link.search)).status).toBe(200);
    return { portal, client, token: required(link.searchParams.get('token')) };
  }

  function postRaw(client: Client, body: Uint8Array | string, contentType = 'application/x-www-form-urlencoded') {
    return client.raw('/set-password', {
      method: 'POST',
      body: typeof body === 'string' ? body : Buffer.from(body),
      headers: { 'content-type': contentType, origin: 'http://acme.portal.test' },
    });
  }

  it.each([
    [
      'a lone surrogate, percent-encoded (%ED%A0%80)',
      (prefix: string) =>
        `${prefix}${encodeURIComponent(PASSWORD)}%ED%A0%80&passwordConfirm=${encodeURIComponent(PASSWORD)}%ED%A0%80`,
    ],
    [
      'a truncated sequence (%C3)',
      (prefix: string) =>
        `${prefix}${encodeURIComponent(PASSWORD)}%C3&passwordConfirm=${encodeURIComponent(PASSWORD)}%C3`,
    ],
    [
      'an overlong encoding (%C0%AF)',
      (prefix: string) =>
        `${prefix}${encodeURIComponent(PASSWORD)}%C0%AF&passwordConfirm=${encodeURIComponent(PASSWORD)}%C0%AF`,
    ],
  ])(
    'answers 400 with a German page for %s, and the link still sets a valid password afterwards',
    async (_name, bodyOf) => {
      const { client, token } = await openInvitation();
      const refused = await postRaw(
        client,
        bodyOf(`_csrf=${encodeURIComponent(client.csrfToken)}&token=${encodeURIComponent(token)}&password=`),
      );
      expect(refused.status).toBe(400);
      expect(textOf(refused.body)).toContain('Unlesbare Zeichen im Formular');
      expect(textOf(refused.body)).toContain('Links aus E-Mails bleiben gültig');

      await client.get(`/set-password?token=${token}`);
      const accepted = await client.post('/set-password', { token, password: PASSWORD, passwordConfirm: PASSWORD });
      expect(accepted.status).toBe(200);
      expect(textOf(accepted.body)).toContain('Passwort gespeichert');
    },
  );

  it('answers 400 for raw 0xFF bytes in an urlencoded body, and the link stays usable', async () => {
    const { client, token } = await openInvitation();
    const prefix = Buffer.from(
      `_csrf=${encodeURIComponent(client.csrfToken)}&token=${encodeURIComponent(token)}` +
        `&password=${encodeURIComponent(PASSWORD)}`,
    );
    const body = Buffer.concat([
      prefix,
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`&passwordConfirm=${encodeURIComponent(PASSWORD)}`),
      Buffer.from([0xff, 0xfe]),
    ]);
    const refused = await postRaw(client, body);
    expect(refused.status).toBe(400);
    expect(textOf(refused.body)).toContain('Unlesbare Zeichen im Formular');
    await client.get(`/set-password?token=${token}`);
    expect(
      textOf((await client.post('/set-password', { token, password: PASSWORD, passwordConfirm: PASSWORD })).body),
    ).toContain('Passwort gespeichert');
  });

  it('answers 400 for invalid UTF-8 in a multipart text field, and accepts the same form in valid UTF-8', async () => {
    const { client, token } = await openInvitation();
    const boundary = 'portico-test-boundary';
    const multipart = (password: Buffer): Buffer => {
      const field = (name: string, value: Buffer | string) =>
        Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
          Buffer.from(value),
          Buffer.from('\r\n'),
        ]);
      return Buffer.concat([
        field('_csrf', client.csrfToken),
        field('token', token),
        field('password', password),
        field('passwordConfirm', password),
        Buffer.from(`--${boundary}--\r\n`),
      ]);
    };
    const broken = Buffer.concat([Buffer.from(PASSWORD), Buffer.from([0xed, 0xa0, 0x80])]);
    const refused = await postRaw(client, multipart(broken), `multipart/form-data; boundary=${boundary}`);
    expect(refused.status).toBe(400);
    expect(textOf(refused.body)).toContain('Unlesbare Zeichen im Formular');
    await client.get(`/set-password?token=${token}`);
    const accepted = await postRaw(
      client,
      multipart(Buffer.from(PASSWORD)),
      `multipart/form-data; boundary=${boundary}`,
    );
    expect(textOf(accepted.body)).toContain('Passwort gespeichert');
  });

  it('still reads valid UTF-8, a literal U+FFFD and "+" as a space as before', async () => {
    const { client, token } = await openInvitation();
    const password = 'Grüße aus Köln 7! \uFFFD 👪';
    const body =
      `_csrf=${encodeURIComponent(client.csrfToken)}&token=${encodeURIComponent(token)}` +
      `&password=${encodeURIComponent(password).replace(/%20/g, '+')}&passwordConfirm=${encodeURIComponent(password)}`;
    const accepted = await postRaw(client, body);
    expect(textOf(accepted.body)).toContain('Passwort gespeichert');
  });
});
