import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/operator-commands/commands.js';
import type { RequestOrigin } from '../../src/modules/audit/audit-service.js';
import type { Tenant } from '../../src/modules/tenants/tenant.js';
import { ACCOUNT_RULE, lockDurationAfter } from '../../src/modules/throttling/throttle-policy.js';
import { generateToken } from '../../src/shared/tokens.js';
import { textOf } from '../support/browserless-client.js';
import {
  ACCOUNT_PASSWORD,
  activatePerson,
  enrolSecondFactor,
  logIn,
  ticketFrom,
  totpCode,
} from '../support/accounts.js';
import { createHttpBrowser, startHttpPortal, type HttpPortal } from '../support/http-portal.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

/** Sequentially: five free failures, and the sixth wrong secret is checked and sets the first lock. */
const ALLOWANCE = ACCOUNT_RULE.freeFailures + 1;
const PARALLEL = 100;

describe(`attempt limits under concurrency (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let tenant: Tenant;
  let people = 0;

  /** A fresh person and a client address of its own, so no test sees another's counts. */
  async function newPerson(options: { withSecondFactor: boolean }) {
    people += 1;
    const email = `person${people}@example.com`;
    await activatePerson(portal, acme, email, 'policyholder');
    const identityId = required(
      (await portal.services.people.listPeople(acme.id)).find((person) => person.canonicalEmail === email),
    ).identityId;
    const origin: RequestOrigin = { client: `198.51.100.${people}`, userAgent: 'parallel-test' };
    if (!options.withSecondFactor) {
      return { email, identityId, origin, secret: '', recoveryCodes: [] as string[] };
    }
    const { secret, recoveryCodes } = await enrolSecondFactor(await logIn(portal, acme.origin, email), () =>
      portal.clock.now(),
    );
    // The code of the set-up is used; the login codes below belong to a later time step.
    portal.clock.advance(60_000);
    return { email, identityId, origin, secret, recoveryCodes };
  }

  async function countOf(key: string): Promise<{ failures: number; isLocked: boolean }> {
    const result = await portal.runtime.database.db.execute(
      sql`select failures, locked_until from login_throttles where key = ${key}`,
    );
    const [row] = (result as { rows: Array<{ failures: number; locked_until: string | Date | null }> }).rows;
    return {
      failures: row?.failures ?? 0,
      isLocked: row?.locked_until != null && new Date(row.locked_until).getTime() > portal.clock.now().getTime(),
    };
  }

  async function auditCount(email: string, kind: string): Promise<number> {
    return (await portal.services.audit.listForTenant(acme.id, 1000, { kind, email })).length;
  }

  /** Six-digit codes that are none of the codes valid now (the window is one step either side). */
  function wrongCodes(secret: string): (index: number) => string {
    const valid = new Set([-1, 0, 1].map((offset) => totpCode(secret, portal.clock.now(), offset)));
    const candidates = Array.from({ length: PARALLEL + 3 }, (_, index) => String(100_000 + index * 7919));
    const wrong = candidates.filter((code) => !valid.has(code));
    return (index) => required(wrong[index]);
  }

  /** Index 0, 10, 20, …: the right secret spread over the burst. */
  const mixed = (right: string, wrong: (index: number) => string): string[] =>
    Array.from({ length: PARALLEL }, (_, index) => (index % 10 === 0 ? right : wrong(index)));

  const logInAs = (person: { email: string; origin: RequestOrigin }, password: string) =>
    portal.services.login.logIn({ email: person.email, password, tenant, origin: person.origin });
  const secondStep = (person: { origin: RequestOrigin }, ticket: string, code: string) =>
    portal.services.login.completeSecondFactor({ ticket, code, tenant, origin: person.origin });
  const codeCheck = (person: { identityId: string; origin: RequestOrigin }, code: string) =>
    portal.services.secondFactor.verifyLoginCode(person.identityId, code, acme.id, person.origin);

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    tenant = required(await portal.services.tenants.findTenantById(acme.id));
  });
  afterAll(() => portal.close());

  it('checks exactly the allowance of 100 parallel wrong passwords at login, then locks', async () => {
    const person = await newPerson({ withSecondFactor: false });
    const outcomes = await Promise.all(
      Array.from({ length: PARALLEL }, (_, index) => logInAs(person, `Falsch ${index}!`)),
    );
    expect(outcomes.every((outcome) => outcome.kind === 'failed')).toBe(true);
    expect(await auditCount(person.email, 'login.failed')).toBe(ALLOWANCE);
    expect(await auditCount(person.email, 'login.locked')).toBe(PARALLEL - ALLOWANCE);
    expect(await countOf(`account:${person.email}`)).toEqual({ failures: ALLOWANCE, isLocked: true });
    expect((await logInAs(person, ACCOUNT_PASSWORD)).kind).toBe('failed');
  });

  it('leaves no lock behind when more correct logins than the allowance run at once', async () => {
    const person = await newPerson({ withSecondFactor: false });
    const attempt = { account: person.email, client: person.origin.client };
    // The allowance's worth of logins in flight at the same moment: the last reservation sets the lock.
    const inFlight = [];
    for (let index = 0; index < ALLOWANCE; index++) {
      inFlight.push(await portal.services.throttle.reserveAttempt(attempt));
    }
    expect(inFlight.every((reservation) => !reservation.isLocked)).toBe(true);
    expect(await countOf(`account:${person.email}`)).toEqual({ failures: ALLOWANCE, isLocked: true });
    // All of them were correct passwords, and the earliest finishes first.
    for (const reservation of inFlight) {
      await portal.services.throttle.recordSuccess(reservation);
    }
    expect((await countOf(`account:${person.email}`)).isLocked).toBe(false);
    expect((await logInAs(person, ACCOUNT_PASSWORD)).kind).toBe('authenticated');
  });

  it('lets right passwords among 100 parallel attempts through only within the allowance', async () => {
    const person = await newPerson({ withSecondFactor: false });
    const passwords = mixed(ACCOUNT_PASSWORD, (index) => `Falsch ${index}!`);
    const outcomes = await Promise.all(passwords.map((password) => logInAs(person, password)));
    const succeeded = outcomes.filter((outcome) => outcome.kind === 'authenticated').length;
    const checkedWrong = await auditCount(person.email, 'login.failed');
    // As one after the other: a correct password ends the count, so at most the allowance of wrong
    // ones is checked before the first success and after each one, and the count left never exceeds it.
    expect(checkedWrong).toBeLessThanOrEqual(ALLOWANCE * (succeeded + 1));
    expect((await countOf(`account:${person.email}`)).failures).toBeLessThanOrEqual(ALLOWANCE);
    // Every attempt is accounted for: let in, checked and wrong, or refused unchecked by the lock.
    expect(succeeded + checkedWrong + (await auditCount(person.email, 'login.locked'))).toBe(PARALLEL);
  });

  it('checks exactly the allowance of 100 parallel wrong codes for one login ticket', async () => {
    const person = await newPerson({ withSecondFactor: true });
    const first = await logInAs(person, ACCOUNT_PASSWORD);
    expect(first.kind).toBe('second_factor_required');
    const ticket = first.kind === 'second_factor_required' ? first.ticket : '';
    const right = totpCode(person.secret, portal.clock.now());
    const wrong = wrongCodes(person.secret);
    const outcomes = await Promise.all(
      Array.from({ length: PARALLEL }, (_, index) => secondStep(person, ticket, wrong(index))),
    );
    expect(outcomes.every((outcome) => outcome.kind === 'code_wrong')).toBe(true);
    expect(await countOf(`account:second-factor:${person.identityId}`)).toEqual({
      failures: ALLOWANCE,
      isLocked: true,
    });
    // Locked: even the right code is not looked at now.
    expect((await secondStep(person, ticket, right)).kind).toBe('code_wrong');
  });

  it('verifies at most the allowance when the right code is among 100 parallel ones, and lets it in once', async () => {
    const person = await newPerson({ withSecondFactor: true });
    const first = await logInAs(person, ACCOUNT_PASSWORD);
    const ticket = first.kind === 'second_factor_required' ? first.ticket : '';
    const right = totpCode(person.secret, portal.clock.now());
    const codes = mixed(right, wrongCodes(person.secret));
    const outcomes = await Promise.all(codes.map((code) => secondStep(person, ticket, code)));
    const authenticated = outcomes.filter((outcome) => outcome.kind === 'authenticated').length;
    expect(authenticated).toBeLessThanOrEqual(1);
    // Wrong codes stay counted and right ones give their attempt back: the count is the wrong codes checked.
    expect((await countOf(`account:second-factor:${person.identityId}`)).failures).toBeLessThanOrEqual(ALLOWANCE);
  });

  it('uses one recovery code once of 100 parallel uses, and checks no more than the allowance of mixed ones', async () => {
    const person = await newPerson({ withSecondFactor: true });
    const [code] = person.recoveryCodes;
    const same = await Promise.all(Array.from({ length: PARALLEL }, () => codeCheck(person, required(code))));
    expect(same.filter((outcome) => outcome.kind === 'recovery_code')).toHaveLength(1);
    expect(await portal.services.secondFactor.countUnusedRecoveryCodes(person.identityId)).toBe(9);

    await portal.services.throttle.unlockPerson(person.email);
    const rest = person.recoveryCodes.slice(1);
    const guess = (index: number): string =>
      rest[index / 10] ?? `aaaa-bbbb-cccc-dddd-eeee-${String(index).padStart(4, '2')}`;
    const outcomes = await Promise.all(Array.from({ length: PARALLEL }, (_, index) => codeCheck(person, guess(index))));
    const used = outcomes.filter((outcome) => outcome.kind === 'recovery_code').length;
    expect((await countOf(`account:second-factor:${person.identityId}`)).failures).toBeLessThanOrEqual(ALLOWANCE);
    expect(await portal.services.secondFactor.countUnusedRecoveryCodes(person.identityId)).toBe(9 - used);
  });

  it('checks no more than the allowance of 100 parallel current passwords (password change, address change)', async () => {
    const person = await newPerson({ withSecondFactor: false });
    const changes = await Promise.all(
      Array.from({ length: PARALLEL }, (_, index) =>
        portal.services.passwordChange.changePassword({
          identityId: person.identityId,
          sessionId: 'none',
          tenant,
          origin: person.origin,
          host: acme.host,
          currentPassword: `Falsch ${index}!`,
          newPassword: 'Neues Passwort 77!',
          newPasswordConfirm: 'Neues Passwort 77!',
        }),
      ),
    );
    expect(changes.every((outcome) => outcome.kind === 'current_password_wrong')).toBe(true);
    expect(await countOf(`account:${person.email}`)).toEqual({ failures: ALLOWANCE, isLocked: true });

    const other = await newPerson({ withSecondFactor: false });
    const passwords = mixed(ACCOUNT_PASSWORD, (index) => `Falsch ${index}!`);
    const requests = await Promise.all(
      passwords.map((currentPassword, index) =>
        portal.services.emailChange.requestEmailChange({
          identityId: other.identityId,
          currentPassword,
          newEmail: `neu${index}@example.com`,
          tenant,
          origin: other.origin,
        }),
      ),
    );
    const passed = requests.filter((outcome) => outcome.kind !== 'current_password_wrong');
    // The cooldown holds under the same burst: one request went out, the others were told to wait.
    expect(passed.filter((outcome) => outcome.kind === 'requested').length).toBeLessThanOrEqual(1);
    // A right current password gives its attempt back, as it would one after the other: what stays
    // counted are the wrong ones checked, never more than the allowance.
    expect(passed.length).toBeLessThanOrEqual(PARALLEL / 10);
    expect((await countOf(`account:${other.email}`)).failures).toBeLessThanOrEqual(ALLOWANCE);
  });

  it('sends one reset mail of 20 parallel requests (the cooldown holds under concurrency)', async () => {
    const person = await newPerson({ withSecondFactor: false });
    await Promise.all(
      Array.from({ length: 20 }, () =>
        portal.services.passwordReset.requestPasswordReset({ email: person.email, tenant }),
      ),
    );
    const result = await portal.runtime.database.db.execute(
      sql`select count(*)::int as n from outbox where kind = 'password_reset' and to_address = ${person.email}`,
    );
    expect(required((result as { rows: Array<{ n: number }> }).rows[0]).n).toBe(1);
  });

  it('locks for exactly the times of the policy, computed by the database', async () => {
    const attempt = { account: 'policy@example.com', client: '192.0.2.200' };
    const locks: number[] = [];
    for (let failures = 1; failures <= 10; failures += 1) {
      expect((await portal.services.throttle.reserveAttempt(attempt)).isLocked).toBe(false);
      const result = await portal.runtime.database.db.execute(
        sql`select locked_until from login_throttles where key = 'account:policy@example.com'`,
      );
      const lockedUntil = required(
        (result as { rows: Array<{ locked_until: string | Date | null }> }).rows[0],
      ).locked_until;
      locks.push(lockedUntil === null ? 0 : new Date(lockedUntil).getTime() - portal.clock.now().getTime());
      portal.clock.advance(required(locks.at(-1)) + 1);
    }
    expect(locks).toEqual(Array.from({ length: 10 }, (_, index) => lockDurationAfter(index + 1, ACCOUNT_RULE)));
  });

  it('shows a second-factor lock in the people list, and "Sperre aufheben" lifts it with the password lock', async () => {
    const person = await newPerson({ withSecondFactor: true });
    await activatePerson(portal, acme, `chefin${people}@acme.example`, 'staff_admin');
    for (let index = 0; index < ALLOWANCE; index += 1) {
      await codeCheck(person, '000000');
    }
    for (let index = 0; index < ALLOWANCE; index += 1) {
      await logInAs(person, `Falsch ${index}!`);
    }
    const staff = await logIn(portal, acme.origin, `chefin${people}@acme.example`);
    const item = new RegExp(`<tr data-person="${person.email.replaceAll('.', '\\.')}">[\\s\\S]*?</tr>`);
    const entry = (body: string): string => textOf(item.exec(body)?.[0] ?? '');
    expect(entry((await staff.get('/admin/people')).body)).toContain(
      'vorübergehend gesperrt nach falschen Passwörtern und Bestätigungscodes',
    );
    expect(entry((await staff.get('/admin/people?status=locked')).body)).toContain(person.email);

    await staff.get('/admin/people');
    expect((await staff.post(`/admin/people/${person.identityId}/unlock`, {})).status).toBe(303);
    const after = entry((await staff.get('/admin/people')).body);
    expect(after).not.toContain('gesperrt');
    expect(after).not.toContain('Sperre aufheben');
    expect((await codeCheck(person, totpCode(person.secret, portal.clock.now()))).kind).toBe('totp');
  });

  it('shows a lock of the second factor alone, and the command line lifts it; an unknown address is an error', async () => {
    const person = await newPerson({ withSecondFactor: true });
    for (let index = 0; index < ALLOWANCE; index += 1) {
      await codeCheck(person, '000000');
    }
    const staffEmail = `chef${people}@acme.example`;
    await activatePerson(portal, acme, staffEmail, 'staff_admin');
    const staff = await logIn(portal, acme.origin, staffEmail);
    const page = textOf((await staff.get('/admin/people?status=locked')).body);
    expect(page).toContain(person.email);
    expect(page).toContain('vorübergehend gesperrt nach falschen Bestätigungscodes');

    expect(await runCommand(portal.services, 'user.unlock', { email: person.email })).toHaveLength(1);
    expect(
      await portal.services.throttle.locksOf([{ identityId: person.identityId, canonicalEmail: person.email }]),
    ).toEqual(new Map());
    await expect(runCommand(portal.services, 'user.unlock', { email: 'niemand@example.com' })).rejects.toMatchObject({
      code: 'IDENTITY_NOT_FOUND',
    });
  });
});

describe(`attempt limits over HTTP (${databaseKind})`, () => {
  let http: HttpPortal;
  let acme: { id: string; host: string; origin: string };

  beforeAll(async () => {
    http = await startHttpPortal({ environment: { TRUST_PROXY: '127.0.0.1' } });
    acme = await createTestTenant(http.portal);
  });
  afterAll(() => http.close());

  it('checks exactly the allowance of 100 parallel codes posted for one login ticket, then refuses even the right one', async () => {
    await activatePerson(http.portal, acme, 'zweistufig@example.com', 'policyholder');
    const { secret } = await enrolSecondFactor(await logIn(http.portal, acme.origin, 'zweistufig@example.com'), () =>
      http.portal.clock.now(),
    );
    http.portal.clock.advance(60_000);
    const headers = { 'x-forwarded-for': '198.51.100.77', 'user-agent': 'parallel-browser' };
    const browser = createHttpBrowser(http, acme.host, { headers });
    await browser.get('/login');
    const ticket = ticketFrom(
      (await browser.post('/login', { email: 'zweistufig@example.com', password: ACCOUNT_PASSWORD })).body,
    );
    const valid = new Set([-1, 0, 1].map((offset) => totpCode(secret, http.portal.clock.now(), offset)));
    const candidates = Array.from({ length: PARALLEL + 3 }, (_, index) => String(200_000 + index * 7919));
    const wrong = candidates.filter((code) => !valid.has(code)).slice(0, PARALLEL);
    const answers = await Promise.all(wrong.map((code) => browser.post('/login/second-factor', { ticket, code })));
    expect(answers.map((answer) => answer.status)).toEqual(wrong.map(() => 401));
    const people = await http.portal.services.people.listPeople(acme.id);
    const identityId = required(people.find((person) => person.canonicalEmail === 'zweistufig@example.com')).identityId;
    const key = `account:second-factor:${identityId}`;
    const result = await http.portal.runtime.database.db.execute(
      sql`select failures from login_throttles where key = ${key}`,
    );
    expect((result as { rows: Array<{ failures: number }> }).rows[0]?.failures).toBe(ALLOWANCE);
    expect(
      (await browser.post('/login/second-factor', { ticket, code: totpCode(secret, http.portal.clock.now()) })).status,
    ).toBe(401);
  });

  it('answers 429 with a German page once a client has sent too many unknown tokens, while the owner of a link is not affected', async () => {
    await http.portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'eigentuemer@example.com',
      name: 'Eva Eigen',
      role: 'policyholder',
    });
    await http.portal.deliverMail();
    const link = new URL(linkFrom(await http.portal.smtp.waitForMail('eigentuemer@example.com'), '/set-password'));
    const owner = createHttpBrowser(http, acme.host, { headers: { 'x-forwarded-for': '198.51.100.20' } });
    const guesser = createHttpBrowser(http, acme.host, { headers: { 'x-forwarded-for': '203.0.113.66' } });

    // Known links do not count, however often they are opened.
    for (let index = 0; index < 25; index += 1) {
      expect((await guesser.get(link.pathname + link.search)).status).toBe(200);
    }
    const answers = await Promise.all(
      Array.from({ length: 60 }, () => guesser.get(`/set-password?token=${generateToken()}`)),
    );
    expect(answers.filter((answer) => answer.status === 410).length).toBe(21);
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited).toHaveLength(39);
    expect(textOf(required(limited[0]).body)).toContain('Zu viele ungültige Links');
    expect(required(limited[0]).headers['retry-after']).toBe('60');

    await guesser.get('/login');
    for (const answer of [
      await guesser.post('/set-password', { token: generateToken(), password: 'x', passwordConfirm: 'x' }),
      await guesser.post('/link/renew', { token: generateToken() }),
      await guesser.get(`/confirm-email?token=${generateToken()}`),
      await guesser.post('/confirm-email', { token: generateToken() }),
      await guesser.get(`/confirm-email-change?token=${generateToken()}`),
      await guesser.post('/confirm-email-change', { token: generateToken() }),
      // A limited client learns nothing about any token, the valid one included.
      await guesser.get(link.pathname + link.search),
    ]) {
      expect(answer.status).toBe(429);
    }

    const page = await owner.get(link.pathname + link.search);
    expect(page.status).toBe(200);
    const saved = await owner.post('/set-password', {
      token: required(link.searchParams.get('token')),
      password: ACCOUNT_PASSWORD,
      passwordConfirm: ACCOUNT_PASSWORD,
    });
    expect(saved.status).toBe(200);
    expect(textOf(saved.body)).toContain('Passwort gespeichert');

    // Retry-After is what is left of the lock.
    http.portal.clock.advance(20_000);
    expect((await guesser.get(`/set-password?token=${generateToken()}`)).headers['retry-after']).toBe('40');

    // The lock is temporary: after it, the client is answered again.
    http.portal.clock.advance(41_000);
    expect((await guesser.get(`/set-password?token=${generateToken()}`)).status).toBe(410);
  });
});
