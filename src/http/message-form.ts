import type { Readable } from 'node:stream';
import { MultipartError } from '../api/multipart-stream.js';
import type { OpenedAttachment } from '../modules/documents/attached-file.js';
import { isAppError } from '../shared/errors.js';
import type { AppEnv, PageContext } from './context.js';
import { downloadResponse, viewResponse } from './download-response.js';
import { readForm } from './forms.js';
import type { PageError } from './page-errors.js';
import { renderErrorPage } from './pages/error-page.js';
import { MAX_MESSAGE_FIELD_BYTES, readStreamedForm } from './streamed-form.js';
import { messageFilesOf } from './submitted-files.js';

export type MessageForm =
  | { kind: 'refused'; response: Response }
  | {
      kind: 'form';
      fields: Record<string, string>;
      /** The files, unread, in the order sent; null for a form without any (a plain form, or no file part). */
      files: AsyncIterable<{ name: string; body: () => Readable }> | null;
    };

/**
 * A message's form: multipart with its files streamed (the text first, its CSRF field checked as the body's first
 * part), or a plain form without files. A forged or malformed body is answered here (403, 400).
 */
export async function readMessageForm<E extends AppEnv>(c: PageContext<E>): Promise<MessageForm> {
  if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
    const values = await readForm(c);
    const fields = Object.fromEntries(
      Object.entries(values).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value]] : [])),
    );
    return { kind: 'form', fields, files: null };
  }
  const form = await readStreamedForm(c, c.get('csrfToken'), { maxFieldBytes: MAX_MESSAGE_FIELD_BYTES });
  if (form.kind === 'refused') {
    return {
      kind: 'refused',
      response: form.reason === 'csrf' ? renderErrorPage(c, 403, 'csrf') : renderErrorPage(c, 400, 'bad_request'),
    };
  }
  return { kind: 'form', fields: form.fields, files: messageFilesOf(form.file, form.nextFile) };
}

/** The status a refused message's form answers with: a refused file's 413 or 415, otherwise 422. */
export function messageRefusalStatus(refused: Pick<PageError, 'status'>): 413 | 415 | 422 {
  return refused.status === 413 || refused.status === 415 ? refused.status : 422;
}

/** Whether a message's files could not be read as a form (answered 400). */
export const isMalformedUpload = (error: unknown): boolean => error instanceof MultipartError;

/**
 * Opens a message's attachment and answers its download, or its view in the browser's sandbox ("Ansehen"); a
 * conversation or attachment the reader may not have is the 404 page.
 */
export async function attachmentOrNotFound<E extends AppEnv>(
  c: PageContext<E>,
  open: () => Promise<OpenedAttachment>,
  options: { isInline: boolean },
): Promise<Response> {
  try {
    const opened = await open();
    return options.isInline ? await viewResponse(c, opened) : downloadResponse(c, opened);
  } catch (error) {
    if (
      isAppError(error) &&
      (error.code === 'CONVERSATION_NOT_FOUND' || error.code === 'MESSAGE_ATTACHMENT_NOT_FOUND')
    ) {
      return renderErrorPage(c, 404, 'not_found');
    }
    throw error;
  }
}
