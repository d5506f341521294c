#!/usr/bin/env node
// Documents on PostgreSQL with the folder store: `node scripts/bench-documents.js`.
// Creates a fresh database on the PostgreSQL server named by DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres) and a temporary data folder (the store is DATA_DIR/files), a
// tenant and an API key with the CLI, starts Portico with a loopback SMTP server and measures over HTTP:
//   - the resident memory (VmRSS) of the Portico process while one 35 MB PDF is uploaded through
//     POST /api/v1/documents (its rise over the idle figure just before);
//   - the download of that PDF through GET /api/v1/documents/{id}/content, one at a time (MB/s), and the
//     memory rise while 10 downloads of it run at once;
//   - uploads/s of 100 KB PDFs (each different) through POST /api/v1/documents, 4 at a time (BENCH_UPLOAD_IN_FLIGHT
//     in the environment sets another number), and Portico's CPU time per upload;
//   - GET /dokumente of a policyholder who sees one customer with 10,000 documents (a few uploaded through the
//     API, the rest inserted in one statement naming those files), 20 connections: p50 and p99.
// Memory is the server's: sampled from /proc/<pid>/status every few milliseconds, and its peak (VmHWM) after the
// kernel's peak was reset through /proc/<pid>/clear_refs just before, whichever is higher. MB = 10^6 bytes.
// Beside Portico's CPU per list page (from /proc/<pid>/stat), the CPU of the PostgreSQL server's backends of the run's
// database (their process ids from pg_stat_activity, their CPU from /proc) when the server runs on this machine.
// The database and the data folder are removed afterwards (`--keep-database`: the database is kept and named, for
// EXPLAIN ANALYZE of the statements on it). Needs a built dist/ (`npm run build`).
// Options: --list-only (only the list's seeding and GET /dokumente), --transfers-only (only the 35 MB upload and the
// downloads, rows 14–16), --memory-probe (Portico loads scripts/bench-memory-probe.js; each memory round is also split
// into V8's heap, external memory and ArrayBuffers, with the collections during it), --fresh-downloads (Portico is
// restarted after the uploads, so the downloads' memory is that of a process no upload has grown); BENCH_NODE_FLAGS in
// the environment adds flags to Portico's node (e.g. `--max-semi-space-size=2`).
// Also usable from another script: `import { runDocumentsBench } from './bench-documents.js'`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CLI,
  PROFILE_FLAGS,
  ROOT,
  cpuSecondsOf,
  databaseCpu,
  exitOf,
  fail,
  fmt,
  freePort,
  httpRequest,
  invitePersonWithGrant,
  lastLineOf,
  load,
  log,
  logIn,
  porticoEnv,
  postJson,
  readStatusKb,
  runCli,
  scratchDatabase,
  secondFactorKey,
  sleep,
  startLoopbackSmtp,
  stopChild,
  syncContract,
  waitReady,
} from './bench-support.js';

/** The largest upload Portico takes (MAX_DOCUMENT_BYTES): 35 MiB. */
const BIG_BYTES = 35 * 1024 * 1024;
const SMALL_BYTES = 100 * 1024;
const PARALLEL_DOWNLOADS = 10;
const SINGLE_DOWNLOADS = 5;
/** Downloads before the measured ones, not counted: the first few after start run slower (code not yet optimised). */
const DOWNLOAD_WARMUPS = 3;
/** Each memory measurement is made this many times; the median rise is the figure, every one is printed. */
const MEMORY_ROUNDS = 3;
const FLOOR = join(ROOT, 'scripts', 'bench-download-floor.js');
const MEMORY_PROBE = join(ROOT, 'scripts', 'bench-memory-probe.js');
const UPLOAD_SECONDS = 10;
const UPLOAD_IN_FLIGHT = Number.parseInt(process.env.BENCH_UPLOAD_IN_FLIGHT ?? '', 10) || 4;
const LIST_DOCUMENTS = 10_000;
/** Documents of the list's customer uploaded through the API; the rest of LIST_DOCUMENTS name their files. */
const LIST_FILES = 5;
const LIST_CONTRACTS = 20;
const CONNECTIONS = 20;
const LIST_SECONDS = 10;
const WARMUP_SECONDS = 2;
/** Idle time before a memory baseline, so the figure is not of the work just before. */
const SETTLE_MS = 1000;
const SAMPLE_MS = 5;

export const TARGETS = {
  downloadMBps: 200,
  parallelDownloadRiseMB: 20,
  uploadRiseMB: 20,
  uploadsPerSecond: 100,
  listP99Ms: 50,
};

const EMAIL = 'dokumente@bench.example';
const PASSWORD = 'Kolibri-Segelboot-Tannenzapfen-4711';
const LIST_CUSTOMER = 'K-DOK';
/** The uploads' customer: one the policyholder does not see, so the list keeps exactly LIST_DOCUMENTS. */
const UPLOAD_CUSTOMER = 'K-UPLOAD';
const KEYWORDS = [['Police'], ['Nachtrag'], ['Beitragsrechnung'], ['Schadenmeldung'], ['Kündigung', 'Police']];
const MB = 1e6;

// ---- Files and multipart bodies ---------------------------------------------------------------
/** A file that starts as a PDF (Portico decides the type by the first bytes); the rest is random. */
function pdfOf(size, label) {
  const head = Buffer.from(`%PDF-1.7\n% ${label}\n`, 'latin1');
  const tail = Buffer.from('\n%%EOF\n', 'latin1');
  return Buffer.concat([head, randomBytes(size - head.length - tail.length), tail]);
}

/** The API's multipart body: "metadata" (JSON) first, then "file". The parts around the file are small. */
function multipartOf(metadata, file, fileName) {
  const boundary = `----portico-bench-${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n` +
      `${JSON.stringify(metadata)}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; ` +
      `filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    parts: [head, file, tail],
    length: head.length + file.length + tail.length,
  };
}

/**
 * POST /api/v1/documents with the body written in 256 KiB pieces as the socket takes them (as a client streams a
 * file); resolves with the status and the answer's JSON.
 */
function upload(port, headers, metadata, file, { agent } = {}) {
  const body = multipartOf(metadata, file, `${metadata.title}.pdf`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/documents',
        agent: agent ?? false,
        headers: { ...headers, 'content-type': body.contentType, 'content-length': body.length },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 201) resolve(JSON.parse(text));
          else reject(new Error(`upload answered ${res.statusCode}: ${text.slice(0, 300)}`));
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(120_000, () => req.destroy(new Error('upload: no answer within 120 s')));
    req.on('error', reject);
    (async () => {
      for (const part of body.parts) {
        for (let offset = 0; offset < part.length; offset += 256 * 1024) {
          if (!req.write(part.subarray(offset, offset + 256 * 1024))) {
            await new Promise((drained) => req.once('drain', drained));
          }
        }
      }
      req.end();
    })().catch(reject);
  });
}

/**
 * GET of a file, counted and dropped as it arrives: bytes, milliseconds to the last byte and to the answer's headers
 * (the request's own work before the file flows: authentication, lookup, audit record).
 */
function download(port, headers, path) {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        agent: false,
        headers,
      },
      (res) => {
        const firstByteMs = performance.now() - startedAt;
        let bytes = 0;
        res.on('data', (chunk) => (bytes += chunk.length));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve({ bytes, ms: performance.now() - startedAt, firstByteMs })
            : reject(new Error(`download answered ${res.statusCode}`)),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(120_000, () => req.destroy(new Error('download: no answer within 120 s')));
    req.on('error', reject);
    req.end();
  });
}

// ---- The server's memory ----------------------------------------------------------------------
/**
 * The rise of the server's resident memory while `work` runs: the baseline after SETTLE_MS idle, then the highest
 * of VmRSS sampled every SAMPLE_MS and of the kernel's peak (VmHWM, reset just before through clear_refs when the
 * kernel allows it). MiB from the kernel's KiB; `riseMB` in 10^6 bytes.
 */
export async function memoryDuring(pid, work) {
  await sleep(SETTLE_MS);
  const baselineKb = readStatusKb(pid, 'VmRSS');
  let peakResetWorked = true;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    peakResetWorked = false;
  }
  let sampledKb = baselineKb;
  const startedAt = Date.now();
  const sampler = setInterval(() => {
    sampledKb = Math.max(sampledKb, readStatusKb(pid, 'VmRSS'));
  }, SAMPLE_MS);
  let result;
  try {
    result = await work();
  } finally {
    clearInterval(sampler);
  }
  sampledKb = Math.max(sampledKb, readStatusKb(pid, 'VmRSS'));
  const endedAt = Date.now();
  const peakKb = peakResetWorked ? Math.max(sampledKb, readStatusKb(pid, 'VmHWM')) : sampledKb;
  const afterKb = readStatusKb(pid, 'VmRSS');
  return {
    result,
    baselineMiB: baselineKb / 1024,
    peakMiB: peakKb / 1024,
    afterMiB: afterKb / 1024,
    riseMB: ((peakKb - baselineKb) * 1024) / MB,
    peakFrom: peakResetWorked ? 'VmHWM after clear_refs and VmRSS samples' : 'VmRSS samples',
    startedAt,
    endedAt,
  };
}

/** The lines BENCH_MEMORY_PROBE wrote (scripts/bench-memory-probe.js): memory samples and collections. */
function readProbe(path) {
  const samples = [];
  const collections = [];
  if (!existsSync(path)) return { samples, collections };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '') continue;
    const entry = JSON.parse(line);
    (entry.gc === undefined ? samples : collections).push(entry);
  }
  return { samples, collections };
}

const PROBE_FIELDS = ['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers'];

/**
 * One memory round seen from inside the process: each field's rise (its peak during the round over its value at the
 * round's start, in MB), the fields at the moment RSS peaked, and the collections during the round by kind.
 */
function probeOfRound(probe, round) {
  const before = probe.samples.filter((sample) => sample.t <= round.startedAt).at(-1);
  const during = probe.samples.filter((sample) => sample.t > round.startedAt && sample.t <= round.endedAt);
  if (before === undefined || during.length === 0) return null;
  const rise = Object.fromEntries(
    PROBE_FIELDS.map((field) => [field, (Math.max(...during.map((sample) => sample[field])) - before[field]) / MB]),
  );
  const atPeak = during.reduce((best, sample) => (sample.rss > best.rss ? sample : best));
  const collections = {};
  for (const gc of probe.collections) {
    if (gc.t > round.startedAt && gc.t <= round.endedAt) collections[gc.gc] = (collections[gc.gc] ?? 0) + 1;
  }
  return {
    rise,
    youngMB: before.newSpace / MB,
    atPeak: Object.fromEntries(PROBE_FIELDS.map((field) => [field, (atPeak[field] - before[field]) / MB])),
    collections,
  };
}

/** A probe's round as text: the rises of RSS, V8's heap, external memory and ArrayBuffers, and the collections. */
function probeText(probed) {
  if (probed === null) return 'no probe samples';
  const { rise, atPeak, collections, youngMB } = probed;
  const gcs = Object.entries(collections)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');
  return (
    `rise of rss ${fmt(rise.rss, 1)}, heapUsed ${fmt(rise.heapUsed, 1)}, heapTotal ${fmt(rise.heapTotal, 1)}, ` +
    `external ${fmt(rise.external, 1)} (arrayBuffers ${fmt(rise.arrayBuffers, 1)}) MB; at the RSS peak: rss ` +
    `${fmt(atPeak.rss, 1)}, heapTotal ${fmt(atPeak.heapTotal, 1)}, arrayBuffers ${fmt(atPeak.arrayBuffers, 1)}, ` +
    `the rest ${fmt(atPeak.rss - atPeak.heapTotal - atPeak.external, 1)} MB; collections: ${gcs || 'none'}; ` +
    `V8's young generation ${fmt(youngMB, 1)} MB`
  );
}

// ---- Seeding ----------------------------------------------------------------------------------
const customer = (customerNumber, lastName) => ({
  type: 'customer',
  action: 'upsert',
  customer: { customerNumber, kind: 'private', lastName, firstName: 'Erika' },
});

/** Only the uploads' customer, for a run of the transfers alone. */
async function seedUploadCustomer(port, apiHeaders) {
  const synced = await postJson(
    port,
    '/api/v1/portfolio/sync',
    { items: [customer(UPLOAD_CUSTOMER, 'Hochlader')] },
    apiHeaders,
  );
  synced.status === 200 || fail(`portfolio sync: HTTP ${synced.status} ${synced.body.slice(0, 300)}`);
}

/**
 * Through the API: the list's customer with LIST_CONTRACTS contracts, the uploads' customer, a customer grant on the
 * list's customer with the profile "Alle Dokumente", a policyholder invited onto it; the password from the mailed
 * link.
 */
async function seedPeople(port, host, apiHeaders, smtp) {
  const contracts = Array.from({ length: LIST_CONTRACTS }, (_, index) =>
    syncContract(index, {
      sparte: ['010', '040', '051', '130'][index % 4],
      policyNumber: `DOK${String(index).padStart(3, '0')}`,
      customerNumber: LIST_CUSTOMER,
      startDate: '2020-01-01',
    }),
  );
  const synced = await postJson(
    port,
    '/api/v1/portfolio/sync',
    { items: [customer(LIST_CUSTOMER, 'Mustermann'), customer(UPLOAD_CUSTOMER, 'Hochlader'), ...contracts] },
    apiHeaders,
  );
  synced.status === 200 || fail(`portfolio sync: HTTP ${synced.status} ${synced.body.slice(0, 300)}`);
  JSON.parse(synced.body).failed === 0 || fail(`portfolio sync: ${synced.body.slice(0, 300)}`);
  await invitePersonWithGrant(port, host, apiHeaders, smtp, {
    grant: {
      name: 'Haushalt Mustermann',
      kind: 'customer',
      customerNumbers: [LIST_CUSTOMER],
      shareContractsAutomatically: true,
      documentProfile: 'Alle Dokumente',
    },
    email: EMAIL,
    name: 'Erika Mustermann',
    kind: 'policyholder',
    password: PASSWORD,
  });
}

/**
 * LIST_FILES real uploads for the list's customer, then the rest of LIST_DOCUMENTS in one INSERT … SELECT naming
 * those files (a third without a contract, the others spread over the customer's contracts, an hour apart).
 */
async function seedListDocuments(port, apiHeaders, databaseUrl) {
  const uploaded = [];
  for (let index = 0; index < LIST_FILES; index += 1) {
    uploaded.push(
      await upload(
        port,
        apiHeaders,
        { customerNumber: LIST_CUSTOMER, title: `Unterlage ${index}`, keywords: KEYWORDS[index % KEYWORDS.length] },
        pdfOf(SMALL_BYTES, `list ${index}`),
      ),
    );
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query(
      `with source as (
         select d.*, row_number() over (order by d.created_at, d.id) - 1 as n
         from documents d where d.id = any($1::uuid[])
       ), customer_contracts as (
         select c.id, row_number() over (order by c.id) - 1 as n, count(*) over () as total
         from contracts c where c.tenant_id = (select tenant_id from source limit 1)
           and c.customer_id = (select customer_id from source limit 1)
       )
       insert into documents (tenant_id, customer_id, contract_id, title, keywords, document_date, direction,
                              content_type, size, sha256, file_key, uploaded_by_api_key_id, created_at)
       select s.tenant_id, s.customer_id,
              case when g % 3 = 0 then null else (select cc.id from customer_contracts cc
                                                  where cc.n = g % cc.total) end,
              'Dokument ' || g, s.keywords, (date '2026-12-01' - (g / 24)::int), 'from_broker',
              s.content_type, s.size, s.sha256, s.file_key, s.uploaded_by_api_key_id,
              now() - make_interval(hours => g)
       from generate_series(1, $2::int) as g
       join source s on s.n = g % $3::int`,
      [uploaded.map((document) => document.id), LIST_DOCUMENTS - LIST_FILES, LIST_FILES],
    );
    result.rowCount === LIST_DOCUMENTS - LIST_FILES || fail(`inserted ${result.rowCount} documents`);
    await client.query('analyze documents');
  } finally {
    await client.end();
  }
}

/** A real login through the form: the cookies a browser sends afterwards. */
async function sessionCookie(port, host) {
  const { cookie, answer } = await logIn(port, host, EMAIL, PASSWORD);
  const session = []
    .concat(answer.headers['set-cookie'] ?? [])
    .map((line) => line.split(';')[0])
    .filter((pair) => !/^(__Host-)?portico_csrf=/.test(pair));
  session.length > 0 || fail('the login set no session cookie');
  return [cookie, ...session].join('; ');
}

// ---- Measurements -----------------------------------------------------------------------------
/** 100 KB uploads, each different, UPLOAD_IN_FLIGHT at a time over kept-alive connections, for `seconds`. */
async function measureUploads(port, apiHeaders, seconds) {
  const { Agent } = await import('node:http');
  const agent = new Agent({ keepAlive: true, maxSockets: UPLOAD_IN_FLIGHT });
  // Prepared beforehand so the bench's own work does not limit the rate; a counter makes each file unique.
  const template = pdfOf(SMALL_BYTES, 'upload 000000000');
  const fileOf = (number) => {
    const file = Buffer.from(template);
    file.write(String(number).padStart(9, '0'), 18, 'latin1');
    return file;
  };
  let next = 0;
  let stored = 0;
  const startedAt = performance.now();
  const endAt = startedAt + seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: UPLOAD_IN_FLIGHT }, async () => {
        while (performance.now() < endAt) {
          const number = next++;
          await upload(
            port,
            apiHeaders,
            { customerNumber: UPLOAD_CUSTOMER, title: `Beitragsrechnung ${number}`, keywords: ['Beitragsrechnung'] },
            fileOf(number),
            { agent },
          );
          stored += 1;
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  const elapsed = (performance.now() - startedAt) / 1000;
  return { stored, seconds: elapsed, perSecond: stored / elapsed };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const required = (value) => value ?? fail('missing value');

/**
 * DOWNLOAD_WARMUPS downloads of `path`, then SINGLE_DOWNLOADS measured ones, one after another, each on a new
 * connection: MB/s and milliseconds to the headers of each measured one.
 */
async function singleDownloads(port, headers, path, pid) {
  const rates = [];
  const firstByteMs = [];
  const streamRates = [];
  let cpuBefore = 0;
  for (let index = 0; index < DOWNLOAD_WARMUPS + SINGLE_DOWNLOADS; index += 1) {
    if (index === DOWNLOAD_WARMUPS) cpuBefore = cpuSecondsOf(pid);
    const run = await download(port, headers, path);
    run.bytes === BIG_BYTES || fail(`a download brought ${run.bytes} bytes`);
    if (index >= DOWNLOAD_WARMUPS) {
      rates.push(run.bytes / MB / (run.ms / 1000));
      firstByteMs.push(run.firstByteMs);
      streamRates.push(run.bytes / MB / ((run.ms - run.firstByteMs) / 1000));
    }
  }
  // The server's CPU per measured download: less disturbed by other processes than the rate.
  const cpuMs = ((cpuSecondsOf(pid) - cpuBefore) / SINGLE_DOWNLOADS) * 1000;
  return { rates, firstByteMs, streamRates, cpuMs };
}

/**
 * The same single downloads from the floor (scripts/bench-download-floor.js), started as Portico is, on the file
 * Portico stored (`<store>/<tenant>/<sha256>`); Portico keeps running but idle meanwhile.
 */
async function floorDownloads(storeFolder, sha256) {
  const tenantFolder =
    readdirSync(storeFolder).find((name) => existsSync(join(storeFolder, name, sha256))) ??
    fail(`the stored file ${sha256} is not in ${storeFolder}`);
  const port = await freePort();
  const floor = spawn(
    process.execPath,
    ['--v8-pool-size=0', FLOOR, '--port', String(port), '--file', join(storeFolder, tenantFolder, sha256)],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  try {
    await waitReady(port, { name: 'the download floor', exited: exitOf(floor) });
    return await singleDownloads(port, {}, '/file', floor.pid);
  } finally {
    await stopChild(floor);
  }
}

/** GET /dokumente of the seeded policyholder: warm-up, then the measured run at CONNECTIONS connections. */
async function measureList(port, host, pid, databaseUrl, options) {
  const { default: autocannon } = await import('autocannon');
  const cookie = await sessionCookie(port, host);
  const headers = { host, cookie };
  const probe = await httpRequest(port, { path: '/dokumente', headers });
  probe.status === 200 || fail(`GET /dokumente answered ${probe.status}`);
  /Dokument 1\b/.test(probe.body) || fail('GET /dokumente does not show the seeded documents');
  log(`Documents: GET /dokumente answers ${Buffer.byteLength(probe.body)} bytes of HTML`);
  const listSeconds = options.listSeconds ?? LIST_SECONDS;
  log(`Documents: GET /dokumente, warm-up ${WARMUP_SECONDS} s, then ${listSeconds} s at ${CONNECTIONS} connections …`);
  await load(autocannon, port, pid, { path: '/dokumente', headers, connections: CONNECTIONS, seconds: WARMUP_SECONDS });
  // The database's backends (Portico's pool, open after the warm-up) and their CPU during the measured run.
  const database = await databaseCpu(databaseUrl);
  const databaseBefore = await database?.sample();
  const run = await load(autocannon, port, pid, {
    path: '/dokumente',
    headers,
    connections: CONNECTIONS,
    seconds: listSeconds,
  });
  const databaseCpuSeconds = database === null ? NaN : await database.since(databaseBefore);
  // The same page decided and rendered on every request: each at an address never asked before, so that the page kept
  // for the person is never the one asked for (what a first visit, or one after a change, costs).
  log(`Documents: GET /dokumente, every request a new address, warm-up ${WARMUP_SECONDS} s, then ${listSeconds} s …`);
  const fresh = { path: '/dokumente', headers, connections: CONNECTIONS, freshAddresses: true };
  await load(autocannon, port, pid, { ...fresh, seconds: WARMUP_SECONDS });
  const decidedBefore = await database?.sample();
  const decidedRun = await load(autocannon, port, pid, { ...fresh, seconds: listSeconds });
  const decidedDatabaseSeconds = database === null ? NaN : await database.since(decidedBefore);
  await database?.close();
  return {
    decided: pageFiguresOf(decidedRun, decidedDatabaseSeconds),
    documents: LIST_DOCUMENTS,
    connections: CONNECTIONS,
    seconds: listSeconds,
    ...pageFiguresOf(run, databaseCpuSeconds),
    loadAverage: run.loadAverage,
    otherCores: run.otherCores,
  };
}

/** A load run's pages answered 200, per second, their latency and the CPU each cost Portico and the database. */
function pageFiguresOf(run, databaseCpuSeconds) {
  const ok = run.statusCount('200');
  return {
    ok,
    pagesPerSecond: ok / run.seconds,
    p50: run.p50,
    p99: run.p99,
    others: run.others('200'),
    cpuMsPerPage: ok === 0 ? NaN : (run.porticoCpuSeconds / ok) * 1000,
    databaseCpuMsPerPage: ok === 0 ? NaN : (databaseCpuSeconds / ok) * 1000,
  };
}

/**
 * Everything on PostgreSQL and the folder store; returns the figures:
 * { bigUpload, singleDownloads, parallel, uploads, list, ... }. Options: serverUrl, uploadSeconds, listSeconds,
 * listOnly (only the seeding and GET /dokumente; `--list-only` on the command line), transfersOnly (only rows 14–16,
 * without the list's seeding; `--transfers-only`), memoryProbe (the server loads scripts/bench-memory-probe.js and
 * each memory round is also split into V8's heap, external memory and the rest; `--memory-probe`), freshDownloads
 * (Portico restarted between the uploads and the downloads; `--fresh-downloads`).
 */
export async function runDocumentsBench(options = {}) {
  const serverUrl = options.serverUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  existsSync(CLI) || fail('dist/ is missing: run `npm run build` first');
  const database = await scratchDatabase(serverUrl, 'portico_bench_documents');
  const dataDir = mkdtempSync(join(tmpdir(), 'portico-bench-documents-'));
  const port = await freePort();
  const host = `dokumente.localhost:${port}`;
  const smtp = await startLoopbackSmtp(EMAIL);
  const env = porticoEnv(port, {
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    SECOND_FACTOR_KEY: secondFactorKey(),
    API_RATE_LIMIT: '1000000',
    SMTP_URL: smtp.url,
  });
  const probeFile = join(dataDir, 'memory-probe.jsonl');
  if (options.memoryProbe === true) env.BENCH_MEMORY_PROBE = probeFile;
  const probeFlags = options.memoryProbe === true ? ['--import', pathToFileURL(MEMORY_PROBE).href] : [];
  // BENCH_NODE_FLAGS in the environment: more flags for Portico's node (to compare V8's settings), space-separated.
  const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
  let child = null;
  let errorOutput = '';
  try {
    await runCli(['migrate'], env);
    await runCli(['tenant', 'create', '--slug', 'dokumente', '--name', 'Bench Dokumente GmbH', '--host', host], env);
    const key = lastLineOf(await runCli(['api-key', 'create', '--tenant', 'dokumente', '--name', 'bench'], env));
    const apiHeaders = { authorization: `Bearer ${key}` };
    const startPortico = async () => {
      const started = spawn(
        process.execPath,
        ['--v8-pool-size=0', ...nodeFlags, ...PROFILE_FLAGS, ...probeFlags, CLI, 'start', '--no-demo'],
        { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      child = started;
      // Portico's error output, kept for when it exits during the run.
      started.stderr.on('data', (chunk) => (errorOutput = (errorOutput + chunk.toString('utf8')).slice(-4000)));
      await waitReady(port, { exited: exitOf(started) });
      return started.pid;
    };
    let pid = await startPortico();
    const idleMiB = readStatusKb(pid, 'VmRSS') / 1024;

    if (options.transfersOnly === true) {
      await seedUploadCustomer(port, apiHeaders);
    } else {
      log('Documents: customers, grant, policyholder, password …');
      await seedPeople(port, host, apiHeaders, smtp);
      log(`Documents: ${LIST_FILES} uploads and ${fmt(LIST_DOCUMENTS - LIST_FILES)} rows naming them …`);
      await seedListDocuments(port, apiHeaders, database.url);
    }
    if (options.listOnly === true) {
      return { list: await measureList(port, host, pid, database.url, options), loadAverage: loadavg()[0] };
    }
    // A few small uploads first, so the code of the upload path is loaded before memory is measured.
    for (let index = 0; index < 3; index += 1) {
      await upload(
        port,
        apiHeaders,
        { customerNumber: UPLOAD_CUSTOMER, title: `Aufwärmen ${index}` },
        pdfOf(SMALL_BYTES, `warm ${index}`),
      );
    }

    log(`Documents: ${MEMORY_ROUNDS} uploads of ${fmt(BIG_BYTES / MB, 1)} MB one after another, the server's memory …`);
    const big = pdfOf(BIG_BYTES, 'big 0');
    const bigUploads = [];
    for (let round = 0; round < MEMORY_ROUNDS; round += 1) {
      big.write(String(round), 14, 'latin1'); // other bytes each time: a new file, not the stored one again
      bigUploads.push(
        await memoryDuring(pid, async () => {
          const startedAt = performance.now();
          const document = await upload(
            port,
            apiHeaders,
            { customerNumber: UPLOAD_CUSTOMER, title: `Police gross ${round}`, keywords: ['Police'] },
            big,
          );
          document.size === BIG_BYTES || fail(`the big upload was stored with ${document.size} bytes`);
          return { document, ms: performance.now() - startedAt };
        }),
      );
    }
    const bigDocument = required(bigUploads.at(-1)).result.document;
    const contentPath = `/api/v1/documents/${bigDocument.id}/content`;

    if (options.freshDownloads === true) {
      log('Documents: Portico restarted, so that the downloads run in a process no upload has grown …');
      await stopChild(child);
      pid = await startPortico();
    }
    log(
      `Documents: ${DOWNLOAD_WARMUPS} + ${SINGLE_DOWNLOADS} downloads one after another, then ` +
        `${PARALLEL_DOWNLOADS} at once, ${MEMORY_ROUNDS} times …`,
    );
    const singles = await singleDownloads(port, apiHeaders, contentPath, pid);
    const parallels = [];
    for (let round = 0; round < MEMORY_ROUNDS; round += 1) {
      parallels.push(
        await memoryDuring(pid, async () => {
          const startedAt = performance.now();
          const runs = await Promise.all(
            Array.from({ length: PARALLEL_DOWNLOADS }, () => download(port, apiHeaders, contentPath)),
          );
          runs.every((run) => run.bytes === BIG_BYTES) || fail('a parallel download was incomplete');
          return { runs, ms: performance.now() - startedAt };
        }),
      );
    }
    log('Documents: the same downloads from the floor (scripts/bench-download-floor.js) …');
    const floor = await floorDownloads(join(dataDir, 'files'), bigDocument.sha256);

    const probe = options.memoryProbe === true ? readProbe(probeFile) : null;
    const probed = (rounds) => rounds.map((round) => ({ ...round, probe: probe && probeOfRound(probe, round) }));
    const transfers = {
      idleMiB,
      bigBytes: BIG_BYTES,
      bigUpload: {
        rounds: probed(bigUploads).map((round) => ({ ...round, MBps: BIG_BYTES / MB / (round.result.ms / 1000) })),
        riseMB: median(bigUploads.map((round) => round.riseMB)),
      },
      download: {
        runs: singles.rates,
        MBps: median(singles.rates),
        firstByteMs: median(singles.firstByteMs),
        streamMBps: median(singles.streamRates),
        floorStreamMBps: median(floor.streamRates),
        floorRuns: floor.rates,
        floorMBps: median(floor.rates),
        floorFirstByteMs: median(floor.firstByteMs),
        cpuMs: singles.cpuMs,
        floorCpuMs: floor.cpuMs,
      },
      parallel: {
        count: PARALLEL_DOWNLOADS,
        rounds: probed(parallels).map((round) => ({
          ...round,
          totalMBps: (PARALLEL_DOWNLOADS * BIG_BYTES) / MB / (round.result.ms / 1000),
        })),
        riseMB: median(parallels.map((round) => round.riseMB)),
      },
      loadAverage: loadavg()[0],
    };
    if (options.transfersOnly === true) return transfers;

    const uploadSeconds = options.uploadSeconds ?? UPLOAD_SECONDS;
    log(`Documents: 100 KB uploads, ${UPLOAD_IN_FLIGHT} in flight, ${uploadSeconds} s …`);
    const uploadCpuBefore = cpuSecondsOf(pid);
    const uploads = await measureUploads(port, apiHeaders, uploadSeconds);
    const uploadCpuMs = ((cpuSecondsOf(pid) - uploadCpuBefore) / Math.max(1, uploads.stored)) * 1000;

    const list = await measureList(port, host, pid, database.url, options);
    return {
      ...transfers,
      uploads: { ...uploads, inFlight: UPLOAD_IN_FLIGHT, bytes: SMALL_BYTES, cpuMs: uploadCpuMs },
      list,
      loadAverage: loadavg()[0],
    };
  } catch (error) {
    if (child !== null && child.exitCode !== null) log(`Portico exited (code ${child.exitCode}):\n${errorOutput}`);
    throw error;
  } finally {
    if (child !== null) await stopChild(child);
    await smtp.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (options.keepDatabase === true) {
      log(`kept the database: ${database.url}`);
      await database.keep();
    } else {
      await database.drop();
    }
  }
}

const verdict = (ok) => (ok ? 'met' : '**missed**');

/** The rises of the rounds, in their order. */
const risesOf = (rounds) => rounds.map((round) => fmt(round.riseMB, 1)).join(', ');

/** The table rows (measure, result, target, verdict) of a run. */
export function documentRows(result) {
  const { bigUpload, download: single, parallel, uploads, list } = result;
  const big = `${fmt(result.bigBytes / MB, 1)} MB`;
  const rows = [
    [
      `Download of a ${big} PDF from the folder store (GET /api/v1/documents/{id}/content, median of ` +
        `${single.runs.length})`,
      `${fmt(single.MBps)} MB/s (floor ${fmt(single.floorMBps)} MB/s)`,
      `≥ ${TARGETS.downloadMBps} MB/s`,
      verdict(single.MBps >= TARGETS.downloadMBps),
    ],
    [
      `Server memory rise during ${parallel.count} downloads of it at once (median of ${parallel.rounds.length})`,
      `${fmt(parallel.riseMB, 1)} MB (each: ${risesOf(parallel.rounds)} MB)`,
      `≤ ${TARGETS.parallelDownloadRiseMB} MB`,
      verdict(parallel.riseMB <= TARGETS.parallelDownloadRiseMB),
    ],
    [
      `Server memory rise during a ${big} upload (POST /api/v1/documents, median of ${bigUpload.rounds.length}, ` +
        `the first after start first)`,
      `${fmt(bigUpload.riseMB, 1)} MB (each: ${risesOf(bigUpload.rounds)} MB)`,
      `≤ ${TARGETS.uploadRiseMB} MB`,
      verdict(bigUpload.riseMB <= TARGETS.uploadRiseMB),
    ],
  ];
  // A run of the transfers alone (`--transfers-only`) has neither of the last two rows.
  if (uploads === undefined || list === undefined) return rows;
  return [
    ...rows,
    [
      `Uploads/s of ${fmt(uploads.bytes / 1024)} KiB PDFs on PostgreSQL (${uploads.inFlight} in flight)`,
      `${fmt(uploads.perSecond, 1)} /s`,
      `≥ ${TARGETS.uploadsPerSecond} /s`,
      verdict(uploads.perSecond >= TARGETS.uploadsPerSecond),
    ],
    [
      `GET /dokumente, a customer with ${fmt(list.documents)} documents, on PostgreSQL (${list.connections} ` +
        `connections)`,
      (list.ok === 0
        ? 'no page answered 200 within the run'
        : `p50 ${fmt(list.p50)} ms, p99 ${fmt(list.p99)} ms, ${fmt(list.pagesPerSecond)} pages/s`) +
        `${list.others === 0 ? '' : ` (${list.others} not 200)`}`,
      `p99 ≤ ${TARGETS.listP99Ms} ms`,
      // No answer at all within the run would leave p99 at 0: that is no figure, not a met target.
      verdict(list.ok > 0 && list.others === 0 && list.p99 <= TARGETS.listP99Ms),
    ],
  ];
}

/** The list decided and rendered on every request (each at a new address), beside the row's kept page. */
function decidedText(decided) {
  return (
    `GET /dokumente decided on every request (each at a new address): p50 ${fmt(decided.p50)} ms, ` +
    `p99 ${fmt(decided.p99)} ms, ${fmt(decided.pagesPerSecond)} pages/s` +
    `${decided.others === 0 ? '' : ` (${decided.others} not 200)`}; Portico CPU ${fmt(decided.cpuMsPerPage, 1)} ms ` +
    `per page, the database's backends ${fmt(decided.databaseCpuMsPerPage, 1)} ms`
  );
}

/** One memory round: VmRSS before, the peak, VmRSS after. */
const memoryOf = (round) => `${fmt(round.baselineMiB)} → ${fmt(round.peakMiB)} → ${fmt(round.afterMiB)} MiB`;

/** Lines under the table that explain it. */
export function documentDetails(result) {
  const { bigUpload, download: single, parallel, uploads, list } = result;
  const lines = [
    `- documents: Portico idle after start ${fmt(result.idleMiB)} MiB VmRSS; the server's memory (VmRSS before → ` +
      `peak → after; peak from ${bigUpload.rounds[0].peakFrom}) during each ${fmt(result.bigBytes / MB, 1)} MB ` +
      `upload: ${bigUpload.rounds.map((round) => `${memoryOf(round)} (${fmt(round.MBps)} MB/s)`).join('; ')}`,
    `- downloads one at a time (after ${DOWNLOAD_WARMUPS} not counted): ` +
      `${single.runs.map((value) => `${fmt(value)} MB/s`).join(', ')}; from the floor ` +
      `(the same file on Hono and @hono/node-server only, as Portico answers it): ` +
      `${single.floorRuns.map((value) => `${fmt(value)} MB/s`).join(', ')}; median time to the answer's headers ` +
      `${fmt(single.firstByteMs, 1)} ms (floor ${fmt(single.floorFirstByteMs, 1)} ms), median rate from the headers ` +
      `to the last byte ${fmt(single.streamMBps)} MB/s (floor ${fmt(single.floorStreamMBps)} MB/s); the server's ` +
      `CPU per download ${fmt(single.cpuMs, 1)} ms (floor ${fmt(single.floorCpuMs, 1)} ms)`,
    `- ${parallel.count} downloads at once: ` +
      `${parallel.rounds.map((round) => `${memoryOf(round)}, ${fmt(round.totalMBps)} MB/s together`).join('; ')}`,
  ];
  if (bigUpload.rounds[0].probe !== undefined) {
    lines.push(
      ...bigUpload.rounds.map((round, index) => `- probe, upload ${index + 1}: ${probeText(round.probe)}`),
      ...parallel.rounds.map(
        (round, index) => `- probe, ${parallel.count} downloads, round ${index + 1}: ` + probeText(round.probe),
      ),
    );
  }
  if (uploads === undefined || list === undefined) return lines;
  return [
    ...lines,
    `- uploads: ${uploads.stored} stored in ${fmt(uploads.seconds, 1)} s (each written to a temporary file, flushed, ` +
      `renamed, then its row); Portico CPU ${fmt(uploads.cpuMs, 1)} ms per upload`,
    `- GET /dokumente: Portico CPU ${fmt(list.cpuMsPerPage, 1)} ms per page, the database's backends ` +
      `${fmt(list.databaseCpuMsPerPage, 1)} ms; other processes ` +
      `${fmt(list.otherCores, 2)} cores (the PostgreSQL server counts here); load average ${fmt(list.loadAverage, 2)}`,
    `- ${decidedText(list.decided)}`,
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    if (process.argv.includes('--list-only')) {
      const result = await runDocumentsBench({
        listOnly: true,
        keepDatabase: process.argv.includes('--keep-database'),
      });
      const { list } = result;
      process.stdout.write(
        `\nGET /dokumente, a customer with ${fmt(list.documents)} documents, on PostgreSQL (${cpus().length} cores, ` +
          `${list.connections} connections, ${list.seconds} s): p50 ${fmt(list.p50)} ms, p99 ${fmt(list.p99)} ms, ` +
          `${fmt(list.pagesPerSecond)} pages/s${list.others === 0 ? '' : ` (${list.others} not 200)`}; ` +
          `target p99 ≤ ${TARGETS.listP99Ms} ms\n` +
          `Portico CPU ${fmt(list.cpuMsPerPage, 1)} ms per page, the database's backends ` +
          `${fmt(list.databaseCpuMsPerPage, 1)} ms; other processes ${fmt(list.otherCores, 2)} cores ` +
          `(the PostgreSQL server counts here); load average ${fmt(list.loadAverage, 2)}\n` +
          `${decidedText(list.decided)}\n`,
      );
      process.exit(0);
    }
    const result = await runDocumentsBench({
      transfersOnly: process.argv.includes('--transfers-only'),
      memoryProbe: process.argv.includes('--memory-probe'),
      freshDownloads: process.argv.includes('--fresh-downloads'),
      keepDatabase: process.argv.includes('--keep-database'),
    });
    const lines = [
      '',
      `Documents on PostgreSQL with the folder store (${cpus().length} cores, Node ${process.version}; load ` +
        `average ${fmt(result.loadAverage, 2)} at the end)`,
      '',
      '| Measure | Result | Target | |',
      '| --- | --- | --- | --- |',
      ...documentRows(result).map((row) => `| ${row.join(' | ')} |`),
      '',
      ...documentDetails(result),
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (error) {
    log(`bench-documents failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
