import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  CLAIM_ROUTES,
  CLAIM_STATUSES,
  MAX_CLAIM_NOTE_LENGTH,
  MAX_CLAIM_NUMBER_LENGTH,
  REPORTED_STATUSES,
  type ClaimHistoryEntry,
  type ClaimWithPortfolio,
} from '../modules/claims/claim.js';
import type { RequestOrigin } from '../modules/audit/audit-service.js';
import { AppError } from '../shared/errors.js';
import { required } from '../shared/required.js';
import type { ApiEnv } from './api-middleware.js';
import { declaredProblem } from './api-problem.js';
import * as S from './api-schemas.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
const problemContent = { content: { 'application/problem+json': { schema: S.Problem } }, description: 'Problem' };
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, problemContent]));
const COMMON = [400, 401, 413, 415, 422, 429];
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

const timestamp = z.string().openapi({ format: 'date-time', example: '2026-11-24T10:00:00.000Z' });
const claimNumber = z.string().max(MAX_CLAIM_NUMBER_LENGTH).nullable();

const ContractKey = z
  .object({
    insurerNumber: z.string().min(1).max(20).openapi({ description: 'VU-Nr' }),
    sparte: z
      .string()
      .regex(/^[0-9]{3}$/)
      .openapi({ description: 'GDV Sparte, three digits', example: '051' }),
    policyNumber: z.string().min(1).max(40).openapi({ description: 'VSNr' }),
  })
  .strict()
  .openapi('ClaimContractKey');

const HistoryEntry = z
  .object({
    status: z.enum(CLAIM_STATUSES),
    previousStatus: z.enum(CLAIM_STATUSES).nullable().openapi({ description: 'Null for a note alone' }),
    note: z.string().nullable().openapi({ description: 'The note to the customer, as the portal shows it' }),
    source: z.enum(['staff', 'crm', 'portal']).openapi({
      description: 'portal: the person who reported (or released) the claim in the portal',
    }),
    createdAt: timestamp,
  })
  .openapi('ClaimHistoryEntry');

const Claim = z
  .object({
    id: z.string(),
    externalId: z.string().nullable().openapi({ description: "The CRM's id of a claim it pushed" }),
    status: z.enum(CLAIM_STATUSES),
    route: z.enum(CLAIM_ROUTES).openapi({ description: 'The questions the portal asked, from the Sparte' }),
    customerNumber: z.string(),
    contract: ContractKey.nullable(),
    insurerClaimNumber: z.string().nullable(),
    brokerClaimNumber: z.string().nullable(),
    assignedPersonId: z.string().nullable().openapi({ description: 'The staff member handling the claim' }),
    reporterPersonId: z.string().nullable().openapi({ description: 'Who reported it in the portal' }),
    answers: z.record(z.string(), z.unknown()).openapi({ description: 'Every answer of the report' }),
    submittedAt: timestamp.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi('Claim');
const ClaimDetail = Claim.extend({ history: z.array(HistoryEntry) }).openapi('ClaimDetail');
const ClaimPage = z.object({ items: z.array(Claim), nextCursor: z.string().nullable() }).openapi('ClaimPage');

const claimsQuery = z
  .object({
    status: z.enum(REPORTED_STATUSES).optional(),
    updatedSince: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'Only claims changed at or after this moment' }),
    cursor: z.string().max(100).optional().openapi({ description: 'nextCursor of the previous page' }),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();

const ClaimUpdate = z
  .object({
    status: z
      .enum(REPORTED_STATUSES)
      .optional()
      .openapi({
        description:
          'submitted → in_progress, refused or closed; in_progress → settled, refused or closed; settled and ' +
          'refused → closed. The status the claim has already changes nothing.',
      }),
    note: z.string().min(1).max(MAX_CLAIM_NOTE_LENGTH).optional().openapi({
      description: 'A note to the customer: shown with the claim; everybody who sees it gets a mail with a link only',
    }),
    insurerClaimNumber: claimNumber.optional(),
    brokerClaimNumber: claimNumber.optional(),
  })
  .strict()
  .refine((update) => Object.keys(update).length > 0, { error: 'Name at least one field' })
  .openapi('ClaimUpdate');

const ClaimPush = z
  .object({
    contract: ContractKey.optional(),
    customerNumber: z.string().min(1).max(64).optional(),
    date: z
      .string()
      .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/)
      .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(day).toISOString().startsWith(day), {
        error: 'Invalid date',
      })
      .openapi({ format: 'date', description: 'The day of the loss' }),
    description: z.string().min(1).max(4000),
    time: z.string().max(20).optional().openapi({
      description: 'The time of the loss, hours and minutes ("14:30"; "9:05" and "14.30" are taken too)',
      example: '14:30',
    }),
    place: z.string().optional().openapi({ description: 'Where it happened; at most 200 characters' }),
    estimatedAmountCents: z.number().optional().openapi({
      description: 'The estimated amount of the loss in euro cents: a whole number from 0 to 100000000000',
      example: 250000,
    }),
    policeInvolved: z.boolean().optional().openapi({
      description: 'Whether the police were involved; required with any of the three fields after it',
    }),
    policeFileNumber: z.string().optional().openapi({
      description: "The police's file number, at most 200 characters; kept only when policeInvolved is true",
    }),
    otherParties: z.string().optional().openapi({ description: 'Other parties involved, at most 4000 characters' }),
    witnesses: z.string().optional().openapi({ description: 'Witnesses, at most 4000 characters' }),
    status: z.enum(REPORTED_STATUSES),
    insurerClaimNumber: claimNumber.optional(),
    brokerClaimNumber: claimNumber.optional(),
  })
  .strict()
  .refine((push) => push.contract !== undefined || push.customerNumber !== undefined, {
    error: 'Name the contract or the customer number',
  })
  .openapi('ClaimPush');

const claimId = S.idParam('claimId');
const externalIdParam = z.object({
  externalId: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,100}$/)
    .openapi({ param: { name: 'externalId', in: 'path' }, description: "The CRM's id: letters, digits, . _ : -" }),
});

const iso = (date: Date): string => date.toISOString();
const claimJson = (claim: ClaimWithPortfolio) => ({
  id: claim.id,
  externalId: claim.externalId,
  status: claim.status,
  route: claim.route,
  customerNumber: claim.customerNumber,
  contract:
    claim.contract === null
      ? null
      : {
          insurerNumber: claim.contract.insurerNumber,
          sparte: claim.contract.sparte,
          policyNumber: claim.contract.policyNumber,
        },
  insurerClaimNumber: claim.insurerClaimNumber,
  brokerClaimNumber: claim.brokerClaimNumber,
  assignedPersonId: claim.assignedIdentityId,
  reporterPersonId: claim.reporterIdentityId,
  answers: { ...claim.answers },
  submittedAt: claim.submittedAt === null ? null : iso(claim.submittedAt),
  createdAt: iso(claim.createdAt),
  updatedAt: iso(claim.updatedAt),
});
const historyJson = (entry: ClaimHistoryEntry) => ({
  status: entry.status,
  previousStatus: entry.previousStatus,
  note: entry.note,
  source: entry.source,
  createdAt: iso(entry.createdAt),
});

function originOf(c: Context<ApiEnv>): RequestOrigin {
  return { client: `api:${c.get('caller').keyPrefix}`, userAgent: c.req.header('user-agent') ?? null };
}

async function tenantOf(c: Context<ApiEnv>) {
  return required(await c.get('services').tenants.findTenantById(c.get('caller').tenantId));
}

/** Claims for the CRM: read, change status, numbers and notes, and push claims it knows by its own id. */
export function registerClaimRoutes(api: OpenAPIHono<ApiEnv>): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/claims',
      tags: ['Claims'],
      summary: 'Reported claims, oldest change first (never drafts)',
      request: { query: claimsQuery },
      responses: { 200: json(ClaimPage, 'A page of claims'), ...problems(...COMMON) },
    }),
    async (c) => {
      const { status, updatedSince, cursor, limit } = c.req.valid('query');
      const page = await c.get('services').claimHandling.pageForCrm(
        c.get('caller').tenantId,
        {
          ...(status === undefined ? {} : { status }),
          ...(updatedSince === undefined ? {} : { updatedSince: new Date(updatedSince) }),
        },
        { cursor: cursor ?? null, limit },
      );
      return c.json({ items: page.items.map(claimJson), nextCursor: page.nextCursor }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/claims/{claimId}',
      tags: ['Claims'],
      summary: 'A claim with every answer and its history',
      request: { params: claimId },
      responses: { 200: json(ClaimDetail, 'The claim'), ...problems(...COMMON, 404) },
    }),
    async (c) => {
      const { claim, history } = await c
        .get('services')
        .claimHandling.detailForCrm(c.get('caller').tenantId, required(c.req.valid('param').claimId));
      return c.json({ ...claimJson(claim), history: history.map(historyJson) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'patch',
      path: '/claims/{claimId}',
      tags: ['Claims'],
      summary: "Change a claim's status, claim numbers or leave a note to the customer",
      description:
        'All named fields change together or none. A status the claim cannot move to answers 409 ' +
        '`claim_status_transition_invalid`; a numbers field set to null clears it.',
      request: { params: claimId, ...body(ClaimUpdate) },
      responses: { 200: json(Claim, 'The changed claim'), ...problems(...COMMON, 404, 409) },
    }),
    async (c) => {
      const claim = await c
        .get('services')
        .claimHandling.changeByCrm(
          await tenantOf(c),
          required(c.req.valid('param').claimId),
          c.req.valid('json'),
          originOf(c),
        );
      return c.json(claimJson(claim), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'put',
      path: '/claims/external/{externalId}',
      tags: ['Claims'],
      summary: 'Create or replace a claim the CRM knows by its own id',
      description:
        'The claim belongs to the contract named by its GDV key (its customer then comes from the contract) or, ' +
        'without a contract, to the customer named. The portal shows it to the people whose Freischaltung with ' +
        '"Schäden einschließen" shows its contract; a claim without a contract is seen in the workspace only. ' +
        'The status is taken as sent. 422 `contract_not_found` or `customer_not_found` when the body names ' +
        'none of this tenant; 422 `claim_date_in_future` for a day (and time) of the loss after now (Europe/Berlin). ' +
        "The common answers are checked as the portal's claim form checks them, texts trimmed: 422 " +
        '`claim_time_invalid` for a time that is not hours and minutes, `amount_invalid` for an amount that is not ' +
        'whole cents from 0 to 100000000000, `claim_text_too_long` for a text over its limit, `claim_field_required` ' +
        '(field `policeInvolved`) for the police file number, other parties or witnesses without policeInvolved. ' +
        'A replace sets every answer anew: an answer left out is cleared.',
      request: { params: externalIdParam, ...body(ClaimPush) },
      responses: {
        200: json(Claim, 'Replaced'),
        201: json(Claim, 'Created'),
        ...problems(...COMMON),
        422: problemContent,
      },
    }),
    async (c) => {
      try {
        const { claim, isCreated } = await c
          .get('services')
          .claimHandling.pushFromCrm(
            await tenantOf(c),
            c.req.valid('param').externalId,
            c.req.valid('json'),
            originOf(c),
          );
        return c.json(claimJson(claim), isCreated ? 201 : 200);
      } catch (error) {
        // The contract and the customer are named in the body, not the path: the claim's own address is fine.
        if (error instanceof AppError && (error.code === 'CONTRACT_NOT_FOUND' || error.code === 'CUSTOMER_NOT_FOUND')) {
          return declaredProblem(c, 422, error.code.toLowerCase(), error.detail ?? error.message);
        }
        throw error;
      }
    },
  );
}
