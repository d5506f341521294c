import { AdminNav } from './admin-nav.js';
import { message, translatorFor, type Message, type Text, type Translator } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import { FilterForm, Notice, ScrollRegion } from './components.js';

export interface AuditRow {
  id: string;
  kind: string;
  origin: string;
  userAgent: string | null;
  detail: string | null;
  createdAt: Date;
  email: string | null;
  actorEmail: string | null;
}

/** What each kind of event means, in the staff's words; kinds without a name are shown as they are. */
export const AUDIT_KIND_NAMES: Record<string, Message> = {
  'login.succeeded': message('Anmeldung'),
  'login.failed': message('Anmeldung fehlgeschlagen'),
  'login.locked': message('Anmeldung vorübergehend gesperrt'),
  'login.email_unconfirmed': message('Anmeldung mit unbestätigter E-Mail-Adresse'),
  'password.set': message('Passwort festgelegt'),
  'password.reset': message('Passwort zurückgesetzt'),
  'password.changed': message('Passwort geändert'),
  'email.confirmed': message('E-Mail-Adresse bestätigt'),
  'email.changed': message('E-Mail-Adresse geändert'),
  'invitation.created': message('Einladung verschickt'),
  'access.granted': message('Zugang freigeschaltet'),
  'sessions.ended_others': message('Andere Sitzungen beendet'),
  'login.unlocked': message('Sperre aufgehoben'),
  'email.change_requested': message('Änderung der E-Mail-Adresse angefordert'),
  'email.change_requested_by_staff': message('Änderung der E-Mail-Adresse durch die Verwaltung angefragt'),
  'invitation.readdressed': message('Einladung an die korrigierte E-Mail-Adresse umgeleitet'),
  'invitation.revoked': message('Einladung widerrufen'),
  'invitation.accepted': message('Einladung angenommen (erste Anmeldung)'),
  'access.removed': message('Zugang entfernt'),
  'person.deactivated': message('Person deaktiviert'),
  'person.reactivated': message('Person reaktiviert'),
  'grant.created': message('Freischaltung angelegt'),
  'grant.changed': message('Freischaltung geändert'),
  'grant.deleted': message('Freischaltung gelöscht'),
  'second_factor.added': message('Zweiter Faktor eingerichtet'),
  'second_factor.removed': message('Zweiter Faktor entfernt'),
  'second_factor.used': message('Anmeldung mit zweitem Faktor'),
  'second_factor.failed': message('Zweiter Faktor falsch'),
  'second_factor.recovery_code_used': message('Wiederherstellungscode verwendet'),
  'second_factor.recovery_codes_renewed': message('Wiederherstellungscodes erneuert'),
  'settings.changed': message('Einstellungen geändert'),
  'profile.changed': message('Freischaltungsprofil geändert'),
};

/** The CSV export stays German whatever the page language: its columns are what spreadsheets and imports expect. */
export const AUDIT_TIME = new Intl.DateTimeFormat('de-DE', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'Europe/Berlin',
});
export const CSV_TRANSLATOR = translatorFor('de');

const API_ORIGIN_PREFIX = 'api:';

/**
 * Who acted: a staff member, the broker's CRM by its API key, the operator on the command line, or the person
 * themselves.
 */
export function actorOf(t: Translator, row: Pick<AuditRow, 'actorEmail' | 'email' | 'origin'>): string {
  if (row.actorEmail !== null) {
    return row.actorEmail;
  }
  if (row.origin === 'cli') {
    return t('Betreiber (Kommandozeile)');
  }
  if (row.origin.startsWith(API_ORIGIN_PREFIX)) {
    return t('API-Schlüssel {prefix}', { prefix: row.origin.slice(API_ORIGIN_PREFIX.length) });
  }
  return row.email === null ? '–' : t('die Person selbst');
}

/** An event kind in words; kinds without a name are shown as they are. */
export function kindName(t: Translator, kind: string): string {
  const name = AUDIT_KIND_NAMES[kind];
  return name === undefined ? kind : t(name);
}

export function AuditPage(props: {
  role: 'staff_admin' | 'staff_user';
  rows: AuditRow[];
  filter: { email: string; kind: string };
  filterError: Text | null;
  nextQuery: string | null;
  csvQuery: string;
}) {
  const t = useTranslator();
  return (
    <section class="stack admin">
      <AdminNav current="audit" role={props.role} />
      <h1>{t('Verwaltung: Protokoll')}</h1>
      <p>
        {t(
          'Anmeldungen, Passwörter, Einladungen und Änderungen in Ihrem Portal – wer, wann und von welcher Adresse. Passwörter und Links stehen nie im Protokoll.',
        )}
      </p>
      <FilterForm action="/admin/audit" submitLabel={t('Filtern')}>
        <div class="field">
          <label for="filter-email">{t('Person (E-Mail-Adresse)')}</label>
          <input
            id="filter-email"
            name="person"
            type="email"
            autocomplete="off"
            value={props.filter.email}
            aria-invalid={props.filterError ? 'true' : undefined}
          />
        </div>
        <div class="field">
          <label for="filter-kind">{t('Ereignis')}</label>
          <select id="filter-kind" name="ereignis">
            <option value="" selected={props.filter.kind === ''}>
              {t('Alle Ereignisse')}
            </option>
            {Object.entries(AUDIT_KIND_NAMES).map(([kind, name]) => (
              <option value={kind} selected={props.filter.kind === kind}>
                {t(name)}
              </option>
            ))}
          </select>
        </div>
      </FilterForm>
      {props.filterError === null ? null : <Notice kind="error">{t.text(props.filterError)}</Notice>}
      <p>
        <a href={`/admin/audit.csv${props.csvQuery}`}>{t('Als CSV-Datei herunterladen')}</a>{' '}
        {t('(mit diesem Filter, höchstens {count} Einträge)', { count: 50_000 })}
      </p>
      {props.rows.length === 0 ? (
        <p>{t('Keine Einträge für diesen Filter.')}</p>
      ) : (
        <ScrollRegion label={t('Protokolleinträge')}>
          <table class="table">
            <caption class="visually-hidden">{t('Protokolleinträge, neueste zuerst')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Zeit')}</th>
                <th scope="col">{t('Ereignis')}</th>
                <th scope="col">{t('Person')}</th>
                <th scope="col">{t('Ausgeführt von')}</th>
                <th scope="col">{t('Adresse')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((row) => (
                <tr>
                  <td>{t.dateTime(row.createdAt, { date: 'medium', time: 'medium' })}</td>
                  <td>
                    {kindName(t, row.kind)}
                    {row.detail === null ? null : <span class="muted">{` – ${row.detail}`}</span>}
                  </td>
                  <td>{row.email ?? '–'}</td>
                  <td>{actorOf(t, row)}</td>
                  <td>{row.origin === 'cli' ? '–' : row.origin}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {props.nextQuery === null ? null : (
        <p>
          <a href={`/admin/audit${props.nextQuery}`}>{t('Ältere Einträge')}</a>
        </p>
      )}
    </section>
  );
}
