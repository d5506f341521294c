import { PGlite } from '@electric-sql/pglite';
const pg = new PGlite(process.argv[2]); await pg.waitReady;
const sql = 'select t.* from tenant_hosts h join tenants t on t.id = h.tenant_id where h.host = $1';
const args = ['bench.localhost:38111'];
const id = (v) => v;
const variants = {
  'select 1 (no options)': () => pg.query('select 1'),
  'join, no options': () => pg.query(sql, args),
  'join, rowMode array': () => pg.query(sql, args, { rowMode: 'array' }),
  'join, rowMode array + parsers (as drizzle)': () => pg.query(sql, args, { rowMode: 'array', parsers: { 1184: id, 1114: id, 1082: id, 1186: id, 1231: id, 1115: id, 1185: id, 1187: id, 1182: id } }),
};
console.log('parsers on the instance:', Object.keys(pg.parsers ?? {}).length);
for (let round = 0; round < 2; round++) for (const [name, fn] of Object.entries(variants)) {
  for (let i = 0; i < 200; i++) await fn();
  const t = performance.now();
  for (let i = 0; i < 1000; i++) await fn();
  if (round) console.log(name.padEnd(45), (performance.now() - t).toFixed(0), 'µs/query');
}
await pg.close();
