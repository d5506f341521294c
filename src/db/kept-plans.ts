import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';

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

/**
 * A statement's conditions besides the row's key, written so that no index can serve them: the row is then found by
 * its primary key. A kept plan is made once, often while the tables are still small and not yet analysed (the
 * statistics are renewed only after enough rows changed: `table-statistics.ts`); then a tenant's own indexes look as
 * cheap as the key, and the plan kept until then reads every row of the tenant to find one.
 */
export function besidesTheKey(condition: SQL): SQL {
  return sql`(${condition}) is true`;
}

function keptPlanMark(): string {
  return '/* kept plan */';
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
