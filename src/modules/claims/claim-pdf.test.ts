import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readPdf } from '../../../test/support/pdf-text.js';
import type { ClaimAnswers, ClaimRoute } from './claim.js';
import { renderClaimReport, type ClaimReportInput } from './claim-pdf.js';
import { toFontText } from './pdf-text.js';

const CREATED = new Date('2026-12-03T07:30:00Z');
const SUBMITTED = new Date('2026-12-03T09:05:00Z');

function input(route: ClaimRoute, answers: ClaimAnswers, change: Partial<ClaimReportInput> = {}): ClaimReportInput {
  return {
    broker: { name: 'Müller & Söhne Versicherungsmakler GmbH', color: '#8a1538', logo: null },
    claim: {
      route,
      status: 'submitted',
      answers,
      insurerClaimNumber: 'S-2026-4711',
      brokerClaimNumber: null,
      createdAt: CREATED,
      submittedAt: SUBMITTED,
    },
    contract: {
      insurerNumber: '5311',
      insurerName: 'Süddeutsche Versicherung AG',
      productName: 'Kfz-Haftpflicht Komfort',
      policyNumber: 'KFZ-4711',
      sparte: '051',
      sparteName: 'Kfz-Haftpflicht',
    },
    customerName: 'Jürgen Weiß (K1)',
    reporterName: 'Jürgen Weiß',
    attachments: [],
    generatedAt: new Date('2026-12-04T10:00:00Z'),
    ...change,
  };
}

const COMMON: ClaimAnswers = {
  loss: {
    date: '2026-12-02',
    time: '17:45',
    place: 'Kiel, Hafenstraße 3',
    description: 'Beim Ausparken übersehen.\nDie Stoßstange ist gebrochen.\nKosten laut Werkstatt: 1.250 €.',
    estimatedAmountCents: 125050,
  },
  circumstances: {
    policeInvolved: true,
    policeFileNumber: 'AZ 12/345',
    otherParties: 'Frau Özdemir, Halterin',
    witnesses: 'Herr Groß',
  },
  payout: { iban: 'DE89370400440532013000', accountHolder: 'Jürgen Weiß' },
  message: 'Bitte rufen Sie mich an.',
};

const COMMON_LABELS = [
  'Status',
  'Schadennummer des Versicherers',
  'Datum des Schadens',
  'Ort',
  'Was ist passiert?',
  'Geschätzte Schadenhöhe in Euro',
  'War die Polizei beteiligt?',
  'Aktenzeichen der Polizei',
  'Weitere Beteiligte',
  'Zeugen',
  'IBAN',
  'Kontoinhaber',
  'Nachricht an Ihren Makler',
];

/** The PDF's lines, page after page. */
async function linesOf(pdf: Uint8Array): Promise<string[]> {
  return (await readPdf(pdf)).pages.flatMap((page) => page.split('\n'));
}

/** A PNG, RGBA (transparency makes the PDF library decode it), of 2 × 2 pixels unless said, with the data given. */
function png(imageData: Buffer, side = 2): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    // The reader checks no checksums.
    return Buffer.concat([length, Buffer.from(type, 'latin1'), body, Buffer.alloc(4)]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', imageData),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const PIXELS = Buffer.from([0, 255, 0, 0, 255, 0, 0, 255, 128, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0]);

describe('the claim report PDF', () => {
  it('shows broker, contract, reporter and every answer of a motor claim with umlauts, € and line breaks', async () => {
    const answers: ClaimAnswers = {
      ...COMMON,
      details: {
        plate: 'KI-ÄB 123',
        driver: 'Jürgen Weiß',
        otherVehicle: 'HH-XY 9',
        otherInsurer: 'Nordstern AG',
        ownDamage: 'Stoßstange vorn',
        towed: false,
      },
    };
    const lines = await linesOf(await renderClaimReport(input('KFZ', answers)));
    const text = lines.join('\n');
    for (const label of [
      ...COMMON_LABELS,
      'Kennzeichen',
      'Fahrer oder Fahrerin',
      'Anderes Fahrzeug (Kennzeichen)',
      'Versicherer des anderen Fahrzeugs',
      'Schaden am eigenen Fahrzeug',
      'Wurde das Fahrzeug abgeschleppt?',
    ]) {
      expect(lines, label).toContain(label);
    }
    expect(lines[0]).toBe('Müller & Söhne Versicherungsmakler GmbH');
    for (const shown of [
      'Schadenmeldung',
      'Gemeldet am 03.12.2026, 10:05',
      'Süddeutsche Versicherung AG · VU-Nr. 5311',
      'Kfz-Haftpflicht Komfort',
      'KFZ-4711',
      'Kfz-Haftpflicht (051)',
      'Kraftfahrt',
      'Jürgen Weiß (K1)',
      '03.12.2026, 08:30',
      '02.12.2026, 17:45 Uhr',
      '1.250,50 €',
      'KI-ÄB 123',
      'Stoßstange vorn',
      'Frau Özdemir, Halterin',
      'DE89 3704 0044 0532 0130 00',
      'Keine Anhänge.',
    ]) {
      expect(text).toContain(shown);
    }
    // Each line of the description stays a line of its own.
    const first = lines.indexOf('Beim Ausparken übersehen.');
    expect(lines.slice(first, first + 3)).toEqual([
      'Beim Ausparken übersehen.',
      'Die Stoßstange ist gebrochen.',
      'Kosten laut Werkstatt: 1.250 €.',
    ]);
    expect(text).not.toContain('Hinweis: Einige Zeichen');
  });

  it('lists the questions of liability and property claims with their labels', async () => {
    const liability = await linesOf(
      await renderClaimReport(
        input('HPV', {
          ...COMMON,
          details: { injuredParty: 'Frau Ärger', relation: 'Nachbarin', damagedWhat: 'Ihr Fahrrad' },
        }),
      ),
    );
    for (const label of [
      ...COMMON_LABELS,
      'Geschädigte Person',
      'Ihre Beziehung zur geschädigten Person',
      'Was wurde beschädigt?',
    ]) {
      expect(liability, label).toContain(label);
    }
    const property = (
      await linesOf(
        await renderClaimReport(
          input('SACH', {
            ...COMMON,
            details: {
              items: [
                { description: 'Fernseher', ageYears: 3, valueCents: 89900 },
                { description: 'Sofa', ageYears: null, valueCents: null },
              ],
            },
          }),
        ),
      )
    ).join('\n');
    expect(property).toContain('Gegenstand 1\nFernseher · 3 Jahre · 899,00 €');
    expect(property).toContain('Gegenstand 2\nSofa');
    expect(property).toContain('Sachversicherung');
  });

  it('wraps a description of 5,000 characters over pages and lists the attachments after it', async () => {
    const sentence = 'Das Wasser lief über Nacht aus der Spülmaschine in die Küche ünd den Flur. ';
    const description = sentence
      .repeat(Math.ceil(5000 / sentence.length))
      .slice(0, 5000)
      .trim();
    const pdf = await renderClaimReport(
      input(
        'DEFAULT',
        { ...COMMON, loss: { ...COMMON.loss, description } as ClaimAnswers['loss'] },
        {
          attachments: [
            { name: 'Foto Küche.jpg', size: 2_400_000 },
            { name: 'Rechnung-Nr-17.pdf', size: 48_213 },
          ],
        },
      ),
    );
    const { pages } = await readPdf(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const pagesWithText = pages.filter((page) => page.includes('Spülmaschine'));
    expect(pagesWithText.length).toBeGreaterThanOrEqual(2);
    // Every word of the description is there, in order, whatever the lines and pages.
    const body = pages.join(' ').replace(/\s+/g, ' ');
    expect(body).toContain(description.replace(/\s+/g, ' ').slice(0, 200));
    expect(body.split('Spülmaschine').length - 1).toBe(description.split('Spülmaschine').length - 1);
    expect(body).toContain('Foto Küche.jpg (2,3 MB)');
    expect(body).toContain('Rechnung-Nr-17.pdf (47,1 KB)');
    expect(body.indexOf('Anhänge')).toBeGreaterThan(body.lastIndexOf('Spülmaschine'));
    expect(pages.at(-1)).toContain(`Seite ${pages.length} von ${pages.length}`);
  });

  it('shows an emoji and letters the font lacks as "?" or without their mark, and says so', async () => {
    const pdf = await renderClaimReport(
      input('DEFAULT', { ...COMMON, message: 'Danke 👍🏽! Грüße von Łukasz Doğan' }, { reporterName: 'Łukasz Doğan' }),
    );
    const text = (await readPdf(pdf)).pages.join('\n');
    expect(text).toContain('Danke ?! ??üße von Lukasz Dogan');
    expect(text).toContain('Lukasz Dogan');
    expect(text).toContain('Hinweis: Einige Zeichen kann die Schrift dieses PDFs nicht darstellen.');
  });

  it('draws a PNG logo, and shows the name alone for an SVG, a damaged PNG or one too big to draw quickly', async () => {
    const withLogo = await readPdf(
      await renderClaimReport(
        input('DEFAULT', COMMON, {
          broker: {
            name: 'Mustermakler',
            color: 'not a colour',
            logo: { contentType: 'image/png', data: png(deflateSync(PIXELS)) },
          },
        }),
      ),
    );
    expect(withLogo.imagesPerPage[0]).toBe(1);
    for (const logo of [
      { contentType: 'image/svg+xml', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') },
      { contentType: 'image/png', data: png(Buffer.from('not deflated at all')) },
      { contentType: 'image/png', data: png(deflateSync(Buffer.alloc(1001 * (1 + 1001 * 4))), 1001) },
    ]) {
      const shown = await readPdf(
        await renderClaimReport(input('DEFAULT', COMMON, { broker: { name: 'Mustermakler', color: null, logo } })),
      );
      expect(shown.imagesPerPage[0]).toBe(0);
      expect(shown.pages[0]?.split('\n')[0]).toBe('Mustermakler');
    }
  });

  it('marks a draft as a preview that is not reported yet, and keeps a long broker name whole in the header', async () => {
    const name = `Versicherungsmakler ${'Überlang '.repeat(12)}GmbH`;
    const draft = input('DEFAULT', { loss: COMMON.loss }, { broker: { name, color: null, logo: null } });
    draft.claim = { ...draft.claim, status: 'draft', submittedAt: null, insurerClaimNumber: null };
    const text = (await readPdf(await renderClaimReport(draft))).pages.join('\n');
    expect(text).toContain('Entwurf – Vorschau, noch nicht gemeldet');
    expect(text).not.toContain('Gemeldet am');
    expect(text.replace(/\n/g, ' ')).toContain(name);
    expect(text).toContain(`Schadenmeldung · ${name.slice(0, 59)}… · erstellt am 04.12.2026, 11:00 · Seite 1 von 1`);
  });
});

describe('text for the standard fonts', () => {
  it('keeps German text and line breaks as they are', () => {
    expect(toFontText('Größe: 3 €\r\n„Straße“ – Äpfel…')).toEqual({
      text: 'Größe: 3 €\n„Straße“ – Äpfel…',
      isChanged: false,
    });
  });

  it('writes letters without their mark, one "?" per emoji or other script character, and says it changed', () => {
    expect(toFontText('Łódź, İzmir, Škoda, 👨‍👩‍👧, Иван, 漢字')).toEqual({
      text: 'Lódz, Izmir, Škoda, ?, ????, ??',
      isChanged: true,
    });
  });

  it('takes look-alike spaces and dashes and drops invisible marks without a note', () => {
    expect(toFontText('10\u202f000\u2009m\u2011lang\u200b\tok')).toEqual({
      text: '10 000 m-lang    ok',
      isChanged: false,
    });
  });
});
