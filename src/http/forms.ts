import type { Context } from 'hono';

const PARSED = Symbol('parsedForm');
const FILES = Symbol('parsedFormFiles');

export type FormValues = Record<string, string | string[] | null>;

/**
 * Reads an urlencoded or multipart body once per request. Files are dropped to null and repeated
 * fields stay arrays, so a handler can refuse both instead of silently taking one value.
 */
export async function readForm(c: Context): Promise<FormValues> {
  const cached = (c as unknown as Record<symbol, FormValues | undefined>)[PARSED];
  if (cached !== undefined) {
    return cached;
  }
  let values: FormValues = {};
  const files: Record<string, File> = {};
  const contentType = c.req.header('content-type') ?? '';
  if (/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(contentType)) {
    try {
      const body = await c.req.parseBody({ all: true });
      values = Object.fromEntries(
        Object.entries(body).map(([key, value]) => {
          if (value instanceof File) {
            files[key] = value;
          }
          if (Array.isArray(value)) {
            return [key, value.map((item) => (typeof item === 'string' ? item : ''))];
          }
          return [key, typeof value === 'string' ? value : null];
        }),
      );
    } catch {
      values = {};
    }
  }
  (c as unknown as Record<symbol, FormValues>)[PARSED] = values;
  (c as unknown as Record<symbol, Record<string, File>>)[FILES] = files;
  return values;
}

/** An uploaded file of a multipart form (the form is read once, with its other fields). */
export async function readFormFile(c: Context, name: string): Promise<File | null> {
  await readForm(c);
  return (c as unknown as Record<symbol, Record<string, File> | undefined>)[FILES]?.[name] ?? null;
}

export async function readFormField(c: Context, name: string): Promise<string | string[] | null | undefined> {
  return (await readForm(c))[name];
}

export class FormError extends Error {
  override readonly name = 'FormError';
}

/** The named fields as single strings; a missing, repeated or file field makes the whole form invalid. */
export async function readFields<const Names extends readonly string[]>(c: Context, names: Names): Promise<{ [K in Names[number]]: string }> {
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
