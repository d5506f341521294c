import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { required } from '../../shared/required.js';
import type { LocalFileReader } from './file-store.js';
import { sharedLocalFile } from './local-file.js';

describe('sharedLocalFile', () => {
  const folder = mkdtempSync(join(tmpdir(), 'portico-local-file-'));
  const path = join(folder, 'file');
  // Not a multiple of the reads' size, so the last read is a short one.
  const bytes = randomBytes(3 * 64 * 1024 + 777);
  writeFileSync(path, bytes);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** The file opened as the folder store opens it, with the number of times it was closed. */
  async function opened() {
    const handle = await open(path, 'r');
    const closing = handle.close.bind(handle);
    const counted = { closes: 0 };
    handle.close = () => {
      counted.closes += 1;
      return closing();
    };
    return { ...sharedLocalFile(handle), counted };
  }

  async function readAll(body: Readable): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async function readWhole(reader: LocalFileReader): Promise<Buffer> {
    const buffer = Buffer.alloc(bytes.length + 10);
    let position = 0;
    for (let read = -1; read !== 0; position += read) {
      read = await reader.read(buffer.subarray(position), Math.min(10_000, buffer.length - position), position);
    }
    return buffer.subarray(0, position);
  }

  const closed = (body: Readable) =>
    body.closed ? Promise.resolve() : new Promise<void>((resolve) => body.once('close', () => resolve()));

  it('streams the file and closes it once at the end; nothing can share it afterwards', async () => {
    const file = await opened();
    expect((await readAll(file.body)).equals(bytes)).toBe(true);
    await closed(file.body);
    expect(file.counted.closes).toBe(1);
    expect(file.local.share()).toBeNull();
  });

  it('closes a stream dropped unread once', async () => {
    const file = await opened();
    file.body.destroy();
    await closed(file.body);
    expect(file.counted.closes).toBe(1);
  });

  it('lets a reader read the whole file after the stream, which had read ahead, is dropped; closes it once after both', async () => {
    const file = await opened();
    // A subscribed, paused stream reads ahead: the reader reads at positions of its own all the same.
    file.body.once('data', () => undefined);
    file.body.pause();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reader = required(file.local.share());
    file.body.destroy();
    await closed(file.body);
    expect(file.counted.closes).toBe(0);
    expect((await readWhole(reader)).equals(bytes)).toBe(true);
    await reader.release();
    await reader.release();
    expect(file.counted.closes).toBe(1);
  });

  it('keeps the file open for the stream while a reader that finished first is released', async () => {
    const file = await opened();
    const reader = required(file.local.share());
    await reader.release();
    expect(file.counted.closes).toBe(0);
    expect((await readAll(file.body)).equals(bytes)).toBe(true);
    await closed(file.body);
    expect(file.counted.closes).toBe(1);
  });
});
