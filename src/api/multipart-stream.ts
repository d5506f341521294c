import { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { Context } from 'hono';

/** A multipart body that cannot be read as the upload expects it. */
export class MultipartError extends Error {}

export interface PartHeaders {
  name: string;
  fileName: string | null;
  contentType: string | undefined;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 8 * 1024;

/** The boundary of a `multipart/form-data` content type, or null. */
export function boundaryOf(contentType: string | undefined): string | null {
  const match = /^multipart\/form-data\s*;.*\bboundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType ?? '');
  return match === null ? null : (match[1] ?? match[2] ?? null);
}

function parseHeaders(text: string): PartHeaders {
  let name: string | null = null;
  let fileName: string | null = null;
  let contentType: string | undefined;
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const header = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (header === 'content-disposition') {
      name = /\bname="([^"]*)"/i.exec(value)?.[1] ?? null;
      fileName = /\bfilename="([^"]*)"/i.exec(value)?.[1] ?? null;
    } else if (header === 'content-type') {
      contentType = value;
    }
  }
  if (name === null) {
    throw new MultipartError('a part without a name');
  }
  return { name, fileName, contentType };
}

/**
 * Reads a `multipart/form-data` body part by part as it arrives, without holding it whole: small parts (fields) are
 * collected up to a limit, a file part is handed on as a stream that ends at its boundary. Parts must be taken in
 * order; the next part can be asked for only after the previous one's stream has ended.
 */
export function createMultipartReader(body: AsyncIterable<Uint8Array>, boundary: string) {
  const iterator = body[Symbol.asyncIterator]();
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buffer: Buffer = Buffer.alloc(0);
  let isStarted = false;
  let isFinished = false;

  /** The next chunk of the body as a Buffer over the same bytes (never a copy), or null at its end. */
  async function nextChunk(): Promise<Buffer | null> {
    const next = await iterator.next();
    if (next.done === true) return null;
    return Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
  }

  async function pull(): Promise<boolean> {
    const chunk = await nextChunk();
    if (chunk === null) return false;
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    return true;
  }

  async function readUntil(marker: Buffer, maxBytes: number): Promise<Buffer> {
    for (;;) {
      const index = buffer.indexOf(marker);
      if (index >= 0) {
        const found = buffer.subarray(0, index);
        buffer = buffer.subarray(index + marker.length);
        return found;
      }
      if (buffer.length > maxBytes + marker.length) throw new MultipartError('a part is too large');
      if (!(await pull())) throw new MultipartError('the body ended early');
    }
  }

  async function ensure(bytes: number): Promise<void> {
    while (buffer.length < bytes) {
      if (!(await pull())) throw new MultipartError('the body ended early');
    }
  }

  /** After a delimiter: `--` ends the body, CRLF starts another part. */
  async function afterDelimiter(): Promise<void> {
    await ensure(2);
    if (buffer[0] === 0x2d && buffer[1] === 0x2d) {
      isFinished = true;
      return;
    }
    if (!buffer.subarray(0, 2).equals(CRLF)) throw new MultipartError('a malformed boundary');
    buffer = buffer.subarray(2);
  }

  /**
   * A file's bytes up to the delimiter, handed on as views of the body's own chunks. Only the few bytes kept back at a
   * chunk's end (where a delimiter may begin) are looked at together with the next chunk's start; unless the
   * delimiter straddles the two, they go on by themselves and the next chunk is not copied, so a large file makes no
   * garbage beyond the chunks the body arrives in.
   */
  async function* bodyUntilDelimiter(): AsyncGenerator<Buffer> {
    for (;;) {
      const index = buffer.indexOf(delimiter);
      if (index >= 0) {
        if (index > 0) yield buffer.subarray(0, index);
        buffer = buffer.subarray(index + delimiter.length);
        await afterDelimiter();
        return;
      }
      const safe = buffer.length - (delimiter.length - 1);
      if (safe > 0) {
        const chunk = buffer.subarray(0, safe);
        buffer = buffer.subarray(safe);
        yield chunk;
      }
      const chunk = await nextChunk();
      if (chunk === null) throw new MultipartError('the body ended inside a part');
      // Conclusive only when the chunk is long enough to hold the rest of a delimiter begun in the kept-back bytes.
      const isSeamClear =
        buffer.length > 0 &&
        chunk.length >= delimiter.length - 1 &&
        Buffer.concat([buffer, chunk.subarray(0, delimiter.length - 1)]).indexOf(delimiter) < 0;
      if (isSeamClear) {
        // No delimiter begins in the kept-back bytes: they are file content.
        yield buffer;
        buffer = chunk;
      } else {
        buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      }
    }
  }

  /** The current part's content as bytes, refused beyond `maxBytes`. */
  async function bytes(maxBytes: number): Promise<Buffer> {
    const content = await readUntil(delimiter, maxBytes);
    await afterDelimiter();
    return content;
  }

  return {
    /** The next part's headers, or null after the last part. */
    async nextPart(): Promise<PartHeaders | null> {
      if (!isStarted) {
        isStarted = true;
        // The preamble (usually empty) up to the first boundary, which has no CRLF before it.
        buffer = Buffer.concat([CRLF, buffer]);
        await readUntil(delimiter, 1024);
        await afterDelimiter();
      }
      if (isFinished) return null;
      return parseHeaders((await readUntil(HEADER_END, MAX_HEADER_BYTES)).toString('utf8'));
    },

    bytes,

    /** The current part's content as text, refused beyond `maxBytes`. */
    async text(maxBytes: number): Promise<string> {
      return (await bytes(maxBytes)).toString('utf8');
    },

    /** The current part's content as a stream that ends at the part's end. */
    stream(): Readable {
      return Readable.from(bodyUntilDelimiter(), { objectMode: false });
    },
  };
}

/**
 * A request's body as it arrives, or null without one. Served by Node (@hono/node-server), the body is read from Node's
 * request itself while nothing else has begun to read it: its web stream (`Readable.toWeb`) copies every chunk, a
 * second 35 MB of garbage per upload. Once something has read it (a body limit counting a body sent without a
 * length wraps it), and in the tests' in-process requests, the web body is read.
 */
export function requestBodyOf(c: Context): AsyncIterable<Uint8Array> | null {
  const environment: unknown = c.env;
  const incoming =
    typeof environment === 'object' && environment !== null && 'incoming' in environment ? environment.incoming : null;
  if (
    incoming instanceof IncomingMessage &&
    !incoming.readableDidRead &&
    incoming.readableFlowing === null &&
    incoming.listenerCount('data') === 0
  ) {
    return incoming;
  }
  const raw = c.req.raw.body;
  return raw === null ? null : chunksOf(raw);
}

/** A request body's chunks as they arrive. */
export async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
