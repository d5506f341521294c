import { randomUUID } from 'node:crypto';
import { SQL, sql, type Query } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

/*
 * Statements whose text drizzle renders once per process instead of on every run, for the statements of every login
 * and every page. Two ways in, for two ways of writing the statement:
 * - `sqlTemplate`: written anew with named slots; the builder never sees a value, so a value cannot shape the text.
 * - `builtOnce`: made by the modules' existing builders, which take ids and times; built with stand-ins for them and
 *   checked, by building it twice, that the values only ever become parameters.
 * A statement of many shapes (the document list, by scope and filter) cannot be rendered once; it is written as text
 * with its values bound in order (`statementOf` of the documents' repo).
 */

const dialect = new PgDialect();
const PARAMETER = /\$(\d+)/g;

/**
 * A statement of a fixed shape whose text drizzle renders once: afterwards each statement made from it is one flat
 * `sql` of the rendered text's pieces and its values. Drizzle renders a statement by walking its tree of nested `sql`
 * pieces, tables and columns anew on every run; for the login's statements (about sixty parameters) that walk cost
 * about four times as much as rendering the same statement flat, on every login.
 *
 * `build` writes the statement as usual with `slot(name)` wherever a value or a piece of SQL is given later; its
 * constant parameters stay in the template. A slot's value is a parameter, or, when it is an `sql` piece, is written
 * into the statement in its place (its own parameters numbered in turn), as drizzle does with nested `sql`.
 */
export function sqlTemplate<Name extends string>(
  build: (slot: (name: Name) => SQL) => SQL,
): (values: Record<Name, unknown>) => SQL {
  const names: Name[] = [];
  // Each slot is a parameter of its own whose value is the slot's index, so the rendered text says where each goes.
  const slotMarker = Symbol('slot');
  const slot = (name: Name): SQL => {
    names.push(name);
    return sql`${{ [slotMarker]: names.length - 1 }}`;
  };
  const { sql: text, params } = dialect.sqlToQuery(build(slot));
  const pieces = text.split(PARAMETER).filter((_, index) => index % 2 === 0);
  const numbers = [...text.matchAll(PARAMETER)].map((match) => Number(match[1]));
  // The text is split at every parameter, so it must name each one once, in order (no `$n` of its own).
  if (numbers.length !== params.length || numbers.some((number, index) => number !== index + 1)) {
    throw new Error('sqlTemplate: the rendered text does not name its parameters once each, in order');
  }
  const strings = Object.assign(pieces, { raw: pieces }) as unknown as TemplateStringsArray;
  // For each parameter: the slot it fills, or null for a constant of the template, kept as it is.
  const slotNames = params.map((param): Name | null => {
    const index = (param as { [slotMarker]?: number } | null)?.[slotMarker];
    return index === undefined ? null : (names[index] ?? null);
  });
  return (values) => sql(strings, ...slotNames.map((name, index) => (name === null ? params[index] : values[name])));
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
