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
// See docs/performance.md. `--no-build` skips the freshness check of dist/ (no rebuild).
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli', 'index.js');

// ---- Fixed settings of the run -------------------------------------------------------------
const THREAD_POOL_SIZE = Number.parseInt(process.env.UV_THREADPOOL_SIZE ?? '', 10) || 4; // libuv's default is 4
const RAW_SECONDS = 8;
const LOGIN_SECONDS = 10;
const LOGIN_CONNECTIONS = THREAD_POOL_SIZE * 2; // enough requests waiting that the pool never runs dry
const PAGE_WARMUP_SECONDS = 2;
const PAGE_SECONDS = 10;
const PAGE_CONNECTIONS = 50;
const DIAGNOSTIC_SECONDS = 5;
const IDLE_BEFORE_RSS_MS = 2000;
const READY_TIMEOUT_MS = 30_000;
const MAIL_TIMEOUT_MS = 15_000;
const QUIET_WAIT_MS = 1_000; // before each measurement, wait at most this long for other processes to go quiet
const QUIET_CORES = 0.15;

const TARGETS = {
  loginShare: 0.9, // logins/s ≥ 90 % of raw verifications/s
  pageRps: 5000,
  pageP99Ms: 20,
  idleRssMb: 350,
  restartMs: 1500,
};

const TENANT_SLUG = 'bench';
const USER_EMAIL = 'bench@example.com';
const USER_PASSWORD = 'Kolibri-Segelboot-Tannenzapfen-4711';

// ---- Small helpers ---------------------------------------------------------------------------
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line) => process.stderr.write(`${line}\n`);
const fmt = (value, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function fail(message) {
  throw new Error(message);
}

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  const cores = (cpuinfo.match(/^processor\s*:/gm) ?? []).length || cpus().length;
  const memKb = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? totalmem() / 1024);
  return { model, cores, memGiB: memKb / 1024 / 1024, node: process.version, platform: `${process.platform}-${process.arch}` };
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

/** One HTTP request to 127.0.0.1 with an explicit Host header (no DNS), new connection each time. */
function httpRequest(port, { method = 'GET', path, host, headers = {}, body, timeoutMs = 10_000 }) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: false, headers: { host, ...headers, ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }) } }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

function readStatusKb(pid, field) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? NaN);
}

/** CPU seconds (user + system) the process (or, with `thread`, one of its threads) has used so far, from /proc. */
function cpuSecondsOf(pid, thread) {
  const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ on Linux
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** CPU seconds all processes together have used so far (busy time of every core), from /proc/stat. */
function machineBusySeconds() {
  const fields = /^cpu\s+(.+)$/m.exec(readFileSync('/proc/stat', 'utf8'))[1].trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return (user + nice + system + irq + softirq + steal) / 100;
}

/** Starts a window that tells how much CPU processes other than Portico and this script used (in cores). */
function otherLoadWindow(pid) {
  const startedAt = performance.now();
  const busy = machineBusySeconds();
  const portico = pid === null ? 0 : cpuSecondsOf(pid);
  const self = process.cpuUsage();
  return () => {
    const seconds = (performance.now() - startedAt) / 1000;
    const selfUsage = process.cpuUsage(self);
    const others = machineBusySeconds() - busy - (pid === null ? 0 : cpuSecondsOf(pid) - portico) - (selfUsage.user + selfUsage.system) / 1e6;
    return Math.max(0, others / seconds);
  };
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
function porticoEnv(port, dataDir) {
  const { SMTP_URL, DATABASE_URL, ...rest } = process.env; // embedded database, development mailbox
  return { ...rest, PORT: String(port), DATA_DIR: dataDir, PLATFORM_URL: `http://localhost:${port}`, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
}

async function startPortico(port, dataDir) {
  const startedAt = performance.now();
  const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/bx/prof4', CLI, 'start', '--no-demo'], { cwd: ROOT, env: porticoEnv(port, dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exitedPromise = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exited = { code, signal }))));
  const deadline = startedAt + READY_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (exited !== null) {
      fail(`Portico exited during start (code ${exited.code}, signal ${exited.signal}):\n${output}`);
    }
    const ready = await httpRequest(port, { path: '/readyz', host: `localhost:${port}`, timeoutMs: 1000 }).catch(() => null);
    if (ready?.status === 200) {
      const readyMs = performance.now() - startedAt;
      return {
        pid: child.pid,
        readyMs,
        output: () => output,
        exitedWith: () => exited,
        async stop() {
          if (exited === null) {
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            await exitedPromise;
            clearTimeout(timer);
          }
        },
      };
    }
    await sleep(10);
  }
  child.kill('SIGKILL');
  fail(`Portico was not ready within ${READY_TIMEOUT_MS} ms:\n${output}`);
}

function runCli(port, dataDir, args) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env: porticoEnv(port, dataDir), timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`portico ${args.join(' ')} failed: ${stderr || stdout || error.message}`));
      } else {
        resolve(stdout);
      }
    });
  });
}

// ---- Measurements ----------------------------------------------------------------------------
async function measureRawVerify(parameters) {
  const { hash, verify } = await import('@node-rs/argon2');
  const options = { algorithm: 2 /* Argon2id */, ...parameters };
  const stored = await hash(USER_PASSWORD, options);
  // Warm-up: one round so the pool's threads exist and the memory is mapped.
  await Promise.all(Array.from({ length: THREAD_POOL_SIZE }, () => verify(stored, USER_PASSWORD)));
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
  await Promise.all(Array.from({ length: THREAD_POOL_SIZE }, worker));
  const seconds = (performance.now() - startedAt) / 1000;
  return { perSecond: completed / seconds, completed, seconds, msEach: (seconds * 1000 * THREAD_POOL_SIZE) / completed, otherCores: otherLoad() };
}

/** Creates tenant and invitation through the CLI, reads the link from the development mailbox, sets the password. */
async function setUpBenchUser(port, dataDir) {
  const tenantHost = `bench.localhost:${port}`;
  await runCli(port, dataDir, ['tenant', 'create', '--slug', TENANT_SLUG, '--name', 'Bench Makler GmbH', '--host', tenantHost]);
  await runCli(port, dataDir, ['invite', '--tenant', TENANT_SLUG, '--email', USER_EMAIL, '--name', 'Bench User', '--kind', 'policyholder']);

  const platformHost = `localhost:${port}`;
  const linkPattern = new RegExp(`http://bench\\.localhost:${port}/set-password\\?token=([A-Za-z0-9_-]{43})`);
  let token = null;
  const deadline = performance.now() + MAIL_TIMEOUT_MS;
  while (token === null && performance.now() < deadline) {
    const list = await httpRequest(port, { path: '/_dev/mail', host: platformHost });
    const ids = [...list.body.matchAll(/href="\/_dev\/mail\/([0-9a-f-]{36})"/g)].map((match) => match[1]);
    for (const id of ids) {
      const detail = await httpRequest(port, { path: `/_dev/mail/${id}`, host: platformHost });
      token = linkPattern.exec(detail.body)?.[1] ?? null;
      if (token !== null) break;
    }
    if (token === null) await sleep(200);
  }
  token ?? fail(`no invitation mail with a set-password link within ${MAIL_TIMEOUT_MS} ms`);

  const form = await httpRequest(port, { path: `/set-password?token=${token}`, host: tenantHost });
  form.status === 200 || fail(`GET /set-password answered ${form.status}`);
  const { cookie, csrf } = csrfPairOf(form);
  const saved = await httpRequest(port, {
    method: 'POST',
    path: '/set-password',
    host: tenantHost,
    headers: { cookie, origin: `http://${tenantHost}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, token, password: USER_PASSWORD, passwordConfirm: USER_PASSWORD }).toString(),
  });
  saved.status === 200 || fail(`POST /set-password answered ${saved.status}`);
  return { tenantHost };
}

function csrfPairOf(response) {
  const setCookies = [].concat(response.headers['set-cookie'] ?? []);
  const cookie = setCookies.map((line) => line.split(';')[0]).find((pair) => /^(__Host-)?portico_csrf=/.test(pair)) ?? fail('no portico_csrf cookie was set');
  const csrf = /<input[^>]*name="_csrf"[^>]*value="([^"]+)"/.exec(response.body)?.[1] ?? fail('no _csrf field in the form');
  return { cookie, csrf };
}

/** A browser-like session on the tenant host: the CSRF cookie and its form token, reused for every request. */
async function loginRequestFor(port, tenantHost) {
  const page = await httpRequest(port, { path: '/login', host: tenantHost });
  page.status === 200 || fail(`GET /login answered ${page.status}`);
  const { cookie, csrf } = csrfPairOf(page);
  const loginRequest = {
    method: 'POST',
    headers: { host: tenantHost, cookie, origin: `http://${tenantHost}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email: USER_EMAIL, password: USER_PASSWORD }).toString(),
  };
  const probe = await httpRequest(port, { method: 'POST', path: '/login', host: tenantHost, headers: loginRequest.headers, body: loginRequest.body });
  (probe.status === 303 && probe.headers.location === '/') || fail(`a login answered ${probe.status} (Location ${probe.headers.location}), not 303 to /`);
  return { cookie, loginRequest };
}

async function load(autocannon, port, pid, { path, seconds, connections, method = 'GET', headers, body }) {
  const cpuBefore = cpuSecondsOf(pid);
  const mainThreadBefore = cpuSecondsOf(pid, pid); // the main thread's id is the process id
  const benchCpuBefore = process.cpuUsage();
  const otherLoad = otherLoadWindow(pid);
  const result = await autocannon({ url: `http://127.0.0.1:${port}${path}`, method, headers, body, connections, duration: seconds, pipelining: 1, timeout: 10 });
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const statusCount = (code) => result.statusCodeStats?.[code]?.count ?? 0;
  const total = Object.values(result.statusCodeStats ?? {}).reduce((sum, stat) => sum + stat.count, 0);
  return {
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

// ---- Report ----------------------------------------------------------------------------------
function verdict(ok) {
  return ok ? 'met' : '**missed**';
}

async function main() {
  ensureBuilt();
  const { default: autocannon } = await import('autocannon').catch(() => fail('autocannon is missing: run `npm install`'));
  const { OWASP_ARGON2_PARAMETERS } = await import('../dist/modules/credentials/password-hasher.js');
  const host = machine();
  log(`Machine: ${host.model}, ${host.cores} cores, ${fmt(host.memGiB, 1)} GiB, Node ${host.node}`);
  log(`argon2id m=${OWASP_ARGON2_PARAMETERS.memoryCost} KiB, t=${OWASP_ARGON2_PARAMETERS.timeCost}, p=${OWASP_ARGON2_PARAMETERS.parallelism}; libuv thread pool ${THREAD_POOL_SIZE}`);

  const notQuiet = [];
  const quiet = async (name) => {
    if (!(await waitForQuiet())) {
      notQuiet.push(name);
      log(`  (the machine was still busy after ${QUIET_WAIT_MS / 1000} s of waiting; measuring ${name} anyway)`);
    }
  };

  log(`[1/6] Raw argon2id verify, ${THREAD_POOL_SIZE} in flight, ${RAW_SECONDS} s …`);
  await quiet('raw verify');
  const raw = await measureRawVerify(OWASP_ARGON2_PARAMETERS);

  const dataDir = mkdtempSync(join(tmpdir(), 'portico-bench-'));
  const port = await freePort();
  let portico = null;
  try {
    log('[2/6] First start on an empty data folder, tenant, invitation, password …');
    portico = await startPortico(port, dataDir);
    const firstStartMs = portico.readyMs;
    const { tenantHost } = await setUpBenchUser(port, dataDir);
    await portico.stop();

    log('[3/6] Second start on the same data, idle, memory …');
    await quiet('second start');
    portico = await startPortico(port, dataDir);
    const restartMs = portico.readyMs;
    await sleep(IDLE_BEFORE_RSS_MS);
    const idleRssMb = readStatusKb(portico.pid, 'VmRSS') / 1024;

    const { cookie, loginRequest } = await loginRequestFor(port, tenantHost);

    log(`[4/6] POST /login, ${LOGIN_CONNECTIONS} connections, ${LOGIN_SECONDS} s …`);
    await quiet('logins');
    const login = await load(autocannon, port, portico.pid, { path: '/login', seconds: LOGIN_SECONDS, connections: LOGIN_CONNECTIONS, ...loginRequest });
    const loginsPerSecond = login.statusCount('303') / login.seconds;

    process.stdout.write(JSON.stringify({ lps: loginsPerSecond, main: login.mainThreadCpuSeconds, all: login.porticoCpuSeconds, n: login.statusCount('303'), other: login.otherCores }) + '\n');
  } catch (error) {
    const died = portico?.exitedWith();
    if (died) {
      log(`Portico exited during the run (code ${died.code}, signal ${died.signal}); its last output:\n${portico.output()}`);
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
