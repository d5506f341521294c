import { stat } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { writeGdvBatches, type GdvImportCounts, type GdvImportProblem } from '../modules/gdv/gdv-import-service.js';
import type { GdvCharset } from '../modules/gdv/gdv-records.js';
import { AppError } from '../shared/errors.js';
import { exitWithError, loadCliConfig } from './cli-environment.js';
import { openGdvBatchWriter, type GdvBatchWriter } from './gdv-batch-writer.js';
import { startGdvReadThread, type GdvReadThread, type GdvThreadPayload } from './gdv-read-thread.js';

const BAR_WIDTH = 30;

/**
 * Up to this size (about 190,000 records) an import runs the embedded database's WebAssembly with V8's baseline
 * compiler only, as every short command does (run-command.ts): optimising its hot functions costs CPU on both cores
 * that a run of a few seconds does not earn back. Process start to exit, baseline only against with the optimiser: a
 * file of one contract 0.7–0.9 against 1.1–1.3 s; 100,004 records (26 MB) 3.9–4.8 against 4.1–5.1 s, faster in every
 * alternated pair, with a sixth less CPU and 60–80 MiB less memory; 200,004 records (52 MB) and 250,002 (65 MB) about
 * even; 300,002 records (77 MB) 9.4–11.3 against 8.6–10.6 s, where the optimiser pays off.
 */
const BASELINE_ONLY_MAX_BYTES = 48 * 1024 * 1024;

/** A bar on a terminal, redrawn in place; elsewhere (a log, CI) a line every tenth of the file. */
function createProgress(totalBytes: number): { update(bytes: number, counts: GdvImportCounts): void; end(): void } {
  const isTerminal = process.stderr.isTTY;
  let lastTenth = 0;
  let isBarShown = false;
  return {
    update(bytes, counts) {
      const share = totalBytes === 0 ? 1 : Math.min(bytes / totalBytes, 1);
      const written =
        `${counts.customers.created + counts.customers.updated} customers, ` +
        `${counts.contracts.created + counts.contracts.updated} contracts`;
      if (isTerminal) {
        const filled = Math.round(share * BAR_WIDTH);
        process.stderr.write(
          `\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${Math.floor(share * 100)} % · ${written}`,
        );
        isBarShown = true;
      } else if (Math.floor(share * 10) > lastTenth) {
        lastTenth = Math.floor(share * 10);
        process.stderr.write(`${lastTenth * 10} % read, ${written} written\n`);
      }
    },
    /** Before a problem line, so it does not land inside the bar. */
    end() {
      if (isBarShown) process.stderr.write('\n');
      isBarShown = false;
    },
  };
}

function describeProblem(problem: GdvImportProblem): string {
  const where = [problem.satzart === null ? null : `Satzart ${problem.satzart}`, problem.field]
    .filter((part) => part !== null)
    .join(', ');
  // A reader's error may concern a whole package (no Nachsatz, on the Vorsatz's line), so only refused items say "not
  // imported".
  const verb = problem.source === 'record' ? '' : ' not imported';
  return `Line ${problem.line}${where === '' ? '' : ` (${where})`}${verb}: ${problem.code}: ${problem.message}`;
}

async function readableFileSize(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    return info.size;
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', `Cannot read ${file}: ${(error as Error).message}`);
  }
}

function summaryLine(
  file: string,
  counts: GdvImportCounts,
  skipped: Record<string, number>,
  errors: number,
  seconds: number,
): string {
  const written = (kind: { created: number; updated: number }): string =>
    `${kind.created + kind.updated} (${kind.created} new, ${kind.updated} updated)`;
  const skippedText =
    Object.entries(skipped)
      .map(([satzart, count]) => `${satzart} ×${count}`)
      .join(', ') || 'none';
  return (
    `Imported ${file} in ${seconds.toFixed(1)} s: customers ${written(counts.customers)}, contracts ` +
    `${written(counts.contracts)}; ` +
    `records skipped by Satzart: ${skippedText}; errors: ${errors}`
  );
}

async function runImport(
  writer: GdvBatchWriter,
  options: { tenant: string; file: string },
  size: number,
  reading: GdvReadThread,
): Promise<void> {
  const progress = createProgress(size);
  const started = performance.now();
  let bytesRead = 0;
  let problems = 0;
  const report = await writeGdvBatches<GdvThreadPayload>(
    reading.events(writer.checksHere, (bytes) => {
      bytesRead = bytes;
    }),
    {
      writeBatch: (payload) => writer.write(payload),
      onProblem: (problem) => {
        problems += 1;
        progress.end();
        process.stderr.write(`${describeProblem(problem)}\n`);
      },
      onBatchWritten: (counts) => progress.update(bytesRead, counts),
    },
  );
  const total = (kind: { created: number; updated: number }): number => kind.created + kind.updated;
  await writer.finish({ customers: total(report.counts.customers), contracts: total(report.counts.contracts) });
  progress.update(size, report.counts);
  progress.end();
  const written =
    report.counts.customers.created +
    report.counts.customers.updated +
    report.counts.contracts.created +
    report.counts.contracts.updated;
  if (report.summary.packages === 0 && written === 0) {
    // A CSV or an empty file given by mistake is a file that cannot be read as GDV, not a file with bad records.
    throw new AppError(
      'VALIDATION_FAILED',
      `${options.file} is no GDV file: it has no Vorsatz (Satzart 0001); nothing was imported`,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${summaryLine(options.file, report.counts, report.summary.skippedBySatzart, problems, seconds)}\n`,
  );
  if (problems > 0) {
    process.stdout.write(
      `${problems === 1 ? '1 record or item was' : `${problems} records or items were`} not imported ` +
        '(listed above with their lines); everything else is imported\n',
    );
  }
}

/**
 * `portico import gdv --tenant <slug> <file>`: streams the file into the tenant's portfolio.
 * Exit code 0 when the file was read, bad records included (they are listed); 1 when the file
 * or the tenant cannot be read, or the writing stops.
 */
export async function importGdvCommand(options: { tenant: string; file: string; charset: GdvCharset }): Promise<void> {
  let size = 0;
  try {
    size = await readableFileSize(options.file);
  } catch (error) {
    exitWithError(error);
  }
  if (size <= BASELINE_ONLY_MAX_BYTES) {
    setFlagsFromString('--liftoff-only');
  }
  // Reading starts on its own thread now, while the database opens.
  const reading = startGdvReadThread(options.file, options.charset);
  try {
    const writer = await openGdvBatchWriter(loadCliConfig(), options.tenant);
    try {
      await runImport(writer, options, size, reading);
    } finally {
      await writer.close();
    }
  } catch (error) {
    exitWithError(error);
  }
}
