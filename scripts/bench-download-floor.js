#!/usr/bin/env node
// The floor for Portico's download figure: a file streamed on Portico's own libraries with nothing else. A Hono app
// on @hono/node-server whose one route answers the file as Portico's downloads do (a read stream of the file turned
// into a web stream, with Content-Length), without database, audit, authentication or middleware.
//
//   node scripts/bench-download-floor.js --port <port> --file <path>
//
// GET /file answers the file, GET /readyz 200. Used by scripts/bench-documents.js; see docs/performance.md.
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const { values: options } = parseArgs({ options: { port: { type: 'string' }, file: { type: 'string' } } });
const port = Number.parseInt(options.port ?? '', 10);
const file = options.file;
if (!Number.isInteger(port) || file === undefined) {
  process.stderr.write('usage: bench-download-floor.js --port <port> --file <path>\n');
  process.exit(2);
}

const app = new Hono();
app.get('/readyz', (c) => c.text('ok'));
app.get('/file', (c) => {
  const { size } = statSync(file);
  return c.body(Readable.toWeb(createReadStream(file)), 200, {
    'Content-Type': 'application/pdf',
    'Content-Length': String(size),
    'Content-Disposition': 'attachment; filename="file.pdf"',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  });
});

const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
