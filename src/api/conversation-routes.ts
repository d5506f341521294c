import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { RequestOrigin } from '../modules/audit/audit-service.js';
import type { ConversationDetail, ConversationSummary } from '../modules/conversations/conversation.js';
import { CONVERSATION_KINDS } from '../modules/conversations/service-request.js';
import type { Tenant } from '../modules/tenants/tenant.js';
import { AppError } from '../shared/errors.js';
import { isUuid } from '../shared/ids.js';
import { required } from '../shared/required.js';
import type { ApiEnv } from './api-middleware.js';
import { declaredProblem } from './api-problem.js';
import * as S from './api-schemas.js';
import { messageUpload } from './conversation-uploads.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
const problemContent = { content: { 'application/problem+json': { schema: S.Problem } }, description: 'Problem' };
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, problemContent]));
const COMMON = [400, 401, 413, 415, 422, 429];
const timestamp = z.string().openapi({ format: 'date-time' });

const Conversation = z
  .object({
    id: z.string(),
    subject: z.string(),
    kind: z.enum(CONVERSATION_KINDS).openapi({
      description: 'A plain message, or the kind of service request (Anliegen) a portal user filed',
    }),
    fields: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: "The service request's fields as filed (see the API guide); null for a message" }),
    status: z.enum(['open', 'closed']),
    customerNumber: z.string().nullable().openapi({
      description: 'Null for "customer_add" (Kunden anlegen): a customer the broker does not have yet, in its fields',
    }),
    contractId: z.string().nullable(),
    assignedStaffId: z.string().nullable(),
    lastActivityAt: timestamp,
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi('Conversation');

const MessageAttachment = z
  .object({
    id: z.string(),
    name: z.string().openapi({ description: 'The sender’s file name made safe, with the extension its bytes show' }),
    size: z.number().int(),
    contentType: z.string().openapi({ description: 'Told by the bytes: PDF, JPEG, PNG, HEIC/HEIF or TIFF' }),
  })
  .openapi('MessageAttachment');

const LinkedMessageAttachment = MessageAttachment.extend({
  messageId: z.string(),
  download: z.object({ url: z.string(), expiresAt: timestamp }).openapi({
    description: 'Downloads the file without an API key until expiresAt (GET /file-links/{token})',
  }),
}).openapi('LinkedMessageAttachment');

const ConversationMessage = z
  .object({
    id: z.string(),
    authorKind: z.enum(['person', 'staff', 'crm']),
    authorId: z.string().nullable(),
    body: z.string(),
    isInternal: z.boolean(),
    createdAt: timestamp,
    attachments: z.array(MessageAttachment),
  })
  .openapi('ConversationMessage');

const ConversationWithMessages = Conversation.extend({ messages: z.array(ConversationMessage) }).openapi(
  'ConversationWithMessages',
);
const ConversationPage = S.pageOf(Conversation, 'ConversationPage');

const ContractKeyInput = z
  .object({ insurerNumber: z.string().min(1).max(20), sparte: z.string().min(1).max(10), policyNumber: z.string() })
  .strict();
const NewConversation = z
  .object({
    customerNumber: z.string().min(1).max(40),
    contract: ContractKeyInput.nullish(),
    subject: z.string().openapi({ description: 'At most 200 characters' }),
    message: z.string().openapi({ description: 'The first message, at most 10,000 characters' }),
    email: z
      .string()
      .max(320)
      .optional()
      .openapi({
        description:
          'Writes to this person only: an address without access here is invited (one invitation mail) on grantId, ' +
          'else on the grant named by the customer number (created with that customer when missing)',
      }),
    name: z.string().max(200).optional().openapi({ description: 'The addressee’s name, for a new invitation' }),
    grantId: z.uuid().optional().openapi({ description: 'The grant the addressee is invited on; only with email' }),
  })
  .strict()
  .openapi('NewConversation');
const NewMessage = z
  .object({ message: z.string().openapi({ description: 'At most 10,000 characters' }) })
  .strict()
  .openapi('NewConversationMessage');

/** Things named in the body, not the path: the endpoint itself exists, so these are 422. */
const BODY_NOT_FOUND: ReadonlySet<string> = new Set(['CUSTOMER_NOT_FOUND', 'CONTRACT_NOT_FOUND', 'GRANT_NOT_FOUND']);

/**
 * The same body as multipart: "metadata" (the JSON body) first, then up to 20 parts "file" (35 MB together). Not a zod
 * schema, so the route's validator leaves multipart bodies to the streaming handler registered before it.
 */
function withMultipartBody<R extends { request?: { body?: { content: Record<string, unknown> } } }>(
  route: R,
  metadata: string,
): R {
  const content = route.request?.body?.content;
  if (content !== undefined) {
    content['multipart/form-data'] = {
      schema: {
        type: 'object',
        required: ['metadata'],
        properties: {
          metadata: { $ref: `#/components/schemas/${metadata}` },
          file: { type: 'array', items: { type: 'string', format: 'binary' }, maxItems: 20 },
        },
      },
    };
  }
  return route;
}

const listQuery = S.pageQuery.extend({ updatedSince: z.iso.datetime({ offset: true }).optional() }).strict();
const conversationId = S.idParam('conversationId');

const conversationJson = (item: ConversationSummary) => ({
  id: item.id,
  subject: item.subject,
  kind: item.kind,
  fields: item.request === null ? null : { ...item.request.fields },
  status: item.status,
  customerNumber: item.customerNumber,
  contractId: item.contractId,
  assignedStaffId: item.assignedStaffId,
  lastActivityAt: item.lastMessageAt.toISOString(),
  createdAt: item.createdAt.toISOString(),
  updatedAt: item.updatedAt.toISOString(),
});

const detailJson = (detail: ConversationDetail) => ({
  ...conversationJson(detail.conversation),
  messages: detail.messages.map((message) => ({
    id: message.id,
    authorKind: message.authorKind,
    authorId: message.authorIdentityId,
    body: message.body,
    isInternal: message.isInternal,
    createdAt: message.createdAt.toISOString(),
    attachments: message.attachments.map((attachment) => ({
      id: attachment.id,
      name: attachment.name,
      size: attachment.size,
      contentType: attachment.contentType,
    })),
  })),
});

/** The cursor is the last row's change time and id: rows changed meanwhile come again later, none is skipped. */
function cursorOf(item: ConversationSummary): string {
  return Buffer.from(`${item.updatedAt.toISOString()}|${item.id}`, 'utf8').toString('base64url');
}

function parseCursor(cursor: string | undefined): { updatedAt: Date; id: string } | null | 'invalid' {
  if (cursor === undefined) return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const updatedAt = new Date(at ?? '');
  return Number.isNaN(updatedAt.getTime()) || id === undefined || !isUuid(id) ? 'invalid' : { updatedAt, id };
}

function originOf(c: Context<ApiEnv>): RequestOrigin {
  return { client: `api:${c.get('caller').keyPrefix}`, userAgent: c.req.header('user-agent') ?? null };
}

async function tenantOf(c: Context<ApiEnv>): Promise<Tenant> {
  return required(await c.get('services').tenants.findTenantById(c.get('caller').tenantId));
}

/**
 * Conversations for the CRM: start one with a customer, write in one, list what changed, read one with every message
 * (internal notes included: they are the broker's). Customers' messages reach the CRM as `case.message.created`.
 */
export function registerConversationRoutes(api: OpenAPIHono<ApiEnv>): void {
  // Multipart bodies (with attachments) first; JSON bodies go on to the routes below.
  api.post(
    '/conversations',
    messageUpload(NewConversation, async (c, body, files) => {
      const tenant = await tenantOf(c);
      const conversations = c.get('services').conversations;
      const id = await conversations.startForCrm(
        tenant,
        {
          customerNumber: body.customerNumber,
          contract: body.contract ?? null,
          subject: body.subject,
          body: body.message,
        },
        originOf(c),
        files,
      );
      return c.json(detailJson(await conversations.findForCrm(tenant, id)), 201);
    }),
  );
  api.post(
    '/conversations/:conversationId/messages',
    messageUpload(NewMessage, async (c, body, files) => {
      const tenant = await tenantOf(c);
      const id = c.req.param('conversationId') ?? '';
      const conversations = c.get('services').conversations;
      await conversations.replyAsCrm(tenant, id, body.message, originOf(c), files);
      return c.json(detailJson(await conversations.findForCrm(tenant, id)), 201);
    }),
  );

  api.openapi(
    withMultipartBody(
      createRoute({
        method: 'post',
        path: '/conversations',
        tags: ['Conversations'],
        summary: 'Start a conversation with a customer (everybody who sees the customer in the portal is told by mail)',
        description:
          'JSON, or multipart with attachments: "metadata" (this JSON) first, then up to 20 parts "file" (PDF, JPEG, ' +
          'PNG, HEIC or TIFF by their bytes, 35 MB together). All or nothing: a refused file (413 ' +
          '`message_attachments_too_many` / `message_attachments_too_large`, ' +
          '415 `message_attachment_type_not_allowed`) ' +
          'leaves no conversation. Idempotency-Key is not applied to multipart bodies.',
        request: { body: { required: true, content: { 'application/json': { schema: NewConversation } } } },
        responses: { 201: json(ConversationWithMessages, 'Started'), ...problems(...COMMON), 422: problemContent },
      }),
      'NewConversation',
    ),
    async (c) => {
      const body = c.req.valid('json');
      const tenant = await tenantOf(c);
      const conversations = c.get('services').conversations;
      try {
        const id = await conversations.startForCrm(
          tenant,
          {
            customerNumber: body.customerNumber,
            contract: body.contract ?? null,
            subject: body.subject,
            body: body.message,
            ...(body.email === undefined
              ? {}
              : { addressee: { email: body.email, name: body.name ?? '', grantId: body.grantId ?? null } }),
          },
          originOf(c),
        );
        return c.json(detailJson(await conversations.findForCrm(tenant, id)), 201);
      } catch (error) {
        // The customer and the contract are named in the body, not the path: the endpoint itself exists.
        if (error instanceof AppError && BODY_NOT_FOUND.has(error.code)) {
          return declaredProblem(c, 422, error.code.toLowerCase(), error.detail ?? error.message);
        }
        throw error;
      }
    },
  );

  api.openapi(
    withMultipartBody(
      createRoute({
        method: 'post',
        path: '/conversations/{conversationId}/messages',
        tags: ['Conversations'],
        summary: 'A message of the broker in a conversation; the customers who see it are told by mail',
        description:
          'JSON, or multipart with attachments as for a new conversation ("metadata", then "file" parts), all or ' +
          'nothing.',
        request: {
          params: conversationId,
          body: { required: true, content: { 'application/json': { schema: NewMessage } } },
        },
        responses: { 201: json(ConversationWithMessages, 'Written'), ...problems(...COMMON, 404) },
      }),
      'NewConversationMessage',
    ),
    async (c) => {
      const tenant = await tenantOf(c);
      const id = required(c.req.valid('param').conversationId);
      const conversations = c.get('services').conversations;
      await conversations.replyAsCrm(tenant, id, c.req.valid('json').message, originOf(c));
      return c.json(detailJson(await conversations.findForCrm(tenant, id)), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/conversations',
      tags: ['Conversations'],
      summary: 'Conversations changed after updatedSince (all without it), oldest change first',
      request: { query: listQuery },
      responses: {
        200: json(ConversationPage, 'A page of conversations'),
        ...problems(...COMMON),
        400: problemContent,
      },
    }),
    async (c) => {
      const { cursor, limit, updatedSince } = c.req.valid('query');
      const after = parseCursor(cursor);
      if (after === 'invalid') return declaredProblem(c, 400, 'cursor_invalid', 'The cursor is not one this API gave');
      // One row more than the page tells whether another follows: the last page answers nextCursor null.
      const rows = await c.get('services').conversations.listForCrm(c.get('caller').tenantId, {
        updatedSince: updatedSince === undefined ? null : new Date(updatedSince),
        after,
        limit: limit + 1,
      });
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return c.json(
        {
          items: items.map(conversationJson),
          nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null,
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/conversations/{conversationId}/messages/{messageId}/attachments',
      tags: ['Conversations'],
      summary: "A message's attachments, each with a download link that works without an API key for 15 minutes",
      request: { params: conversationId.extend(S.idParam('messageId').shape) },
      responses: {
        200: json(z.object({ items: z.array(LinkedMessageAttachment) }), 'The attachments, in the order sent'),
        ...problems(400, 401, 404, 429),
      },
    }),
    async (c) => {
      const { conversationId: id, messageId } = c.req.valid('param');
      const items = await c
        .get('services')
        .conversations.attachmentsOfMessageForCrm(c.get('caller').tenantId, required(id), required(messageId));
      return c.json({ items }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/conversations/{conversationId}',
      tags: ['Conversations'],
      summary: 'One conversation with every message, internal notes included',
      request: { params: conversationId },
      responses: { 200: json(ConversationWithMessages, 'The conversation'), ...problems(400, 401, 404, 429) },
    }),
    async (c) => {
      const tenant = await tenantOf(c);
      const detail = await c
        .get('services')
        .conversations.findForCrm(tenant, required(c.req.valid('param').conversationId));
      return c.json(detailJson(detail), 200);
    },
  );
}
