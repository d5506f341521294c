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

/** The keys under which an attempt is counted, the account's first. */
export function throttleKeysOf(attempt: LoginAttemptKeys): string[] {
  return keysOf(attempt).map((entry) => entry.key);
}

/** A key that has a count (failures or a lock), with its lock if any. */
export interface ThrottleCount {
  key: string;
  lockedUntil: Date | null;
}

/** What one read found about an attempt's keys: whether it is locked, and whether the account has a count to end. */
export interface ThrottleState {
  isLocked: boolean;
  hasAccountCount: boolean;
}

/** Login throttling kept in the database, so every process behind a load balancer counts together. */
export function createThrottleService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  function stateFrom(attempt: LoginAttemptKeys, counts: ThrottleCount[]): ThrottleState {
    const now = clock.now().getTime();
    const [account] = throttleKeysOf(attempt);
    return {
      isLocked: counts.some((count) => count.lockedUntil !== null && count.lockedUntil.getTime() > now),
      hasAccountCount: counts.some((count) => count.key === account),
    };
  }

  return {
    async isLocked(attempt: LoginAttemptKeys): Promise<boolean> {
      return (await createThrottleQueries(db).latestLock(throttleKeysOf(attempt), clock.now())) !== null;
    },

    /** The same answer as isLocked, plus what a later success has to clear, from counts the login read with its other data. */
    stateFrom,

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

    /**
     * A correct password ends the account's count; the client address keeps its own. Given the
     * state read before the check, an account without a count costs no write.
     */
    async recordSuccess(attempt: LoginAttemptKeys, state?: ThrottleState): Promise<void> {
      if (state === undefined || state.hasAccountCount) {
        await createThrottleQueries(db).clear(`account:${attempt.account}`);
      }
    },

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
