import { createHash, randomUUID } from 'node:crypto';
import { Readable, Transform, pipeline } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { AppError } from '../../shared/errors.js';
import {
  fileKeyOf,
  isFileKey,
  type FileStore,
  type OpenedFile,
  type StoredFile,
  type StoredKey,
} from './file-store.js';

const TEMPORARY_PREFIX = '.incoming/';
/** S3's smallest part; with two parts in flight an upload holds about 10 MB, whatever the file's size. */
const PART_BYTES = 5 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;
const KEYS_PER_PAGE = 1000;

export interface S3FileStoreOptions {
  bucket: string;
  /** An S3-compatible server (MinIO, Ceph, …): addressed by path (`<endpoint>/<bucket>/<key>`). */
  endpoint?: string | null;
  region?: string | null;
  /** Passed to the SDK as they are: credentials for tests, checksum settings, a request handler. */
  client?: S3ClientConfig;
}

/**
 * Files in an S3 bucket under `<tenant>/<sha256>`. An upload streams to a temporary key
 * (`.incoming/<uuid>`, in parts of 5 MB) while its SHA-256 is computed; only then is its key known, so
 * the object is copied there and the temporary one deleted. A refused or failed upload is aborted and
 * leaves no object. What a crash in between leaves under `.incoming/` the cleanup worker removes after a day
 * (`removeTemporaryFiles`); unfinished multipart uploads need the bucket's own rule to abort them.
 */
export function createS3FileStore(options: S3FileStoreOptions): FileStore {
  const { bucket } = options;
  const endpoint = options.endpoint ?? undefined;
  const client = new S3Client({
    ...(endpoint === undefined ? {} : { endpoint, forcePathStyle: true }),
    ...(options.region === undefined || options.region === null ? {} : { region: options.region }),
    ...options.client,
  });

  async function put(tenantId: string, body: Readable, limits: { maxBytes: number }): Promise<StoredFile> {
    const hash = createHash('sha256');
    let size = 0;
    const failure: { cause: Error | null } = { cause: null };
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > limits.maxBytes) {
          failure.cause = new AppError('FILE_TOO_LARGE', {
            params: { max: Math.floor(limits.maxBytes / (1024 * 1024)) },
            detail: `file over ${String(limits.maxBytes)} bytes`,
          });
          callback(failure.cause);
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    // The source's own error reaches the upload through the counter, which it destroys.
    const counted = pipeline(body, counter, (error) => {
      if (error && failure.cause === null) failure.cause = error;
    });
    const temporaryKey = `${TEMPORARY_PREFIX}${randomUUID()}`;
    const upload = new Upload({
      client,
      params: { Bucket: bucket, Key: temporaryKey, Body: counted },
      partSize: PART_BYTES,
      queueSize: PARTS_IN_FLIGHT,
    });
    try {
      await upload.done();
    } catch (error) {
      counted.destroy();
      // The upload aborts its multipart upload itself; a server that cannot abort one must not hide the cause.
      await deleteObject(temporaryKey).catch(() => undefined);
      throw failure.cause ?? error;
    }
    const sha256 = hash.digest('hex');
    const key = fileKeyOf(tenantId, sha256);
    try {
      await client.send(
        new CopyObjectCommand({ Bucket: bucket, Key: key, CopySource: `${bucket}/${encodeKey(temporaryKey)}` }),
      );
    } finally {
      await deleteObject(temporaryKey);
    }
    return { key, sha256, size };
  }

  async function open(key: string): Promise<OpenedFile | null> {
    if (!isFileKey(key)) return null;
    try {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!(answer.Body instanceof Readable)) throw new Error(`S3 answered ${key} without a stream`);
      return { body: answer.Body, size: answer.ContentLength ?? 0 };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async function deleteObject(key: string): Promise<void> {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }

  async function deleteFile(key: string): Promise<void> {
    if (!isFileKey(key)) return;
    await deleteObject(key);
  }

  // Pages by StartAfter (the last key of the page before), which every S3-compatible server supports.
  async function* keys(): AsyncIterable<StoredKey> {
    let after: string | undefined;
    for (;;) {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, MaxKeys: KEYS_PER_PAGE, StartAfter: after }),
      );
      const contents = page.Contents ?? [];
      for (const object of contents) {
        const key = object.Key;
        if (key === undefined) continue;
        after = key;
        if (key.startsWith(TEMPORARY_PREFIX) || !isFileKey(key)) continue;
        yield { key, modifiedAt: object.LastModified ?? new Date(0) };
      }
      if (page.IsTruncated !== true || contents.length === 0) return;
    }
  }

  // A bucket rule may remove these as well; the worker does not rely on one being set.
  async function removeTemporaryFiles(olderThan: Date): Promise<number> {
    let removed = 0;
    let after: string | undefined;
    for (;;) {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: TEMPORARY_PREFIX,
          MaxKeys: KEYS_PER_PAGE,
          StartAfter: after,
        }),
      );
      const contents = page.Contents ?? [];
      for (const object of contents) {
        const key = object.Key;
        if (key === undefined) continue;
        after = key;
        if (!key.startsWith(TEMPORARY_PREFIX)) continue;
        if ((object.LastModified ?? new Date(0)).getTime() >= olderThan.getTime()) continue;
        await deleteObject(key);
        removed += 1;
      }
      if (page.IsTruncated !== true || contents.length === 0) return removed;
    }
  }

  return { description: `s3 bucket ${bucket}`, put, open, delete: deleteFile, keys, removeTemporaryFiles };
}

function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

function isMissing(error: unknown): boolean {
  if (error instanceof NoSuchKey) return true;
  return error instanceof S3ServiceException && (error.name === 'NotFound' || error.$metadata.httpStatusCode === 404);
}
