import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, truncateSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFolderFileStore } from '../modules/documents/folder-file-store.js';
import { required } from '../shared/required.js';
import { downloadResponse } from './download-response.js';
import { FILE_SENDING_CHUNK_BYTES, withFileSending } from './file-sending.js';

const digestOf = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** How many descriptors this process holds open on files under `folder` (a deleted file's too). */
function openFilesUnder(folder: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(folder);
    } catch {
      return false;
    }
  }).length;
}

/**
 * Downloads through a real loopback server as Portico serves them: the folder store's file, the answer made by
 * `downloadResponse`, a middleware that adds a header after the handler, and `withFileSending` around the app.
 */
describe('withFileSending', () => {
  const folder = mkdtempSync(join(tmpdir(), 'portico-file-sending-'));
  const store = createFolderFileStore(folder);
  const tenantId = '00000000-0000-4000-8000-000000000001';
  // Not a multiple of the buffers' size, so the last piece is a short one.
  const bytes = randomBytes(5 * FILE_SENDING_CHUNK_BYTES + 12_345);
  // More than the loopback socket's buffers hold, so a client that stops reading stops the sending.
  const large = randomBytes(16 * 1024 * 1024);
  // Each changed on disk by its request after the store opened it: removed, or cut short.
  const removed = randomBytes(3 * FILE_SENDING_CHUNK_BYTES);
  const cut = randomBytes(3 * FILE_SENDING_CHUNK_BYTES);
  let key = '';
  let largeKey = '';
  let removedKey = '';
  let cutKey = '';
  /** Whether each request's own stream of the file was ever read (it must not be when the server sends the file). */
  const bodyWasRead: boolean[] = [];
  const sent: Promise<Response>[] = [];
  let server: ReturnType<typeof serve>;
  let port = 0;

  beforeAll(async () => {
    const { Readable } = await import('node:stream');
    key = (await store.put(tenantId, Readable.from([bytes]), { maxBytes: bytes.length })).key;
    largeKey = (await store.put(tenantId, Readable.from([large]), { maxBytes: large.length })).key;
    removedKey = (await store.put(tenantId, Readable.from([removed]), { maxBytes: removed.length })).key;
    cutKey = (await store.put(tenantId, Readable.from([cut]), { maxBytes: cut.length })).key;
    const keys: Record<string, string> = { file: key, large: largeKey, removed: removedKey, cut: cutKey };
    const app = new Hono();
    app.use(async (c, next) => {
      await next();
      c.res.headers.set('X-Added-After', 'yes');
    });
    app.get('/:name', async (c) => {
      const name = c.req.param('name');
      const opened = required(await store.open(required(keys[name])));
      if (name === 'removed') await store.delete(removedKey);
      if (name === 'cut') truncateSync(join(folder, cutKey), FILE_SENDING_CHUNK_BYTES + 1);
      let wasRead = false;
      opened.body.once('data', () => (wasRead = true));
      opened.body.pause();
      opened.body.once('close', () => bodyWasRead.push(wasRead));
      return downloadResponse(c, { document: { title: 'Police', contentType: 'application/pdf' }, ...opened });
    });
    const fetch = withFileSending(app.fetch);
    server = serve({
      fetch: (req: Request, env: unknown) => {
        const answer = fetch(req, env);
        sent.push(answer);
        return answer;
      },
      port: 0,
      hostname: '127.0.0.1',
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(folder, { recursive: true, force: true });
  });

  it('sends the whole file with the answer’s headers, the middleware’s included, without reading its stream', async () => {
    const answer = await fetch(`http://127.0.0.1:${String(port)}/file`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-length')).toBe(String(bytes.length));
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(answer.headers.get('x-added-after')).toBe('yes');
    const received = Buffer.from(await answer.arrayBuffer());
    expect(received.length).toBe(bytes.length);
    expect(digestOf(received)).toBe(digestOf(bytes));
    await required(sent.at(-1));
    expect(bodyWasRead.at(-1)).toBe(false);
    expect(openFilesUnder(folder)).toBe(0);
  });

  it('sends the file the store opened, though it was removed before the answer', async () => {
    const answer = await fetch(`http://127.0.0.1:${String(port)}/removed`);
    expect(digestOf(Buffer.from(await answer.arrayBuffer()))).toBe(digestOf(removed));
    await required(sent.at(-1));
    expect(openFilesUnder(folder)).toBe(0);
  });

  it('breaks off a file that ends early, so the download is incomplete, and closes it', async () => {
    const answer = await fetch(`http://127.0.0.1:${String(port)}/cut`);
    expect(answer.headers.get('content-length')).toBe(String(cut.length));
    await expect(answer.arrayBuffer()).rejects.toThrow();
    await required(sent.at(-1));
    expect(openFilesUnder(folder)).toBe(0);
  });

  it('stops and lets the next download through when the client goes away in the middle', async () => {
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/large' }, (res) => {
        res.on('error', () => undefined);
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
      req.end();
    });
    // The send ends (its file closed) instead of waiting for a client that is gone.
    await required(sent.at(-1));
    expect(openFilesUnder(folder)).toBe(0);
    const again = await fetch(`http://127.0.0.1:${String(port)}/file`);
    expect(digestOf(Buffer.from(await again.arrayBuffer()))).toBe(digestOf(bytes));
  });

  it('leaves a HEAD request to the answer’s own handling', async () => {
    const head = await fetch(`http://127.0.0.1:${String(port)}/file`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(bytes.length));
    // The GET's answer that HEAD is made from is never read: its file is closed all the same.
    await expect.poll(() => openFilesUnder(folder)).toBe(0);
  });
});
