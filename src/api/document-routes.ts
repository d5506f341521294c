import { writeByFileType } from '../modules/documents/file-type.js';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { DocumentMetadataInput, MAX_DOCUMENT_BYTES, type DocumentView } from '../modules/documents/document.js';
import { FILE_LINK_LIFETIME, fileLinkKindOf } from '../modules/documents/file-link.js';
import { MINUTE } from '../shared/clock.js';
import { downloadResponse, zipDownloadResponse } from '../http/download-response.js';
import type { RequestOrigin } from '../modules/audit/audit-service.js';
import { AppError } from '../shared/errors.js';
import { required } from '../shared/required.js';
import type { ApiEnv } from './api-middleware.js';
import { problem } from './api-problem.js';
import { readMetadataPart } from './multipart-metadata.js';
import { clientAddressBehind } from '../http/client-address.js';
import * as S from './api-schemas.js';
import { boundaryOf, createMultipartReader, MultipartError, requestBodyOf } from './multipart-stream.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
const problemContent = { content: { 'application/problem+json': { schema: S.Problem } }, description: 'Problem' };
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, problemContent]));
const COMMON = [400, 401, 413, 415, 422, 429];

const Document = z
  .object({
    id: z.string(),
    customerId: z.string(),
    contractId: z.string().nullable(),
    title: z.string(),
    comment: z.string().nullable(),
    keywords: z.array(z.string()),
    documentDate: z.string().nullable().openapi({ format: 'date' }),
    direction: z.enum(['from_broker', 'from_customer']),
    contentType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Document');
const DocumentPage = z.object({ items: z.array(Document), nextCursor: z.string().nullable() }).openapi('DocumentPage');
const documentsQuery = S.pageQuery.extend({ customerNumber: z.string().min(1).max(40) });

const documentJson = (document: DocumentView) => ({ ...document, createdAt: document.createdAt.toISOString() });

function originOf(c: Context<ApiEnv>): RequestOrigin {
  return { client: `api:${c.get('caller').keyPrefix}`, userAgent: c.req.header('user-agent') ?? null };
}

/** Reads the metadata part, then hands the file part to the store as it arrives. */
async function upload(c: Context<ApiEnv>): Promise<Response> {
  const boundary = boundaryOf(c.req.header('content-type'));
  const body = requestBodyOf(c);
  if (body === null) {
    return problem(c, 400, 'body_required', 'This request needs a multipart body');
  }
  if (boundary === null) {
    return problem(c, 415, 'unsupported_media_type', 'Send the document as multipart/form-data');
  }
  const reader = createMultipartReader(body, boundary);
  try {
    const metadata = await readMetadataPart(c, reader, DocumentMetadataInput, 'the second "file"');
    if (!metadata.ok) return metadata.response;
    const write = await c
      .get('services')
      .documents.prepareUpload(c.get('caller').tenantId, metadata.data, { apiKeyId: c.get('caller').apiKeyId });
    const file = await reader.nextPart();
    if (file?.name !== 'file') {
      return problem(c, 400, 'file_required', 'The second part must be "file"');
    }
    // The type is decided by the file's first bytes, never by its name or the type the sender declares.
    const document = await writeByFileType(reader.stream(), write, file.contentType ?? null);
    return c.json(documentJson(document), 201);
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
}

/**
 * A file link's file, whichever kind it names; every refusal is the same 404 `document_link_invalid`, and a client
 * whose links keep opening nothing is refused with 429 for a while, for both kinds alike.
 */
async function openFileLink(c: Context<ApiEnv>, trustedProxies: readonly string[]): Promise<Response> {
  const token = c.req.param('token') ?? '';
  const origin = {
    client: clientAddressBehind(c, () => trustedProxies),
    userAgent: c.req.header('user-agent') ?? null,
  };
  const services = c.get('services');
  const kind = fileLinkKindOf(token);
  if (kind === 'claim_zip') {
    return zipDownloadResponse(
      c,
      await services.documents.throttledLink(origin.client, () =>
        services.claimReports.openZipByLink(token, origin.userAgent),
      ),
    );
  }
  const opened =
    kind === 'claim_attachment'
      ? await services.documents.throttledLink(origin.client, () =>
          services.claims.openAttachmentByLink(token, origin.userAgent),
        )
      : kind === 'conversation_attachment'
        ? await services.documents.throttledLink(origin.client, () =>
            services.conversations.openAttachmentByLink(token, origin.userAgent),
          )
        : await services.documents.openByLink(token, origin);
  return downloadResponse(c, opened);
}

/**
 * The download links of the CRM's events (`document.uploaded`, `claim.submitted`): no API key, the token is the
 * credential. Registered before the API's authentication, so they answer without one; every refusal is the same 404,
 * and a client whose links keep opening nothing is refused with 429 for a while (the address found behind the
 * proxies named in TRUST_PROXY).
 * `/document-links/` is where documents' links have always pointed; both paths open any kind of file link.
 */
export function registerDocumentLinkRoute(api: OpenAPIHono<ApiEnv>, trustedProxies: readonly string[]): void {
  const lifetime = String(FILE_LINK_LIFETIME / MINUTE);
  const token = z.object({ token: z.string().openapi({ param: { name: 'token', in: 'path' } }) });
  const file = {
    200: {
      description: 'The file',
      content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...problems(404, 429),
  };
  api.openAPIRegistry.registerPath({
    method: 'get',
    path: '/document-links/{token}',
    tags: ['Documents'],
    summary: `The file of a document.uploaded event's link, without an API key, for ${lifetime} minutes after delivery`,
    description:
      'The URL comes in `data.download.url` of the webhook event `document.uploaded`; each delivery attempt carries ' +
      'a fresh one. An unknown, altered or expired token, and one whose document was deleted, answer 404 ' +
      '`document_link_invalid`. A client address that sent many such links is refused for a while with 429 ' +
      '`document_link_rate_limited` (`Retry-After`: the seconds left of the lock), whatever the token; links that ' +
      'work do not count.',
    security: [],
    request: { params: token },
    responses: file,
  });
  api.openAPIRegistry.registerPath({
    method: 'get',
    path: '/file-links/{token}',
    tags: ['Documents'],
    summary: `An event's or a listing's attachment, without an API key, for ${lifetime} minutes after it was made`,
    description:
      'The URLs come in `data.attachments[].download.url` of the webhook events `claim.submitted` and ' +
      "`case.message.created` (each delivery attempt carries fresh ones) and in the list of a message's attachments " +
      '(`GET /conversations/{conversationId}/messages/{messageId}/attachments`). ' +
      "`data.zip.url` of `claim.submitted` opens the claim's ZIP (`application/zip`, made when opened: " +
      '`schadenmeldung.json`, `Schadenmeldung.pdf` and the attachments under `anhaenge/`). ' +
      'An unknown, altered or expired token answers 404 `document_link_invalid`.',
    security: [],
    request: { params: token },
    responses: file,
  });
  api.get('/document-links/:token', (c) => openFileLink(c, trustedProxies));
  api.get('/file-links/:token', (c) => openFileLink(c, trustedProxies));
}

/** Documents of the CRM: upload (multipart, streamed), a customer's list, download, delete. */
export function registerDocumentRoutes(api: OpenAPIHono<ApiEnv>): void {
  api.openAPIRegistry.register('DocumentMetadata', DocumentMetadataInput);
  // Registered for the OpenAPI document only: a validator would read the whole body, the handler streams it.
  api.openAPIRegistry.registerPath({
    method: 'post',
    path: '/documents',
    tags: ['Documents'],
    summary: `Upload a document: multipart, "metadata" (JSON) first, then "file" (at most ${String(
      MAX_DOCUMENT_BYTES / (1024 * 1024),
    )} MB)`,
    description:
      'The file is streamed into storage as it arrives. Idempotency-Key is not applied to uploads: the same bytes ' +
      'sent twice are stored once, but make two documents.',
    request: {
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: z.object({
              metadata: DocumentMetadataInput,
              file: z.string().openapi({ format: 'binary' }),
            }),
          },
        },
      },
    },
    responses: { 201: json(Document, 'Stored'), ...problems(...COMMON) },
  });
  api.post('/documents', upload);

  api.openapi(
    createRoute({
      method: 'get',
      path: '/documents',
      tags: ['Documents'],
      summary: "A customer's documents, newest first",
      request: { query: documentsQuery },
      responses: { 200: json(DocumentPage, 'A page of documents'), ...problems(...COMMON, 404) },
    }),
    async (c) => {
      const { customerNumber, cursor, limit } = c.req.valid('query');
      const page = await c
        .get('services')
        .documents.listForCustomer(c.get('caller').tenantId, customerNumber, { cursor: cursor ?? null, limit });
      return c.json({ items: page.items.map(documentJson), nextCursor: page.nextCursor }, 200);
    },
  );

  const documentId = S.idParam('documentId');
  api.openAPIRegistry.registerPath({
    method: 'get',
    path: '/documents/{documentId}/content',
    tags: ['Documents'],
    summary: "The document's file, streamed as an attachment",
    request: { params: documentId },
    responses: {
      200: {
        description: 'The file',
        content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
      },
      ...problems(401, 404, 429),
    },
  });
  api.get('/documents/:documentId/content', async (c) => {
    const opened = await c
      .get('services')
      .documents.openForTenant(c.get('caller').tenantId, c.req.param('documentId'), originOf(c));
    return downloadResponse(c, opened);
  });

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/documents/{documentId}',
      tags: ['Documents'],
      summary: 'Delete a document; its file goes once no other document of the tenant has the same bytes',
      request: { params: documentId },
      responses: { 204: { description: 'Deleted' }, ...problems(...COMMON, 404) },
    }),
    async (c) => {
      await c
        .get('services')
        .documents.delete(c.get('caller').tenantId, required(c.req.valid('param').documentId), originOf(c));
      return c.body(null, 204);
    },
  );
}
