#!/usr/bin/env node
// How fast the GDV reader turns a big "VU-Vermittler" file into portfolio items, and whether its memory
// stays flat: `node scripts/bench-gdv.js [records]` (default 200,000) after `npm run build`.
// Writes a file of that many 256-character records (per contract: 0100 ×2, 0200 ×2, 0210, 0220) to a
// temporary folder in ISO 8859-15, reads it from disk through dist/, and prints records/s and resident
// memory (RSS) sampled while reading, against the target of ≥ 20,000 records/s. See docs/gdv.md.
// `node scripts/bench-gdv.js [records] --import` measures the whole `portico import gdv` instead: the CLI as
// an operator runs it, into a fresh embedded database (PGlite) in a temporary data folder, with its RSS
// sampled from /proc while it runs and its peak (VmHWM) at the end; with `--cpu-prof` the import process writes
// a CPU profile into the current folder, to see where its time goes.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, PROFILE_FLAGS, ROOT, cpuSecondsOf, fmt, readStatusKb, runCli } from './bench-support.js';

const READER = join(ROOT, 'dist', 'modules', 'gdv', 'gdv-portfolio.js');
const IS_IMPORT = process.argv.includes('--import');
const RECORDS =
  Number.parseInt(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? '', 10) || (IS_IMPORT ? 100_000 : 200_000);
const LINES_PER_CONTRACT = 6;
const TARGET_RECORDS_PER_SECOND = 20_000;
const RSS_SAMPLE_EVERY = 5_000;
const MIB = 1024 * 1024;

const log = (line) => process.stdout.write(`${line}\n`);

function record(satzart, fields) {
  const characters = satzart.padEnd(256, ' ').split('');
  for (const [start, value] of fields)
    for (let index = 0; index < value.length; index += 1) characters[start - 1 + index] = value[index];
  return characters.join('');
}

const pad = (value, length) => String(value).padEnd(length, ' ').slice(0, length);
const zeros = (value, length) => String(value).padStart(length, '0').slice(-length);

function contractLines(index) {
  const vsnr = `HV${zeros(index, 9)}`.padStart(17, ' ');
  const key = (part) => [
    [5, pad('9999', 5)],
    [11, '030'],
    [14, vsnr],
    [31, '01'],
    [33, pad('GS01VM0001', 10)],
    [256, String(part)],
  ];
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
  await write(
    record('0001', [
      [5, pad('9999', 5)],
      [10, pad('Muster Versicherung AG', 30)],
      [70, '0101202431122024'],
      [256, '1'],
    ]),
  );
  let total = 0;
  for (let index = 0; index < contracts; index += 1) {
    const { premium, lines } = contractLines(index);
    total += premium;
    for (const line of lines) await write(line);
  }
  await write(
    record('9999', [
      [5, zeros(contracts * LINES_PER_CONTRACT, 10)],
      [25, zeros(total, 15)],
    ]),
  );
  out.end();
  await once(out, 'finish');
}

/** RSS, its peak and the CPU seconds of all its threads so far; null once the process has gone. */
function statusOf(pid) {
  try {
    const status = {
      rss: readStatusKb(pid, 'VmRSS') * 1024,
      peak: readStatusKb(pid, 'VmHWM') * 1024,
      cpuSeconds: cpuSecondsOf(pid),
    };
    // A process that has ended but not yet been reaped still has a status, without its memory's lines.
    return Number.isNaN(status.rss) || Number.isNaN(status.peak) ? null : status;
  } catch {
    return null;
  }
}

/** The CLI into a fresh data folder: `tenant create` (which migrates), then the timed `import gdv`. */
async function measureImport(folder, path) {
  const env = {
    PATH: process.env.PATH ?? '',
    DATA_DIR: join(folder, 'data'),
    PLATFORM_URL: 'http://localhost:3999',
    LOG_LEVEL: 'warn',
  };
  await runCli(['tenant', 'create', '--slug', 'bench', '--name', 'Bench Makler', '--host', 'bench.localhost'], env);
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...PROFILE_FLAGS, CLI, 'import', 'gdv', '--tenant', 'bench', path], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const samples = [];
  let last = null;
  const timer = setInterval(() => {
    const status = statusOf(child.pid);
    if (status !== null) samples.push((last = status).rss);
  }, 100);
  const [code] = await once(child, 'exit');
  clearInterval(timer);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`import gdv exited with ${code}: ${stderr}`);
  return {
    seconds,
    stdout: stdout.trim(),
    samples,
    peak: Math.max(last?.peak ?? 0, ...samples),
    cpuSeconds: last?.cpuSeconds ?? Number.NaN,
  };
}

async function mainImport() {
  if (!existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` first');
  const contracts = Math.ceil(RECORDS / LINES_PER_CONTRACT);
  const folder = mkdtempSync(join(tmpdir(), 'portico-bench-gdv-import-'));
  const path = join(folder, 'bestand.gdv');
  try {
    await writeFile(path, contracts);
    const records = contracts * LINES_PER_CONTRACT + 2;
    const loadBefore = loadavg()[0];
    const { seconds, stdout, samples, peak, cpuSeconds } = await measureImport(folder, path);
    const perSecond = records / seconds;
    const importSeconds = Number(/ in ([0-9.]+) s:/.exec(stdout)?.[1] ?? Number.NaN);
    const tenth = samples[Math.floor(samples.length / 10)] ?? 0;
    const half = samples[Math.floor(samples.length / 2)] ?? 0;
    log(
      `file: ${fmt(records)} records (${(statSync(path).size / MIB).toFixed(1)} MiB), ${fmt(contracts)} ` +
        `customers and contracts`,
    );
    log(stdout);
    log(
      `import (process start to exit, embedded database): ${seconds.toFixed(2)} s = ` +
        `${fmt(Math.round(perSecond))} records/s ` +
        `(target ≥ ${fmt(TARGET_RECORDS_PER_SECOND)})`,
    );
    log(
      `of which reading and writing (the database open): ${importSeconds.toFixed(1)} s = ` +
        `${fmt(Math.round(records / importSeconds))} records/s; ` +
        `opening and closing the embedded database ${(seconds - importSeconds).toFixed(1)} s`,
    );
    const mib = (bytes) => `${(bytes / MIB).toFixed(0)} MiB`;
    log(`RSS of the import process: ${mib(tenth)} after a tenth, ${mib(half)} at half, peak ${mib(peak)}`);
    // On a busy machine the wall time says more about the others than about the import; its own CPU time does not.
    log(
      `CPU time of the import process (sampled every 0.1 s): ${cpuSeconds.toFixed(1)} s = ` +
        `${fmt(Math.round(records / cpuSeconds))} records per CPU second; ` +
        `load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`,
    );
    process.exitCode = perSecond >= TARGET_RECORDS_PER_SECOND ? 0 : 1;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
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
    log(
      `file: ${fmt(summary.records)} records (${size}), ${counts.customer} customers, ${counts.contract} ` +
        `contracts, ${counts.error} errors`,
    );
    log(
      `read: ${seconds.toFixed(2)} s = ${fmt(Math.round(perSecond))} records/s (target ≥ ` +
        `${fmt(TARGET_RECORDS_PER_SECOND)})`,
    );
    log(
      `RSS: ${(rssBefore / MIB).toFixed(0)} MiB before, ${(tenth / MIB).toFixed(0)} MiB after a tenth, peak ` +
        `${(peak / MIB).toFixed(0)} MiB while reading`,
    );
    if (counts.error > 0) throw new Error('the generated file should read without errors');
    process.exitCode = perSecond >= TARGET_RECORDS_PER_SECOND ? 0 : 1;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

await (IS_IMPORT ? mainImport() : main());
