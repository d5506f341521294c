import type { Readable } from 'node:stream';
import type { Context } from 'hono';
import { boundaryOf, createMultipartReader, MultipartError, requestBodyOf } from '../api/multipart-stream.js';
import { constantTimeEqual } from '../shared/tokens.js';
import { FormEncodingError } from './forms.js';

/** A text field of an upload form: a few words, never a file (unless the form says otherwise). */
const MAX_FIELD_BYTES = 4 * 1024;
/** A message's text: 10,000 characters of up to 4 bytes each, and line breaks sent as CRLF. */
export const MAX_MESSAGE_FIELD_BYTES = 64 * 1024;
const MAX_FIELDS = 10;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Paths whose multipart body the handler streams itself: the CSRF field is checked there, as the body's first part. */
export const STREAMED_UPLOAD_PATHS: readonly RegExp[] = [
  /^\/dokumente\/senden$/,
  /^\/admin\/customers\/[^/]+\/dokumente$/,
  /^\/schaeden\/[^/]+\/anhaenge$/,
  /^\/admin\/settings\/erstinformation(\/dokumente\/[^/]+)?$/,
  // A message with its attachments: a new conversation (/nachrichten/neu) and a reply; the staff's reply and note.
  /^\/nachrichten\/[^/]+$/,
  /^\/admin\/nachrichten\/[^/]+(\/notiz)?$/,
  // "Vertrag erfassen" with a photo or PDF of the policy, which becomes the request's first message's attachment.
  /^\/anliegen\/vertrag-erfassen$/,
];

export function isStreamedUpload(method: string, path: string, contentType: string | undefined): boolean {
  return (
    method === 'POST' &&
    /^multipart\/form-data\b/i.test(contentType ?? '') &&
    STREAMED_UPLOAD_PATHS.some((pattern) => pattern.test(path))
  );
}

export type StreamedForm =
  | { kind: 'refused'; reason: 'csrf' | 'malformed' }
  | {
      kind: 'form';
      fields: Record<string, string>;
      /** The first file part (files are the form's last fields), its bytes unread; null when the form had none. */
      file: StreamedFile | null;
      /**
       * The next file part (a field with `multiple` sends one part per file), or null after the last. Only once the
       * previous file's body has been read to its end; a text field after the files is a MultipartError.
       */
      nextFile: () => Promise<StreamedFile | null>;
    };

export interface StreamedFile {
  name: string;
  body: () => Readable;
}

/**
 * Reads a multipart form as it arrives: the CSRF field first (checked against the page's token), then the text fields,
 * then the files, each handed on unread so that it streams into the store. Nothing is held whole.
 */
export async function readStreamedForm(
  c: Context,
  csrfToken: string,
  options: { maxFieldBytes?: number } = {},
): Promise<StreamedForm> {
  const maxFieldBytes = options.maxFieldBytes ?? MAX_FIELD_BYTES;
  const boundary = boundaryOf(c.req.header('content-type'));
  const body = requestBodyOf(c);
  if (boundary === null || body === null) {
    return { kind: 'refused', reason: 'malformed' };
  }
  const reader = createMultipartReader(body, boundary);
  const nextFile = async (): Promise<StreamedFile | null> => {
    const part = await reader.nextPart();
    if (part === null) return null;
    if (part.fileName === null) throw new MultipartError('a text field after the files');
    return { name: part.fileName, body: () => reader.stream() };
  };
  try {
    const first = await reader.nextPart();
    const token = first?.name === '_csrf' && first.fileName === null ? await reader.text(MAX_FIELD_BYTES) : '';
    if (!constantTimeEqual(token, csrfToken)) {
      return { kind: 'refused', reason: 'csrf' };
    }
    const fields: Record<string, string> = {};
    for (let count = 0; count < MAX_FIELDS; count += 1) {
      const part = await reader.nextPart();
      if (part === null) {
        return { kind: 'form', fields, file: null, nextFile };
      }
      if (part.fileName !== null) {
        return { kind: 'form', fields, file: { name: part.fileName, body: () => reader.stream() }, nextFile };
      }
      let text: string;
      try {
        text = strictUtf8.decode(await reader.bytes(maxFieldBytes));
      } catch (error) {
        if (error instanceof MultipartError) throw error;
        throw new FormEncodingError('a form field is not valid UTF-8');
      }
      if (fields[part.name] !== undefined) {
        return { kind: 'refused', reason: 'malformed' };
      }
      fields[part.name] = text;
    }
    return { kind: 'refused', reason: 'malformed' };
  } catch (error) {
    if (error instanceof MultipartError) {
      return { kind: 'refused', reason: 'malformed' };
    }
    throw error;
  }
}
