import { Readable } from 'node:stream';
import { AppError } from '../../shared/errors.js';

/**
 * What a file is, told by its first bytes and never by its name or by the type the browser sends:
 * a photo renamed to `.pdf` is still a photo, and a script renamed to `.jpg` is refused.
 */
export type FileKind = 'pdf' | 'jpeg' | 'png' | 'heic' | 'tiff';

export interface FileType {
  kind: FileKind;
  /** The Content-Type the file is served with. */
  mediaType: string;
  /** The usual extension, for a name that has none. */
  extension: string;
}

/** What the refusal names; FILE_TYPE_NOT_ALLOWED's text lists the same. */
export const ALLOWED_FILE_KINDS: readonly FileKind[] = ['pdf', 'jpeg', 'png', 'heic', 'tiff'];

/** Enough of the start of a file for fileTypeOf (an ftyp box lists its brands within its first bytes). */
export const FILE_TYPE_HEAD_BYTES = 256;

const PDF = Buffer.from('%PDF-', 'latin1');
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const TIFF_LITTLE_ENDIAN = Buffer.from([0x49, 0x49, 0x2a, 0x00]);
const TIFF_BIG_ENDIAN = Buffer.from([0x4d, 0x4d, 0x00, 0x2a]);

/** HEVC-coded HEIF brands, each with its media type; accepted as the main brand or among the compatible ones. */
const HEVC_BRANDS: Readonly<Record<string, string>> = {
  heic: 'image/heic',
  heix: 'image/heic',
  heim: 'image/heic',
  heis: 'image/heic',
  hevc: 'image/heic-sequence',
  hevx: 'image/heic-sequence',
};
/**
 * The general HEIF brands, accepted as the main brand only: AVIF files (main brand `avif`) list `mif1`
 * among their compatible brands, and AV1 is not what "HEIC" promises.
 */
const GENERAL_HEIF_BRANDS: Readonly<Record<string, string>> = { mif1: 'image/heif', msf1: 'image/heif-sequence' };

/** The file's type from its first bytes (FILE_TYPE_HEAD_BYTES are enough), or null for any other file. */
export function fileTypeOf(head: Uint8Array): FileType | null {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (startsWith(bytes, PDF)) return { kind: 'pdf', mediaType: 'application/pdf', extension: 'pdf' };
  if (startsWith(bytes, JPEG)) return { kind: 'jpeg', mediaType: 'image/jpeg', extension: 'jpg' };
  if (startsWith(bytes, PNG)) return { kind: 'png', mediaType: 'image/png', extension: 'png' };
  if (startsWith(bytes, TIFF_LITTLE_ENDIAN) || startsWith(bytes, TIFF_BIG_ENDIAN)) {
    return { kind: 'tiff', mediaType: 'image/tiff', extension: 'tif' };
  }
  const heif = heifMediaTypeOf(bytes);
  if (heif !== null) return { kind: 'heic', mediaType: heif, extension: 'heic' };
  return null;
}

/** An ISO-BMFF `ftyp` box at the start: size (4), `ftyp`, main brand (4), version (4), compatible brands. */
function heifMediaTypeOf(bytes: Buffer): string | null {
  if (bytes.length < 16 || bytes.toString('latin1', 4, 8) !== 'ftyp') return null;
  const boxSize = bytes.readUInt32BE(0);
  if (boxSize < 16 || boxSize % 4 !== 0) return null;
  const main = bytes.toString('latin1', 8, 12);
  const mainType = HEVC_BRANDS[main] ?? GENERAL_HEIF_BRANDS[main];
  if (mainType !== undefined) return mainType;
  const end = Math.min(boxSize, bytes.length);
  for (let offset = 16; offset + 4 <= end; offset += 4) {
    const compatible = HEVC_BRANDS[bytes.toString('latin1', offset, offset + 4)];
    if (compatible !== undefined) return compatible;
  }
  return null;
}

/**
 * Reads the first bytes of an upload to tell its type, and gives back a stream of the whole upload,
 * those bytes included, to store. Refused (type null), the caller destroys that stream, which ends the
 * upload's.
 */
export async function withFileType(upload: Readable): Promise<{ type: FileType | null; body: Readable }> {
  const source = upload[Symbol.asyncIterator]() as AsyncIterator<Uint8Array | string>;
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < FILE_TYPE_HEAD_BYTES) {
    const next = await source.next();
    if (next.done === true) {
      ended = true;
      break;
    }
    const chunk = bufferOf(next.value);
    chunks.push(chunk);
    length += chunk.length;
  }
  const head = Buffer.concat(chunks);
  async function* replay(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    while (!ended) {
      const next = await source.next();
      if (next.done === true) return;
      yield bufferOf(next.value);
    }
  }
  const body = Readable.from(replay(), { objectMode: false });
  // Also when destroyed before its first read, where the generator's own cleanup would not run.
  body.once('close', () => {
    void source.return?.().catch(() => undefined);
  });
  return { type: fileTypeOf(head.subarray(0, FILE_TYPE_HEAD_BYTES)), body };
}

/**
 * A stream's chunk as a Buffer over the same bytes. `Buffer.from` of a Buffer or Uint8Array copies it: for an upload
 * that was a second copy of every byte (35 MB of garbage per large file, waiting for the next collection).
 */
function bufferOf(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk);
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix);
}

/**
 * Stores an upload by the type its bytes tell: `write` gets the whole upload and the type's media type. Any other
 * file ends the upload unread and throws FILE_TYPE_NOT_ALLOWED (415), so nothing is written.
 */
export async function writeByFileType<T>(
  upload: Readable,
  write: (body: Readable, mediaType: string) => Promise<T>,
  declared: string | null = null,
): Promise<T> {
  const { type, body } = await withFileType(upload);
  if (type === null) {
    body.destroy();
    throw new AppError('FILE_TYPE_NOT_ALLOWED', `Not an allowed file type (declared: ${declared ?? 'none'})`);
  }
  return write(body, type.mediaType);
}
