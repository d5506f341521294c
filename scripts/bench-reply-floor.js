#!/usr/bin/env node
// The floor for Portico's reply figures (rows 21 and 22): the least a reply can cost on Portico's own libraries,
// measured in the same benchmark run. A Hono app on @hono/node-server with node-postgres and Portico's pool size.
// POST /nachrichten/{id} checks Origin and the signed double-submit CSRF pair, finds the session and the
// conversation it may write to in one SELECT, writes the message (its next position) and the conversation's time in
// one statement, its own transaction, and answers 303. GET /admin/nachrichten lists the 50 conversations of newest
// activity, as links, from one SELECT. No tenants, grants, read marks, notices, webhooks, audit or middleware.
//
//   node scripts/bench-reply-floor.js --port <port> --database-url <url> --writers <n>
//
// It creates its own tables (floor_reply_*), one person per writer with a session and a conversation, and 5,000 more
// conversations with one message each so that the list has an inbox's size, and a session for the staff's list.
// Then it prints one JSON line on stdout, { host, writers: [{ conversationId, cookie, csrf }], staffCookie }, listens
// on 127.0.0.1 and answers GET /readyz with 200. Used by scripts/bench-conversations.js; see docs/performance.md.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import pg from 'pg';
import { createCsrf, isToken, sha256 } from './floor-support.js';

const { values: options } = parseArgs({
  options: {
    port: { type: 'string' },
    'database-url': { type: 'string' },
    writers: { type: 'string', default: '50' },
  },
});
const port = Number.parseInt(options.port ?? '', 10);
const writerCount = Number.parseInt(options.writers ?? '', 10);
if (!Number.isInteger(port) || options['database-url'] === undefined || !(writerCount > 0)) {
  process.stderr.write('usage: bench-reply-floor.js --port <port> --database-url <url> --writers <n>\n');
  process.exit(2);
}

const pool = new pg.Pool({ connectionString: options['database-url'], max: 10, connectionTimeoutMillis: 2_000 });
pool.on('error', () => undefined);

await pool.query(`
  create table if not exists floor_reply_sessions (
    token_hash text primary key, person_id uuid not null, expires_at timestamptz not null);
  create table if not exists floor_reply_conversations (
    id uuid primary key default gen_random_uuid(), person_id uuid not null, subject text not null,
    last_activity_at timestamptz not null);
  create index if not exists floor_reply_conversations_activity
    on floor_reply_conversations (last_activity_at desc, id);
  create table if not exists floor_reply_messages (
    id uuid primary key default gen_random_uuid(),
    conversation_id uuid not null references floor_reply_conversations (id),
    author_id uuid not null, body text not null, position integer not null, created_at timestamptz not null,
    unique (conversation_id, position));
  insert into floor_reply_conversations (person_id, subject, last_activity_at)
    select gen_random_uuid(), 'Frage ' || n, now() - n * interval '1 hour' from generate_series(1, 5000) n;
  insert into floor_reply_messages (conversation_id, author_id, body, position, created_at)
    select id, person_id, 'Die erste Nachricht.', 1, last_activity_at from floor_reply_conversations;
  analyze;`);

const csrf = createCsrf();
const isUuid = (value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);

const host = `floor.localhost:${port}`;
const writers = [];
for (let index = 0; index < writerCount; index += 1) {
  const session = randomBytes(32).toString('base64url');
  const csrfCookie = randomBytes(32).toString('base64url');
  const {
    rows: [conversation],
  } = await pool.query(
    `with person as (select gen_random_uuid() as id),
          session as (insert into floor_reply_sessions (token_hash, person_id, expires_at)
                      select $1, id, now() + interval '12 hours' from person)
     insert into floor_reply_conversations (person_id, subject, last_activity_at)
     select id, $2, now() from person returning id`,
    [sha256(session), `Frage von Person ${index}`],
  );
  writers.push({
    conversationId: conversation.id,
    cookie: `portico_session=${session}; portico_csrf=${csrfCookie}`,
    csrf: csrf.sign(csrfCookie, host),
  });
}

const staffSession = randomBytes(32).toString('base64url');
await pool.query(
  `insert into floor_reply_sessions (token_hash, person_id, expires_at)
   values ($1, gen_random_uuid(), now() + interval '12 hours')`,
  [sha256(staffSession)],
);

const app = new Hono();
app.get('/readyz', (c) => c.json({ ready: true }));
app.post('/nachrichten/:id', async (c) => {
  const conversationId = c.req.param('id');
  const form = await c.req.parseBody();
  if (!csrf.isValid(c, form._csrf)) return c.text('Forbidden', 403);
  const session = getCookie(c, 'portico_session');
  const body = typeof form.body === 'string' ? form.body.trim() : '';
  if (!isToken(session) || !isUuid(conversationId)) return c.text('Nicht gefunden', 404);
  if (body === '' || body.length > 10_000) return c.text('Bitte schreiben Sie eine Nachricht.', 422);
  const {
    rows: [writer],
  } = await pool.query(
    `select s.person_id from floor_reply_sessions s
       join floor_reply_conversations c on c.person_id = s.person_id and c.id = $2
      where s.token_hash = $1 and s.expires_at > now()`,
    [sha256(session), conversationId],
  );
  if (writer === undefined) return c.text('Nicht gefunden', 404);
  await pool.query(
    `with message as (
       insert into floor_reply_messages (conversation_id, author_id, body, position, created_at)
       select $1, $2, $3, coalesce(max(position), 0) + 1, now() from floor_reply_messages where conversation_id = $1
       returning id)
     update floor_reply_conversations set last_activity_at = now()
      where id = $1 and exists (select 1 from message)`,
    [conversationId, writer.person_id, body],
  );
  return c.redirect(`/nachrichten/${conversationId}`, 303);
});
app.get('/admin/nachrichten', async (c) => {
  const session = getCookie(c, 'portico_session');
  if (!isToken(session)) return c.redirect('/login', 303);
  const { rows } = await pool.query(
    `select c.id, c.subject from floor_reply_conversations c
      where exists (select 1 from floor_reply_sessions s where s.token_hash = $1 and s.expires_at > now())
      order by c.last_activity_at desc, c.id limit 50`,
    [sha256(session)],
  );
  if (rows.length === 0) return c.redirect('/login', 303);
  const escape = (text) => text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
  return c.html(
    `<!doctype html><html lang="de"><title>Nachrichten</title><ul>` +
      rows.map((row) => `<li><a href="/admin/nachrichten/${row.id}">${escape(row.subject)}</a></li>`).join('') +
      `</ul></html>`,
  );
});

const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ host, writers, staffCookie: `portico_session=${staffSession}` })}\n`);
const stop = () => server.close(() => pool.end().finally(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
