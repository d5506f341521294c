import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { readGdvBatches, type GdvReadEvent } from '../modules/gdv/gdv-import-service.js';
import type { GdvCharset } from '../modules/gdv/gdv-records.js';
import { checkPortfolioItems } from '../modules/portfolio/portfolio-check.js';
import type { GdvReaderMessage, GdvReaderRequest } from './gdv-read-thread.js';

/**
 * The reading half of `portico import gdv`, on a thread of its own: reads the file and maps its records to portfolio
 * items, batch by batch, so that the main thread only writes. It reads from the start, while the main thread still
 * opens the database, and stays at most `readAhead` batches ahead of the writer (the writer acknowledges each batch
 * it takes), so memory stays flat however large the file. The writer says once whether it writes here (then this
 * thread also runs the portfolio's item checks) or hands the items to a running portal (which checks them itself).
 */
const { file, charset, readAhead } = workerData as { file: string; charset: GdvCharset; readAhead: number };
const port = parentPort;
if (port === null) throw new Error('gdv-read-worker runs as a worker thread');

let checksHere: boolean | null = null;
let onWriterKnown: () => void = () => undefined;
const writerKnown = new Promise<void>((resolve) => {
  onWriterKnown = resolve;
});
const ready: { event: GdvReadEvent; bytesRead: number }[] = [];
let unacknowledged = 0;
let resume: (() => void) | null = null;
const post = (message: GdvReaderMessage): void => port.postMessage(message);

function flush(): void {
  while (checksHere !== null && ready.length > 0) {
    const { event, bytesRead: readSoFar } = ready.shift() as { event: GdvReadEvent; bytesRead: number };
    if (event.kind !== 'batch') {
      post({ kind: event.kind, event });
    } else {
      unacknowledged += 1;
      const payload = checksHere ? checkPortfolioItems(event.payload) : event.payload;
      post({ kind: 'batch', bytesRead: readSoFar, event: { ...event, payload } });
    }
  }
}

port.on('message', (request: GdvReaderRequest) => {
  if (request.kind === 'writer') {
    checksHere = request.checksHere;
    onWriterKnown();
    flush();
  } else {
    unacknowledged -= 1;
  }
  resume?.();
});

let bytesRead = 0;
async function* fileBytes(): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
    bytesRead += (chunk as Buffer).length;
    yield chunk as Buffer;
  }
}

try {
  for await (const event of readGdvBatches(fileBytes(), { charset })) {
    ready.push({ event, bytesRead });
    flush();
    while (ready.length + unacknowledged >= readAhead) {
      await new Promise<void>((resolve) => {
        resume = resolve;
      });
      resume = null;
      flush();
    }
  }
  await writerKnown;
  flush();
  post({ kind: 'done' });
} catch (error) {
  post({ kind: 'failed', message: (error as Error).message });
}
port.close();
