import pino, { type DestinationStream, type Logger } from 'pino';

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** Fields every line has; the readable form shows them in front, not as key=value. */
const HEADER_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

/**
 * One pino JSON line as a line for a person at a terminal: local time, level, message, the other
 * fields as key=value, an error's stack below. A line that is not JSON is returned as it is.
 */
export function formatLogLine(jsonLine: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine.endsWith('\n') ? jsonLine : `${jsonLine}\n`;
  }
  const time = typeof record['time'] === 'number' ? new Date(record['time']) : new Date();
  const clock = [time.getHours(), time.getMinutes(), time.getSeconds()]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
  const level = (LEVEL_NAMES[Number(record['level'])] ?? String(record['level'])).padEnd(5);
  const fields: string[] = [];
  let stack: string | null = null;
  for (const [key, value] of Object.entries(record)) {
    if (HEADER_FIELDS.has(key)) {
      continue;
    }
    if (key === 'err' && typeof value === 'object' && value !== null) {
      const error = value as { message?: unknown; stack?: unknown };
      fields.push(`err=${JSON.stringify(typeof error.message === 'string' ? error.message : '')}`);
      stack = typeof error.stack === 'string' ? error.stack : null;
      continue;
    }
    fields.push(`${key}=${typeof value === 'string' && !/[\s"=]/.test(value) ? value : JSON.stringify(value)}`);
  }
  const message = typeof record['msg'] === 'string' ? record['msg'] : '';
  const line = [`${clock}.${String(time.getMilliseconds()).padStart(3, '0')}`, level, message, ...fields]
    .filter((part) => part !== '')
    .join(' ');
  return stack === null ? `${line}\n` : `${line}\n${stack.replace(/^/gm, '    ')}\n`;
}

/** A destination that writes each line readable (see formatLogLine) to `write`. */
export function readableDestination(write: (text: string) => void): DestinationStream {
  return {
    write(jsonLine: string): void {
      write(formatLogLine(jsonLine));
    },
  };
}

/**
 * pino logs; anything that looks like a secret is removed before it is written. To a stdout or stderr
 * that is not a terminal (a process manager, a container, a pipe): JSON lines for a collector. To a
 * terminal: readable lines (`format: 'json'` keeps JSON there too).
 */
export function createLogger(options: {
  level: string;
  destination?: 1 | 2 | DestinationStream;
  format?: 'json' | 'readable';
}): Logger {
  const destination = options.destination ?? 1;
  const terminal = destination === 2 ? process.stderr : process.stdout;
  const format = options.format ?? (typeof destination === 'number' && terminal.isTTY ? 'readable' : 'json');
  const stream =
    typeof destination !== 'number'
      ? destination
      : format === 'readable'
        ? readableDestination((text) => terminal.write(text))
        : pino.destination(destination);
  return pino(
    {
      level: options.level,
      redact: {
        paths: [
          'password',
          '*.password',
          'token',
          '*.token',
          'ticket',
          'code',
          'req.headers.cookie',
          'headers.cookie',
          'headers.authorization',
        ],
        remove: true,
      },
    },
    stream,
  );
}
