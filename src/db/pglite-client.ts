import type { PGlite, QueryOptions, Transaction } from '@electric-sql/pglite';

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
export function clientForDrizzle(client: PGlite): PGlite {
  for (const type of TYPES_KEPT_AS_TEXT) {
    client.parsers[type] = (value: string) => value;
  }
  const query = queryWithInstanceParsers(client);
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
