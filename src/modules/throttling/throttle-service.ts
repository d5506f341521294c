import type { SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { identitiesIn } from '../identities/identity-service.js';
import { ACCOUNT_RULE, CLIENT_RULE, DOCUMENT_LINK_CLIENT_RULE, LINK_CLIENT_RULE } from './throttle-policy.js';
import {
  createThrottleQueries,
  releaseStatement,
  reserveAttemptsStatement,
  type AttemptKey,
  type ReservedAttempt,
  type RowLocking,
} from './throttle-repo.js';

export type { ReservedAttempt, RowLocking };

export interface LoginAttemptKeys {
  /** The canonical address as typed, known or not, so unknown addresses behave exactly like known ones. */
  account: string;
  client: string;
}

/**
 * Attempts taken from the allowances of an account and a client before a secret is checked. When
 * one of the keys was locked (`isLocked`), the secret must not be checked and nothing stays counted.
 */
export interface Reservation {
  accountKey: string;
  reserved: ReservedAttempt[];
  isLocked: boolean;
}

/** Why a person cannot log in for a while; each cause has its own count, all are lifted together. */
export type LockCause = 'password' | 'second_factor';

export interface LockablePerson {
  identityId: string;
  canonicalEmail: string;
}

function keysOf(attempt: LoginAttemptKeys): AttemptKey[] {
  return [
    { key: `account:${attempt.account}`, rule: ACCOUNT_RULE },
    { key: `client:${attempt.client}`, rule: CLIENT_RULE },
  ];
}

/** Second-factor codes count under their own account key, so a code lock and a password lock are separate causes. */
export function secondFactorAttempt(identityId: string, client: string): LoginAttemptKeys {
  return { account: `second-factor:${identityId}`, client };
}

const passwordKeyOf = (canonicalEmail: string): string => `account:${canonicalEmail}`;
const secondFactorKeyOf = (identityId: string): string => `account:second-factor:${identityId}`;
const keyOfCause = (cause: LockCause, person: LockablePerson): string =>
  cause === 'password' ? passwordKeyOf(person.canonicalEmail) : secondFactorKeyOf(person.identityId);

/**
 * Attempt limits kept in the database, so every process behind a load balancer counts together.
 * Each attempt is reserved before its secret is checked (one statement per attempt), so parallel
 * requests can never check more secrets than the allowance; a success gives its reservation back.
 */
export function createThrottleService(deps: { db: Database; clock: Clock; rowLocking?: RowLocking }) {
  const { db, clock } = deps;
  const rowLocking = deps.rowLocking ?? 'key_order';

  function reservationOf(attempt: LoginAttemptKeys, reserved: ReservedAttempt[]): Reservation {
    return { accountKey: `account:${attempt.account}`, reserved, isLocked: reserved.length < keysOf(attempt).length };
  }

  /** Reservation of a refused attempt: whatever keys had room get their attempt back. */
  async function settleRefused(reservation: Reservation): Promise<void> {
    if (reservation.isLocked) {
      await createThrottleQueries(db, { rowLocking }).release(reservation.reserved);
    }
  }

  /**
   * The whole seconds left of a refused key's lock, read after the refusal (a refusal is rare, so the busy path keeps
   * its one statement); at least 1, also when the lock ended in between.
   */
  async function secondsUntilUnlocked(queries: ReturnType<typeof createThrottleQueries>, key: string): Promise<number> {
    const now = clock.now();
    const lockEnd = await queries.lockEndOf(key, now);
    return lockEnd === null ? 1 : Math.max(1, Math.ceil((lockEnd.getTime() - now.getTime()) / 1000));
  }

  /** Takes one attempt from the account's and the client's allowance; `isLocked` means: do not check the secret. */
  async function reserveAttempt(attempt: LoginAttemptKeys): Promise<Reservation> {
    const reservation = reservationOf(
      attempt,
      await createThrottleQueries(db, { rowLocking }).reserve(keysOf(attempt), clock.now()),
    );
    await settleRefused(reservation);
    return reservation;
  }

  return {
    /** The statement that reserves an attempt, for a caller that reads its other data in the same statement. */
    reservationStatement: (attempt: LoginAttemptKeys) => reserveAttemptsStatement(keysOf(attempt), clock.now()),
    reservationOf,
    settleRefused,

    reserveAttempt,

    /** A correct secret ends the account's count (the client keeps its own); a wrong one simply stays counted. */
    recordSuccess: (reservation: Reservation): Promise<void> =>
      createThrottleQueries(db, { rowLocking }).release(reservation.reserved, [reservation.accountKey]),

    /**
     * `recordSuccess` as a statement, for a caller that writes it together with its own (null: nothing to give back).
     */
    successStatement: (reservation: Reservation): SQL | null =>
      releaseStatement(reservation.reserved, [reservation.accountKey], { rowLocking }),

    /**
     * Checks a secret within the attempt's allowance: the attempt is reserved first, the check runs
     * only when nothing is locked (null otherwise), a wrong secret stays counted and a right one gives
     * its reservation back. `onSuccess: 'end_count'` also ends the account's count (a correct secret
     * at login); 'give_back' leaves earlier failures counted (a secret asked again in a session).
     */
    async checkWithinLimit<T>(
      attempt: LoginAttemptKeys,
      check: () => Promise<T>,
      options: { isSuccess: (outcome: T) => boolean; onSuccess: 'end_count' | 'give_back' },
    ): Promise<T | null> {
      const reservation = await reserveAttempt(attempt);
      if (reservation.isLocked) {
        return null;
      }
      const outcome = await check();
      if (options.isSuccess(outcome)) {
        await createThrottleQueries(db, { rowLocking }).release(
          reservation.reserved,
          options.onSuccess === 'end_count' ? [reservation.accountKey] : [],
        );
      }
      return outcome;
    },

    /**
     * Links carry 256-bit tokens, so guessing is hopeless; still, a client that keeps sending unknown
     * tokens is stopped. Only unknown tokens count: a known one (valid, used or expired) gives its
     * attempt back. A limited client gets no answer about any token, valid ones included, or the
     * limit would still tell it which guess was right; the owner's link is never used up by this.
     */
    async lookUpLinkToken<T>(client: string, lookUp: () => Promise<T | null>): Promise<T | null> {
      const queries = createThrottleQueries(db, { rowLocking });
      const key: AttemptKey = { key: `link-client:${client}`, rule: LINK_CLIENT_RULE };
      const reserved = await queries.reserve([key], clock.now());
      if (reserved.length === 0) {
        throw new AppError('TOO_MANY_LINK_ATTEMPTS', {
          detail: 'Too many unknown links from this client',
          retryAfterSeconds: await secondsUntilUnlocked(queries, key.key),
        });
      }
      const found = await lookUp();
      if (found !== null) {
        await queries.release(reserved);
      }
      return found;
    },

    /**
     * Opens what a download link names within the client's allowance (DOCUMENT_LINK_CLIENT_RULE): each request takes
     * an attempt first, so parallel requests cannot try more tokens than allowed. A link that opens nothing
     * (`isUnknown` of its error) stays counted; any other outcome gives the attempt back. A limited client is refused
     * with DOCUMENT_LINK_RATE_LIMITED whatever its token, valid ones included, or the limit would tell it which guess
     * was right.
     */
    async openDocumentLink<T>(
      client: string,
      open: () => Promise<T>,
      isUnknown: (error: unknown) => boolean,
    ): Promise<T> {
      const queries = createThrottleQueries(db, { rowLocking });
      const key: AttemptKey = { key: `document-link-client:${client}`, rule: DOCUMENT_LINK_CLIENT_RULE };
      const reserved = await queries.reserve([key], clock.now());
      if (reserved.length === 0) {
        throw new AppError('DOCUMENT_LINK_RATE_LIMITED', {
          detail: 'Too many download links that open nothing from this client',
          retryAfterSeconds: await secondsUntilUnlocked(queries, key.key),
        });
      }
      try {
        const opened = await open();
        await queries.release(reserved);
        return opened;
      } catch (error) {
        if (!isUnknown(error)) await queries.release(reserved);
        throw error;
      }
    },

    /** Which of these people are locked now, and why, for the staff's list. */
    async locksOf(people: LockablePerson[]): Promise<Map<string, LockCause[]>> {
      const keys = people.flatMap((person) => [
        passwordKeyOf(person.canonicalEmail),
        secondFactorKeyOf(person.identityId),
      ]);
      const locked = new Set(await createThrottleQueries(db, { rowLocking }).lockedKeys(keys, clock.now()));
      const causes = new Map<string, LockCause[]>();
      for (const person of people) {
        const found = (['password', 'second_factor'] as const).filter((cause) => locked.has(keyOfCause(cause, person)));
        if (found.length > 0) {
          causes.set(person.identityId, found);
        }
      }
      return causes;
    },

    /**
     * For staff and operators: every lock of the person (password and second factor) ends and every
     * count starts again. An address nobody has is IDENTITY_NOT_FOUND.
     */
    async unlockPerson(canonicalEmail: string, executor: Database = db): Promise<void> {
      const identity = await identitiesIn(executor).findByEmail(canonicalEmail);
      if (identity === null) {
        throw new AppError('IDENTITY_NOT_FOUND', `No person with address ${canonicalEmail}`);
      }
      const person = { identityId: identity.id, canonicalEmail };
      await createThrottleQueries(executor).clear(
        (['password', 'second_factor'] as const).map((cause) => keyOfCause(cause, person)),
      );
    },

    /**
     * A completed set-password link proves the mailbox: the password's count ends (a code lock stays, the link proves
     * nothing about it).
     */
    endPasswordCount: (canonicalEmail: string): Promise<void> =>
      createThrottleQueries(db, { rowLocking }).clear([passwordKeyOf(canonicalEmail)]),
  };
}

export type ThrottleService = ReturnType<typeof createThrottleService>;
