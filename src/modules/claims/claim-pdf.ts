import { translatorFor } from '../../shared/i18n/translator.js';
import type { ClaimRoute, ClaimView } from './claim.js';
import { claimAnswerEntries } from './claim-labels.js';
import { pdfLogoOf } from './pdf-logo.js';
import { toFontText } from './pdf-text.js';

/** The name the PDF is offered under. */
export const CLAIM_REPORT_FILE_NAME = 'Schadenmeldung.pdf';

export interface ClaimReportAttachment {
  name: string;
  /** In bytes. */
  size: number;
}

/** Everything the claim report shows; the renderer reads nothing else. */
export interface ClaimReportInput {
  broker: {
    name: string;
    /** "#rrggbb"; anything else is drawn in the portal's default colour. */
    color: string | null;
    /** The tenant's logo; PNG and JPEG are drawn, any other type (SVG) leaves the broker's name alone. */
    logo: { contentType: string; data: Uint8Array } | null;
  };
  claim: Pick<
    ClaimView,
    'route' | 'status' | 'answers' | 'insurerClaimNumber' | 'brokerClaimNumber' | 'createdAt' | 'submittedAt'
  >;
  contract: {
    insurerNumber: string;
    insurerName: string | null;
    productName: string | null;
    policyNumber: string;
    sparte: string;
    sparteName: string;
  } | null;
  customerName: string | null;
  reporterName: string | null;
  attachments: readonly ClaimReportAttachment[];
  /** When the PDF is made: its creation date and the footer's. */
  generatedAt: Date;
}

const ROUTE_NAMES: Readonly<Record<ClaimRoute, string>> = {
  HPV: 'Haftpflicht',
  KFZ: 'Kraftfahrt',
  SACH: 'Sachversicherung',
  TECH: 'Technische Versicherung',
  TRANS: 'Transport',
  DEFAULT: 'Allgemeine Schadenmeldung',
};

const DEFAULT_COLOR = '#1f4e79';
const TEXT_COLOR = '#1a1a1a';
const LABEL_COLOR = '#555555';
const MARGIN = 56;
const FOOTER_SPACE = 64;
const LOGO_BOX: [number, number] = [180, 56];
const FOOTER_NAME_LENGTH = 60;
const german = translatorFor('de');
const euroFormat = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
const sizeFormat = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });

const CHANGED_NOTE =
  'Hinweis: Einige Zeichen kann die Schrift dieses PDFs nicht darstellen. Sie sind vereinfacht (Buchstaben ohne ' +
  'ihr Akzentzeichen) oder durch „?“ ersetzt. Im Portal stehen die Angaben vollständig.';

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} Byte`;
  if (bytes < 1024 * 1024) return `${sizeFormat.format(bytes / 1024)} KB`;
  return `${sizeFormat.format(bytes / 1024 / 1024)} MB`;
}

/** "2026-12-03", "08:15" → "03.12.2026, 08:15 Uhr". */
function lossMomentText(date: string, time: string): string {
  const [year, month, day] = date.split('-');
  return `${day ?? ''}.${month ?? ''}.${year ?? ''}, ${time} Uhr`;
}

/**
 * The claim report "Schadenmeldung.pdf": broker, contract, reporter, every answer, the attachments, on A4. PDFKit
 * is loaded with the first report: every process start (each command of the CLI) would otherwise pay for it.
 */
export async function renderClaimReport(input: ClaimReportInput): Promise<Buffer<ArrayBuffer>> {
  const { default: PDFDocument } = await import('pdfkit');
  const color = /^#[0-9a-f]{6}$/i.test(input.broker.color ?? '')
    ? (input.broker.color ?? DEFAULT_COLOR)
    : DEFAULT_COLOR;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: FOOTER_SPACE },
    bufferPages: true,
    info: {
      Title: 'Schadenmeldung',
      Author: input.broker.name,
      Creator: 'Portico',
      CreationDate: input.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer<ArrayBuffer>>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const changes = { hasChangedText: false };
  const fontText = (text: string): string => {
    const shown = toFontText(text);
    changes.hasChangedText ||= shown.isChanged;
    return shown.text;
  };
  const width = doc.page.width - 2 * MARGIN;
  const bottomOf = () => doc.page.height - doc.page.margins.bottom;
  /** Starts a new page unless `space` points still fit, so a label never stands alone at a page's foot. */
  const keepTogether = (space: number) => {
    if (doc.y + space > bottomOf()) doc.addPage();
  };

  const heading = (text: string) => {
    doc.moveDown(0.8);
    keepTogether(48);
    doc.font('Helvetica-Bold').fontSize(12.5).fillColor(color).text(fontText(text), MARGIN, doc.y, { width });
    doc.moveDown(0.3);
  };
  const field = (label: string, value: string) => {
    keepTogether(32);
    doc.font('Helvetica-Bold').fontSize(8.5).fillColor(LABEL_COLOR).text(fontText(label), MARGIN, doc.y, { width });
    doc
      .font('Helvetica')
      .fontSize(10.5)
      .fillColor(TEXT_COLOR)
      .text(fontText(value), MARGIN, doc.y, { width, lineGap: 1.5 });
    doc.moveDown(0.45);
  };

  drawHeader(doc, input, color, fontText);
  const { claim, contract } = input;
  doc.font('Helvetica-Bold').fontSize(20).fillColor(TEXT_COLOR).text('Schadenmeldung', MARGIN, doc.y, { width });
  doc
    .font('Helvetica')
    .fontSize(10.5)
    .fillColor(LABEL_COLOR)
    .text(
      claim.status === 'draft'
        ? 'Entwurf – Vorschau, noch nicht gemeldet'
        : `Gemeldet am ${german.dateTime(claim.submittedAt ?? claim.createdAt)}`,
      { width },
    );

  heading('Vertrag');
  if (input.customerName !== null) field('Versicherungsnehmer', input.customerName);
  if (contract !== null) {
    field('Versicherer', [contract.insurerName, `VU-Nr. ${contract.insurerNumber}`].filter(Boolean).join(' · '));
    field('Produkt', contract.productName ?? contract.sparteName);
    field('Versicherungsscheinnummer', contract.policyNumber);
    field('Sparte', `${contract.sparteName} (${contract.sparte})`);
  } else {
    field('Vertrag', 'Kein Vertrag angegeben');
  }
  field('Schadenart', ROUTE_NAMES[claim.route]);

  heading('Meldung');
  if (input.reporterName !== null) field('Gemeldet von', input.reporterName);
  field('Angelegt am', german.dateTime(claim.createdAt));
  if (claim.submittedAt !== null) field('Gemeldet am', german.dateTime(claim.submittedAt));

  heading('Angaben zum Schaden');
  const entries = claimAnswerEntries(claim, german, {
    euro: (cents) => euroFormat.format(cents / 100),
    lossMoment: lossMomentText,
  });
  for (const entry of entries) field(entry.label, entry.value);

  heading('Anhänge');
  doc.font('Helvetica').fontSize(10.5).fillColor(TEXT_COLOR);
  if (input.attachments.length === 0) {
    doc.text('Keine Anhänge.', MARGIN, doc.y, { width });
  }
  for (const attachment of input.attachments) {
    keepTogether(16);
    doc.text(`•  ${fontText(attachment.name)} (${sizeText(attachment.size)})`, MARGIN, doc.y, { width, indent: 0 });
  }

  if (changes.hasChangedText) {
    doc.moveDown(1.2);
    keepTogether(40);
    doc.font('Helvetica-Oblique').fontSize(9).fillColor(LABEL_COLOR).text(CHANGED_NOTE, MARGIN, doc.y, { width });
  }
  // The footer is one line: a long broker name is cut there (the header shows it whole).
  const brokerName = Array.from(fontText(input.broker.name));
  const shortName =
    brokerName.length > FOOTER_NAME_LENGTH
      ? `${brokerName.slice(0, FOOTER_NAME_LENGTH - 1).join('')}…`
      : brokerName.join('');
  drawFooters(doc, `Schadenmeldung · ${shortName} · erstellt am ${german.dateTime(input.generatedAt)}`);
  doc.end();
  return finished;
}

function drawHeader(
  doc: PDFKit.PDFDocument,
  input: ClaimReportInput,
  color: string,
  fontText: (text: string) => string,
): void {
  const top = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const logo = pdfLogoOf(input.broker.logo);
  let hasLogo = false;
  if (logo !== null) {
    try {
      doc.image(logo.data, MARGIN, top, { fit: LOGO_BOX });
      hasLogo = true;
    } catch {
      // A logo the PDF library cannot read leaves the broker's name alone, as an SVG logo does.
    }
  }
  const name = fontText(input.broker.name);
  if (hasLogo) {
    doc
      .font('Helvetica-Bold')
      .fontSize(10.5)
      .fillColor(TEXT_COLOR)
      .text(name, MARGIN + LOGO_BOX[0] + 16, top, { width: width - LOGO_BOX[0] - 16, align: 'right' });
  } else {
    doc
      .font('Helvetica-Bold')
      .fontSize(16)
      .fillColor(color)
      .text(name, MARGIN, top + 12, { width });
  }
  const ruleY = Math.max(top + LOGO_BOX[1] + 8, doc.y + 8);
  doc
    .moveTo(MARGIN, ruleY)
    .lineTo(MARGIN + width, ruleY)
    .lineWidth(1.5)
    .strokeColor(color)
    .stroke();
  doc.y = ruleY + 18;
}

function drawFooters(doc: PDFKit.PDFDocument, text: string): void {
  const range = doc.bufferedPageRange();
  const width = doc.page.width - 2 * MARGIN;
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    // Writing below the bottom margin would start a new page; the footer lives there, so the margin goes for it.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(LABEL_COLOR)
      .text(`${text} · Seite ${index + 1} von ${range.count}`, MARGIN, doc.page.height - 40, {
        width,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}
