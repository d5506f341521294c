import { stringify } from 'csv-stringify/sync';
import { Hono } from 'hono';
import type { AuditFilter } from '../../modules/audit/audit-repo.js';
import { parseEmailAddress } from '../../modules/identities/email-address.js';
import type { StaffContext, StaffEnv } from '../context.js';
import { renderErrorPage } from '../pages/error-page.js';
import { actorOf, AUDIT_KIND_NAMES, AUDIT_TIME, AuditPage, CSV_TRANSLATOR, kindName } from '../pages/audit-page.js';
import type { Message } from '../../shared/i18n/translator.js';
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
  shown: { email: string; kind: string };
  error: Message | null;
}

/** Reads the filter from the address; anything malformed is ignored with a message, never an error page. */
function readFilter(c: StaffContext): ParsedFilter {
  const person = (c.req.query('person') ?? '').slice(0, 254).trim();
  const kind = c.req.query('ereignis') ?? '';
  const filter: AuditFilter = {};
  let error: Message | null = null;
  if (person !== '') {
    const address = parseEmailAddress(person);
    if (address === null) {
      error = 'Bitte geben Sie eine vollständige E-Mail-Adresse ein, z. B. name@beispiel.de.';
    } else {
      filter.email = address.canonical;
    }
  }
  if (kind !== '' && AUDIT_KIND_NAMES[kind] !== undefined) {
    filter.kind = kind;
  }
  const cursor = CURSOR.exec(c.req.query('vor') ?? '');
  if (cursor !== null) {
    filter.before = { createdAt: new Date(required(cursor[1])), id: required(cursor[2]) };
  }
  return { filter, shown: { email: person, kind: filter.kind ?? '' }, error };
}

function queryOf(shown: { email: string; kind: string }, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (shown.email !== '') params.set('person', shown.email);
  if (shown.kind !== '') params.set('ereignis', shown.kind);
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
export function auditRoutes() {
  const app = new Hono<StaffEnv>();

  app.get('/audit', async (c) => {
    const tenant = c.var.tenant;
    const { filter, shown, error } = readFilter(c);
    const rows = error === null ? await c.get('services').audit.listForTenant(tenant.id, PAGE_SIZE + 1, filter) : [];
    const last = rows.length > PAGE_SIZE ? rows[PAGE_SIZE - 1] : undefined;
    return renderPage(
      c,
      {
        title: translatorOf(c)('Protokoll'),
        status: error === null ? 200 : 422,
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
      },
      <AuditPage
        role={c.var.staffRole}
        rows={rows.slice(0, PAGE_SIZE)}
        filter={shown}
        filterError={error}
        nextQuery={last === undefined ? null : queryOf(shown, { vor: `${last.createdAt.toISOString()}_${last.id}` })}
        csvQuery={queryOf(shown)}
      />,
    );
  });

  app.get('/audit.csv', async (c) => {
    const tenant = c.var.tenant;
    const { filter, error } = readFilter(c);
    if (error !== null) {
      return renderErrorPage(c, 400, 'bad_request');
    }
    const { before: _ignored, ...withoutCursor } = filter;
    const rows = await c.get('services').audit.listForTenant(tenant.id, CSV_MAX_ROWS, withoutCursor);
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
