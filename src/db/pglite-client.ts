import type { PGlite, QueryOptions, Results, Transaction } from '@electric-sql/pglite';
import { keptPlanNameOf } from './kept-plans.js';

/** What the kept plans need of PGlite's module, handed in by the caller that loaded it (loaded only when used). */
export type PgliteProtocol = Pick<typeof import('@electric-sql/pglite'), 'protocol' | 'parse'>;

/**
 * The types drizzle's PGlite driver reads as text and converts itself (timestamps, dates,
 * intervals, numeric and their arrays); it passes these parsers, all `(value) => value`, with
 * every query.
 */
const TYPES_KEPT_AS_TEXT = new Set([1082, 1114, 1184, 1186, 1182, 1115, 1185, 1187, 1231]);

type Queryable = Pick<Transaction, 'query'>;

/**
 * The client drizzle is given. PGlite copies its whole table of parsers (several hundred entries)
 * into a new object for every query that brings parsers of its own, which cost more than a
 * quarter of a millisecond per query; so the instance keeps those types as text once, and each
 * query that asks for nothing more leaves its parsers out.
 */
export function clientForDrizzle(client: PGlite, pglite: PgliteProtocol): PGlite {
  for (const type of TYPES_KEPT_AS_TEXT) {
    client.parsers[type] = (value: string) => value;
  }
  const query = queryKeepingPlans(client, pglite, queryWithInstanceParsers(client));
  const transaction = <T>(callback: (tx: Transaction) => Promise<T>): Promise<T> =>
    // The transaction's own methods are closures over it, so an object inheriting them may stand in for it.
    client.transaction((tx) =>
      callback(Object.assign(Object.create(tx) as Transaction, { query: queryWithInstanceParsers(tx) })),
    );
  // Drizzle calls only these two; everything else is the instance's own.
  return new Proxy(client, {
    get: (target, key) => {
      if (key === 'query') {
        return query;
      }
      if (key === 'transaction') {
        return transaction;
      }
      const value: unknown = Reflect.get(target, key);
      return value;
    },
  });
}

function queryWithInstanceParsers(target: Queryable): Queryable['query'] {
  return (text, params, options) =>
    target.query(text, params, isCoveredByInstance(options) ? { ...options, parsers: undefined } : options);
}

function isCoveredByInstance(options: QueryOptions | undefined): boolean {
  return (
    options?.parsers !== undefined && Object.keys(options.parsers).every((type) => TYPES_KEPT_AS_TEXT.has(Number(type)))
  );
}

/**
 * PGlite's `query` sends every statement unnamed, so PostgreSQL inside the WebAssembly parses, analyses and plans it
 * afresh each time, in six calls into the module. For the login's statements that cost several times more than
 * running them. A statement marked with KEEP_PLAN (kept-plans.ts) is parsed once under its name and afterwards bound
 * and executed in one call. Only outside transactions: inside one, PGlite's transaction object runs its statements
 * itself, and they go the usual way.
 */
function queryKeepingPlans(client: PGlite, pglite: PgliteProtocol, usual: Queryable['query']): Queryable['query'] {
  const { serialize } = pglite.protocol;
  /** The parameter types of each statement prepared on this instance. */
  const prepared = new Map<string, number[]>();

  async function prepare(name: string, text: string): Promise<number[]> {
    const known = prepared.get(name);
    if (known !== undefined) {
      return known;
    }
    const message = concatenate([
      serialize.parse({ name, text }),
      serialize.describe({ type: 'S', name }),
      serialize.sync(),
    ]);
    const { messages } = await client.execProtocol(message, { syncToFs: false });
    const types = pglite.parse.parseDescribeStatementResults(messages);
    prepared.set(name, types);
    return types;
  }

  const query = async <T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> => {
    const name = keptPlanNameOf(text);
    if (name === undefined || options?.blob !== undefined) {
      return usual<T>(text, params, options);
    }
    await client._checkReady();
    // The same two locks as PGlite's own `query`: no other statement or open transaction in between.
    return client._runExclusiveTransaction(() =>
      client._runExclusiveQuery(async () => {
        const types = await prepare(name, text);
        const values = (params ?? []).map((value, index) => serializedParameter(client, value, types[index], options));
        const message = concatenate([
          serialize.bind({ statement: name, values }),
          serialize.describe({ type: 'P' }),
          serialize.execute({}),
          serialize.sync(),
        ]);
        const { messages } = await client.execProtocol(message, { syncToFs: false });
        await client.syncToFs();
        const parsers = isCoveredByInstance(options) ? { ...options, parsers: undefined } : options;
        return pglite.parse.parseResults(messages, client.parsers, parsers)[0] as Results<T>;
      }),
    );
  };
  return query;
}

/** As PGlite's `query` turns a parameter into text: by the serializer of the type PostgreSQL inferred for it. */
function serializedParameter(
  client: PGlite,
  value: unknown,
  type: number | undefined,
  options: QueryOptions | undefined,
): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  const serializer = type === undefined ? undefined : (options?.serializers?.[type] ?? client.serializers[type]);
  if (serializer !== undefined) {
    return serializer(value);
  }
  // PGlite's own `query` does the same for a type without a serializer.
  return (value as { toString(): string }).toString();
}

function concatenate(parts: Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.length;
  }
  return whole;
}
