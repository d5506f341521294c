import type { FileStore } from './file-store.js';

export interface UnreferencedFilesOutcome {
  /** Files old enough to be looked at. */
  examined: number;
  removed: number;
  /** Temporary files of uploads that never finished, removed. */
  temporaryRemoved: number;
}

const BATCH_SIZE = 500;

/**
 * Removes the files no row names any more, such as those a crash left between storing a file and
 * committing its row, or between dropping the last row and removing the file. Only files written before
 * `olderThan` are looked at: a younger one's row may still be committing. The temporary files of uploads a crash
 * broke off, written before `olderThan`, go too. `isReferenced` answers, for
 * one batch of keys, those that a row still names.
 */
export async function removeUnreferencedFiles(
  store: FileStore,
  isReferenced: (keys: string[]) => Promise<Set<string>>,
  olderThan: Date,
  options: { batchSize?: number } = {},
): Promise<UnreferencedFilesOutcome> {
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const outcome: UnreferencedFilesOutcome = { examined: 0, removed: 0, temporaryRemoved: 0 };
  let batch: string[] = [];

  async function sweep(): Promise<void> {
    const referenced = await isReferenced(batch);
    for (const key of batch) {
      if (referenced.has(key)) continue;
      await store.delete(key);
      outcome.removed += 1;
    }
    batch = [];
  }

  for await (const { key, modifiedAt } of store.keys()) {
    if (modifiedAt.getTime() >= olderThan.getTime()) continue;
    outcome.examined += 1;
    batch.push(key);
    if (batch.length >= batchSize) await sweep();
  }
  if (batch.length > 0) await sweep();
  outcome.temporaryRemoved = await store.removeTemporaryFiles(olderThan);
  return outcome;
}
