import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

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
