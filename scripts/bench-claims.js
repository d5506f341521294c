#!/usr/bin/env node
// Claims through a real `portico start`: `node scripts/bench-claims.js` (and `npm run bench -- --claims`).
// On the embedded database (PGlite) in a temporary data folder (`--postgres`: a database of its own on the server
// named by DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres, dropped afterwards). The CLI creates a
// tenant and an API key; the API syncs a customer with a motor contract, a grant that shares claims, a webhook for
// `claim.submitted` to a receiver in this process, and invites REPORTERS policyholders, who set their passwords from
// the mailed links and log in through the form (a session each).
//   - Step pages: every reporter starts a draft of their own and walks its pages at once with the others, one
//     request after another on a connection of their own: GET and POST of steps 1 to 4, then GET of step 5, over
//     and over (the POSTs answer 303). Warm-up, then SECONDS: pages/s, p50/p99, the server's CPU per page.
//   - Full report: a draft filled in through the pages, PHOTOS valid baseline JPEGs of PHOTO_BYTES each uploaded
//     as the step's form sends them (one multipart request), then the submit: time from the submit request to the
//     webhook `claim.submitted` received, split into the submit's answer, the wait in the webhook queue and the
//     delivery attempt (from the API's delivery log); then the CRM's ZIP through the event's link (the PDF rendered,
//     the photos packed) and the person's PDF alone. REPORTS claims one after another; the median and the slowest.
// Needs a built dist/ (`npm run build`). Also usable from another script:
// `import { runClaimsBench } from './bench-claims.js'`.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  CLI,
  cpuSecondsOf,
  csrfPairOf,
  exitOf,
  fail,
  fmt,
  freePort,
  httpRequest,
  lastLineOf,
  log,
  logIn,
  MAIL_TIMEOUT_MS,
  otherLoadWindow,
  percentile,
  PORTICO_NODE_FLAGS,
  porticoEnv,
  postJson,
  ROOT,
  runCli,
  scratchDatabase,
  secondFactorKey,
  setPassword,
  setPasswordLinkOf,
  sleep,
  startLoopbackSmtp,
  stopChild,
  syncContract,
  waitReady,
} from './bench-support.js';

export const TARGET_REPORT_MS = 3000;
export const TARGET_STEP_P99_MS = 50;
const REPORTERS = 20;
const WARMUP_SECONDS = 3;
const SECONDS = 10;
const ALONE_SECONDS = 5;
const REPORTS = 3;
const PHOTOS = 20;
const PHOTO_BYTES = 1.5 * 1024 * 1024;
const PASSWORD = 'Kolibri-Segelboot-Tannenzapfen-4711';
const WEBHOOK_TIMEOUT_MS = 30_000;
const emailOf = (index) => `melder${String(index + 1).padStart(2, '0')}@claims.example`;

// ---- Valid JPEGs ---------------------------------------------------------------------------------
/**
 * A baseline JPEG (JFIF, YCbCr 4:4:4, 8 bit) of about `bytes` bytes that any decoder opens: noise-like blocks whose
 * DCT coefficients are drawn from `seed` (so every photo has bytes of its own; the store keeps files by their hash),
 * Huffman-coded with small tables of this encoder's own, padded to the exact size with a comment segment as a
 * camera's metadata would be. 1,536 px wide; the height follows from the size.
 */
export function photoJpeg(bytes, seed) {
  let state = seed >>> 0 || 1;
  const random = () => {
    // xorshift32: fast, deterministic
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  const width = 1536;
  const mcusPerRow = width / 8;
  // Entropy-coded data, with 0xFF stuffed, written bit by bit.
  let out = Buffer.alloc(bytes + 65_536);
  let length = 0;
  let bitBuffer = 0;
  let bitCount = 0;
  const writeBits = (value, count) => {
    bitBuffer = (bitBuffer << count) | (value & ((1 << count) - 1));
    bitCount += count;
    while (bitCount >= 8) {
      const byte = (bitBuffer >>> (bitCount - 8)) & 0xff;
      out[length++] = byte;
      if (byte === 0xff) out[length++] = 0;
      bitCount -= 8;
    }
    bitBuffer &= (1 << bitCount) - 1;
  };
  // Both tables give every symbol a 4-bit code (canonical order: symbol i has code i).
  const sizeOf = (value) => (value === 0 ? 0 : 32 - Math.clz32(Math.abs(value)));
  const writeValue = (code, value) => {
    const size = sizeOf(value);
    writeBits(code(size), 4);
    if (size > 0) writeBits(value > 0 ? value : value - 1 + (1 << size), size);
  };
  const dcCode = (size) => size; // symbols 0..11
  const acCode = (size) => size; // symbols 0x00 (end of block), 0x01..0x0A (run 0, size 1..10)
  const predictors = [0, 0, 0];
  const block = (component, acCount) => {
    const dc = predictors[component] + ((random() % 33) - 16);
    const clamped = Math.max(-1000, Math.min(1000, dc));
    writeValue(dcCode, clamped - predictors[component]);
    predictors[component] = clamped;
    for (let index = 0; index < acCount; index += 1) {
      const magnitude = 1 + (random() % 31);
      writeValue(acCode, random() & 1 ? magnitude : -magnitude);
    }
    writeBits(acCode(0), 4);
  };
  // SOI, APP0, DQT, SOF0, DHT, SOS, EOI and the last byte of the data; the rest of the size is left to comments.
  const headerBytes = 2 + 18 + 69 + 19 + 61 + 14 + 2 + 1;
  let rows = 0;
  for (;;) {
    const before = { length, bitBuffer, bitCount };
    for (let mcu = 0; mcu < mcusPerRow; mcu += 1) {
      block(0, 20);
      block(1, 6);
      block(2, 6);
    }
    if (headerBytes + length + 16 > bytes) {
      // This row does not fit: the image ends with the row before, whose last bits are padded with 1-bits.
      ({ length, bitBuffer, bitCount } = before);
      if (bitCount > 0) writeBits(0xff, 8 - bitCount);
      break;
    }
    rows += 1;
    if (out.length - length < 65_536) out = Buffer.concat([out, Buffer.alloc(out.length)]);
  }
  if (rows === 0) fail(`a JPEG of ${bytes} bytes is too small for one row`);
  const entropy = Buffer.from(out.subarray(0, length));
  const segment = (marker, body) => {
    const head = Buffer.alloc(4);
    head.writeUInt16BE(marker, 0);
    head.writeUInt16BE(body.length + 2, 2);
    return Buffer.concat([head, body]);
  };
  const jfif = segment(0xffe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
  const quantisation = segment(0xffdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 2)]));
  const frame = Buffer.alloc(15);
  frame.set([8], 0);
  frame.writeUInt16BE(rows * 8, 1);
  frame.writeUInt16BE(width, 3);
  frame.set([3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0], 5);
  const huffman = (tableClass, symbols) => {
    const counts = Buffer.alloc(16);
    counts[3] = symbols.length; // all codes are 4 bits long
    return Buffer.concat([Buffer.from([tableClass << 4]), counts, Buffer.from(symbols)]);
  };
  const tables = segment(
    0xffc4,
    Buffer.concat([
      huffman(0, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
      huffman(1, [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a]),
    ]),
  );
  const scan = segment(0xffda, Buffer.from([3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]));
  const head = Buffer.concat([Buffer.from([0xff, 0xd8]), jfif, quantisation, segment(0xffc0, frame), tables]);
  // Padding to the exact size: comment segments (4 bytes of marker and length, at most 65,533 of text) before the scan.
  let missing = bytes - head.length - scan.length - entropy.length - 2;
  const comments = [];
  while (missing > 0) {
    const text = missing - 4 <= 65_533 ? missing - 4 : Math.min(65_533, missing - 8);
    comments.push(segment(0xfffe, Buffer.alloc(text, 0x20)));
    missing -= text + 4;
  }
  const jpeg = Buffer.concat([head, ...comments, scan, entropy, Buffer.from([0xff, 0xd9])]);
  return jpeg;
}

// ---- A reporter's browser ------------------------------------------------------------------------------
/**
 * One reporter: a keep-alive connection of their own, their cookies and the form token. `send` answers the status,
 * the Location and the body, and how long the answer took in ms.
 */
function reporterClient(port, host, cookie, csrf) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const send = (method, path, body, contentType = 'application/x-www-form-urlencoded', timeoutMs = 120_000) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          headers: {
            host,
            ...(cookie === '' ? {} : { cookie }),
            ...(method === 'GET' ? {} : { origin: `http://${host}`, 'content-type': contentType }),
            ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }),
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode,
              location: res.headers.location,
              body: Buffer.concat(chunks),
              ms: performance.now() - started,
            }),
          );
          res.on('error', reject);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  const form = (fields) => new URLSearchParams({ _csrf: csrf, ...fields }).toString();
  return {
    get: (path) => send('GET', path),
    post: (path, fields) => send('POST', path, form(fields)),
    /** The files as `<input type=file name=dateien multiple>` sends them, the form token as the first part. */
    upload(path, files) {
      const boundary = `----portico-bench-${Math.random().toString(36).slice(2)}`;
      const parts = [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`)];
      for (const file of files) {
        parts.push(
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="dateien"; filename="${file.name}"\r\n` +
              `Content-Type: image/jpeg\r\n\r\n`,
          ),
          file.data,
          Buffer.from('\r\n'),
        );
      }
      parts.push(Buffer.from(`--${boundary}--\r\n`));
      return send('POST', path, Buffer.concat(parts), `multipart/form-data; boundary=${boundary}`);
    },
    close: () => agent.destroy(),
  };
}

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
/** The answers of steps 1 to 4 of a motor claim, as a person types them. */
const STEP_FORMS = [
  {
    lossDate: yesterday(),
    lossTime: '17:45',
    place: 'Kiel, Parkplatz Hafenstraße 3',
    description:
      'Beim Ausparken auf dem Parkplatz des Supermarkts habe ich das hinter mir stehende Fahrzeug übersehen. ' +
      'Dabei ist meine hintere Stoßstange gebrochen, am anderen Fahrzeug ist der vordere Kotflügel eingedrückt.',
    amount: '1.250,50',
  },
  { police: 'nein', otherParties: 'Frau Özdemir, Nordstern Versicherung AG', witnesses: 'Herr Groß' },
  { plate: 'KI-AB 123', driver: 'Jürgen Weiß', towed: 'nein', otherInsurer: 'Nordstern Versicherung AG' },
  { iban: 'DE89 3704 0044 0532 0130 00', accountHolder: 'Jürgen Weiß' },
];

/** Starts a draft on the contract through the pages; answers the claim's path (/schaeden/<id>). */
async function startDraft(client, contractId) {
  const start = await client.get(`/schaeden/neu?vertrag=${contractId}`);
  start.status === 200 || fail(`GET /schaeden/neu answered ${start.status}`);
  const started = await client.post('/schaeden/neu', { vertrag: contractId });
  (started.status === 303 && /\/schritt\/1$/.test(started.location ?? '')) ||
    fail(`POST /schaeden/neu answered ${started.status} (Location ${started.location})`);
  return started.location.replace(/\/schritt\/1$/, '');
}

/** Steps 1 to 4 through their pages (GET, then POST answering 303 to the next), then GET of step 5. */
async function fillSteps(client, claimPath) {
  for (const [index, fields] of STEP_FORMS.entries()) {
    const step = `${claimPath}/schritt/${index + 1}`;
    const page = await client.get(step);
    page.status === 200 || fail(`GET ${step} answered ${page.status}`);
    const saved = await client.post(step, fields);
    (saved.status === 303 && saved.location === `${claimPath}/schritt/${index + 2}`) ||
      fail(
        `POST ${step} answered ${saved.status} (Location ${saved.location}): ${saved.body.toString().slice(0, 300)}`,
      );
  }
  const last = await client.get(`${claimPath}/schritt/5`);
  last.status === 200 || fail(`GET ${claimPath}/schritt/5 answered ${last.status}`);
}

// ---- Set-up ----------------------------------------------------------------------------------------------
/** Customer, motor contract, a grant sharing claims, REPORTERS policyholders with passwords; the contract's id. */
async function seed(port, host, apiHeaders, smtp) {
  const synced = await postJson(
    port,
    '/api/v1/portfolio/sync',
    {
      items: [
        {
          type: 'customer',
          action: 'upsert',
          customer: { customerNumber: 'K-1001', kind: 'private', lastName: 'Weiß', firstName: 'Jürgen' },
        },
        syncContract(0, {
          sparte: '051',
          policyNumber: 'KFZ4711',
          customerNumber: 'K-1001',
          productName: 'Kfz-Haftpflicht Komfort',
        }),
      ],
    },
    apiHeaders,
  );
  (synced.status === 200 && JSON.parse(synced.body).failed === 0) ||
    fail(`portfolio sync: HTTP ${synced.status} ${synced.body.slice(0, 300)}`);
  const grant = await postJson(
    port,
    '/api/v1/grants',
    {
      name: 'Familie Weiß',
      kind: 'customer',
      customerNumbers: ['K-1001'],
      shareContractsAutomatically: true,
      includeClaims: true,
    },
    apiHeaders,
  );
  grant.status === 201 || fail(`grant: HTTP ${grant.status} ${grant.body.slice(0, 300)}`);
  const grantId = JSON.parse(grant.body).id;
  const items = Array.from({ length: REPORTERS }, (_, index) => ({
    email: emailOf(index),
    name: `Melder ${index + 1}`,
    kind: 'policyholder',
    grant: { id: grantId },
  }));
  const invited = await postJson(port, '/api/v1/invitations/bulk', { items }, apiHeaders);
  (invited.status === 200 && JSON.parse(invited.body).accepted === REPORTERS) ||
    fail(`invitations: HTTP ${invited.status} ${invited.body.slice(0, 300)}`);
  for (let index = 0; index < REPORTERS; index += 1) {
    const token =
      (await smtp.readLink(port, setPasswordLinkOf(host), emailOf(index))) ??
      fail(`no invitation mail to ${emailOf(index)} within ${MAIL_TIMEOUT_MS} ms`);
    await setPassword(port, host, token, PASSWORD);
  }
}

/** A login through the form: the reporter's client with the session cookie and the form token. */
async function reporterSession(port, host, email) {
  const { cookie, answer } = await logIn(port, host, email, PASSWORD);
  const session = []
    .concat(answer.headers['set-cookie'] ?? [])
    .map((line) => line.split(';')[0])
    .filter((pair) => !/^(__Host-)?portico_csrf=/.test(pair));
  session.length > 0 || fail('the login set no session cookie');
  const cookies = [cookie, ...session].join('; ');
  const page = await httpRequest(port, { path: '/schaeden', host, headers: { cookie: cookies } });
  page.status === 200 || fail(`GET /schaeden answered ${page.status}`);
  const csrf = /<input[^>]*name="_csrf"[^>]*value="([^"]+)"/.exec(page.body)?.[1] ?? csrfPairOf(page).csrf;
  return reporterClient(port, host, cookies, csrf);
}

/** The webhook's receiver in this process: when each claim's `claim.submitted` arrived, and the event. */
async function startReceiver() {
  const arrived = new Map();
  const waiting = new Map();
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const at = performance.now();
      res.writeHead(204).end();
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (event.type !== 'claim.submitted') return;
      arrived.set(event.data.claimId, { at, event });
      waiting.get(event.data.claimId)?.();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${server.address().port}/crm`,
    async arrival(claimId) {
      if (!arrived.has(claimId)) {
        await Promise.race([
          new Promise((resolve) => waiting.set(claimId, resolve)),
          sleep(WEBHOOK_TIMEOUT_MS).then(() =>
            fail(`no claim.submitted for ${claimId} within ${WEBHOOK_TIMEOUT_MS} ms`),
          ),
        ]);
      }
      return arrived.get(claimId);
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

// ---- Measurements --------------------------------------------------------------------------------------

/**
 * REPORTERS reporters at once, each on a draft of their own: GET and POST of steps 1–4 and GET of step 5 in turn,
 * for `seconds`. Latency of every request, pages/s, the server's CPU per page.
 */
async function stepPages(clients, claimPaths, pid, seconds) {
  const latencies = { GET: [], POST: [] };
  let unexpected = 0;
  const stopAt = performance.now() + seconds * 1000;
  const cpuBefore = cpuSecondsOf(pid);
  const mainBefore = cpuSecondsOf(pid, pid);
  const others = otherLoadWindow(pid);
  const started = performance.now();
  await Promise.all(
    clients.map(async (client, index) => {
      const claimPath = claimPaths[index];
      for (let step = 0; performance.now() < stopAt; step = (step + 1) % 5) {
        const path = `${claimPath}/schritt/${step + 1}`;
        const page = await client.get(path);
        latencies.GET.push(page.ms);
        if (page.status !== 200) unexpected += 1;
        if (step === 4 || performance.now() >= stopAt) continue;
        const saved = await client.post(path, STEP_FORMS[step]);
        latencies.POST.push(saved.ms);
        if (saved.status !== 303) unexpected += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const all = [...latencies.GET, ...latencies.POST].sort((a, b) => a - b);
  const gets = latencies.GET.sort((a, b) => a - b);
  const posts = latencies.POST.sort((a, b) => a - b);
  return {
    reporters: clients.length,
    seconds: elapsed,
    pages: all.length,
    pagesPerSecond: all.length / elapsed,
    p50: percentile(all, 0.5),
    p99: percentile(all, 0.99),
    get: { count: gets.length, p50: percentile(gets, 0.5), p99: percentile(gets, 0.99) },
    post: { count: posts.length, p50: percentile(posts, 0.5), p99: percentile(posts, 0.99) },
    unexpected,
    cpuMsPerPage: ((cpuSecondsOf(pid) - cpuBefore) / Math.max(1, all.length)) * 1000,
    mainThreadMsPerPage: ((cpuSecondsOf(pid, pid) - mainBefore) / Math.max(1, all.length)) * 1000,
    otherCores: others(),
    loadAverage: loadavg()[0],
  };
}

/**
 * One full report: a new draft through the pages, the photos in one upload, the submit; then the receiver's
 * arrival, the delivery log, the ZIP through the event's link and the person's PDF.
 */
async function fullReport({ client, contractId, photos, receiver, port, pid, apiHeaders, webhookId }) {
  const filledAt = performance.now();
  const claimPath = await startDraft(client, contractId);
  await fillSteps(client, claimPath);
  const fillMs = performance.now() - filledAt;
  const uploaded = await client.upload(`${claimPath}/anhaenge`, photos);
  (uploaded.status === 303 && (uploaded.location ?? '').endsWith('/schritt/5#anhaenge')) ||
    fail(`the upload answered ${uploaded.status} (Location ${uploaded.location})`);
  const page = await client.get(`${claimPath}/schritt/5`);
  const listed = (page.body.toString().match(/Foto \d+\.jpg/g) ?? []).length;
  listed >= photos.length || fail(`step 5 lists ${listed} of ${photos.length} photos`);

  const claimId = claimPath.split('/').at(-1);
  const cpuBefore = cpuSecondsOf(pid);
  const others = otherLoadWindow(pid);
  const submittedAt = performance.now();
  const wallAt = Date.now();
  const submitted = await client.post(`${claimPath}/schritt/5`, { message: 'Bitte rufen Sie mich nach 17 Uhr an.' });
  const submitMs = performance.now() - submittedAt;
  (submitted.status === 303 && submitted.location === '/schaeden?gemeldet') ||
    fail(`the submit answered ${submitted.status} (Location ${submitted.location})`);
  const { at, event } = await receiver.arrival(claimId);
  const totalMs = at - submittedAt;
  const cpuMs = (cpuSecondsOf(pid) - cpuBefore) * 1000;
  const otherCores = others();
  (event.data.attachments?.length === photos.length && typeof event.data.zip?.url === 'string') ||
    fail(`the event carries ${event.data.attachments?.length} attachments and zip ${event.data.zip?.url}`);

  // The split from the delivery log: queued (the submit's transaction) → attempt started → attempt recorded.
  const log = await httpRequest(port, { path: `/api/v1/webhooks/${webhookId}/deliveries`, headers: apiHeaders });
  const delivery = JSON.parse(log.body).items.find((item) => item.eventId === event.id);
  const attempt = delivery?.attempts?.[0];
  const attemptStart = attempt ? Date.parse(attempt.attemptedAt) - attempt.durationMilliseconds : NaN;
  const queuedMs = delivery ? Date.parse(delivery.createdAt) - wallAt : NaN;
  const waitMs = delivery ? attemptStart - Date.parse(delivery.createdAt) : NaN;

  // What the CRM does next: the whole claim as a ZIP through the event's link (the PDF is rendered then).
  const zipUrl = new URL(event.data.zip.url);
  const zipStarted = performance.now();
  const zipCpuBefore = cpuSecondsOf(pid);
  const crm = reporterClient(port, zipUrl.host, '', '');
  const zip = await crm.get(zipUrl.pathname).finally(() => crm.close());
  const zipMs = performance.now() - zipStarted;
  const zipCpuMs = (cpuSecondsOf(pid) - zipCpuBefore) * 1000;
  zip.status === 200 || fail(`the ZIP's link answered ${zip.status}`);
  (zip.body.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) &&
    zip.body.length > 0.9 * PHOTOS * PHOTO_BYTES) ||
    fail(`the ZIP's link answered ${zip.body.length} bytes, not a ZIP with the photos`);
  const zipBytes = zip.body.length;
  const pdf = await client.get(`${claimPath}/schadenmeldung.pdf`);
  pdf.status === 200 || fail(`the person's PDF answered ${pdf.status}`);
  return {
    claimId,
    fillMs,
    uploadMs: uploaded.ms,
    submitMs,
    totalMs,
    queuedMs,
    waitMs,
    attemptMs: attempt?.durationMilliseconds ?? NaN,
    cpuMs,
    otherCores,
    zipMs,
    zipCpuMs,
    zipBytes,
    pdfMs: pdf.ms,
    pdfBytes: pdf.body.length,
    loadAverage: loadavg()[0],
  };
}

/**
 * Both measurements on one server: { database, steps, reports: [...], photoBytes }. `postgres: true` uses a
 * database of its own on `serverUrl` instead of PGlite.
 */
export async function runClaimsBench(options = {}) {
  existsSync(CLI) || fail('dist/ is missing: run `npm run build` first');
  const serverUrl = options.serverUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const seconds = options.seconds ?? SECONDS;
  const reportCount = options.reports ?? REPORTS;
  const postgres = options.postgres === true;
  const database = postgres ? await scratchDatabase(serverUrl, 'portico_bench_claims') : null;
  const dataDir = mkdtempSync(join(tmpdir(), 'portico-bench-claims-'));
  const port = await freePort();
  const host = `claims.localhost:${port}`;
  const smtp = await startLoopbackSmtp(Array.from({ length: REPORTERS }, (_, index) => emailOf(index)));
  const receiver = await startReceiver();
  const env = porticoEnv(port, {
    // The documents (the photos) go to the data folder on both databases.
    DATA_DIR: dataDir,
    ...(database === null ? {} : { DATABASE_URL: database.url }),
    SECOND_FACTOR_KEY: secondFactorKey(),
    API_RATE_LIMIT: '100000',
    SMTP_URL: smtp.url,
  });
  let child = null;
  const clients = [];
  try {
    log(`Generating ${reportCount} × ${PHOTOS} JPEGs of ${fmt(PHOTO_BYTES)} bytes …`);
    const photoSets = Array.from({ length: reportCount }, (_, report) =>
      Array.from({ length: PHOTOS }, (_, index) => ({
        name: `Foto ${index + 1}.jpg`,
        data: photoJpeg(PHOTO_BYTES, 1 + report * PHOTOS + index),
      })),
    );
    log(`Claims on ${postgres ? 'PostgreSQL' : 'PGlite'}: tenant, API key, start, ${REPORTERS} reporters …`);
    await runCli(['migrate'], env);
    await runCli(['tenant', 'create', '--slug', 'claims', '--name', 'Bench Schaden Makler GmbH', '--host', host], env);
    const key = lastLineOf(await runCli(['api-key', 'create', '--tenant', 'claims', '--name', 'bench'], env));
    const apiHeaders = { host, authorization: `Bearer ${key}` };
    let output = '';
    child = spawn(process.execPath, [...PORTICO_NODE_FLAGS, CLI, 'start', '--no-demo'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk) => {
      output = `${output}${chunk}`.slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    await waitReady(port, { exited: exitOf(child) }).catch((error) => fail(`${error.message}\n${output}`));
    const hook = await postJson(
      port,
      '/api/v1/webhooks',
      { url: receiver.url, events: ['claim.submitted'] },
      apiHeaders,
    );
    hook.status === 201 || fail(`webhook: HTTP ${hook.status} ${hook.body.slice(0, 300)}`);
    const webhookId = JSON.parse(hook.body).id;
    await seed(port, host, apiHeaders, smtp);
    for (let index = 0; index < REPORTERS; index += 1) clients.push(await reporterSession(port, host, emailOf(index)));
    const contracts = await clients[0].get('/vertraege');
    const contractId =
      /href="\/vertraege\/([0-9a-f-]{36})"/.exec(contracts.body.toString())?.[1] ?? fail('no contract on /vertraege');

    log(`Step pages: ${REPORTERS} reporters, a draft each, ${WARMUP_SECONDS} s warm-up + ${seconds} s …`);
    const drafts = [];
    for (const client of clients) {
      const claimPath = await startDraft(client, contractId);
      await fillSteps(client, claimPath);
      drafts.push(claimPath);
    }
    await stepPages(clients, drafts, child.pid, WARMUP_SECONDS);
    const steps = await stepPages(clients, drafts, child.pid, seconds);
    // One reporter alone: a page's own time, without waiting behind the others' pages on the event loop.
    log(`Step pages: one reporter alone, ${ALONE_SECONDS} s …`);
    const alone = await stepPages(clients.slice(0, 1), drafts.slice(0, 1), child.pid, ALONE_SECONDS);

    log(`Full reports: ${reportCount} claims with ${PHOTOS} photos each, one after another …`);
    const reports = [];
    for (let report = 0; report < reportCount; report += 1) {
      reports.push(
        await fullReport({
          client: clients[report],
          contractId,
          photos: photoSets[report],
          receiver,
          port,
          pid: child.pid,
          apiHeaders,
          webhookId,
        }),
      );
    }
    return {
      database: postgres ? 'PostgreSQL' : 'PGlite',
      photos: PHOTOS,
      photoBytes: PHOTO_BYTES,
      steps,
      alone,
      reports,
    };
  } finally {
    for (const client of clients) client.close();
    if (child !== null) await stopChild(child);
    await receiver.close();
    await smtp.close();
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  }
}

// ---- Report ----------------------------------------------------------------------------------------------
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** The rows of the benchmark's table: the full report and the step pages. */
export function claimsRows(result) {
  const totals = result.reports.map((report) => report.totalMs);
  const slowest = Math.max(...totals);
  const { steps } = result;
  return [
    [
      `25. Full claim report on ${result.database}: ${result.photos} photos of ` +
        `${fmt(result.photoBytes / 1024 / 1024, 1)} MiB, submit request → webhook \`claim.submitted\` received ` +
        `(median / slowest of ${totals.length})`,
      `${fmt(median(totals))} / ${fmt(slowest)} ms (${fmt(median(result.reports.map((report) => report.cpuMs)))} ms ` +
        `server CPU)`,
      `≤ ${fmt(TARGET_REPORT_MS)} ms`,
      slowest <= TARGET_REPORT_MS ? 'met' : '**missed**',
    ],
    [
      `26. Claim step pages on ${result.database}, ${steps.reporters} reporters at once (GET and POST, p50 / p99)`,
      `${fmt(steps.p50)} / ${fmt(steps.p99)} ms, ${fmt(steps.pagesPerSecond)} pages/s, ` +
        `${fmt(steps.cpuMsPerPage, 1)} ms CPU per page`,
      `p99 ≤ ${TARGET_STEP_P99_MS} ms`,
      steps.unexpected === 0 && steps.p99 <= TARGET_STEP_P99_MS ? 'met' : '**missed**',
    ],
  ];
}

export function claimsDetails(result) {
  const { steps } = result;
  const lines = result.reports.map(
    (report, index) =>
      `- full report ${index + 1} (${result.database}): filled in through the pages ${fmt(report.fillMs)} ms, upload ` +
      `of ${result.photos} photos ${fmt(report.uploadMs)} ms; submit → 303 ${fmt(report.submitMs)} ms, → webhook ` +
      `received ${fmt(report.totalMs)} ms (event queued ${fmt(report.queuedMs)} ms after the request by the server's ` +
      `clock, waited ${fmt(report.waitMs)} ms in the queue, attempt with the links and the POST ` +
      `${fmt(report.attemptMs)} ms); server CPU ${fmt(report.cpuMs)} ms; then the ZIP through the event's link ` +
      `${fmt(report.zipMs)} ms, ${fmt(report.zipBytes / 1024 / 1024, 1)} MiB, ${fmt(report.zipCpuMs)} ms server CPU; ` +
      `the person's PDF ${fmt(report.pdfMs)} ms, ${fmt(report.pdfBytes / 1024, 1)} KiB; other processes ` +
      `${fmt(report.otherCores, 2)} cores; load average ${fmt(report.loadAverage, 2)}`,
  );
  lines.push(
    `- step pages (${result.database}): ${steps.pages} pages in ${fmt(steps.seconds, 1)} s; GET ${steps.get.count} ` +
      `(p50 ${fmt(steps.get.p50)} ms, p99 ${fmt(steps.get.p99)} ms), POST ${steps.post.count} (p50 ` +
      `${fmt(steps.post.p50)} ms, p99 ${fmt(steps.post.p99)} ms); ${steps.unexpected} unexpected answers; server CPU ` +
      `${fmt(steps.cpuMsPerPage, 1)} ms per page, ${fmt(steps.mainThreadMsPerPage, 1)} ms of it on the main thread; ` +
      `other processes ${fmt(steps.otherCores, 2)} cores; load average ${fmt(steps.loadAverage, 2)}`,
  );
  const { alone } = result;
  lines.push(
    `- step pages, one reporter alone (${result.database}): ${alone.pages} pages in ${fmt(alone.seconds, 1)} s, ` +
      `${fmt(alone.pagesPerSecond)} pages/s; p50 ${fmt(alone.p50)} ms, p99 ${fmt(alone.p99)} ms (GET p50 ` +
      `${fmt(alone.get.p50)} ms, POST p50 ${fmt(alone.post.p50)} ms); server CPU ` +
      `${fmt(alone.cpuMsPerPage, 1)} ms per page; other processes ${fmt(alone.otherCores, 2)} cores`,
  );
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const result = await runClaimsBench({
      postgres: process.argv.includes('--postgres'),
      reports: process.argv.includes('--steps-only') ? 0 : REPORTS,
    });
    const rows = claimsRows(result)
      .filter((row) => result.reports.length > 0 || !row[0].startsWith('25.'))
      .map((row) => `| ${row.join(' | ')} |`);
    process.stdout.write(
      `\n| Measure | Result | Target | |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n\n${claimsDetails(result)}\n`,
    );
  } catch (error) {
    log(`bench-claims failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
