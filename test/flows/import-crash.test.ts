import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { runBeforeStart, tenantCreate } from '../support/process-commands.js';
import { newDataDir, startPorticoProcess, type PorticoProcess } from '../support/portico-process.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';
import { createTestDatabase, databaseKind, type TestDatabase } from '../support/test-database.js';
import { required } from '../../src/shared/required.js';

const CLI_PATH = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url));
const ROWS = 500;

interface RunningCli {
  /** Rows the CLI has reported as done so far (its progress lines). */
  reported(): number;
  kill(): void;
  finished: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function startCsvImport(portico: PorticoProcess, file: string): RunningCli {
  const cli = spawn(process.execPath, [CLI_PATH, 'invite', '--tenant', 'acme', '--csv', file], {
    env: portico.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  cli.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  cli.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return {
    reported: () => Math.max(0, ...[...stderr.matchAll(/(\d+)\/\d+ rows/g)].map((match) => Number(match[1]))),
    kill: () => cli.kill('SIGKILL'),
    finished: new Promise((resolve) => cli.once('close', (code) => resolve({ code, stdout, stderr }))),
  };
}

async function rowsOf<T>(handle: DatabaseHandle, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await handle.db.execute(query)) as { rows: T[] }).rows;
}

/**
 * kill -9 in the middle of `portico invite --csv`: on the embedded database the portal that does
 * the work dies; on PostgreSQL the CLI itself, which works on the database directly. A second run
 * of the same file must finish the rest and invite nobody twice.
 */
describe(`kill -9 during a CSV import (${databaseKind})`, () => {
  let smtp: SmtpReceiver;
  let database: TestDatabase | null = null;
  let portico: PorticoProcess | null = null;
  let dataDir: string;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    database = databaseKind === 'postgres' ? await createTestDatabase() : null;
    dataDir = await newDataDir(database === null);
    await runBeforeStart({ database, dataDir, smtpUrl: smtp.url }, [tenantCreate('acme', 'acme.localhost')]);
  }, 60_000);
  afterAll(async () => {
    await portico?.stop();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
    await smtp.close();
  });

  it('reports the rows actually committed and, run again, invites only the rest', async () => {
    const start = () => startPorticoProcess({ smtpUrl: smtp.url, database: database ?? { environment: {} }, dataDir });
    portico = await start();
    const file = join(dataDir, 'viele.csv');
    writeFileSync(
      file,
      [
        'email,name,kind',
        ...Array.from({ length: ROWS }, (_, index) => `absturz${index}@example.com,Person ${index},policyholder`),
      ].join('\n'),
    );

    const first = startCsvImport(portico, file);
    await expect.poll(() => first.reported(), { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(ROWS / 10);
    if (database === null) {
      await portico.kill();
    } else {
      first.kill();
    }
    const stopped = await first.finished;
    let reported = first.reported();
    if (database === null) {
      // The CLI outlives the portal and says what was committed, then fails with one line.
      expect(stopped.code).toBe(1);
      const summary =
        /Stopped importing .*: (\d+) invited, 0 already had a password and have access now, 0 already invited/.exec(
          stopped.stdout,
        );
      expect(summary, stopped.stdout + stopped.stderr).not.toBeNull();
      reported = Number(required(summary)[1]);
      expect(stopped.stderr).toContain(`${reported} of ${ROWS} rows are committed (up to line ${reported + 1})`);
      expect(stopped.stderr.trim().split('\n').at(-1)).toMatch(
        /^Error: (The running portal stopped before the command finished|Could not reach the running portal)/,
      );
      portico = await start();
    }
    expect(reported).toBeLessThan(ROWS);

    const second = startCsvImport(portico, file);
    const finished = await second.finished;
    expect(finished.code, finished.stderr).toBe(0);
    const again =
      /Imported .*: (\d+) invited, 0 already had a password and have access now, (\d+) already invited \(nothing sent again\), 0 rows not imported/.exec(
        finished.stdout,
      );
    expect(again, finished.stdout).not.toBeNull();
    const [invited, already] = [Number(required(again)[1]), Number(required(again)[2])];
    expect(invited + already).toBe(ROWS);
    // A row in hand when the portal died may have committed without being reported; never more than that one. A
    // killed CLI says nothing more: its last progress line (every tenth of the file outside a terminal) is all it told.
    expect(already - reported).toBeGreaterThanOrEqual(0);
    expect(already - reported).toBeLessThanOrEqual(database === null ? 1 : ROWS / 10);
    expect(finished.stdout).toContain('Row 2: already invited to this grant; nothing sent again');

    await portico.stop({ keepDataDir: true });
    portico = null;
    const handle = database?.handle ?? (await openDatabase({ kind: 'pglite', dataDir }));
    try {
      const mails = await rowsOf<{ to_address: string; count: number }>(
        handle,
        sql`select to_address, count(*)::int as count from outbox where kind = 'invitation' group by to_address`,
      );
      expect(mails).toHaveLength(ROWS);
      expect(mails.every((row) => row.count === 1)).toBe(true);
      const links = await rowsOf<{ revoked: number; live: number }>(
        handle,
        sql`select count(*) filter (where revoked_at is not null)::int as revoked, count(*) filter (where revoked_at is
          null)::int as live from action_tokens where purpose = 'invitation'`,
      );
      expect(links).toEqual([{ revoked: 0, live: ROWS }]);
    } finally {
      if (database === null) {
        await handle.close();
      }
    }
  }, 240_000);
});
