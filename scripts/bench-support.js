// What the benchmark scripts (scripts/bench*.js) share: the built CLI, free ports, HTTP requests to
// 127.0.0.1, waiting for /readyz, starting and stopping processes, the CLI runner, the CSRF pair of a form,
// the set-password and login forms, CPU and memory from /proc, load runs with autocannon, a database of
// its own on a PostgreSQL server and an SMTP server on loopback. All traffic stays on 127.0.0.1.
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(ROOT, 'dist', 'cli', 'index.js');
/** `--ready-timeout S`: a machine busy with other work may need longer for a first start (migrations). */
const readyTimeoutIndex = process.argv.indexOf('--ready-timeout');
export const READY_TIMEOUT_MS =
  (readyTimeoutIndex === -1 ? 30 : Number.parseInt(process.argv[readyTimeoutIndex + 1] ?? '', 10) || 30) * 1000;
export const MAIL_TIMEOUT_MS = 15_000;
/** `--cpu-prof`: the Portico processes a script starts write a CPU profile into the current folder when they stop. */
export const PROFILE_FLAGS = process.argv.includes('--cpu-prof')
  ? ['--cpu-prof', `--cpu-prof-dir=${process.cwd()}`]
  : [];

/**
 * Node's flags for a Portico process a benchmark starts: as `npm start` and the `portico` command run it
 * (`--v8-pool-size=0`), then BENCH_NODE_FLAGS from the environment (space-separated, to compare V8's settings), then
 * `--cpu-prof`'s.
 */
export const PORTICO_NODE_FLAGS = [
  '--v8-pool-size=0',
  ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== ''),
  ...PROFILE_FLAGS,
];

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const log = (line) => process.stderr.write(`${line}\n`);
export const fmt = (value, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function fail(message) {
  throw new Error(message);
}

/** A fresh key for the second factor's secrets, as a server database needs one from the environment. */
/** The nearest-rank percentile of ascending values: the smallest value that at least `share` of them do not exceed. */
export const percentile = (sorted, share) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];

export const secondFactorKey = () => randomBytes(32).toString('base64url');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * One HTTP request to 127.0.0.1, with an explicit Host header when `host` is given (no DNS). A new
 * connection each time unless `keepAlive` (then Node's global agent).
 */
export function httpRequest(
  port,
  { method = 'GET', path, host, headers = {}, body, timeoutMs = 10_000, keepAlive = false },
) {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        ...(keepAlive ? {} : { agent: false }),
        headers: {
          ...(host === undefined ? {} : { host }),
          ...headers,
          ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }),
        },
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
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** POST of a JSON body (the API), with a long time limit for big batches. */
export const postJson = (port, path, value, headers, options = {}) =>
  httpRequest(port, {
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(value),
    timeoutMs: 120_000,
    ...options,
  });

/**
 * Polls GET /readyz until it answers 200. `exited()` tells, while waiting, why the server's process is
 * gone (or null while it runs).
 */
export async function waitReady(port, { exited, name = 'Portico', host, intervalMs = 200 }) {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  while (performance.now() < deadline) {
    const reason = exited();
    if (reason !== null) fail(`${name} exited ${reason}`);
    const status = await httpRequest(port, { path: '/readyz', host, timeoutMs: 1000 }).then(
      (answer) => answer.status,
      () => 0,
    );
    if (status === 200) return;
    await sleep(intervalMs);
  }
  fail(`${name} was not ready within ${READY_TIMEOUT_MS} ms`);
}

/** For `waitReady`: why a child process has gone, or null while it runs. */
export const exitOf = (child) => () => (child.exitCode === null ? null : `with code ${child.exitCode}`);

/** SIGTERM, then SIGKILL when the process has not exited after `graceMs`; resolves once it has exited. */
export async function stopChild(child, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * The environment of a Portico process or CLI call on `port`: development mode, warnings only; no database,
 * data folder or SMTP server of the caller's own environment unless `extra` names them.
 */
export function porticoEnv(port, extra = {}) {
  const { SMTP_URL, DATABASE_URL, DATA_DIR, STORAGE_URL, ...rest } = process.env;
  return {
    ...rest,
    // Several processes on one server database may run; each benchmark's documents stay in its own data folder.
    STORAGE_FOLDER_SHARED: 'true',
    PORT: String(port),
    PLATFORM_URL: `http://localhost:${port}`,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
    ...extra,
  };
}

/** `portico <args>` from dist/; resolves with its standard output, rejects with its error output. */
export function runCli(args, env, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env, timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`portico ${args.join(' ')} failed: ${stderr || stdout || error.message}`));
      } else {
        resolve(stdout);
      }
    });
  });
}

/** The last line the CLI printed (the API key of `api-key create`). */
export const lastLineOf = (stdout) => stdout.trim().split('\n').at(-1);

/** The CSRF cookie a page set and the `_csrf` field of its form. */
export function csrfPairOf(response) {
  const setCookies = [].concat(response.headers['set-cookie'] ?? []);
  const cookie =
    setCookies.map((line) => line.split(';')[0]).find((pair) => /^(__Host-)?portico_csrf=/.test(pair)) ??
    fail('no portico_csrf cookie was set');
  const csrf =
    /<input[^>]*name="_csrf"[^>]*value="([^"]+)"/.exec(response.body)?.[1] ?? fail('no _csrf field in the form');
  return { cookie, csrf };
}

/** The headers a browser sends with a form posted on `host` with the CSRF cookie. */
const formHeaders = (host, cookie) => ({
  host,
  cookie,
  origin: `http://${host}`,
  'content-type': 'application/x-www-form-urlencoded',
});

/** Opens the invitation's link and sets the password through the form. */
export async function setPassword(port, host, token, password) {
  const form = await httpRequest(port, { path: `/set-password?token=${token}`, host });
  form.status === 200 || fail(`GET /set-password answered ${form.status}`);
  const { cookie, csrf } = csrfPairOf(form);
  const saved = await httpRequest(port, {
    method: 'POST',
    path: '/set-password',
    headers: formHeaders(host, cookie),
    body: new URLSearchParams({ _csrf: csrf, token, password, passwordConfirm: password }).toString(),
  });
  saved.status === 200 || fail(`POST /set-password answered ${saved.status}`);
}

/**
 * A login through the form on `host`: the CSRF cookie, the login request (to send again under load) and
 * the answer, which must be a 303 to /.
 */
export async function logIn(port, host, email, password) {
  const page = await httpRequest(port, { path: '/login', host });
  page.status === 200 || fail(`GET /login answered ${page.status}`);
  const { cookie, csrf } = csrfPairOf(page);
  const loginRequest = {
    method: 'POST',
    headers: formHeaders(host, cookie),
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  };
  const answer = await httpRequest(port, { path: '/login', ...loginRequest });
  (answer.status === 303 && answer.headers.location === '/') ||
    fail(`a login answered ${answer.status} (Location ${answer.headers.location}), not 303 to /`);
  return { cookie, loginRequest, answer };
}

// ---- /proc -------------------------------------------------------------------------------------
/** A field of /proc/<pid>/status in KiB (VmRSS, VmHWM). */
export function readStatusKb(pid, field) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? NaN);
}

/** CPU seconds (user + system) the process (or, with `thread`, one of its threads) has used so far, from /proc. */
export function cpuSecondsOf(pid, thread) {
  const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ on Linux
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** CPU seconds all processes together have used so far (busy time of every core), from /proc/stat. */
export function machineBusySeconds() {
  const fields = /^cpu\s+(.+)$/m.exec(readFileSync('/proc/stat', 'utf8'))[1].trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return (user + nice + system + irq + softirq + steal) / 100;
}

/** Starts a window that tells how much CPU processes other than `pid` and this script used (in cores). */
export function otherLoadWindow(pid) {
  const startedAt = performance.now();
  const busy = machineBusySeconds();
  const portico = pid === null ? 0 : cpuSecondsOf(pid);
  const self = process.cpuUsage();
  return () => {
    const seconds = (performance.now() - startedAt) / 1000;
    const selfUsage = process.cpuUsage(self);
    const others =
      machineBusySeconds() -
      busy -
      (pid === null ? 0 : cpuSecondsOf(pid) - portico) -
      (selfUsage.user + selfUsage.system) / 1e6;
    return Math.max(0, others / seconds);
  };
}

/**
 * CPU seconds the PostgreSQL server's backends of one database used, for a server on this machine: `sample()` reads
 * the backends' process ids from pg_stat_activity (without this connection's own) and their CPU from /proc, and
 * `since(before)` is the CPU used after an earlier sample (a backend that ended in between is not counted; one that
 * began is counted from its start). `close()` ends the connection. Null where /proc does not show the backends.
 */
export async function databaseCpu(databaseUrl) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const sample = async () => {
    const { rows } = await client.query(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    const seconds = new Map();
    for (const { pid } of rows) {
      try {
        seconds.set(pid, cpuSecondsOf(pid));
      } catch {
        // ended between the query and the read
      }
    }
    return seconds;
  };
  // This connection's own backend shows whether the server's processes are on this machine.
  const { rows } = await client.query('select pg_backend_pid() as pid');
  const isLocal = (() => {
    try {
      return Number.isFinite(cpuSecondsOf(rows[0].pid));
    } catch {
      return false;
    }
  })();
  if (!isLocal) {
    await client.end();
    return null;
  }
  return {
    sample,
    async since(before) {
      const after = await sample();
      let total = 0;
      for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
      return total;
    },
    close: () => client.end(),
  };
}

// ---- Load ---------------------------------------------------------------------------------------
let addressCount = 0;

/** `path` with a parameter no page reads and a value never used before. */
function freshAddress(path) {
  addressCount += 1;
  return `${path}${path.includes('?') ? '&' : '?'}frisch=${addressCount}`;
}

/**
 * One autocannon run against the server process `pid` on `port`: answers by status code, latency, the
 * server's CPU (all threads and the main thread), this script's CPU and the CPU of everything else.
 * `setupClient`, when given, is autocannon's: called once per connection (to give each its own request).
 * `freshAddresses`: every request at an address never asked before, so that no page is shown as kept (the cost of
 * deciding and rendering it, and of keeping it).
 */
export async function load(
  autocannon,
  port,
  pid,
  { path, seconds, connections, method = 'GET', headers, body, setupClient, freshAddresses = false },
) {
  const cpuBefore = cpuSecondsOf(pid);
  const mainThreadBefore = cpuSecondsOf(pid, pid); // the main thread's id is the process id
  const benchCpuBefore = process.cpuUsage();
  const otherLoad = otherLoadWindow(pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    method,
    headers,
    body,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 10,
    ...(setupClient === undefined ? {} : { setupClient }),
    // Every request at an address of its own (a query parameter the page ignores): nothing a page keeps is used.
    ...(freshAddresses
      ? { requests: [{ setupRequest: (request) => ({ ...request, path: freshAddress(path) }) }] }
      : {}),
  });
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const statusCount = (code) => result.statusCodeStats?.[code]?.count ?? 0;
  const total = Object.values(result.statusCodeStats ?? {}).reduce((sum, stat) => sum + stat.count, 0);
  return {
    loadAverage: loadavg()[0],
    seconds: result.duration,
    statusCount,
    total,
    others: (expected) => total - statusCount(expected) + result.errors + result.timeouts,
    errors: result.errors,
    timeouts: result.timeouts,
    codes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count])),
    p50: result.latency.p50,
    p99: result.latency.p99,
    porticoCpuSeconds: cpuSecondsOf(pid) - cpuBefore,
    mainThreadCpuSeconds: cpuSecondsOf(pid, pid) - mainThreadBefore,
    benchCpuSeconds: (benchCpu.user + benchCpu.system) / 1e6,
    otherCores: otherLoad(),
  };
}

// ---- PostgreSQL and SMTP ----------------------------------------------------------------------
/**
 * A database of its own on the PostgreSQL server at `serverUrl`, named `<prefix>_<pid>_<time>`: its URL,
 * `drop()`, which removes it and closes the admin connection, and `keep()`, which only closes that connection.
 * When the server does not answer, the error thrown has `unreachable: true`.
 */
export async function scratchDatabase(serverUrl, prefix) {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2000 });
  await admin.connect().catch((error) => {
    throw Object.assign(error, { unreachable: true });
  });
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  try {
    await admin.query(`create database ${name}`);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.href,
    async drop() {
      await admin
        .query(`drop database if exists ${name} with (force)`)
        .catch((error) => log(`could not drop ${name}: ${error.message}`));
      await admin.end();
    },
    /** Leaves the database in place (to look at it afterwards) and closes the admin connection. */
    keep: () => admin.end(),
  };
}

/**
 * An SMTP server inside the bench process on loopback: counts what arrives and keeps only the last mail
 * to `email` (for the set-password link), so it costs as little as a receiving server can. `email` may be a
 * list of addresses: then the last mail to each is kept, and `readLink` takes the address as third argument.
 */
export async function startLoopbackSmtp(email) {
  const kept = new Set([].concat(email).map((address) => address.toLowerCase()));
  const mails = new Map();
  const { SMTPServer } = await import('smtp-server').catch(() => fail('smtp-server is missing: run `npm install`'));
  const state = { received: 0, firstAt: null, lastAt: null, benchMail: null };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const keptFor = session.envelope.rcptTo
        .map((recipient) => recipient.address.toLowerCase())
        .find((address) => kept.has(address));
      const isBenchUser = keptFor !== undefined;
      const chunks = [];
      stream.on('data', (chunk) => isBenchUser && chunks.push(chunk));
      stream.on('end', () => {
        state.received += 1;
        state.lastAt = performance.now();
        state.firstAt ??= state.lastAt;
        if (isBenchUser) {
          state.benchMail = Buffer.concat(chunks).toString('utf8');
          mails.set(keptFor, state.benchMail);
        }
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${server.server.address().port}`,
    state,
    reset() {
      Object.assign(state, { received: 0, firstAt: null, lastAt: null });
    },
    /** The invitation's link, from the raw mail (quoted-printable: soft line breaks and "=3D"); null in time. */
    async readLink(_port, linkPattern, address) {
      const deadline = performance.now() + MAIL_TIMEOUT_MS;
      while (performance.now() < deadline) {
        const mail = address === undefined ? state.benchMail : mails.get(address.toLowerCase());
        const decoded = mail?.replace(/=\r?\n/g, '').replace(/=3D/gi, '=') ?? '';
        const token = linkPattern.exec(decoded)?.[1];
        if (token !== undefined) return token;
        await sleep(100);
      }
      return null;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The token of the set-password link to `host` in a mail. */
export const setPasswordLinkOf = (host) =>
  new RegExp(`http://${host.replace(/[.]/g, '\\.')}/set-password\\?token=([A-Za-z0-9_-]{43})`);

/**
 * Creates the grant (POST /api/v1/grants), invites one person with it (POST /api/v1/invitations/bulk) and sets their
 * password from the mailed link, as a bench's reader is made.
 */
export async function invitePersonWithGrant(
  port,
  host,
  apiHeaders,
  smtp,
  { grant: grantBody, email, name, kind, password },
) {
  const grant = await postJson(port, '/api/v1/grants', grantBody, apiHeaders);
  grant.status === 201 || fail(`grant: HTTP ${grant.status} ${grant.body.slice(0, 300)}`);
  const invited = await postJson(
    port,
    '/api/v1/invitations/bulk',
    { items: [{ email, name, kind, grant: { id: JSON.parse(grant.body).id } }] },
    apiHeaders,
  );
  invited.status === 200 || fail(`invitation: HTTP ${invited.status} ${invited.body.slice(0, 300)}`);
  JSON.parse(invited.body).accepted === 1 || fail(`invitation not accepted: ${invited.body.slice(0, 300)}`);
  const token =
    (await smtp.readLink(port, setPasswordLinkOf(host))) ??
    fail(`no invitation mail with a set-password link within ${MAIL_TIMEOUT_MS} ms`);
  await setPassword(port, host, token, password);
}

/** A contract of the CRM's portfolio sync (POST /api/v1/portfolio/sync); `fields` name and place it. */
export const syncContract = (index, fields) => ({
  type: 'contract',
  action: 'upsert',
  contract: {
    insurerNumber: '9001',
    status: 'active',
    premiumNetCents: 10_000 + index,
    premiumGrossCents: 11_900 + index,
    sumsInsured: [{ label: 'Versicherungssumme', cents: 5_000_000 }],
    caseHandler: { name: 'Sabine Sachbearbeiterin', phone: '+49 30 1', email: 'sb@example.com' },
    ...fields,
  },
});
