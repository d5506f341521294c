/**
 * The value where the code knows there is one (the row an insert returned, a key just put into a map, a
 * group the pattern always captures): a missing one is a defect and stops here, not at some later use.
 */
export function required<T>(value: T, what = 'value'): NonNullable<T> {
  if (value === null || value === undefined) {
    throw new Error(`Expected a ${what}, found ${String(value)}`);
  }
  return value;
}
