import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readGdvBatches, type GdvReadEvent } from '../../src/modules/gdv/gdv-import-service.js';
import { checkPortfolioItems } from '../../src/modules/portfolio/portfolio-check.js';
import { address, contract, digits, gdvFile, nachsatz, vorsatz } from '../support/gdv-file.js';

/** The built module: its worker is a file of dist/, as `portico import gdv` runs it. */
const THREAD_MODULE = join(import.meta.dirname, '../../dist/cli/gdv-read-thread.js');
const { startGdvReadThread } = (await import(THREAD_MODULE)) as typeof import('../../src/cli/gdv-read-thread.js');

const folder = mkdtempSync(join(tmpdir(), 'portico-gdv-thread-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/**
 * `contracts` customers with a contract each (1,000 items a batch); contract 5 is due on a 31.02. (a record the reader
 * refuses), contract 7 has a VSNr with a hyphen (an item the portfolio refuses).
 */
function portfolioFile(contracts = 1_300): string {
  const body = Array.from({ length: contracts }, (_, index) => {
    const vsnr = index === 7 ? 'AB-12' : `HV${index}`;
    return [
      ...address({ intermediaryCustomerNumber: `K-${index}`, name1: `Müller ${index}`, vsnr }),
      ...contract({
        vsnr,
        netPremium: digits(1_000 + index, 12),
        ...(index === 5 ? { mainDueDate: '31022025' } : {}),
      }),
    ];
  }).flat();
  const path = join(folder, `bestand-${Math.random().toString(36).slice(2)}.gdv`);
  writeFileSync(path, gdvFile([...vorsatz(), ...body, nachsatz(body.length, 0)]));
  return path;
}

async function inProcess(path: string): Promise<GdvReadEvent[]> {
  const { createReadStream } = await import('node:fs');
  const events: GdvReadEvent[] = [];
  for await (const event of readGdvBatches(createReadStream(path), { charset: 'iso-8859-15' })) events.push(event);
  return events;
}

async function onThread(path: string, checksHere: boolean) {
  const seen: number[] = [];
  const events = [];
  for await (const event of startGdvReadThread(path, 'iso-8859-15').events(checksHere, (bytes) => seen.push(bytes))) {
    events.push(event);
  }
  return { events, seen };
}

describe('reading a GDV file on its own thread (portico import gdv)', () => {
  it('yields what reading in this process yields: the same batches, problems and summary, in order', async () => {
    const path = portfolioFile();
    const here = await inProcess(path);
    const { events, seen } = await onThread(path, false);
    expect(events).toEqual(here);
    expect(here.filter((event) => event.kind === 'batch')).toHaveLength(3);
    expect(here.some((event) => event.kind === 'problem')).toBe(true);
    expect(seen).toHaveLength(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it("runs the portfolio's item checks there when the items are written in this process", async () => {
    const path = portfolioFile();
    const here = await inProcess(path);
    const { events } = await onThread(path, true);
    expect(events).toEqual(
      here.map((event) => (event.kind === 'batch' ? { ...event, payload: checkPortfolioItems(event.payload) } : event)),
    );
    const failures = events.flatMap((event) =>
      event.kind === 'batch' && !Array.isArray(event.payload) ? event.payload.failures : [],
    );
    expect(failures.map((failure) => failure.error.code)).toEqual(['POLICY_NUMBER_INVALID']);
  });

  it('ends with an error naming a file it cannot read', async () => {
    const missing = join(folder, 'gibt-es-nicht.gdv');
    await expect(onThread(missing, true)).rejects.toThrow(`Cannot read ${missing}`);
  });

  it('stays a few batches ahead of the writer, and ends when the writer stops taking batches', async () => {
    // Eight batches; the thread may read four ahead of the one taken, so it cannot have reached the end.
    const reading = startGdvReadThread(portfolioFile(4_000), 'iso-8859-15');
    for await (const event of reading.events(true, () => undefined)) {
      if (event.kind === 'batch') {
        await new Promise((resolve) => setTimeout(resolve, 500));
        break;
      }
    }
    // Ended: what it had posted can still be taken, then the events end without the file's end.
    const rest: GdvReadEvent<unknown>[] = [];
    const again = (async () => {
      for await (const event of reading.events(true, () => undefined)) rest.push(event);
    })();
    await expect(again).rejects.toThrow('the reading thread ended before the end of the file');
    expect(rest.filter((event) => event.kind === 'batch').length).toBeLessThanOrEqual(4);
    expect(rest.some((event) => event.kind === 'summary')).toBe(false);
  });

  it('keeps a process alive while its writer waits for a batch, and not before the writer asks', async () => {
    const path = portfolioFile();
    // A process with nothing else to keep it going, like the CLI on the embedded database between two statements.
    const run = async (body: string) => {
      const script = join(folder, `writer-${Math.random().toString(36).slice(2)}.mjs`);
      writeFileSync(
        script,
        `const { startGdvReadThread } = await import(${JSON.stringify(pathToFileURL(THREAD_MODULE).href)});
         const reading = startGdvReadThread(${JSON.stringify(path)}, 'iso-8859-15');
         ${body}`,
      );
      return promisify(execFile)(process.execPath, [script], { timeout: 30_000 });
    };
    const consumed = await run(`let batches = 0;
      for await (const event of reading.events(true, () => undefined)) if (event.kind === 'batch') batches += 1;
      console.log('batches', batches);`);
    expect(consumed.stdout.trim()).toBe('batches 3');
    const untouched = await run(`console.log('started');`);
    expect(untouched.stdout.trim()).toBe('started');
  });
});
