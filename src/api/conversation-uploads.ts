import type { Readable } from 'node:stream';
import type { Context } from 'hono';
import type { z } from '@hono/zod-openapi';
import { AppError } from '../shared/errors.js';
import type { ApiEnv } from './api-middleware.js';
import { isMessageUpload } from './api-middleware.js';
import { problem } from './api-problem.js';
import { readMetadataPart } from './multipart-metadata.js';
import { boundaryOf, chunksOf, createMultipartReader, MultipartError } from './multipart-stream.js';

type MultipartReader = ReturnType<typeof createMultipartReader>;

/** What a multipart message's route does with its metadata and its files; answers the route's response. */
export type MessageUploadHandler<T> = (
  c: Context<ApiEnv>,
  metadata: T,
  files: AsyncIterable<{ name: string; body: () => Readable }>,
) => Promise<Response>;

/** The parts after the metadata, each named "file", handed on unread one after the other. */
async function* filesOf(reader: MultipartReader): AsyncGenerator<{ name: string; body: () => Readable }> {
  for (let part = await reader.nextPart(); part !== null; part = await reader.nextPart()) {
    if (part.name !== 'file') throw new MultipartError('after "metadata" only parts named "file" may follow');
    yield { name: part.fileName ?? '', body: () => reader.stream() };
  }
}

/**
 * A conversation's or message's route for multipart bodies: "metadata" (JSON, the same schema as the JSON body)
 * first, then any number of "file" parts, streamed into storage as they arrive. A JSON body goes on to the route
 * registered after this one. The metadata is checked before any byte of a file is read.
 */
export function messageUpload<T>(schema: z.ZodType<T>, handle: MessageUploadHandler<T>) {
  return async (c: Context<ApiEnv>, next: () => Promise<void>): Promise<Response | undefined> => {
    if (!isMessageUpload(c.req.method, c.req.path, c.req.header('content-type'))) {
      await next();
      return undefined;
    }
    const boundary = boundaryOf(c.req.header('content-type'));
    const raw = c.req.raw.body;
    if (boundary === null || raw === null) {
      return problem(c, 400, 'multipart_invalid', 'The multipart body could not be read: no boundary or no body');
    }
    const reader = createMultipartReader(chunksOf(raw), boundary);
    try {
      const metadata = await readMetadataPart(c, reader, schema, 'then "file" parts');
      if (!metadata.ok) return metadata.response;
      return await handle(c, metadata.data, filesOf(reader));
    } catch (error) {
      if (error instanceof MultipartError) {
        return problem(c, 400, 'multipart_invalid', `The multipart body could not be read: ${error.message}`);
      }
      // The customer and the contract are named in the metadata, not the path: the endpoint itself exists.
      if (error instanceof AppError && (error.code === 'CUSTOMER_NOT_FOUND' || error.code === 'CONTRACT_NOT_FOUND')) {
        return problem(c, 422, error.code.toLowerCase(), error.detail ?? error.message);
      }
      throw error;
    }
  };
}
