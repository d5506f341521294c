#!/usr/bin/env node
// Bulk invitations through the API into PostgreSQL: `node scripts/bench-api.js`.
// Creates a fresh database on the PostgreSQL server named by DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres), starts Portico on it without the mail worker (this
// measures accepting invitations, not sending them), creates a tenant and an API key with the CLI,
// posts 10,000 invitations as batches of 1,000 to POST /api/v1/invitations/bulk and prints accepted
// invitations per second, then the CRM's portfolio sync (POST /api/v1/portfolio/sync, 20 batches of 1,000
// contracts: inserted, then updated) in contracts per second. The database is dropped afterwards. Needs a
// built dist/ (`npm run build`).
// Also usable from another script: `import { runApiBench } from './bench-api.js'`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  CLI,
  exitOf,
  freePort,
  lastLineOf,
  log,
  PORTICO_NODE_FLAGS,
  porticoEnv,
  postJson,
  ROOT,
  runCli,
  scratchDatabase,
  secondFactorKey,
  stopChild,
  syncContract,
  waitReady,
} from './bench-support.js';

const TARGET_PER_SECOND = 2000;

/** POST over a kept-alive connection, as an API client sends its batches. */
const post = (port, path, body, headers) => postJson(port, path, body, headers, { keepAlive: true });

const SYNC_TARGET_PER_SECOND = 5000;
const SYNC_BATCH = 1000;
const SYNC_CUSTOMERS = 100;

/**
 * The CRM's nightly sync through `POST /api/v1/portfolio/sync`: 100 customers first, then `batches`
 * batches of 1,000 contracts (10 per customer, with sums insured and a case handler), sent one after
 * another and then all again (the second pass updates every contract). Contracts/s over both passes.
 */
async function measurePortfolioSync(port, headers, batches) {
  const customers = Array.from({ length: SYNC_CUSTOMERS }, (_, index) => ({
    type: 'customer',
    action: 'upsert',
    customer: { customerNumber: `S-${index}`, kind: 'private', lastName: `Kunde ${index}`, firstName: 'Erika' },
  }));
  const first = await post(port, '/api/v1/portfolio/sync', { items: customers }, headers);
  if (first.status !== 200) throw new Error(`portfolio sync of customers: HTTP ${first.status} ${first.body}`);
  const batchOf = (round) => ({
    items: Array.from({ length: SYNC_BATCH }, (_, index) =>
      syncContract(index, {
        sparte: ['130', '040', '051', '070'][index % 4],
        policyNumber: `P${round}X${index}`,
        customerNumber: `S-${index % SYNC_CUSTOMERS}`,
        startDate: '2021-01-00',
      }),
    ),
  });
  const counts = { created: 0, updated: 0, failed: 0 };
  const started = process.hrtime.bigint();
  for (const pass of [1, 2]) {
    for (let round = 0; round < batches; round += 1) {
      const answer = await post(port, '/api/v1/portfolio/sync', batchOf(round), headers);
      if (answer.status !== 200) throw new Error(`portfolio sync pass ${pass}: HTTP ${answer.status}`);
      const result = JSON.parse(answer.body);
      counts.created += result.created;
      counts.updated += result.updated;
      counts.failed += result.failed;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const written = counts.created + counts.updated;
  return { ...counts, written, seconds, perSecond: written / seconds, target: SYNC_TARGET_PER_SECOND };
}

/**
 * Runs the measurement and returns { accepted, failed, seconds, perSecond, target }.
 * Options: serverUrl (PostgreSQL to create the database on), invitations, batchSize, concurrency.
 */
export async function runApiBench(options = {}) {
  const serverUrl = options.serverUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const invitations = options.invitations ?? 10_000;
  const batchSize = options.batchSize ?? 1000;
  const concurrency = options.concurrency ?? 2;
  if (!existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` first');
  const database = await scratchDatabase(serverUrl, 'portico_bench_api');
  const port = await freePort();
  const env = porticoEnv(port, {
    DATABASE_URL: database.url,
    SECOND_FACTOR_KEY: secondFactorKey(),
    API_RATE_LIMIT: '100000',
    SMTP_URL: '',
  });
  let child = null;
  try {
    await runCli(['migrate'], env);
    await runCli(
      [
        'tenant',
        'create',
        '--slug',
        'benchapi',
        '--name',
        'Bench API Makler GmbH',
        '--host',
        `benchapi.localhost:${port}`,
      ],
      env,
    );
    const key = lastLineOf(await runCli(['api-key', 'create', '--tenant', 'benchapi', '--name', 'bench'], env));
    child = spawn(process.execPath, [...PORTICO_NODE_FLAGS, CLI, 'start', '--no-demo', '--no-worker'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitReady(port, { exited: exitOf(child) });
    const headers = { authorization: `Bearer ${key}` };
    const batchOf = (number) => ({
      items: Array.from({ length: Math.min(batchSize, invitations - number * batchSize) }, (_, index) => {
        const n = number * batchSize + index;
        return {
          email: `kunde.${n}@bench.example`,
          name: `Kunde ${n}`,
          kind: 'policyholder',
          grant: { name: `Haushalt ${n}`, customerNumbers: [`K-${n}`] },
        };
      }),
    });
    // One small warm-up batch (JIT, connections), not counted.
    await post(
      port,
      '/api/v1/invitations/bulk',
      { items: [{ email: 'warmup@bench.example', name: 'Warm Up', kind: 'policyholder', grant: { name: 'Warm-up' } }] },
      headers,
    );
    const batches = Math.ceil(invitations / batchSize);
    let next = 0;
    let accepted = 0;
    let failed = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < batches) {
          const number = next++;
          const answer = await post(port, '/api/v1/invitations/bulk', batchOf(number), {
            ...headers,
            'idempotency-key': `bench-${number}`,
          });
          if (answer.status !== 200)
            throw new Error(`batch ${number}: HTTP ${answer.status} ${answer.body.slice(0, 300)}`);
          const result = JSON.parse(answer.body);
          accepted += result.accepted;
          failed += result.failed;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const sync = await measurePortfolioSync(port, headers, options.syncBatches ?? 10);
    return {
      accepted,
      failed,
      seconds,
      perSecond: accepted / seconds,
      target: TARGET_PER_SECOND,
      batchSize,
      concurrency,
      sync,
    };
  } finally {
    if (child !== null) await stopChild(child);
    await database.drop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const result = await runApiBench();
    const verdict = result.perSecond >= result.target ? 'met' : 'MISSED';
    console.log(
      `Bulk invitations into PostgreSQL (${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ` +
        `${process.version})`,
    );
    console.log(
      `  ${result.accepted} accepted, ${result.failed} failed in ${result.seconds.toFixed(2)} s (batches of ` +
        `${result.batchSize}, ${result.concurrency} in flight)`,
    );
    console.log(`  ${Math.round(result.perSecond)} accepted/s — target ≥ ${result.target}/s: ${verdict}`);
    const { sync } = result;
    console.log(
      `Portfolio sync into PostgreSQL (POST /api/v1/portfolio/sync, batches of ${SYNC_BATCH} contracts, one ` +
        `at a time, inserted then updated; load average ${loadavg()[0].toFixed(2)})`,
    );
    console.log(
      `  ${sync.written} contracts (${sync.created} created, ${sync.updated} updated, ${sync.failed} failed) ` +
        `in ${sync.seconds.toFixed(2)} s`,
    );
    console.log(
      `  ${Math.round(sync.perSecond)} contracts/s — target ≥ ${sync.target}/s: ` +
        `${sync.perSecond >= sync.target && sync.failed === 0 ? 'met' : 'MISSED'}`,
    );
  } catch (error) {
    log(`bench-api failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
