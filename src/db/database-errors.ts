import { AppError, isAppError, type ErrorCode } from '../shared/errors.js';

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

const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
];

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

/** SQLSTATE unique_violation; PGlite reports the same code and constraint name as the server. */
const UNIQUE_VIOLATION = '23505';

/** The unique constraints two people can race for, and what the loser is told. */
const TAKEN_BY_CONSTRAINT: Record<string, { code: ErrorCode; message: string }> = {
  tenants_slug_unique: { code: 'TENANT_SLUG_TAKEN', message: 'A tenant with this slug exists already' },
  tenant_hosts_host_unique: { code: 'HOST_TAKEN', message: 'This host is already in use' },
  grants_tenant_name: { code: 'GRANT_NAME_TAKEN', message: 'A grant of this name exists already' },
  grant_profiles_tenant_name: { code: 'PROFILE_NAME_TAKEN', message: 'A profile of this name exists already' },
};

/**
 * A check-then-insert loses a race against another request now and then; the database's unique
 * constraint then decides. That answer becomes the same *_TAKEN error the check would have given.
 */
export function takenErrorOf(error: unknown): AppError | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const { code, constraint } = current as { code?: unknown; constraint?: unknown };
    if (code === UNIQUE_VIOLATION && typeof constraint === 'string') {
      const taken = TAKEN_BY_CONSTRAINT[constraint];
      return taken === undefined ? null : new AppError(taken.code, taken.message);
    }
  }
  return null;
}

/**
 * SQLSTATEs for text the database cannot store: 22021 (character_not_in_repertoire: a NUL character or a byte that is
 * no UTF-8) and 22P05 (untranslatable_character). The request was wrong, not the server; nothing was written.
 */
const UNSTORABLE_TEXT_CODES = new Set(['22021', '22P05']);

/** Whether the database refused a value's text as such (a NUL character in a name, say). */
export function isUnstorableTextError(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && UNSTORABLE_TEXT_CODES.has(code)) {
      return true;
    }
    if (/invalid byte sequence for encoding/i.test(current.message)) {
      return true;
    }
  }
  return false;
}

/**
 * The expected failure this error stands for: itself when it is one, the mapped unique violation, or null for a defect.
 */
export function expectedErrorOf(error: unknown): AppError | null {
  return isAppError(error) ? error : takenErrorOf(error);
}

/**
 * SQLSTATEs and system errors that mean "the database can read but cannot write": 53100 (disk_full),
 * 58030 (io_error), 25006 (read-only transaction, as on a standby), and the file system's own codes
 * where the embedded database writes its folder.
 */
const WRITE_FAILURE_CODES = new Set(['53100', '58030', '25006', 'ENOSPC', 'EROFS', 'EDQUOT', 'EIO']);
const WRITE_FAILURE_MESSAGES = [
  /No space left on device/i,
  /could not (extend|write to) file/i,
  /read-only file system/i,
  /read-only transaction/i,
];

/**
 * What a command tells the operator when the database cannot write: the cause in one line and what to do, or null
 * when the error means something else.
 */
export function commandWriteFailure(error: unknown): AppError | null {
  const cause = describeDatabaseWriteFailure(error);
  return cause === null
    ? null
    : new AppError(
        'DATABASE_WRITE_FAILED',
        `The database cannot write: ${cause}. Free space or make it writable again; the portal recovers by itself.`,
      );
}

/**
 * Why the database cannot write, in one line taken from the driver's error, or null when the error means something
 * else.
 */
export function describeDatabaseWriteFailure(error: unknown): string | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    const message = current.message;
    if (
      (typeof code === 'string' && WRITE_FAILURE_CODES.has(code)) ||
      WRITE_FAILURE_MESSAGES.some((pattern) => pattern.test(message))
    ) {
      return message.replace(/\s+/g, ' ').trim().slice(0, 300);
    }
  }
  return null;
}
