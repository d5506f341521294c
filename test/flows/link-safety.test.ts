import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/shared/clock.js';
import { createClient, textOf } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, PLATFORM_ORIGIN, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const PASSWORD = 'Grüne Wiese 42 & Sonne';

describe(`one-time links (${databaseKind})`, () => {
  let portal: TestPortal;
  let tenant: { id: string; host: string; origin: string };

  beforeAll(async () => {
    portal = await createTestPortal();
    tenant = await createTestTenant(portal);
  });
  afterAll(() => portal.close());

  async function invite(email: string): Promise<string> {
    await portal.services.invitations.invite({
      tenantId: tenant.id,
      email,
      name: 'Lena Schmidt',
      role: 'intermediary',
    });
    await portal.deliverMail();
    return required(new URL(linkFrom(await portal.smtp.waitForMail(email), '/set-password')).searchParams.get('token'));
  }

  it('changes nothing on GET and HEAD, however often a mail scanner opens the link', async () => {
    const token = await invite('scanner@example.com');
    const browser = createClient(portal.app, tenant.origin);
    for (let index = 0; index < 5; index += 1) {
      expect((await browser.head(`/set-password?token=${token}`)).status).toBe(200);
      expect((await browser.get(`/set-password?token=${token}`)).status).toBe(200);
    }
    const saved = await browser.post('/set-password', { token, password: PASSWORD, passwordConfirm: PASSWORD });
    expect(textOf(saved.body)).toContain('Ihr Passwort wurde gespeichert');
  });

  it('lets exactly one of 20 concurrent submits set the password', async () => {
    const token = await invite('race@example.com');
    const browser = createClient(portal.app, tenant.origin);
    await browser.get(`/set-password?token=${token}`);
    const passwords = Array.from({ length: 20 }, (_, index) => `Rennen ${index} gewinnt!`);
    const responses = await Promise.all(
      passwords.map((password) => browser.post('/set-password', { token, password, passwordConfirm: password })),
    );
    const winners = responses.filter((response) => response.status === 200);
    expect(winners).toHaveLength(1);
    expect(responses.filter((response) => response.status === 410)).toHaveLength(19);
    expect(responses.every((response) => response.status !== 500)).toBe(true);
    // Only the winner's password works.
    const winner = required(passwords[responses.indexOf(required(winners[0]))]);
    const login = createClient(portal.app, tenant.origin);
    await login.get('/login');
    expect((await login.post('/login', { email: 'race@example.com', password: winner })).status).toBe(303);
    const loser = required(passwords.find((password) => password !== winner));
    expect((await login.post('/login', { email: 'race@example.com', password: loser })).status).toBe(401);
  });

  it("expires an invitation after the tenant's lifetime and sends a fresh one from the expired page", async () => {
    const token = await invite('late@example.com');
    portal.clock.advance(7 * DAY + 1000);
    const browser = createClient(portal.app, tenant.origin);
    const expired = await browser.get(`/set-password?token=${token}`);
    expect(expired.status).toBe(410);
    expect(textOf(expired.body)).toContain('abgelaufen');
    const submit = await browser.post('/set-password', { token, password: PASSWORD, passwordConfirm: PASSWORD });
    expect(submit.status).toBe(410);

    const renewed = await browser.post('/link/renew', { token });
    expect(renewed.status).toBe(200);
    await portal.deliverMail();
    const fresh = required(
      new URL(linkFrom(await portal.smtp.waitForMail('late@example.com'), '/set-password')).searchParams.get('token'),
    );
    expect(fresh).not.toBe(token);
    const form = await browser.get(`/set-password?token=${fresh}`);
    expect(form.status).toBe(200);

    // The renew answer is the same for a link nobody knows, and nothing is sent for it.
    const unknown = await browser.post('/link/renew', { token: 'A'.repeat(43) });
    expect(textOf(unknown.body)).toBe(textOf(renewed.body));
    expect(await portal.deliverMail()).toBe(0);
  });

  it("does not accept a link of one tenant on another tenant's host or on the platform host", async () => {
    const token = await invite('crosstenant@example.com');
    const other = await createTestTenant(portal, 'other', 'Other Makler AG');
    for (const origin of [other.origin, PLATFORM_ORIGIN]) {
      const browser = createClient(portal.app, origin);
      expect((await browser.get(`/set-password?token=${token}`)).status).toBe(410);
      await browser.get('/login');
      expect(
        (await browser.post('/set-password', { token, password: PASSWORD, passwordConfirm: PASSWORD })).status,
      ).toBe(410);
    }
    expect((await createClient(portal.app, tenant.origin).get(`/set-password?token=${token}`)).status).toBe(200);
  });

  it('answers unknown hosts with an error page, never a default tenant', async () => {
    const response = await createClient(portal.app, 'http://unknown.example').get('/login');
    expect(response.status).toBe(404);
    expect(textOf(response.body)).toContain('Dieses Portal gibt es hier nicht');
    expect(response.body).not.toContain('name="password"');
  });
});
