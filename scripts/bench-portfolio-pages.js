#!/usr/bin/env node
// The customer's portfolio pages on PostgreSQL: `node scripts/bench-portfolio-pages.js`.
// Creates a fresh database on the PostgreSQL server named by DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres), a tenant and an API key with the CLI, starts Portico with a
// loopback SMTP server, syncs one customer with 300 contracts across Sparten through POST /api/v1/portfolio/sync,
// invites a policyholder with a grant on that customer through POST /api/v1/invitations/bulk, sets the password
// from the mailed link, logs in once (session cookie) and loads GET /vertraege and GET / on the broker's host with
// 20 connections for 10 s each: pages/s and p99 latency against the target. The database is dropped afterwards.
// `--pglite`: the same on the embedded database in a temporary data folder.
// Needs a built dist/ (`npm run build`). Also usable from another script:
// `import { runPortfolioPagesBench } from './bench-portfolio-pages.js'`.
import { randomBytes } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli', 'index.js');
const CONTRACTS = 300;
const CONNECTIONS = 20;
const SECONDS = 10;
const WARMUP_SECONDS = 2;
const TARGET_PAGES_PER_SECOND = 1000;
const TARGET_P99_MS = 50;
const READY_TIMEOUT_MS = 30_000;
const MAIL_TIMEOUT_MS = 15_000;
const EMAIL = 'portfolio@bench.example';
const PASSWORD = 'Kolibri-Segelboot-Tannenzapfen-4711';
const SPARTEN = ['010', '020', '030', '040', '051', '070', '110', '130'];
/** `--cpu-prof`: Portico writes a CPU profile into the current folder when it stops. */
const PROFILE_FLAGS = process.argv.includes('--cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${process.cwd()}`] : [];
const log = (line) => process.stderr.write(`${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function fail(message) {
  throw new Error(message);
}

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

function httpRequest(port, { method = 'GET', path, headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: { ...headers, ...(payload === undefined ? {} : { 'content-length': payload.length }) },
        timeout: 120_000,
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${path}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

const postJson = (port, path, value, headers) =>
  httpRequest(port, {
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(value),
  });

async function waitReady(port, child) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) fail(`Portico exited with code ${child.exitCode}`);
    const status = await httpRequest(port, { path: '/readyz' }).then(
      (answer) => answer.status,
      () => 0,
    );
    if (status === 200) return;
    await sleep(200);
  }
  fail(`Portico was not ready within ${READY_TIMEOUT_MS} ms`);
}

function cli(args, env) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) fail(`portico ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return result.stdout.trim().split('\n');
}

/** An SMTP server on loopback that keeps the last mail to the bench person (for the set-password link). */
async function startLoopbackSmtp() {
  const { SMTPServer } = await import('smtp-server');
  let mail = '';
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        if (session.envelope.rcptTo.some((to) => to.address.toLowerCase() === EMAIL)) {
          mail = Buffer.concat(chunks).toString('utf8');
        }
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${server.server.address().port}`,
    async readToken(host) {
      const pattern = new RegExp(`http://${host.replace(/[.]/g, '\\.')}/set-password\\?token=([A-Za-z0-9_-]{43})`);
      const deadline = Date.now() + MAIL_TIMEOUT_MS;
      while (Date.now() < deadline) {
        const token = pattern.exec(mail.replace(/=\r?\n/g, '').replace(/=3D/gi, '='))?.[1];
        if (token !== undefined) return token;
        await sleep(100);
      }
      return fail(`no invitation mail with a set-password link within ${MAIL_TIMEOUT_MS} ms`);
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function csrfPairOf(response) {
  const cookie =
    []
      .concat(response.headers['set-cookie'] ?? [])
      .map((line) => line.split(';')[0])
      .find((pair) => /^(__Host-)?portico_csrf=/.test(pair)) ?? fail('no portico_csrf cookie was set');
  const csrf = /<input[^>]*name="_csrf"[^>]*value="([^"]+)"/.exec(response.body)?.[1] ?? fail('no _csrf field');
  return { cookie, csrf };
}

/** One customer with CONTRACTS contracts across Sparten, and a policyholder with a grant on that customer. */
async function seed(port, host, apiHeaders, smtp) {
  const customer = {
    type: 'customer',
    action: 'upsert',
    customer: { customerNumber: 'K-300', kind: 'private', lastName: 'Mustermann', firstName: 'Erika' },
  };
  const contracts = Array.from({ length: CONTRACTS }, (_, index) => ({
    type: 'contract',
    action: 'upsert',
    contract: {
      insurerNumber: '9001',
      sparte: SPARTEN[index % SPARTEN.length],
      policyNumber: `PF${String(index).padStart(4, '0')}`,
      customerNumber: 'K-300',
      status: index % 10 === 9 ? 'cancelled' : 'active',
      startDate: `20${String(10 + (index % 15)).padStart(2, '0')}-01-01`,
      premiumNetCents: 10_000 + index,
      premiumGrossCents: 11_900 + index,
      sumsInsured: [{ label: 'Versicherungssumme', cents: 5_000_000 }],
      caseHandler: { name: 'Sabine Sachbearbeiterin', phone: '+49 30 1', email: 'sb@example.com' },
    },
  }));
  const synced = await postJson(port, '/api/v1/portfolio/sync', { items: [customer, ...contracts] }, apiHeaders);
  synced.status === 200 || fail(`portfolio sync: HTTP ${synced.status} ${synced.body.slice(0, 300)}`);
  const result = JSON.parse(synced.body);
  result.failed === 0 || fail(`portfolio sync: ${synced.body.slice(0, 300)}`);
  const grant = await postJson(
    port,
    '/api/v1/grants',
    { name: 'Haushalt Mustermann', kind: 'customer', customerNumbers: ['K-300'], shareContractsAutomatically: true },
    apiHeaders,
  );
  grant.status === 201 || fail(`grant: HTTP ${grant.status} ${grant.body.slice(0, 300)}`);
  const invited = await postJson(
    port,
    '/api/v1/invitations/bulk',
    {
      items: [
        {
          email: EMAIL,
          name: 'Erika Mustermann',
          kind: 'policyholder',
          grant: { id: JSON.parse(grant.body).id },
        },
      ],
    },
    apiHeaders,
  );
  invited.status === 200 || fail(`invitation: HTTP ${invited.status} ${invited.body.slice(0, 300)}`);
  JSON.parse(invited.body).accepted === 1 || fail(`invitation not accepted: ${invited.body.slice(0, 300)}`);
  const token = await smtp.readToken(host);
  const form = await httpRequest(port, { path: `/set-password?token=${token}`, headers: { host } });
  form.status === 200 || fail(`GET /set-password answered ${form.status}`);
  const pair = csrfPairOf(form);
  const saved = await httpRequest(port, {
    method: 'POST',
    path: '/set-password',
    headers: {
      host,
      cookie: pair.cookie,
      origin: `http://${host}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ _csrf: pair.csrf, token, password: PASSWORD, passwordConfirm: PASSWORD }).toString(),
  });
  saved.status === 200 || fail(`POST /set-password answered ${saved.status}`);
}

/** A real login through the form: the cookies a browser would send afterwards. */
async function login(port, host) {
  const page = await httpRequest(port, { path: '/login', headers: { host } });
  page.status === 200 || fail(`GET /login answered ${page.status}`);
  const { cookie, csrf } = csrfPairOf(page);
  const answer = await httpRequest(port, {
    method: 'POST',
    path: '/login',
    headers: { host, cookie, origin: `http://${host}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email: EMAIL, password: PASSWORD }).toString(),
  });
  (answer.status === 303 && answer.headers.location === '/') ||
    fail(`the login answered ${answer.status} (Location ${answer.headers.location}), not 303 to /`);
  const session = []
    .concat(answer.headers['set-cookie'] ?? [])
    .map((line) => line.split(';')[0])
    .filter((pair) => !/^(__Host-)?portico_csrf=/.test(pair));
  session.length > 0 || fail('the login set no session cookie');
  return [cookie, ...session].join('; ');
}

/** CPU seconds (user and system) a process has used so far, from /proc. */
function cpuSecondsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ on Linux
}

async function load(autocannon, port, pid, path, headers, seconds) {
  const cpuBefore = cpuSecondsOf(pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    headers,
    connections: CONNECTIONS,
    duration: seconds,
    pipelining: 1,
    timeout: 10,
  });
  const ok = result.statusCodeStats?.['200']?.count ?? 0;
  const total = Object.values(result.statusCodeStats ?? {}).reduce((sum, stat) => sum + stat.count, 0);
  const cpuSeconds = cpuSecondsOf(pid) - cpuBefore;
  return {
    path,
    cpuMsPerPage: ok === 0 ? NaN : (cpuSeconds / ok) * 1000,
    loadAverage: loadavg()[0],
    pagesPerSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    others: total - ok + result.errors + result.timeouts,
    target: { pagesPerSecond: TARGET_PAGES_PER_SECOND, p99Ms: TARGET_P99_MS },
  };
}

export const met = (row) =>
  row.others === 0 && row.pagesPerSecond >= TARGET_PAGES_PER_SECOND && row.p99 <= TARGET_P99_MS;

/** Both rows on PostgreSQL: { contracts, connections, seconds, rows: [{ path, pagesPerSecond, p99, … }] }. */
export async function runPortfolioPagesBench(options = {}) {
  const serverUrl = options.serverUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const seconds = options.seconds ?? SECONDS;
  existsSync(CLI) || fail('dist/ is missing: run `npm run build` first');
  const { default: autocannon } = await import('autocannon');
  const pglite = options.pglite === true;
  const databaseName = `portico_bench_pages_${process.pid}_${Date.now()}`;
  const admin = pglite ? null : new pg.Client({ connectionString: serverUrl });
  const dataDir = pglite ? mkdtempSync(join(tmpdir(), 'portico-bench-pages-')) : null;
  await admin?.connect();
  await admin?.query(`create database ${databaseName}`);
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${databaseName}`;
  const port = await freePort();
  const host = `portfolio.localhost:${port}`;
  const smtp = await startLoopbackSmtp();
  const { DATA_DIR, DATABASE_URL, ...rest } = process.env;
  const env = {
    ...rest,
    ...(dataDir === null ? { DATABASE_URL: databaseUrl.href, STORAGE_FOLDER_SHARED: 'true' } : { DATA_DIR: dataDir }),
    SECOND_FACTOR_KEY: randomBytes(32).toString('base64url'),
    PORT: String(port),
    PLATFORM_URL: `http://localhost:${port}`,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    API_RATE_LIMIT: '100000',
    SMTP_URL: smtp.url,
  };
  let child = null;
  try {
    cli(['migrate'], env);
    cli(['tenant', 'create', '--slug', 'portfolio', '--name', 'Bench Portfolio Makler GmbH', '--host', host], env);
    const key = cli(['api-key', 'create', '--tenant', 'portfolio', '--name', 'bench'], env).at(-1);
    child = spawn(process.execPath, [...PROFILE_FLAGS, CLI, 'start', '--no-demo'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    await waitReady(port, child);
    await seed(port, host, { authorization: `Bearer ${key}` }, smtp);
    const cookie = await login(port, host);
    const headers = { host, cookie };
    const rows = [];
    for (const path of ['/vertraege', '/']) {
      const probe = await httpRequest(port, { path, headers });
      probe.status === 200 || fail(`GET ${path} answered ${probe.status}`);
      if (path === '/vertraege') {
        (/PF[0-9]{4}/.test(probe.body) && /300 Verträge/.test(probe.body)) ||
          fail('GET /vertraege does not show the seeded contracts');
      }
      log(`GET ${path}: warm-up ${WARMUP_SECONDS} s, then ${seconds} s at ${CONNECTIONS} connections …`);
      await load(autocannon, port, child.pid, path, headers, WARMUP_SECONDS);
      rows.push(await load(autocannon, port, child.pid, path, headers, seconds));
    }
    return {
      database: pglite ? 'PGlite' : 'PostgreSQL',
      contracts: CONTRACTS,
      connections: CONNECTIONS,
      seconds,
      rows,
    };
  } finally {
    if (child !== null && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
    }
    await smtp.close();
    if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
    await admin
      ?.query(`drop database if exists ${databaseName} with (force)`)
      .catch((error) => log(`could not drop ${databaseName}: ${error.message}`));
    await admin?.end();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const result = await runPortfolioPagesBench({ pglite: process.argv.includes('--pglite') });
    console.log(
      `Portfolio pages on ${result.database}: one customer with ${result.contracts} contracts, a policyholder ` +
        `with a grant on it, ${result.connections} connections, ${result.seconds} s each ` +
        `(${cpus().length} cores, Node ${process.version})`,
    );
    for (const row of result.rows) {
      console.log(
        `  GET ${row.path.padEnd(10)} ${Math.round(row.pagesPerSecond)} pages/s, p50 ${row.p50} ms, ` +
          `p99 ${row.p99} ms, Portico CPU ${row.cpuMsPerPage.toFixed(1)} ms/page` +
          `${row.others === 0 ? '' : `, ${row.others} not 200`} (load average ${row.loadAverage.toFixed(2)}) — ` +
          `target ≥ ${TARGET_PAGES_PER_SECOND}/s, p99 ≤ ${TARGET_P99_MS} ms: ${met(row) ? 'met' : 'MISSED'}`,
      );
    }
  } catch (error) {
    log(`bench-portfolio-pages failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
