import { AdminNav } from './admin-nav.js';
import { DOCUMENT_LINK_ORIGIN } from '../../modules/documents/document-link.js';
import { textOfError } from '../../shared/error-registry.js';
import type { ErrorDetail } from '../../shared/errors.js';
import { message, translatorFor, type Message, type Translator } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import { FilterForm, FilterSelect, Notice, ScrollRegion } from './components.js';

export interface AuditRow {
  id: string;
  kind: string;
  origin: string;
  userAgent: string | null;
  detail: string | null;
  createdAt: Date;
  email: string | null;
  actorEmail: string | null;
  /** The Freischaltung the event concerns: its name now, or at the time when it is gone. */
  grantName?: string | null;
}

/** The filter's fields as entered, shown again in the form. */
export interface ShownFilter {
  email: string;
  kind: string;
  /** Days as a date input sends them: 2026-03-01. */
  from: string;
  until: string;
}

/** A refused filter field and why (its code); the page answers 422 with the code's message next to the field. */
export type FilterErrors = Partial<Record<'person' | 'von' | 'bis', ErrorDetail>>;

function FilterField(props: {
  id: string;
  name: 'person' | 'von' | 'bis';
  label: string;
  type: 'email' | 'date';
  value: string;
  errors: FilterErrors;
}) {
  const t = useTranslator();
  const error = props.errors[props.name];
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {error === undefined ? null : (
        <p class="field-error" id={`${props.id}-error`} data-error-code={error.code}>
          {t.text(textOfError(error))}
        </p>
      )}
      <input
        id={props.id}
        name={props.name}
        type={props.type}
        autocomplete="off"
        value={props.value}
        aria-invalid={error === undefined ? undefined : 'true'}
        aria-describedby={error === undefined ? undefined : `${props.id}-error`}
      />
    </div>
  );
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
  'notifications.changed': message('Benachrichtigung bei neuen Dokumenten geändert'),
  'data_export.requested': message('Eigene Daten zum Herunterladen angefordert'),
  'data_export.downloaded': message('Eigene Daten heruntergeladen'),
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
  'person.viewed_as': message('Ansicht als die Person geöffnet'),
  'document.downloaded': message('Dokument heruntergeladen'),
  'claim.status_changed': message('Schadenstatus geändert oder Nachricht an den Kunden'),
  'claim.numbers_changed': message('Schadennummern geändert'),
  'claim.assigned': message('Schaden zugewiesen'),
  'claim.pushed': message('Schaden vom Verwaltungsprogramm übertragen'),
  'claim.attachment_downloaded': message('Anhang eines Schadens heruntergeladen'),
  'claim.downloaded': message('Schaden heruntergeladen (ZIP)'),
  'consent.document_changed': message('Zustimmungsdokument geändert'),
  'consent.version_uploaded': message('Neue Version eines Dokuments zur Zustimmung hochgeladen'),
  'consent.acknowledged': message('Erhalt der Erstinformation bestätigt'),
  'consent.given': message('Zustimmung erteilt'),
  'conversation.attachment_downloaded': message('Anhang einer Nachricht heruntergeladen'),
};

/** Details recorded as a fixed German text. */
const FIXED_DETAILS: ReadonlySet<string> = new Set<Message>([
  message('Logo entfernt'),
  message('Logo hochgeladen (PNG)'),
  message('Logo hochgeladen (SVG)'),
  message('Vertrag freigegeben'),
  message('Vertragsfreigabe entfernt'),
  message('API-Schlüssel widerrufen'),
  message('Webhook gelöscht'),
]);

/** Details recorded as "what: value"; the value (a name, a host, an address) stays as it is. */
const LABELLED_DETAILS: Record<string, Message> = {
  Geändert: message('Geändert: {value}'),
  Dokument: message('Dokument: {value}'),
  'Adresse hinzugefügt': message('Adresse hinzugefügt: {value}'),
  'Adresse entfernt': message('Adresse entfernt: {value}'),
  Hauptadresse: message('Hauptadresse: {value}'),
  'API-Schlüssel angelegt': message('API-Schlüssel angelegt: {value}'),
  'API-Schlüssel widerrufen': message('API-Schlüssel widerrufen: {value}'),
  'Webhook angelegt': message('Webhook angelegt: {value}'),
  'Webhook gelöscht': message('Webhook gelöscht: {value}'),
  'Im Kundenportal delegiert': message('Im Kundenportal delegiert: {value}'),
  'Profil angelegt': message('Profil angelegt: {value}'),
  'Profil geändert': message('Profil geändert: {value}'),
  'Profil gelöscht': message('Profil gelöscht: {value}'),
};

/** The settings a "Geändert: …" detail lists. */
const CHANGED_SETTINGS: ReadonlySet<string> = new Set<Message>([
  message('Name'),
  message('Farbe'),
  message('Absendername'),
  message('Antwortadresse'),
  message('Gültigkeit der Einladung'),
  message('Sprache'),
  message('Abmeldung bei Inaktivität'),
  message('Längste Sitzungsdauer'),
  message('Zweiter Faktor für Mitarbeitende'),
  message('Impressum'),
  message('Datenschutz'),
  message('Telefon'),
  message('Kontakt-E-Mail'),
  message('Bürozeiten'),
  message('Anschrift'),
]);

/** An event's detail in the reader's language; a detail of another form is shown as it was recorded. */
export function detailText(t: Translator, detail: string): string {
  if (FIXED_DETAILS.has(detail)) {
    return t(detail as Message);
  }
  const colon = detail.indexOf(': ');
  const template = colon > 0 ? LABELLED_DETAILS[detail.slice(0, colon)] : undefined;
  if (template === undefined) {
    return detail;
  }
  const value = detail.slice(colon + 2);
  return t(template, {
    value:
      template === 'Geändert: {value}'
        ? value
            .split(', ')
            .map((item) => (CHANGED_SETTINGS.has(item) ? t(item as Message) : item))
            .join(', ')
        : value,
  });
}

/** The CSV export stays German whatever the page language: its columns are what spreadsheets and imports expect. */
export const AUDIT_TIME = new Intl.DateTimeFormat('de-DE', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'Europe/Berlin',
});
export const CSV_TRANSLATOR = translatorFor('de');

const API_ORIGIN_PREFIX = 'api:';

/**
 * Who acted: a staff member, the broker's CRM by its API key or a download link of its webhook event, the operator on
 * the command line, or the person themselves.
 */
export function actorOf(t: Translator, row: Pick<AuditRow, 'actorEmail' | 'email' | 'origin'>): string {
  if (row.actorEmail !== null) {
    return row.actorEmail;
  }
  if (row.origin === 'cli') {
    return t('Betreiber (Kommandozeile)');
  }
  if (row.origin === DOCUMENT_LINK_ORIGIN) {
    return t('Download-Link des CRM');
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
  filter: ShownFilter;
  filterErrors: FilterErrors;
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
        <FilterField
          id="filter-email"
          name="person"
          label={t('Person (E-Mail-Adresse)')}
          type="email"
          value={props.filter.email}
          errors={props.filterErrors}
        />
        <FilterSelect
          id="filter-kind"
          name="ereignis"
          label={t('Ereignis')}
          value={props.filter.kind}
          allLabel={t('Alle Ereignisse')}
          choices={Object.entries(AUDIT_KIND_NAMES).map(([kind, name]) => ({ value: kind, label: t(name) }))}
        />
        <FilterField
          id="filter-from"
          name="von"
          label={t('Von (Tag)')}
          type="date"
          value={props.filter.from}
          errors={props.filterErrors}
        />
        <FilterField
          id="filter-until"
          name="bis"
          label={t('Bis (Tag, einschließlich)')}
          type="date"
          value={props.filter.until}
          errors={props.filterErrors}
        />
      </FilterForm>
      {Object.keys(props.filterErrors).length === 0 ? null : (
        <Notice kind="error">{t('Bitte prüfen Sie den Filter; es werden keine Einträge gezeigt.')}</Notice>
      )}
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
                    {row.grantName == null ? null : (
                      <span class="audit-grant">{` · ${t('Freischaltung „{name}“', { name: row.grantName })}`}</span>
                    )}
                    {row.detail === null ? null : <span class="muted">{` – ${detailText(t, row.detail)}`}</span>}
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
