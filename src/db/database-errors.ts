/** Error codes that mean "the database cannot be reached right now", not "this request was wrong". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08006', // connection_failure
]);

const UNAVAILABLE_MESSAGES = [/Connection terminated/i, /timeout exceeded when trying to connect/i, /Client has encountered a connection error/i];

/** Walks the cause chain (the ORM wraps driver errors) looking for a lost or refused connection. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) {
      return true;
    }
    if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(current instanceof Error ? current.message : ''))) {
      return true;
    }
    if (current instanceof AggregateError && current.errors.some((inner) => isDatabaseUnavailable(inner))) {
      return true;
    }
  }
  return false;
}

/**
 * SQLSTATEs and system errors that mean "the database can read but cannot write": 53100 (disk_full),
 * 58030 (io_error), 25006 (read-only transaction, as on a standby), and the file system's own codes
 * where the embedded database writes its folder.
 */
const WRITE_FAILURE_CODES = new Set(['53100', '58030', '25006', 'ENOSPC', 'EROFS', 'EDQUOT', 'EIO']);
const WRITE_FAILURE_MESSAGES = [/No space left on device/i, /could not (extend|write to) file/i, /read-only file system/i, /read-only transaction/i];

/** Why the database cannot write, in one line taken from the driver's error, or null when the error means something else. */
export function describeDatabaseWriteFailure(error: unknown): string | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    const message = current.message;
    if ((typeof code === 'string' && WRITE_FAILURE_CODES.has(code)) || WRITE_FAILURE_MESSAGES.some((pattern) => pattern.test(message))) {
      return message.replace(/\s+/g, ' ').trim().slice(0, 300);
    }
  }
  return null;
}
