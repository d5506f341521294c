import type { Context } from 'hono';
import type { z } from '@hono/zod-openapi';
import { hasUnstorableText } from '../shared/storable-text.js';
import type { ApiEnv } from './api-middleware.js';
import { problem } from './api-problem.js';
import { MultipartError, type createMultipartReader } from './multipart-stream.js';

/** Largest "metadata" part read, in bytes. */
const MAX_METADATA_BYTES = 64 * 1024;

/**
 * The first part of a multipart upload, "metadata" (JSON), checked against the schema; or the problem answer for a
 * body that does not start so (`metadata_required`, `invalid_json`, `invalid_characters`, `validation_failed`).
 * A broken multipart body throws MultipartError, which the caller answers with the rest of the upload's errors.
 * `order` names the parts expected, for the answer to a body whose first part is not the metadata.
 */
export async function readMetadataPart<T>(
  c: Context<ApiEnv>,
  reader: ReturnType<typeof createMultipartReader>,
  schema: z.ZodType<T>,
  order: string,
): Promise<{ ok: true; data: T } | { ok: false; response: Response }> {
  const first = await reader.nextPart();
  if (first?.name !== 'metadata') {
    return {
      ok: false,
      response: problem(c, 400, 'metadata_required', `The first part must be "metadata" (JSON), ${order}`),
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await reader.text(MAX_METADATA_BYTES));
  } catch (error) {
    if (error instanceof MultipartError) throw error;
    return { ok: false, response: problem(c, 400, 'invalid_json', 'The metadata part is not valid JSON') };
  }
  if (hasUnstorableText(parsed)) {
    return {
      ok: false,
      response: problem(c, 400, 'invalid_characters', 'Text must not contain NUL characters or unpaired surrogates'),
    };
  }
  const metadata = schema.safeParse(parsed);
  if (!metadata.success) {
    const errors = metadata.error.issues
      .slice(0, 50)
      .map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return {
      ok: false,
      response: problem(c, 400, 'validation_failed', 'The metadata do not match the schema', { errors }),
    };
  }
  return { ok: true, data: metadata.data };
}
