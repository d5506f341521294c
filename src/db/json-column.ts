/**
 * A json column as its driver hands it over: node-postgres parses it, the embedded database's driver gives its text.
 */
export function jsonColumnOf<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}
