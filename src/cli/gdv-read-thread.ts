import { Worker } from 'node:worker_threads';
import type { GdvReadEvent } from '../modules/gdv/gdv-import-service.js';
import type { GdvCharset } from '../modules/gdv/gdv-records.js';
import type { CheckedPortfolioBatch } from '../modules/portfolio/portfolio-check.js';
import type { PortfolioItemData } from '../modules/portfolio/portfolio-input.js';
import { AppError } from '../shared/errors.js';

/** A batch's payload from the reading thread: the items as read, or checked there when they are written here. */
export type GdvThreadPayload = PortfolioItemData[] | CheckedPortfolioBatch;

/** What the writer tells the reading thread: once, where the items are written; then each batch it takes. */
export type GdvReaderRequest = { kind: 'writer'; checksHere: boolean } | { kind: 'taken' };

/** What the reading thread posts: the reader's events (a batch with the bytes read so far), then its end. */
export type GdvReaderMessage =
  | { kind: 'batch'; bytesRead: number; event: GdvReadEvent<GdvThreadPayload> }
  | { kind: 'problem' | 'summary'; event: GdvReadEvent<GdvThreadPayload> }
  | { kind: 'done' }
  | { kind: 'failed'; message: string };

/** Batches read ahead of the one being written: enough that the writer never waits, few enough to stay small. */
const READ_AHEAD = 4;

export interface GdvReadThread {
  /**
   * The events in the file's order. `checksHere`: the items are written in this process, so the reading thread runs
   * the portfolio's item checks too and each payload is a checked batch; otherwise the payloads are the items as
   * read. `onBytesRead` follows the reading, for a progress bar.
   */
  events(checksHere: boolean, onBytesRead: (bytes: number) => void): AsyncGenerator<GdvReadEvent<GdvThreadPayload>>;
}

/**
 * Starts reading `file` on a worker thread at once, so that it reads while the caller still opens the database,
 * and then while this thread writes. A file that cannot be read ends the events with an error naming it; a caller
 * that stops taking events ends the thread. Until the events are asked for, the thread does not keep the process
 * alive on its own (a command that fails before writing exits at once).
 */
export function startGdvReadThread(file: string, charset: GdvCharset): GdvReadThread {
  const worker = new Worker(new URL('./gdv-read-worker.js', import.meta.url), {
    workerData: { file, charset, readAhead: READ_AHEAD },
  });
  const queue: GdvReaderMessage[] = [];
  let failure: Error | null = null;
  let hasExited = false;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    wake?.();
    wake = null;
  };
  worker.on('message', (message: GdvReaderMessage) => {
    queue.push(message);
    notify();
  });
  worker.on('error', (error) => {
    failure = error;
    notify();
  });
  worker.on('exit', () => {
    hasExited = true;
    notify();
  });
  const tell = (request: GdvReaderRequest): void => worker.postMessage(request);
  // After the listeners, which would otherwise hold the process again.
  worker.unref();

  async function* events(
    checksHere: boolean,
    onBytesRead: (bytes: number) => void,
  ): AsyncGenerator<GdvReadEvent<GdvThreadPayload>> {
    tell({ kind: 'writer', checksHere });
    // While the writer waits for a batch, the thread may be all that keeps this process's event loop going.
    worker.ref();
    try {
      for (;;) {
        const message = queue.shift();
        if (message === undefined) {
          if (failure !== null) throw failure;
          if (hasExited) throw new Error('the reading thread ended before the end of the file');
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          continue;
        }
        if (message.kind === 'done') return;
        if (message.kind === 'failed') {
          // Unreadable (permissions, a disk error half-way): one line for the operator, not a stack.
          throw new AppError('VALIDATION_FAILED', `Cannot read ${file}: ${message.message}`);
        }
        if (message.kind === 'batch') {
          tell({ kind: 'taken' });
          onBytesRead(message.bytesRead);
        }
        yield message.event;
      }
    } finally {
      await worker.terminate();
    }
  }
  return { events };
}
