import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { registerConsentRoutes } from './consent-routes.js';
import { HTTPException } from 'hono/http-exception';
import type { Context } from 'hono';
import { AppError } from '../shared/errors.js';
import { isDatabaseUnavailable, isUnstorableTextError } from '../db/database-errors.js';
import type { RequestOrigin } from '../modules/audit/audit-service.js';
import type { PersonRecord } from '../modules/people/people-repo.js';
import type { Grant as GrantModel } from '../modules/grants/grant-service.js';
import { REPLAY_WINDOW_SECONDS, SIGNATURE_HEADER } from '../modules/webhooks/webhook.js';
import {
  authenticate,
  idempotency,
  limitApiBody,
  rateLimit,
  requireJson,
  type ApiEnv,
  type ApiServices,
  type BodyExpectation,
} from './api-middleware.js';
import { problem, problemFromError } from './api-problem.js';
import * as S from './api-schemas.js';
import { registerPortfolioRoutes } from './portfolio-routes.js';
import { registerDocumentLinkRoute, registerDocumentRoutes } from './document-routes.js';
import { registerClaimRoutes } from './claim-routes.js';
import { registerConversationRoutes } from './conversation-routes.js';
import { DOCUMENT_LINK_LIFETIME } from '../modules/documents/document-link.js';
import { MINUTE } from '../shared/clock.js';
import { isUuid } from '../shared/ids.js';
import { required } from '../shared/required.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
const problems = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      { content: { 'application/problem+json': { schema: S.Problem } }, description: 'Problem' },
    ]),
  );
const COMMON = [400, 401, 413, 415, 422, 429];
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
const idempotencyHeader = z.object({
  'idempotency-key': z.string().max(255).optional().openapi({ description: 'Repeat a POST safely for 24 hours' }),
});

function originOf(
  c: { req: { header(name: string): string | undefined } },
  caller: { keyPrefix: string },
): RequestOrigin {
  return { client: `api:${caller.keyPrefix}`, userAgent: c.req.header('user-agent') ?? null };
}

const iso = (date: Date): string => date.toISOString();
const grantJson = (grant: GrantModel) => ({
  ...grant,
  createdAt: iso(grant.createdAt),
  updatedAt: iso(grant.updatedAt),
});
const personJson = (person: PersonRecord) => ({ ...person, createdAt: iso(person.createdAt) });
function page<T extends { id: string }, U>(
  rows: T[],
  limit: number,
  map: (row: T) => U,
): { items: U[]; nextCursor: string | null } {
  return { items: rows.map(map), nextCursor: rows.length === limit ? required(rows[rows.length - 1]).id : null };
}

export const API_DESCRIPTION = `The Portico API lets a broker's CRM open access (Freischaltung) for customers and
intermediaries.

**Authentication.** Every request sends an API key of the tenant as \`Authorization: Bearer ptk_live_…\`. Keys are
created with \`portico api-key create --tenant <slug> --name <label>\`, shown once and stored hashed; a revoked key
stops working at once. The tenant always comes from the key: ids of another tenant answer 404 and a body naming a tenant
is refused.

**Requests.** Bodies are JSON (\`Content-Type: application/json\`, otherwise 415); invalid JSON answers 400, unknown
fields and values outside the limits 400 with \`code: validation_failed\` and a list of \`errors\`.

**Errors** are \`application/problem+json\` with a stable \`code\` (for example \`grant_not_found\`, \`email_invalid\`,
\`rate_limited\`).

**Idempotency.** Send \`Idempotency-Key: <your id>\` on any POST. For 24 hours the same key with the same body answers
the stored response again (header \`Idempotent-Replayed: true\`); the same key with another body answers 422
\`idempotency_key_reused\`; while the first request still runs, 409 \`idempotency_key_in_use\`.

**Rate limits.** Each key may make a fixed number of requests a minute (600 unless the operator set \`API_RATE_LIMIT\`),
counted across all processes. Beyond that: 429 \`rate_limited\` with \`Retry-After\` in seconds; \`RateLimit-Limit\` and
\`RateLimit-Remaining\` come with every answer.

**Paging.** Lists answer \`{ items, nextCursor }\`; pass \`cursor=<nextCursor>\` for the next page until it is null.

**Webhooks.** Events \`invitation.sent\`, \`invitation.delivery_failed\`, \`invitation.accepted\`,
\`person.email_confirmed\`, \`grant.changed\`, \`document.uploaded\`, \`claim.submitted\` and
\`case.message.created\` are POSTed as JSON
\`{ id, type, createdAt, data }\`. The header \`${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex>\` carries HMAC-SHA256
with the webhook's secret over \`<t>.<raw body>\`. Compare in constant time and refuse timestamps older than
${REPLAY_WINDOW_SECONDS} seconds. Answer 2xx within 10 seconds; anything else is retried with backoff (10 s, 1 min,
5 min, 30 min, 2 h, 6 h, 12 h) and every attempt is listed under \`/webhooks/{webhookId}/deliveries\`. Deliveries may
repeat: de-duplicate by \`id\`.

**Claims.** \`GET /claims\` lists reported claims by their last change (poll with \`updatedSince\`);
\`PATCH /claims/{claimId}\` moves the status on, sets claim numbers and leaves a note to the customer (who is mailed
a link, never the note); \`PUT /claims/external/{externalId}\` pushes a claim the CRM knows by its own id.

**case.message.created** is sent when a person writes in a conversation in the portal (a new one or a reply; not for
the staff's or the CRM's messages). \`data\` holds \`conversationId\`, \`messageId\`, \`customerNumber\`
(null for \`customer_add\`, Kunden anlegen: the new customer is in \`fields\`), \`contractId\` (or null),
\`subject\`, \`kind\` and \`fields\` (a service request's, else null), \`authorId\` (the person), \`body\` and
\`createdAt\`.

**claim.submitted** is sent when a person submits a claim in the portal. \`data\` holds \`claimId\`, \`route\`
(HPV, KFZ, SACH, TECH, TRANS or DEFAULT), \`submittedAt\`, \`customerNumber\`, \`contract\`
(\`{ insurerNumber, sparte, policyNumber }\`), \`reporterId\`, \`answers\`: every answer of the report as JSON, and
\`attachments\`: the photos and PDFs the person attached, each \`{ id, name, size, contentType, download: { url,
expiresAt } }\`, the link downloading the file without an API key for ${DOCUMENT_LINK_LIFETIME / MINUTE} minutes
(\`GET /file-links/{token}\`), fresh at each delivery attempt like \`document.uploaded\`'s, and \`zip\`
(\`{ url, expiresAt }\`): the claim's ZIP as the workspace downloads it (\`schadenmeldung.json\`,
\`Schadenmeldung.pdf\`, the attachments under \`anhaenge/\`), through a link of the same kind and lifetime.

**document.uploaded** is sent when a customer sends a document in the portal (not for the CRM's own uploads, nor for
the staff's). \`data\` holds \`documentId\`, \`customerNumber\`,
\`contract\` (\`{ id, insurerNumber, sparte, policyNumber }\` or null), \`title\`, \`keywords\`, \`comment\`,
\`contentType\`, \`size\`, \`sha256\`, \`uploadedAt\`, \`uploadedBy: { personId }\` and
\`download: { url, expiresAt }\`: a link that downloads the file without an API key for
${DOCUMENT_LINK_LIFETIME / MINUTE} minutes, or as long as the operator set (\`FILE_LINK_LIFETIME_SECONDS\`)
(\`GET /document-links/{token}\`). Each delivery attempt carries a fresh
link, so a retry hours later works like the first attempt; fetch the file when the event arrives, or later through
\`/documents/{documentId}/content\` with the key.`;

/** Read from the registered operations when a request comes, so routes registered after the middleware count too. */
function operationsWithBody(api: OpenAPIHono<ApiEnv>): BodyExpectation {
  let patterns: { method: string; path: RegExp }[] | null = null;
  return (method, path) => {
    patterns ??= api.openAPIRegistry.definitions.flatMap((definition) =>
      definition.type === 'route' && definition.route.request?.body !== undefined
        ? [
            {
              method: definition.route.method.toUpperCase(),
              path: new RegExp(`^/api/v1${definition.route.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
            },
          ]
        : [],
    );
    return patterns.some((pattern) => pattern.method === method && pattern.path.test(path));
  };
}

/**
 * The API's answer to a path it has no endpoint for, a problem with a stable code like every other refusal. A route
 * of its own, not the router's not-found handler: Hono passes an unmatched path on to the app the router is mounted
 * in, whose pages answered it with HTML.
 */
const apiNotFound = (c: Context): Response => problem(c, 404, 'not_found', 'No such endpoint');

export function createApiRouter(
  services: ApiServices,
  options: { trustedProxies: readonly string[] },
): OpenAPIHono<ApiEnv> {
  const api = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const errors = result.error.issues
          .slice(0, 50)
          .map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
        return problem(c, 400, 'validation_failed', 'The request does not match the schema', { errors });
      }
      return undefined;
    },
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key of the tenant: ptk_live_…',
  });

  api.onError((error, c) => {
    const known = problemFromError(c, error);
    if (known !== null) {
      return known;
    }
    if (error instanceof HTTPException && error.status < 500) {
      return problem(c, error.status, 'bad_request', 'The request could not be read');
    }
    if (isUnstorableTextError(error)) {
      return problem(c, 400, 'invalid_characters', 'Text must not contain NUL characters or bytes that are not UTF-8');
    }
    if (isDatabaseUnavailable(error)) {
      c.header('Retry-After', '5');
      return problem(c, 503, 'unavailable', 'The database is not reachable; try again shortly');
    }
    services.logger.error({ err: error, path: c.req.path }, 'api request failed');
    return problem(c, 500, 'internal_error');
  });

  api.use('*', async (c, next) => {
    c.set('services', services);
    await next();
  });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Portico API', version: '1.0.0', description: API_DESCRIPTION },
    servers: [{ url: '/api/v1' }],
    security: [{ bearerAuth: [] }],
  });
  // Before the body rules and the authentication: the link's token is its only credential.
  registerDocumentLinkRoute(api, options.trustedProxies);
  api.use('*', async (c: Context<ApiEnv, string>, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitApiBody(c, next),
  );
  api.use('*', requireJson(operationsWithBody(api)), authenticate, rateLimit, idempotency);

  registerGrantRoutes(api);
  registerPeopleRoutes(api);
  registerOtherRoutes(api);
  registerPortfolioRoutes(api);
  registerDocumentRoutes(api);
  registerClaimRoutes(api);
  registerConversationRoutes(api);
  registerConsentRoutes(api);
  // Last: any other path of the API is answered here, not by the pages behind it.
  api.all('*', apiNotFound);
  return api;
}

function registerGrantRoutes(api: OpenAPIHono<ApiEnv>): void {
  const grantId = S.idParam('grantId');
  api.openapi(
    createRoute({
      method: 'post',
      path: '/grants',
      tags: ['Grants'],
      summary: 'Create a grant (Freischaltung)',
      request: { headers: idempotencyHeader, ...body(S.GrantCreate) },
      responses: { 201: json(S.Grant, 'Created'), ...problems(...COMMON, 409) },
    }),
    async (c) => {
      const caller = c.get('caller');
      const grant = await c
        .get('services')
        .grants.createGrant(caller.tenantId, c.req.valid('json'), originOf(c, caller));
      return c.json(grantJson(grant), 201);
    },
  );
  api.openapi(
    createRoute({
      method: 'get',
      path: '/grants',
      tags: ['Grants'],
      summary: 'List grants',
      request: { query: S.pageQuery },
      responses: { 200: json(S.pageOf(S.Grant, 'GrantPage'), 'A page of grants'), ...problems(...COMMON) },
    }),
    async (c) => {
      const { cursor, limit } = c.req.valid('query');
      const rows = await c.get('services').grants.listGrants(c.get('caller').tenantId, cursor ?? null, limit);
      return c.json(page(rows, limit, grantJson), 200);
    },
  );
  api.openapi(
    createRoute({
      method: 'get',
      path: '/grants/{grantId}',
      tags: ['Grants'],
      summary: 'Read a grant',
      request: { params: grantId },
      responses: { 200: json(S.Grant, 'The grant'), ...problems(...COMMON, 404) },
    }),
    async (c) => {
      return c.json(
        grantJson(
          await c.get('services').grants.getGrant(c.get('caller').tenantId, required(c.req.valid('param').grantId)),
        ),
        200,
      );
    },
  );
  api.openapi(
    createRoute({
      method: 'patch',
      path: '/grants/{grantId}',
      tags: ['Grants'],
      summary: "Change a grant's name, customers or sharing options",
      request: { params: grantId, ...body(S.GrantUpdate) },
      responses: { 200: json(S.Grant, 'The changed grant'), ...problems(...COMMON, 404, 409) },
    }),
    async (c) => {
      const caller = c.get('caller');
      return c.json(
        grantJson(
          await c
            .get('services')
            .grants.updateGrant(
              caller.tenantId,
              required(c.req.valid('param').grantId),
              c.req.valid('json'),
              originOf(c, caller),
            ),
        ),
        200,
      );
    },
  );
  api.openapi(
    createRoute({
      method: 'delete',
      path: '/grants/{grantId}',
      tags: ['Grants'],
      summary: 'Delete a grant; people left without any grant lose access at once',
      request: { params: grantId },
      responses: { 204: { description: 'Deleted' }, ...problems(...COMMON, 404) },
    }),
    async (c) => {
      const caller = c.get('caller');
      await c
        .get('services')
        .grants.deleteGrant(caller.tenantId, required(c.req.valid('param').grantId), originOf(c, caller));
      return c.body(null, 204);
    },
  );
  api.openapi(
    createRoute({
      method: 'post',
      path: '/grants/{grantId}/people',
      tags: ['Grants'],
      summary:
        'Share a grant with a person: invited until their first login here, even with a password from ' +
        'another broker (who gets access at once)',
      request: { params: grantId, headers: idempotencyHeader, ...body(S.PersonCreate) },
      responses: { 201: json(S.Person, 'The person and their state'), ...problems(...COMMON, 404) },
    }),
    async (c) => {
      const caller = c.get('caller');
      const services = c.get('services');
      const tenant = required(await services.tenants.findTenantById(caller.tenantId));
      const { person } = await services.people.addPersonToGrant(
        tenant,
        required(c.req.valid('param').grantId),
        c.req.valid('json'),
        originOf(c, caller),
      );
      return c.json(personJson(person), 201);
    },
  );
  api.openapi(
    createRoute({
      method: 'delete',
      path: '/grants/{grantId}/people/{personId}',
      tags: ['Grants'],
      summary: 'Remove a person from a grant; without another grant their access and sessions here end at once',
      request: { params: grantId.extend(S.idParam('personId').shape) },
      responses: { 204: { description: 'Removed' }, ...problems(...COMMON, 404) },
    }),
    async (c) => {
      const caller = c.get('caller');
      const params = c.req.valid('param');
      await c
        .get('services')
        .grants.removePersonFromGrant(
          caller.tenantId,
          required(params.grantId),
          required(params.personId),
          originOf(c, caller),
        );
      return c.body(null, 204);
    },
  );
}

function registerPeopleRoutes(api: OpenAPIHono<ApiEnv>): void {
  const personId = S.idParam('personId');
  const listQuery = S.pageQuery
    .extend({ email: z.string().max(254).optional(), state: S.Person.shape.state.optional() })
    .strict();
  api.openapi(
    createRoute({
      method: 'get',
      path: '/people',
      tags: ['People'],
      summary: 'List people with access in this tenant',
      request: { query: listQuery },
      responses: { 200: json(S.pageOf(S.Person, 'PersonPage'), 'A page of people'), ...problems(...COMMON) },
    }),
    async (c) => {
      const { cursor, limit, email, state } = c.req.valid('query');
      const rows = await c.get('services').people.listPeoplePage(c.get('caller').tenantId, {
        afterId: cursor ?? null,
        limit,
        ...(email === undefined ? {} : { email }),
        ...(state === undefined ? {} : { state }),
      });
      return c.json(page(rows, limit, personJson), 200);
    },
  );
  api.openapi(
    createRoute({
      method: 'get',
      path: '/people/{personId}',
      tags: ['People'],
      summary: 'Read a person',
      request: { params: personId },
      responses: { 200: json(S.Person, 'The person'), ...problems(...COMMON, 404) },
    }),
    async (c) => {
      return c.json(
        personJson(
          await c.get('services').people.getPerson(c.get('caller').tenantId, required(c.req.valid('param').personId)),
        ),
        200,
      );
    },
  );
  api.openapi(
    createRoute({
      method: 'patch',
      path: '/people/{personId}',
      tags: ['People'],
      summary: 'Ask for a new e-mail address for a person',
      description:
        "The login address is the person's own. A person who has not logged in here yet is this tenant's " +
        'pending invitation: it moves to the ' +
        'corrected address at once (an open invitation is sent there, the old link stops working; `person` ' +
        'then carries the id the person has ' +
        'now). Anybody else is asked by mail, at their current address, to make the change themselves with ' +
        'their password. Whether the ' +
        'corrected address is known on the platform makes no difference to the answer. 409 email_taken: the ' +
        'address belongs to another ' +
        'person of this tenant.',
      request: { params: personId, ...body(S.PersonUpdate) },
      responses: {
        202: json(S.EmailChangeRequested, 'The change is requested; `person` shows the address in use now'),
        ...problems(...COMMON, 403, 404, 409),
      },
    }),
    async (c) => {
      const caller = c.get('caller');
      const services = c.get('services');
      const tenant = required(await services.tenants.findTenantById(caller.tenantId));
      const personId = required(c.req.valid('param').personId);
      const answer = await services.people.changePersonEmail(
        tenant,
        personId,
        c.req.valid('json').email,
        { kind: 'api_key' },
        originOf(c, caller),
      );
      return c.json({ code: answer.code, person: personJson(answer.person) }, 202);
    },
  );
  const actions = {
    deactivate:
      'Deactivate: no login and no session in this tenant until reactivated (never the last active ' +
      'administrator: 409 last_admin)',
    reactivate: 'Reactivate a deactivated person',
    'resend-invitation': 'Send a fresh invitation; the older link stops working',
    'revoke-invitation': 'Revoke the pending invitation; its link stops working at once',
  } as const;
  for (const [action, summary] of Object.entries(actions) as [keyof typeof actions, string][]) {
    api.openapi(
      createRoute({
        method: 'post',
        path: `/people/{personId}/${action}`,
        tags: ['People'],
        summary,
        request: { params: personId, headers: idempotencyHeader },
        responses: { 200: json(S.Person, 'The person'), ...problems(...COMMON, 404, 409) },
      }),
      async (c) => {
        const caller = c.get('caller');
        const people = c.get('services').people;
        const id = required(c.req.valid('param').personId);
        const origin = originOf(c, caller);
        const tenant = required(await c.get('services').tenants.findTenantById(caller.tenantId));
        const person =
          action === 'deactivate'
            ? await people.deactivatePerson(caller.tenantId, id, { kind: 'api_key' }, origin)
            : action === 'reactivate'
              ? await people.reactivatePerson(caller.tenantId, id, { kind: 'api_key' }, origin)
              : action === 'resend-invitation'
                ? await people.resendPersonInvitation(tenant, id)
                : await people.revokePersonInvitation(caller.tenantId, id, origin);
        return c.json(personJson(person), 200);
      },
    );
  }
}

function registerOtherRoutes(api: OpenAPIHono<ApiEnv>): void {
  api.openapi(
    createRoute({
      method: 'post',
      path: '/invitations/bulk',
      tags: ['Invitations'],
      summary: 'Invite up to 1,000 people at once; one result per item',
      request: { headers: idempotencyHeader, ...body(S.BulkInvitationRequest) },
      responses: { 200: json(S.BulkInvitationResponse, 'One result per item, in order'), ...problems(...COMMON) },
    }),
    async (c) => {
      const caller = c.get('caller');
      const services = c.get('services');
      const tenant = required(await services.tenants.findTenantById(caller.tenantId));
      const requests = c.req.valid('json').items.map(({ kind, ...item }) => ({ ...item, role: kind }));
      const results = (await services.invitations.inviteMany(tenant, requests, { origin: originOf(c, caller) })).map(
        (result) =>
          result.state === 'failed'
            ? { index: result.index, status: 'failed' as const, error: result.error }
            : {
                index: result.index,
                status: result.state === 'active' ? ('active' as const) : ('invited' as const),
                personId: result.identityId,
                grantId: required(result.grantId),
              },
      );
      const failed = results.filter((result) => result.status === 'failed').length;
      return c.json({ accepted: results.length - failed, failed, results }, 200);
    },
  );
  api.openapi(
    createRoute({
      method: 'get',
      path: '/audit-events',
      tags: ['Audit'],
      summary: 'Audit events of this tenant, oldest first',
      request: { query: S.pageQuery },
      responses: { 200: json(S.pageOf(S.AuditEvent, 'AuditEventPage'), 'A page of events'), ...problems(...COMMON) },
    }),
    async (c) => {
      const { cursor, limit } = c.req.valid('query');
      const rows = await c
        .get('services')
        .audit.listPage(c.get('caller').tenantId, cursor !== undefined && isUuid(cursor) ? cursor : null, limit);
      return c.json(
        page(rows, limit, (row) => ({
          id: row.id,
          kind: row.kind,
          personId: row.identityId,
          email: row.email,
          actorId: row.actorIdentityId,
          actorEmail: row.actorEmail,
          origin: row.origin,
          createdAt: iso(row.createdAt),
        })),
        200,
      );
    },
  );
  api.openapi(
    createRoute({
      method: 'post',
      path: '/webhooks',
      tags: ['Webhooks'],
      summary: 'Register a webhook; the signing secret is shown only here',
      request: { headers: idempotencyHeader, ...body(S.WebhookCreate) },
      responses: { 201: json(S.WebhookWithSecret, 'The webhook and its secret'), ...problems(...COMMON) },
    }),
    async (c) => {
      const { webhook, secret } = await c
        .get('services')
        .webhooks.createWebhook(c.get('caller').tenantId, c.req.valid('json'));
      return c.json({ ...webhook, createdAt: iso(webhook.createdAt), secret }, 201);
    },
  );
  api.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks',
      tags: ['Webhooks'],
      summary: 'List webhooks',
      responses: {
        200: json(z.object({ items: z.array(S.Webhook) }).openapi('WebhookList'), 'The webhooks'),
        ...problems(...COMMON),
      },
    }),
    async (c) => {
      const hooks = await c.get('services').webhooks.listWebhooks(c.get('caller').tenantId);
      return c.json({ items: hooks.map((hook) => ({ ...hook, createdAt: iso(hook.createdAt) })) }, 200);
    },
  );
  const webhookId = S.idParam('webhookId');
  api.openapi(
    createRoute({
      method: 'delete',
      path: '/webhooks/{webhookId}',
      tags: ['Webhooks'],
      summary: 'Delete a webhook; queued deliveries are dropped',
      request: { params: webhookId },
      responses: { 204: { description: 'Deleted' }, ...problems(...COMMON, 404) },
    }),
    async (c) => {
      const id = required(c.req.valid('param').webhookId);
      if (!isUuid(id)) {
        throw new AppError('WEBHOOK_NOT_FOUND', 'No such webhook');
      }
      await c.get('services').webhooks.deleteWebhook(c.get('caller').tenantId, id);
      return c.body(null, 204);
    },
  );
  api.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks/{webhookId}/deliveries',
      tags: ['Webhooks'],
      summary: 'The delivery log: newest deliveries with every attempt',
      request: { params: webhookId },
      responses: {
        200: json(z.object({ items: z.array(S.WebhookDelivery) }).openapi('WebhookDeliveryList'), 'Deliveries'),
        ...problems(...COMMON, 404),
      },
    }),
    async (c) => {
      const id = required(c.req.valid('param').webhookId);
      if (!isUuid(id)) {
        throw new AppError('WEBHOOK_NOT_FOUND', 'No such webhook');
      }
      const deliveries = await c.get('services').webhooks.listDeliveries(c.get('caller').tenantId, id, 100);
      return c.json(
        {
          items: deliveries.map((delivery) => ({
            ...delivery,
            status: delivery.status as 'queued',
            createdAt: iso(delivery.createdAt),
            deliveredAt: delivery.deliveredAt === null ? null : iso(delivery.deliveredAt),
            attempts: delivery.attempts.map((attempt) => ({ ...attempt, attemptedAt: iso(attempt.attemptedAt) })),
          })),
        },
        200,
      );
    },
  );
}
