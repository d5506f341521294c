import { stringify } from 'csv-stringify/sync';
import type { Services } from '../../services.js';
import { Hono } from 'hono';
import type { AuditFilter } from '../../modules/audit/audit-repo.js';
import { parseEmailAddress } from '../../modules/identities/email-address.js';
import type { StaffContext, StaffEnv } from '../context.js';
import { renderErrorPage } from '../pages/error-page.js';
import {
  actorOf,
  AUDIT_KIND_NAMES,
  AUDIT_TIME,
  AuditPage,
  CSV_TRANSLATOR,
  kindName,
  type FilterErrors,
  type ShownFilter,
} from '../pages/audit-page.js';
import { translatorOf } from '../language.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import { required } from '../../shared/required.js';

const PAGE_SIZE = 50;
const CSV_MAX_ROWS = 50_000;
const CURSOR =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

interface ParsedFilter {
  filter: AuditFilter;
  shown: ShownFilter;
  errors: FilterErrors;
}

const TIME_ZONE = 'Europe/Berlin';
const BERLIN_OFFSET = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' });

/** Minutes Berlin is ahead of UTC at this instant (60 in winter, 120 in summer). */
function berlinOffsetMinutes(at: Date): number {
  const name = BERLIN_OFFSET.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  return match === null ? 0 : (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/**
 * The instant a calendar day begins in Berlin. Clocks change at 02:00 or 03:00 local time, so the offset three hours
 * before UTC midnight is the one in force at Berlin's midnight.
 */
export function berlinDayStart(day: { year: number; month: number; day: number }): Date {
  const utcMidnight = Date.UTC(day.year, day.month - 1, day.day);
  return new Date(utcMidnight - berlinOffsetMinutes(new Date(utcMidnight - 3 * 3_600_000)) * 60_000);
}

/** A day as a date input sends it (2026-03-01) or as typed in German (1.3.2026); null when it is no calendar day. */
export function parseDay(value: string): { year: number; month: number; day: number } | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  const parts = iso !== null ? [iso[1], iso[2], iso[3]] : german !== null ? [german[3], german[2], german[1]] : null;
  if (parts === null) {
    return null;
  }
  const [year, month, day] = parts.map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 2000 && year <= 9999 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    ? { year, month, day }
    : null;
}

const asInputValue = (day: { year: number; month: number; day: number }): string =>
  `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;

/**
 * Reads the filter from the address; anything malformed is shown next to its field with a 422, never an error page.
 * "von" and "bis" are whole days in Berlin: from the start of "von" to the end of "bis".
 */
function readFilter(c: StaffContext): ParsedFilter {
  const person = (c.req.query('person') ?? '').slice(0, 254).trim();
  const kind = c.req.query('ereignis') ?? '';
  const fromText = (c.req.query('von') ?? '').slice(0, 20).trim();
  const untilText = (c.req.query('bis') ?? '').slice(0, 20).trim();
  const filter: AuditFilter = {};
  const errors: FilterErrors = {};
  if (person !== '') {
    const address = parseEmailAddress(person);
    if (address === null) {
      errors.person = { code: 'AUDIT_FILTER_EMAIL_INVALID' };
    } else {
      filter.email = address.canonical;
    }
  }
  if (kind !== '' && AUDIT_KIND_NAMES[kind] !== undefined) {
    filter.kind = kind;
  }
  const from = fromText === '' ? null : parseDay(fromText);
  const until = untilText === '' ? null : parseDay(untilText);
  if (fromText !== '' && from === null) {
    errors.von = { code: 'DAY_FILTER_INVALID' };
  }
  if (untilText !== '' && until === null) {
    errors.bis = { code: 'DAY_FILTER_INVALID' };
  }
  if (from !== null && until !== null && asInputValue(until) < asInputValue(from)) {
    errors.bis = { code: 'DAY_RANGE_REVERSED' };
  }
  if (from !== null) {
    filter.from = berlinDayStart(from);
  }
  if (until !== null) {
    filter.until = berlinDayStart({ ...until, day: until.day + 1 });
  }
  const cursor = CURSOR.exec(c.req.query('vor') ?? '');
  if (cursor !== null) {
    filter.before = { createdAt: new Date(required(cursor[1])), id: required(cursor[2]) };
  }
  return {
    filter,
    shown: {
      email: person,
      kind: filter.kind ?? '',
      from: from === null ? fromText : asInputValue(from),
      until: until === null ? untilText : asInputValue(until),
    },
    errors,
  };
}

function queryOf(shown: ShownFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (shown.email !== '') params.set('person', shown.email);
  if (shown.kind !== '') params.set('ereignis', shown.kind);
  if (shown.from !== '') params.set('von', shown.from);
  if (shown.until !== '') params.set('bis', shown.until);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * A spreadsheet opening the file must not run a cell as a formula (CSV injection): cells that
 * start with = + - @ or a control character get a leading apostrophe.
 */
function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The tenant's audit log for its staff: filter by person and kind, page back in time, export as CSV. */
export function auditRoutes({ audit }: Pick<Services, 'audit'>) {
  const app = new Hono<StaffEnv>();

  app.get('/audit', async (c) => {
    const tenant = c.var.tenant;
    const { filter, shown, errors } = readFilter(c);
    const isValid = Object.keys(errors).length === 0;
    const rows = isValid ? await audit.listForTenant(tenant.id, PAGE_SIZE + 1, filter) : [];
    const last = rows.length > PAGE_SIZE ? rows[PAGE_SIZE - 1] : undefined;
    return renderPage(
      c,
      {
        title: translatorOf(c)('Protokoll'),
        status: isValid ? 200 : 422,
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
      },
      <AuditPage
        role={c.var.staffRole}
        rows={rows.slice(0, PAGE_SIZE)}
        filter={shown}
        filterErrors={errors}
        nextQuery={last === undefined ? null : queryOf(shown, { vor: `${last.createdAt.toISOString()}_${last.id}` })}
        csvQuery={queryOf(shown)}
      />,
    );
  });

  app.get('/audit.csv', async (c) => {
    const tenant = c.var.tenant;
    const { filter, errors } = readFilter(c);
    if (Object.keys(errors).length > 0) {
      return renderErrorPage(c, 400, 'bad_request');
    }
    const { before: _ignored, ...withoutCursor } = filter;
    const rows = await audit.listForTenant(tenant.id, CSV_MAX_ROWS, withoutCursor);
    const records = rows.map((row) =>
      [
        row.createdAt.toISOString(),
        AUDIT_TIME.format(row.createdAt),
        row.kind,
        kindName(CSV_TRANSLATOR, row.kind),
        row.detail ?? '',
        row.email ?? '',
        actorOf(CSV_TRANSLATOR, row),
        row.origin,
        row.userAgent ?? '',
        row.grantName ?? '',
      ].map(safeCell),
    );
    // Excel in Germany reads ";" and needs the byte order mark to take UTF-8.
    const csv =
      '\uFEFF' +
      stringify(
        [
          [
            'Zeit (UTC)',
            'Zeit (Berlin)',
            'Ereignis-Code',
            'Ereignis',
            'Details',
            'Person',
            'Ausgeführt von',
            'Adresse',
            'Browser',
            'Freischaltung',
          ],
          ...records,
        ],
        { delimiter: ';' },
      );
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="protokoll-${tenant.slug}.csv"`);
    return c.body(csv);
  });

  return app;
}
