import { describe, expect, it } from 'vitest';
import { CSV_MAX_BYTES, CSV_MAX_ROWS, parseInvitationCsv } from './invitation-csv.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const fileProblemOf = (text: string | Uint8Array) =>
  parseInvitationCsv(typeof text === 'string' ? bytes(text) : text).fileProblem?.text;

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
    expect(parsed.problems[1]!.message).toContain('Zeile 2');
    expect(parsed.problems[3]!.message).toContain('Chef');
  });

  it('refuses a whole file that is empty, too large, not UTF-8, broken, headless or too long', () => {
    expect(fileProblemOf('')).toBe('Die Datei ist leer.');
    expect(fileProblemOf(new Uint8Array(CSV_MAX_BYTES + 1))).toContain('zu groß');
    expect(fileProblemOf(new Uint8Array([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x0a, 0xc4, 0x0a]))).toContain('UTF-8');
    expect(fileProblemOf('email;name\n"offen;Name\n')).toContain('keine gültige CSV-Datei');
    expect(fileProblemOf('adresse;wer\nx@example.com;X\n')).toContain('Spaltennamen');
    expect(fileProblemOf('email;name\n')).toContain('nur die Kopfzeile');
    const tooMany = ['email;name', ...Array.from({ length: CSV_MAX_ROWS + 1 }, (_, i) => `p${i}@example.com;P`)];
    expect(fileProblemOf(tooMany.join('\n'))).toContain('höchstens');
  });
});
