import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../shared/errors.js';
import {
  fileKeyOf,
  isFileKey,
  type FileStore,
  type OpenedFile,
  type StoredFile,
  type StoredKey,
} from './file-store.js';
import { sharedLocalFile } from './local-file.js';

const TEMPORARY_FOLDER = '.incoming';

/**
 * Files in a folder (by default `DATA_DIR/files`): `<tenant>/<sha256>`. A file is written to a
 * temporary name, flushed to disk, then renamed into place, so a crash leaves either nothing or a
 * whole file under its key, never a half one.
 */
export function createFolderFileStore(root: string): FileStore {
  const incoming = join(root, TEMPORARY_FOLDER);

  async function put(tenantId: string, body: Readable, options: { maxBytes: number }): Promise<StoredFile> {
    await mkdir(incoming, { recursive: true });
    const temporaryPath = join(incoming, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > options.maxBytes) {
          callback(
            new AppError('FILE_TOO_LARGE', {
              params: { max: Math.floor(options.maxBytes / (1024 * 1024)) },
              detail: `file over ${String(options.maxBytes)} bytes`,
            }),
          );
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    const output = createWriteStream(temporaryPath, { flags: 'wx' });
    try {
      await pipeline(body, counter, output);
      const written = await open(temporaryPath, 'r');
      try {
        await written.sync();
      } finally {
        await written.close();
      }
      const sha256 = hash.digest('hex');
      const key = fileKeyOf(tenantId, sha256);
      await mkdir(join(root, tenantId), { recursive: true });
      await rename(temporaryPath, join(root, key));
      await syncFolder(join(root, tenantId));
      return { key, sha256, size };
    } catch (error) {
      // A stream that breaks off early can fail the copy while the file is still being opened: the
      // file is removed only once it is closed, or its opening would bring it back afterwards.
      if (!output.closed) await new Promise<void>((resolve) => output.once('close', () => resolve()));
      await rm(temporaryPath, { force: true });
      throw error;
    }
  }

  /**
   * Opens the file before answering: a file removed meanwhile (a deleted document, the cleanup) is null here, and one
   * opened stays readable. A stream that opened its file only later would fail after this answer, and a caller that
   * dropped the stream unread would have no listener left for that error. The download reads the same open file
   * (`local`) instead of opening it again.
   */
  async function openFile(key: string): Promise<OpenedFile | null> {
    if (!isFileKey(key)) return null;
    const path = join(root, key);
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      return { ...sharedLocalFile(handle), size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async function deleteFile(key: string): Promise<void> {
    if (!isFileKey(key)) return;
    await rm(join(root, key), { force: true });
  }

  async function* keys(): AsyncIterable<StoredKey> {
    let tenants: string[];
    try {
      tenants = await readdir(root);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const tenantId of tenants) {
      if (tenantId === TEMPORARY_FOLDER) continue;
      let names: string[];
      try {
        names = await readdir(join(root, tenantId));
      } catch (error) {
        if (isMissing(error)) continue;
        throw error;
      }
      for (const name of names) {
        const key = `${tenantId}/${name}`;
        if (!isFileKey(key)) continue;
        try {
          const { mtime } = await stat(join(root, key));
          yield { key, modifiedAt: mtime };
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
      }
    }
  }

  async function removeTemporaryFiles(olderThan: Date): Promise<number> {
    let names: string[];
    try {
      names = await readdir(incoming);
    } catch (error) {
      if (isMissing(error)) return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      const path = join(incoming, name);
      try {
        const { mtime } = await stat(path);
        if (mtime.getTime() >= olderThan.getTime()) continue;
        await rm(path, { force: true, recursive: true });
        removed += 1;
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    return removed;
  }

  return { description: `folder ${root}`, put, open: openFile, delete: deleteFile, keys, removeTemporaryFiles };
}

/** Makes a rename durable: the folder's entry is flushed too. */
async function syncFolder(path: string): Promise<void> {
  const folder = await open(path, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
