#!/usr/bin/env node
// How fast the GDV reader turns a big "VU-Vermittler" file into portfolio items, and whether its memory
// stays flat: `node scripts/bench-gdv.js [records]` (default 200,000) after `npm run build`.
// Writes a file of that many 256-character records (per contract: 0100 ×2, 0200 ×2, 0210, 0220) to a
// temporary folder in ISO 8859-15, reads it from disk through dist/, and prints records/s and resident
// memory (RSS) sampled while reading, against the target of ≥ 20,000 records/s. See docs/gdv.md.
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const READER = join(ROOT, 'dist', 'modules', 'gdv', 'gdv-portfolio.js');
const RECORDS = Number.parseInt(process.argv[2] ?? '', 10) || 200_000;
const LINES_PER_CONTRACT = 6;
const TARGET_RECORDS_PER_SECOND = 20_000;
const RSS_SAMPLE_EVERY = 5_000;
const MIB = 1024 * 1024;

const log = (line) => process.stdout.write(`${line}\n`);
const fmt = (value) => value.toLocaleString('en-US');

function record(satzart, fields) {
  const characters = satzart.padEnd(256, ' ').split('');
  for (const [start, value] of fields) for (let index = 0; index < value.length; index += 1) characters[start - 1 + index] = value[index];
  return characters.join('');
}

const pad = (value, length) => String(value).padEnd(length, ' ').slice(0, length);
const zeros = (value, length) => String(value).padStart(length, '0').slice(-length);

function contractLines(index) {
  const vsnr = `HV${zeros(index, 9)}`.padStart(17, ' ');
  const key = (part) => [[5, pad('9999', 5)], [11, '030'], [14, vsnr], [31, '01'], [33, pad('GS01VM0001', 10)], [256, String(part)]];
  const premium = 1_000 + (index % 50_000);
  return {
    premium,
    lines: [
      record('0100', [
        ...key(1),
        [43, '2'],
        [44, pad(`Größer-Äßling ${index}`, 30)],
        [104, pad('Jürgen', 30)],
        [154, 'D  '],
        [157, '97070 '],
        [163, pad('Würzburg', 25)],
        [188, pad('Schönbornstraße 3', 30)],
        [226, '15031980'],
        [237, '01'],
      ]),
      record('0100', [...key(2), [60, pad(`K-${index}`, 17)]]),
      record('0200', [
        ...key(1),
        [43, '2'],
        [44, '01012024'],
        [52, '01012029'],
        [60, '01012025'],
        [68, '1'],
        [69, '1'],
        [113, 'EUR'],
        [116, zeros(premium, 12)],
      ]),
      record('0200', [...key(2), [72, zeros(premium + 190, 12)], [114, pad('PHV Komfort', 20)]]),
      record('0210', key(1)),
      record('0220', key(1)),
    ],
  };
}

async function writeFile(path, contracts) {
  const out = createWriteStream(path);
  const write = async (line) => {
    if (!out.write(Buffer.from(`${line}\r\n`, 'latin1'))) await once(out, 'drain');
  };
  await write(record('0001', [[5, pad('9999', 5)], [10, pad('Muster Versicherung AG', 30)], [70, '0101202431122024'], [256, '1']]));
  let total = 0;
  for (let index = 0; index < contracts; index += 1) {
    const { premium, lines } = contractLines(index);
    total += premium;
    for (const line of lines) await write(line);
  }
  await write(record('9999', [[5, zeros(contracts * LINES_PER_CONTRACT, 10)], [25, zeros(total, 15)]]));
  out.end();
  await once(out, 'finish');
}

async function main() {
  if (!existsSync(READER)) throw new Error('dist/ is missing: run `npm run build` first');
  const { readGdvPortfolio } = await import(READER);
  const contracts = Math.ceil(RECORDS / LINES_PER_CONTRACT);
  const folder = mkdtempSync(join(tmpdir(), 'portico-bench-gdv-'));
  const path = join(folder, 'bestand.gdv');
  try {
    await writeFile(path, contracts);
    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const samples = [];
    const counts = { customer: 0, contract: 0, error: 0 };
    let summary = null;
    const started = process.hrtime.bigint();
    for await (const event of readGdvPortfolio(createReadStream(path))) {
      if (event.kind === 'summary') summary = event.summary;
      else counts[event.kind] += 1;
      if ((counts.customer + counts.contract) % RSS_SAMPLE_EVERY === 0) samples.push(process.memoryUsage().rss);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const perSecond = summary.records / seconds;
    const peak = Math.max(rssBefore, ...samples);
    const tenth = samples[Math.floor(samples.length / 10)] ?? rssBefore;
    const size = `${(statSync(path).size / MIB).toFixed(1)} MiB`;
    log(`file: ${fmt(summary.records)} records (${size}), ${counts.customer} customers, ${counts.contract} contracts, ${counts.error} errors`);
    log(`read: ${seconds.toFixed(2)} s = ${fmt(Math.round(perSecond))} records/s (target ≥ ${fmt(TARGET_RECORDS_PER_SECOND)})`);
    log(`RSS: ${(rssBefore / MIB).toFixed(0)} MiB before, ${(tenth / MIB).toFixed(0)} MiB after a tenth, peak ${(peak / MIB).toFixed(0)} MiB while reading`);
    if (counts.error > 0) throw new Error('the generated file should read without errors');
    process.exitCode = perSecond >= TARGET_RECORDS_PER_SECOND ? 0 : 1;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
