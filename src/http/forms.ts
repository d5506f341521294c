import type { Context } from 'hono';
import { required } from '../shared/required.js';

export type FormValues = Record<string, string | string[] | null>;

/** Each request's body, read once: a second read of the stream would find it empty. */
const parsedForms = new WeakMap<Context, { values: FormValues; files: Record<string, File> }>();

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Thrown when a field is not valid UTF-8: refused, not silently turned into U+FFFD and stored or used. */
export class FormEncodingError extends Error {
  override readonly name = 'FormEncodingError';
}

function decodeStrictly(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new FormEncodingError('a form field is not valid UTF-8');
  }
}

/** Percent-decoding to bytes first, then UTF-8: `%ED%A0%80` (a lone surrogate) or a raw 0xFF byte is an error. */
function decodeUrlencodedComponent(text: Uint8Array): string {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const byte = required(text[index]);
    const hex =
      byte === 0x25 && index + 2 < text.length
        ? String.fromCharCode(required(text[index + 1]), required(text[index + 2]))
        : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(byte === 0x2b ? 0x20 : byte);
    }
  }
  return decodeStrictly(Uint8Array.from(bytes));
}

function parseUrlencoded(body: Uint8Array): FormValues {
  const values: Record<string, string | string[]> = {};
  let start = 0;
  while (start <= body.length) {
    const end = body.indexOf(0x26, start) === -1 ? body.length : body.indexOf(0x26, start);
    const pair = body.subarray(start, end);
    start = end + 1;
    if (pair.length === 0) {
      continue;
    }
    const equals = pair.indexOf(0x3d);
    const name = decodeUrlencodedComponent(equals === -1 ? pair : pair.subarray(0, equals));
    const value = equals === -1 ? '' : decodeUrlencodedComponent(pair.subarray(equals + 1));
    const existing = values[name];
    values[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return values;
}

/** Every part of a multipart body that is not a file (and every part's headers) must be valid UTF-8. */
function checkMultipartText(body: Uint8Array, contentType: string): void {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (boundary === null) {
    return;
  }
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  let position = buffer.indexOf(delimiter);
  while (position !== -1) {
    const partStart = position + delimiter.length;
    const next = buffer.indexOf(delimiter, partStart);
    if (next === -1) {
      break;
    }
    const part = buffer.subarray(partStart, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = decodeStrictly(part.subarray(0, headerEnd));
      if (!/filename\*?=/i.test(headers)) {
        decodeStrictly(part.subarray(headerEnd + 4, Math.max(headerEnd + 4, part.length - 2)));
      }
    }
    position = next;
  }
}

async function parseMultipart(
  body: Uint8Array<ArrayBuffer>,
  contentType: string,
  files: Record<string, File>,
): Promise<FormValues> {
  checkMultipartText(body, contentType);
  const data = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  const values: Record<string, string | string[] | null> = {};
  for (const name of new Set(data.keys())) {
    const all = data.getAll(name);
    const last = all[all.length - 1];
    if (last instanceof File) {
      files[name] = last;
    }
    values[name] =
      all.length > 1
        ? all.map((item) => (typeof item === 'string' ? item : ''))
        : typeof last === 'string'
          ? last
          : null;
  }
  return values;
}

/**
 * Reads an urlencoded or multipart body once per request. Files are dropped to null and repeated
 * fields stay arrays, so a handler can refuse both instead of silently taking one value. Text that
 * is not valid UTF-8 throws FormEncodingError before any handler sees it.
 */
export async function readForm(c: Context): Promise<FormValues> {
  const cached = parsedForms.get(c);
  if (cached !== undefined) {
    return cached.values;
  }
  let values: FormValues = {};
  const files: Record<string, File> = {};
  const contentType = c.req.header('content-type') ?? '';
  if (/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(contentType)) {
    const body = new Uint8Array(await c.req.arrayBuffer());
    try {
      values = /^multipart\//i.test(contentType)
        ? await parseMultipart(body, contentType, files)
        : parseUrlencoded(body);
    } catch (error) {
      if (error instanceof FormEncodingError) {
        throw error;
      }
      values = {};
    }
  }
  parsedForms.set(c, { values, files });
  return values;
}

/** An uploaded file of a multipart form (the form is read once, with its other fields). */
export async function readFormFile(c: Context, name: string): Promise<File | null> {
  await readForm(c);
  return parsedForms.get(c)?.files[name] ?? null;
}

export async function readFormField(c: Context, name: string): Promise<string | string[] | null | undefined> {
  return (await readForm(c))[name];
}

export class FormError extends Error {
  override readonly name = 'FormError';
}

/** The named fields as single strings; a missing, repeated or file field makes the whole form invalid. */
export async function readFields<const Names extends readonly string[]>(
  c: Context,
  names: Names,
): Promise<{ [K in Names[number]]: string }> {
  const form = await readForm(c);
  const result: Record<string, string> = {};
  for (const name of names) {
    const value = form[name];
    if (typeof value !== 'string') {
      throw new FormError(`field ${name} missing or repeated`);
    }
    result[name] = value;
  }
  return result as { [K in Names[number]]: string };
}

/** A checkbox: sent only when ticked, with the value "on"; anything else makes the form invalid. */
export async function readCheckbox(c: Context, name: string): Promise<boolean> {
  const value = (await readForm(c))[name];
  if (value !== undefined && value !== 'on') {
    throw new FormError(`checkbox ${name} malformed`);
  }
  return value === 'on';
}
