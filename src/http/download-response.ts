import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { downloadNameOf, type DocumentView } from '../modules/documents/document.js';
import { contentDispositionOf } from '../modules/documents/file-name.js';

/**
 * A stored file as a download, streamed from the store: always an attachment (never shown inline by this answer),
 * never sniffed into another type, never kept in a cache.
 */
export function downloadResponse(
  c: Context,
  opened: { document: Pick<DocumentView, 'title' | 'contentType'>; body: Readable; size: number },
): Response {
  const body = Readable.toWeb(opened.body) as ReadableStream<Uint8Array>;
  return c.body(body, 200, {
    'Content-Type': opened.document.contentType,
    'Content-Length': String(opened.size),
    'Content-Disposition': contentDispositionOf(downloadNameOf(opened.document), 'attachment'),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  });
}
