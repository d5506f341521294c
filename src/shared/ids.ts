const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a value from outside (an address, a form, the API) is a UUID as PostgreSQL reads one. Checked
 * before it reaches a query: anything else would make the database refuse the statement, which must be
 * an ordinary "not found", never a server error.
 */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
