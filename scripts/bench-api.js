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
import { randomBytes } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli', 'index.js');
const TARGET_PER_SECOND = 2000;
const READY_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 120_000;
const log = (line) => process.stderr.write(`${line}\n`);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function post(port, path, body, headers) {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

async function waitReady(port, child) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Portico exited with code ${child.exitCode}`);
    const status = await new Promise((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/readyz', timeout: 1000 }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', () => resolve(0));
      req.on('timeout', () => req.destroy());
      req.end();
    });
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Portico was not ready within ${READY_TIMEOUT_MS} ms`);
}

function cli(args, env) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`portico ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return result.stdout.trim().split('\n');
}

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
    items: Array.from({ length: SYNC_BATCH }, (_, index) => ({
      type: 'contract',
      action: 'upsert',
      contract: {
        insurerNumber: '9001',
        sparte: ['130', '040', '051', '070'][index % 4],
        policyNumber: `P${round}X${index}`,
        customerNumber: `S-${index % SYNC_CUSTOMERS}`,
        status: 'active',
        startDate: '2021-01-00',
        premiumNetCents: 10_000 + index,
        premiumGrossCents: 11_900 + index,
        sumsInsured: [{ label: 'Versicherungssumme', cents: 5_000_000 }],
        caseHandler: { name: 'Sabine Sachbearbeiterin', phone: '+49 30 1', email: 'sb@example.com' },
      },
    })),
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
  const databaseName = `portico_bench_api_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${databaseName}`);
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${databaseName}`;
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl.href,
    SECOND_FACTOR_KEY: randomBytes(32).toString('base64url'),
    // the benchmark stores no documents
    STORAGE_FOLDER_SHARED: 'true',
    PORT: String(port),
    PLATFORM_URL: `http://localhost:${port}`,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    API_RATE_LIMIT: '100000',
    SMTP_URL: '',
  };
  let child = null;
  try {
    cli(['migrate'], env);
    cli(
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
    const key = cli(['api-key', 'create', '--tenant', 'benchapi', '--name', 'bench'], env).at(-1);
    child = spawn(process.execPath, [CLI, 'start', '--no-demo', '--no-worker'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitReady(port, child);
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
    if (child !== null && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    await admin
      .query(`drop database if exists ${databaseName} with (force)`)
      .catch((error) => log(`could not drop ${databaseName}: ${error.message}`));
    await admin.end();
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
