import { parse } from 'csv-parse/sync';
import { parseEmailAddress } from '../identities/email-address.js';
import { parsePersonName } from '../identities/identity.js';
import { parseCustomerNumbers, parseGrantName } from '../invitations/invitation.js';
import { isAppError } from '../../shared/errors.js';

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

export interface RowProblem {
  line: number;
  message: string;
}

export interface ParsedImport {
  rows: ImportRow[];
  problems: RowProblem[];
  /** A problem with the whole file (not CSV, no header, too many rows); then nothing else is checked. */
  fileProblem: string | null;
}

type Column = 'email' | 'name' | 'kind' | 'customerNumbers' | 'grantName';

/** Header names a broker's export may carry, German or English, compared without case, spaces, hyphens or underscores. */
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
  return value.normalize('NFC').toLowerCase().replace(/[\s_-]/g, '');
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
  const none = (fileProblem: string): ParsedImport => ({ rows: [], problems: [], fileProblem });
  if (bytes.byteLength === 0) {
    return none('Die Datei ist leer.');
  }
  if (bytes.byteLength > CSV_MAX_BYTES) {
    return none('Die Datei ist zu groß: höchstens 2 MB.');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return none('Die Datei ist nicht in UTF-8 gespeichert. Bitte speichern Sie sie als „CSV UTF-8“.');
  }
  let records: string[][];
  try {
    records = parse(text, { delimiter: delimiterOf(text), relax_column_count: true, skip_empty_lines: true, trim: true, bom: true, max_record_size: 64 * 1024 });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return none(`Die Datei ist keine gültige CSV-Datei${line === undefined ? '' : ` (Zeile ${line})`}. Bitte prüfen Sie Anführungszeichen und Trennzeichen.`);
  }
  const [header, ...body] = records;
  if (header === undefined) {
    return none('Die Datei enthält keine Zeilen.');
  }
  const columns = header.map((cell) => HEADER_NAMES[headerKey(cell)] ?? null);
  const missing = (['email', 'name'] as const).filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    return none('Die erste Zeile muss die Spaltennamen enthalten, mindestens „email“ und „name“ (weitere: „kind“, „customer_numbers“, „grant“ bzw. „Art“, „Kundennummern“, „Freischaltung“).');
  }
  if (body.length > CSV_MAX_ROWS) {
    return none(`Die Datei enthält ${body.length.toLocaleString('de-DE')} Zeilen; höchstens ${CSV_MAX_ROWS.toLocaleString('de-DE')} sind möglich. Bitte teilen Sie sie auf.`);
  }

  const rows: ImportRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  body.forEach((record, index) => {
    const line = index + 2;
    const cell = (column: Column): string => record[columns.indexOf(column)] ?? '';
    const messages: string[] = [];
    const email = parseEmailAddress(cell('email'));
    if (email === null) {
      messages.push(`E-Mail-Adresse „${cell('email').slice(0, 80)}“ ist ungültig`);
    } else if (seen.has(email.canonical)) {
      messages.push(`E-Mail-Adresse steht schon in Zeile ${seen.get(email.canonical)}`);
    }
    const name = parsePersonName(cell('name'));
    if (name === null) {
      messages.push('Name fehlt oder ist länger als 120 Zeichen');
    }
    const kindText = headerKey(cell('kind'));
    const role = kindText === '' ? 'policyholder' : KIND_VALUES[kindText];
    if (role === undefined) {
      messages.push(`Art „${cell('kind').slice(0, 40)}“ ist unbekannt (Versicherungsnehmer oder Vermittler)`);
    }
    let customerNumbers: string[] = [];
    try {
      customerNumbers = parseCustomerNumbers(cell('customerNumbers').split(/[,|]/).map((entry) => entry.trim()).filter((entry) => entry !== ''));
    } catch {
      messages.push('eine Kundennummer ist ungültig (bis zu 40 Buchstaben, Ziffern, Leerzeichen und . _ / -)');
    }
    let grantName: string | null = null;
    if (cell('grantName') !== '') {
      try {
        grantName = parseGrantName(cell('grantName'));
      } catch (error) {
        if (!isAppError(error)) throw error;
        messages.push('Name der Freischaltung ist länger als 120 Zeichen');
      }
    }
    if (messages.length > 0 || email === null || name === null || role === undefined) {
      problems.push({ line, message: messages.join('; ') });
      return;
    }
    seen.set(email.canonical, line);
    rows.push({ line, email: email.display, name, role, customerNumbers, grantName });
  });
  if (rows.length === 0 && problems.length === 0) {
    return none('Die Datei enthält nur die Kopfzeile.');
  }
  return { rows, problems, fileProblem: null };
}
