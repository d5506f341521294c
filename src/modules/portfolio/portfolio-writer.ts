import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { required } from '../../shared/required.js';
import type { RequestOrigin } from '../audit/audit-service.js';
import { checkPortfolioItems, type CheckedPortfolioBatch, type Pending } from './portfolio-check.js';
import { createPortfolioQueries, type PortfolioQueries } from './portfolio-repo.js';
import {
  contractKeyText,
  type ContractRecord,
  type CustomerRecord,
  type ItemErrorCode,
  type ItemResult,
  type PortfolioItem,
} from './portfolio.js';

function staffIdsOf(item: PortfolioItem): string[] {
  const record: CustomerRecord | ContractRecord | null =
    item.action !== 'upsert' ? null : item.type === 'customer' ? item.customer : item.contract;
  return [record?.caseHandler?.staffIdentityId, record?.adviser?.staffIdentityId].filter(
    (id): id is string => typeof id === 'string',
  );
}

type Fail = (index: number, code: ItemErrorCode, message: string) => void;

/**
 * Writes the CRM's customers and contracts in batches: the portfolio's one way in, for the API, the GDV import and
 * the workspace's upload. It needs the database and the clock only, so that `portico import gdv` writes without
 * loading the rest of Portico.
 */
export function createPortfolioWriter(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  async function writeCustomers(
    queries: PortfolioQueries,
    tenantId: string,
    accepted: Pending[],
    results: ItemResult[],
    now: Date,
  ): Promise<Map<string, string>> {
    const upserts = accepted.flatMap(({ index, item }) =>
      item.type === 'customer' && item.action === 'upsert' ? [{ index, record: item.customer }] : [],
    );
    const outcomes = await queries.upsertCustomers(
      tenantId,
      upserts.map(({ record }) => record),
      now,
    );
    await queries.replaceCustomerDetails(
      tenantId,
      upserts.map(({ record }) => ({ customerId: required(outcomes.get(record.customerNumber)).id, record })),
    );
    for (const { index, record } of upserts) {
      const outcome = required(outcomes.get(record.customerNumber));
      results[index] = { index, status: outcome.isCreated ? 'created' : 'updated', id: outcome.id };
    }
    const deletes = accepted.flatMap(({ index, item }) =>
      item.type === 'customer' && item.action === 'delete' ? [{ index, number: item.customerNumber }] : [],
    );
    const deleted = await queries.deleteCustomers(
      tenantId,
      deletes.map(({ number }) => number),
    );
    for (const { index, number } of deletes) {
      results[index] = { index, status: deleted.has(number) ? 'deleted' : 'not_found' };
    }
    // Ids of the customers written here (and still there): their rows stay locked by this transaction's upsert.
    const written = new Map<string, string>();
    for (const [number, outcome] of outcomes) {
      if (!deleted.has(number)) written.set(number, outcome.id);
    }
    return written;
  }

  async function writeContracts(
    queries: PortfolioQueries,
    tenantId: string,
    accepted: Pending[],
    fail: Fail,
    results: ItemResult[],
    now: Date,
    writtenCustomers: Map<string, string>,
  ): Promise<void> {
    const upserts = accepted.flatMap(({ index, item }) =>
      item.type === 'contract' && item.action === 'upsert' ? [{ index, record: item.contract }] : [],
    );
    // Only customers not written in this batch are looked up (and locked against a delete until the commit).
    const customerIds = new Map(writtenCustomers);
    const others = [...new Set(upserts.map(({ record }) => record.customerNumber))].filter(
      (number) => !customerIds.has(number),
    );
    for (const [number, id] of await queries.lockCustomerIds(tenantId, others)) {
      customerIds.set(number, id);
    }
    const writable = upserts.filter(({ index, record }) => {
      const isKnown = customerIds.has(record.customerNumber);
      if (!isKnown) {
        fail(
          index,
          'CUSTOMER_NOT_FOUND',
          `No customer ${record.customerNumber} in this portfolio; send the customer first`,
        );
      }
      return isKnown;
    });
    const rows = writable.map(({ record }) => ({
      ...record,
      customerId: required(customerIds.get(record.customerNumber)),
    }));
    const outcomes = await queries.upsertContracts(tenantId, rows, now);
    for (const { index, record } of writable) {
      const outcome = required(outcomes.get(contractKeyText(record)));
      results[index] = { index, status: outcome.isCreated ? 'created' : 'updated', id: outcome.id };
    }
    const deletes = accepted.flatMap(({ index, item }) =>
      item.type === 'contract' && item.action === 'delete' ? [{ index, key: item.key }] : [],
    );
    const deleted = await queries.deleteContracts(
      tenantId,
      deletes.map(({ key }) => key),
    );
    for (const { index, key } of deletes) {
      results[index] = { index, status: deleted.has(contractKeyText(key)) ? 'deleted' : 'not_found' };
    }
  }

  /** Writes the checked items in one transaction, customers first so contracts of the same batch find them. */
  async function writeItems(
    executor: Database,
    tenantId: string,
    pending: Pending[],
    fail: Fail,
    results: ItemResult[],
  ): Promise<void> {
    const queries = createPortfolioQueries(executor);
    const now = clock.now();
    const staff = await queries.staffIdsAmong(tenantId, [...new Set(pending.flatMap(({ item }) => staffIdsOf(item)))]);
    const accepted = pending.filter(({ index, item }) => {
      const isStaffKnown = staffIdsOf(item).every((id) => staff.has(id));
      if (!isStaffKnown) {
        fail(index, 'STAFF_MEMBER_INVALID', 'staffIdentityId must name a staff member of this tenant');
      }
      return isStaffKnown;
    });
    const writtenCustomers = await writeCustomers(queries, tenantId, accepted, results, now);
    await writeContracts(queries, tenantId, accepted, fail, results, now, writtenCustomers);
  }

  /**
   * After a committed batch: the planner's statistics of customers and contracts, when it wrote many of them (a first
   * sync, an import). They are a help to the planner only: the batch is committed, so a failure here is not the
   * caller's; it is left for the next batch.
   */
  async function refreshStatistics(written: { customers: number; contracts: number }): Promise<void> {
    await createPortfolioQueries(db)
      .refreshStatisticsAfter(written)
      .catch(() => undefined);
  }

  function writtenIn(pending: Pending[], results: ItemResult[]): { customers: number; contracts: number } {
    const written = { customers: 0, contracts: 0 };
    for (const { index, item } of pending) {
      const status = results[index]?.status;
      if (status === 'created' || status === 'updated' || status === 'deleted') {
        written[item.type === 'customer' ? 'customers' : 'contracts'] += 1;
      }
    }
    return written;
  }

  /**
   * Writes a batch whose items `checkPortfolioItems` has checked: one result per item, in order. A caller that writes
   * many batches in a row (the GDV import) may leave the statistics to one `refreshStatistics` at its end.
   */
  async function upsertCheckedBatch(
    tenantId: string,
    batch: CheckedPortfolioBatch,
    _origin: RequestOrigin,
    options: { refreshStatistics: boolean } = { refreshStatistics: true },
  ): Promise<ItemResult[]> {
    const results = new Array<ItemResult>(batch.size);
    for (const failure of batch.failures) {
      results[failure.index] = failure;
    }
    const fail: Fail = (index, code, message) => {
      results[index] = { index, status: 'failed', error: { code, message } };
    };
    if (batch.pending.length > 0) {
      await db.transaction((tx) => writeItems(tx, tenantId, batch.pending, fail, results));
      if (options.refreshStatistics) await refreshStatistics(writtenIn(batch.pending, results));
    }
    return results;
  }

  /**
   * Upserts and deletes customers and contracts by their CRM keys, one result per item in order.
   * A bad item fails alone and writes nothing; the others commit together. `origin` names the sender
   * (API key, import) for callers that record it; the rows themselves are the CRM's and carry no author.
   */
  function upsertBatch(tenantId: string, items: readonly unknown[], origin: RequestOrigin): Promise<ItemResult[]> {
    return upsertCheckedBatch(tenantId, checkPortfolioItems(items), origin);
  }

  return {
    upsertBatch,
    upsertCheckedBatch,
    /** After many batches written without it: the statistics, for the rows they wrote in all. */
    refreshStatistics,
  };
}

export type PortfolioWriter = ReturnType<typeof createPortfolioWriter>;
