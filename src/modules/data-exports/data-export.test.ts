import { describe, expect, it } from 'vitest';
import { documentEntryNamesOf, exportFileNameOf, folderEntryNamesOf, stateOfExport } from './data-export.js';

const NOW = new Date('2026-11-24T10:00:00Z');
const row = (status: string, expiresAt: Date | null = null) => ({
  status,
  createdAt: new Date('2026-11-24T09:00:00Z'),
  expiresAt,
  downloadedAt: status === 'downloaded' ? NOW : null,
});

describe('data export rules', () => {
  it('names each document once inside dokumente/, without folders or characters Windows refuses', () => {
    expect(
      documentEntryNamesOf([
        { title: 'Police', contentType: 'application/pdf' },
        { title: 'police', contentType: 'application/pdf' },
        { title: '../../etc/passwd', contentType: 'text/plain' },
        { title: 'Rechnung: 03/2026 "final"?', contentType: 'image/jpeg' },
        { title: '', contentType: 'application/pdf' },
      ]),
    ).toEqual([
      'dokumente/Police.pdf',
      'dokumente/police (2).pdf',
      'dokumente/-..-etc-passwd.txt',
      'dokumente/Rechnung- 03-2026 -final--.jpg',
      'dokumente/Dokument.pdf',
    ]);
  });

  it('names folders and their files once each, without further folders or characters Windows refuses', () => {
    expect(
      folderEntryNamesOf('nachrichten', [
        { name: 'Umzug', files: ['Foto.jpg', 'foto.jpg'] },
        { name: 'umzug', files: ['Foto.jpg'] },
        { name: '../Kündigung: 2027?', files: ['a/b.pdf'] },
        { name: '', files: [] },
      ]),
    ).toEqual([
      ['nachrichten/Umzug/Foto.jpg', 'nachrichten/Umzug/foto (2).jpg'],
      ['nachrichten/umzug (2)/Foto.jpg'],
      ['nachrichten/-Kündigung- 2027-/a-b.pdf'],
      [],
    ]);
  });

  it("names the download after the person's day in Berlin", () => {
    expect(exportFileNameOf(new Date('2026-11-24T23:30:00Z'))).toBe('portico-daten-2026-11-25.zip');
  });

  it('shows a ready export whose link ran out as expired', () => {
    expect(stateOfExport(null, NOW)).toEqual({ kind: 'none' });
    expect(stateOfExport(row('pending'), NOW).kind).toBe('preparing');
    expect(stateOfExport(row('ready', new Date('2026-11-25T10:00:00Z')), NOW).kind).toBe('ready');
    expect(stateOfExport(row('ready', NOW), NOW).kind).toBe('expired');
    expect(stateOfExport(row('downloaded'), NOW)).toEqual({ kind: 'downloaded', downloadedAt: NOW });
    expect(stateOfExport(row('failed'), NOW).kind).toBe('failed');
  });
});
