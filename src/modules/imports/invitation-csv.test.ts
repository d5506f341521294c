import { describe, expect, it } from 'vitest';
import { CSV_MAX_BYTES, CSV_MAX_ROWS, parseInvitationCsv } from './invitation-csv.js';
import { required } from '../../shared/required.js';
import { messageOfError } from '../../shared/error-registry.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
/** The file's problem as its code and its German message, the registry's. */
const fileProblemOf = (text: string | Uint8Array) => {
  const problem = parseInvitationCsv(typeof text === 'string' ? bytes(text) : text).fileProblem;
  return problem === null ? null : { code: problem.code, text: messageOfError(problem, 'de') };
};

describe('reading a CSV of invitations', () => {
  it('reads German and English headers, either delimiter, a BOM and quoted cells', () => {
    const german = parseInvitationCsv(
      bytes(
        '\uFEFFE-Mail-Adresse;Vollständiger Name;Art;Kundennummern;Freischaltung\r\n' +
          'Erika.Muster@Example.com;"Muster; Erika";Vermittler;100234|100235;Familie Muster\r\n',
      ),
    );
    expect(german.fileProblem).toBeNull();
    expect(german.problems).toEqual([]);
    expect(german.rows).toEqual([
      {
        line: 2,
        email: 'Erika.Muster@Example.com', // as written; the canonical form is the identity's key
        name: 'Muster; Erika',
        role: 'intermediary',
        customerNumbers: ['100234', '100235'],
        grantName: 'Familie Muster',
      },
    ]);
    const english = parseInvitationCsv(bytes('email,name,kind,customer_numbers,grant\nmax@example.com,Max,,,\n'));
    expect(english.rows).toEqual([
      { line: 2, email: 'max@example.com', name: 'Max', role: 'policyholder', customerNumbers: [], grantName: null },
    ]);
  });

  it('reports every bad row with its line and keeps the good ones', () => {
    const parsed = parseInvitationCsv(
      bytes(
        [
          'email;name;kind',
          'gut@example.com;Gut;Kunde',
          'kein-at;Ohne At;Kunde',
          'gut@example.com;Doppelt;Kunde',
          'leer@example.com;;Kunde',
          'art@example.com;Art;Chef',
        ].join('\n'),
      ),
    );
    expect(parsed.rows.map((row) => row.line)).toEqual([2]);
    expect(parsed.problems.map((problem) => problem.line)).toEqual([3, 4, 5, 6]);
    expect(required(parsed.problems[1]).message).toContain('Zeile 2');
    expect(required(parsed.problems[3]).message).toContain('Chef');
  });

  it('refuses a whole file that is empty, too large, not UTF-8, broken, headless or too long', () => {
    expect(fileProblemOf('')).toEqual({ code: 'CSV_FILE_EMPTY', text: 'Die Datei ist leer.' });
    expect(fileProblemOf(new Uint8Array(CSV_MAX_BYTES + 1))).toEqual({
      code: 'CSV_FILE_TOO_LARGE',
      text: 'Die Datei ist zu groß: höchstens 2 MB.',
    });
    expect(fileProblemOf(new Uint8Array([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x0a, 0xc4, 0x0a]))?.code).toBe(
      'CSV_ENCODING_INVALID',
    );
    expect(fileProblemOf('email;name\n"offen;Name\n')).toEqual({
      code: 'CSV_MALFORMED_AT_LINE',
      text: 'Die Datei ist keine gültige CSV-Datei (Zeile 2). Bitte prüfen Sie Anführungszeichen und Trennzeichen.',
    });
    expect(fileProblemOf('adresse;wer\nx@example.com;X\n')?.code).toBe('CSV_HEADER_MISSING');
    expect(fileProblemOf('email;name\n')).toEqual({
      code: 'CSV_HEADER_ONLY',
      text: 'Die Datei enthält nur die Kopfzeile.',
    });
    const tooMany = ['email;name', ...Array.from({ length: CSV_MAX_ROWS + 1 }, (_, i) => `p${i}@example.com;P`)];
    expect(fileProblemOf(tooMany.join('\n'))).toEqual({
      code: 'CSV_TOO_MANY_ROWS',
      text: 'Die Datei enthält 10.001 Zeilen; höchstens 10.000 sind möglich. Bitte teilen Sie sie auf.',
    });
  });
});
