import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileStore, StoredFile } from './file-store.js';
import { createFolderFileStore } from './folder-file-store.js';
import { removeUnreferencedFiles } from './unreferenced-files.js';

const HOUR = 60 * 60 * 1000;

describe('removeUnreferencedFiles', () => {
  let root: string;
  let store: FileStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'portico-orphans-'));
    store = createFolderFileStore(root);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function stored(content: string, tenantId: string, ageInHours: number): Promise<StoredFile> {
    const file = await store.put(tenantId, Readable.from([Buffer.from(content)]), { maxBytes: 1024 });
    const written = new Date(Date.now() - ageInHours * HOUR);
    await utimes(join(root, file.key), written, written);
    return file;
  }

  async function keys(): Promise<string[]> {
    const found: string[] = [];
    for await (const { key } of store.keys()) found.push(key);
    return found.sort();
  }

  it('removes old files no row names, in batches, and leaves named and young ones alone', async () => {
    const [tenant, other] = [randomUUID(), randomUUID()];
    const named = await stored('named', tenant, 48);
    const namedElsewhere = await stored('named', other, 48);
    const orphans = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((content) => stored(content, tenant, 48)));
    const young = await stored('young', tenant, 0.5);
    const otherOrphan = await stored('orphan of another tenant', other, 30);
    const rows = new Set([named.key, namedElsewhere.key]);
    const batches: string[][] = [];

    const outcome = await removeUnreferencedFiles(
      store,
      (batch) => {
        batches.push([...batch]);
        return Promise.resolve(new Set(batch.filter((key) => rows.has(key))));
      },
      new Date(Date.now() - 24 * HOUR),
      { batchSize: 3 },
    );

    expect(outcome).toEqual({ examined: 8, removed: 6, temporaryRemoved: 0 });
    expect(await keys()).toEqual([named.key, namedElsewhere.key, young.key].sort());
    expect(batches.map((batch) => batch.length)).toEqual([3, 3, 2]);
    expect(batches.flat().sort()).toEqual(
      [named.key, namedElsewhere.key, otherOrphan.key, ...orphans.map((file) => file.key)].sort(),
    );
    for (const orphan of orphans) expect(await store.open(orphan.key)).toBeNull();
  });

  it('asks nothing and removes nothing when every file is young', async () => {
    await stored('new', randomUUID(), 0);
    let asked = 0;
    const outcome = await removeUnreferencedFiles(
      store,
      () => {
        asked += 1;
        return Promise.resolve(new Set<string>());
      },
      new Date(Date.now() - HOUR),
    );
    expect(outcome).toEqual({ examined: 0, removed: 0, temporaryRemoved: 0 });
    expect(asked).toBe(0);
    expect(await keys()).toHaveLength(1);
  });

  it('removes nothing when the check fails', async () => {
    await stored('kept', randomUUID(), 48);
    await expect(
      removeUnreferencedFiles(store, () => Promise.reject(new Error('database gone')), new Date(Date.now() - HOUR)),
    ).rejects.toThrow('database gone');
    expect(await keys()).toHaveLength(1);
  });
});
