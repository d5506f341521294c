const mb = (x) => (x / 1048576).toFixed(0);
const show = (l) => { const m = process.memoryUsage(); console.log(l.padEnd(28), 'rss', mb(m.rss), 'heap', mb(m.heapUsed), 'external', mb(m.external), 'arrayBuffers', mb(m.arrayBuffers)); };
show('node');
await import('../dist/server.js'); show('after imports');
const { PGlite } = await import('@electric-sql/pglite');
const pg = new PGlite(process.argv[2]); await pg.waitReady; show('after PGlite open');
await pg.query('select 1'); show('after query');
const { hash } = await import('@node-rs/argon2'); await hash('x', { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 }); show('after one argon2 hash');
await pg.close();
