import { Readable } from 'node:stream';
import type { DocumentMetadata } from '../documents/document.js';

/** The demo broker's keywords: what "Standard" shows, and what a contract's page lists as important. */
export const DEMO_KEYWORDS: {
  keyword: string;
  isVisible: boolean;
  isImportant: boolean;
  explanation: string | null;
}[] = [
  { keyword: 'Police', isVisible: true, isImportant: true, explanation: 'Ihr Versicherungsschein' },
  { keyword: 'Nachtrag', isVisible: true, isImportant: false, explanation: null },
  { keyword: 'Beitragsrechnung', isVisible: true, isImportant: true, explanation: 'Die letzte Beitragsrechnung' },
  { keyword: 'Information', isVisible: true, isImportant: false, explanation: null },
  { keyword: 'Intern', isVisible: false, isImportant: false, explanation: null },
];

/** Max's documents: the household policy, its latest premium invoice, and a letter without a contract. */
export const DEMO_DOCUMENTS: { metadata: DocumentMetadata; lines: string[] }[] = [
  {
    metadata: {
      customerNumber: '100234',
      contract: { insurerNumber: '5312', sparte: '130', policyNumber: 'HR4711001' },
      title: 'Police Hausrat Komfort',
      keywords: ['Police'],
      documentDate: '2025-07-01',
      direction: 'from_broker',
    },
    lines: ['Versicherungsschein Hausrat Komfort', 'Versicherungsnummer HR4711001', 'Max Mustermann'],
  },
  {
    metadata: {
      customerNumber: '100234',
      contract: { insurerNumber: '5312', sparte: '130', policyNumber: 'HR4711001' },
      title: 'Beitragsrechnung 2026 Hausrat',
      keywords: ['Beitragsrechnung'],
      documentDate: '2026-06-01',
      direction: 'from_broker',
    },
    lines: ['Beitragsrechnung 2026', 'Hausrat Komfort, HR4711001', 'Jahresbeitrag 189,00 EUR'],
  },
  {
    metadata: {
      customerNumber: '100234',
      contract: null,
      title: 'Willkommen im Kundenportal',
      keywords: ['Information'],
      documentDate: '2026-11-01',
      direction: 'from_broker',
    },
    lines: ['Willkommen im Kundenportal der Mustermakler GmbH', 'Hier finden Sie Ihre Vertragsunterlagen.'],
  },
];

/** A small one-page PDF showing the lines (ASCII only), so the demo's downloads open in any viewer. */
export function demoPdf(lines: readonly string[]): Readable {
  const text = lines
    .map((line, index) => `BT /F1 14 Tf 72 ${String(760 - index * 24)} Td (${line.replace(/[()\\]/g, '')}) Tj ET`)
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${String(Buffer.byteLength(text, 'latin1'))} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${String(index + 1)} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${String(objects.length + 1)}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${String(objects.length + 1)} /Root 1 0 R >>\nstartxref\n${String(xref)}\n%%EOF\n`;
  return Readable.from([Buffer.from(body, 'latin1')]);
}
