import { randomUUID } from 'node:crypto';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { CLI_ORIGIN } from '../audit/audit-service.js';
import { startFileCleanupWorker } from './file-cleanup-worker.js';

let portal: TestPortal;

beforeAll(async () => {
  portal = await createTestPortal();
});
afterAll(async () => {
  await portal.close();
});

const DAY = 24 * 60 * 60 * 1000;

describe('the scheduled cleanup of unreferenced files', () => {
  it('removes an old file without a row, per tenant, and leaves files with rows and young files alone', async () => {
    const { config, documents, fileStore, portfolio } = portal.services;
    if (config.storage.kind !== 'folder') throw new Error('the tests store files in a folder');
    const root = config.storage.path;
    const acme = await createTestTenant(portal, 'aufraeumen', 'Aufräumen GmbH');
    const beta = await createTestTenant(portal, 'aufraeumen-beta', 'Aufräumen Beta KG');
    await portfolio.upsertBatch(
      acme.id,
      [{ type: 'customer', action: 'upsert', customer: { customerNumber: 'K1', kind: 'private', lastName: 'Muster' } }],
      CLI_ORIGIN,
    );
    const pdf = (text: string) => Readable.from([Buffer.from(`%PDF-1.7 ${text}`)]);
    const named = await documents.store(
      acme.id,
      { customerNumber: 'K1', title: 'Police', keywords: [], direction: 'from_broker' },
      pdf('mit Zeile'),
      'application/pdf',
      { kind: 'system' },
    );
    const namedKey = `${acme.id}/${named.sha256}`;
    // A crash between the file and its row: files without a row, one old, one just written; the same bytes as the
    // named file, but in another tenant, have no row of their own.
    const orphan = await fileStore.put(acme.id, pdf('ohne Zeile'), { maxBytes: 1024 });
    const young = await fileStore.put(acme.id, pdf('gerade hochgeladen'), { maxBytes: 1024 });
    const otherTenants = await fileStore.put(beta.id, pdf('mit Zeile'), { maxBytes: 1024 });
    const old = new Date(Date.now() - 2 * DAY);
    for (const key of [namedKey, orphan.key, otherTenants.key]) await utimes(join(root, key), old, old);
    // A crash while a file was streaming in leaves its temporary file: one from two days ago, one from just now.
    const incoming = join(root, '.incoming');
    await mkdir(incoming, { recursive: true });
    const [staleUpload, runningUpload] = [randomUUID(), randomUUID()];
    await writeFile(join(incoming, staleUpload), 'abgebrochen');
    await writeFile(join(incoming, runningUpload), 'läuft noch');
    await utimes(join(incoming, staleUpload), old, old);

    const exists = async (key: string) => {
      const file = await fileStore.open(key);
      file?.body.destroy();
      return file !== null;
    };
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const worker = startFileCleanupWorker({ documents, logger, intervalMilliseconds: 20 });
    try {
      await vi.waitFor(async () => {
        expect(await exists(orphan.key)).toBe(false);
        expect(await exists(otherTenants.key)).toBe(false);
        expect(await readdir(incoming)).not.toContain(staleUpload);
      });
    } finally {
      await worker.stop();
    }
    expect(await exists(namedKey)).toBe(true);
    expect(await exists(young.key)).toBe(true);
    expect(await readdir(incoming)).toContain(runningUpload);
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; temporaryRemoved?: number });
    expect(
      logged.some((line) => line.msg === 'unreferenced document files removed' && line.temporaryRemoved === 1),
    ).toBe(true);
  });
});
