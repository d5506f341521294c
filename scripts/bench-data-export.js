#!/usr/bin/env node
// A person's data export ("Meine Daten herunterladen") on PostgreSQL with the folder store:
// `node scripts/bench-data-export.js` (or `node scripts/bench.js --data-export`).
// Creates a fresh database on the PostgreSQL server named by DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres) and a temporary data folder, a tenant and an API key with the CLI,
// starts Portico (with its workers) and a loopback SMTP server, and seeds a policyholder who sees one customer with
// 1,000 documents of 1 MB each, 1 GB together (FILES different files uploaded through the API, the other rows
// inserted in one statement naming them, so the export reads 1 GB from the store). Then, over HTTP as the person:
//   - the request on Mein Zugang (POST /profile/daten) until the mail "Ihre Daten stehen bereit" arrives: the worker
//     streams the ZIP into the store; the server's memory rise meanwhile and the time;
//   - the download through the mailed link (POST /profile/daten/<token>), counted and dropped as it arrives: the
//     server's memory rise meanwhile and MB/s.
// Memory is the server's (VmRSS sampled every few milliseconds and the kernel's peak, see memoryDuring in
// scripts/bench-documents.js). MB = 10^6 bytes. Other processes share the machine: the figures are of one run.
// The database and the data folder are removed afterwards. Needs a built dist/ (`npm run build`).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CLI,
  csrfPairOf,
  exitOf,
  fail,
  fmt,
  freePort,
  httpRequest,
  invitePersonWithGrant,
  lastLineOf,
  log,
  logIn,
  PORTICO_NODE_FLAGS,
  porticoEnv,
  postJson,
  ROOT,
  runCli,
  scratchDatabase,
  secondFactorKey,
  sleep,
  startLoopbackSmtp,
  stopChild,
  waitReady,
} from './bench-support.js';
import { memoryDuring } from './bench-documents.js';

const DOCUMENTS = 1000;
const DOCUMENT_BYTES = 1_000_000;
/** Different files uploaded through the API; the other rows name them. */
const FILES = 10;
/** The worker prepares 1 GB: the mail may take a while. */
const PREPARE_TIMEOUT_MS = 10 * 60 * 1000;
const MB = 1e6;

export const TARGETS = { riseMB: 50 };

const EMAIL = 'daten@bench.example';
const PASSWORD = 'Kolibri-Segelboot-Tannenzapfen-4711';
const CUSTOMER = 'K-DATEN';

/** A file that starts as a PDF (Portico decides the type by the first bytes); the rest is random. */
function pdfOf(size, label) {
  const head = Buffer.from(`%PDF-1.7\n% ${label}\n`, 'latin1');
  const tail = Buffer.from('\n%%EOF\n', 'latin1');
  return Buffer.concat([head, randomBytes(size - head.length - tail.length), tail]);
}

/** POST /api/v1/documents as multipart: "metadata" (JSON), then "file". */
async function upload(port, apiHeaders, metadata, file) {
  const boundary = `----portico-bench-${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n` +
        `${JSON.stringify(metadata)}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; ` +
        `filename="${metadata.title}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      'utf8',
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
  ]);
  const answer = await httpRequest(port, {
    method: 'POST',
    path: '/api/v1/documents',
    headers: { ...apiHeaders, 'content-type': `multipart/form-data; boundary=${boundary}` },
    body,
    timeoutMs: 120_000,
  });
  answer.status === 201 || fail(`upload answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  return JSON.parse(answer.body);
}

/** The customer, a grant showing every document, the policyholder invited onto it, the password set. */
async function seedPerson(port, host, apiHeaders, smtp) {
  const synced = await postJson(
    port,
    '/api/v1/portfolio/sync',
    {
      items: [
        {
          type: 'customer',
          action: 'upsert',
          customer: { customerNumber: CUSTOMER, kind: 'private', lastName: 'Daten' },
        },
      ],
    },
    apiHeaders,
  );
  synced.status === 200 || fail(`portfolio sync: HTTP ${synced.status} ${synced.body.slice(0, 300)}`);
  await invitePersonWithGrant(port, host, apiHeaders, smtp, {
    grant: { name: 'Daten', kind: 'customer', customerNumbers: [CUSTOMER], documentProfile: 'Alle Dokumente' },
    email: EMAIL,
    name: 'Dora Daten',
    kind: 'policyholder',
    password: PASSWORD,
  });
}

/** FILES uploads, then the rest of DOCUMENTS in one INSERT … SELECT naming those files. */
async function seedDocuments(port, apiHeaders, databaseUrl) {
  const uploaded = [];
  for (let index = 0; index < FILES; index += 1) {
    uploaded.push(
      await upload(
        port,
        apiHeaders,
        { customerNumber: CUSTOMER, title: `Unterlage ${index}`, keywords: ['Police'] },
        pdfOf(DOCUMENT_BYTES, `export ${index}`),
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
       )
       insert into documents (tenant_id, customer_id, contract_id, title, keywords, document_date, direction,
                              content_type, size, sha256, file_key, uploaded_by_api_key_id, created_at)
       select s.tenant_id, s.customer_id, null, 'Dokument ' || g, s.keywords, null, 'from_broker',
              s.content_type, s.size, s.sha256, s.file_key, s.uploaded_by_api_key_id,
              now() - make_interval(mins => g)
       from generate_series(1, $2::int) as g
       join source s on s.n = g % $3::int`,
      [uploaded.map((document) => document.id), DOCUMENTS - FILES, FILES],
    );
    result.rowCount === DOCUMENTS - FILES || fail(`inserted ${result.rowCount} documents`);
  } finally {
    await client.end();
  }
}

/** The session's cookies after a login through the form, with the CSRF cookie. */
async function sessionCookie(port, host) {
  const { cookie, answer } = await logIn(port, host, EMAIL, PASSWORD);
  const session = []
    .concat(answer.headers['set-cookie'] ?? [])
    .map((line) => line.split(';')[0])
    .filter((pair) => !/^(__Host-)?portico_csrf=/.test(pair));
  return [cookie, ...session].join('; ');
}

/** The page's `_csrf` field, read with the session's cookies. */
async function csrfOf(port, host, cookie, path) {
  const page = await httpRequest(port, { path, host, headers: { cookie } });
  page.status === 200 || fail(`GET ${path} answered ${page.status}`);
  return /<input[^>]*name="_csrf"[^>]*value="([^"]+)"/.exec(page.body)?.[1] ?? csrfPairOf(page).csrf;
}

/** The POST of a form whose answer is a file: counted and dropped as it arrives. */
function postForFile(port, host, cookie, path, csrf) {
  const body = new URLSearchParams({ _csrf: csrf }).toString();
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        agent: false,
        headers: {
          host,
          cookie,
          origin: `http://${host}`,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk) => (bytes += chunk.length));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve({ bytes, ms: performance.now() - startedAt, disposition: res.headers['content-disposition'] })
            : reject(new Error(`download answered ${res.statusCode}`)),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(PREPARE_TIMEOUT_MS, () => req.destroy(new Error('download: no answer in time')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Waits for the mail with the export's link (the loopback SMTP keeps the person's last mail). */
async function exportLinkFrom(smtp, host) {
  const pattern = new RegExp(`http://${host.replace(/[.]/g, '\\.')}(/profile/daten/[A-Za-z0-9_-]{43})`);
  const deadline = performance.now() + PREPARE_TIMEOUT_MS;
  while (performance.now() < deadline) {
    const decoded = smtp.state.benchMail?.replace(/=\r?\n/g, '').replace(/=3D/gi, '=') ?? '';
    const path = pattern.exec(decoded)?.[1];
    if (path !== undefined) return path;
    await sleep(100);
  }
  return fail(`no mail "Ihre Daten stehen bereit" within ${PREPARE_TIMEOUT_MS / 1000} s`);
}

/** Everything on PostgreSQL and the folder store; returns { preparation, download, zipBytes, ... }. */
export async function runDataExportBench(options = {}) {
  const serverUrl = options.serverUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  existsSync(CLI) || fail('dist/ is missing: run `npm run build` first');
  const database = await scratchDatabase(serverUrl, 'portico_bench_export');
  const dataDir = mkdtempSync(join(tmpdir(), 'portico-bench-export-'));
  const port = await freePort();
  const host = `daten.localhost:${port}`;
  const smtp = await startLoopbackSmtp(EMAIL);
  const env = porticoEnv(port, {
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    SECOND_FACTOR_KEY: secondFactorKey(),
    API_RATE_LIMIT: '1000000',
    SMTP_URL: smtp.url,
  });
  let child = null;
  try {
    await runCli(['migrate'], env);
    await runCli(['tenant', 'create', '--slug', 'daten', '--name', 'Bench Daten GmbH', '--host', host], env);
    const key = lastLineOf(await runCli(['api-key', 'create', '--tenant', 'daten', '--name', 'bench'], env));
    const apiHeaders = { authorization: `Bearer ${key}` };
    child = spawn(process.execPath, [...PORTICO_NODE_FLAGS, CLI, 'start', '--no-demo'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitReady(port, { exited: exitOf(child) });
    const { pid } = child;
    log('Data export: customer, grant, policyholder, password …');
    await seedPerson(port, host, apiHeaders, smtp);
    log(
      `Data export: ${FILES} uploads of ${fmt(DOCUMENT_BYTES / MB, 1)} MB and ${DOCUMENTS - FILES} rows naming them …`,
    );
    await seedDocuments(port, apiHeaders, database.url);
    const cookie = await sessionCookie(port, host);

    log(`Data export: requested; the worker streams ${fmt((DOCUMENTS * DOCUMENT_BYTES) / MB)} MB into a ZIP …`);
    const requestCsrf = await csrfOf(port, host, cookie, '/profile');
    const preparation = await memoryDuring(pid, async () => {
      const startedAt = performance.now();
      const requested = await httpRequest(port, {
        method: 'POST',
        path: '/profile/daten',
        host,
        headers: { cookie, origin: `http://${host}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: requestCsrf }).toString(),
      });
      requested.status === 303 || fail(`POST /profile/daten answered ${requested.status}`);
      const path = await exportLinkFrom(smtp, host);
      return { path, ms: performance.now() - startedAt };
    });

    log('Data export: the download through the mailed link …');
    const { path } = preparation.result;
    const downloadCsrf = await csrfOf(port, host, cookie, path);
    const download = await memoryDuring(pid, () => postForFile(port, host, cookie, path, downloadCsrf));
    download.result.bytes > DOCUMENTS * DOCUMENT_BYTES || fail(`the ZIP has ${download.result.bytes} bytes`);
    return {
      documents: DOCUMENTS,
      documentBytes: DOCUMENT_BYTES,
      zipBytes: download.result.bytes,
      preparation: { ...preparation, seconds: preparation.result.ms / 1000 },
      download: { ...download, MBps: download.result.bytes / MB / (download.result.ms / 1000) },
      loadAverage: loadavg()[0],
    };
  } finally {
    if (child !== null) await stopChild(child);
    await smtp.close();
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  }
}

const verdict = (ok) => (ok ? 'met' : '**missed**');

/** The table row (measure, result, target, verdict): the higher of the two rises counts. */
export function dataExportRow(result) {
  const rise = Math.max(result.preparation.riseMB, result.download.riseMB);
  return [
    `Data export of a person with ${fmt(result.documents)} documents, ` +
      `${fmt((result.documents * result.documentBytes) / MB)} MB together (worker prepares the ZIP, then the ` +
      'download): server memory rise',
    `${fmt(result.preparation.riseMB, 1)} MB preparing (${fmt(result.preparation.seconds, 1)} s), ` +
      `${fmt(result.download.riseMB, 1)} MB downloading (${fmt(result.download.MBps)} MB/s)`,
    `≤ ${TARGETS.riseMB} MB`,
    verdict(rise <= TARGETS.riseMB),
  ];
}

/** A line under the table that explains the row. */
export function dataExportDetail(result) {
  const memory = (round) => `${fmt(round.baselineMiB)} → ${fmt(round.peakMiB)} → ${fmt(round.afterMiB)} MiB`;
  return (
    `- data export: a ZIP of ${fmt(result.zipBytes / MB)} MB; the server's memory (VmRSS before → peak → after; ` +
    `peak from ${result.preparation.peakFrom}) while preparing ${memory(result.preparation)}, while downloading ` +
    `${memory(result.download)}; load average at the end ${fmt(result.loadAverage, 2)}`
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const result = await runDataExportBench();
    process.stdout.write(
      `\n| Measure | Result | Target | |\n| --- | --- | --- | --- |\n| ${dataExportRow(result).join(' | ')} |\n\n` +
        `${dataExportDetail(result)}\n`,
    );
    process.exit(0);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  }
}
