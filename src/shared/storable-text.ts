const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a parsed JSON value holds text the database cannot store as it was sent: a NUL character
 * (PostgreSQL's text refuses it) or half of a UTF-16 surrogate pair (not a character at all, and not
 * encodable as UTF-8). Such input is refused with a clear error instead of failing deep in a write.
 */
export function hasUnstorableText(value: unknown): boolean {
  if (typeof value === 'string') {
    return value.includes('\u0000') || UNPAIRED_SURROGATE.test(value);
  }
  if (Array.isArray(value)) {
    return value.some(hasUnstorableText);
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, item]) => hasUnstorableText(key) || hasUnstorableText(item));
  }
  return false;
}
