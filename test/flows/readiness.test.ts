import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/operator-commands/commands.js';
import { WRITE_PROBE_MAX_AGE_MILLISECONDS } from '../../src/db/readiness.js';
import { databaseKind, testDatabaseUrl } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

/**
 * The database refuses writes while reads still work, as on a full disk or a read-only standby:
 * PGlite's one session or every new PostgreSQL session gets default_transaction_read_only.
 */
async function refuseWrites(portal: TestPortal, isRefused: boolean): Promise<void> {
  if (databaseKind === 'pglite') {
    await portal.runtime.database.db.execute(
      isRefused ? sql`set default_transaction_read_only = on` : sql`set default_transaction_read_only = off`,
    );
    return;
  }
  const [{ current_database: name }] = (
    (await portal.runtime.database.db.execute(sql`select current_database()`)) as unknown as {
      rows: [{ current_database: string }];
    }
  ).rows;
  const admin = new pg.Client({ connectionString: testDatabaseUrl! });
  await admin.connect();
  try {
    const quoted = `"${name.replaceAll('"', '""')}"`;
    await admin.query(
      isRefused
        ? `alter database ${quoted} set default_transaction_read_only = on`
        : `alter database ${quoted} reset default_transaction_read_only`,
    );
    // Sessions take the setting when they start; the pool opens new ones in place of the ended ones.
    await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
  } finally {
    await admin.end();
  }
}

describe(`readiness when the database cannot write (${databaseKind})`, () => {
  let portal: TestPortal;

  beforeAll(async () => {
    portal = await createTestPortal();
    await createTestTenant(portal);
  });
  afterAll(() => portal.close());

  async function readiness(): Promise<{ status: number; body: unknown }> {
    const answer = await portal.app.request('http://portico.test/readyz');
    return { status: answer.status, body: await answer.json() };
  }

  it('fails readiness while writes fail, says why at the command line, and recovers by itself', async () => {
    expect(await readiness()).toEqual({ status: 200, body: { status: 'ready' } });
    await refuseWrites(portal, true);
    try {
      // The write probe's answer is reused for a few seconds: a balancer's frequent checks cost one write, not one each.
      await expect.poll(async () => (await readiness()).body).toEqual({ status: 'ready' });
      portal.clock.advance(WRITE_PROBE_MAX_AGE_MILLISECONDS);
      await expect.poll(async () => (await readiness()).body).toEqual({ status: 'database cannot write' });
      expect((await readiness()).status).toBe(503);

      const refused = runCommand(portal.services, 'invite', {
        tenant: 'acme',
        email: 'voll@example.com',
        name: 'Volker Voll',
        kind: 'policyholder',
      });
      await expect(refused).rejects.toMatchObject({
        code: 'DATABASE_WRITE_FAILED',
        message: expect.stringMatching(/^The database cannot write: .*read-only transaction/),
      });
    } finally {
      await refuseWrites(portal, false);
    }
    // Still cached as failing until the probe's answer is old enough to be asked again.
    portal.clock.advance(WRITE_PROBE_MAX_AGE_MILLISECONDS);
    await expect.poll(async () => (await readiness()).body).toEqual({ status: 'ready' });
    const lines = await runCommand(portal.services, 'invite', {
      tenant: 'acme',
      email: 'voll@example.com',
      name: 'Volker Voll',
      kind: 'policyholder',
    });
    expect(lines[0]).toContain('Invited voll@example.com');
  });
});
