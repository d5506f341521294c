import type { PortfolioItemData } from '../portfolio/portfolio-input.js';
import { MAX_BATCH_ITEMS, type ItemResult } from '../portfolio/portfolio.js';
import { toContractItem, toCustomerItem } from './gdv-import.js';
import { readGdvPortfolio } from './gdv-portfolio.js';
import type { GdvCharset, PortfolioSummary } from './gdv-records.js';
import { required } from '../../shared/required.js';

/** One item's outcome as the portfolio answered it. */
export type GdvItemOutcome = { status: 'created' | 'updated' } | { status: 'failed'; code: string; message: string };

/** An upserted item's result as the import counts it. */
export function gdvItemOutcomeOf(result: ItemResult): GdvItemOutcome {
  return result.status === 'failed'
    ? { status: 'failed', code: result.error.code, message: result.error.message }
    : { status: result.status === 'created' ? 'created' : 'updated' };
}

/** A record the reader refused (`record`) or an item the portfolio refused (`item`), with the file's line. */
export interface GdvImportProblem {
  source: 'record' | 'item';
  line: number;
  satzart: string | null;
  field: string | null;
  code: string;
  message: string;
}

export interface GdvImportCounts {
  customers: { created: number; updated: number };
  contracts: { created: number; updated: number };
  /** Items the portfolio refused. */
  refused: number;
  /** The same customer again within one batch: sent once. */
  duplicateCustomers: number;
}

export interface GdvImportReport {
  counts: GdvImportCounts;
  summary: PortfolioSummary;
}

/**
 * What reading a GDV file yields for the writer, in the file's order. A batch is one write: its `payload` (the
 * items, or the items already checked), each item's type and file line, and the repeated customers left out of it.
 */
export type GdvReadEvent<Payload = PortfolioItemData[]> =
  | { kind: 'batch'; payload: Payload; types: PortfolioItemData['type'][]; lines: number[]; duplicateCustomers: number }
  | { kind: 'problem'; problem: GdvImportProblem }
  | { kind: 'summary'; summary: PortfolioSummary };

/**
 * Reads records, maps customers and contracts to portfolio items and groups them into batches of at most
 * `batchSize` (MAX_BATCH_ITEMS). A customer repeated within one batch is sent once. Records the reader
 * refuses come as problems in their place; the summary comes last.
 */
export async function* readGdvBatches(
  source: AsyncIterable<unknown>,
  options: { charset?: GdvCharset; batchSize?: number } = {},
): AsyncGenerator<GdvReadEvent> {
  const batchSize = Math.min(options.batchSize ?? MAX_BATCH_ITEMS, MAX_BATCH_ITEMS);
  let items: PortfolioItemData[] = [];
  let lines: number[] = [];
  let customerNumbers = new Set<string>();
  let duplicateCustomers = 0;
  const take = (): GdvReadEvent => {
    const batch: GdvReadEvent = {
      kind: 'batch',
      payload: items,
      types: items.map((item) => item.type),
      lines,
      duplicateCustomers,
    };
    items = [];
    lines = [];
    customerNumbers = new Set();
    duplicateCustomers = 0;
    return batch;
  };
  let summary: PortfolioSummary | null = null;
  for await (const event of readGdvPortfolio(
    source,
    options.charset === undefined ? {} : { charset: options.charset },
  )) {
    if (event.kind === 'error') {
      yield { kind: 'problem', problem: { source: 'record', ...event.error } };
    } else if (event.kind === 'summary') {
      summary = event.summary;
    } else if (event.kind === 'customer' && customerNumbers.has(event.customer.customerNumber)) {
      duplicateCustomers += 1;
    } else {
      if (event.kind === 'customer') customerNumbers.add(event.customer.customerNumber);
      items.push(event.kind === 'customer' ? toCustomerItem(event.customer) : toContractItem(event.contract));
      lines.push(event.line);
      if (items.length >= batchSize) yield take();
    }
  }
  if (items.length > 0 || duplicateCustomers > 0) yield take();
  yield { kind: 'summary', summary: required(summary) };
}

/**
 * Streams a GDV file into the portfolio: reads records, maps customers and contracts to items and
 * writes them in batches through `writeBatch`. While one batch is written the next is read; a batch
 * is sent only after the one before it has committed, so a contract always finds its customer.
 * Bad records and refused items are handed to `onProblem` and the rest goes on; only a stream that
 * fails or a batch that cannot be written at all ends the import (what committed stays).
 */
export function importGdvPortfolio(
  source: AsyncIterable<unknown>,
  options: GdvWriteOptions & { charset?: GdvCharset; batchSize?: number },
): Promise<GdvImportReport> {
  return writeGdvBatches(
    readGdvBatches(source, {
      ...(options.charset === undefined ? {} : { charset: options.charset }),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    }),
    options,
  );
}

export interface GdvWriteOptions<Payload = PortfolioItemData[]> {
  /** Writes one batch and answers one outcome per item, in order. */
  writeBatch: (payload: Payload) => Promise<GdvItemOutcome[]>;
  onProblem: (problem: GdvImportProblem) => void;
  onBatchWritten?: (counts: GdvImportCounts) => void;
}

/**
 * Writes what `readGdvBatches` yields (here or read on another thread): one batch at a time, in order, the
 * next read while one is written.
 */
export async function writeGdvBatches<Payload>(
  events: AsyncIterable<GdvReadEvent<Payload>>,
  options: GdvWriteOptions<Payload>,
): Promise<GdvImportReport> {
  const counts: GdvImportCounts = {
    customers: { created: 0, updated: 0 },
    contracts: { created: 0, updated: 0 },
    refused: 0,
    duplicateCustomers: 0,
  };
  let summary: PortfolioSummary | null = null;
  let inFlight: Promise<void> = Promise.resolve();
  let writeFailure: { error: unknown } | null = null;

  type Sent = Extract<GdvReadEvent<Payload>, { kind: 'batch' }>;

  async function write(sent: Sent): Promise<void> {
    const outcomes = await options.writeBatch(sent.payload);
    outcomes.forEach((outcome, index) => {
      const type = required(sent.types[index]);
      if (outcome.status === 'failed') {
        counts.refused += 1;
        const satzart = type === 'customer' ? '0100' : '0200';
        options.onProblem({
          source: 'item',
          line: required(sent.lines[index]),
          satzart,
          field: null,
          code: outcome.code,
          message: outcome.message,
        });
      } else {
        counts[type === 'customer' ? 'customers' : 'contracts'][outcome.status] += 1;
      }
    });
    options.onBatchWritten?.(counts);
  }

  async function send(sent: Sent): Promise<void> {
    await inFlight;
    if (writeFailure !== null) throw writeFailure.error;
    // Held as a settled promise: the next records are read while this batch is written.
    inFlight = write(sent).catch((error: unknown) => {
      writeFailure = { error };
    });
  }

  try {
    for await (const event of events) {
      if (event.kind === 'problem') {
        options.onProblem(event.problem);
      } else if (event.kind === 'summary') {
        summary = event.summary;
      } else {
        counts.duplicateCustomers += event.duplicateCustomers;
        if (event.types.length > 0) await send(event);
      }
    }
  } finally {
    await inFlight;
  }
  // Set by the write callbacks above, which the type checker does not follow.
  const failure = writeFailure as { error: unknown } | null;
  if (failure !== null) throw failure.error;
  return { counts, summary: required(summary) };
}
