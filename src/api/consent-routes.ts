import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ConsentRecord } from '../modules/consents/consent.js';
import { AppError } from '../shared/errors.js';
import { isUuid } from '../shared/ids.js';
import type { ApiEnv } from './api-middleware.js';
import * as S from './api-schemas.js';

const problemContent = { content: { 'application/problem+json': { schema: S.Problem } }, description: 'Problem' };
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, problemContent]));

const Consent = z
  .object({
    id: z.string(),
    personId: z.string(),
    documentId: z.string(),
    document: z.string().openapi({ description: 'The document\'s name: "Erstinformation" or the broker\'s title' }),
    documentKind: z.enum(['information', 'consent']),
    versionId: z.string(),
    version: z.number().int(),
    kind: z.enum(['acknowledged', 'consented']),
    givenAt: z.string().openapi({ format: 'date-time' }),
    clientAddress: z.string(),
  })
  .openapi('Consent');

const listQuery = S.pageQuery
  .extend({ personId: z.string().max(64).optional().openapi({ description: "Only this person's records" }) })
  .strict();

const consentJson = (record: ConsentRecord) => ({
  id: record.id,
  personId: record.identityId,
  documentId: record.documentId,
  document: record.title,
  documentKind: record.documentKind,
  versionId: record.versionId,
  version: record.version,
  kind: record.kind,
  givenAt: record.givenAt.toISOString(),
  clientAddress: record.clientAddress,
});

function cursorOf(record: ConsentRecord): string {
  return Buffer.from(`${record.givenAt.toISOString()}|${record.id}`, 'utf8').toString('base64url');
}

function parseCursor(cursor: string | undefined): { givenAt: Date; id: string } | null {
  if (cursor === undefined) return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const givenAt = new Date(at ?? '');
  if (Number.isNaN(givenAt.getTime()) || !isUuid(id)) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this endpoint gave');
  }
  return { givenAt, id };
}

/** Who acknowledged the Erstinformation or consented to which version of the broker's documents, oldest first. */
export function registerConsentRoutes(api: OpenAPIHono<ApiEnv>): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/consents',
      tags: ['Consents'],
      summary: 'List the records of acknowledged Erstinformation and given consents, oldest first',
      request: { query: listQuery },
      responses: {
        200: {
          content: { 'application/json': { schema: S.pageOf(Consent, 'ConsentPage') } },
          description: 'A page of records',
        },
        ...problems(400, 401, 429),
      },
    }),
    async (c) => {
      const { cursor, limit, personId } = c.req.valid('query');
      const after = parseCursor(cursor);
      // A person of another tenant or an id that is none simply has no records here.
      const records =
        personId !== undefined && !isUuid(personId)
          ? []
          : await c.get('services').consents.listPage(c.get('caller').tenantId, {
              identityId: personId ?? null,
              after,
              limit: limit + 1,
            });
      const items = records.slice(0, limit);
      const last = items[items.length - 1];
      return c.json(
        {
          items: items.map(consentJson),
          nextCursor: records.length > limit && last !== undefined ? cursorOf(last) : null,
        },
        200,
      );
    },
  );
}
