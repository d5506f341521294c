import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_PASSWORD, activatePerson } from '../support/accounts.js';
import {
  createHttpBrowser,
  stableBody,
  startHttpPortal,
  type HttpAnswer,
  type HttpPortal,
} from '../support/http-portal.js';
import { databaseKind } from '../support/test-database.js';
import { createTestTenant } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const WRONG = 'Falsches Passwort 9!';

async function attemptLogin(
  target: HttpPortal,
  host: string,
  email: string,
  password: string,
  forwardedFor?: string,
): Promise<HttpAnswer & { milliseconds: number }> {
  const headers: Record<string, string> = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  const browser = createHttpBrowser(target, host, { headers });
  await browser.get('/login');
  const started = performance.now();
  const answer = await browser.post('/login', { email, password });
  return { ...answer, milliseconds: performance.now() - started };
}

/** What must not differ between an existing and an unknown address: status, header names, cookies set, the page. */
function fingerprint(answer: HttpAnswer, typedEmail: string): string {
  const headerNames = Object.keys(answer.headers)
    .filter((name) => !['date', 'content-length'].includes(name))
    .sort();
  const cookieNames = answer.setCookies.map((line) => line.split('=')[0]).sort();
  return JSON.stringify({
    status: answer.status,
    location: answer.location,
    headerNames,
    cookieNames,
    body: stableBody(answer.body).split(typedEmail).join('<typed>'),
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return required(sorted[Math.floor(sorted.length / 2)]);
}

describe(`account enumeration and brute force over HTTP (${databaseKind})`, () => {
  let target: HttpPortal;
  let acme: { id: string; host: string; origin: string };

  beforeAll(async () => {
    target = await startHttpPortal();
    acme = await createTestTenant(target.portal);
    const beta = await createTestTenant(target.portal, 'beta', 'Beta Finanz KG');
    await activatePerson(target.portal, acme, 'bekannt@example.com', 'policyholder');
    await activatePerson(target.portal, acme, 'opfer@example.com', 'policyholder');
    await activatePerson(target.portal, beta, 'woanders@example.com', 'policyholder');
    await target.portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'eingeladen@example.com',
      name: 'Noch Ohne',
      role: 'policyholder',
    });
  });
  afterAll(() => target.close());

  it("answers login identically for an unknown address, a wrong password, no password yet and another broker's customer", async () => {
    const cases = ['unbekannt@example.com', 'bekannt@example.com', 'eingeladen@example.com', 'woanders@example.com'];
    const fingerprints = new Set<string>();
    for (const email of cases) {
      const answer = await attemptLogin(target, acme.host, email, WRONG);
      expect(answer.status).toBe(401);
      fingerprints.add(fingerprint(answer, email));
    }
    // The right password of another broker's customer gets the same answer too.
    fingerprints.add(
      fingerprint(
        await attemptLogin(target, acme.host, 'woanders@example.com', ACCOUNT_PASSWORD),
        'woanders@example.com',
      ),
    );
    expect(fingerprints.size).toBe(1);
  });

  it('answers forgot-password identically for known and unknown addresses', async () => {
    const fingerprints = new Set<string>();
    for (const email of [
      'unbekannt2@example.com',
      'bekannt@example.com',
      'eingeladen@example.com',
      'woanders@example.com',
    ]) {
      const browser = createHttpBrowser(target, acme.host);
      await browser.get('/forgot-password');
      const answer = await browser.post('/forgot-password', { email });
      expect(answer.status).toBe(200);
      fingerprints.add(fingerprint(answer, email));
    }
    expect(fingerprints.size).toBe(1);
  });

  it('locks one account after repeated failures and refuses even the right password meanwhile, with the same answer', async () => {
    for (let attempt = 0; attempt < 6; attempt += 1) {
      expect((await attemptLogin(target, acme.host, 'opfer@example.com', WRONG)).status).toBe(401);
    }
    const locked = await attemptLogin(target, acme.host, 'opfer@example.com', ACCOUNT_PASSWORD);
    const wrong = await attemptLogin(target, acme.host, 'unbekannt3@example.com', WRONG);
    expect(locked.status).toBe(401);
    expect(fingerprint(locked, 'opfer@example.com')).toBe(fingerprint(wrong, 'unbekannt3@example.com'));
    target.portal.clock.advance(16 * 60_000);
    expect((await attemptLogin(target, acme.host, 'opfer@example.com', ACCOUNT_PASSWORD)).status).toBe(303);
  });

  it('ignores X-Forwarded-For without TRUST_PROXY: spreading guesses over forged addresses still locks the one real client', async () => {
    target.portal.clock.advance(2 * 3600_000);
    for (let attempt = 0; attempt < 31; attempt += 1) {
      await attemptLogin(target, acme.host, `streu${attempt}@example.com`, WRONG, `198.51.100.${attempt}`);
    }
    expect(
      (await attemptLogin(target, acme.host, 'bekannt@example.com', ACCOUNT_PASSWORD, '198.51.100.200')).status,
    ).toBe(401);
    target.portal.clock.advance(16 * 60_000);
    expect((await attemptLogin(target, acme.host, 'bekannt@example.com', ACCOUNT_PASSWORD)).status).toBe(303);
  });
});

describe(`brute force from many addresses and answer timing, behind a trusted proxy (${databaseKind})`, () => {
  let target: HttpPortal;
  let acme: { id: string; host: string; origin: string };
  const known = ['k0@example.com', 'k1@example.com', 'k2@example.com', 'k3@example.com', 'k4@example.com'];

  beforeAll(async () => {
    target = await startHttpPortal({ environment: { TRUST_PROXY: '127.0.0.1' } });
    acme = await createTestTenant(target.portal);
    for (const email of [...known, 'ziel@example.com']) {
      await activatePerson(target.portal, acme, email, 'policyholder');
    }
  });
  afterAll(() => target.close());

  it('locks an account attacked from many client addresses', async () => {
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await attemptLogin(target, acme.host, 'ziel@example.com', WRONG, `203.0.113.${attempt + 1}`);
    }
    expect((await attemptLogin(target, acme.host, 'ziel@example.com', ACCOUNT_PASSWORD, '203.0.113.99')).status).toBe(
      401,
    );
  });

  it('takes as long for an unknown address as for a known one with a wrong password', async () => {
    const unknown: number[] = [];
    const existing: number[] = [];
    for (let round = 0; round < 20; round += 1) {
      // Fresh client addresses so no client lock interferes; each known account stays below its own lock.
      unknown.push(
        (await attemptLogin(target, acme.host, `niemand${round}@example.com`, WRONG, `192.0.2.${round + 1}`))
          .milliseconds,
      );
      existing.push(
        (await attemptLogin(target, acme.host, required(known[round % known.length]), WRONG, `192.0.2.${round + 101}`))
          .milliseconds,
      );
    }
    const difference = Math.abs(median(unknown) - median(existing));
    expect(
      difference,
      `median unknown ${median(unknown).toFixed(1)} ms, known ${median(existing).toFixed(1)} ms`,
    ).toBeLessThan(Math.max(5, 0.3 * median(existing)));
  });
});
