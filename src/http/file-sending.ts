import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { LocalFile, LocalFileReader } from '../modules/documents/file-store.js';

/** A download's piece: the file is read into two buffers of this size, each reused once the socket has its bytes. */
export const FILE_SENDING_CHUNK_BYTES = 64 * 1024;

interface FileToSend {
  /** The store's open file, shared with `body`: read here, without opening the file again. */
  local: LocalFile;
  size: number;
  /** The store's stream of the same file, the answer's body elsewhere; destroyed unread when the file is sent here. */
  body: Readable;
}

/** By request: an answer that does not leave as it was marked (HEAD, an error after the mark) still closes its file. */
const filesToSend = new WeakMap<Request, { response: Response; file: FileToSend }>();

/**
 * Marks a download's answer as a file on this machine's disk: served by Node, it is sent from two fixed buffers
 * (`withFileSending`) instead of its body stream. Every chunk of a stream is a new buffer that only the next garbage
 * collection frees, and a collection comes late for memory that holds so few objects (V8 runs one after about 32 MB
 * of such buffers): ten downloads at once kept tens of MB of read chunks waiting. The answer's status and headers
 * (those the middleware added included) stay as they are; elsewhere (the tests' in-process requests) the body
 * stream answers as before.
 */
export function markFileToSend(request: Request, response: Response, file: FileToSend): Response {
  filesToSend.set(request, { response, file });
  return response;
}

/**
 * The app's fetch for @hono/node-server: an answer marked by `markFileToSend` to a GET is written here, its file read
 * into two buffers of FILE_SENDING_CHUNK_BYTES in turn, each read again only after the socket has taken its last
 * bytes (the write's callback): backpressure from the client down to the disk, and no memory that grows with the
 * file, the client's speed or the number of downloads. Everything else passes through unchanged.
 */
export function withFileSending<E>(
  fetch: (request: Request, env: E) => Response | Promise<Response>,
): (request: Request, env: E) => Promise<Response> {
  return async (request, env) => {
    const response = await fetch(request, env);
    const marked = filesToSend.get(request);
    if (marked === undefined) return response;
    filesToSend.delete(request);
    const { file } = marked;
    if (marked.response !== response) {
      // Hono answers HEAD with a copy of the GET's answer without its body, which nobody reads.
      file.body.destroy();
      return response;
    }
    const outgoing = outgoingOf(env);
    if (outgoing === null || request.method !== 'GET' || outgoing.headersSent) return response;
    const reader = file.local.share();
    if (reader === null) return response;
    file.body.destroy();
    try {
      outgoing.writeHead(response.status, headersOf(response.headers));
      await sendFile(reader, file.size, outgoing);
    } catch (error) {
      // The head is sent: a file that cannot be read to its end breaks the connection off, so the client sees an
      // incomplete download (shorter than its Content-Length), never a whole one.
      outgoing.destroy(error instanceof Error ? error : new Error(String(error)));
    } finally {
      await reader.release();
    }
    return RESPONSE_ALREADY_SENT;
  };
}

function outgoingOf(env: unknown): ServerResponse | null {
  if (typeof env !== 'object' || env === null || !('outgoing' in env)) return null;
  const outgoing = env.outgoing;
  // An HTTP/1 answer of Node's server (HTTP/2's has no writeHead of this kind).
  return typeof outgoing === 'object' &&
    outgoing !== null &&
    'writeHead' in outgoing &&
    'socket' in outgoing &&
    'headersSent' in outgoing
    ? (outgoing as ServerResponse)
    : null;
}

function headersOf(headers: Headers): Record<string, string | string[]> {
  const plain: Record<string, string | string[]> = {};
  for (const [name, value] of headers) {
    if (name !== 'set-cookie') plain[name] = value;
  }
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) plain['set-cookie'] = cookies;
  return plain;
}

/**
 * Writes `size` bytes of the file to `outgoing` and ends it. Two buffers take turns: while one is on its way to the
 * socket, the next piece is read into the other; a buffer is read into again only after its write has completed.
 * Stops when the client goes away (the answer closes). The caller releases the file.
 */
async function sendFile(file: LocalFileReader, size: number, outgoing: ServerResponse): Promise<void> {
  const state = { isClosed: false };
  const closed = new Promise<null>((resolve) =>
    outgoing.once('close', () => {
      state.isClosed = true;
      resolve(null);
    }),
  );
  const turns: Turn[] = [0, 1].map(() => ({
    buffer: Buffer.allocUnsafe(FILE_SENDING_CHUNK_BYTES),
    written: Promise.resolve(null),
  }));
  let position = 0;
  for (let index = 0; position < size; index = 1 - index) {
    const turn = turns[index] as Turn;
    // The buffer's last write has reached the socket (or the client went away).
    const error = await Promise.race([turn.written, closed]);
    if (error !== null) throw error;
    if (state.isClosed) return;
    const bytesRead = await file.read(turn.buffer, Math.min(turn.buffer.length, size - position), position);
    if (bytesRead === 0) throw new Error(`the file ended after ${String(position)} of ${String(size)} bytes`);
    position += bytesRead;
    const piece = turn.buffer.subarray(0, bytesRead);
    turn.written = new Promise((resolve) => {
      outgoing.write(piece, (failure) => resolve(failure ?? null));
    });
  }
  for (const turn of turns) {
    const error = await Promise.race([turn.written, closed]);
    if (error !== null) throw error;
  }
  if (state.isClosed) return;
  await Promise.race([new Promise<void>((resolve) => outgoing.end(() => resolve())), closed]);
}

/** One of the two buffers and the write of what was last read into it. */
interface Turn {
  buffer: Buffer;
  written: Promise<Error | null>;
}
