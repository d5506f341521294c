import { z } from '@hono/zod-openapi';
import { WEBHOOK_EVENTS } from '../modules/webhooks/webhook.js';

/** Limits on every string and array, so a request's size is bounded before any rule runs. */
const text = (max: number) => z.string().min(1).max(max);
const id = z.uuid().openapi({ example: '0b7e8c1e-3f55-4c7a-9d8e-2f1b6a0c9e11' });
const timestamp = z.string().openapi({ format: 'date-time', example: '2026-11-24T10:00:00.000Z' });
const customerNumbers = z.array(text(40)).max(100);
const linesOfBusiness = z.array(text(60)).max(50);
const language = z.enum(['de', 'en']);
const personKind = z.enum(['policyholder', 'intermediary']);

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ example: 'grant_not_found' }),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const grantOptions = {
  includeClaims: z.boolean().openapi({ description: 'Share claims (Schäden)' }),
  claimsNeedRelease: z.boolean().openapi({
    description:
      'Claims reported through the grant wait until another of its people with the release right releases them ' +
      '(Schadenmeldungen müssen freigegeben werden)',
  }),
  claimsWithoutContract: z.boolean().openapi({
    description:
      'With claims shared: a claim may be reported for one of the customers without a contract ' +
      '(Schadenmeldung ohne Vertrag erlaubt)',
  }),
  claimsOnly: z.boolean().openapi({
    description:
      'The people see no contracts, documents or conversations; they report claims (without a contract) for the ' +
      'customers and see the claims they reported themselves (Nur Schadenmeldung)',
  }),
  includeReferenceAddresses: z.boolean().openapi({ description: 'Share reference addresses' }),
  shareCases: z.boolean().openapi({ description: 'Share cases (Vorgänge)' }),
  shareContractsAutomatically: z
    .boolean()
    .openapi({ description: 'Share new contracts of the customers automatically' }),
  restrictedLinesOfBusiness: linesOfBusiness.openapi({
    description: 'Lines of business (Sparten) the grant is limited to; empty: all',
  }),
  documentProfile: text(120).nullable().openapi({ description: 'Document profile' }),
  responsibleStaffId: id
    .nullable()
    .openapi({ description: 'The staff member in charge (Betreuer): a staff person of the tenant' }),
  customerAddNeedsPrivacyNotice: z.boolean().openapi({
    description:
      'Intermediary grants: filing "Kunden anlegen" needs the confirmation that the customer received the ' +
      "broker's privacy statement (Datenschutzhinweis bei Kunden anlegen verpflichtend)",
  }),
};

export const Grant = z
  .object({
    id,
    name: z.string(),
    kind: z.enum(['customer', 'intermediary']),
    customerNumbers: z.array(z.string()),
    ...grantOptions,
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi('Grant');

export const GrantCreate = z
  .object({
    name: text(120),
    kind: z.enum(['customer', 'intermediary']),
    customerNumbers: customerNumbers.optional(),
    ...(Object.fromEntries(Object.entries(grantOptions).map(([key, schema]) => [key, schema.optional()])) as {
      [K in keyof typeof grantOptions]: z.ZodOptional<(typeof grantOptions)[K]>;
    }),
  })
  .strict()
  .openapi('GrantCreate');

export const GrantUpdate = GrantCreate.omit({ kind: true }).partial().strict().openapi('GrantUpdate');

export const Person = z
  .object({
    id,
    email: z.string(),
    name: z.string(),
    language: z.string(),
    roles: z.array(z.string()),
    state: z.enum(['invited', 'invitation_expired', 'active', 'email_unconfirmed', 'deactivated']),
    grantIds: z.array(id),
    createdAt: timestamp,
  })
  .openapi('Person');

export const PersonCreate = z
  .object({ email: text(254), name: text(120), kind: personKind, language: language.optional() })
  .strict()
  .openapi('PersonCreate');

export const PersonUpdate = z
  .object({ email: text(254) })
  .strict()
  .openapi('PersonUpdate');

export const EmailChangeRequested = z
  .object({
    code: z.literal('email_change_requested').openapi({
      description:
        'The same whether the address was corrected at once (a pending invitation of this tenant alone) or ' +
        'the person was asked',
    }),
    person: Person,
  })
  .openapi('EmailChangeRequested');

const bulkGrant = z.union([
  z.object({ id }).strict(),
  z.object({ name: text(120), customerNumbers: customerNumbers.optional() }).strict(),
]);

export const BulkInvitationRequest = z
  .object({
    items: z
      .array(
        z
          .object({
            email: text(254),
            name: text(120),
            kind: personKind,
            language: language.optional(),
            grant: bulkGrant,
          })
          .strict(),
      )
      .min(1)
      .max(1000),
  })
  .strict()
  .openapi('BulkInvitationRequest');

export const BulkInvitationResponse = z
  .object({
    accepted: z.number().int(),
    failed: z.number().int(),
    results: z.array(
      z.object({
        index: z.number().int(),
        status: z.enum(['invited', 'active', 'failed']),
        personId: id.optional(),
        grantId: id.optional(),
        error: z.object({ code: z.string(), message: z.string() }).optional(),
      }),
    ),
  })
  .openapi('BulkInvitationResponse');

export const AuditEvent = z
  .object({
    id,
    kind: z.string(),
    personId: id.nullable(),
    email: z.string().nullable(),
    actorId: id.nullable().openapi({
      description:
        'The staff member who acted in the workspace; null when the person acted themselves, for the API and ' +
        'for the operator',
    }),
    actorEmail: z.string().nullable(),
    origin: z.string().openapi({
      description: 'The client address, `api:<key prefix>` for a request with an API key, or `cli` for the operator',
    }),
    createdAt: timestamp,
  })
  .openapi('AuditEvent');

export const WebhookCreate = z
  .object({ url: text(2000), events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length) })
  .strict()
  .openapi('WebhookCreate');

export const Webhook = z
  .object({ id, url: z.string(), events: z.array(z.string()), createdAt: timestamp })
  .openapi('Webhook');
export const WebhookWithSecret = Webhook.extend({
  secret: z.string().openapi({ description: 'Shown only in this answer' }),
}).openapi('WebhookWithSecret');

export const WebhookDelivery = z
  .object({
    id,
    eventId: id,
    eventType: z.string(),
    status: z.enum(['queued', 'sending', 'delivered', 'abandoned']),
    createdAt: timestamp,
    deliveredAt: timestamp.nullable(),
    attempts: z.array(
      z.object({
        attempt: z.number().int(),
        statusCode: z.number().int().nullable(),
        error: z.string().nullable(),
        durationMilliseconds: z.number().int(),
        attemptedAt: timestamp,
      }),
    ),
  })
  .openapi('WebhookDelivery');

export const pageQuery = z
  .object({
    cursor: z.string().max(100).optional().openapi({ description: 'nextCursor of the previous page' }),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();

export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
}

export const idParam = (name: string) =>
  z.object({
    [name]: z
      .string()
      .max(64)
      .openapi({ param: { name, in: 'path' } }),
  });
