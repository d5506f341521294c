#!/usr/bin/env node
// The floor for Portico's login figures: the least a login can cost on Portico's own libraries, measured in
// the same benchmark run. A Hono app on @hono/node-server with the same database driver as Portico
// (PGlite in a data folder with Portico's settings, or node-postgres with Portico's pool size) and the
// same argon2id parameters (read from dist/). GET /login sets a signed double-submit CSRF cookie and
// shows the form; POST /login checks the CSRF pair, runs one SELECT, one argon2id verify, one session
// INSERT and answers 303 to / with the session cookie. No throttling, audit, tenants or middleware.
//
//   node scripts/bench-login-floor.js --port <port> (--data-dir <folder> | --database-url <url>)
//     [--email <address> …] [--password <password>]
//
// It creates its own two tables (floor_users, floor_sessions) and a user for each --email (all with the one
// password; the benchmark logs in one account per connection, as it does with Portico), then listens on 127.0.0.1
// and answers GET /readyz with 200. Used by scripts/bench.js; see docs/performance.md.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { hash, verify } from '@node-rs/argon2';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { ROOT } from './bench-support.js';
import { createCsrf, isToken, sha256 } from './floor-support.js';

const { OWASP_ARGON2_PARAMETERS } = await import(join(ROOT, 'dist', 'modules', 'credentials', 'password-hasher.js'));

const { values: options } = parseArgs({
  options: {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    'database-url': { type: 'string' },
    email: { type: 'string', multiple: true, default: ['bench@example.com'] },
    password: { type: 'string', default: 'Kolibri-Segelboot-Tannenzapfen-4711' },
  },
});
const port = Number.parseInt(options.port ?? '', 10);
if (!Number.isInteger(port) || (options['data-dir'] === undefined) === (options['database-url'] === undefined)) {
  process.stderr.write('usage: bench-login-floor.js --port <port> (--data-dir <folder> | --database-url <url>)\n');
  process.exit(2);
}

/** `query(text, params)` → rows, on the same driver Portico uses for this kind of database. */
async function openDatabase() {
  if (options['database-url'] !== undefined) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: options['database-url'], max: 10, connectionTimeoutMillis: 2_000 });
    pool.on('error', () => undefined);
    return { query: async (text, params) => (await pool.query(text, params)).rows, close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { compiledPgliteModule, EMBEDDED_SETTINGS } = await import(join(ROOT, 'dist', 'db', 'pglite-module.js'));
  const client = new PGlite({
    dataDir: options['data-dir'],
    pgliteWasmModule: await compiledPgliteModule(),
    startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS],
  });
  await client.waitReady;
  return { query: async (text, params) => (await client.query(text, params)).rows, close: () => client.close() };
}

const db = await openDatabase();
await db.query(`create table if not exists floor_users (
  id uuid primary key default gen_random_uuid(), email text not null unique, password_hash text not null)`);
await db.query(`create table if not exists floor_sessions (
  id uuid primary key default gen_random_uuid(), token_hash text not null unique,
  user_id uuid not null references floor_users (id), created_at timestamptz not null,
  expires_at timestamptz not null)`);
const argon2Options = { algorithm: 2 /* Argon2id */, ...OWASP_ARGON2_PARAMETERS };
for (const email of options.email) {
  await db.query(
    `insert into floor_users (email, password_hash) values ($1, $2)
     on conflict (email) do update set password_hash = excluded.password_hash`,
    [email, await hash(options.password, argon2Options)],
  );
}

const csrf = createCsrf();

/** The CSRF cookie's value, set when the browser has none (as Portico's double-submit does). */
function csrfCookieOf(c) {
  let value = getCookie(c, 'portico_csrf');
  if (!isToken(value)) {
    value = randomBytes(32).toString('base64url');
    setCookie(c, 'portico_csrf', value, { path: '/', httpOnly: true, sameSite: 'Lax' });
  }
  return value;
}

const app = new Hono();
app.get('/readyz', (c) => c.json({ ready: true }));
app.get('/login', (c) => {
  const token = csrf.sign(csrfCookieOf(c), c.req.header('host') ?? '');
  return c.html(
    `<!doctype html><html lang="de"><title>Anmelden</title><form method="post" action="/login">` +
      `<input type="hidden" name="_csrf" value="${token}"><input name="email" type="email">` +
      `<input name="password" type="password"><button>Anmelden</button></form></html>`,
  );
});
app.post('/login', async (c) => {
  const form = await c.req.parseBody();
  if (!csrf.isValid(c, form._csrf)) return c.text('Forbidden', 403);
  const email = typeof form.email === 'string' ? form.email.trim().toLowerCase() : '';
  const password = typeof form.password === 'string' ? form.password : '';
  const [user] = await db.query('select id, password_hash from floor_users where email = $1', [email]);
  if (user === undefined || !(await verify(user.password_hash, password))) {
    return c.text('Anmeldung fehlgeschlagen', 401);
  }
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  await db.query('insert into floor_sessions (token_hash, user_id, created_at, expires_at) values ($1, $2, $3, $4)', [
    sha256(token),
    user.id,
    now.toISOString(),
    new Date(now.getTime() + 12 * 3600_000).toISOString(),
  ]);
  setCookie(c, 'portico_session', token, { path: '/', httpOnly: true, sameSite: 'Lax' });
  return c.redirect('/', 303);
});

const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
const stop = () => server.close(() => db.close().finally(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
