import { createHash, randomUUID } from 'node:crypto';
import { SQL, sql, type Query } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

/**
 * The comment that opens a statement whose plan PostgreSQL should keep on each connection (put first in its `sql`).
 * For the statements every page request runs (the session, the navigation), parsing, analysing and planning their
 * text cost the database more than running them (the navigation's statement: 1.2 ms to plan, 0.3 ms to run). Such a
 * statement is sent as a named prepared statement, parsed once per connection; PostgreSQL plans it for its first five
 * executions and then keeps a generic plan when that is estimated no worse. Only for statements whose text comes in a
 * few shapes (each shape is one prepared statement per connection) and whose parameters are ids, hashes and times,
 * or whose generic plan was checked to run as fast as the custom one for the shapes of portfolio they meet (the
 * contract list's and the overview's grants, one jsonb parameter: docs/performance.md).
 * The embedded database prepares it the same way outside transactions (pglite-client.ts).
 */
export const KEEP_PLAN = sql.raw(`${keptPlanMark()} `);

function keptPlanMark(): string {
  return '/* kept plan */';
}

/** What a statement built once takes per execution: ids (uuids as text) and times. */
type StatementValue = string | Date;

/** A statement whose text and parameters are already built: drizzle sends them as they are. */
class BuiltStatement extends SQL {
  constructor(private readonly query: Query) {
    super([]);
  }

  override toQuery(): Query {
    return this.query;
  }
}

const dialect = new PgDialect();

/** A stand-in for each value: ids as fresh uuids, times as a random millisecond of a year far off. */
function standInsFor<V extends Record<string, StatementValue>>(kinds: { [K in keyof V]: 'id' | 'time' }): V {
  const values: Record<string, StatementValue> = {};
  for (const [name, kind] of Object.entries(kinds)) {
    values[name] = kind === 'id' ? randomUUID() : new Date(Date.UTC(2999, 0, 1) + Math.floor(Math.random() * 3e10));
  }
  return values as V;
}

/** For each parameter of `query`, the name of the stand-in it is (as itself or as ISO text), or null: a constant. */
function slotsOf(
  query: Query,
  standIns: Record<string, StatementValue>,
): (readonly [string, 'as-is' | 'iso'] | null)[] {
  const entries = Object.entries(standIns);
  return query.params.map((param) => {
    for (const [name, standIn] of entries) {
      if (param === standIn) return [name, 'as-is'] as const;
      if (standIn instanceof Date && param === standIn.toISOString()) return [name, 'iso'] as const;
    }
    return null;
  });
}

/**
 * A statement of every page request whose text drizzle builds once per process rather than on every request: building
 * the navigation's statement (some 9,000 characters from nested templates) cost more of Portico's CPU than sending it
 * and reading its answer. `build` is called with stand-ins for the values (random uuids for ids, random far-off times);
 * each parameter that is a stand-in is filled from the values of each call, every other parameter is a constant of the
 * text. So `build` may use its values only as parameters, never to choose the text: checked when it is first built, by
 * building it with two sets of stand-ins, which must give the same text and the same parameters in the same places.
 */
export function builtOnce<V extends Record<string, StatementValue>>(
  kinds: { [K in keyof V]: 'id' | 'time' },
  build: (values: V) => SQL,
): (values: V) => SQL {
  let built: { query: Query; slots: ReturnType<typeof slotsOf> } | null = null;
  const once = () => {
    const first = standInsFor<V>(kinds);
    const second = standInsFor<V>(kinds);
    const query = dialect.sqlToQuery(build(first));
    const check = dialect.sqlToQuery(build(second));
    const slots = slotsOf(query, first);
    if (
      query.sql !== check.sql ||
      JSON.stringify(slots) !== JSON.stringify(slotsOf(check, second)) ||
      slots.some((slot, index) => slot === null && query.params[index] !== check.params[index])
    ) {
      throw new Error('a statement built once chose its text or a constant by the values it was given');
    }
    return { query, slots };
  };
  return (values) => {
    built ??= once();
    const { query, slots } = built;
    const params = query.params.map((param, index) => {
      const slot = slots[index];
      if (slot === null || slot === undefined) return param;
      const value = values[slot[0]];
      return slot[1] === 'iso' && value instanceof Date ? value.toISOString() : value;
    });
    return new BuiltStatement({ sql: query.sql, params });
  };
}

/** Marked statements come in a few texts each, so their names are kept rather than hashed on every run. */
const MAX_KEPT_NAMES = 256;
const keptNames = new Map<string, string>();

/** The name a marked statement is prepared under (unique per text), or undefined for any other statement. */
export function keptPlanNameOf(text: string): string | undefined {
  const known = keptNames.get(text);
  if (known !== undefined) {
    return known;
  }
  if (!text.trimStart().startsWith(keptPlanMark())) {
    return undefined;
  }
  const name = `kept_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;
  if (keptNames.size >= MAX_KEPT_NAMES) {
    keptNames.clear();
  }
  keptNames.set(text, name);
  return name;
}

interface QueryConfigLike {
  text?: unknown;
  name?: unknown;
}

/**
 * Makes a node-postgres client send each marked statement as a named prepared statement: installed on every client the
 * pool connects. node-postgres parses a name once per connection and afterwards only binds and executes it.
 */
export function keepPlansOn(client: { query: (...args: never[]) => unknown }): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: (...args: unknown[]) => unknown }).query = (config: unknown, ...rest: unknown[]) => {
    if (typeof config === 'object' && config !== null) {
      const { text, name } = config as QueryConfigLike;
      const kept = name === undefined && typeof text === 'string' ? keptPlanNameOf(text) : undefined;
      if (kept !== undefined) {
        return query({ ...config, name: kept }, ...rest);
      }
    }
    return query(config, ...rest);
  };
}
