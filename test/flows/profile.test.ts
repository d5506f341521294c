import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activatePerson } from '../support/accounts.js';
import { createClient, errorCodesOf, textOf, type Client } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const FIRST = 'Erstes Passwort 1!';
const SECOND = 'Zweites Passwort 2?';

describe(`own account: password and sessions (${databaseKind})`, () => {
  let portal: TestPortal;
  let tenant: { id: string; host: string; origin: string };

  async function logIn(password: string, userAgent: string, email = 'me@example.com'): Promise<Client> {
    const client = createClient(portal.app, tenant.origin);
    await client.get('/login', { 'user-agent': userAgent });
    const response = await client.raw('/login', {
      method: 'POST',
      body: new URLSearchParams({ _csrf: client.csrfToken, email, password }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: tenant.origin, 'user-agent': userAgent },
    });
    expect(response.status).toBe(303);
    return client;
  }

  /** A person with the password FIRST. */
  const activate = (email: string) => activatePerson(portal, tenant, email, 'policyholder', { password: FIRST });

  beforeAll(async () => {
    portal = await createTestPortal();
    tenant = await createTestTenant(portal);
    await activate('me@example.com');
  });
  afterAll(() => portal.close());

  it('is only for logged-in people', async () => {
    expect((await createClient(portal.app, tenant.origin).get('/profile')).location).toBe('/login');
  });

  it('lists the open sessions and ends all others on request', async () => {
    const phone = await logIn(FIRST, 'Phone Browser');
    const laptop = await logIn(FIRST, 'Laptop Browser');
    await logIn(
      FIRST,
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 ' +
        'Mobile/15E148 Safari/604.1',
    );
    const page = textOf((await laptop.get('/profile')).body);
    expect(page).toContain('Laptop Browser · Dieses Gerät');
    // A browser that says what it is by its name and system; one that does not, by what it sent.
    expect(page).toContain('Safari auf iPhone');
    expect(page).toContain('Phone Browser');
    const ended = await laptop.post('/profile/sessions/end-others', {});
    expect(ended.location).toBe('/profile?sessions-ended');
    expect(textOf((await laptop.get(required(ended.location))).body)).toContain(
      'Alle anderen Anmeldungen wurden beendet.',
    );
    expect((await phone.get('/')).location).toBe('/login');
    expect((await laptop.get('/')).status).toBe(200);
  });

  it('changes the password only with the current one and a new one that meets the rules', async () => {
    // A person of this test's own: the others keep logging in with the first password.
    await activate('changer@example.com');
    const laptop = await logIn(FIRST, 'Laptop Browser', 'changer@example.com');
    const tablet = await logIn(FIRST, 'Tablet Browser', 'changer@example.com');
    await laptop.get('/profile');
    const wrong = await laptop.post('/profile/password', {
      currentPassword: 'Falsch 1!',
      password: SECOND,
      passwordConfirm: SECOND,
    });
    expect(wrong.status).toBe(401);
    expect(errorCodesOf(wrong.body)).toEqual(['CURRENT_PASSWORD_WRONG']);
    const weak = await laptop.post('/profile/password', {
      currentPassword: FIRST,
      password: 'Sommer2024!',
      passwordConfirm: 'Sommer2024!',
    });
    expect(weak.status).toBe(422);
    expect(weak.body).toContain('data-problem="PASSWORD_TOO_COMMON"');

    const before = laptop.cookies.get('portico_session');
    const changed = await laptop.post('/profile/password', {
      currentPassword: FIRST,
      password: SECOND,
      passwordConfirm: SECOND,
    });
    expect(changed.location).toBe('/profile?password-changed');
    expect(laptop.cookies.get('portico_session')).not.toBe(before);
    const stale = createClient(portal.app, tenant.origin);
    stale.cookies.set('portico_session', required(before));
    expect((await stale.get('/')).location).toBe('/login');
    expect((await laptop.get('/')).status).toBe(200);
    expect((await tablet.get('/')).location).toBe('/login');
    await portal.deliverMail();
    expect((await portal.smtp.waitForMail('changer@example.com')).subject).toBe('Ihr Passwort wurde geändert');
    await logIn(SECOND, 'Phone Browser', 'changer@example.com');
  });
});
