import type { Readable } from 'node:stream';
import { AppError, isAppError } from '../../shared/errors.js';
import type { FileStore, StoredFile } from './file-store.js';
import { withFileType, type FileKind } from './file-type.js';

/** One file of a form's submission, its bytes not yet read. */
export interface BatchFile {
  body: () => Readable;
}

export interface StoredBatchFile<T extends BatchFile> {
  submitted: T;
  file: StoredFile;
  contentType: string;
}

export interface FileBatchLimits {
  /** More files than this: `tooMany()`, refused before the extra file is read. */
  maxFiles: number;
  /** More bytes than this together: `tooLarge()`, refused as soon as the bytes pass it. */
  maxBytes: number;
  tooMany: () => AppError;
  tooLarge: () => AppError;
  /** The kinds accepted; any other file (and any file whose bytes show no kind) is `typeNotAllowed()`. */
  kinds?: readonly FileKind[];
  typeNotAllowed?: () => AppError;
}

/**
 * Several files of one submission, all or nothing: each file is streamed into the store (its type told by its bytes)
 * within the limits, and only when every file is stored does `commit` write their rows. Any refusal or failure, also
 * one of `commit`, removes the files already stored through `removeIfUnused` (the same bytes may belong to another
 * row of the tenant) and throws; the worker's cleanup catches a crash in between.
 */
export async function storeFileBatch<T extends BatchFile, R>(
  store: FileStore,
  tenantId: string,
  files: AsyncIterable<T>,
  limits: FileBatchLimits,
  removeIfUnused: (fileKey: string) => Promise<void>,
  commit: (stored: Array<StoredBatchFile<T>>) => Promise<R>,
): Promise<R> {
  const stored: Array<StoredBatchFile<T>> = [];
  try {
    let total = 0;
    for await (const submitted of files) {
      if (stored.length >= limits.maxFiles) throw limits.tooMany();
      const { type, body } = await withFileType(submitted.body());
      if (type === null || (limits.kinds !== undefined && !limits.kinds.includes(type.kind))) {
        body.destroy();
        throw limits.typeNotAllowed?.() ?? new AppError('FILE_TYPE_NOT_ALLOWED', 'Not an allowed file type');
      }
      let file: StoredFile;
      try {
        file = await store.put(tenantId, body, { maxBytes: limits.maxBytes - total });
      } catch (error) {
        if (isAppError(error) && error.code === 'FILE_TOO_LARGE') throw limits.tooLarge();
        throw error;
      }
      stored.push({ submitted, file, contentType: type.mediaType });
      total += file.size;
    }
    return await commit(stored);
  } catch (error) {
    for (const key of new Set(stored.map((item) => item.file.key))) {
      await removeIfUnused(key);
    }
    throw error;
  }
}
