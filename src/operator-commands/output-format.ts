import { AppError } from '../shared/errors.js';

/** The time zone of the machine the command is typed on, e.g. "Europe/Berlin" (UTC when it has none). */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Checks an IANA time zone name ("Europe/Berlin", "UTC"); a bad one ends the command with one line. */
export function parseTimeZone(value: unknown): string {
  if (typeof value !== 'string' || value.length > 64) {
    throw new AppError('VALIDATION_FAILED', 'Invalid --tz: a time zone name like Europe/Berlin or UTC');
  }
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw new AppError('VALIDATION_FAILED', `Invalid --tz "${value}": a time zone name like Europe/Berlin or UTC`);
  }
}

/** ISO 8601 in that zone with its offset, to the second: 2026-03-29T03:30:00+02:00, or …Z for UTC. */
export function formatInTimeZone(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const wall =
    `${parts['year']}-${parts['month']}-${parts['day']}` + `T${parts['hour']}:${parts['minute']}:${parts['second']}`;
  const offsetMinutes = Math.round((Date.parse(`${wall}Z`) - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  if (offsetMinutes === 0 && (timeZone === 'UTC' || timeZone === 'Etc/UTC')) {
    return `${wall}Z`;
  }
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  return `${wall}${sign}${hours}:${String(absolute % 60).padStart(2, '0')}`;
}

/** "Europe/Berlin (UTC+01:00)" for a header: the zone and its offset now. */
export function describeTimeZone(timeZone: string, now: Date): string {
  const stamp = formatInTimeZone(now, timeZone);
  const offset = stamp.endsWith('Z') ? '+00:00' : stamp.slice(-6);
  return `${timeZone} (UTC${offset})`;
}

/** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
export function alignColumns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, Array.from(cell).length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, index) =>
        index === row.length - 1 ? cell : cell + ' '.repeat((widths[index] ?? 0) - Array.from(cell).length),
      )
      .join('  ')
      .trimEnd(),
  );
}

/** A count with its English noun in singular or plural: "1 row", "3 rows". */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
