import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { setImmediate, setTimeout as delay } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { required } from '../../shared/required.js';
import type { FileStore } from './file-store.js';
import { createFolderFileStore } from './folder-file-store.js';
import { createS3FileStore } from './s3-file-store.js';

/** A store under test and a look behind it: every object or file it holds, temporary ones included. */
interface StoreUnderTest {
  store: FileStore;
  everything(): Promise<string[]>;
  /** Leaves a temporary file behind as an upload a crash broke off would; answers how it shows in `everything`. */
  leaveTemporary(bytes: Buffer): Promise<string>;
}

interface StoreKind {
  name: string;
  start(): Promise<void>;
  open(): Promise<StoreUnderTest>;
  stop(): Promise<void>;
}

const MB = 1024 * 1024;

function folderKind(): StoreKind {
  const roots: string[] = [];
  return {
    name: 'folder',
    async start() {},
    async open() {
      const root = await mkdtemp(join(tmpdir(), 'portico-files-'));
      roots.push(root);
      return {
        store: createFolderFileStore(root),
        async everything() {
          const entries = await readdir(root, { recursive: true, withFileTypes: true });
          return entries
            .filter((entry) => entry.isFile())
            .map((entry) => relative(root, join(entry.parentPath, entry.name)));
        },
        async leaveTemporary(bytes) {
          const name = join('.incoming', randomUUID());
          await mkdir(join(root, '.incoming'), { recursive: true });
          await writeFile(join(root, name), bytes);
          return name;
        },
      };
    },
    async stop() {
      await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
    },
  };
}

/** A real S3-protocol server on loopback, one bucket per test. */
function s3Kind(): StoreKind {
  let server: S3rver | null = null;
  let folder = '';
  let client: S3Client | null = null;
  let endpoint = '';
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  return {
    name: 's3',
    async start() {
      folder = await mkdtemp(join(tmpdir(), 'portico-s3-'));
      server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: folder });
      const { port } = await server.run();
      endpoint = `http://127.0.0.1:${String(port)}`;
      client = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1', credentials });
    },
    async open() {
      const s3 = required(client);
      const bucket = `portico-${randomBytes(6).toString('hex')}`;
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      return {
        store: createS3FileStore({ bucket, endpoint, region: 'us-east-1', client: { credentials } }),
        async everything() {
          const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
          return (page.Contents ?? []).map((object) => required(object.Key));
        },
        async leaveTemporary(bytes) {
          const key = `.incoming/${randomUUID()}`;
          await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
          return key;
        },
      };
    },
    async stop() {
      client?.destroy();
      await server?.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** `total` bytes in chunks of 64 KiB, made as they are read; `pulled` counts what the store took. */
function generated(total: number, options: { failAfter?: number; at?: number; then?: () => Promise<void> } = {}) {
  const hash = createHash('sha256');
  const progress = { pulled: 0, sha256: '' };
  async function* chunks() {
    let index = 0;
    while (progress.pulled < total) {
      if (options.failAfter !== undefined && progress.pulled >= options.failAfter) {
        throw new Error('connection reset by peer');
      }
      if (options.at !== undefined && progress.pulled === options.at) await options.then?.();
      const chunk = Buffer.alloc(Math.min(64 * 1024, total - progress.pulled), index % 251);
      index += 1;
      progress.pulled += chunk.length;
      hash.update(chunk);
      // Like a client's upload, which arrives over the network.
      await setImmediate();
      yield chunk;
    }
    progress.sha256 = hash.digest('hex');
  }
  return { body: Readable.from(chunks(), { objectMode: false }), progress };
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

async function keysOf(store: FileStore): Promise<{ key: string; modifiedAt: Date }[]> {
  const keys: { key: string; modifiedAt: Date }[] = [];
  for await (const entry of store.keys()) keys.push(entry);
  return keys.sort((a, b) => a.key.localeCompare(b.key));
}

/** The garbage collector, switched on at run time (the workers start without --expose-gc); slow, so called rarely. */
const collectGarbage = (() => {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  return () => {
    if (typeof gc === 'function') gc();
  };
})();

/** The memory in use once garbage is collected and the buffers' memory freed (which V8 does in the background). */
async function memoryHeld(): Promise<NodeJS.MemoryUsage> {
  collectGarbage();
  await delay(50);
  collectGarbage();
  await delay(50);
  return process.memoryUsage();
}

function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe.each([folderKind(), s3Kind()])('the $name file store', (kind) => {
  let subject: StoreUnderTest;

  beforeAll(async () => {
    await kind.start();
  });

  afterAll(async () => {
    await kind.stop();
  });

  beforeEach(async () => {
    subject = await kind.open();
  });

  it('gives back the bytes it stored, under the tenant and their SHA-256', async () => {
    const tenantId = randomUUID();
    const bytes = randomBytes(300 * 1024);
    const stored = await subject.store.put(tenantId, Readable.from([bytes]), { maxBytes: MB });
    expect(stored).toEqual({ key: `${tenantId}/${sha256Of(bytes)}`, sha256: sha256Of(bytes), size: bytes.length });

    const opened = required(await subject.store.open(stored.key));
    expect(opened.size).toBe(bytes.length);
    const read = await readAll(opened.body);
    expect(sha256Of(read)).toBe(stored.sha256);
    expect(read.equals(bytes)).toBe(true);
  });

  it('keeps the same bytes of one tenant once, and of two tenants twice', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    const bytes = Buffer.from('%PDF-1.7 the same policy');
    const once = await subject.store.put(first, Readable.from([bytes]), { maxBytes: MB });
    const again = await subject.store.put(first, Readable.from([bytes]), { maxBytes: MB });
    const other = await subject.store.put(second, Readable.from([bytes]), { maxBytes: MB });

    expect(again.key).toBe(once.key);
    expect(other.key).not.toBe(once.key);
    expect(other.sha256).toBe(once.sha256);
    expect((await keysOf(subject.store)).map((entry) => entry.key).sort()).toEqual([once.key, other.key].sort());
    expect((await subject.everything()).sort()).toEqual([once.key, other.key].sort());
  });

  it('refuses a file over the limit without reading the rest, and keeps nothing', async () => {
    const small = generated(8 * MB);
    await expect(subject.store.put(randomUUID(), small.body, { maxBytes: MB })).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
      params: { max: 1 },
    });
    expect(small.progress.pulled).toBeLessThan(2 * MB);

    // Past the first 5 MB part, where an S3 upload has already begun.
    const large = generated(40 * MB);
    await expect(subject.store.put(randomUUID(), large.body, { maxBytes: 7 * MB })).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
    });
    expect(large.progress.pulled).toBeLessThan(20 * MB);

    expect(await keysOf(subject.store)).toEqual([]);
    expect(await subject.everything()).toEqual([]);
  });

  it('keeps nothing of a stream that breaks off midway', async () => {
    const broken = generated(20 * MB, { failAfter: 12 * MB });
    await expect(subject.store.put(randomUUID(), broken.body, { maxBytes: 30 * MB })).rejects.toThrow(
      'connection reset by peer',
    );
    const early = generated(MB, { failAfter: 64 * 1024 });
    await expect(subject.store.put(randomUUID(), early.body, { maxBytes: 30 * MB })).rejects.toThrow(
      'connection reset by peer',
    );
    expect(await keysOf(subject.store)).toEqual([]);
    expect(await subject.everything()).toEqual([]);
  });

  it('answers null for a key it does not hold, and for anything that is not a key', async () => {
    expect(await subject.store.open(`${randomUUID()}/${'0'.repeat(64)}`)).toBeNull();
    expect(await subject.store.open('../etc/passwd')).toBeNull();
    expect(await subject.store.open('.incoming/whatever')).toBeNull();
  });

  // A document deleted (or an orphan cleaned up) while somebody downloads it: the folder store opens the file before
  // it answers, so an open file is read to its end and a stream dropped unread has nothing left to fail with.
  it.runIf(kind.name === 'folder')(
    'reads a file opened before its deletion to the end; one dropped unread is quiet',
    async () => {
      const bytes = randomBytes(200 * 1024);
      const stored = await subject.store.put(randomUUID(), Readable.from([bytes]), { maxBytes: MB });
      const opened = required(await subject.store.open(stored.key));
      const dropped = required(await subject.store.open(stored.key));
      await subject.store.delete(stored.key);
      dropped.body.destroy();
      expect((await readAll(opened.body)).equals(bytes)).toBe(true);
      expect(await subject.store.open(stored.key)).toBeNull();
    },
  );

  it('deletes a file, and a second delete of it is no error', async () => {
    const tenantId = randomUUID();
    const kept = await subject.store.put(tenantId, Readable.from([Buffer.from('kept')]), { maxBytes: MB });
    const dropped = await subject.store.put(tenantId, Readable.from([Buffer.from('dropped')]), { maxBytes: MB });

    await subject.store.delete(dropped.key);
    await subject.store.delete(dropped.key);
    await subject.store.delete(`${randomUUID()}/${'f'.repeat(64)}`);

    expect(await subject.store.open(dropped.key)).toBeNull();
    expect((await keysOf(subject.store)).map((entry) => entry.key)).toEqual([kept.key]);
  });

  it('removes the temporary files a broken-off upload left once they are old enough, and nothing else', async () => {
    const kept = await subject.store.put(randomUUID(), Readable.from([Buffer.from('%PDF-1.7 kept')]), { maxBytes: MB });
    const leftOver = await subject.leaveTemporary(Buffer.from('half an upload'));
    expect((await subject.everything()).sort()).toEqual([kept.key, leftOver].sort());

    // Younger than the cut-off: perhaps an upload still under way.
    expect(await subject.store.removeTemporaryFiles(new Date(Date.now() - 60 * 60 * 1000))).toBe(0);
    expect((await subject.everything()).sort()).toEqual([kept.key, leftOver].sort());

    // S3 keeps whole seconds: a cut-off two seconds ahead is past the object's time in either store.
    expect(await subject.store.removeTemporaryFiles(new Date(Date.now() + 2000))).toBe(1);
    expect(await subject.everything()).toEqual([kept.key]);
    expect(await subject.store.removeTemporaryFiles(new Date(Date.now() + 2000))).toBe(0);
  });

  it('lists every key with the time it was written', async () => {
    const before = Date.now();
    const tenants = [randomUUID(), randomUUID()];
    const stored = await Promise.all(
      [0, 1, 2].map((index) =>
        subject.store.put(required(tenants[index % 2]), Readable.from([Buffer.from(`file ${String(index)}`)]), {
          maxBytes: MB,
        }),
      ),
    );
    const listed = await keysOf(subject.store);
    expect(listed.map((entry) => entry.key)).toEqual(stored.map((file) => file.key).sort());
    for (const entry of listed) {
      // S3 keeps whole seconds.
      expect(entry.modifiedAt.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(entry.modifiedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }
  });

  it('streams a 40 MB file through without holding it in memory', async () => {
    const size = 40 * MB;
    const figures = (usage: NodeJS.MemoryUsage) =>
      `rss ${(usage.rss / MB).toFixed(0)} MB, arrayBuffers ${(usage.arrayBuffers / MB).toFixed(1)} MB`;
    const before = await memoryHeld();
    let midway = before;
    // At 30 MB read, what is still held (collected first, so garbage is not counted).
    const source = generated(size, {
      at: 30 * MB,
      async then() {
        midway = await memoryHeld();
      },
    });
    const stored = await subject.store.put(randomUUID(), source.body, { maxBytes: 50 * MB });
    const after = await memoryHeld();
    console.log(
      `${kind.name} store, 40 MB upload: before ${figures(before)}; at 30 MB ${figures(midway)}; ` +
        `after ${figures(after)}`,
    );
    expect(stored).toMatchObject({ sha256: source.progress.sha256, size });

    const opened = required(await subject.store.open(stored.key));
    expect(opened.size).toBe(size);
    const hash = createHash('sha256');
    for await (const chunk of opened.body) hash.update(chunk as Uint8Array);
    expect(hash.digest('hex')).toBe(source.progress.sha256);
    // Loose: the 30 MB read so far, held whole, would be counted here.
    expect(midway.arrayBuffers - before.arrayBuffers).toBeLessThan(30 * MB);
  }, 60_000);
});
