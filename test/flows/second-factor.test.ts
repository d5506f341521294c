import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/operator-commands/commands.js';
import { createClient, errorCodesOf, textOf, type Client } from '../support/browserless-client.js';
import { ACCOUNT_PASSWORD, activatePerson, enrolSecondFactor, ticketFrom, totpCode } from '../support/accounts.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

describe(`second factor: authenticator app and recovery codes (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };

  async function logIn(
    email: string,
    password = ACCOUNT_PASSWORD,
  ): Promise<{ client: Client; status: number; body: string; location: string | null }> {
    const client = createClient(portal.app, acme.origin);
    await client.get('/login');
    const response = await client.post('/login', { email, password });
    return { client, ...response };
  }

  async function auditKinds(): Promise<string[]> {
    return (await portal.services.audit.listForTenant(acme.id, 200)).map((event) => event.kind);
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
  });
  afterAll(() => portal.close());

  it('sets up the app with a QR code and a current code, shows ten recovery codes once, and stores the secret encrypted', async () => {
    await activatePerson(portal, acme, 'einrichten@example.com', 'policyholder');
    const { client } = await logIn('einrichten@example.com');
    expect(textOf((await client.get('/profile')).body)).toContain('Zweiten Faktor einrichten');
    await client.post('/profile/second-factor/start', {});
    const setup = await client.get('/profile/second-factor');
    expect(setup.body).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"/);
    const secret = required(required(/data-totp-secret="([A-Z2-7]+)"/.exec(setup.body))[1]);
    const wrong = await client.post('/profile/second-factor/confirm', { code: '000000' });
    expect(wrong.status).toBe(401);
    expect(errorCodesOf(wrong.body)).toEqual(['SECOND_FACTOR_CODE_WRONG']);
    const confirmed = await client.post('/profile/second-factor/confirm', {
      code: totpCode(secret, portal.clock.now()),
    });
    const codes = [...confirmed.body.matchAll(/<code>([a-z2-9-]{29})<\/code>/g)].map((match) => match[1]);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(textOf((await client.get('/profile/second-factor')).body)).toContain(
      'Unbenutzte Wiederherstellungscodes: 10',
    );
    const rows = await portal.database.handle.db.execute(`select secret_ciphertext from second_factors`);
    const stored = JSON.stringify(rows);
    expect(stored).toContain('v1:');
    expect(stored).not.toContain(secret);
    expect(await auditKinds()).toContain('second_factor.added');
  });

  it('asks for the code after the password, creates the session only then, and refuses a replayed code', async () => {
    await activatePerson(portal, acme, 'code@acme.example', 'staff_user');
    const { client } = await logIn('code@acme.example');
    const { secret } = await enrolSecondFactor(client, portal.clock.now);
    portal.clock.advance(60_000);

    const first = await logIn('code@acme.example');
    expect(first.status).toBe(200);
    expect(textOf(first.body)).toContain('Bestätigungscode eingeben');
    expect([...first.client.cookies.keys()]).not.toContain('portico_session');
    const ticket = ticketFrom(first.body);
    const bad = await first.client.post('/login/second-factor', { ticket, code: '123456' });
    expect(bad.status).toBe(401);
    const code = totpCode(secret, portal.clock.now());
    const good = await first.client.post('/login/second-factor', { ticket, code });
    expect(good.status).toBe(303);
    expect((await first.client.get('/')).status).toBe(200);
    // The ticket worked once.
    expect((await first.client.post('/login/second-factor', { ticket, code })).location).toBe('/login?erneut');

    const second = await logIn('code@acme.example');
    const replay = await second.client.post('/login/second-factor', { ticket: ticketFrom(second.body), code });
    expect(replay.status).toBe(401);
    const kinds = await auditKinds();
    expect(kinds).toContain('second_factor.used');
    expect(kinds).toContain('second_factor.failed');
  });

  it('lets each recovery code in once, and renews or removes the factor only with the password or a code', async () => {
    await activatePerson(portal, acme, 'wiederherstellung@acme.example', 'staff_admin');
    const { client } = await logIn('wiederherstellung@acme.example');
    const { recoveryCodes } = await enrolSecondFactor(client, portal.clock.now);
    const attempt = await logIn('wiederherstellung@acme.example');
    const used = await attempt.client.post('/login/second-factor', {
      ticket: ticketFrom(attempt.body),
      code: required(recoveryCodes[0]).toUpperCase(),
    });
    expect(used.status).toBe(303);
    const again = await logIn('wiederherstellung@acme.example');
    expect(
      (
        await again.client.post('/login/second-factor', {
          ticket: ticketFrom(again.body),
          code: required(recoveryCodes[0]),
        })
      ).status,
    ).toBe(401);
    expect(await auditKinds()).toContain('second_factor.recovery_code_used');

    const refused = await attempt.client.post('/profile/second-factor/recovery-codes', {
      currentPassword: 'Falsch 123!',
      code: '',
    });
    expect(refused.status).toBe(401);
    expect(errorCodesOf(refused.body)).toEqual(['SECOND_FACTOR_PROOF_WRONG']);
    const renewed = await attempt.client.post('/profile/second-factor/recovery-codes', {
      currentPassword: ACCOUNT_PASSWORD,
      code: '',
    });
    expect(renewed.body.match(/<code>/g)).toHaveLength(10);
    const stale = await logIn('wiederherstellung@acme.example');
    expect(
      (
        await stale.client.post('/login/second-factor', {
          ticket: ticketFrom(stale.body),
          code: required(recoveryCodes[1]),
        })
      ).status,
    ).toBe(401);

    expect((await attempt.client.post('/profile/second-factor/remove', { currentPassword: '', code: '' })).status).toBe(
      401,
    );
    expect(
      (await attempt.client.post('/profile/second-factor/remove', { currentPassword: ACCOUNT_PASSWORD, code: '' }))
        .location,
    ).toBe('/profile?second-factor-removed');
    expect((await logIn('wiederherstellung@acme.example')).status).toBe(303);
  });

  it('leads staff without a factor to the set-up when the broker requires it, and lets staff and the operator remove a factor', async () => {
    // A customer and a staff user with a factor each, and an administrator without one, of this test's own.
    await activatePerson(portal, acme, 'chefin4@acme.example', 'staff_admin');
    for (const [email, role] of [
      ['kunde4@example.com', 'policyholder'],
      ['mitarbeiter4@acme.example', 'staff_user'],
    ] as const) {
      await activatePerson(portal, acme, email, role);
      await enrolSecondFactor((await logIn(email)).client, portal.clock.now);
    }
    await runCommand(portal.services, 'tenant.update', { slug: 'acme', 'require-staff-second-factor': 'on' });
    const staff = await logIn('chefin4@acme.example');
    expect(staff.status).toBe(303);
    expect((await staff.client.get('/')).location).toBe('/profile/second-factor');
    expect((await staff.client.get('/admin/people')).location).toBe('/profile/second-factor');
    expect(textOf((await staff.client.get('/profile/second-factor')).body)).toContain(
      'verlangt für Mitarbeitende einen zweiten Faktor',
    );
    await enrolSecondFactor(staff.client, portal.clock.now);
    expect((await staff.client.get('/admin/people')).status).toBe(200);
    // Customers are not forced.
    const customer = await logIn('kunde4@example.com');
    expect(customer.status).toBe(200);

    const people = await portal.services.people.listPeople(acme.id);
    const kunde = required(people.find((person) => person.email === 'kunde4@example.com'));
    const page = await staff.client.get(`/admin/people/${kunde.identityId}/second-factor`);
    expect(textOf(page.body)).toContain('auf einem anderen Weg sicher erkannt');
    const removed = await staff.client.post(`/admin/people/${kunde.identityId}/second-factor/remove`, {});
    expect(removed.location).toBe(`/admin/people/${kunde.identityId}/second-factor?entfernt`);
    expect((await logIn('kunde4@example.com')).status).toBe(303);

    const mitarbeiter = required(people.find((person) => person.email === 'mitarbeiter4@acme.example'));
    const chefin = required(people.find((person) => person.email === 'chefin4@acme.example'));

    expect(
      await runCommand(portal.services, 'user.reset-second-factor', {
        email: 'mitarbeiter4@acme.example',
        tenant: 'acme',
      }),
    ).toEqual([expect.stringContaining('Removed')]);
    await expect(
      runCommand(portal.services, 'user.reset-second-factor', { email: 'nobody@example.com', tenant: 'acme' }),
    ).rejects.toThrow(/No person/);
    expect(await portal.services.secondFactor.hasFactor(mitarbeiter.identityId)).toBe(false);
    expect((await auditKinds()).filter((kind) => kind === 'second_factor.removed').length).toBeGreaterThanOrEqual(2);
    await runCommand(portal.services, 'tenant.update', { slug: 'acme', 'require-staff-second-factor': 'off' });

    // A staff user cannot strip an administrator's factor.
    const user = await logIn('mitarbeiter4@acme.example');
    expect(user.status).toBe(303);
    await user.client.get('/profile');
    const refused = await user.client.post(`/admin/people/${chefin.identityId}/second-factor/remove`, {});
    expect(refused.status).toBe(403);
    expect(errorCodesOf(refused.body)).toEqual(['ROLE_ORDER']);
    expect(await portal.services.secondFactor.hasFactor(chefin.identityId)).toBe(true);

    // Another broker's staff find nobody behind an id of this broker.
    const beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    await activatePerson(portal, beta, 'chef@beta.example', 'staff_admin');
    const foreign = createClient(portal.app, beta.origin);
    await foreign.get('/login');
    expect((await foreign.post('/login', { email: 'chef@beta.example', password: ACCOUNT_PASSWORD })).status).toBe(303);
    expect((await foreign.get(`/admin/people/${chefin.identityId}/second-factor`)).status).toBe(404);
    await foreign.get('/profile');
    expect((await foreign.post(`/admin/people/${chefin.identityId}/second-factor/remove`, {})).status).toBe(404);
    expect(await portal.services.secondFactor.hasFactor(chefin.identityId)).toBe(true);
  });

  it("applies the broker's own session timeouts, within the allowed ranges", async () => {
    await activatePerson(portal, acme, 'sitzung@example.com', 'policyholder');
    await expect(
      runCommand(portal.services, 'tenant.update', { slug: 'acme', 'session-idle-minutes': '2' }),
    ).rejects.toThrow(/5 to 120/);
    await expect(
      runCommand(portal.services, 'tenant.update', { slug: 'acme', 'session-absolute-hours': '25' }),
    ).rejects.toThrow(/1 to 24/);
    await runCommand(portal.services, 'tenant.update', {
      slug: 'acme',
      'session-idle-minutes': '10',
      'session-absolute-hours': '1',
    });
    const idle = await logIn('sitzung@example.com');
    portal.clock.advance(9 * 60_000);
    expect((await idle.client.get('/')).status).toBe(200);
    portal.clock.advance(10 * 60_000 + 1);
    expect((await idle.client.get('/')).location).toBe('/login');

    const busy = await logIn('sitzung@example.com');
    for (let minute = 0; minute < 55; minute += 5) {
      portal.clock.advance(5 * 60_000);
      expect((await busy.client.get('/')).status).toBe(200);
    }
    portal.clock.advance(5 * 60_000);
    expect((await busy.client.get('/')).location).toBe('/login');
    await runCommand(portal.services, 'tenant.update', {
      slug: 'acme',
      'session-idle-minutes': '30',
      'session-absolute-hours': '12',
    });
  });
});
