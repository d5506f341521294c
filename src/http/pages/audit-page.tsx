import { AdminNav } from './admin-nav.js';
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
export const AUDIT_KIND_NAMES: Record<string, string> = {
  'login.succeeded': 'Anmeldung',
  'login.failed': 'Anmeldung fehlgeschlagen',
  'login.locked': 'Anmeldung vorübergehend gesperrt',
  'login.email_unconfirmed': 'Anmeldung mit unbestätigter E-Mail-Adresse',
  'password.set': 'Passwort festgelegt',
  'password.reset': 'Passwort zurückgesetzt',
  'password.changed': 'Passwort geändert',
  'email.confirmed': 'E-Mail-Adresse bestätigt',
  'email.changed': 'E-Mail-Adresse geändert',
  'invitation.created': 'Einladung verschickt',
  'access.granted': 'Zugang freigeschaltet',
  'sessions.ended_others': 'Andere Sitzungen beendet',
  'login.unlocked': 'Sperre aufgehoben',
  'email.change_requested': 'Änderung der E-Mail-Adresse angefordert',
  'invitation.revoked': 'Einladung widerrufen',
  'access.removed': 'Zugang entfernt',
  'person.deactivated': 'Person deaktiviert',
  'person.reactivated': 'Person reaktiviert',
  'grant.created': 'Freischaltung angelegt',
  'grant.changed': 'Freischaltung geändert',
  'grant.deleted': 'Freischaltung gelöscht',
  'second_factor.added': 'Zweiter Faktor eingerichtet',
  'second_factor.removed': 'Zweiter Faktor entfernt',
  'second_factor.used': 'Anmeldung mit zweitem Faktor',
  'second_factor.failed': 'Zweiter Faktor falsch',
  'second_factor.recovery_code_used': 'Wiederherstellungscode verwendet',
  'second_factor.recovery_codes_renewed': 'Wiederherstellungscodes erneuert',
  'settings.changed': 'Einstellungen geändert',
  'profile.changed': 'Freischaltungsprofil geändert',
};

export const AUDIT_TIME = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Europe/Berlin' });

/** Who acted: a staff member, the person themselves, or the operator on the command line. */
export function actorOf(row: Pick<AuditRow, 'actorEmail' | 'email' | 'origin'>): string {
  if (row.actorEmail !== null) {
    return row.actorEmail;
  }
  if (row.origin === 'cli') {
    return 'Betreiber (Kommandozeile)';
  }
  return row.email === null ? '–' : 'die Person selbst';
}

export function AuditPage(props: {
  role: 'staff_admin' | 'staff_user';
  rows: AuditRow[];
  filter: { email: string; kind: string };
  filterError: string | null;
  nextQuery: string | null;
  csvQuery: string;
}) {
  return (
    <section class="stack admin">
      <AdminNav current="audit" role={props.role} />
      <h1>Verwaltung: Protokoll</h1>
      <p>Anmeldungen, Passwörter, Einladungen und Änderungen in Ihrem Portal – wer, wann und von welcher Adresse. Passwörter und Links stehen nie im Protokoll.</p>
      <FilterForm action="/admin/audit" submitLabel="Filtern">
        <div class="field">
          <label for="filter-email">Person (E-Mail-Adresse)</label>
          <input id="filter-email" name="person" type="email" autocomplete="off" value={props.filter.email} aria-invalid={props.filterError ? 'true' : undefined} />
        </div>
        <div class="field">
          <label for="filter-kind">Ereignis</label>
          <select id="filter-kind" name="ereignis">
            <option value="" selected={props.filter.kind === ''}>
              Alle Ereignisse
            </option>
            {Object.entries(AUDIT_KIND_NAMES).map(([kind, name]) => (
              <option value={kind} selected={props.filter.kind === kind}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </FilterForm>
      {props.filterError === null ? null : <Notice kind="error">{props.filterError}</Notice>}
      <p>
        <a href={`/admin/audit.csv${props.csvQuery}`}>Als CSV-Datei herunterladen</a> (mit diesem Filter, höchstens 50.000 Einträge)
      </p>
      {props.rows.length === 0 ? (
        <p>Keine Einträge für diesen Filter.</p>
      ) : (
        <ScrollRegion label="Protokolleinträge">
          <table class="table">
            <caption class="visually-hidden">Protokolleinträge, neueste zuerst</caption>
            <thead>
              <tr>
                <th scope="col">Zeit</th>
                <th scope="col">Ereignis</th>
                <th scope="col">Person</th>
                <th scope="col">Ausgeführt von</th>
                <th scope="col">Adresse</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((row) => (
                <tr>
                  <td>{AUDIT_TIME.format(row.createdAt)}</td>
                  <td>
                    {AUDIT_KIND_NAMES[row.kind] ?? row.kind}
                    {row.detail === null ? null : <span class="muted">{` – ${row.detail}`}</span>}
                  </td>
                  <td>{row.email ?? '–'}</td>
                  <td>{actorOf(row)}</td>
                  <td>{row.origin === 'cli' ? '–' : row.origin}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {props.nextQuery === null ? null : (
        <p>
          <a href={`/admin/audit${props.nextQuery}`}>Ältere Einträge</a>
        </p>
      )}
    </section>
  );
}
