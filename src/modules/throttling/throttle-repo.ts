import { and, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { loginThrottles } from '../../db/schema.js';
import { sqlTemplate } from '../../db/sql-template.js';
import {
  ACCOUNT_RULE,
  CLIENT_RULE,
  DOCUMENT_LINK_CLIENT_RULE,
  LINK_CLIENT_RULE,
  lockDurationAfter,
  type ThrottleRule,
} from './throttle-policy.js';
import { rowsOf } from '../../db/rows.js';

/** The rule a key counts under, from its prefix (the keys are built by the throttle service). */
function ruleOfKey(key: string): ThrottleRule {
  if (key.startsWith('document-link-client:')) return DOCUMENT_LINK_CLIENT_RULE;
  return key.startsWith('link-client:') ? LINK_CLIENT_RULE : key.startsWith('client:') ? CLIENT_RULE : ACCOUNT_RULE;
}

/** One attempt taken from a key's allowance: the key and its count including this attempt. */
export interface ReservedAttempt {
  key: string;
  failures: number;
}

export interface AttemptKey {
  key: string;
  rule: ThrottleRule;
}

/**
 * The count an attempt reserves, as SQL: a quiet period ends the old count (`forgetBefore`: the reservation's time
 * less the rule's quiet period). The lock below mirrors lockDurationAfter (throttle-policy), computed by the database
 * from the count it just wrote.
 */
function nextCount(forgetBefore: SQL): SQL {
  return sql`(case when t.last_failure_at < ${forgetBefore}::timestamptz then 1 else t.failures + 1 end)`;
}

function lockAfter(count: SQL, rule: ThrottleRule, now: SQL): SQL {
  const doublings = sql`least(${count} - ${rule.freeFailures}::int - 1, 30)`;
  const milliseconds = sql`least(${rule.firstLock}::float8 * power(2, ${doublings}), ${rule.maximumLock}::float8)`;
  const until = sql`${now}::timestamptz + ${milliseconds} * interval '1 millisecond'`;
  return sql`(case when ${count} > ${rule.freeFailures}::int then ${until} else null end)`;
}

type ReservationSlot = 'now' | `key_${number}` | `forgetBefore_${number}` | `initialLock_${number}`;

/** The reservation's statement for each sequence of rules (ordered by key), rendered once (sql-template.ts). */
const reservationTemplates = new Map<
  string,
  { withClause: (values: Record<ReservationSlot, unknown>) => SQL; reservedRows: SQL }
>();

function reservationTemplateOf(rules: ThrottleRule[]) {
  const shape = JSON.stringify(rules);
  let template = reservationTemplates.get(shape);
  if (template === undefined) {
    template = {
      withClause: sqlTemplate<ReservationSlot>((slot) => {
        const now = slot('now');
        const ctes = rules.map((rule, index) => {
          const count = nextCount(slot(`forgetBefore_${index}`));
          return sql`${sql.raw(`reserved_${index}`)} as (
      insert into ${loginThrottles} as t (key, failures, last_failure_at, locked_until)
      values (${slot(`key_${index}`)}, 1, ${now}::timestamptz, ${slot(`initialLock_${index}`)}::timestamptz)
      on conflict (key) do update set failures = ${count}, last_failure_at = excluded.last_failure_at, locked_until =
        ${lockAfter(count, rule, now)}
      where t.locked_until is null or t.locked_until <= ${now}::timestamptz
      returning t.key, t.failures)`;
        });
        return sql`with ${sql.join(ctes, sql`, `)}`;
      }),
      reservedRows: sql.join(
        rules.map((_, index) => sql`select key, failures from ${sql.raw(`reserved_${index}`)}`),
        sql` union all `,
      ),
    };
    reservationTemplates.set(shape, template);
  }
  return template;
}

/**
 * One INSERT … ON CONFLICT per key, as common table expressions of a single statement. The update's
 * WHERE is evaluated on the latest committed row under its row lock, so of N concurrent reservations
 * exactly the allowance get a row back; a locked key is left as it is. The attempt that reaches the
 * first lock sets it, so nothing more is let through while it is being checked. Rows are taken in the order of
 * their keys, here and in `releaseStatement`, so two requests for the same keys cannot wait for each other.
 */
export function reserveAttemptsStatement(keys: AttemptKey[], now: Date): { withClause: SQL; reservedRows: SQL } {
  const ordered = [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)); // as collate "C" orders them
  const template = reservationTemplateOf(ordered.map(({ rule }) => rule));
  const values: Record<string, unknown> = { now: now.toISOString() };
  ordered.forEach(({ key, rule }, index) => {
    const firstLock = lockDurationAfter(1, rule);
    values[`key_${index}`] = key;
    values[`forgetBefore_${index}`] = new Date(now.getTime() - rule.forgetAfter).toISOString();
    values[`initialLock_${index}`] = firstLock === 0 ? null : new Date(now.getTime() + firstLock).toISOString();
  });
  return { withClause: template.withClause(values), reservedRows: template.reservedRows };
}

/**
 * How a release takes its rows. `key_order` (PostgreSQL, where other connections update the same keys at the same
 * time): locked in the order of their keys first, so two releases cannot wait for each other. `none` (the embedded
 * database: one connection that runs one statement at a time, so no other transaction can hold or wait for a row):
 * updated directly, which costs the embedded database about half as much.
 */
export type RowLocking = 'key_order' | 'none';

type ReleaseSlot = `key_${number}` | `failures_${number}` | `freeFailures_${number}` | `ending_${number}`;

/** The release's statement for each number of attempts and of ending keys and each row locking, rendered once. */
const releaseTemplates = new Map<string, (values: Record<ReleaseSlot, unknown>) => SQL>();

function releaseTemplateOf(attempts: number, endingKeys: number, rowLocking: RowLocking | undefined) {
  const shape = `${attempts} ${endingKeys} ${rowLocking ?? ''}`;
  let template = releaseTemplates.get(shape);
  if (template === undefined) {
    template = sqlTemplate<ReleaseSlot>((slot) => {
      const indexes = Array.from({ length: attempts }, (_, index) => index);
      const caseOfKey = (column: (index: number) => SQL) =>
        sql`(case key ${sql.join(
          indexes.map((index) => sql`when ${slot(`key_${index}`)} then ${column(index)}::int`),
          sql` `,
        )} end)`;
      const ownCount = caseOfKey((index) => slot(`failures_${index}`));
      const freeFailures = caseOfKey((index) => slot(`freeFailures_${index}`));
      const keys = sql.join(
        indexes.map((index) => slot(`key_${index}`)),
        sql`, `,
      );
      const rows =
        rowLocking === 'none'
          ? keys
          : sql`select key from ${loginThrottles} where key in (${keys}) order by key collate "C" for update`;
      const isEnding =
        endingKeys === 0
          ? sql`false`
          : sql`key in (${sql.join(
              Array.from({ length: endingKeys }, (_, index) => slot(`ending_${index}`)),
              sql`, `,
            )})`;
      return sql`
      update ${loginThrottles} set
        failures = case when ${isEnding} and failures = ${ownCount} then 0 else greatest(failures - 1, 0) end,
        locked_until = case when failures = ${ownCount} or greatest(failures - 1, 0) <= ${freeFailures} then null else
          locked_until end
      where key in (${rows})`;
    });
    releaseTemplates.set(shape, template);
  }
  return template;
}

/**
 * The UPDATE that gives reserved attempts back (see `release`), for a caller that writes it together with
 * its own statement; null when nothing was reserved.
 */
export function releaseStatement(
  attempts: ReservedAttempt[],
  endingKeys: string[] = [],
  options: { rowLocking?: RowLocking } = {},
): SQL | null {
  if (attempts.length === 0) {
    return null;
  }
  const values: Record<string, unknown> = {};
  attempts.forEach((attempt, index) => {
    values[`key_${index}`] = attempt.key;
    values[`failures_${index}`] = attempt.failures;
    values[`freeFailures_${index}`] = ruleOfKey(attempt.key).freeFailures;
  });
  endingKeys.forEach((key, index) => {
    values[`ending_${index}`] = key;
  });
  return releaseTemplateOf(attempts.length, endingKeys.length, options.rowLocking)(values);
}

export function createThrottleQueries(db: Database, options: { rowLocking?: RowLocking } = {}) {
  return {
    /** Takes one attempt from every key's allowance; returns the keys that had room (a locked one is not touched). */
    async reserve(keys: AttemptKey[], now: Date): Promise<ReservedAttempt[]> {
      const statement = reserveAttemptsStatement(keys, now);
      return rowsOf<ReservedAttempt>(await db.execute(sql`${statement.withClause} ${statement.reservedRows}`));
    },
    /**
     * Gives reserved attempts back in one UPDATE (re-evaluated on the latest row, so concurrent
     * reservations are never lost). The count is failures plus attempts still being checked, and a
     * lock stands only while it is above the free allowance: the lock is lifted when this attempt set
     * it and nobody reserved since, or when the count without this attempt is within the allowance
     * again (the reservation that set it was a correct secret, or is still under way and counted).
     * Otherwise the attempts after it keep counting. A key in `endingKeys` (a correct secret ends its
     * count) drops to zero when the count is still this attempt's: with other attempts still under
     * way it only gives this one back, so they stay within the allowance.
     */
    async release(attempts: ReservedAttempt[], endingKeys: string[] = []): Promise<void> {
      const statement = releaseStatement(attempts, endingKeys, options);
      if (statement !== null) {
        await db.execute(statement);
      }
    },

    /** Of these keys, the ones locked now. */
    async lockedKeys(keys: string[], now: Date): Promise<string[]> {
      if (keys.length === 0) {
        return [];
      }
      const rows = await db
        .select({ key: loginThrottles.key })
        .from(loginThrottles)
        .where(and(inArray(loginThrottles.key, keys), gt(loginThrottles.lockedUntil, now)));
      return rows.map((row) => row.key);
    },
    /** When the key's lock ends, or null when it is not locked now. */
    async lockEndOf(key: string, now: Date): Promise<Date | null> {
      const [row] = await db
        .select({ lockedUntil: loginThrottles.lockedUntil })
        .from(loginThrottles)
        .where(and(eq(loginThrottles.key, key), gt(loginThrottles.lockedUntil, now)));
      return row?.lockedUntil ?? null;
    },
    async clear(keys: string[]): Promise<void> {
      await db.delete(loginThrottles).where(inArray(loginThrottles.key, keys));
    },
  };
}
