// The API publishes these schemas in its OpenAPI document: zod must be the extended one when they are created,
// whichever module happens to load them first.
import { z } from '@hono/zod-openapi';
import { AppError, isAppError } from '../../shared/errors.js';
import { parseCustomerNumbers } from '../invitations/invitation.js';
import {
  CONTRACT_STATUSES,
  PAYMENT_FREQUENCIES,
  parseFullDate,
  parsePartialDate,
  type ContactPerson,
  type ContractKey,
  type ContractRecord,
  type CustomerRecord,
  type ItemErrorCode,
  type PortfolioItem,
  type PostalAddress,
} from './portfolio.js';
import { isSparteCode } from './sparten.js';
import { required } from '../../shared/required.js';

/**
 * The shapes the CRM sends, checked in two steps: the schema bounds every string and array and
 * the types; the rules after it (keys, dates, names) give each failure a code of its own, so a
 * batch can say per item what was wrong.
 */
const text = (max: number) => z.string().max(max);
const optionalText = (max: number) => text(max).nullish();

const addressShape = {
  street: optionalText(200),
  postcode: optionalText(20),
  city: optionalText(100),
  country: optionalText(60),
};
export const AddressInput = z.object(addressShape).strict();
export const ReferenceAddressInput = z.object({ label: text(120), ...addressShape }).strict();
export const ContactPersonInput = z
  .object({ name: text(200), phone: optionalText(40), email: optionalText(254), staffIdentityId: z.uuid().nullish() })
  .strict();

const customerShape = {
  customerNumber: text(40),
  kind: z.enum(['private', 'business']),
  firstName: optionalText(100),
  lastName: optionalText(100),
  companyName: optionalText(200),
  dateOfBirth: optionalText(10),
  address: AddressInput.nullish(),
  emailAddresses: z.array(text(254)).max(10).optional(),
  phone: optionalText(40),
  caseHandler: ContactPersonInput.nullish(),
  adviser: ContactPersonInput.nullish(),
  referenceAddresses: z.array(ReferenceAddressInput).max(50).optional(),
  intermediaryAccounts: z.array(text(40)).max(50).optional(),
};
export const CustomerInput = z.object(customerShape).strict();
/** PUT /customers/{customerNumber}: the number comes from the path. */
export const CustomerBodyInput = CustomerInput.omit({ customerNumber: true });

const keyShape = { insurerNumber: text(20), sparte: text(10), policyNumber: text(40) };
const amount = z.number().int().min(0).max(10_000_000_000_000);
const contractShape = {
  ...keyShape,
  customerNumber: text(40),
  insurerName: optionalText(200),
  productName: optionalText(200),
  status: z.enum(CONTRACT_STATUSES),
  cancellation: z
    .object({ reason: optionalText(500), date: optionalText(10) })
    .strict()
    .nullish(),
  startDate: optionalText(10),
  endDate: optionalText(10),
  mainDueDate: optionalText(10),
  paymentFrequency: z.enum(PAYMENT_FREQUENCIES).nullish(),
  premiumNetCents: amount.nullish(),
  premiumGrossCents: amount.nullish(),
  risk: z
    .object({
      description: optionalText(2000),
      vehicle: z
        .object({
          plate: optionalText(20),
          hsn: optionalText(4),
          tsn: optionalText(10),
          vin: optionalText(17),
          noClaimsClass: optionalText(10),
        })
        .strict()
        .nullish(),
    })
    .strict()
    .nullish(),
  sumsInsured: z
    .array(z.object({ label: text(120), cents: amount }).strict())
    .max(50)
    .optional(),
  caseHandler: ContactPersonInput.nullish(),
  adviser: ContactPersonInput.nullish(),
};
export const ContractInput = z.object(contractShape).strict();
/** PUT /contracts/{insurerNumber}/{sparte}/{policyNumber}: the key comes from the path. */
export const ContractBodyInput = ContractInput.omit({ insurerNumber: true, sparte: true, policyNumber: true });

export const PortfolioItemInput = z.union([
  z.object({ type: z.literal('customer'), action: z.literal('upsert'), customer: CustomerInput }).strict(),
  z.object({ type: z.literal('customer'), action: z.literal('delete'), customerNumber: text(40) }).strict(),
  z.object({ type: z.literal('contract'), action: z.literal('upsert'), contract: ContractInput }).strict(),
  z.object({ type: z.literal('contract'), action: z.literal('delete'), ...keyShape }).strict(),
]);

/** One item as the API's sync and the GDV import hand it to portfolioService.upsertBatch. */
export type PortfolioItemData = z.input<typeof PortfolioItemInput>;

export class ItemError extends Error {
  constructor(
    readonly code: ItemErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const CODE_BY_FIELD: Record<string, ItemErrorCode> = {
  dateOfBirth: 'DATE_INVALID',
  startDate: 'DATE_INVALID',
  endDate: 'DATE_INVALID',
  mainDueDate: 'DATE_INVALID',
  date: 'DATE_INVALID',
  premiumNetCents: 'AMOUNT_INVALID',
  premiumGrossCents: 'AMOUNT_INVALID',
  cents: 'AMOUNT_INVALID',
  sparte: 'SPARTE_INVALID',
  insurerNumber: 'INSURER_NUMBER_INVALID',
  policyNumber: 'POLICY_NUMBER_INVALID',
  customerNumber: 'CUSTOMER_NUMBER_INVALID',
};

function checked<T extends z.ZodType>(schema: T, value: unknown, pathPrefix: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = required(result.error.issues[0]);
    const field = [...issue.path].reverse().find((segment): segment is string => typeof segment === 'string');
    const path = [pathPrefix, ...issue.path].filter((segment) => segment !== '').join('.');
    throw new ItemError(CODE_BY_FIELD[field ?? ''] ?? 'VALIDATION_FAILED', `${path || 'item'}: ${issue.message}`);
  }
  return result.data;
}

function clean(value: string | null | undefined): string | null {
  const trimmed = value?.normalize('NFC').trim();
  return trimmed === undefined || trimmed === '' ? null : trimmed;
}

function customerNumberOf(value: string): string {
  try {
    return required(parseCustomerNumbers([value])[0]);
  } catch (error) {
    throw isAppError(error) ? new ItemError('CUSTOMER_NUMBER_INVALID', error.message) : error;
  }
}

function partialDate(value: string | null | undefined, field: string): string | null {
  const raw = clean(value);
  if (raw === null) {
    return null;
  }
  const parsed = parsePartialDate(raw);
  if (parsed === null) {
    throw new ItemError('DATE_INVALID', `${field}: "${raw}" is no date (YYYY-MM-DD, 00 for an unknown month or day)`);
  }
  return parsed;
}

function addressOf(input: z.infer<typeof AddressInput> | null | undefined): PostalAddress | null {
  if (input === null || input === undefined) {
    return null;
  }
  return {
    street: clean(input.street),
    postcode: clean(input.postcode),
    city: clean(input.city),
    country: clean(input.country),
  };
}

function contactOf(input: z.infer<typeof ContactPersonInput> | null | undefined): ContactPerson | null {
  if (input === null || input === undefined) {
    return null;
  }
  const name = clean(input.name);
  if (name === null) {
    throw new ItemError('VALIDATION_FAILED', 'caseHandler/adviser: a name is required');
  }
  return { name, phone: clean(input.phone), email: clean(input.email), staffIdentityId: input.staffIdentityId ?? null };
}

export function parseContractKey(input: { insurerNumber: string; sparte: string; policyNumber: string }): ContractKey {
  const insurerNumber = input.insurerNumber.trim().toUpperCase();
  const sparte = input.sparte.trim();
  const policyNumber = input.policyNumber.trim().toUpperCase();
  if (!/^[A-Z0-9]{1,5}$/.test(insurerNumber)) {
    throw new ItemError('INSURER_NUMBER_INVALID', 'insurerNumber: 1–5 letters or digits (VU-Nr)');
  }
  if (!isSparteCode(sparte)) {
    throw new ItemError('SPARTE_INVALID', 'sparte: three digits (GDV Sparte, e.g. 130)');
  }
  if (!/^[A-Z0-9]{1,17}$/.test(policyNumber)) {
    throw new ItemError('POLICY_NUMBER_INVALID', 'policyNumber: 1–17 letters or digits (VSNr)');
  }
  return { insurerNumber, sparte, policyNumber };
}

export function parseCustomerRecord(value: unknown, pathPrefix = ''): CustomerRecord {
  const input = checked(CustomerInput, value, pathPrefix);
  const record: CustomerRecord = {
    customerNumber: customerNumberOf(input.customerNumber),
    kind: input.kind,
    firstName: clean(input.firstName),
    lastName: clean(input.lastName),
    companyName: clean(input.companyName),
    dateOfBirth: null,
    address: addressOf(input.address),
    emailAddresses: [
      ...new Set((input.emailAddresses ?? []).map(clean).filter((email): email is string => email !== null)),
    ],
    phone: clean(input.phone),
    caseHandler: contactOf(input.caseHandler),
    adviser: contactOf(input.adviser),
    referenceAddresses: (input.referenceAddresses ?? []).map((address) => ({
      label: clean(address.label) ?? '',
      ...required(addressOf(address)),
    })),
    intermediaryAccounts: [...new Set((input.intermediaryAccounts ?? []).map(customerNumberOf))],
  };
  const dateOfBirth = clean(input.dateOfBirth);
  if (dateOfBirth !== null) {
    if (record.kind !== 'private') {
      throw new ItemError('VALIDATION_FAILED', 'dateOfBirth: only for private customers');
    }
    record.dateOfBirth = parseFullDate(dateOfBirth);
    if (record.dateOfBirth === null) {
      throw new ItemError('DATE_INVALID', `dateOfBirth: "${dateOfBirth}" is no date (YYYY-MM-DD)`);
    }
  }
  if (record.kind === 'private' ? record.lastName === null : record.companyName === null) {
    const missing =
      record.kind === 'private'
        ? 'lastName: required for a private customer'
        : 'companyName: required for a business customer';
    throw new ItemError('VALIDATION_FAILED', missing);
  }
  if (record.emailAddresses.some((email) => !/^[^\s@]+@[^\s@]+$/.test(email))) {
    throw new ItemError('VALIDATION_FAILED', 'emailAddresses: not an e-mail address');
  }
  if (record.referenceAddresses.some((address) => address.label === '')) {
    throw new ItemError('VALIDATION_FAILED', 'referenceAddresses: a label is required');
  }
  return record;
}

export function parseContractRecord(value: unknown, pathPrefix = ''): ContractRecord {
  const input = checked(ContractInput, value, pathPrefix);
  const key = parseContractKey(input);
  const vehicle = input.risk?.vehicle;
  return {
    ...key,
    customerNumber: customerNumberOf(input.customerNumber),
    insurerName: clean(input.insurerName),
    productName: clean(input.productName),
    status: input.status,
    // A reason or date of cancellation means nothing on a contract that is not cancelled.
    cancellation:
      input.status === 'cancelled' && input.cancellation
        ? { reason: clean(input.cancellation.reason), date: partialDate(input.cancellation.date, 'cancellation.date') }
        : null,
    startDate: partialDate(input.startDate, 'startDate'),
    endDate: partialDate(input.endDate, 'endDate'),
    mainDueDate: partialDate(input.mainDueDate, 'mainDueDate'),
    paymentFrequency: input.paymentFrequency ?? null,
    premiumNetCents: input.premiumNetCents ?? null,
    premiumGrossCents: input.premiumGrossCents ?? null,
    risk: input.risk
      ? {
          description: clean(input.risk.description),
          vehicle: vehicle
            ? {
                plate: clean(vehicle.plate),
                hsn: clean(vehicle.hsn),
                tsn: clean(vehicle.tsn),
                vin: clean(vehicle.vin)?.toUpperCase() ?? null,
                noClaimsClass: clean(vehicle.noClaimsClass),
              }
            : null,
        }
      : null,
    sumsInsured: (input.sumsInsured ?? []).map((sum) => ({ label: clean(sum.label) ?? '', cents: sum.cents })),
    caseHandler: contactOf(input.caseHandler),
    adviser: contactOf(input.adviser),
  };
}

// Built once: building a zod schema costs far more than using it.
const ItemHead = z.object({ type: z.enum(['customer', 'contract']), action: z.enum(['upsert', 'delete']) });
const CustomerUpsertEnvelope = z.object({ type: z.string(), action: z.string(), customer: z.unknown() }).strict();
const ContractUpsertEnvelope = z.object({ type: z.string(), action: z.string(), contract: z.unknown() }).strict();

/** One item of a batch, checked; an ItemError names what is wrong with it. */
export function parsePortfolioItem(value: unknown): PortfolioItem {
  const head = checked(ItemHead, value, '');
  const item = value as Record<string, unknown>;
  if (head.type === 'customer') {
    if (head.action === 'upsert') {
      checked(CustomerUpsertEnvelope, value, '');
      return { type: 'customer', action: 'upsert', customer: parseCustomerRecord(item['customer'], 'customer') };
    }
    const input = checked(PortfolioItemInput.options[1], value, '');
    return { type: 'customer', action: 'delete', customerNumber: customerNumberOf(input.customerNumber) };
  }
  if (head.action === 'upsert') {
    checked(ContractUpsertEnvelope, value, '');
    return { type: 'contract', action: 'upsert', contract: parseContractRecord(item['contract'], 'contract') };
  }
  return {
    type: 'contract',
    action: 'delete',
    key: parseContractKey(checked(PortfolioItemInput.options[3], value, '')),
  };
}

/** For single-resource routes: the same rules, answered as an AppError. */
export function asAppError(error: unknown): unknown {
  return error instanceof ItemError ? new AppError(error.code, error.message) : error;
}
