#!/usr/bin/env node
// The claim report PDF: `node scripts/bench-claims-pdf.js` (and row 19 of `npm run bench`).
// Renders "Schadenmeldung.pdf" of a typical full claim in this one process with the renderer from dist/ (the same
// code the routes call, without database or HTTP): a motor claim with every step answered, a description of about
// 1,200 characters with line breaks, a 400 × 120 px PNG logo with transparency, three attachments. 20 renders to
// warm up, then one after another for SECONDS: claims/s, ms per claim and this process's CPU per claim.
// Needs a built dist/ (`npm run build`). Also usable from another script:
// `import { runClaimsPdfBench } from './bench-claims-pdf.js'`.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import { ROOT, fail, fmt, log, otherLoadWindow, percentile } from './bench-support.js';

export const TARGET_CLAIMS_PER_SECOND = 20;
const WARMUP_RENDERS = 20;
const SECONDS = 5;

/** A PNG as a broker's logo is: RGBA, 400 × 120 px, a coloured band and a transparent edge. */
function logoPng(width = 400, height = 120) {
  const rows = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 4);
    for (let x = 0; x < width; x += 1) {
      const isEdge = x < 8 || x >= width - 8 || y < 8 || y >= height - 8;
      row.set([31 + (x % 64), 78, 121 + (y % 64), isEdge ? 0 : 255], 1 + x * 4);
    }
    rows.push(row);
  }
  const chunk = (type, body) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
    const checksum = Buffer.alloc(4);
    checksum.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, checksum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function typicalClaim() {
  const description = [
    'Am Abend beim Ausparken auf dem Parkplatz des Supermarkts habe ich das hinter mir stehende Fahrzeug übersehen.',
    'Dabei ist meine hintere Stoßstange gebrochen, am anderen Fahrzeug ist der vordere Kotflügel eingedrückt.',
    '',
    'Die Halterin des anderen Fahrzeugs, Frau Özdemir, war vor Ort; wir haben Namen, Anschriften und Versicherer',
    'ausgetauscht. Eine Werkstatt in Kiel schätzt die Reparatur an meinem Wagen auf etwa 1.250 €, ein Gutachten',
    'liegt noch nicht vor. Fotos von beiden Fahrzeugen und die Skizze der Parksituation lege ich bei.',
    '',
    'Verletzt wurde niemand. Das Fahrzeug ist fahrbereit, musste also nicht abgeschleppt werden. Die Polizei',
    'wurde nicht gerufen, weil beide Seiten den Hergang gleich schildern. Bitte teilen Sie mir mit, ob Sie noch',
    'weitere Unterlagen brauchen, und ob ich die Reparatur schon in Auftrag geben darf.',
  ].join('\n');
  return {
    broker: {
      name: 'Mustermakler GmbH & Co. KG',
      color: '#1f4e79',
      logo: { contentType: 'image/png', data: logoPng() },
    },
    claim: {
      route: 'KFZ',
      status: 'submitted',
      insurerClaimNumber: null,
      brokerClaimNumber: null,
      createdAt: new Date('2026-12-03T07:30:00Z'),
      submittedAt: new Date('2026-12-03T09:05:00Z'),
      answers: {
        loss: {
          date: '2026-12-02',
          time: '17:45',
          place: 'Kiel, Parkplatz Hafenstraße 3',
          description,
          estimatedAmountCents: 125050,
        },
        circumstances: {
          policeInvolved: false,
          policeFileNumber: null,
          otherParties: 'Frau Ayşe Özdemir, Halterin des anderen Fahrzeugs, Nordstern Versicherung AG',
          witnesses: 'Herr Groß, Kassierer des Supermarkts',
        },
        details: {
          plate: 'KI-AB 123',
          driver: 'Jürgen Weiß',
          otherVehicle: 'KI-XY 987',
          otherInsurer: 'Nordstern Versicherung AG',
          ownDamage: 'Hintere Stoßstange gebrochen, Rückleuchte links gesprungen.',
          towed: false,
        },
        payout: { iban: 'DE89370400440532013000', accountHolder: 'Jürgen Weiß' },
        message: 'Bitte rufen Sie mich nach 17 Uhr an.',
      },
    },
    contract: {
      insurerNumber: '5311',
      insurerName: 'Süddeutsche Versicherung AG',
      productName: 'Kfz-Haftpflicht Komfort',
      policyNumber: 'KFZ4711',
      sparte: '051',
      sparteName: 'Kfz-Haftpflicht',
    },
    customerName: 'Jürgen Weiß (K-1001)',
    reporterName: 'Jürgen Weiß',
    attachments: [
      { name: 'Foto Heck.jpg', size: 2_457_600 },
      { name: 'Foto anderes Fahrzeug.jpg', size: 2_203_648 },
      { name: 'Skizze.pdf', size: 48_213 },
    ],
    generatedAt: new Date('2026-12-04T10:00:00Z'),
  };
}

/** Renders for `seconds` one after another; claims/s, ms each, CPU per claim, other processes' load. */
export async function runClaimsPdfBench(options = {}) {
  const modulePath = join(ROOT, 'dist', 'modules', 'claims', 'claim-pdf.js');
  if (!existsSync(modulePath)) fail('dist/ is missing: run `npm run build` first');
  const { renderClaimReport } = await import(modulePath);
  const seconds = options.seconds ?? SECONDS;
  const input = typicalClaim();
  let bytes = 0;
  for (let index = 0; index < WARMUP_RENDERS; index += 1) {
    bytes = (await renderClaimReport(input)).byteLength;
  }
  const others = otherLoadWindow(null);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const durations = [];
  while (performance.now() - started < seconds * 1000) {
    const begun = performance.now();
    await renderClaimReport(input);
    durations.push(performance.now() - begun);
  }
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  durations.sort((a, b) => a - b);
  return {
    claimsPerSecond: durations.length / elapsed,
    renders: durations.length,
    seconds: elapsed,
    p50Ms: percentile(durations, 0.5),
    p99Ms: percentile(durations, 0.99),
    cpuMsEach: (used.user + used.system) / 1000 / Math.max(1, durations.length),
    pdfBytes: bytes,
    otherCores: others(),
    loadAverage: loadavg()[0],
  };
}

/** The row of the benchmark's table. */
export function claimsPdfRow(result) {
  const isMet = result.claimsPerSecond >= TARGET_CLAIMS_PER_SECOND;
  return [
    '19. Claim report PDF (Schadenmeldung.pdf of a typical full claim, one process, one after another)',
    `${fmt(result.claimsPerSecond, 1)} claims/s (${fmt(result.cpuMsEach, 1)} ms CPU each)`,
    `≥ ${TARGET_CLAIMS_PER_SECOND} /s`,
    isMet ? 'met' : '**missed**',
  ];
}

export function claimsPdfDetail(result) {
  return (
    `- claim report PDF: ${result.renders} renders in ${fmt(result.seconds, 1)} s, p50 ${fmt(result.p50Ms, 1)} ms, ` +
    `p99 ${fmt(result.p99Ms, 1)} ms, ${fmt(result.cpuMsEach, 1)} ms CPU each, ${fmt(result.pdfBytes / 1024, 1)} KiB ` +
    `per PDF; other processes ${fmt(result.otherCores, 2)} cores; load average ${fmt(result.loadAverage, 2)}`
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  log(`Claim report PDF, ${WARMUP_RENDERS} renders to warm up, then ${SECONDS} s …`);
  const result = await runClaimsPdfBench();
  const row = claimsPdfRow(result);
  process.stdout.write(
    `\n| Measure | Result | Target | |\n| --- | --- | --- | --- |\n| ${row.join(' | ')} |\n\n` +
      `${claimsPdfDetail(result)}\n`,
  );
}
