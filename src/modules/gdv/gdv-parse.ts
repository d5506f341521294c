import { PartScanner } from './gdv-fields.js';
import {
  ADDRESS_PART_1,
  ADDRESS_PART_2,
  CONTRACT_KEY,
  CONTRACT_PART_1,
  CONTRACT_PART_2,
  NACHSATZ,
  VORSATZ,
} from './gdv-layout.js';
import type {
  GdvAddress,
  GdvContractKey,
  GdvContractPart,
  GdvContractStatus,
  GdvNachsatz,
  GdvPaymentFrequency,
  GdvRecordError,
  GdvSalutation,
  GdvVorsatz,
} from './gdv-records.js';

/** One Teildatensatz: a line of 256 characters and its number within the record (byte 256). */
export interface RecordPart {
  line: number;
  text: string;
  partNumber: number;
}

export type ParseResult<T> = { record: T; errors: [] } | { record: null; errors: GdvRecordError[] };

/** Anlage 24. */
const CONTRACT_STATUS: Record<string, GdvContractStatus> = {
  '1': 'active',
  '2': 'active-short-term',
  '3': 'dormant',
  '4': 'cancelled',
  '5': 'dormant-premium-free',
  '6': 'premium-free',
  '7': 'premium-free-by-benefit',
  '8': 'premium-deferred',
  '9': 'other',
};

/** Anlage 14, the codes a portfolio needs; others are kept as the raw code only. */
const PAYMENT_FREQUENCY: Record<string, GdvPaymentFrequency> = {
  '1': 'annual',
  '2': 'semi-annual',
  '4': 'quarterly',
  '6': 'single',
  '8': 'monthly',
};

const SALUTATION: Record<string, GdvSalutation> = {
  '0': 'none',
  '1': 'mr',
  '2': 'mrs',
  '3': 'company',
  '4': 'mr-and-mrs',
  '5': 'miss',
  '6': 'association',
};

function finish<T>(record: T, scanners: PartScanner[]): ParseResult<T> {
  const errors = scanners.flatMap((scanner) => scanner.errors);
  return errors.length === 0 ? { record, errors: [] } : { record: null, errors };
}

function partOf(parts: RecordPart[], partNumber: number, satzart: string): PartScanner | null {
  const part = parts.find((candidate) => candidate.partNumber === partNumber);
  return part === undefined ? null : new PartScanner(part.text, part.line, satzart);
}

function readContractKey(scanner: PartScanner, isContractRequired: boolean): GdvContractKey {
  return {
    insurerNumber: scanner.requiredText(CONTRACT_KEY.insurerNumber),
    sparte: isContractRequired
      ? scanner.requiredDigits(CONTRACT_KEY.sparte)
      : scanner.optionalDigits(CONTRACT_KEY.sparte),
    policyNumber: isContractRequired
      ? scanner.requiredText(CONTRACT_KEY.policyNumber)
      : scanner.optionalText(CONTRACT_KEY.policyNumber),
    intermediaryNumber: scanner.optionalText(CONTRACT_KEY.intermediaryNumber),
  };
}

export function parseVorsatz(part: RecordPart): ParseResult<GdvVorsatz> {
  const scanner = new PartScanner(part.text, part.line, '0001');
  const versions: Record<string, string> = {};
  const versionFields = {
    '0001': VORSATZ.version0001,
    '0100': VORSATZ.version0100,
    '0200': VORSATZ.version0200,
    '9999': VORSATZ.version9999,
  };
  for (const [satzart, spec] of Object.entries(versionFields)) {
    const version = scanner.optionalText(spec);
    if (version !== null) versions[satzart] = version;
  }
  const record: GdvVorsatz = {
    insurerNumber: scanner.requiredText(VORSATZ.insurerNumber),
    sender: scanner.optionalText(VORSATZ.sender),
    addressee: scanner.optionalText(VORSATZ.addressee),
    periodFrom: scanner.optionalDate(VORSATZ.periodFrom),
    periodTo: scanner.optionalDate(VORSATZ.periodTo),
    intermediaryNumber: scanner.optionalText(VORSATZ.intermediaryNumber),
    versions,
  };
  return finish(record, [scanner]);
}

export function parseAddress(parts: RecordPart[]): ParseResult<GdvAddress> {
  const first = partOf(parts, 1, '0100');
  if (first === null) throw new Error('an address record always has its first part');
  const second = partOf(parts, 2, '0100');
  const salutationCode = first.optionalText(ADDRESS_PART_1.salutation);
  const record: GdvAddress = {
    ...readContractKey(first, false),
    salutation: salutationCode === null ? null : (SALUTATION[salutationCode] ?? null),
    name1: first.requiredText(ADDRESS_PART_1.name1),
    name2: first.optionalText(ADDRESS_PART_1.name2),
    name3: first.optionalText(ADDRESS_PART_1.name3),
    title: first.optionalText(ADDRESS_PART_1.title),
    countryCode: first.optionalText(ADDRESS_PART_1.countryCode),
    postcode: first.optionalText(ADDRESS_PART_1.postcode),
    city: first.optionalText(ADDRESS_PART_1.city),
    street: first.optionalText(ADDRESS_PART_1.street),
    poBox: first.optionalText(ADDRESS_PART_1.poBox),
    birthDate: first.optionalDate(ADDRESS_PART_1.birthDate),
    addressKind: first.optionalText(ADDRESS_PART_1.addressKind),
    insurerCustomerNumber: second?.optionalText(ADDRESS_PART_2.insurerCustomerNumber) ?? null,
    intermediaryCustomerNumber: second?.optionalText(ADDRESS_PART_2.intermediaryCustomerNumber) ?? null,
  };
  return finish(record, second === null ? [first] : [first, second]);
}

export function parseContract(parts: RecordPart[]): ParseResult<GdvContractPart> {
  const first = partOf(parts, 1, '0200');
  if (first === null) throw new Error('a contract record always has its first part');
  const second = partOf(parts, 2, '0200');
  const key = readContractKey(first, true);
  const statusCode = first.optionalText(CONTRACT_PART_1.status);
  const status = statusCode === null ? null : (CONTRACT_STATUS[statusCode] ?? null);
  if (statusCode !== null && status === null)
    first.fail(CONTRACT_PART_1.status, 'FIELD_INVALID', `„${statusCode}“ ist kein Vertragsstatus der Anlage 24`);
  const paymentFrequencyCode = first.optionalText(CONTRACT_PART_1.paymentFrequency);
  const record: GdvContractPart = {
    ...key,
    sparte: key.sparte ?? '',
    policyNumber: key.policyNumber ?? '',
    status,
    statusCode,
    start: first.optionalDate(CONTRACT_PART_1.start),
    end: first.optionalDate(CONTRACT_PART_1.end),
    mainDueDate: first.optionalDate(CONTRACT_PART_1.mainDueDate),
    paymentFrequency: paymentFrequencyCode === null ? null : (PAYMENT_FREQUENCY[paymentFrequencyCode] ?? null),
    paymentFrequencyCode,
    currency: first.optionalText(CONTRACT_PART_1.currency),
    netPremiumCents: first.optionalAmount(CONTRACT_PART_1.netPremium),
    grossPremiumCents: second?.optionalAmount(CONTRACT_PART_2.grossPremium) ?? null,
    insurerCustomerNumber: first.optionalText(CONTRACT_PART_1.insurerCustomerNumber),
    intermediaryCustomerNumber: first.optionalText(CONTRACT_PART_1.intermediaryCustomerNumber),
    productName: second?.optionalText(CONTRACT_PART_2.productName) ?? null,
  };
  return finish(record, second === null ? [first] : [first, second]);
}

export function parseNachsatz(part: RecordPart): ParseResult<GdvNachsatz> {
  const scanner = new PartScanner(part.text, part.line, '9999');
  const count = scanner.requiredDigits(NACHSATZ.recordCount);
  const record: GdvNachsatz = {
    recordCount: Number(count),
    totalPremiumCents: scanner.optionalAmount(NACHSATZ.totalPremium),
    intermediaryNumber: scanner.optionalText(NACHSATZ.intermediaryNumber),
  };
  return finish(record, [scanner]);
}

/** The net premium of a 0200's first part, for the Nachsatz sum, even when the record itself is bad. */
export function readNetPremium(part: RecordPart): number | null {
  const scanner = new PartScanner(part.text, part.line, '0200');
  const cents = scanner.optionalAmount(CONTRACT_PART_1.netPremium);
  return scanner.errors.length === 0 ? (cents ?? 0) : null;
}
