#!/usr/bin/env node
// Portico's benchmark: `npm run bench`. One run measures, on this machine and loopback only:
//   1. raw argon2id verifications/s (same parameters as the app, N in flight = libuv thread pool size)
//   2. logins/s over HTTP against a real Portico process, as a share of (1)
//   3. GET /login (a tenant's login page) at 50 connections: requests/s and p99 latency
//   4. resident memory (VmRSS) of an idle Portico process after start
//   5. start-to-ready time on existing data (spawn → /readyz 200, second start on the same folder)
// plus diagnostics that take (3) apart at the same load: GET /healthz (framework), GET /readyz (one
// database query), GET /login on the platform host (page without tenant lookup) and without cookie.
// Every measurement has a fixed duration, every wait a time limit; all traffic goes to 127.0.0.1.
// On PostgreSQL also the API's bulk endpoints, a customer's portfolio pages and the documents (35 MB download and
// upload with the server's memory, 100 KB uploads/s, a list of 10,000 documents: scripts/bench-documents.js;
// `--documents` runs only those), and the claim report PDF rendered in this process (scripts/bench-claims-pdf.js;
// `--claims-pdf` runs only that), and the conversations (50 policyholders posting replies and the time until the
// staff inbox lists them, the staff inbox and a person's /nachrichten over 5,000 conversations:
// scripts/bench-conversations.js; `--conversations` runs only those). `--claims` runs only a full claim report with 20
// photos (submit to webhook) and the claim's step pages at 20 reporters through a real server on PGlite
// (scripts/bench-claims.js, about three minutes; with `--postgres` on PostgreSQL; not part of the full run).
// `--data-export` runs only a person's data export of 1,000 documents, 1 GB (scripts/bench-data-export.js, a few
// minutes; not part of the full run). See
// docs/performance.md. `--no-build` skips the freshness check of dist/ (no rebuild).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { runApiBench } from './bench-api.js';
import { claimsDetails, claimsRows, runClaimsBench } from './bench-claims.js';
import { claimsPdfDetail, claimsPdfRow, runClaimsPdfBench } from './bench-claims-pdf.js';
import {
  conversationDetails,
  conversationFloorRows,
  conversationRows,
  runConversationsBench,
} from './bench-conversations.js';
import { documentDetails, documentRows, runDocumentsBench } from './bench-documents.js';
import { dataExportDetail, dataExportRow, runDataExportBench } from './bench-data-export.js';
import {
  CLI,
  MAIL_TIMEOUT_MS,
  PROFILE_FLAGS,
  ROOT,
  fail,
  fmt,
  freePort,
  httpRequest,
  load,
  log,
  logIn,
  machineBusySeconds,
  otherLoadWindow,
  porticoEnv,
  readStatusKb,
  runCli,
  scratchDatabase,
  secondFactorKey,
  setPassword,
  setPasswordLinkOf,
  sleep,
  startLoopbackSmtp,
  stopChild,
  waitReady,
} from './bench-support.js';
import { met as portfolioPageMet, runPortfolioPagesBench } from './bench-portfolio-pages.js';

const FLOOR = join(ROOT, 'scripts', 'bench-login-floor.js');

// ---- Fixed settings of the run -------------------------------------------------------------
const THREAD_POOL_SIZE = Number.parseInt(process.env.UV_THREADPOOL_SIZE ?? '', 10) || 4; // libuv's default is 4
// Raw argon2 is measured with as many in flight as Portico runs at once (one per core) and with the pool full.
const RAW_IN_FLIGHT = [...new Set([availableParallelism(), THREAD_POOL_SIZE])];
const RAW_SECONDS = 8;
const LOGIN_SECONDS = 10;
/** `--login-connections N`: the logins' connections (a single one shows a login's own CPU without queueing). */
const optionAfter = (name) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : Number.parseInt(process.argv[index + 1] ?? '', 10);
};
// By default enough requests waiting that the pool never runs dry.
const LOGIN_CONNECTIONS = optionAfter('--login-connections') || THREAD_POOL_SIZE * 2;
const PAGE_WARMUP_SECONDS = 2;
const PAGE_SECONDS = 10;
const PAGE_CONNECTIONS = 50;
const DIAGNOSTIC_SECONDS = 5;
const IDLE_BEFORE_RSS_MS = 2000;
// Before each measurement, wait at most this long for other processes to go quiet (`--no-wait`: not at all,
// for a machine that is known to stay busy, where only ratios within one run are compared).
const QUIET_WAIT_MS = process.argv.includes('--no-wait') ? 0 : 15_000;
const QUIET_CORES = 0.15;

const TARGETS = {
  loginShare: 0.9, // logins/s ≥ 90 % of raw verifications/s
  pageRps: 5000,
  pageP99Ms: 20,
  idleRssMb: 350, // MiB: VmRSS is in KiB (the kernel writes "kB"), divided by 1024
  restartMs: 1500,
  postgresIdleRssMb: 150, // MiB, as for PGlite
  mailsPerSecond: 300,
  bulkInvitationsPerSecond: 2000,
  syncContractsPerSecond: 5000,
};

const TENANT_SLUG = 'bench';
const USER_EMAIL = 'bench@example.com';
const USER_PASSWORD = 'Kolibri-Segelboot-Tannenzapfen-4711';
/**
 * The logins' accounts, one per connection (Portico's and the floor's alike): a real login load is many people, each
 * logging in once, and the attempt limit exists against guessing on one account. With one account over all
 * connections more logins of it could be under way at once than its free allowance (each reserves an attempt before
 * its password is checked), and those are refused, as they should be. So no login here expects a 401: any answer
 * other than 303 still counts the row as missed.
 */
const LOGIN_EMAILS = Array.from({ length: LOGIN_CONNECTIONS }, (_, index) =>
  index === 0 ? USER_EMAIL : `bench-${index + 1}@example.com`,
);

// ---- Small helpers ---------------------------------------------------------------------------
function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  const cores = (cpuinfo.match(/^processor\s*:/gm) ?? []).length || cpus().length;
  const memKb = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? totalmem() / 1024);
  return {
    model,
    cores,
    memGiB: memKb / 1024 / 1024,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** Which code was measured: the commit, and whether src/ had changes not committed yet. */
function codeVersion() {
  const git = (args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  const head = git(['rev-parse', '--short', 'HEAD']);
  if (head.status !== 0) return 'not a git checkout';
  const dirty = git(['status', '--porcelain', '--', 'src']).stdout.trim() !== '';
  return `commit ${head.stdout.trim()}${dirty ? ' with uncommitted changes in src/' : ''}`;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds when dist/ is missing or older than src/, as `npm test` does, so the figures are of the current code. */
function ensureBuilt() {
  if (process.argv.includes('--no-build')) {
    existsSync(CLI) || fail('dist/ is missing: run `npm run build` first');
    return;
  }
  if (existsSync(CLI) && newestMtime(join(ROOT, 'dist')) >= newestMtime(join(ROOT, 'src'))) {
    return;
  }
  log('Building (dist/ is missing or older than src/) …');
  const result = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  result.status === 0 || fail('the build failed');
}

/**
 * Waits (at most QUIET_WAIT_MS) until the whole machine has been nearly idle for a second, so a
 * measurement does not start while another job (a test suite, a build) is using the cores. Portico
 * is idle at these points, so any CPU time counted here is someone else's. Returns whether it was quiet.
 */
async function waitForQuiet() {
  const deadline = performance.now() + QUIET_WAIT_MS;
  let quietSamples = 0;
  while (performance.now() < deadline) {
    const before = machineBusySeconds();
    await sleep(250);
    quietSamples = (machineBusySeconds() - before) / 0.25 < QUIET_CORES ? quietSamples + 1 : 0;
    if (quietSamples >= 4) return true;
  }
  return false;
}

// ---- Portico process -------------------------------------------------------------------------
/**
 * Portico's environment on `port` with `dataDir`; `extra` adds DATABASE_URL and SMTP_URL for the PostgreSQL rows;
 * without it: embedded database, development mailbox.
 */
const porticoEnvIn = (port, dataDir, extra = {}) => porticoEnv(port, { DATA_DIR: dataDir, ...extra });

function startPortico(port, dataDir, extra = {}) {
  // As `npm start` and the `portico` command run it: V8's helper threads sized to the machine.
  return startServer(
    port,
    'Portico',
    [...PROFILE_FLAGS, CLI, 'start', '--no-demo'],
    porticoEnvIn(port, dataDir, extra),
  );
}

/**
 * The login floor (scripts/bench-login-floor.js) on the same driver as Portico: `{ dataDir }` for PGlite
 * in a folder of its own, `{ databaseUrl }` for PostgreSQL; started with the same Node flags as Portico.
 */
function startFloor(port, target) {
  const args = [FLOOR, '--port', String(port), ...LOGIN_EMAILS.flatMap((email) => ['--email', email])];
  args.push('--password', USER_PASSWORD);
  if (target.databaseUrl === undefined) args.push('--data-dir', target.dataDir);
  else args.push('--database-url', target.databaseUrl);
  const { SMTP_URL, DATABASE_URL, ...env } = process.env;
  return startServer(port, 'the login floor', args, env);
}

async function startServer(port, name, args, env) {
  const startedAt = performance.now();
  const child = spawn(process.execPath, ['--v8-pool-size=0', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.once('exit', (code, signal) => (exited = { code, signal }));
  try {
    await waitReady(port, {
      name,
      host: `localhost:${port}`,
      intervalMs: 10,
      exited: () => (exited === null ? null : `during start (code ${exited.code}, signal ${exited.signal})`),
    });
  } catch (error) {
    child.kill('SIGKILL');
    fail(`${error.message}:\n${output}`);
  }
  return {
    pid: child.pid,
    readyMs: performance.now() - startedAt,
    output: () => output,
    exitedWith: () => exited,
    stop: () => stopChild(child),
  };
}

/** `portico <args>` on the data of the Portico process on `port`. */
const cliOn = (port, dataDir, args, extra = {}) => runCli(args, porticoEnvIn(port, dataDir, extra), 30_000);

// ---- Measurements ----------------------------------------------------------------------------
/**
 * The most verifications/s the machine does with nothing else running: measured with one in flight
 * per core (how many Portico itself runs at once) and with the thread pool full, the higher counts.
 */
async function measureRawVerify(parameters) {
  const { hash, verify } = await import('@node-rs/argon2');
  const options = { algorithm: 2 /* Argon2id */, ...parameters };
  const stored = await hash(USER_PASSWORD, options);
  const runs = [];
  for (const inFlight of RAW_IN_FLIGHT) {
    // Warm-up: one round so the pool's threads exist and the memory is mapped.
    await Promise.all(Array.from({ length: inFlight }, () => verify(stored, USER_PASSWORD)));
    let completed = 0;
    const otherLoad = otherLoadWindow(null);
    const startedAt = performance.now();
    const endAt = startedAt + RAW_SECONDS * 1000;
    const worker = async () => {
      while (performance.now() < endAt) {
        (await verify(stored, USER_PASSWORD)) || fail('argon2 verify returned false');
        completed += 1;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    const seconds = (performance.now() - startedAt) / 1000;
    runs.push({
      inFlight,
      perSecond: completed / seconds,
      completed,
      seconds,
      msEach: (seconds * 1000 * inFlight) / completed,
      otherCores: otherLoad(),
    });
  }
  const best = runs.reduce((top, run) => (run.perSecond > top.perSecond ? run : top));
  return { ...best, runs, otherCores: Math.max(...runs.map((run) => run.otherCores)) };
}

/**
 * Creates the tenant and an invitation for each of `emails` through the CLI, reads each link from its mail, sets the
 * passwords.
 */
async function setUpBenchUser(
  port,
  dataDir,
  { extra = {}, readLink = readLinkFromDevMailbox, emails = [USER_EMAIL] } = {},
) {
  const tenantHost = `bench.localhost:${port}`;
  await cliOn(
    port,
    dataDir,
    ['tenant', 'create', '--slug', TENANT_SLUG, '--name', 'Bench Makler GmbH', '--host', tenantHost],
    extra,
  );
  for (const [index, email] of emails.entries()) {
    await cliOn(
      port,
      dataDir,
      [
        'invite',
        '--tenant',
        TENANT_SLUG,
        '--email',
        email,
        '--name',
        `Bench User ${index + 1}`,
        '--kind',
        'policyholder',
      ],
      extra,
    );
  }
  for (const email of emails) {
    const token =
      (await readLink(port, setPasswordLinkOf(tenantHost), email)) ??
      fail(`no invitation mail to ${email} with a set-password link within ${MAIL_TIMEOUT_MS} ms`);
    await setPassword(port, tenantHost, token, USER_PASSWORD);
  }
  return { tenantHost };
}

/** The development mailbox of the running process (`/_dev/mail`), polled until the invitation to `address` is there. */
async function readLinkFromDevMailbox(port, linkPattern, address = USER_EMAIL) {
  const platformHost = `localhost:${port}`;
  const deadline = performance.now() + MAIL_TIMEOUT_MS;
  while (performance.now() < deadline) {
    const list = await httpRequest(port, { path: '/_dev/mail', host: platformHost });
    const ids = [...list.body.matchAll(/href="\/_dev\/mail\/([0-9a-f-]{36})"/g)].map((match) => match[1]);
    for (const id of ids) {
      const detail = await httpRequest(port, { path: `/_dev/mail/${id}`, host: platformHost });
      const token = detail.body.includes(address) ? linkPattern.exec(detail.body)?.[1] : undefined;
      if (token !== undefined) return token;
    }
    await sleep(200);
  }
  return null;
}

/** POST /login with LOGIN_CONNECTIONS connections for LOGIN_SECONDS against the server process `pid`. */
const loadLogins = (autocannon, port, pid, loginRequest) =>
  load(autocannon, port, pid, {
    path: '/login',
    seconds: LOGIN_SECONDS,
    connections: LOGIN_CONNECTIONS,
    ...loginRequest,
  });

/**
 * A browser-like session on the tenant host for each of LOGIN_EMAILS: its CSRF cookie and form token, and a first
 * login that must answer 303. Each connection of the load sends the login of one account with that account's pair,
 * again and again, as one browser tab would (the connections take the accounts in turn, so with two processes each
 * account is logged in on both at once: two attempts under way, within its allowance). `cookie`: the first account's
 * CSRF cookie, for the GET /login measurement.
 */
async function loginRequestFor(port, tenantHost) {
  const browsers = [];
  for (const email of LOGIN_EMAILS) browsers.push(await logIn(port, tenantHost, email, USER_PASSWORD));
  let next = 0;
  const { method, headers, body } = browsers[0].loginRequest;
  const loginRequest = {
    method,
    headers,
    body,
    setupClient(client) {
      const own = browsers[next % browsers.length].loginRequest;
      next += 1;
      client.setHeadersAndBody(own.headers, own.body);
    },
  };
  return { cookie: browsers[0].cookie, loginRequest };
}

// ---- The login floor ---------------------------------------------------------------------------
/**
 * Logins/s of the floor server (scripts/bench-login-floor.js) under the same load as Portico's logins: on
 * PGlite in a data folder of its own, on PostgreSQL in a database of its own (created and dropped here).
 * Portico is stopped while it runs.
 */
async function measureFloor(autocannon, quiet, kind) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'portico-bench-floor-'));
  let database = null;
  let floor = null;
  try {
    if (kind === 'postgres') database = await scratchDatabase(PG_ADMIN_URL, 'portico_bench_floor');
    floor = await startFloor(port, database === null ? { dataDir } : { databaseUrl: database.url });
    const { loginRequest } = await loginRequestFor(port, `floor.localhost:${port}`);
    await quiet(`login floor (${kind})`);
    return await loadLogins(autocannon, port, floor.pid, loginRequest);
  } finally {
    await floor?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---- PostgreSQL rows -------------------------------------------------------------------------
const PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const MAIL_COUNT = 2000;
const MAIL_WAIT_MS = 60_000;

/**
 * Commits MAIL_COUNT invitation-sized mails in one statement, as a burst of changes would, and times their delivery.
 */
async function measureMailDelivery(pgClient, smtp) {
  smtp.reset();
  const text = 'Guten Tag, Sie wurden eingeladen. '.repeat(25);
  const html = `<p>${text}</p>`.repeat(2);
  const committedAt = performance.now();
  await pgClient.query(
    `insert into outbox (kind, from_name, to_address, subject, text_body, html_body, message_id)
     select 'invitation', 'Bench Makler GmbH', 'mail-' || n || '@example.com', 'Ihr Zugang', $1, $2, '<bench-' || n ||
       '-' || md5(random()::text) || '@bench.invalid>'
     from generate_series(1, ${MAIL_COUNT}) as n`,
    [text, html],
  );
  const deadline = committedAt + MAIL_WAIT_MS;
  while (smtp.state.received < MAIL_COUNT && performance.now() < deadline) await sleep(20);
  const { received, firstAt, lastAt } = smtp.state;
  const seconds = firstAt === null || lastAt === firstAt ? NaN : (lastAt - firstAt) / 1000;
  return {
    received,
    perSecond: (received - 1) / seconds,
    seconds,
    toFirstMs: firstAt === null ? NaN : firstAt - committedAt,
    totalMs: lastAt === null ? NaN : lastAt - committedAt,
  };
}

/**
 * The same measurements on PostgreSQL (127.0.0.1:5432, user postgres) in a database created for this
 * run and dropped afterwards; null with a reason when no server answers.
 */
async function measurePostgres({ autocannon, quiet }) {
  let database;
  try {
    database = await scratchDatabase(PG_ADMIN_URL, 'portico_bench');
  } catch (error) {
    if (error.unreachable !== true) throw error;
    return {
      skipped:
        `no PostgreSQL server answered on 127.0.0.1:5432 as user postgres ` +
        `(${error instanceof Error ? error.message : String(error)})`,
    };
  }
  const smtp = await startLoopbackSmtp(LOGIN_EMAILS);
  // A server database needs the second-factor key from the environment; a fresh one per run.
  const extra = { DATABASE_URL: database.url, SMTP_URL: smtp.url, SECOND_FACTOR_KEY: secondFactorKey() };
  // unused on PostgreSQL, but DATA_DIR must not point at the PGlite run's folder
  const dataDir = mkdtempSync(join(tmpdir(), 'portico-bench-pg-'));
  const [port, secondPort] = [await freePort(), await freePort()];
  const processes = [];
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: database.url });
  try {
    log('[PostgreSQL 1/5] First start on an empty database, tenant, invitation (over SMTP), password …');
    processes.push(await startPortico(port, dataDir, extra));
    const firstStartMs = processes[0].readyMs;
    const { tenantHost } = await setUpBenchUser(port, dataDir, {
      extra,
      readLink: smtp.readLink,
      emails: LOGIN_EMAILS,
    });
    await processes.pop().stop();

    log('[PostgreSQL 2/5] Second start on the same database, idle, memory …');
    await quiet('PostgreSQL second start');
    const first = await startPortico(port, dataDir, extra);
    processes.push(first);
    await sleep(IDLE_BEFORE_RSS_MS);
    const idleRssMb = readStatusKb(first.pid, 'VmRSS') / 1024;
    const { loginRequest } = await loginRequestFor(port, tenantHost);

    log(`[PostgreSQL 3/5] POST /login on one process, ${LOGIN_CONNECTIONS} connections, ${LOGIN_SECONDS} s …`);
    await quiet('PostgreSQL logins, one process');
    const one = await loadLogins(autocannon, port, first.pid, loginRequest);

    log(`[PostgreSQL 4/5] POST /login on two processes, ${LOGIN_CONNECTIONS} connections each, ${LOGIN_SECONDS} s …`);
    const second = await startPortico(secondPort, dataDir, extra);
    processes.push(second);
    await quiet('PostgreSQL logins, two processes');
    // The tenant host names the first port; the second process serves it too, as behind a load balancer.
    const two = await Promise.all([
      loadLogins(autocannon, port, first.pid, loginRequest),
      loadLogins(autocannon, secondPort, second.pid, loginRequest),
    ]);
    await processes.pop().stop();

    log(
      `[PostgreSQL 5/5] ${MAIL_COUNT} mails committed at once, delivered by one process to the SMTP server ` +
        `in this process …`,
    );
    await client.connect();
    await quiet('PostgreSQL mails');
    const mail = await measureMailDelivery(client, smtp);
    return { firstStartMs, restartMs: first.readyMs, idleRssMb, one, two, mail };
  } finally {
    await client.end().catch(() => undefined);
    for (const running of processes) await running.stop();
    await smtp.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---- Report ----------------------------------------------------------------------------------
function verdict(ok) {
  return ok ? 'met' : '**missed**';
}

/**
 * A login row: met when the share of the floor is reached and every answer was a 303. The answers that were not are
 * named: with one account per connection no login is refused by the attempt limit, so any of them is an error.
 */
function loginVerdict(floorShare, run) {
  const others = run.others('303');
  return `${verdict(floorShare >= TARGETS.loginShare && others === 0)}${others > 0 ? ` (${others} not 303)` : ''}`;
}

/** Rows 6–10; when PostgreSQL was not measured they say why instead of a figure. */
function postgresRows(postgres, raw) {
  const skipped = postgres.skipped === undefined ? null : 'skipped (see below)';
  const floorShare = skipped === null ? perSecond(postgres.one) / perSecond(postgres.floor) : NaN;
  const loginShare =
    skipped ??
    `${fmt(perSecond(postgres.one), 1)} /s = **${fmt(floorShare * 100, 1)} % of (6f)**, ` +
      `${fmt((perSecond(postgres.one) / raw.perSecond) * 100, 1)} % of (1)`;
  const twoPerSecond = skipped === null ? postgres.two.reduce((sum, run) => sum + perSecond(run), 0) : NaN;
  return [
    [
      `6f. Login floor on PostgreSQL (as 2f, node-postgres; ${LOGIN_CONNECTIONS} connections)`,
      skipped ??
        `${fmt(perSecond(postgres.floor), 1)} /s = ` +
          `${fmt((perSecond(postgres.floor) / raw.perSecond) * 100, 1)} % of (1)`,
      'reference',
      skipped || postgres.floor.others('303') === 0 ? '—' : '**errors**',
    ],
    [
      `6. Logins/s on PostgreSQL, one process (${LOGIN_CONNECTIONS} connections)`,
      loginShare,
      `≥ ${TARGETS.loginShare * 100} % of (6f)`,
      skipped ? '—' : loginVerdict(floorShare, postgres.one),
    ],
    [
      `7. Logins/s on PostgreSQL, two processes (${LOGIN_CONNECTIONS} connections each)`,
      skipped ?? `${fmt(twoPerSecond, 1)} /s = ${fmt(twoPerSecond / perSecond(postgres.one), 2)} × one process`,
      'grows with processes',
      skipped ? '—' : postgres.two.every((run) => run.others('303') === 0) ? 'measured' : '**errors**',
    ],
    [
      `8. RSS idle after start on PostgreSQL (VmRSS, ${IDLE_BEFORE_RSS_MS / 1000} s idle)`,
      skipped ?? `${fmt(postgres.idleRssMb, 1)} MiB (${fmt((postgres.idleRssMb * 1048576) / 1e6)} MB)`,
      `≤ ${TARGETS.postgresIdleRssMb} MiB`,
      skipped ? '—' : verdict(postgres.idleRssMb <= TARGETS.postgresIdleRssMb),
    ],
    [
      `9. Mails/s to a loopback SMTP server (PostgreSQL, one process, ${MAIL_COUNT} mails)`,
      skipped ?? `${fmt(postgres.mail.perSecond)} /s`,
      `≥ ${TARGETS.mailsPerSecond} /s`,
      skipped
        ? '—'
        : verdict(postgres.mail.received === MAIL_COUNT && postgres.mail.perSecond >= TARGETS.mailsPerSecond),
    ],
    [
      `10. Bulk invitations/s into PostgreSQL (POST /api/v1/invitations/bulk, ` +
        `${
          skipped
            ? ''
            : `${fmt(postgres.bulk.accepted)} in batches of ${postgres.bulk.batchSize}, ` +
              `${postgres.bulk.concurrency} at a time`
        })`,
      skipped ?? `${fmt(postgres.bulk.perSecond)} /s`,
      `≥ ${fmt(TARGETS.bulkInvitationsPerSecond)} /s`,
      skipped
        ? '—'
        : verdict(postgres.bulk.failed === 0 && postgres.bulk.perSecond >= TARGETS.bulkInvitationsPerSecond),
    ],
    [
      `11. Portfolio sync into PostgreSQL (POST /api/v1/portfolio/sync, ` +
        `${skipped ? '' : `${fmt(postgres.bulk.sync.written)} contracts in batches of 1000, inserted then updated`})`,
      skipped ?? `${fmt(postgres.bulk.sync.perSecond)} /s`,
      `≥ ${fmt(TARGETS.syncContractsPerSecond)} /s`,
      skipped
        ? '—'
        : verdict(postgres.bulk.sync.failed === 0 && postgres.bulk.sync.perSecond >= TARGETS.syncContractsPerSecond),
    ],
    ...['/vertraege', '/'].map((path, index) => {
      const row = skipped ? null : postgres.pages.rows.find((candidate) => candidate.path === path);
      return [
        `${12 + index}. GET ${path} of a customer's policyholder on PostgreSQL (300 contracts, 20 connections)`,
        row === null ? skipped : `${fmt(row.pagesPerSecond)} pages/s, p99 ${fmt(row.p99)} ms`,
        '≥ 1,000 pages/s, p99 ≤ 50 ms',
        row === null ? '—' : verdict(portfolioPageMet(row)),
      ];
    }),
    ...documentsRows(postgres),
  ];
}

/** Rows 14–18, the documents (scripts/bench-documents.js); numbered, or skipped with the PostgreSQL rows. */
function documentsRows(postgres) {
  const skipped = [
    ['Download of a 35 MB PDF from the folder store', '≥ 200 MB/s'],
    ['Server memory rise during 10 downloads of it at once', '≤ 20 MB'],
    ['Server memory rise during a 35 MB upload', '≤ 20 MB'],
    ['Uploads/s of 100 KB documents through the API on PostgreSQL', '≥ 100 /s'],
    ['GET /dokumente, a customer with 10,000 documents, on PostgreSQL (20 connections)', 'p99 ≤ 50 ms'],
  ];
  const rows =
    postgres.skipped === undefined
      ? documentRows(postgres.documents)
      : skipped.map(([name, target]) => [name, 'skipped (see below)', target, '—']);
  return rows.map(([name, ...rest], index) => [`${14 + index}. ${name}`, ...rest]);
}

/** Rows 21–24, the conversations (scripts/bench-conversations.js); numbered, or skipped with the PostgreSQL rows. */
function conversationsRows(postgres) {
  const skipped = [
    ['Replies posted by 50 policyholders at once on PostgreSQL', 'p99 ≤ 50 ms'],
    ['Reply posted until listed in the staff inbox (50 writers)', 'p99 ≤ 50 ms'],
    ['GET /admin/nachrichten?ansicht=all of a staff member, 5,000 conversations (20 connections)', 'p99 ≤ 50 ms'],
    ['GET /nachrichten of a policyholder who sees 5,000 conversations (20 connections)', 'p99 ≤ 50 ms'],
  ];
  const rows =
    postgres.skipped === undefined
      ? conversationRows(postgres.conversations)
      : skipped.map(([name, target]) => [name, 'skipped (see below)', target, '—']);
  return [
    ...rows.map(([name, ...rest], index) => [`${21 + index}. ${name}`, ...rest]),
    ...(postgres.skipped === undefined ? conversationFloorRows(postgres.conversations) : []),
  ];
}

function perSecond(run) {
  return run.statusCount('303') / run.seconds;
}

/** One line on a floor run (or a Portico login run): rate, codes, latency, CPU per login and the load average. */
function floorDetail(name, run) {
  const logins = Math.max(1, run.statusCount('303'));
  return (
    `- login floor on ${name}: ${fmt(perSecond(run), 1)} /s, codes ${JSON.stringify(run.codes)}, errors ` +
    `${run.errors}; p50 ${fmt(run.p50)} ms, p99 ${fmt(run.p99)} ms; CPU ` +
    `${fmt((run.porticoCpuSeconds / run.seconds) * 100)} %, per login ` +
    `${fmt((run.mainThreadCpuSeconds / logins) * 1000, 1)} ms on the main thread and ` +
    `${fmt(((run.porticoCpuSeconds - run.mainThreadCpuSeconds) / logins) * 1000, 1)} ms on other threads; load ` +
    `average ${fmt(run.loadAverage, 2)}`
  );
}

function postgresDetails(postgres, host) {
  if (postgres.skipped !== undefined) {
    return [`- PostgreSQL rows 6–18 and 21–24 skipped: ${postgres.skipped}`];
  }
  const { one, two, mail } = postgres;
  const cpu = (run) =>
    `Portico CPU ${fmt((run.porticoCpuSeconds / run.seconds) * 100)} %, main thread ` +
    `${fmt((run.mainThreadCpuSeconds / run.seconds) * 100)} %`;
  const perLogin = (run) => fmt((run.mainThreadCpuSeconds / Math.max(1, run.statusCount('303'))) * 1000, 1);
  return [
    floorDetail('PostgreSQL', postgres.floor),
    `- PostgreSQL logins, one process: codes ${JSON.stringify(one.codes)}, errors ${one.errors}, timeouts ` +
      `${one.timeouts}; p50 ${fmt(one.p50)} ms, p99 ${fmt(one.p99)} ms; ${cpu(one)}; ${perLogin(one)} ms ` +
      `main-thread CPU per login; load average ${fmt(one.loadAverage, 2)}; the PostgreSQL server's CPU counts ` +
      `as "other processes" here (${fmt(one.otherCores, 2)} cores)`,
    ...two.map(
      (run, index) =>
        `- PostgreSQL logins, process ${index + 1} of 2: ${fmt(perSecond(run), 1)} /s, codes ` +
        `${JSON.stringify(run.codes)}, errors ${run.errors}; p50 ${fmt(run.p50)} ms, p99 ${fmt(run.p99)} ms; ` +
        `${cpu(run)}`,
    ),
    `- both processes share the machine's ${host.cores} cores with the PostgreSQL server and the load ` +
      `generator, so on one machine the second process mostly adds argon2 threads competing for the same cores`,
    `- mails: ${mail.received} of ${MAIL_COUNT} received; first mail ${fmt(mail.toFirstMs)} ms after the ` +
      `commit (the worker polls every second), all ${fmt(mail.totalMs)} ms after it; rate measured from the ` +
      `first to the last mail (${fmt(mail.seconds, 2)} s)`,
    `- PostgreSQL starts: first on an empty database ${fmt(postgres.firstStartMs)} ms (migrations), then ` +
      `${fmt(postgres.restartMs)} ms on existing data`,
    ...postgres.pages.rows
      .filter((row) => row.isDecided === true)
      .map(
        (row) =>
          `- GET ${row.path}, rows 12 and 13 decided on every request: ${fmt(row.pagesPerSecond)} pages/s, ` +
          `p50 ${fmt(row.p50)} ms, p99 ${fmt(row.p99)} ms; Portico CPU ${fmt(row.cpuMsPerPage, 1)} ms per page, the ` +
          `database's backends ${fmt(row.databaseCpuMsPerPage, 1)} ms`,
      ),
    ...documentDetails(postgres.documents),
    ...conversationDetails(postgres.conversations),
  ];
}

/**
 * `--documents`: only the documents' rows (scripts/bench-documents.js, about a minute) on PostgreSQL, as a table of
 * their own.
 */
async function mainDocuments(quiet) {
  await quiet('documents');
  const result = await runDocumentsBench({ serverUrl: PG_ADMIN_URL });
  const out = [
    '',
    `Portico documents on PostgreSQL with the folder store, ${new Date().toISOString().slice(0, 16)} UTC, ` +
      `${codeVersion()}; load average at the end ${fmt(loadavg()[0], 2)}`,
    '',
    '| Measure | Result | Target | |',
    '| --- | --- | --- | --- |',
    ...documentRows(result).map((row, index) => `| ${14 + index}. ${row.join(' | ')} |`),
    '',
    ...documentDetails(result),
    '',
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

/**
 * `--conversations`: only the conversations' rows (scripts/bench-conversations.js, about a minute and a half) on
 * PostgreSQL, as a table of their own.
 */
async function mainConversations(quiet) {
  await quiet('conversations');
  const result = await runConversationsBench({ serverUrl: PG_ADMIN_URL });
  const out = [
    '',
    `Portico conversations on PostgreSQL, ${new Date().toISOString().slice(0, 16)} UTC, ${codeVersion()}; load ` +
      `average at the end ${fmt(loadavg()[0], 2)}`,
    '',
    '| Measure | Result | Target | |',
    '| --- | --- | --- | --- |',
    ...conversationRows(result).map((row, index) => `| ${21 + index}. ${row.join(' | ')} |`),
    ...conversationFloorRows(result).map((row) => `| ${row.join(' | ')} |`),
    '',
    ...conversationDetails(result),
    '',
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

/**
 * `--logins`: only the logins and their floors (about a minute), to compare ratios on a busy machine:
 * Portico on PGlite, the floor on PGlite, Portico on PostgreSQL, the floor on PostgreSQL, one after another.
 * `--rounds N`: that sequence N times over, each round's rows and then, per database, all rounds as one (the logins
 * of all rounds over all their seconds, Portico's and the floor's alike): a ratio that single runs move by several
 * points is then measured over N pairs that alternate, so a drift of the machine's speed falls on both sides.
 */
async function mainLogins(autocannon, quiet) {
  const roundsIndex = process.argv.indexOf('--rounds');
  const rounds = roundsIndex === -1 ? 1 : Number.parseInt(process.argv[roundsIndex + 1] ?? '', 10);
  (Number.isInteger(rounds) && rounds >= 1) || fail('--rounds takes a number of rounds, 1 or more');
  const rows = [];
  const measure = async (name, kind, start) => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'portico-bench-logins-'));
    let portico = null;
    try {
      const { extra, readLink, close } = await start();
      try {
        portico = await startPortico(port, dataDir, extra);
        const { tenantHost } = await setUpBenchUser(port, dataDir, { extra, readLink, emails: LOGIN_EMAILS });
        const { loginRequest } = await loginRequestFor(port, tenantHost);
        await quiet(name);
        log(`${name}: POST /login, ${LOGIN_CONNECTIONS} connections, ${LOGIN_SECONDS} s …`);
        const login = await loadLogins(autocannon, port, portico.pid, loginRequest);
        await portico.stop();
        log(`${name}: the floor on the same driver …`);
        const floor = await measureFloor(autocannon, quiet, kind);
        rows.push({ name, kind, login, floor });
      } finally {
        await portico?.stop();
        await close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
  for (let round = 1; round <= rounds; round += 1) {
    const suffix = rounds === 1 ? '' : `, round ${round}`;
    await measure(`PGlite${suffix}`, 'pglite', async () => ({
      extra: {},
      readLink: readLinkFromDevMailbox,
      close: async () => {},
    }));
    if (process.argv.includes('--no-postgres')) continue;
    await measure(`PostgreSQL${suffix}`, 'postgres', async () => {
      const database = await scratchDatabase(PG_ADMIN_URL, 'portico_bench');
      const smtp = await startLoopbackSmtp(LOGIN_EMAILS);
      return {
        extra: { DATABASE_URL: database.url, SMTP_URL: smtp.url, SECOND_FACTOR_KEY: secondFactorKey() },
        readLink: smtp.readLink,
        async close() {
          await smtp.close();
          await database.drop();
        },
      };
    });
  }
  if (rounds > 1) {
    for (const [name, kind] of [
      ['PGlite', 'pglite'],
      ['PostgreSQL', 'postgres'],
    ]) {
      const ofKind = rows.filter((row) => row.kind === kind);
      if (ofKind.length === 0) continue;
      rows.push({
        name: `${name}, ${rounds} rounds in all`,
        kind,
        login: runsTogether(ofKind.map((row) => row.login)),
        floor: runsTogether(ofKind.map((row) => row.floor)),
      });
    }
  }
  const out = [
    '',
    `Portico logins against the floor, ${new Date().toISOString().slice(0, 16)} UTC, ${codeVersion()}`,
    '',
  ];
  // CPU per login says more than logins/s on a busy machine: the load takes cores away from both servers,
  // but how much CPU one login needs changes less. Floor CPU ÷ Portico CPU is the share a CPU-bound machine allows.
  const cpuPerLogin = (run) => (run.porticoCpuSeconds / Math.max(1, run.statusCount('303'))) * 1000;
  out.push(
    '| Database | Portico logins/s | floor logins/s | Portico ÷ floor | CPU per login Portico / floor | ' +
      'floor CPU ÷ Portico CPU | load average (Portico / floor) |',
  );
  out.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const { name, login, floor } of rows) {
    const errors = login.others('303') + floor.others('303');
    out.push(
      `| ${name} | ${fmt(perSecond(login), 1)} | ${fmt(perSecond(floor), 1)} | ` +
        `**${fmt((perSecond(login) / perSecond(floor)) * 100, 1)} ` +
        `%**${errors > 0 ? ` (${errors} not 303)` : ''} | ${fmt(cpuPerLogin(login), 1)} / ` +
        `${fmt(cpuPerLogin(floor), 1)} ms | ${fmt((cpuPerLogin(floor) / cpuPerLogin(login)) * 100, 1)} % | ` +
        `${fmt(login.loadAverage, 2)} / ${fmt(floor.loadAverage, 2)} |`,
    );
  }
  out.push('');
  for (const { name, login, floor } of rows) {
    const logins = Math.max(1, login.statusCount('303'));
    out.push(
      `- Portico on ${name}: codes ${JSON.stringify(login.codes)}, p50 ${fmt(login.p50)} ms, p99 ` +
        `${fmt(login.p99)} ms; per login ${fmt((login.mainThreadCpuSeconds / logins) * 1000, 1)} ms on the ` +
        `main thread and ${fmt(((login.porticoCpuSeconds - login.mainThreadCpuSeconds) / logins) * 1000, 1)} ` +
        `ms on other threads; other processes ${fmt(login.otherCores, 2)} cores`,
    );
    out.push(`${floorDetail(name, floor)}; other processes ${fmt(floor.otherCores, 2)} cores`);
  }
  // One account per connection: no login is refused by its attempt limit, so any other answer than 303 is an error,
  // and the row counts as missed (as in the full run), whatever its share of the floor.
  for (const { name, login, floor } of rows) {
    for (const [who, run] of [
      ['Portico', login],
      ['the floor', floor],
    ]) {
      if (run.others('303') > 0) {
        out.push(
          `- **missed on ${name}**: ${run.others('303')} answers of ${who} were not 303 (codes ` +
            `${JSON.stringify(run.codes)}, errors ${run.errors}, timeouts ${run.timeouts})`,
        );
      }
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

/**
 * Several load runs as one: their logins and seconds added (so the rate is all logins over all the time measured), the
 * CPU added, the latencies the median of the runs' own, the load and the other processes' cores their mean.
 */
function runsTogether(runs) {
  const sum = (of) => runs.reduce((total, run) => total + of(run), 0);
  const median = (of) => {
    const values = runs.map(of).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)];
  };
  const codes = {};
  for (const run of runs) {
    for (const [code, count] of Object.entries(run.codes)) codes[code] = (codes[code] ?? 0) + count;
  }
  return {
    loadAverage: sum((run) => run.loadAverage) / runs.length,
    seconds: sum((run) => run.seconds),
    statusCount: (code) => sum((run) => run.statusCount(code)),
    total: sum((run) => run.total),
    others: (expected) => sum((run) => run.others(expected)),
    errors: sum((run) => run.errors),
    timeouts: sum((run) => run.timeouts),
    codes,
    p50: median((run) => run.p50),
    p99: median((run) => run.p99),
    porticoCpuSeconds: sum((run) => run.porticoCpuSeconds),
    mainThreadCpuSeconds: sum((run) => run.mainThreadCpuSeconds),
    benchCpuSeconds: sum((run) => run.benchCpuSeconds),
    otherCores: sum((run) => run.otherCores) / runs.length,
  };
}

async function main() {
  ensureBuilt();
  const { default: autocannon } = await import('autocannon').catch(() =>
    fail('autocannon is missing: run `npm install`'),
  );
  const { OWASP_ARGON2_PARAMETERS } = await import('../dist/modules/credentials/password-hasher.js');
  const host = machine();
  log(`Machine: ${host.model}, ${host.cores} cores, ${fmt(host.memGiB, 1)} GiB, Node ${host.node}`);
  log(
    `argon2id m=${OWASP_ARGON2_PARAMETERS.memoryCost} KiB, t=${OWASP_ARGON2_PARAMETERS.timeCost}, ` +
      `p=${OWASP_ARGON2_PARAMETERS.parallelism}; libuv thread pool ${THREAD_POOL_SIZE}`,
  );

  const notQuiet = [];
  const quiet = async (name) => {
    if (!(await waitForQuiet())) {
      notQuiet.push(name);
      log(`  (the machine was still busy after ${QUIET_WAIT_MS / 1000} s of waiting; measuring ${name} anyway)`);
    }
  };
  if (process.argv.includes('--logins')) {
    await mainLogins(autocannon, quiet);
    return;
  }
  if (process.argv.includes('--documents')) {
    await mainDocuments(quiet);
    return;
  }
  if (process.argv.includes('--conversations')) {
    await mainConversations(quiet);
    return;
  }
  if (process.argv.includes('--data-export')) {
    await quiet('data export');
    const result = await runDataExportBench({ serverUrl: PG_ADMIN_URL });
    process.stdout.write(
      `\n| Measure | Result | Target | |\n| --- | --- | --- | --- |\n| ${dataExportRow(result).join(' | ')} |\n\n` +
        `${dataExportDetail(result)}\n`,
    );
    return;
  }
  if (process.argv.includes('--claims')) {
    await quiet('claims');
    const result = await runClaimsBench({ postgres: process.argv.includes('--postgres'), serverUrl: PG_ADMIN_URL });
    const rows = claimsRows(result).map((row) => `| ${row.join(' | ')} |`);
    process.stdout.write(
      `\nClaims on ${result.database}, ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC, ` +
        `${codeVersion()}, load average ${fmt(loadavg()[0], 2)}\n\n` +
        `| Measure | Result | Target | |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n\n${claimsDetails(result)}\n`,
    );
    return;
  }
  if (process.argv.includes('--claims-pdf')) {
    await quiet('claim report PDF');
    const result = await runClaimsPdfBench();
    process.stdout.write(
      `\n| Measure | Result | Target | |\n| --- | --- | --- | --- |\n| ${claimsPdfRow(result).join(' | ')} |\n\n` +
        `${claimsPdfDetail(result)}\n`,
    );
    return;
  }

  log(`[1/6] Raw argon2id verify, ${RAW_IN_FLIGHT.join(' and ')} in flight, ${RAW_SECONDS} s each …`);
  await quiet('raw verify');
  const raw = await measureRawVerify(OWASP_ARGON2_PARAMETERS);
  // Row 19: the claim report PDF, rendered in this process while no server runs (scripts/bench-claims-pdf.js).
  log('Claim report PDF of a typical full claim, rendered in this process …');
  await quiet('claim report PDF');
  const claimsPdf = await runClaimsPdfBench();

  const dataDir = mkdtempSync(join(tmpdir(), 'portico-bench-'));
  const port = await freePort();
  let portico = null;
  try {
    log('[2/6] First start on an empty data folder, tenant, invitation, password …');
    portico = await startPortico(port, dataDir);
    const firstStartMs = portico.readyMs;
    const { tenantHost } = await setUpBenchUser(port, dataDir, { emails: LOGIN_EMAILS });
    await portico.stop();

    log('[3/6] Second start on the same data, idle, memory …');
    await quiet('second start');
    portico = await startPortico(port, dataDir);
    const restartMs = portico.readyMs;
    await sleep(IDLE_BEFORE_RSS_MS);
    const idleRssMb = readStatusKb(portico.pid, 'VmRSS') / 1024;
    // The start command prints how long it took from its own start (after Node and the modules loaded).
    const inProcessStartMs = Number(/Portico is ready \((\d+) ms\)/.exec(portico.output())?.[1] ?? NaN);

    const { cookie, loginRequest } = await loginRequestFor(port, tenantHost);

    log(`[4/6] POST /login, ${LOGIN_CONNECTIONS} connections, ${LOGIN_SECONDS} s …`);
    await quiet('logins');
    const login = await loadLogins(autocannon, port, portico.pid, loginRequest);
    const loginsPerSecond = login.statusCount('303') / login.seconds;

    log(`[5/6] GET /login, ${PAGE_CONNECTIONS} connections, ${PAGE_WARMUP_SECONDS} s warm-up + ${PAGE_SECONDS} s …`);
    const pageHeaders = { host: tenantHost, cookie };
    await quiet('GET /login');
    await load(autocannon, port, portico.pid, {
      path: '/login',
      seconds: PAGE_WARMUP_SECONDS,
      connections: PAGE_CONNECTIONS,
      headers: pageHeaders,
    });
    const page = await load(autocannon, port, portico.pid, {
      path: '/login',
      seconds: PAGE_SECONDS,
      connections: PAGE_CONNECTIONS,
      headers: pageHeaders,
    });
    const pageRps = page.statusCount('200') / page.seconds;

    log(
      `[6/6] Diagnostics at ${PAGE_CONNECTIONS} connections, ${DIAGNOSTIC_SECONDS} s each: /healthz, ` +
        `/readyz, platform /login, tenant /login without cookie …`,
    );
    const diagnose = async (path, headers) => {
      await quiet(`diagnostic ${path}`);
      return load(autocannon, port, portico.pid, {
        path,
        seconds: DIAGNOSTIC_SECONDS,
        connections: PAGE_CONNECTIONS,
        headers,
      });
    };
    const diagnostics = [
      [
        'GET /healthz (framework only: JSON, no database, no middleware after it)',
        await diagnose('/healthz', { host: tenantHost }),
      ],
      ["GET /readyz (framework + one PGlite query, 'select 1')", await diagnose('/readyz', { host: tenantHost })],
      [
        'GET /login on the platform host (the whole middleware chain and the page, no tenant query)',
        await diagnose('/login', { host: `localhost:${port}`, cookie }),
      ],
      [
        'GET /login on the tenant host without cookie (first visit: sets the CSRF cookie)',
        await diagnose('/login', { host: tenantHost }),
      ],
    ];
    const afterLoadRssMb = readStatusKb(portico.pid, 'VmRSS') / 1024;
    const peakRssMb = readStatusKb(portico.pid, 'VmHWM') / 1024;
    await portico.stop();

    log(`Login floor on PGlite (scripts/bench-login-floor.js), ${LOGIN_CONNECTIONS} connections, ${LOGIN_SECONDS} s …`);
    const floor = await measureFloor(autocannon, quiet, 'pglite');

    const postgres = process.argv.includes('--no-postgres')
      ? { skipped: 'left out with --no-postgres' }
      : await measurePostgres({ autocannon, quiet });
    // Row 10: the API's bulk endpoint into a database of its own (scripts/bench-api.js), when PostgreSQL answered
    // above.
    if (postgres.skipped === undefined) {
      await quiet('bulk invitations');
      log('Bulk invitations through POST /api/v1/invitations/bulk into PostgreSQL …');
      postgres.bulk = await runApiBench({ serverUrl: PG_ADMIN_URL });
      // Rows 12 and 13: a customer's portfolio pages (scripts/bench-portfolio-pages.js).
      await quiet('portfolio pages');
      log('Portfolio pages GET /vertraege and GET / (300 contracts, 20 connections) on PostgreSQL …');
      postgres.pages = await runPortfolioPagesBench({ serverUrl: PG_ADMIN_URL });
      // Rows 14–18: documents (scripts/bench-documents.js).
      await quiet('documents');
      log('Documents: 35 MB download and upload, 100 KB uploads, GET /dokumente of 10,000 on PostgreSQL …');
      postgres.documents = await runDocumentsBench({ serverUrl: PG_ADMIN_URL });
      // Rows 21–24: conversations (scripts/bench-conversations.js).
      await quiet('conversations');
      log('Conversations: 50 writers, the staff inbox and /nachrichten of 5,000 on PostgreSQL …');
      postgres.conversations = await runConversationsBench({ serverUrl: PG_ADMIN_URL });
      log(`Login floor on PostgreSQL, ${LOGIN_CONNECTIONS} connections, ${LOGIN_SECONDS} s …`);
      postgres.floor = await measureFloor(autocannon, quiet, 'postgres');
    }

    const share = loginsPerSecond / raw.perSecond;
    const floorShare = loginsPerSecond / perSecond(floor);
    const rps = (run, code) => run.statusCount(code) / run.seconds;
    const cpuPerRequestUs = (run) => (run.porticoCpuSeconds / Math.max(1, run.total)) * 1e6;
    const cpuShare = (run) =>
      `${fmt((run.porticoCpuSeconds / run.seconds) * 100)} %, main thread ` +
      `${fmt((run.mainThreadCpuSeconds / run.seconds) * 100)} %`;
    const loginCount = Math.max(1, login.statusCount('303'));

    const rows = [
      [
        `1. Raw argon2id verifications/s (in-process, best of ` +
          `${raw.runs.map((run) => run.inFlight).join(' and ')} in flight)`,
        `${fmt(raw.perSecond, 1)} /s`,
        'reference',
        '—',
      ],
      [
        `2f. Login floor on PGlite (same libraries: CSRF cookie, 1 SELECT, argon2id verify, 1 INSERT; ` +
          `${LOGIN_CONNECTIONS} connections)`,
        `${fmt(perSecond(floor), 1)} /s = ${fmt((perSecond(floor) / raw.perSecond) * 100, 1)} % of (1)`,
        'reference',
        floor.others('303') === 0 ? '—' : '**errors**',
      ],
      [
        `2. Logins/s over HTTP (POST /login → 303, ${LOGIN_CONNECTIONS} connections)`,
        `${fmt(loginsPerSecond, 1)} /s = **${fmt(floorShare * 100, 1)} % of (2f)**, ${fmt(share * 100, 1)} % of (1)`,
        `≥ ${TARGETS.loginShare * 100} % of (2f)`,
        loginVerdict(floorShare, login),
      ],
      [
        `3a. GET /login requests/s (${PAGE_CONNECTIONS} connections)`,
        `${fmt(pageRps)} /s`,
        `≥ ${fmt(TARGETS.pageRps)} /s`,
        verdict(pageRps >= TARGETS.pageRps && page.others('200') === 0),
      ],
      [
        `3b. GET /login p99 latency (${PAGE_CONNECTIONS} connections)`,
        `${fmt(page.p99)} ms`,
        `≤ ${TARGETS.pageP99Ms} ms`,
        verdict(page.p99 <= TARGETS.pageP99Ms),
      ],
      [
        `4. RSS idle after start (VmRSS, ${IDLE_BEFORE_RSS_MS / 1000} s idle)`,
        `${fmt(idleRssMb, 1)} MiB (${fmt((idleRssMb * 1048576) / 1e6)} MB)`,
        `≤ ${TARGETS.idleRssMb} MiB`,
        verdict(idleRssMb <= TARGETS.idleRssMb),
      ],
      [
        '5. Start to ready on existing data (spawn → /readyz 200)',
        `${fmt(restartMs)} ms`,
        `≤ ${fmt(TARGETS.restartMs)} ms`,
        verdict(restartMs <= TARGETS.restartMs),
      ],
      ...postgresRows(postgres, raw),
      claimsPdfRow(claimsPdf),
      ...conversationsRows(postgres),
    ];

    const date = new Date().toISOString().replace('T', ' ').slice(0, 16);
    const out = [];
    out.push('');
    out.push(
      `Portico benchmark, ${date} UTC — rows 1–5 on the embedded database (PGlite), rows 6–18 and 21–24 on ` +
        `PostgreSQL, row 19 without a database; loopback only`,
    );
    out.push(
      `Machine: ${host.model}, ${host.cores} cores, ${fmt(host.memGiB, 1)} GiB memory, Node ${host.node} ` +
        `(${host.platform})`,
    );
    out.push(`Code: ${codeVersion()}`);
    out.push(
      `Load average at the end of the run (1, 5, 15 min): ${loadavg()
        .map((value) => fmt(value, 2))
        .join(', ')}`,
    );
    out.push(
      `argon2id m=${OWASP_ARGON2_PARAMETERS.memoryCost} KiB, t=${OWASP_ARGON2_PARAMETERS.timeCost}, ` +
        `p=${OWASP_ARGON2_PARAMETERS.parallelism}; libuv thread pool size ${THREAD_POOL_SIZE} ` +
        `(UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ? 'set' : 'unset, default'})`,
    );
    out.push('');
    out.push('| Measure | Result | Target | |');
    out.push('| --- | --- | --- | --- |');
    for (const row of rows) out.push(`| ${row.join(' | ')} |`);
    out.push('');
    out.push('Details');
    out.push(
      `- raw verify: ` +
        `${raw.runs
          .map(
            (run) =>
              `${run.inFlight} in flight: ${fmt(run.perSecond, 1)} /s (${run.completed} in ` +
              `${fmt(run.seconds, 2)} s, ${fmt(run.msEach, 1)} ms each)`,
          )
          .join('; ')} ` +
        `on ${host.cores} cores; the higher is the reference`,
    );
    out.push(
      `- logins: status codes ${JSON.stringify(login.codes)}, errors ${login.errors}, timeouts ` +
        `${login.timeouts}, non-303 ${login.others('303')}; p50 ${fmt(login.p50)} ms, p99 ${fmt(login.p99)} ` +
        `ms; Portico CPU ${cpuShare(login)}; per login ` +
        `${fmt((login.mainThreadCpuSeconds / loginCount) * 1000, 1)} ms CPU on the main thread (event loop, ` +
        `PGlite) and ${fmt(((login.porticoCpuSeconds - login.mainThreadCpuSeconds) / loginCount) * 1000, 1)} ` +
        `ms on other threads (argon2 threads, GC); raw verify needs ` +
        `${fmt((host.cores / raw.perSecond) * 1000, 1)} core-ms each, so the ${host.cores} cores allow at most ` +
        `≈ ${fmt(host.cores / (login.porticoCpuSeconds / loginCount), 1)} logins/s at this cost; load ` +
        `generator CPU ${fmt((login.benchCpuSeconds / login.seconds) * 100)} %; load average ` +
        `${fmt(login.loadAverage, 2)}`,
    );
    out.push(floorDetail('PGlite', floor));
    out.push(
      `- GET /login (tenant host, with the CSRF cookie): ${fmt(pageRps)} /s, p50 ${fmt(page.p50)} ms, p99 ` +
        `${fmt(page.p99)} ms; Portico CPU ${cpuShare(page)} (${fmt(cpuPerRequestUs(page))} µs per request); ` +
        `load generator CPU ${fmt((page.benchCpuSeconds / page.seconds) * 100)} %; codes ` +
        `${JSON.stringify(page.codes)}, errors ${page.errors}, timeouts ${page.timeouts}`,
    );
    for (const [name, run] of diagnostics) {
      const [code] = Object.keys(run.codes).sort((a, b) => run.codes[b] - run.codes[a]);
      out.push(
        `- diagnostic ${name}: ${fmt(rps(run, code ?? '200'))} /s (${code}), p50 ${fmt(run.p50)} ms, p99 ` +
          `${fmt(run.p99)} ms; Portico CPU ${cpuShare(run)} (${fmt(cpuPerRequestUs(run))} µs per request); ` +
          `codes ${JSON.stringify(run.codes)}`,
      );
    }
    if (Number.isFinite(inProcessStartMs)) {
      out.push(
        `- start on existing data: ${fmt(restartMs)} ms = ${fmt(restartMs - inProcessStartMs)} ms Node start ` +
          `and module loading + ${fmt(inProcessStartMs)} ms in the start command (open PGlite, migrations ` +
          `check, services, listen), as the banner reports`,
      );
    }
    out.push(`- first start on an empty folder (creates the database, runs migrations): ${fmt(firstStartMs)} ms`);
    out.push(...postgresDetails(postgres, host));
    out.push(claimsPdfDetail(claimsPdf));
    out.push(`- memory after the load: VmRSS ${fmt(afterLoadRssMb)} MiB, peak VmHWM ${fmt(peakRssMb)} MiB`);
    const phases = [
      ['raw verify', raw],
      ['logins', login],
      ['GET /login', page],
      ['diagnostics', { otherCores: Math.max(...diagnostics.map(([, run]) => run.otherCores)) }],
    ];
    out.push(
      `- CPU used by other processes on this machine (in cores, of ${host.cores}): ` +
        `${phases.map(([name, run]) => `${name} ${fmt(run.otherCores, 2)}`).join(', ')}`,
    );
    const busiest = Math.max(...phases.map(([, run]) => run.otherCores));
    if (notQuiet.length > 0) {
      out.push(`- started although the machine was busy (waited ${QUIET_WAIT_MS / 1000} s): ${notQuiet.join(', ')}`);
    }
    if (busiest > 0.1) {
      out.push(
        `WARNING: other processes used up to ${fmt(busiest, 2)} of ${host.cores} cores during a measurement; ` +
          `the figures above are lower than on a quiet machine. Run again when the machine is idle.`,
      );
    }
    out.push('');
    process.stdout.write(`${out.join('\n')}\n`);
  } catch (error) {
    const died = portico?.exitedWith();
    if (died) {
      log(
        `Portico exited during the run (code ${died.code}, signal ${died.signal}); its last ` +
          `output:\n${portico.output()}`,
      );
    }
    throw error;
  } finally {
    await portico?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`Benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
