#!/usr/bin/env node
// The customer's portfolio pages on PostgreSQL: `node scripts/bench-portfolio-pages.js`.
// Creates a fresh database on the PostgreSQL server named by DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres), a tenant and an API key with the CLI, starts Portico with a
// loopback SMTP server, syncs one customer with 300 contracts across Sparten through POST /api/v1/portfolio/sync,
// invites a policyholder with a grant on that customer through POST /api/v1/invitations/bulk, sets the password
// from the mailed link, logs in once (session cookie) and loads GET /vertraege and GET / on the broker's host with
// 20 connections for 10 s each: pages/s and p99 latency against the target; then both again with every request at an
// address of its own (what deciding and rendering a page costs when nothing kept is current). The database is dropped
// afterwards.
// `--pglite`: the same on the embedded database in a temporary data folder.
// `--floor` (PostgreSQL only): afterwards the same load on scripts/bench-page-floor.js on the same database server, a
// Hono page with one SELECT and one with three SELECTs and a page of Portico's size: the least such a page costs here.
// Beside Portico's CPU, the CPU of the PostgreSQL server's backends of the run's database per page when the server
// runs on this machine. `--keep-database` leaves the database in place (its URL is logged) for looking at its plans.
// `--intermediary`: instead an intermediary whose grant covers two intermediary accounts with 2,000 customers and
// 20,000 contracts (beside 500 customers with 2,500 contracts of an account the grant does not cover), loading the
// customer list GET /kunden, a search by name GET /kunden?suche=…, one customer's contracts GET /vertraege?kunde=…
// and the whole contract list GET /vertraege with 4 connections (a page costs far more than the customer's, so
// fewer connections keep the latencies a page's own rather than the queue's).
// Needs a built dist/ (`npm run build`). Also usable from another script:
// `import { runPortfolioPagesBench } from './bench-portfolio-pages.js'`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CLI,
  databaseCpu,
  exitOf,
  fail,
  freePort,
  httpRequest,
  invitePersonWithGrant,
  lastLineOf,
  load,
  log,
  logIn,
  PORTICO_NODE_FLAGS,
  porticoEnv,
  postJson,
  PROFILE_FLAGS,
  ROOT,
  runCli,
  scratchDatabase,
  secondFactorKey,
  startLoopbackSmtp,
  stopChild,
  syncContract,
  waitReady,
} from './bench-support.js';

const CONTRACTS = 300;
const CONNECTIONS = 20;
const INTERMEDIARY_CONNECTIONS = 4;
const SECONDS = 10;
const WARMUP_SECONDS = 2;
const TARGET_PAGES_PER_SECOND = 1000;
const TARGET_P99_MS = 50;
const EMAIL = 'portfolio@bench.example';
const PASSWORD = 'Kolibri-Segelboot-Tannenzapfen-4711';
const SPARTEN = ['010', '020', '030', '040', '051', '070', '110', '130'];

/** Invites EMAIL with the grant and sets the password from the mailed link. */
function invite(port, host, apiHeaders, smtp, grantBody, name, kind) {
  return invitePersonWithGrant(port, host, apiHeaders, smtp, {
    grant: grantBody,
    email: EMAIL,
    name,
    kind,
    password: PASSWORD,
  });
}

const INTERMEDIARY_CUSTOMERS = 2_000;
const CONTRACTS_PER_CUSTOMER = 10;
const OTHER_CUSTOMERS = 500;
const LAST_NAMES = ['Schmidt', 'Müller', 'Özdemir', 'Bauer', 'Zander', 'Weber', 'Wagner', 'Becker', 'Hoffmann', 'Koch'];
const FIRST_NAMES = ['Erika', 'Max', 'Jörg', 'Anna', 'Lena', 'Paul', 'Sophie', 'Ömer'];
const customerNumberOf = (index) => `K-${String(index).padStart(5, '0')}`;

/**
 * An intermediary's portfolio: INTERMEDIARY_CUSTOMERS customers in the accounts V-1 and V-2 (every tenth in both),
 * some of them companies, each with CONTRACTS_PER_CUSTOMER contracts across Sparten; OTHER_CUSTOMERS customers of
 * the account V-9 with five contracts each; an intermediary grant on V-1 and V-2 with automatic sharing.
 */
async function seedIntermediary(port, host, apiHeaders, smtp) {
  const items = [];
  for (let index = 0; index < INTERMEDIARY_CUSTOMERS + OTHER_CUSTOMERS; index += 1) {
    const isOther = index >= INTERMEDIARY_CUSTOMERS;
    const customerNumber = customerNumberOf(index);
    const isBusiness = index % 7 === 3;
    items.push({
      type: 'customer',
      action: 'upsert',
      customer: {
        customerNumber,
        kind: isBusiness ? 'business' : 'private',
        ...(isBusiness
          ? { companyName: `${LAST_NAMES[index % LAST_NAMES.length]} ${index} GmbH` }
          : {
              lastName: `${LAST_NAMES[index % LAST_NAMES.length]}${index}`,
              firstName: FIRST_NAMES[index % FIRST_NAMES.length],
            }),
        address: { postcode: String(10_000 + index), city: 'Berlin' },
        intermediaryAccounts: isOther ? ['V-9'] : index % 10 === 0 ? ['V-1', 'V-2'] : [index % 2 === 0 ? 'V-1' : 'V-2'],
      },
    });
    const count = isOther ? 5 : CONTRACTS_PER_CUSTOMER;
    for (let number = 0; number < count; number += 1) {
      const contractIndex = index * CONTRACTS_PER_CUSTOMER + number;
      items.push(
        syncContract(contractIndex, {
          sparte: SPARTEN[contractIndex % SPARTEN.length],
          policyNumber: `PF${String(contractIndex).padStart(6, '0')}`,
          customerNumber,
          status: number % 10 === 9 ? 'cancelled' : 'active',
          startDate: `20${String(10 + (contractIndex % 15)).padStart(2, '0')}-01-01`,
        }),
      );
    }
  }
  // Customers first: a batch's contracts name customers that an earlier (or the same) batch wrote.
  for (let start = 0; start < items.length; start += 1000) {
    const batch = items.slice(start, start + 1000);
    const synced = await postJson(port, '/api/v1/portfolio/sync', { items: batch }, apiHeaders);
    synced.status === 200 || fail(`portfolio sync: HTTP ${synced.status} ${synced.body.slice(0, 300)}`);
    JSON.parse(synced.body).failed === 0 || fail(`portfolio sync: ${synced.body.slice(0, 300)}`);
  }
  await invite(
    port,
    host,
    apiHeaders,
    smtp,
    {
      name: 'Vermittler V-1 und V-2',
      kind: 'intermediary',
      customerNumbers: ['V-1', 'V-2'],
      shareContractsAutomatically: true,
    },
    'Vera Vermittlerin',
    'intermediary',
  );
}

/** The intermediary's pages and what each must show. */
const INTERMEDIARY_PAGES = [
  { path: '/kunden', expect: /2\.?000 Kunden/ },
  { path: `/kunden?suche=${encodeURIComponent('özdemir')}`, expect: /200 Kunden/ },
  { path: `/vertraege?kunde=${customerNumberOf(1234)}`, expect: /PF012349/ },
  { path: '/vertraege', expect: /20\.?000 Verträge/ },
];

/** One customer with CONTRACTS contracts across Sparten, and a policyholder with a grant on that customer. */
async function seed(port, host, apiHeaders, smtp) {
  const customer = {
    type: 'customer',
    action: 'upsert',
    customer: { customerNumber: 'K-300', kind: 'private', lastName: 'Mustermann', firstName: 'Erika' },
  };
  const contracts = Array.from({ length: CONTRACTS }, (_, index) =>
    syncContract(index, {
      sparte: SPARTEN[index % SPARTEN.length],
      policyNumber: `PF${String(index).padStart(4, '0')}`,
      customerNumber: 'K-300',
      status: index % 10 === 9 ? 'cancelled' : 'active',
      startDate: `20${String(10 + (index % 15)).padStart(2, '0')}-01-01`,
    }),
  );
  const synced = await postJson(port, '/api/v1/portfolio/sync', { items: [customer, ...contracts] }, apiHeaders);
  synced.status === 200 || fail(`portfolio sync: HTTP ${synced.status} ${synced.body.slice(0, 300)}`);
  const result = JSON.parse(synced.body);
  result.failed === 0 || fail(`portfolio sync: ${synced.body.slice(0, 300)}`);
  await invite(
    port,
    host,
    apiHeaders,
    smtp,
    { name: 'Haushalt Mustermann', kind: 'customer', customerNumbers: ['K-300'], shareContractsAutomatically: true },
    'Erika Mustermann',
    'policyholder',
  );
}

/** A real login through the form: the cookies a browser would send afterwards. */
async function login(port, host) {
  const { cookie, answer } = await logIn(port, host, EMAIL, PASSWORD);
  const session = []
    .concat(answer.headers['set-cookie'] ?? [])
    .map((line) => line.split(';')[0])
    .filter((pair) => !/^(__Host-)?portico_csrf=/.test(pair));
  session.length > 0 || fail('the login set no session cookie');
  return [cookie, ...session].join('; ');
}

/** One row: pages/s, latency and Portico's CPU per page under CONNECTIONS connections for `seconds`. */
async function loadRow(
  autocannon,
  port,
  pid,
  path,
  headers,
  seconds,
  database = null,
  connections = CONNECTIONS,
  freshAddresses = false,
) {
  const databaseBefore = await database?.sample();
  const run = await load(autocannon, port, pid, { path, headers, connections, seconds, freshAddresses });
  const databaseCpuSeconds = database === null ? NaN : await database.since(databaseBefore);
  const ok = run.statusCount('200');
  return {
    path: freshAddresses ? `${path} (every request a new address)` : path,
    isDecided: freshAddresses,
    cpuMsPerPage: ok === 0 ? NaN : (run.porticoCpuSeconds / ok) * 1000,
    databaseCpuMsPerPage: ok === 0 ? NaN : (databaseCpuSeconds / ok) * 1000,
    loadAverage: run.loadAverage,
    pagesPerSecond: ok / run.seconds,
    p50: run.p50,
    p99: run.p99,
    others: run.others('200'),
    target: { pagesPerSecond: TARGET_PAGES_PER_SECOND, p99Ms: TARGET_P99_MS },
  };
}
export const met = (row) =>
  row.others === 0 && row.pagesPerSecond >= TARGET_PAGES_PER_SECOND && row.p99 <= TARGET_P99_MS;

/** The floor's two pages (scripts/bench-page-floor.js) under the same load, on a database of the same server. */
async function floorRows(autocannon, databaseUrl, listBytes, seconds) {
  const port = await freePort();
  const floor = spawn(
    process.execPath,
    [
      ...PROFILE_FLAGS,
      join(ROOT, 'scripts', 'bench-page-floor.js'),
      '--port',
      String(port),
      '--database-url',
      databaseUrl,
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  try {
    await waitReady(port, { exited: exitOf(floor), name: 'the page floor' });
    const rows = [];
    for (const path of ['/one', `/three?bytes=${listBytes}`]) {
      log(`floor GET ${path}: warm-up ${WARMUP_SECONDS} s, then ${seconds} s at ${CONNECTIONS} connections …`);
      await loadRow(autocannon, port, floor.pid, path, {}, WARMUP_SECONDS);
      rows.push({ ...(await loadRow(autocannon, port, floor.pid, path, {}, seconds)), isFloor: true });
    }
    return rows;
  } finally {
    await stopChild(floor);
  }
}

/** Both rows on PostgreSQL: { contracts, connections, seconds, rows: [{ path, pagesPerSecond, p99, … }] }. */
export async function runPortfolioPagesBench(options = {}) {
  const serverUrl = options.serverUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const seconds = options.seconds ?? SECONDS;
  existsSync(CLI) || fail('dist/ is missing: run `npm run build` first');
  const { default: autocannon } = await import('autocannon');
  const pglite = options.pglite === true;
  const database = pglite ? null : await scratchDatabase(serverUrl, 'portico_bench_pages');
  const dataDir = pglite ? mkdtempSync(join(tmpdir(), 'portico-bench-pages-')) : null;
  const port = await freePort();
  const host = `portfolio.localhost:${port}`;
  const smtp = await startLoopbackSmtp(EMAIL);
  const env = porticoEnv(port, {
    ...(database === null ? { DATA_DIR: dataDir } : { DATABASE_URL: database.url }),
    SECOND_FACTOR_KEY: secondFactorKey(),
    API_RATE_LIMIT: '100000',
    SMTP_URL: smtp.url,
  });
  let child = null;
  let databaseCpuOf = null;
  try {
    await runCli(['migrate'], env);
    await runCli(
      ['tenant', 'create', '--slug', 'portfolio', '--name', 'Bench Portfolio Makler GmbH', '--host', host],
      env,
    );
    const key = lastLineOf(await runCli(['api-key', 'create', '--tenant', 'portfolio', '--name', 'bench'], env));
    child = spawn(process.execPath, [...PORTICO_NODE_FLAGS, CLI, 'start', '--no-demo'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    await waitReady(port, { exited: exitOf(child) });
    const intermediary = options.intermediary === true;
    await (intermediary ? seedIntermediary : seed)(port, host, { authorization: `Bearer ${key}` }, smtp);
    const cookie = await login(port, host);
    const headers = { host, cookie };
    databaseCpuOf = database === null ? null : await databaseCpu(database.url);
    const rows = [];
    if (intermediary) {
      for (const { path, expect } of INTERMEDIARY_PAGES) {
        const probe = await httpRequest(port, { path, headers });
        probe.status === 200 || fail(`GET ${path} answered ${probe.status}`);
        expect.test(probe.body) || fail(`GET ${path} does not show ${String(expect)}`);
        log(`GET ${path}: warm-up ${WARMUP_SECONDS} s, then ${seconds} s at ${INTERMEDIARY_CONNECTIONS} connections …`);
        await loadRow(autocannon, port, child.pid, path, headers, WARMUP_SECONDS, null, INTERMEDIARY_CONNECTIONS);
        rows.push(
          await loadRow(autocannon, port, child.pid, path, headers, seconds, databaseCpuOf, INTERMEDIARY_CONNECTIONS),
        );
      }
      return {
        database: pglite ? 'PGlite' : 'PostgreSQL',
        shape:
          `an intermediary with ${INTERMEDIARY_CUSTOMERS * CONTRACTS_PER_CUSTOMER} contracts ` +
          `of ${INTERMEDIARY_CUSTOMERS} customers`,
        connections: INTERMEDIARY_CONNECTIONS,
        seconds,
        rows,
      };
    }
    let listBytes = 0;
    for (const path of ['/vertraege', '/']) {
      const probe = await httpRequest(port, { path, headers });
      probe.status === 200 || fail(`GET ${path} answered ${probe.status}`);
      if (path === '/vertraege') listBytes = Buffer.byteLength(probe.body);
      if (path === '/vertraege') {
        (/PF[0-9]{4}/.test(probe.body) && /300 Verträge/.test(probe.body)) ||
          fail('GET /vertraege does not show the seeded contracts');
      }
      log(`GET ${path}: warm-up ${WARMUP_SECONDS} s, then ${seconds} s at ${CONNECTIONS} connections …`);
      await loadRow(autocannon, port, child.pid, path, headers, WARMUP_SECONDS);
      rows.push(await loadRow(autocannon, port, child.pid, path, headers, seconds, databaseCpuOf));
    }
    // The same pages decided and rendered on every request: each at an address never asked before, so that the page
    // kept for the person is never the one asked for (what a first visit, or one after a change, costs).
    for (const path of ['/vertraege', '/']) {
      log(`GET ${path}, every request a new address: warm-up ${WARMUP_SECONDS} s, then ${seconds} s …`);
      await loadRow(autocannon, port, child.pid, path, headers, WARMUP_SECONDS, null, CONNECTIONS, true);
      rows.push(await loadRow(autocannon, port, child.pid, path, headers, seconds, databaseCpuOf, CONNECTIONS, true));
    }
    if (options.floor === true && database !== null) {
      await stopChild(child);
      child = null;
      rows.push(...(await floorRows(autocannon, database.url, listBytes, seconds)));
    }
    return {
      database: pglite ? 'PGlite' : 'PostgreSQL',
      contracts: CONTRACTS,
      shape: `one customer with ${CONTRACTS} contracts, a policyholder with a grant on it`,
      connections: CONNECTIONS,
      seconds,
      rows,
    };
  } finally {
    await databaseCpuOf?.close();
    if (child !== null) await stopChild(child);
    await smtp.close();
    if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
    if (options.keepDatabase === true && database !== null) {
      log(`kept the database: ${database.url}`);
      await database.keep();
    } else {
      await database?.drop();
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const result = await runPortfolioPagesBench({
      pglite: process.argv.includes('--pglite'),
      floor: process.argv.includes('--floor'),
      keepDatabase: process.argv.includes('--keep-database'),
      intermediary: process.argv.includes('--intermediary'),
    });
    console.log(
      `Portfolio pages on ${result.database}: ${result.shape}, ${result.connections} connections, ` +
        `${result.seconds} s each ` +
        `(${cpus().length} cores, Node ${process.version})`,
    );
    for (const row of result.rows) {
      const database = Number.isFinite(row.databaseCpuMsPerPage)
        ? `, database ${row.databaseCpuMsPerPage.toFixed(1)} ms/page`
        : '';
      console.log(
        `  ${row.isFloor === true ? 'floor ' : ''}GET ${row.path.padEnd(10)} ` +
          `${Math.round(row.pagesPerSecond)} pages/s, p50 ${row.p50} ms, ` +
          `p99 ${row.p99} ms, Portico CPU ${row.cpuMsPerPage.toFixed(1)} ms/page` +
          database +
          `${row.others === 0 ? '' : `, ${row.others} not 200`} (load average ${row.loadAverage.toFixed(2)}) — ` +
          `target ≥ ${TARGET_PAGES_PER_SECOND}/s, p99 ≤ ${TARGET_P99_MS} ms: ${met(row) ? 'met' : 'MISSED'}`,
      );
    }
  } catch (error) {
    log(`bench-portfolio-pages failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
