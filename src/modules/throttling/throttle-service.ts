import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { ACCOUNT_RULE, CLIENT_RULE, lockDurationAfter, type ThrottleRule } from './throttle-policy.js';
import { createThrottleQueries } from './throttle-repo.js';

export interface LoginAttemptKeys {
  /** The canonical address as typed, known or not, so unknown addresses behave exactly like known ones. */
  account: string;
  client: string;
}

function keysOf(attempt: LoginAttemptKeys): Array<{ key: string; rule: ThrottleRule }> {
  return [
    { key: `account:${attempt.account}`, rule: ACCOUNT_RULE },
    { key: `client:${attempt.client}`, rule: CLIENT_RULE },
  ];
}

/** Login throttling kept in the database, so every process behind a load balancer counts together. */
export function createThrottleService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;
  return {
    async isLocked(attempt: LoginAttemptKeys): Promise<boolean> {
      const keys = keysOf(attempt).map((entry) => entry.key);
      return (await createThrottleQueries(db).latestLock(keys, clock.now())) !== null;
    },

    async recordFailure(attempt: LoginAttemptKeys): Promise<void> {
      const queries = createThrottleQueries(db);
      const now = clock.now();
      for (const { key, rule } of keysOf(attempt)) {
        const failures = await queries.addFailure(key, now, new Date(now.getTime() - rule.forgetAfter));
        const lock = lockDurationAfter(failures, rule);
        if (lock > 0) {
          await queries.lockUntil(key, new Date(now.getTime() + lock));
        }
      }
    },

    /** A correct password ends the account's count; the client address keeps its own. */
    recordSuccess: (attempt: LoginAttemptKeys): Promise<void> => createThrottleQueries(db).clear(`account:${attempt.account}`),

    /** For staff and operators: lets the person try again at once. */
    /** Which of these accounts (canonical addresses) are locked now, for the staff's list. */
    async lockedAccounts(canonicalEmails: string[]): Promise<Set<string>> {
      const keys = await createThrottleQueries(db).lockedKeys(canonicalEmails.map((email) => `account:${email}`), clock.now());
      return new Set(keys.map((key) => key.slice('account:'.length)));
    },

    unlockAccount: (canonicalEmail: string): Promise<void> => createThrottleQueries(db).clear(`account:${canonicalEmail}`),
  };
}

export type ThrottleService = ReturnType<typeof createThrottleService>;
