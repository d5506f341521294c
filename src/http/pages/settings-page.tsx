import type { SettingsProblem, TenantSettingsInput } from '../../modules/tenants/tenant-settings-service.js';
import { AdminNav } from './admin-nav.js';
import { Button, CsrfField, Field, Notice } from './components.js';

export interface SettingsPageProps {
  csrfToken: string;
  form: TenantSettingsInput;
  problems: SettingsProblem[];
  hosts: Array<{ host: string; isPrimary: boolean }>;
  logoVersion: number | null;
  hostForm: { value: string; error: string | null };
  logoError: string | null;
  notice: { kind: 'success' | 'error' | 'info'; text: string } | null;
}

function problemFor(problems: SettingsProblem[], field: keyof TenantSettingsInput): string | undefined {
  return problems.find((problem) => problem.field === field)?.message;
}

export function SettingsPage(props: SettingsPageProps) {
  const { form, problems } = props;
  const colourError = problemFor(problems, 'primaryColor');
  return (
    <section class="stack admin">
      <AdminNav current="settings" role="staff_admin" />
      <h1>Verwaltung: Einstellungen</h1>
      {props.notice === null ? null : <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      {problems.length > 0 ? (
        <Notice kind="error" title="Die Einstellungen wurden nicht gespeichert.">
          <p>Bitte korrigieren Sie die markierten Felder.</p>
        </Notice>
      ) : null}

      <div class="card stack">
        <h2>Portal und E-Mails</h2>
        <form method="post" action="/admin/settings" class="stack">
          <CsrfField token={props.csrfToken} />
          <Field label="Name des Portals" name="name" type="text" autocomplete="organization" value={form.name} error={problemFor(problems, 'name')} required />
          <div class="field colour-field">
            <label for="field-primaryColor">Hauptfarbe</label>
            <p class="hint" id="field-primaryColor-hint">
              Kopfzeile und Schaltflächen. Weiße Schrift muss darauf gut lesbar sein (Kontrast mindestens 4,5 : 1).
            </p>
            {colourError ? (
              <p class="field-error" id="field-primaryColor-error">
                {colourError}
              </p>
            ) : null}
            <input
              id="field-primaryColor"
              name="primaryColor"
              type="color"
              value={/^#[0-9a-f]{6}$/i.test(form.primaryColor) ? form.primaryColor : '#1f4e79'}
              aria-describedby={colourError ? 'field-primaryColor-error field-primaryColor-hint' : 'field-primaryColor-hint'}
              aria-invalid={colourError ? 'true' : undefined}
            />
          </div>
          <Field
            label="Absendername der E-Mails (optional)"
            name="senderName"
            type="text"
            autocomplete="off"
            value={form.senderName}
            hint="Ohne Angabe steht der Name des Portals als Absender."
            error={problemFor(problems, 'senderName')}
          />
          <Field
            label="Antwortadresse (optional)"
            name="replyTo"
            type="email"
            autocomplete="off"
            value={form.replyTo}
            hint="Antworten Ihrer Kundinnen und Kunden auf E-Mails des Portals gehen an diese Adresse."
            error={problemFor(problems, 'replyTo')}
          />
          <Field
            label="Gültigkeit einer Einladung in Tagen"
            name="invitationLifetimeDays"
            type="number"
            autocomplete="off"
            value={form.invitationLifetimeDays}
            hint="Zwischen 1 und 30 Tagen. Gilt für Einladungen, die ab jetzt verschickt werden."
            error={problemFor(problems, 'invitationLifetimeDays')}
            required
          />
          <div class="field">
            <label for="field-defaultLanguage">Sprache der E-Mails</label>
            {problemFor(problems, 'defaultLanguage') ? (
              <p class="field-error" id="field-defaultLanguage-error">
                {problemFor(problems, 'defaultLanguage')}
              </p>
            ) : null}
            <select id="field-defaultLanguage" name="defaultLanguage" aria-describedby={problemFor(problems, 'defaultLanguage') ? 'field-defaultLanguage-error' : undefined}>
              <option value="de" selected={form.defaultLanguage !== 'en'}>
                Deutsch
              </option>
              <option value="en" selected={form.defaultLanguage === 'en'}>
                Englisch
              </option>
            </select>
          </div>
          <fieldset class="stack">
            <legend>Sicherheit</legend>
            <Field
              label="Abmeldung bei Inaktivität (Minuten)"
              name="sessionIdleMinutes"
              type="number"
              autocomplete="off"
              value={form.sessionIdleMinutes}
              hint="Zwischen 5 und 120 Minuten. Empfohlen: 30."
              error={problemFor(problems, 'sessionIdleMinutes')}
              required
            />
            <Field
              label="Längste Sitzungsdauer (Stunden)"
              name="sessionAbsoluteHours"
              type="number"
              autocomplete="off"
              value={form.sessionAbsoluteHours}
              hint="Zwischen 1 und 24 Stunden; danach ist eine neue Anmeldung nötig. Empfohlen: 12."
              error={problemFor(problems, 'sessionAbsoluteHours')}
              required
            />
            <div class="check-field">
              <input type="checkbox" id="field-requireStaffSecondFactor" name="requireStaffSecondFactor" value="on" checked={form.requireStaffSecondFactor} aria-describedby="field-requireStaffSecondFactor-hint" />
              <label for="field-requireStaffSecondFactor">Zweiten Faktor für alle Mitarbeitenden verlangen</label>
              <p class="hint" id="field-requireStaffSecondFactor-hint">
                Mitarbeitende ohne Authenticator-App richten ihn direkt nach der nächsten Anmeldung ein.
              </p>
            </div>
          </fieldset>
          <Button>Einstellungen speichern</Button>
        </form>
      </div>

      <div class="card stack">
        <h2>Logo</h2>
        {props.logoVersion === null ? (
          <p>Noch kein Logo hinterlegt. In der Kopfzeile steht der Name des Portals.</p>
        ) : (
          <p>
            <img class="site-logo" src={`/branding/logo?v=${props.logoVersion}`} alt="Aktuelles Logo" />
          </p>
        )}
        {props.logoError === null ? null : <Notice kind="error">{props.logoError}</Notice>}
        <form method="post" action="/admin/settings/logo" enctype="multipart/form-data" class="stack">
          <CsrfField token={props.csrfToken} />
          <div class="field">
            <label for="field-logo">Logo-Datei (PNG oder SVG, höchstens 200 KB)</label>
            <input id="field-logo" name="logo" type="file" accept="image/png,image/svg+xml,.png,.svg" required />
          </div>
          <Button>Logo hochladen</Button>
        </form>
        {props.logoVersion === null ? null : (
          <form method="post" action="/admin/settings/logo/remove" class="inline-form">
            <CsrfField token={props.csrfToken} />
            <Button kind="secondary">Logo entfernen</Button>
          </form>
        )}
      </div>

      <div class="card stack">
        <h2>Adressen des Portals</h2>
        <p class="hint">
          Unter diesen Adressen erreichen Ihre Kundinnen und Kunden das Portal. Links in E-Mails führen immer zur Hauptadresse. Eine neue Adresse muss im DNS auf Portico zeigen.
        </p>
        <ul class="list host-list">
          {props.hosts.map((entry) => (
            <li>
              <span>
                <strong>{entry.host}</strong> {entry.isPrimary ? <span class="badge">Hauptadresse</span> : null}
              </span>
              {entry.isPrimary ? null : (
                <span>
                  <form method="post" action="/admin/settings/hosts/primary" class="inline-form">
                    <CsrfField token={props.csrfToken} />
                    <input type="hidden" name="host" value={entry.host} />
                    <button type="submit" aria-label={`${entry.host} als Hauptadresse festlegen`}>
                      Als Hauptadresse festlegen
                    </button>
                  </form>{' '}
                  <form method="post" action="/admin/settings/hosts/remove" class="inline-form">
                    <CsrfField token={props.csrfToken} />
                    <input type="hidden" name="host" value={entry.host} />
                    <button type="submit" aria-label={`${entry.host} entfernen`}>
                      Entfernen
                    </button>
                  </form>
                </span>
              )}
            </li>
          ))}
        </ul>
        <form method="post" action="/admin/settings/hosts" class="stack">
          <CsrfField token={props.csrfToken} />
          <Field
            label="Weitere Adresse"
            name="host"
            type="text"
            autocomplete="off"
            value={props.hostForm.value}
            hint="Zum Beispiel portal.ihr-makler.de"
            error={props.hostForm.error ?? undefined}
            required
          />
          <Button>Adresse hinzufügen</Button>
        </form>
      </div>
    </section>
  );
}
