import { Readable } from 'node:stream';

/**
 * Writes GDV "VU-Vermittler" records for tests: each field at its byte address from the standard's
 * tables (written out here, not taken from the reader's layout, so a wrong position in either shows).
 */

const RECORD_LENGTH = 256;

/** [byte address (1-based), value]; the value is written as given, so pad it with `text` or `digits`. */
export type FieldAt = [number, string];

export function text(value: string, length: number): string {
  return value.padEnd(length, ' ').slice(0, length);
}

export function digits(value: number | string, length: number): string {
  return String(value).padStart(length, '0').slice(-length);
}

/** The VSNr is right-aligned and padded with blanks on the left. */
export function policyNumber(value: string): string {
  return value.padStart(17, ' ');
}

export function gdvRecord(satzart: string, fields: FieldAt[]): string {
  const characters = Array.from(satzart.padEnd(RECORD_LENGTH, ' '));
  for (const [start, value] of fields) {
    Array.from(value).forEach((character, index) => {
      characters[start - 1 + index] = character;
    });
  }
  const record = characters.join('');
  if (record.length !== RECORD_LENGTH) throw new Error(`record of ${record.length} characters`);
  return record;
}

export interface ContractKeyInput {
  vu?: string;
  sparte?: string;
  vsnr?: string;
  vermittler?: string;
}

function keyFields(key: ContractKeyInput, partNumber: number): FieldAt[] {
  return [
    [5, text(key.vu ?? '9999', 5)],
    [11, key.sparte ?? '   '],
    [14, policyNumber(key.vsnr ?? '')],
    [31, '01'],
    [33, text(key.vermittler ?? 'GS01VM0001', 10)],
    [256, String(partNumber)],
  ];
}

export function vorsatz(options: { vu?: string; from?: string; to?: string } = {}): string[] {
  const common: FieldAt[] = [
    [5, text(options.vu ?? '9999', 5)],
    [10, text('Muster Versicherung AG', 30)],
    [40, text('Maklerbüro Weiß', 30)],
    [70, options.from ?? '01012024'],
    [78, options.to ?? '31122024'],
    [86, text('GS01VM0001', 10)],
  ];
  return [
    gdvRecord('0001', [...common, [96, '2.4'], [99, '2.4'], [102, '2.5'], [256, '1']]),
    gdvRecord('0001', [...common, [256, '2']]),
  ];
}

export interface AddressInput extends ContractKeyInput {
  salutation?: string;
  name1?: string;
  name3?: string;
  street?: string;
  postcode?: string;
  city?: string;
  birthDate?: string;
  addressKind?: string;
  insurerCustomerNumber?: string;
  intermediaryCustomerNumber?: string;
}

export function address(input: AddressInput = {}): string[] {
  const first = gdvRecord('0100', [
    ...keyFields(input, 1),
    [43, input.salutation ?? '1'],
    [44, text(input.name1 ?? 'Müller', 30)],
    [104, text(input.name3 ?? 'Jürgen', 30)],
    [154, text('D', 3)],
    [157, text(input.postcode ?? '80331', 6)],
    [163, text(input.city ?? 'München', 25)],
    [188, text(input.street ?? 'Maximilianstraße 1', 30)],
    [226, input.birthDate ?? '15031980'],
    [237, input.addressKind ?? '01'],
  ]);
  const second = gdvRecord('0100', [
    ...keyFields(input, 2),
    [43, text(input.insurerCustomerNumber ?? '', 17)],
    [60, text(input.intermediaryCustomerNumber ?? '', 17)],
  ]);
  return [first, second];
}

export interface ContractInput extends ContractKeyInput {
  start?: string;
  end?: string;
  mainDueDate?: string;
  paymentFrequency?: string;
  status?: string;
  netPremium?: string;
  grossPremium?: string;
  intermediaryCustomerNumber?: string;
  productName?: string;
}

export function contract(input: ContractInput = {}): string[] {
  const key = { ...input, sparte: input.sparte ?? '030' };
  const first = gdvRecord('0200', [
    ...keyFields(key, 1),
    [43, '2'],
    [44, input.start ?? '01012024'],
    [52, input.end ?? '01012029'],
    [60, input.mainDueDate ?? '01012025'],
    [68, input.paymentFrequency ?? '1'],
    [69, input.status ?? '1'],
    [113, 'EUR'],
    [116, input.netPremium ?? digits(12345, 12)],
    [176, text(input.intermediaryCustomerNumber ?? '', 17)],
  ]);
  const second = gdvRecord('0200', [
    ...keyFields(key, 2),
    [72, input.grossPremium ?? digits(14690, 12)],
    [114, text(input.productName ?? 'PHV Komfort Plus', 20)],
  ]);
  return [first, second];
}

export function nachsatz(recordCount: number, totalPremiumCents: number): string {
  return gdvRecord('9999', [
    [5, digits(recordCount, 10)],
    [15, text('GS01VM0001', 10)],
    [25, digits(totalPremiumCents, 15)],
  ]);
}

const LATIN9: Record<string, number> = { '€': 0xa4, Š: 0xa6, š: 0xa8, Ž: 0xb4, ž: 0xb8, Œ: 0xbc, œ: 0xbd, Ÿ: 0xbe };

/** The file's bytes in ISO 8859-15, one byte per character. */
export function encodeLatin9(content: string): Buffer {
  return Buffer.from(
    Array.from(content).map((character) => {
      const code = LATIN9[character] ?? character.charCodeAt(0);
      if (code > 0xff) throw new Error(`"${character}" is not in ISO 8859-15`);
      return code;
    }),
  );
}

export function gdvFile(records: string[], lineEnd: '\r\n' | '\n' | '' = '\r\n'): Buffer {
  return encodeLatin9(records.map((record) => record + lineEnd).join(''));
}

/** A stream that hands the bytes over in small pieces, so records and line ends straddle chunks. */
export function streamOf(bytes: Buffer, chunkSize = 97): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize)
    chunks.push(bytes.subarray(offset, offset + chunkSize));
  return Readable.from(chunks);
}
