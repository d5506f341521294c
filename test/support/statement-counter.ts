import type { Logger } from 'drizzle-orm';
import type { Database } from '../../src/db/database.js';

/** What a counter has seen since it was last reset. */
export interface StatementCount {
  /** Statements the services sent, without the ones that open and close transactions. */
  statements: number;
  /** Transactions opened (each costs a BEGIN and a COMMIT or ROLLBACK on top of its statements). */
  transactions: number;
  /** The statements' text, for a failing assertion to say what was added. */
  texts: string[];
  /** Reads of a cache that expires by time, when the counter leaves them out (TIMED_CACHE_REFRESH). */
  refreshes: string[];
}

export interface StatementCounter {
  /** Counts what `work` sends to the database, alone: nothing else may use the database meanwhile. */
  countDuring(work: () => Promise<unknown>): Promise<StatementCount>;
}

/** Drizzle's own transaction control as the node-postgres driver logs it; PGlite's driver sends it unlogged. */
const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|savepoint|release savepoint)\b/i;

/**
 * A page's request finds its tenant by host and the CSP's form targets through a cache of a few seconds of real time,
 * not per page: a request after the cache expired reads them again. On a loaded machine a test can take longer than
 * that between the page it warms up with and the one it counts, so a counter of pages (`leaveOutTimedCaches`) sees
 * these reads without counting them. Other work (a digest's tenant with its address) reads the same table on purpose.
 */
const TIMED_CACHE_REFRESH = /\bfrom "tenant_hosts"/;

interface SessionWithLogger {
  logger: Logger;
  options: { logger?: Logger };
}

function isSessionWithLogger(session: unknown): session is SessionWithLogger {
  return typeof session === 'object' && session !== null && 'logger' in session && 'options' in session;
}

/**
 * Counts the statements the portal's services send, on both drivers alike: drizzle logs every statement it prepares
 * (and a transaction's session takes the same logger), and the database's `transaction` is wrapped to count
 * transactions, whose BEGIN and COMMIT only one of the two drivers logs. Installed once on a test portal's database.
 */
export function countStatementsOf(db: Database, options: { leaveOutTimedCaches?: boolean } = {}): StatementCounter {
  const session: unknown = db._.session;
  if (!isSessionWithLogger(session)) {
    throw new Error('the database session has no logger to count with');
  }
  let current: StatementCount | null = null;
  const logger: Logger = {
    logQuery(query) {
      if (current !== null && !TRANSACTION_CONTROL.test(query)) {
        const text = query.replace(/\s+/g, ' ').trim();
        if (options.leaveOutTimedCaches === true && TIMED_CACHE_REFRESH.test(text)) {
          current.refreshes.push(text);
        } else {
          current.statements += 1;
          current.texts.push(text);
        }
      }
    },
  };
  session.logger = logger;
  session.options.logger = logger;
  const open = db.transaction.bind(db);
  const transaction: Database['transaction'] = (callback, config) => {
    if (current !== null) {
      current.transactions += 1;
    }
    return open(callback, config);
  };
  db.transaction = transaction;
  return {
    async countDuring(work) {
      const count: StatementCount = { statements: 0, transactions: 0, texts: [], refreshes: [] };
      current = count;
      try {
        await work();
      } finally {
        current = null;
      }
      return count;
    },
  };
}
