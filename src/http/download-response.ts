import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { downloadNameOf, type DocumentView } from '../modules/documents/document.js';
import { contentDispositionOf } from '../modules/documents/file-name.js';
import { MAX_DOCUMENT_BYTES } from '../modules/documents/document.js';
import type { LocalFile } from '../modules/documents/file-store.js';
import { withFileType, type FileKind } from '../modules/documents/file-type.js';
import { isAppError, type ErrorCode } from '../shared/errors.js';
import { statusOfError, textOfError } from '../shared/error-registry.js';
import type { AppEnv, PageContext } from './context.js';
import { markFileToSend } from './file-sending.js';
import type { ShownError } from './page-errors.js';
import { renderErrorPage } from './pages/error-page.js';

/** The documents' upload limit in MB, as the forms and their refusals name it. */
export const MAX_UPLOAD_MEGABYTES = MAX_DOCUMENT_BYTES / 1024 / 1024;

/**
 * A stored file's bytes as a web stream for the response, chunk by chunk as the socket takes them, without copying
 * them: `Readable.toWeb` copies every chunk (to detach it from Buffer's pool, for consumers that transfer it), which
 * doubled the garbage of every download; the response only writes each chunk to the socket. One chunk is read ahead;
 * a cancelled answer (the client went away) destroys the file's stream.
 */
export function webStreamOf(body: Readable): ReadableStream<Uint8Array> {
  // Made at the first read: an answer sent otherwise (`withFileSending`) never starts reading the stream.
  let chunks: AsyncIterator<Uint8Array | string> | null = null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        chunks ??= body[Symbol.asyncIterator]() as AsyncIterator<Uint8Array | string>;
        const next = await chunks.next();
        if (next.done === true) controller.close();
        else controller.enqueue(typeof next.value === 'string' ? Buffer.from(next.value) : next.value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      if (chunks === null) body.destroy();
      else await chunks.return?.();
    },
  });
}

/**
 * A stored file as a download, streamed from the store: always an attachment (never shown inline by this answer),
 * never sniffed into another type, never kept in a cache. A file on this machine's disk is sent by the server from
 * fixed buffers (`markFileToSend`).
 */
export function downloadResponse(
  c: Context,
  opened: {
    document: Pick<DocumentView, 'title' | 'contentType'>;
    body: Readable;
    size: number;
    local?: LocalFile | undefined;
  },
): Response {
  const response = c.body(webStreamOf(opened.body), 200, {
    'Content-Type': opened.document.contentType,
    'Content-Length': String(opened.size),
    'Content-Disposition': contentDispositionOf(downloadNameOf(opened.document), 'attachment'),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  });
  return opened.local === undefined
    ? response
    : markFileToSend(c.req.raw, response, { local: opened.local, size: opened.size, body: opened.body });
}

/**
 * A ZIP made for this request, streamed as it is made (its length is not known before): always an attachment, never
 * sniffed into another type, never kept in a cache.
 */
export function zipDownloadResponse(c: Context, zip: { fileName: string; body: Readable }): Response {
  return c.body(webStreamOf(zip.body), 200, {
    'Content-Type': 'application/zip',
    'Content-Disposition': contentDispositionOf(zip.fileName, 'attachment'),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  });
}

/**
 * A PDF made for this request (never stored) shown in the browser's viewer under `name`, with the downloads' headers:
 * never sniffed into another type, never kept in a cache. Its own policy forbids everything a PDF does not need, but
 * not plugins, which some browsers' PDF viewers are.
 */
export function generatedPdfResponse(c: Context, pdf: Uint8Array<ArrayBuffer>, name: string): Response {
  return c.body(pdf, 200, {
    'Content-Type': 'application/pdf',
    'Content-Length': String(pdf.byteLength),
    'Content-Disposition': contentDispositionOf(name, 'inline'),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
    'Content-Security-Policy': "default-src 'none'; object-src 'self'; frame-ancestors 'none'",
  });
}

/** The types a browser may show inline ("Ansehen"): PDF and the two image types every browser renders itself. */
const VIEWABLE_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['pdf', 'jpeg', 'png']);
const VIEWABLE_MEDIA_TYPES: ReadonlySet<string> = new Set(['application/pdf', 'image/jpeg', 'image/png']);

/** Whether a document's page offers "Ansehen"; the answer itself decides again by the file's bytes. */
export function isViewable(document: Pick<DocumentView, 'contentType'>): boolean {
  return VIEWABLE_MEDIA_TYPES.has(document.contentType);
}

/**
 * A stored file shown in the browser: only when its first bytes show a PDF, JPEG or PNG (whatever the row says), as
 * that type, inline, in a sandbox (`Content-Security-Policy: sandbox`: no script runs, no form is sent, and the file
 * gets an origin of its own, so nothing in it can act in the portal's name); otherwise the download's answer. Never
 * sniffed, never cached, as the download.
 */
export async function viewResponse(
  c: Context,
  opened: { document: Pick<DocumentView, 'title' | 'contentType'>; body: Readable; size: number },
): Promise<Response> {
  const { type, body } = await withFileType(opened.body);
  if (type === null || !VIEWABLE_KINDS.has(type.kind)) {
    return downloadResponse(c, { ...opened, body });
  }
  return c.body(webStreamOf(body), 200, {
    'Content-Type': type.mediaType,
    'Content-Length': String(opened.size),
    'Content-Disposition': contentDispositionOf(downloadNameOf(opened.document), 'inline'),
    'Content-Security-Policy': 'sandbox',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  });
}

/** Opens a document and answers its download; a document the reader may not have (DOCUMENT_NOT_FOUND) is 404. */
export async function downloadOrNotFound<E extends AppEnv>(
  c: PageContext<E>,
  open: () => Promise<{
    document: Pick<DocumentView, 'title' | 'contentType'>;
    body: Readable;
    size: number;
    local?: LocalFile | undefined;
  }>,
  options: { isInline?: boolean } = {},
): Promise<Response> {
  try {
    const opened = await open();
    return options.isInline === true ? await viewResponse(c, opened) : downloadResponse(c, opened);
  } catch (error) {
    if (isAppError(error) && error.code === 'DOCUMENT_NOT_FOUND') {
      return renderErrorPage(c, 404, 'not_found');
    }
    throw error;
  }
}

/** The refusals of an uploaded file that its form shows as its notice, each with the registry's status. */
const UPLOAD_REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'FILE_TYPE_NOT_ALLOWED',
  'FILE_TOO_LARGE',
  'DOCUMENT_FILES_TOO_MANY',
  'DOCUMENT_FILES_TOO_LARGE',
  'DOCUMENT_CONTRACT_MISMATCH',
]);

/**
 * How an upload form shows a refused file: a type the bytes do not show as allowed (415), over a limit (413), a
 * contract of another customer (422). Null for anything else, which the route handles or rethrows.
 */
export function uploadRefusalOf(error: unknown): { status: 413 | 415 | 422; error: ShownError } | null {
  if (!isAppError(error) || !UPLOAD_REFUSALS.has(error.code)) return null;
  const status = statusOfError(error.code);
  if (status !== 413 && status !== 415 && status !== 422) return null;
  const params = error.code === 'FILE_TOO_LARGE' ? { max: MAX_UPLOAD_MEGABYTES } : error.params;
  return {
    status,
    error: { code: error.code, text: textOfError({ code: error.code, ...(params ? { params } : {}) }) },
  };
}
