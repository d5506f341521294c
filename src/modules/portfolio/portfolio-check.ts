import { AppError } from '../../shared/errors.js';
import { ItemError, parsePortfolioItem } from './portfolio-input.js';
import { contractKeyText, MAX_BATCH_ITEMS, type ItemResult, type PortfolioItem } from './portfolio.js';

/** An item that passed the checks, with its place in the batch. */
export type Pending = { index: number; item: PortfolioItem };

function keyOfItem(item: PortfolioItem): string {
  if (item.type === 'customer') {
    return `customer:${item.action === 'upsert' ? item.customer.customerNumber : item.customerNumber}`;
  }
  return `contract:${contractKeyText(item.action === 'upsert' ? item.contract : item.key)}`;
}

/** A batch after the item checks: the items to write, each with its place in the batch, and the refused ones. */
export interface CheckedPortfolioBatch {
  size: number;
  pending: Pending[];
  failures: Extract<ItemResult, { status: 'failed' }>[];
}

/**
 * The checks of a batch, apart from its writing (the import runs them on its reading thread): each item's shape and
 * values, and a key given twice. Pure; throws only for a batch larger than MAX_BATCH_ITEMS.
 */
export function checkPortfolioItems(items: readonly unknown[]): CheckedPortfolioBatch {
  if (items.length > MAX_BATCH_ITEMS) {
    throw new AppError('VALIDATION_FAILED', `At most ${MAX_BATCH_ITEMS} items per batch`);
  }
  const batch: CheckedPortfolioBatch = { size: items.length, pending: [], failures: [] };
  const seen = new Set<string>();
  items.forEach((raw, index) => {
    try {
      const item = parsePortfolioItem(raw);
      const key = keyOfItem(item);
      if (seen.has(key)) {
        batch.failures.push({
          index,
          status: 'failed',
          error: { code: 'DUPLICATE_IN_BATCH', message: 'The same customer or contract appears earlier in this batch' },
        });
        return;
      }
      seen.add(key);
      batch.pending.push({ index, item });
    } catch (error) {
      if (!(error instanceof ItemError)) {
        throw error;
      }
      batch.failures.push({ index, status: 'failed', error: { code: error.code, message: error.message } });
    }
  });
  return batch;
}
