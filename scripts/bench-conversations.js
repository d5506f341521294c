#!/usr/bin/env node
// Conversations on PostgreSQL: `node scripts/bench-conversations.js`.
// Creates a fresh database on the PostgreSQL server named by DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres), a tenant (staff second factor off), an API key and a staff user with
// the CLI, starts Portico with a loopback SMTP server, syncs 51 customers through POST /api/v1/portfolio/sync, gives
// each a grant (POST /api/v1/grants) and invites one policyholder on each (POST /api/v1/invitations/bulk); everyone
// sets the password from the mailed link and logs in through the form. Then, in one statement each, the reader's
// customer gets INBOX_CONVERSATIONS conversations with one message each (half read by the reader, every third by the
// staff member, half assigned to them) and each writer's customer one conversation. Measured over HTTP:
//   - writers: WRITERS policyholders at once, each posting replies to their own conversation through the portal's
//     form (POST /nachrichten/{id} → 303), one after another for `seconds`: messages/s, p50/p99 of the POST and
//     Portico's CPU per message;
//   - seen: the same writers, each POST followed by the staff member's GET /admin/nachrichten?ansicht=all (the
//     workspace inbox, newest activity first, 50 a page), which must list the conversation: p50/p99 from the
//     start of the POST to the end of that page (the commit precedes the 303, so the first page read after it shows
//     the message; a page that does not list it counts as missed);
//   - inbox: GET /admin/nachrichten?ansicht=all of the staff member and GET /nachrichten of the reader (who sees all
//     INBOX_CONVERSATIONS), INBOX_CONNECTIONS connections: pages/s, p50/p99 and Portico's CPU per page.
// Beside Portico's CPU (from /proc/<pid>/stat), the CPU of the PostgreSQL server's backends of the run's database
// (their process ids from pg_stat_activity, their CPU from /proc) when the server runs on this machine; "other
// processes" then still includes it.
// The database is dropped afterwards (`--keep-database`: kept and named, for EXPLAIN ANALYZE of the statements on
// it). Needs a built dist/ (`npm run build`). `--cpu-prof` writes the server's CPU profile into the current folder.
// `--inbox-only`: the same set-up, then only the staff inbox row (no writers' rounds, no /nachrichten of the reader),
// so that a profile holds little besides the inbox's pages and a before/after pair takes less of a shared machine.
// `--paced 50,100,200`: the same set-up, then the writers post on schedules instead of without pause: in all the given
// messages per second (each writer one every 50,000 / rate ms), each POST followed by the staff inbox as for "seen",
// 10 s per rate; latencies count from each message's planned time, so a writer held up counts its delay.
// `--only-person-inbox`: the same set-up, then only GET /nachrichten of the reader (no writers, no staff inbox, a
// longer warm-up), for measuring that page alone; its profile then holds nothing else.
// Also usable from another script: `import { runConversationsBench } from './bench-conversations.js'`.
import { spawn } from 'node:child_process';
import { Agent, request as httpRequestOf } from 'node:http';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CLI,
  cpuSecondsOf,
  csrfPairOf,
  databaseCpu,
  exitOf,
  fail,
  fmt,
  freePort,
  httpRequest,
  lastLineOf,
  load,
  log,
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
  waitReady,
} from './bench-support.js';

const WRITERS = 50;
const INBOX_CONVERSATIONS = 5000;
const INBOX_CONNECTIONS = 20;
const SECONDS = 10;
const WARMUP_SECONDS = 2;
/**
 * `--only-person-inbox` warms up longer: a statement whose plan is kept is planned on its first five runs on each of
 * the 20 connections, and a loaded machine serves too few pages in 2 s for that.
 */
const PERSON_ONLY_WARMUP_SECONDS = 6;
/** Set-password and login forms at once during the set-up (each an argon2id hash or verification). */
const SETUP_IN_FLIGHT = 4;
export const TARGETS = { postP99Ms: 50, seenP99Ms: 50, inboxP99Ms: 50 };
const PASSWORD = 'Kolibri-Segelboot-Tannenzapfen-4711';
const STAFF_EMAIL = 'staff@conversations.bench.example';
const READER_EMAIL = 'reader@conversations.bench.example';
const READER_CUSTOMER = 'K-INBOX';
const writerEmail = (index) => `writer${index}@conversations.bench.example`;
const writerCustomer = (index) => `K-W${String(index).padStart(2, '0')}`;
const STAFF_INBOX = '/admin/nachrichten?ansicht=all';
const FLOOR = join(ROOT, 'scripts', 'bench-reply-floor.js');

/** Runs `task` over `items`, `inFlight` at a time. */
async function eachLimited(items, inFlight, task) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index], index);
      }
    }),
  );
  return results;
}

/** A login through the form; staff land elsewhere than policyholders, so any 303 that sets a session counts. */
async function sessionOf(port, host, email) {
  const page = await httpRequest(port, { path: '/login', host });
  page.status === 200 || fail(`GET /login answered ${page.status}`);
  const { cookie, csrf } = csrfPairOf(page);
  const answer = await httpRequest(port, {
    method: 'POST',
    path: '/login',
    headers: { host, cookie, origin: `http://${host}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password: PASSWORD }).toString(),
  });
  answer.status === 303 || fail(`the login of ${email} answered ${answer.status}`);
  const session = []
    .concat(answer.headers['set-cookie'] ?? [])
    .map((line) => line.split(';')[0])
    .filter((pair) => !/^(__Host-)?portico_csrf=/.test(pair));
  session.length > 0 || fail(`the login of ${email} set no session cookie`);
  return [cookie, ...session].join('; ');
}

/** Customers, grants and invitations through the API; the staff member was invited with the CLI. */
async function seedPeople(port, host, apiHeaders, smtp) {
  const customerNumbers = [READER_CUSTOMER, ...Array.from({ length: WRITERS }, (_, index) => writerCustomer(index))];
  const synced = await postJson(
    port,
    '/api/v1/portfolio/sync',
    {
      items: customerNumbers.map((customerNumber, index) => ({
        type: 'customer',
        action: 'upsert',
        customer: { customerNumber, kind: 'private', lastName: `Kunde ${index}`, firstName: 'Erika' },
      })),
    },
    apiHeaders,
  );
  synced.status === 200 || fail(`portfolio sync: HTTP ${synced.status} ${synced.body.slice(0, 300)}`);
  JSON.parse(synced.body).failed === 0 || fail(`portfolio sync: ${synced.body.slice(0, 300)}`);
  const grantIds = await eachLimited(customerNumbers, 4, async (customerNumber) => {
    const grant = await postJson(
      port,
      '/api/v1/grants',
      { name: `Zugang ${customerNumber}`, kind: 'customer', customerNumbers: [customerNumber] },
      apiHeaders,
    );
    grant.status === 201 || fail(`grant: HTTP ${grant.status} ${grant.body.slice(0, 300)}`);
    return JSON.parse(grant.body).id;
  });
  const emails = [READER_EMAIL, ...Array.from({ length: WRITERS }, (_, index) => writerEmail(index))];
  const invited = await postJson(
    port,
    '/api/v1/invitations/bulk',
    {
      items: emails.map((email, index) => ({
        email,
        name: `Person ${index}`,
        kind: 'policyholder',
        grant: { id: grantIds[index] },
      })),
    },
    apiHeaders,
  );
  invited.status === 200 || fail(`invitations: HTTP ${invited.status} ${invited.body.slice(0, 300)}`);
  JSON.parse(invited.body).accepted === emails.length || fail(`invitations: ${invited.body.slice(0, 300)}`);
  const everyone = [STAFF_EMAIL, ...emails];
  return eachLimited(everyone, SETUP_IN_FLIGHT, async (email) => {
    const token =
      (await smtp.readLink(port, setPasswordLinkOf(host), email)) ??
      fail(`no invitation mail to ${email} with a set-password link within ${MAIL_TIMEOUT_MS} ms`);
    await setPassword(port, host, token, PASSWORD);
    return { email, cookie: await sessionOf(port, host, email) };
  });
}

/**
 * The conversations, inserted in one statement each: INBOX_CONVERSATIONS on the reader's customer (one message each,
 * an hour apart; half read by the reader, every third by the staff member, every second assigned to them), one on
 * each writer's customer. Returns the writers' conversation ids, in writer order.
 */
async function seedConversations(databaseUrl) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ids = async (email) =>
      (await client.query('select id from identities where email_display = $1', [email])).rows[0]?.id ??
      fail(`no identity ${email}`);
    const staffId = await ids(STAFF_EMAIL);
    const readerId = await ids(READER_EMAIL);
    const inserted = await client.query(
      `with reader_customer as (select id, tenant_id from customers where customer_number = $1)
       insert into conversations (tenant_id, customer_id, assigned_staff_id, subject, created_by_kind, kind,
                                  last_message_at, last_activity_at, created_at, updated_at)
       select rc.tenant_id, rc.id, case when g % 2 = 0 then $3::uuid end, 'Anfrage ' || g, 'crm', 'message',
              now() - make_interval(hours => g), now() - make_interval(hours => g),
              now() - make_interval(hours => g), now() - make_interval(hours => g)
       from generate_series(1, $2::int) as g, reader_customer rc
       returning id, tenant_id, created_at`,
      [READER_CUSTOMER, INBOX_CONVERSATIONS, staffId],
    );
    inserted.rowCount === INBOX_CONVERSATIONS || fail(`inserted ${inserted.rowCount} conversations`);
    await client.query(
      `insert into conversation_messages (tenant_id, conversation_id, author_kind, body, position, created_at)
       select tenant_id, id, 'crm', 'Guten Tag, anbei die Unterlagen zu Ihrer Anfrage.', 1, last_message_at
       from conversations where customer_id = (select id from customers where customer_number = $1)`,
      [READER_CUSTOMER],
    );
    await client.query(
      `insert into conversation_reads (conversation_id, tenant_id, identity_id, read_at)
       select id, tenant_id, $2::uuid, last_message_at from (
         select c.*, row_number() over (order by c.last_message_at) as n from conversations c
          where c.customer_id = (select id from customers where customer_number = $1)) numbered
        where n % 2 = 0
       union all
       select id, tenant_id, $3::uuid, last_activity_at from (
         select c.*, row_number() over (order by c.last_message_at) as n from conversations c
          where c.customer_id = (select id from customers where customer_number = $1)) numbered
        where n % 3 = 0`,
      [READER_CUSTOMER, readerId, staffId],
    );
    const writers = await client.query(
      `insert into conversations (tenant_id, customer_id, subject, created_by_kind, kind, last_message_at,
                                  last_activity_at)
       select tenant_id, id, 'Ihre Anfrage ' || customer_number, 'crm', 'message', now() - interval '1 day',
              now() - interval '1 day'
       from customers where customer_number like 'K-W%'
       returning id, tenant_id, (select customer_number from customers where customers.id = customer_id) as number`,
    );
    writers.rowCount === WRITERS || fail(`inserted ${writers.rowCount} writers' conversations`);
    await client.query(
      `insert into conversation_messages (tenant_id, conversation_id, author_kind, body, position, created_at)
       select tenant_id, id, 'crm', 'Guten Tag, wie können wir helfen?', 1, last_message_at from conversations
        where id = any($1::uuid[])`,
      [writers.rows.map((row) => row.id)],
    );
    await client.query('analyze');
    const byNumber = new Map(writers.rows.map((row) => [row.number, row.id]));
    return Array.from({ length: WRITERS }, (_, index) => byNumber.get(writerCustomer(index)));
  } finally {
    await client.end();
  }
}

/**
 * WRITERS loops at once for `seconds`, each posting replies to its own conversation (and, with `isSeen`, reading the
 * staff inbox after each 303): latencies, counts and Portico's CPU. Without `everyMs` each writer posts again as soon
 * as it has its answer; with it, each writer posts on a schedule of its own (one message every `everyMs`, the writers'
 * schedules spread over the interval), and a latency counts from the planned time, so a late start counts too.
 */
async function writeRound({ port, pid, host, database }, writers, staffCookie, seconds, isSeen, everyMs = null) {
  const databaseBefore = await database?.sample();
  const cpuBefore = cpuSecondsOf(pid);
  const benchCpuBefore = process.cpuUsage();
  const otherLoad = otherLoadWindow(pid);
  const startedAt = performance.now();
  const endAt = startedAt + seconds * 1000;
  const postMs = [];
  const seenMs = [];
  const failures = {};
  let missed = 0;
  await Promise.all(
    writers.map(async (writer, index) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      // Each writer keeps one connection, as a browser would.
      const request = (options) => timedRequest(agent, port, options);
      let count = 0;
      let plannedAt = everyMs === null ? null : startedAt + (everyMs * index) / writers.length;
      try {
        while ((plannedAt ?? performance.now()) < endAt) {
          if (plannedAt !== null) {
            const wait = plannedAt - performance.now();
            if (wait > 0) await sleep(wait);
          }
          const lateMs = plannedAt === null ? 0 : Math.max(0, performance.now() - plannedAt);
          if (plannedAt !== null) plannedAt += everyMs;
          const posted = await request({
            method: 'POST',
            path: `/nachrichten/${writer.conversationId}`,
            headers: {
              host,
              cookie: writer.cookie,
              origin: `http://${host}`,
              'content-type': 'application/x-www-form-urlencoded',
            },
            body: new URLSearchParams({
              _csrf: writer.csrf,
              body: `Nachricht ${count++} von Person ${index}: bitte um Rückruf.`,
            }).toString(),
          });
          if (posted.status !== 303) {
            failures[posted.status] = (failures[posted.status] ?? 0) + 1;
            continue;
          }
          postMs.push(lateMs + posted.ms);
          if (isSeen) {
            const inbox = await request({ path: STAFF_INBOX, headers: { host, cookie: staffCookie } });
            if (inbox.status === 200 && inbox.body.includes(`/admin/nachrichten/${writer.conversationId}"`)) {
              seenMs.push(lateMs + posted.ms + inbox.ms);
            } else {
              missed += 1;
            }
          }
        }
      } finally {
        agent.destroy();
      }
    }),
  );
  const elapsed = (performance.now() - startedAt) / 1000;
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const porticoCpuSeconds = cpuSecondsOf(pid) - cpuBefore;
  const databaseCpuSeconds = database === null ? NaN : await database.since(databaseBefore);
  postMs.sort((a, b) => a - b);
  seenMs.sort((a, b) => a - b);
  return {
    seconds: elapsed,
    messages: postMs.length,
    messagesPerSecond: postMs.length / elapsed,
    postP50: percentile(postMs, 0.5),
    postP99: percentile(postMs, 0.99),
    seenP50: percentile(seenMs, 0.5),
    seenP99: percentile(seenMs, 0.99),
    seen: seenMs.length,
    missed,
    failures,
    porticoCpuSeconds,
    cpuMsPerMessage: (porticoCpuSeconds / Math.max(1, postMs.length)) * 1000,
    databaseCpuMsPerMessage: (databaseCpuSeconds / Math.max(1, postMs.length)) * 1000,
    benchCores: (benchCpu.user + benchCpu.system) / 1e6 / elapsed,
    otherCores: otherLoad(),
    loadAverage: loadavg()[0],
  };
}

/** `httpRequest` of bench-support through a given keep-alive agent, with the time to the answer's end. */
function timedRequest(agent, port, { method = 'GET', path, headers = {}, body }) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequestOf(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path}: no answer within 10 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** One inbox row: pages/s, latency and Portico's CPU per page. */
async function inboxRow(autocannon, { port, pid, database }, path, headers, seconds) {
  const databaseBefore = await database?.sample();
  const run = await load(autocannon, port, pid, { path, headers, connections: INBOX_CONNECTIONS, seconds });
  const databaseCpuSeconds = database === null ? NaN : await database.since(databaseBefore);
  const ok = run.statusCount('200');
  return {
    path,
    pagesPerSecond: ok / run.seconds,
    p50: run.p50,
    p99: run.p99,
    cpuMsPerPage: ok === 0 ? NaN : (run.porticoCpuSeconds / ok) * 1000,
    databaseCpuMsPerPage: ok === 0 ? NaN : (databaseCpuSeconds / ok) * 1000,
    others: run.others('200'),
    otherCores: run.otherCores,
    loadAverage: run.loadAverage,
  };
}

/**
 * Everything on PostgreSQL: { write, seen, inbox: [staff, person], floor: { write, seen }, … }; the reply floor
 * (scripts/bench-reply-floor.js) runs after Portico has stopped, with the same writers' rounds.
 */
export async function runConversationsBench(options = {}) {
  const serverUrl = options.serverUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const seconds = options.seconds ?? SECONDS;
  const result = await runOnPortico(options, serverUrl, seconds);
  if (result.write === undefined) return result;
  return { ...result, floor: await runReplyFloor(serverUrl, seconds) };
}

/**
 * The reply floor on a database of its own: the same rounds as Portico's writers (a warm-up, then posting, then
 * posting with the staff list after each), against the least a reply and a list can cost on the same libraries.
 */
async function runReplyFloor(serverUrl, seconds) {
  const database = await scratchDatabase(serverUrl, 'portico_bench_reply_floor');
  const port = await freePort();
  let child = null;
  let databaseCpuOf = null;
  try {
    log(`Reply floor (scripts/bench-reply-floor.js): ${WRITERS} writers, the same rounds …`);
    child = spawn(
      process.execPath,
      [...PORTICO_NODE_FLAGS, FLOOR, '--port', String(port), '--database-url', database.url, '--writers', `${WRITERS}`],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [firstLine] = await new Promise((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (chunk) => {
        text += chunk;
        if (text.includes('\n')) resolve(text.split('\n'));
      });
      child.once('exit', (code) => reject(new Error(`the reply floor ended with code ${code} before it was ready`)));
    });
    const { host, writers, staffCookie } = JSON.parse(firstLine);
    await waitReady(port, { exited: exitOf(child), name: 'the reply floor' });
    databaseCpuOf = await databaseCpu(database.url);
    const server = { port, pid: child.pid, host, database: databaseCpuOf };
    await writeRound(server, writers, staffCookie, WARMUP_SECONDS, false);
    const write = await writeRound(server, writers, staffCookie, seconds, false);
    const seen = await writeRound(server, writers, staffCookie, seconds, true);
    return { write, seen };
  } finally {
    await databaseCpuOf?.close();
    if (child !== null) await stopChild(child);
    await database.drop();
  }
}

async function runOnPortico(options, serverUrl, seconds) {
  const isInboxOnly = options.isInboxOnly === true;
  existsSync(CLI) || fail('dist/ is missing: run `npm run build` first');
  const { default: autocannon } = await import('autocannon');
  const database = await scratchDatabase(serverUrl, 'portico_bench_conversations');
  const port = await freePort();
  const host = `conversations.localhost:${port}`;
  const everyone = [STAFF_EMAIL, READER_EMAIL, ...Array.from({ length: WRITERS }, (_, index) => writerEmail(index))];
  const smtp = await startLoopbackSmtp(everyone);
  const env = porticoEnv(port, {
    DATABASE_URL: database.url,
    SECOND_FACTOR_KEY: secondFactorKey(),
    API_RATE_LIMIT: '100000',
    SMTP_URL: smtp.url,
  });
  let child = null;
  let databaseCpuOf = null;
  try {
    await runCli(['migrate'], env);
    await runCli(
      ['tenant', 'create', '--slug', 'gespraech', '--name', 'Bench Gespräche Makler GmbH', '--host', host],
      env,
    );
    await runCli(['tenant', 'update', '--slug', 'gespraech', '--require-staff-second-factor', 'off'], env);
    const key = lastLineOf(await runCli(['api-key', 'create', '--tenant', 'gespraech', '--name', 'bench'], env));
    await runCli(
      ['staff', 'invite', '--tenant', 'gespraech', '--email', STAFF_EMAIL, '--name', 'Sabine Sachbearbeiterin'].concat([
        '--role',
        'user',
      ]),
      env,
    );
    child = spawn(process.execPath, [...PORTICO_NODE_FLAGS, CLI, 'start', '--no-demo'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    await waitReady(port, { exited: exitOf(child) });
    log(`Conversations: ${WRITERS + 1} policyholders and a staff member, passwords and logins …`);
    const sessions = await seedPeople(port, host, { authorization: `Bearer ${key}` }, smtp);
    const cookieOf = (email) => sessions.find((session) => session.email === email).cookie;
    log(`Conversations: ${INBOX_CONVERSATIONS} conversations on the reader's customer, one per writer …`);
    const conversationIds = await seedConversations(database.url);
    const writers = await Promise.all(
      conversationIds.map(async (conversationId, index) => {
        const cookie = cookieOf(writerEmail(index));
        const page = await httpRequest(port, { path: `/nachrichten/${conversationId}`, headers: { host, cookie } });
        page.status === 200 || fail(`GET /nachrichten/${conversationId} answered ${page.status}`);
        const csrf =
          /<input[^>]*name="_csrf"[^>]*value="([^"]+)"/.exec(page.body)?.[1] ?? fail('no _csrf field in the form');
        return { conversationId, cookie, csrf };
      }),
    );
    const staffHeaders = { host, cookie: cookieOf(STAFF_EMAIL) };
    const readerHeaders = { host, cookie: cookieOf(READER_EMAIL) };
    for (const [path, headers] of [
      [STAFF_INBOX, staffHeaders],
      ['/nachrichten', readerHeaders],
    ]) {
      const probe = await httpRequest(port, { path, headers });
      probe.status === 200 || fail(`GET ${path} answered ${probe.status}`);
      (probe.body.match(/href="(\/admin)?\/nachrichten\/[0-9a-f-]{36}"/g) ?? []).length >= 50 ||
        fail(`GET ${path} lists fewer than 50 conversations`);
    }

    databaseCpuOf = await databaseCpu(database.url);
    const server = { port, pid: child.pid, host, database: databaseCpuOf };
    if (isInboxOnly) {
      log(`GET ${STAFF_INBOX}: warm-up ${WARMUP_SECONDS} s, then ${seconds} s at ${INBOX_CONNECTIONS} connections …`);
      await inboxRow(autocannon, server, STAFF_INBOX, staffHeaders, WARMUP_SECONDS);
      const staff = await inboxRow(autocannon, server, STAFF_INBOX, staffHeaders, seconds);
      return { writers: WRITERS, conversations: INBOX_CONVERSATIONS, connections: INBOX_CONNECTIONS, inbox: [staff] };
    }
    if (options.isPersonInboxOnly === true) {
      const warmUp = PERSON_ONLY_WARMUP_SECONDS;
      log(`GET /nachrichten: warm-up ${warmUp} s, then ${seconds} s at ${INBOX_CONNECTIONS} connections …`);
      await inboxRow(autocannon, server, '/nachrichten', readerHeaders, warmUp);
      const person = await inboxRow(autocannon, server, '/nachrichten', readerHeaders, seconds);
      return { writers: 0, conversations: INBOX_CONVERSATIONS, connections: INBOX_CONNECTIONS, inbox: [person] };
    }
    if (options.pacedRates !== undefined) {
      log(`Writers: ${WRITERS} posting on schedules, warm-up ${WARMUP_SECONDS} s …`);
      await writeRound(server, writers, staffHeaders.cookie, WARMUP_SECONDS, false);
      const paced = [];
      for (const rate of options.pacedRates) {
        const everyMs = (WRITERS * 1000) / rate;
        log(
          `Writers: ${WRITERS} posting ${rate} messages/s in all, each reading the staff inbox after, ${seconds} s …`,
        );
        paced.push({
          rate,
          everyMs,
          ...(await writeRound(server, writers, staffHeaders.cookie, seconds, true, everyMs)),
        });
      }
      return { writers: WRITERS, conversations: INBOX_CONVERSATIONS, connections: INBOX_CONNECTIONS, paced };
    }
    log(`Writers: ${WRITERS} posting, warm-up ${WARMUP_SECONDS} s, then ${seconds} s …`);
    await writeRound(server, writers, staffHeaders.cookie, WARMUP_SECONDS, false);
    const write = await writeRound(server, writers, staffHeaders.cookie, seconds, false);
    log(`Writers: ${WRITERS} posting and reading the staff inbox after each, ${seconds} s …`);
    const seen = await writeRound(server, writers, staffHeaders.cookie, seconds, true);

    const inbox = [];
    for (const [path, headers] of [
      [STAFF_INBOX, staffHeaders],
      ['/nachrichten', readerHeaders],
    ]) {
      log(`GET ${path}: warm-up ${WARMUP_SECONDS} s, then ${seconds} s at ${INBOX_CONNECTIONS} connections …`);
      await inboxRow(autocannon, server, path, headers, WARMUP_SECONDS);
      inbox.push(await inboxRow(autocannon, server, path, headers, seconds));
    }
    return { writers: WRITERS, conversations: INBOX_CONVERSATIONS, connections: INBOX_CONNECTIONS, write, seen, inbox };
  } finally {
    await databaseCpuOf?.close();
    if (child !== null) await stopChild(child);
    await smtp.close();
    if (options.keepDatabase === true) {
      log(`kept the database: ${database.url}`);
      await database.keep();
    } else {
      await database.drop();
    }
  }
}

/** CPU per operation: Portico's, and the database's when its backends could be read. */
const cpuOf = (portico, database) =>
  `${fmt(portico, 1)} ms CPU` + (Number.isNaN(database) ? '' : ` + ${fmt(database, 1)} ms database CPU`);
const verdict = (isMet) => (isMet ? 'met' : '**missed**');
const failuresOf = (run) =>
  Object.keys(run.failures).length === 0 ? '' : `, not 303: ${JSON.stringify(run.failures)}`;

/** The rows of the benchmark's table (numbered by scripts/bench.js). */
export function conversationRows(result) {
  const { write, seen, inbox } = result;
  const [staff, person] = inbox;
  return [
    [
      `Replies posted by ${result.writers} policyholders at once (POST /nachrichten/{id} → 303) on PostgreSQL`,
      `${fmt(write.messagesPerSecond)} messages/s, p50 ${fmt(write.postP50)} ms, p99 ${fmt(write.postP99)} ms, ` +
        `${cpuOf(write.cpuMsPerMessage, write.databaseCpuMsPerMessage)} each${failuresOf(write)}`,
      `p99 ≤ ${TARGETS.postP99Ms} ms`,
      verdict(write.postP99 <= TARGETS.postP99Ms && Object.keys(write.failures).length === 0),
    ],
    [
      `Reply posted until listed in the staff inbox (POST, then GET ${STAFF_INBOX}; ${result.writers} writers)`,
      `p50 ${fmt(seen.seenP50)} ms, p99 ${fmt(seen.seenP99)} ms (${fmt(seen.seen)} seen, ${seen.missed} missed)`,
      `p99 ≤ ${TARGETS.seenP99Ms} ms`,
      verdict(seen.seenP99 <= TARGETS.seenP99Ms && seen.missed === 0),
    ],
    ...[
      [staff, `GET ${STAFF_INBOX} of a staff member`],
      [person, 'GET /nachrichten of a policyholder who sees all of them'],
    ].map(([row, name]) => [
      `${name}, ${fmt(result.conversations)} conversations, on PostgreSQL (${result.connections} connections)`,
      `${fmt(row.pagesPerSecond)} pages/s, p50 ${fmt(row.p50)} ms, p99 ${fmt(row.p99)} ms, ` +
        `${cpuOf(row.cpuMsPerPage, row.databaseCpuMsPerPage)} each${row.others === 0 ? '' : `, ${row.others} not 200`}`,
      `p99 ≤ ${TARGETS.inboxP99Ms} ms`,
      verdict(row.p99 <= TARGETS.inboxP99Ms && row.others === 0),
    ]),
  ];
}

/**
 * The reply floor's rows, 21f and 22f: the same rounds against the least a reply and a list can cost on the same
 * libraries, with Portico's share of the floor's rate; none when the floor did not run.
 */
export function conversationFloorRows(result) {
  const { floor, write, seen } = result;
  if (floor === undefined) return [];
  const share = (portico, reference) => `Portico ${fmt((portico / reference) * 100, 1)} % of its rate`;
  return [
    [
      `21f. Reply floor (scripts/bench-reply-floor.js: CSRF pair, 1 SELECT, 1 INSERT with the conversation's time, ` +
        `303; ${result.writers} writers)`,
      `${fmt(floor.write.messagesPerSecond)} messages/s, p50 ${fmt(floor.write.postP50)} ms, p99 ` +
        `${fmt(floor.write.postP99)} ms, ${cpuOf(floor.write.cpuMsPerMessage, floor.write.databaseCpuMsPerMessage)} ` +
        `each${failuresOf(floor.write)}; ${share(write.messagesPerSecond, floor.write.messagesPerSecond)}`,
      'reference',
      '—',
    ],
    [
      `22f. Reply floor until listed (its POST, then its list of the 50 newest of 5,000 conversations, 1 SELECT)`,
      `p50 ${fmt(floor.seen.seenP50)} ms, p99 ${fmt(floor.seen.seenP99)} ms (${fmt(floor.seen.seen)} seen, ` +
        `${floor.seen.missed} missed), ${fmt(floor.seen.messagesPerSecond)} replies/s; ` +
        `${share(seen.messagesPerSecond, floor.seen.messagesPerSecond)}`,
      'reference',
      '—',
    ],
  ];
}

/** Detail lines: the machine's other load and this script's own share during each part. */
export function conversationDetails(result) {
  const { write, seen, inbox } = result;
  return [
    `- conversations, writers: ${fmt(write.messages)} replies in ${fmt(write.seconds, 1)} s, Portico CPU ` +
      `${fmt(write.cpuMsPerMessage, 1)} ms per message (a transaction with the message, the conversation's times, ` +
      `the writer's read mark and the staff notice) and ${fmt(write.databaseCpuMsPerMessage, 1)} ms of the ` +
      `database's backends; the writers' own process ${fmt(write.benchCores, 2)} cores, ` +
      `other processes ${fmt(write.otherCores, 2)} cores (the PostgreSQL server counts here); load average ` +
      `${fmt(write.loadAverage, 2)}`,
    `- conversations, seen: ${fmt(seen.messages)} replies at ${fmt(seen.messagesPerSecond)} /s, POST p50 ` +
      `${fmt(seen.postP50)} ms, p99 ${fmt(seen.postP99)} ms; Portico CPU ${fmt(seen.cpuMsPerMessage, 1)} ms per ` +
      `reply with its inbox page (database ${fmt(seen.databaseCpuMsPerMessage, 1)} ms); other processes ` +
      `${fmt(seen.otherCores, 2)} cores`,
    ...inbox.map(inboxDetailOf),
  ];
}

const inboxDetailOf = (row) =>
  `- conversations, GET ${row.path}: Portico CPU ${fmt(row.cpuMsPerPage, 1)} ms per page, the database's ` +
  `backends ${fmt(row.databaseCpuMsPerPage, 1)} ms; other processes ` +
  `${fmt(row.otherCores, 2)} cores; load average ${fmt(row.loadAverage, 2)}`;

/** `--paced 50,100,200`: the totals of messages per second the writers post on schedules. */
function pacedRatesOf(text = '') {
  const rates = text.split(',').map((part) => Number.parseInt(part, 10));
  return rates.length > 0 && rates.every((rate) => rate > 0) ? rates : fail('--paced takes rates such as 50,100,200');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pacedIndex = process.argv.indexOf('--paced');
  try {
    const result = await runConversationsBench({
      keepDatabase: process.argv.includes('--keep-database'),
      isInboxOnly: process.argv.includes('--inbox-only'),
      isPersonInboxOnly: process.argv.includes('--only-person-inbox'),
      ...(pacedIndex === -1 ? {} : { pacedRates: pacedRatesOf(process.argv[pacedIndex + 1]) }),
    });
    if (result.paced !== undefined) {
      console.log(
        `Replies of ${result.writers} writers on schedules, on PostgreSQL (${cpus().length} cores, Node ` +
          `${process.version}, ${new Date().toISOString().slice(0, 16)} UTC); ` +
          "latencies from each message's planned time",
      );
      console.log(
        '| messages/s planned (each writer every …) | messages/s done | POST p50 / p99 | until listed p50 / p99 | ' +
          'CPU per reply with its inbox page | p99 ≤ 50 ms |',
      );
      console.log('| --- | --- | --- | --- | --- | --- |');
      for (const run of result.paced) {
        console.log(
          `| ${fmt(run.rate)} (${fmt(run.everyMs)} ms) | ${fmt(run.messagesPerSecond)} | ${fmt(run.postP50)} / ` +
            `${fmt(run.postP99)} ms | ${fmt(run.seenP50)} / ${fmt(run.seenP99)} ms ` +
            `(${run.missed} missed${failuresOf(run)}) | ` +
            `${cpuOf(run.cpuMsPerMessage, run.databaseCpuMsPerMessage)} | ` +
            `${verdict(run.postP99 <= TARGETS.postP99Ms && run.seenP99 <= TARGETS.seenP99Ms && run.missed === 0)} |`,
        );
      }
      process.exit(0);
    }
    if (result.write === undefined && process.argv.includes('--only-person-inbox')) {
      const [person] = result.inbox;
      console.log(
        `GET /nachrichten of a policyholder who sees ${fmt(result.conversations)} conversations ` +
          `(${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 16)} UTC): ` +
          `${fmt(person.pagesPerSecond)} pages/s, p50 ${fmt(person.p50)} ms, p99 ${fmt(person.p99)} ms, ` +
          `${cpuOf(person.cpuMsPerPage, person.databaseCpuMsPerPage)} each` +
          `${person.others === 0 ? '' : `, ${person.others} not 200`}`,
      );
      console.log(inboxDetailOf(person));
      process.exit(0);
    }
    console.log(
      `Conversations on PostgreSQL: ${result.writers} writers, an inbox of ${fmt(result.conversations)} ` +
        `(${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 16)} UTC)`,
    );
    if (result.write === undefined) {
      const [staff] = result.inbox;
      console.log(
        `  GET ${STAFF_INBOX} of a staff member: ${fmt(staff.pagesPerSecond)} pages/s, p50 ${fmt(staff.p50)} ms, ` +
          `p99 ${fmt(staff.p99)} ms, ${cpuOf(staff.cpuMsPerPage, staff.databaseCpuMsPerPage)} each` +
          `${staff.others === 0 ? '' : `, ${staff.others} not 200`}; other processes ${fmt(staff.otherCores, 2)} ` +
          `cores; load average ${fmt(staff.loadAverage, 2)}`,
      );
    } else {
      for (const row of [...conversationRows(result), ...conversationFloorRows(result)]) {
        console.log(`  ${row.join(' | ')}`);
      }
      for (const line of conversationDetails(result)) console.log(line);
    }
  } catch (error) {
    log(`bench-conversations failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
