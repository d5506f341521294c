#!/usr/bin/env node
// The floor for Portico's portal pages on PostgreSQL: the least a page can cost on Portico's own stack, measured in
// the same benchmark run. A Hono app on @hono/node-server with node-postgres and Portico's pool size (10), no
// middleware, sessions, tenants or visibility:
//   GET /one           one SELECT by primary key (a session's row) and a page of about 1 KB;
//   GET /three?bytes=N three SELECTs one after the other, as Portico's contract list runs (a row by primary key, a
//                      row of flags, 50 of 300 rows sorted with the `und-x-icu` collation as the list sorts), and a
//                      page of those 50 rows padded to N bytes (the size of Portico's page).
//
//   node scripts/bench-page-floor.js --port <port> --database-url <url>
//
// It creates its own two tables (floor_page_sessions, floor_page_rows), analyses them, then listens on 127.0.0.1 and
// answers GET /readyz with 200. Used by scripts/bench-portfolio-pages.js --floor; see docs/performance.md.
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const { values: options } = parseArgs({
  options: { port: { type: 'string' }, 'database-url': { type: 'string' } },
});
const port = Number.parseInt(options.port ?? '', 10);
if (!Number.isInteger(port) || options['database-url'] === undefined) {
  process.stderr.write('usage: bench-page-floor.js --port <port> --database-url <url>\n');
  process.exit(2);
}

const { default: pg } = await import('pg');
const pool = new pg.Pool({ connectionString: options['database-url'], max: 10, connectionTimeoutMillis: 2_000 });
pool.on('error', () => undefined);
const query = async (text, params) => (await pool.query(text, params)).rows;

await query(`create table if not exists floor_page_sessions (
  id uuid primary key default gen_random_uuid(), token_hash text not null unique, name text not null)`);
await query(`create table if not exists floor_page_rows (
  id uuid primary key default gen_random_uuid(), session_id uuid not null, status text not null,
  sparte text not null, product text not null, number text not null)`);
const [session] = await query(
  `insert into floor_page_sessions (token_hash, name) values ('floor', 'Erika Mustermann')
   on conflict (token_hash) do update set name = excluded.name returning id`,
);
await query('delete from floor_page_rows');
await query(
  `insert into floor_page_rows (session_id, status, sparte, product, number)
   select $1, case when g % 10 = 9 then 'cancelled' else 'active' end, 'Sparte ' || (g % 8), 'Produkt ' || g,
          'PF' || lpad(g::text, 4, '0')
   from generate_series(1, 300) g`,
  [session.id],
);
await query('analyze floor_page_sessions, floor_page_rows');

const escape = (text) => String(text).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const app = new Hono();
app.get('/readyz', (c) => c.json({ ready: true }));
app.get('/one', async (c) => {
  const [row] = await query('select id, name from floor_page_sessions where token_hash = $1', ['floor']);
  return c.html(
    `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Übersicht</title></head><body>` +
      `<header><nav><a href="/">Übersicht</a> <a href="/vertraege">Verträge</a></nav></header>` +
      `<main><h1>Guten Tag, ${escape(row.name)}</h1><p>${'Ihre Verträge auf einen Blick. '.repeat(20)}</p></main>` +
      `</body></html>`,
  );
});
app.get('/three', async (c) => {
  const bytes = Number.parseInt(c.req.query('bytes') ?? '0', 10) || 0;
  const [row] = await query('select id, name from floor_page_sessions where token_hash = $1', ['floor']);
  const [flags] = await query(
    `select exists (select 1 from floor_page_rows where session_id = $1) as "hasRows",
            (select count(*)::int from floor_page_rows where session_id = $1) as "count"`,
    [row.id],
  );
  const rows = await query(
    `select id, status, sparte, product, number from floor_page_rows where session_id = $1
     order by case status when 'active' then 0 else 1 end, sparte collate "und-x-icu", product collate "und-x-icu",
              number collate "und-x-icu", id
     limit 50`,
    [row.id],
  );
  const items = rows
    .map(
      (item) =>
        `<li><a href="/vertraege/${item.id}">${escape(item.sparte)} · ${escape(item.product)}</a>` +
        `<span>${escape(item.number)}</span><span>${escape(item.status)}</span></li>`,
    )
    .join('');
  const page =
    `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Verträge</title></head><body>` +
    `<header><nav><a href="/">Übersicht</a> <a href="/vertraege">Verträge</a></nav></header>` +
    `<main><h1>${escape(row.name)}: ${flags.count} Verträge</h1><ul>${items}</ul></main>`;
  return c.html(`${page}<!--${'.'.repeat(Math.max(0, bytes - page.length - 20))}--></body></html>`);
});

const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
const stop = () => server.close(() => pool.end().finally(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
