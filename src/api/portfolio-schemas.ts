import { z } from '@hono/zod-openapi';
import { CONTRACT_STATUSES, PAYMENT_FREQUENCIES } from '../modules/portfolio/portfolio.js';

const timestamp = z.string().openapi({ format: 'date-time', example: '2026-11-24T10:00:00.000Z' });
const nullableText = z.string().nullable();
const partialDate = z
  .string()
  .nullable()
  .openapi({ description: 'YYYY-MM-DD; 00 for an unknown month or day', example: '2021-03-00' });

const Address = z
  .object({ street: nullableText, postcode: nullableText, city: nullableText, country: nullableText })
  .openapi('PostalAddress');
const ReferenceAddress = Address.extend({ label: z.string() }).openapi('ReferenceAddress');
const ContactPerson = z
  .object({ name: z.string(), phone: nullableText, email: nullableText, staffIdentityId: z.string().nullable() })
  .openapi('ContactPerson');

export const Customer = z
  .object({
    id: z.string(),
    customerNumber: z.string(),
    kind: z.enum(['private', 'business']),
    displayName: z.string(),
    firstName: nullableText,
    lastName: nullableText,
    companyName: nullableText,
    dateOfBirth: nullableText,
    address: Address,
    emailAddresses: z.array(z.string()),
    phone: nullableText,
    caseHandler: ContactPerson.nullable(),
    adviser: ContactPerson.nullable(),
    referenceAddresses: z.array(ReferenceAddress),
    intermediaryAccounts: z.array(z.string()),
    updatedAt: timestamp,
  })
  .openapi('Customer');

export const Contract = z
  .object({
    id: z.string(),
    insurerNumber: z.string().openapi({ description: 'VU-Nr' }),
    sparte: z.string().openapi({ description: 'GDV Sparte, three digits', example: '130' }),
    sparteName: z.string().openapi({ example: 'Verbundene Hausrat' }),
    policyNumber: z.string().openapi({ description: 'VSNr' }),
    customerNumber: z.string(),
    customerName: z.string(),
    insurerName: nullableText,
    productName: nullableText,
    status: z.enum(CONTRACT_STATUSES),
    cancellation: z.object({ reason: nullableText, date: partialDate }).nullable(),
    startDate: partialDate,
    endDate: partialDate,
    mainDueDate: partialDate,
    paymentFrequency: z.enum(PAYMENT_FREQUENCIES).nullable(),
    premiumNetCents: z.number().int().nullable(),
    premiumGrossCents: z.number().int().nullable(),
    risk: z.object({
      description: nullableText,
      vehicle: z
        .object({
          plate: nullableText,
          hsn: nullableText,
          tsn: nullableText,
          vin: nullableText,
          noClaimsClass: nullableText,
        })
        .nullable(),
    }),
    sumsInsured: z.array(z.object({ label: z.string(), cents: z.number().int() })),
    caseHandler: ContactPerson.nullable(),
    adviser: ContactPerson.nullable(),
    referenceAddresses: z
      .array(ReferenceAddress)
      .openapi({ description: "The customer's reference addresses; empty where the grant does not share them" }),
    updatedAt: timestamp,
  })
  .openapi('Contract');

export const SyncRequest = z
  .object({
    items: z
      .array(z.unknown())
      .min(1)
      .max(1000)
      .openapi({ description: 'Up to 1,000 PortfolioItem objects; each is checked on its own, a bad one fails alone' }),
  })
  .strict()
  .openapi('PortfolioSyncRequest');

export const SyncResponse = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    deleted: z.number().int(),
    notFound: z.number().int(),
    failed: z.number().int(),
    results: z.array(
      z.object({
        index: z.number().int(),
        status: z.enum(['created', 'updated', 'deleted', 'not_found', 'failed']),
        id: z.string().optional(),
        error: z.object({ code: z.string(), message: z.string() }).optional(),
      }),
    ),
  })
  .openapi('PortfolioSyncResponse');

export const contractKeyParams = z.object({
  insurerNumber: z
    .string()
    .max(20)
    .openapi({ param: { name: 'insurerNumber', in: 'path' } }),
  sparte: z
    .string()
    .max(10)
    .openapi({ param: { name: 'sparte', in: 'path' } }),
  policyNumber: z
    .string()
    .max(40)
    .openapi({ param: { name: 'policyNumber', in: 'path' } }),
});

export const customerNumberParam = z.object({
  customerNumber: z
    .string()
    .max(64)
    .openapi({ param: { name: 'customerNumber', in: 'path' } }),
});

export const visibleContractsQuery = z
  .object({
    customerNumber: z.string().max(40).optional(),
    sparte: z.string().max(3).optional(),
    status: z.enum(CONTRACT_STATUSES).optional(),
    cursor: z
      .string()
      .max(80)
      .regex(/^[0-9]{3}-[A-Z0-9]{1,5}-[A-Z0-9]{1,17}$/)
      .optional()
      .openapi({ description: 'nextCursor of the previous page' }),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

/** A page of the visible contracts, in the portal's order (Sparte, insurer, policy number). */
export const VisibleContractPage = z
  .object({ items: z.array(Contract), nextCursor: z.string().nullable() })
  .openapi('VisibleContractList');
