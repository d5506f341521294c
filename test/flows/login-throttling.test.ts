import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activatePerson } from '../support/accounts.js';
import { createClient, textOf } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const PASSWORD = 'Richtiges Passwort 9!';

describe(`login throttling (${databaseKind})`, () => {
  let portal: TestPortal;
  let tenant: { id: string; host: string; origin: string };

  async function attempt(email: string, password: string): Promise<{ status: number; text: string }> {
    const client = createClient(portal.app, tenant.origin);
    await client.get('/login');
    const response = await client.post('/login', { email, password });
    return {
      status: response.status,
      text: textOf(response.body.replace(/value="[^"]*"/g, '')).replaceAll(email, '<email>'),
    };
  }

  /**
   * People with a password, new for each test; the failures counted before (for this client's address too)
   * have run out, so no test depends on what another did.
   */
  async function freshStart(...emails: string[]): Promise<void> {
    portal.clock.advance(16 * 60_000);
    for (const email of emails) {
      await activatePerson(portal, tenant, email, 'policyholder', { password: PASSWORD });
    }
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    tenant = await createTestTenant(portal);
  });
  afterAll(() => portal.close());

  it('locks an account for a while after repeated failures, with the same neutral answer, and then lets it in', async () => {
    await freshStart('locked@example.com', 'beside@example.com');
    const failures = [];
    for (let index = 0; index < 6; index += 1) {
      failures.push(await attempt('locked@example.com', `Falsch ${index}!`));
    }
    const locked = await attempt('locked@example.com', PASSWORD);
    expect(locked).toEqual(failures[0]);
    expect(locked.status).toBe(401);
    expect((await attempt('beside@example.com', PASSWORD)).status).toBe(303);

    portal.clock.advance(31_000);
    expect((await attempt('locked@example.com', PASSWORD)).status).toBe(303);
  });

  it('treats an unknown address exactly like a known one, locked or not', async () => {
    await freshStart('known@example.com');
    const known = [];
    const unknown = [];
    for (let index = 0; index < 7; index += 1) {
      known.push(await attempt('known@example.com', `Wieder falsch ${index}!`));
      unknown.push(await attempt('ghost@example.com', `Wieder falsch ${index}!`));
    }
    expect(unknown).toEqual(known);
  });

  it('lets staff lift a lock at once', async () => {
    await freshStart('lifted@example.com');
    for (let index = 0; index < 6; index += 1) {
      await attempt('lifted@example.com', `Vertippt ${index}!`);
    }
    expect((await attempt('lifted@example.com', PASSWORD)).status).toBe(401);
    await portal.services.throttle.unlockPerson('lifted@example.com');
    expect((await attempt('lifted@example.com', PASSWORD)).status).toBe(303);
  });

  it('keeps forgot-password working while the account is locked', async () => {
    await freshStart('forgetful@example.com');
    portal.clock.advance(61_000);
    const client = createClient(portal.app, tenant.origin);
    await client.get('/forgot-password');
    await client.post('/forgot-password', { email: 'forgetful@example.com' });
    await portal.deliverMail();
    const mail = await portal.smtp.waitForMail('forgetful@example.com');
    expect(mail.subject).toContain('Neues Passwort');

    // Completing the reset proves the mailbox, and lifts the lock for its owner at once.
    for (let index = 0; index < 6; index += 1) {
      await attempt('forgetful@example.com', `Noch falscher ${index}!`);
    }
    expect((await attempt('forgetful@example.com', PASSWORD)).status).toBe(401);
    const link = new URL(linkFrom(mail, '/set-password'));
    const browser = createClient(portal.app, tenant.origin);
    await browser.get(link.pathname + link.search);
    await browser.post('/set-password', {
      token: required(link.searchParams.get('token')),
      password: 'Ganz neues Passwort 8!',
      passwordConfirm: 'Ganz neues Passwort 8!',
    });
    expect((await attempt('forgetful@example.com', 'Ganz neues Passwort 8!')).status).toBe(303);
  });
});
