import { describe, expect, it } from 'vitest';
import { contentDispositionOf, DEFAULT_FILE_NAME, MAX_FILE_NAME_LENGTH, safeFileName } from './file-name.js';

const codePoints = (text: string) => Array.from(text).length;

describe('safeFileName', () => {
  it.each([
    ['Police 2026.pdf', 'Police 2026.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\Windows\\system32\\drivers.sys', 'drivers.sys'],
    ['C:\\Users\\Anna\\Desktop\\Schaden.jpg', 'Schaden.jpg'],
    ['/var/tmp/../Foto.png', 'Foto.png'],
    ['..', DEFAULT_FILE_NAME],
    ['../', DEFAULT_FILE_NAME],
    ['', DEFAULT_FILE_NAME],
    ['   ', DEFAULT_FILE_NAME],
    ['.pdf', `${DEFAULT_FILE_NAME}.pdf`],
    ['Rechnung\u0000.pdf.exe', 'Rechnung.pdf.exe'],
    ['Ver\u0007trag\r\n.pdf', 'Vertrag.pdf'],
    ['Foto\u202Egpj.exe', 'Fotogpj.exe'],
    ['  Schaden   vom\tMontag .pdf ', 'Schaden vom Montag.pdf'],
    ['Name.', 'Name'],
    ['.versteckt', `${DEFAULT_FILE_NAME}.versteckt`],
    ['Müller Kfz-Police.pdf', 'Müller Kfz-Police.pdf'],
    ['Mu\u0308ller.pdf', 'Müller.pdf'],
    ['Police "Kfz" 2026.pdf', 'Police "Kfz" 2026.pdf'],
    ['Urlaub 🏖️ mit 👨‍👩‍👧.heic', 'Urlaub 🏖️ mit 👨‍👩‍👧.heic'],
  ])('makes %j into %j', (name, expected) => {
    expect(safeFileName(name)).toBe(expected);
  });

  it('cuts a long name to 150 characters and keeps its extension', () => {
    const safe = safeFileName(`${'a'.repeat(300)}.pdf`);
    expect(safe).toBe(`${'a'.repeat(MAX_FILE_NAME_LENGTH - 4)}.pdf`);
    expect(codePoints(safe)).toBe(MAX_FILE_NAME_LENGTH);
    expect(safeFileName('ü'.repeat(300))).toBe('ü'.repeat(MAX_FILE_NAME_LENGTH));
  });

  it('never cuts a character in half, also not an emoji of several code points', () => {
    const family = '👨‍👩‍👧'; // five code points, one character as read
    const safe = safeFileName(`${family.repeat(40)}.jpg`);
    expect(codePoints(safe)).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH);
    expect(safe).toBe(`${family.repeat(29)}.jpg`);
    expect(safeFileName(`${'x'.repeat(145)}😀😀.pdf`)).toBe(`${'x'.repeat(145)}😀.pdf`);
  });

  it('keeps only a short extension of letters and digits as one', () => {
    expect(safeFileName(`${'b'.repeat(200)}.not an extension`)).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(safeFileName(`${'b'.repeat(200)}.tar`).endsWith('.tar')).toBe(true);
  });
});

describe('contentDispositionOf', () => {
  it.each([
    ['Police.pdf', 'attachment', 'attachment; filename="Police.pdf"'],
    ['Police.pdf', 'inline', 'inline; filename="Police.pdf"'],
    [
      'Müller Schaden.jpg',
      'attachment',
      `attachment; filename="Mueller Schaden.jpg"; filename*=UTF-8''M%C3%BCller%20Schaden.jpg`,
    ],
    ['Straße.pdf', 'inline', `inline; filename="Strasse.pdf"; filename*=UTF-8''Stra%C3%9Fe.pdf`],
    ['Café.png', 'attachment', `attachment; filename="Cafe.png"; filename*=UTF-8''Caf%C3%A9.png`],
    [
      'Police "Kfz" (2026).pdf',
      'attachment',
      `attachment; filename="Police _Kfz_ (2026).pdf"; filename*=UTF-8''Police%20%22Kfz%22%20%282026%29.pdf`,
    ],
    [
      "O'Brien 100%.pdf",
      'attachment',
      `attachment; filename="O'Brien 100_.pdf"; filename*=UTF-8''O%27Brien%20100%25.pdf`,
    ],
    ['Urlaub 🏖.jpg', 'inline', `inline; filename="Urlaub _.jpg"; filename*=UTF-8''Urlaub%20%F0%9F%8F%96.jpg`],
    ['../../geheim\u0000.pdf', 'attachment', 'attachment; filename="geheim.pdf"'],
    ['a\\b.pdf', 'attachment', 'attachment; filename="b.pdf"'],
    ['Zeile\r\nSet-Cookie: x=1.pdf', 'attachment', 'attachment; filename="Zeile Set-Cookie: x=1.pdf"'],
    ['', 'attachment', `attachment; filename="${DEFAULT_FILE_NAME}"`],
  ] as const)('sends %j as %s with %s', (name, disposition, expected) => {
    expect(contentDispositionOf(name, disposition)).toBe(expected);
  });

  it('is a valid header value: printable ASCII only, whatever the name', () => {
    for (const name of ['Ärger\u0085.pdf', '文件.pdf', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢.tif', `${'ö'.repeat(300)}.pdf`, '\u202Efdp.exe']) {
      expect(contentDispositionOf(name, 'attachment')).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  it('gives back the kept name through filename*', () => {
    const name = 'Schadensmeldung Müller – Foto 😀 (1).heic';
    const header = contentDispositionOf(name, 'attachment');
    const extended = /filename\*=UTF-8''(.+)$/.exec(header)?.[1] ?? '';
    expect(decodeURIComponent(extended)).toBe(safeFileName(name));
    expect(extended).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
  });
});
