import type { Readable } from 'node:stream';

/**
 * Where documents' bytes live. Files are content-addressed inside their tenant: the key is
 * `<tenant id>/<SHA-256 in hex>`, so the same bytes uploaded twice by one broker are stored once and
 * one broker's delete can never touch another broker's file. Rows in the database name the key; a
 * file is removed only after the transaction that dropped its last row has committed.
 *
 * Two implementations: a folder inside the data folder (the embedded default) and S3-compatible
 * object storage. Both stream: no file is held whole in memory.
 */
export interface FileStore {
  /** What the store is, for logs and the operator ("folder /srv/data/files", "s3 bucket portico"). */
  readonly description: string;
  /**
   * Streams `body` into the store under `<tenantId>/<sha256>`. Refuses (FILE_TOO_LARGE, nothing
   * kept) as soon as more than `maxBytes` have arrived, without reading the rest.
   */
  put(tenantId: string, body: Readable, options: { maxBytes: number }): Promise<StoredFile>;
  /** The file's bytes as a stream, or null when the store holds no such key. */
  open(key: string): Promise<OpenedFile | null>;
  /** Removes the file; a key that is already gone is not an error. */
  delete(key: string): Promise<void>;
  /** Every key in the store, for the worker that removes files no row names (a crash between the two). */
  keys(): AsyncIterable<StoredKey>;
  /**
   * Removes the temporary files of uploads that never finished (a crash while a file was streaming in) written
   * before `olderThan`; answers how many went. A younger one may still be an upload under way.
   */
  removeTemporaryFiles(olderThan: Date): Promise<number>;
}

export interface StoredFile {
  key: string;
  sha256: string;
  size: number;
}

export interface OpenedFile {
  body: Readable;
  size: number;
  /** The file open on this machine's disk (the folder store): a download may read it itself, into its own buffers. */
  local?: LocalFile;
}

/** The open file behind an OpenedFile's `body`, which a reader of its own may share instead of reading `body`. */
export interface LocalFile {
  /** A reader of the same open file, or null when it is closed already (its `body` ended or was destroyed). */
  share(): LocalFileReader | null;
}

export interface LocalFileReader {
  /** Reads up to `length` bytes at `position` into `buffer` (from its start); answers how many, 0 at the file's end. */
  read(buffer: Buffer, length: number, position: number): Promise<number>;
  /** This reader is done (later calls do nothing); the file is closed once `body` is done too. */
  release(): Promise<void>;
}

export interface StoredKey {
  key: string;
  /** When the file was written; the cleanup leaves young files alone (their row may still be committing). */
  modifiedAt: Date;
}

/** The key of a tenant's file with the given SHA-256. */
export function fileKeyOf(tenantId: string, sha256: string): string {
  return `${tenantId}/${sha256}`;
}

const KEY_PATTERN = /^[0-9a-f-]{36}\/[0-9a-f]{64}$/;

/** True for keys this module makes; anything else (a path, `..`) is never passed to a store. */
export function isFileKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}
