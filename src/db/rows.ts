/** The rows of a raw statement (`db.execute`): both drivers hand them over as `{ rows }`. */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
