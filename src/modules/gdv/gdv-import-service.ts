import type { PortfolioItemData } from '../portfolio/portfolio-input.js';
import { MAX_BATCH_ITEMS } from '../portfolio/portfolio-service.js';
import { toContractItem, toCustomerItem } from './gdv-import.js';
import { readGdvPortfolio } from './gdv-portfolio.js';
import type { GdvCharset, PortfolioSummary } from './gdv-records.js';
import { required } from '../../shared/required.js';

/** One item's outcome as the portfolio answered it. */
export type GdvItemOutcome = { status: 'created' | 'updated' } | { status: 'failed'; code: string; message: string };

/** Writes one batch (at most MAX_BATCH_ITEMS) and answers one outcome per item, in order. */
export type GdvBatchWriter = (items: PortfolioItemData[]) => Promise<GdvItemOutcome[]>;

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

interface Batch {
  items: PortfolioItemData[];
  lines: number[];
  customerNumbers: Set<string>;
}

const newBatch = (): Batch => ({ items: [], lines: [], customerNumbers: new Set() });

/**
 * Streams a GDV file into the portfolio: reads records, maps customers and contracts to items and
 * writes them in batches through `writeBatch`. While one batch is written the next is read; a batch
 * is sent only after the one before it has committed, so a contract always finds its customer.
 * Bad records and refused items are handed to `onProblem` and the rest goes on; only a stream that
 * fails or a batch that cannot be written at all ends the import (what committed stays).
 */
export async function importGdvPortfolio(
  source: AsyncIterable<unknown>,
  options: {
    writeBatch: GdvBatchWriter;
    onProblem: (problem: GdvImportProblem) => void;
    onBatchWritten?: (counts: GdvImportCounts) => void;
    charset?: GdvCharset;
    batchSize?: number;
  },
): Promise<GdvImportReport> {
  const batchSize = Math.min(options.batchSize ?? MAX_BATCH_ITEMS, MAX_BATCH_ITEMS);
  const counts: GdvImportCounts = {
    customers: { created: 0, updated: 0 },
    contracts: { created: 0, updated: 0 },
    refused: 0,
    duplicateCustomers: 0,
  };
  let summary: PortfolioSummary | null = null;
  let batch = newBatch();
  let inFlight: Promise<void> = Promise.resolve();
  let writeFailure: { error: unknown } | null = null;

  async function write(sent: Batch): Promise<void> {
    const outcomes = await options.writeBatch(sent.items);
    outcomes.forEach((outcome, index) => {
      const item = required(sent.items[index]);
      if (outcome.status === 'failed') {
        counts.refused += 1;
        const satzart = item.type === 'customer' ? '0100' : '0200';
        options.onProblem({
          source: 'item',
          line: required(sent.lines[index]),
          satzart,
          field: null,
          code: outcome.code,
          message: outcome.message,
        });
      } else {
        counts[item.type === 'customer' ? 'customers' : 'contracts'][outcome.status] += 1;
      }
    });
    options.onBatchWritten?.(counts);
  }

  async function send(): Promise<void> {
    await inFlight;
    if (writeFailure !== null) throw writeFailure.error;
    const sent = batch;
    batch = newBatch();
    // Held as a settled promise: the next records are read while this batch is written.
    inFlight = write(sent).catch((error: unknown) => {
      writeFailure = { error };
    });
  }

  try {
    for await (const event of readGdvPortfolio(
      source,
      options.charset === undefined ? {} : { charset: options.charset },
    )) {
      if (event.kind === 'error') {
        options.onProblem({ source: 'record', ...event.error });
      } else if (event.kind === 'summary') {
        summary = event.summary;
      } else if (event.kind === 'customer' && batch.customerNumbers.has(event.customer.customerNumber)) {
        counts.duplicateCustomers += 1;
      } else {
        if (event.kind === 'customer') batch.customerNumbers.add(event.customer.customerNumber);
        batch.items.push(event.kind === 'customer' ? toCustomerItem(event.customer) : toContractItem(event.contract));
        batch.lines.push(event.line);
        if (batch.items.length >= batchSize) await send();
      }
    }
    if (batch.items.length > 0) await send();
  } finally {
    await inFlight;
  }
  // Set by the write callbacks above, which the type checker does not follow.
  const failure = writeFailure as { error: unknown } | null;
  if (failure !== null) throw failure.error;
  return { counts, summary: required(summary) };
}
