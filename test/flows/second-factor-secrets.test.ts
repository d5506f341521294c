import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../support/browserless-client.js';
import { ACCOUNT_PASSWORD, activatePerson, enrolSecondFactor, ticketFrom, totpCode } from '../support/accounts.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

describe(`second factor secrets stay out of logs, audit and mail (${databaseKind})`, () => {
  const logLines: string[] = [];
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };

  beforeAll(async () => {
    portal = await createTestPortal({ logLines });
    acme = await createTestTenant(portal);
    await activatePerson(portal, acme, 'geheim@example.com', 'policyholder');
  });
  afterAll(() => portal.close());

  it('never writes the TOTP secret, a code or a recovery code to the logs, the audit log or the outbox', async () => {
    const client = createClient(portal.app, acme.origin);
    await client.get('/login');
    await client.post('/login', { email: 'geheim@example.com', password: ACCOUNT_PASSWORD });
    const { secret, recoveryCodes } = await enrolSecondFactor(client, portal.clock.now);
    portal.clock.advance(30_000);
    const code = totpCode(secret, portal.clock.now());
    for (const typed of [code, required(recoveryCodes[0]), '999999']) {
      const attempt = createClient(portal.app, acme.origin);
      await attempt.get('/login');
      const page = await attempt.post('/login', { email: 'geheim@example.com', password: ACCOUNT_PASSWORD });
      await attempt.post('/login/second-factor', { ticket: ticketFrom(page.body), code: typed });
    }
    const stored = JSON.stringify([
      await portal.database.handle.db.execute('select * from audit_events'),
      await portal.database.handle.db.execute('select * from outbox'),
      await portal.database.handle.db.execute('select * from recovery_codes'),
      await portal.database.handle.db.execute('select * from second_factors'),
    ]);
    const everything = `${logLines.join('\n')}\n${stored}`;
    expect(logLines.length).toBeGreaterThan(0);
    for (const secretText of [
      secret,
      code,
      ...recoveryCodes,
      ...recoveryCodes.map((entry) => entry.replaceAll('-', '')),
    ]) {
      expect(everything).not.toContain(secretText);
    }
  });
});
