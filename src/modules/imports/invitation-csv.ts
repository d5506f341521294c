import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { parseEmailAddress } from '../identities/email-address.js';
import { parsePersonName } from '../identities/identity.js';
import { parseCustomerNumbers, parseGrantName } from '../invitations/invitation.js';
import { isAppError, type ErrorCode, type ErrorDetail } from '../../shared/errors.js';
import { personText, translatorFor, type MessageValues, type PersonText } from '../../shared/i18n/translator.js';

export const CSV_MAX_BYTES = 2 * 1024 * 1024;
export const CSV_MAX_ROWS = 10_000;

/** One invitation of a file, checked by the same rules as a single invitation. */
export interface ImportRow {
  /** Line in the file, counting the header as line 1, as a spreadsheet shows it. */
  line: number;
  email: string;
  name: string;
  role: 'policyholder' | 'intermediary';
  customerNumbers: string[];
  grantName: string | null;
}

/** An ImportRow sent over the control channel: its shape is checked here, its content by inviteRow. */
export const IMPORT_ROW = z.object({
  line: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['policyholder', 'intermediary']),
  customerNumbers: z.array(z.string()),
  grantName: z.string().nullable(),
});

export interface RowProblem {
  line: number;
  /** In German, as logs, the command line and imports saved before pages spoke English show it. */
  message: string;
  /** The same for the pages to translate. */
  texts?: PersonText[];
}

/** A row's problems, in German for the record and as texts for the pages. */
export function rowProblem(line: number, texts: PersonText[]): RowProblem {
  const german = translatorFor('de');
  return { line, message: texts.map((text) => german.text(text)).join('; '), texts };
}

export interface ParsedImport {
  rows: ImportRow[];
  problems: RowProblem[];
  /**
   * A problem with the whole file (not CSV, no header, too many rows) as its code and the code's values (the message
   * is the error registry's); then nothing else is checked.
   */
  fileProblem: ErrorDetail | null;
}

type Column = 'email' | 'name' | 'kind' | 'customerNumbers' | 'grantName';

/**
 * Header names a broker's export may carry, German or English, compared without case, spaces, hyphens or underscores.
 */
const HEADER_NAMES: Record<string, Column> = {
  email: 'email',
  emailadresse: 'email',
  mail: 'email',
  name: 'name',
  vollständigername: 'name',
  kind: 'kind',
  art: 'kind',
  rolle: 'kind',
  customernumbers: 'customerNumbers',
  kundennummern: 'customerNumbers',
  kundennummer: 'customerNumbers',
  grant: 'grantName',
  grantname: 'grantName',
  freischaltung: 'grantName',
};

const KIND_VALUES: Record<string, 'policyholder' | 'intermediary'> = {
  policyholder: 'policyholder',
  versicherungsnehmer: 'policyholder',
  kunde: 'policyholder',
  intermediary: 'intermediary',
  vermittler: 'intermediary',
};

function headerKey(value: string): string {
  return value
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s_-]/g, '');
}

/** Spreadsheets in Germany write ";", others ","; the header line tells which this file uses. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  return (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/**
 * Reads a CSV of invitations (header: email, name, kind, customer numbers, grant name — German
 * names too) and checks every row without writing anything, so the staff see all problems first.
 */
export function parseInvitationCsv(bytes: Uint8Array): ParsedImport {
  const none = (code: ErrorCode, params?: MessageValues): ParsedImport => ({
    rows: [],
    problems: [],
    fileProblem: params === undefined ? { code } : { code, params },
  });
  if (bytes.byteLength === 0) {
    return none('CSV_FILE_EMPTY');
  }
  if (bytes.byteLength > CSV_MAX_BYTES) {
    return none('CSV_FILE_TOO_LARGE');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return none('CSV_ENCODING_INVALID');
  }
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: delimiterOf(text),
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      max_record_size: 64 * 1024,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return line === undefined ? none('CSV_MALFORMED') : none('CSV_MALFORMED_AT_LINE', { line: String(line) });
  }
  const [header, ...body] = records;
  if (header === undefined) {
    return none('CSV_NO_LINES');
  }
  const columns = header.map((cell) => HEADER_NAMES[headerKey(cell)] ?? null);
  const missing = (['email', 'name'] as const).filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    return none('CSV_HEADER_MISSING');
  }
  if (body.length > CSV_MAX_ROWS) {
    return none('CSV_TOO_MANY_ROWS', { count: body.length, max: CSV_MAX_ROWS });
  }

  const rows: ImportRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  body.forEach((record, index) => {
    const line = index + 2;
    const cell = (column: Column): string => record[columns.indexOf(column)] ?? '';
    const messages: PersonText[] = [];
    const email = parseEmailAddress(cell('email'));
    if (email === null) {
      messages.push(personText('E-Mail-Adresse „{email}“ ist ungültig', { email: cell('email').slice(0, 80) }));
    } else if (seen.has(email.canonical)) {
      messages.push(
        personText('E-Mail-Adresse steht schon in Zeile {line}', { line: String(seen.get(email.canonical)) }),
      );
    }
    const name = parsePersonName(cell('name'));
    if (name === null) {
      messages.push(personText('Name fehlt oder ist länger als 120 Zeichen'));
    }
    const kindText = headerKey(cell('kind'));
    const role = kindText === '' ? 'policyholder' : KIND_VALUES[kindText];
    if (role === undefined) {
      messages.push(
        personText('Art „{kind}“ ist unbekannt (Versicherungsnehmer oder Vermittler)', {
          kind: cell('kind').slice(0, 40),
        }),
      );
    }
    let customerNumbers: string[] = [];
    try {
      customerNumbers = parseCustomerNumbers(
        cell('customerNumbers')
          .split(/[,|]/)
          .map((entry) => entry.trim())
          .filter((entry) => entry !== ''),
      );
    } catch {
      messages.push(
        personText('eine Kundennummer ist ungültig (bis zu 40 Buchstaben, Ziffern, Leerzeichen und . _ / -)'),
      );
    }
    let grantName: string | null = null;
    if (cell('grantName') !== '') {
      try {
        grantName = parseGrantName(cell('grantName'));
      } catch (error) {
        if (!isAppError(error)) throw error;
        messages.push(personText('Name der Freischaltung ist länger als 120 Zeichen'));
      }
    }
    if (messages.length > 0 || email === null || name === null || role === undefined) {
      problems.push(rowProblem(line, messages));
      return;
    }
    seen.set(email.canonical, line);
    rows.push({ line, email: email.display, name, role, customerNumbers, grantName });
  });
  if (rows.length === 0 && problems.length === 0) {
    return none('CSV_HEADER_ONLY');
  }
  return { rows, problems, fileProblem: null };
}
