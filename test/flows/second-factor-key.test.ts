import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/operator-commands/commands.js';
import { loadConfig } from '../../src/config/config.js';
import { appSecrets, identities, secondFactors } from '../../src/db/schema.js';
import { createSecretBox } from '../../src/modules/second-factor/secret-box.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { activatePerson, enrolSecondFactor, logIn, totpCode } from '../support/accounts.js';
import { databaseKind, TEST_SECOND_FACTOR_KEY } from '../support/test-database.js';
import { createTestPortal, createTestTenant, FAST_ARGON2, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const OTHER_KEY = Buffer.alloc(32, 9).toString('base64url');
const ORIGIN = { client: '192.0.2.10', userAgent: null };

describe(`second factor: the sealing key lives apart from the data (${databaseKind})`, () => {
  const closing: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) {
      await close();
    }
  });

  async function portalWithFactor(): Promise<{ portal: TestPortal; identityId: string; secret: string }> {
    const portal = await createTestPortal();
    closing.push(() => portal.close());
    const acme = await createTestTenant(portal);
    await activatePerson(portal, acme, 'kunde@example.com', 'policyholder');
    const { secret } = await enrolSecondFactor(await logIn(portal, acme.origin, 'kunde@example.com'), portal.clock.now);
    const [row] = await portal.database.handle.db.select({ identityId: secondFactors.identityId }).from(secondFactors);
    return { portal, identityId: required(row).identityId, secret };
  }

  /** Another process on the same database, with keys of its own. */
  async function openOnSameDatabase(portal: TestPortal, environment: Record<string, string>): Promise<Runtime> {
    const config = loadConfig({
      PLATFORM_URL: 'http://portico.test',
      NODE_ENV: 'test',
      SMTP_URL: portal.smtp.url,
      ...environment,
    });
    const runtime = await openRuntime({
      config,
      logger: pino({ level: 'silent' }),
      clock: portal.clock,
      argon2: FAST_ARGON2,
      database: portal.database.handle,
    });
    closing.push(() => runtime.close());
    return runtime;
  }

  /** A fresh code each time: a time step is accepted only once. */
  async function isCodeAccepted(
    runtime: Runtime,
    portal: TestPortal,
    identityId: string,
    secret: string,
  ): Promise<boolean> {
    portal.clock.advance(60_000);
    const outcome = await runtime.services.secondFactor.verifyLoginCode(
      identityId,
      totpCode(secret, portal.clock.now()),
      null,
      ORIGIN,
    );
    return outcome.kind === 'totp';
  }

  it('keeps no key in the database: the database alone, with another key, opens no secret', async () => {
    const { portal, identityId, secret } = await portalWithFactor();
    expect(await portal.database.handle.db.select().from(appSecrets)).not.toContainEqual(
      expect.objectContaining({ name: 'second_factor' }),
    );

    const withOtherKey = await openOnSameDatabase(portal, { SECOND_FACTOR_KEY: OTHER_KEY });
    expect(await isCodeAccepted(withOtherKey, portal, identityId, secret)).toBe(false);
    const withRightKey = await openOnSameDatabase(portal, { SECOND_FACTOR_KEY: TEST_SECOND_FACTOR_KEY });
    expect(await isCodeAccepted(withRightKey, portal, identityId, secret)).toBe(true);
  });

  it('seals secrets of the database-held key of earlier versions again with the configured key, once, and deletes that key', async () => {
    const portal = await createTestPortal();
    closing.push(() => portal.close());
    const acme = await createTestTenant(portal);
    await activatePerson(portal, acme, 'alt@example.com', 'policyholder');
    const db = portal.database.handle.db;
    const [identity] = await db.select({ id: identities.id }).from(identities);
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const legacySealed = createSecretBox(Buffer.from('the-old-database-secret', 'utf8')).seal(
      secret,
      required(identity).id,
    );
    await db.insert(appSecrets).values({ name: 'second_factor', value: 'the-old-database-secret' });
    await db
      .insert(secondFactors)
      .values({ identityId: required(identity).id, secretCiphertext: legacySealed, confirmedAt: portal.clock.now() });
    expect(await isCodeAccepted(portal.runtime, portal, required(identity).id, secret)).toBe(false);

    const restarted = await openOnSameDatabase(portal, { SECOND_FACTOR_KEY: TEST_SECOND_FACTOR_KEY });
    const [row] = await db.select({ secretCiphertext: secondFactors.secretCiphertext }).from(secondFactors);
    expect(required(row).secretCiphertext).not.toBe(legacySealed);
    expect(await db.select().from(appSecrets)).not.toContainEqual(expect.objectContaining({ name: 'second_factor' }));
    expect(await isCodeAccepted(restarted, portal, required(identity).id, secret)).toBe(true);
    expect(await isCodeAccepted(portal.runtime, portal, required(identity).id, secret)).toBe(true);

    const again = await openOnSameDatabase(portal, { SECOND_FACTOR_KEY: TEST_SECOND_FACTOR_KEY });
    expect(await again.services.secondFactor.migrateDatabaseHeldKey()).toBe(0);
    expect(
      required((await db.select({ secretCiphertext: secondFactors.secretCiphertext }).from(secondFactors))[0])
        .secretCiphertext,
    ).toBe(required(row).secretCiphertext);
  });

  it('rotates: the previous key still opens, `second-factor reseal` seals everything with the new one, then the old key is not needed', async () => {
    const { portal, identityId, secret } = await portalWithFactor();
    const rotated = await openOnSameDatabase(portal, {
      SECOND_FACTOR_KEY: OTHER_KEY,
      SECOND_FACTOR_PREVIOUS_KEYS: TEST_SECOND_FACTOR_KEY,
    });
    expect(await isCodeAccepted(rotated, portal, identityId, secret)).toBe(true);

    expect(await runCommand(rotated.services, 'second-factor.reseal', {})).toEqual([
      'Sealed 1 authenticator secret again with SECOND_FACTOR_KEY; 0 already were',
      'No secret needs SECOND_FACTOR_PREVIOUS_KEYS any more',
    ]);
    const newKeyOnly = await openOnSameDatabase(portal, { SECOND_FACTOR_KEY: OTHER_KEY });
    expect(await isCodeAccepted(newKeyOnly, portal, identityId, secret)).toBe(true);
    expect(await isCodeAccepted(portal.runtime, portal, identityId, secret)).toBe(false);
    expect((await runCommand(newKeyOnly.services, 'second-factor.reseal', {}))[0]).toBe(
      'Sealed 0 authenticator secrets again with SECOND_FACTOR_KEY; 1 already were',
    );
  });
});
