import type { Database } from './database.js';

/**
 * Work to do once a transaction has committed — waking this process's mail and webhook workers for
 * the rows it wrote. A transaction that rolls back drops its work: nothing wakes for rows that do
 * not exist. The work of a savepoint joins its parent's once the savepoint is released.
 */
const pendingWork = new WeakMap<object, Array<() => void>>();

/**
 * Registers `work` to run after the transaction `executor` belongs to commits. Outside a transaction
 * each statement has committed already, so the work runs at once. The work is a quick, synchronous
 * notification; it must not throw (if it does, the committed change still stands and a warning is emitted).
 */
export function afterCommit(executor: Database, work: () => void): void {
  const pending = pendingWork.get(executor);
  if (pending === undefined) {
    runCommitted(work);
  } else {
    pending.push(work);
  }
}

function runCommitted(work: () => void): void {
  try {
    work();
  } catch (error) {
    process.emitWarning(`after-commit work failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Makes `transaction` of this database collect the after-commit work registered inside it, and so for
 * the transactions it opens (savepoints). Applied once, where a database is opened, so every service's
 * `db.transaction(...)` takes part without knowing.
 */
export function collectAfterCommitWork<T extends Database>(executor: T): T {
  const open = executor.transaction.bind(executor);
  const transaction: Database['transaction'] = async (callback, config) => {
    const work: Array<() => void> = [];
    const result = await open((tx) => {
      pendingWork.set(tx, work);
      return callback(collectAfterCommitWork(tx));
    }, config);
    const outer = pendingWork.get(executor);
    if (outer === undefined) {
      work.forEach(runCommitted);
    } else {
      outer.push(...work);
    }
    return result;
  };
  executor.transaction = transaction;
  return executor;
}
