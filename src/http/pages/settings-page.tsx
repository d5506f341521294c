import type { SettingsProblem, TenantSettingsInput } from '../../modules/tenants/tenant-settings-service.js';
import type { ContactProblem, TenantContactInput } from '../../modules/tenants/tenant-contact.js';
import { AdminNav } from './admin-nav.js';
import type { ErrorCode } from '../../shared/errors.js';
import type { Text } from '../../shared/i18n/translator.js';
import type { ShownError } from '../page-errors.js';
import { useTranslator } from '../language.js';
import { Button, CsrfField, Field, FieldError, Notice } from './components.js';
import { fieldErrorOf } from './profile-pages.js';

export interface SettingsPageProps {
  csrfToken: string;
  form: TenantSettingsInput;
  problems: SettingsProblem[];
  hosts: Array<{ host: string; isPrimary: boolean }>;
  logoVersion: number | null;
  hostForm: { value: string; error: ShownError | null };
  logoError: ShownError | null;
  notice: { kind: 'success' | 'error' | 'info'; text: Text; code?: ErrorCode } | null;
  contactForm: { values: TenantContactInput; problems: ContactProblem[] };
}

/**
 * Impressum, Datenschutz and how customers reach the broker: shown in the portal's footer, on its home page and in
 * mails.
 */
function ContactCard(props: { csrfToken: string; values: TenantContactInput; problems: ContactProblem[] }) {
  const t = useTranslator();
  const { values, problems } = props;
  const addressError = fieldErrorOf(t, problems, 'postalAddress');
  return (
    <div class="card stack" id="kontakt">
      <h2>{t('Kontakt und Rechtliches')}</h2>
      <p class="hint">
        {t(
          'Diese Angaben stehen in der Fußzeile des Portals, auf der Startseite Ihrer Kundinnen und Kunden und am Ende jeder E-Mail. Leere Felder werden nicht angezeigt.',
        )}
      </p>
      {problems.length > 0 ? (
        <Notice kind="error" title={t('Die Kontaktangaben wurden nicht gespeichert.')}>
          <p>{t('Bitte korrigieren Sie die markierten Felder.')}</p>
        </Notice>
      ) : null}
      <form method="post" action="/admin/settings/contact" class="stack">
        <CsrfField token={props.csrfToken} />
        <Field
          label={t('Impressum (Adresse der Seite)')}
          name="imprintUrl"
          type="url"
          autocomplete="url"
          value={values.imprintUrl}
          hint={t('Die Seite mit Ihrem Impressum, beginnend mit https://.')}
          {...fieldErrorOf(t, problems, 'imprintUrl')}
        />
        <Field
          label={t('Datenschutzerklärung (Adresse der Seite)')}
          name="privacyUrl"
          type="url"
          autocomplete="url"
          value={values.privacyUrl}
          hint={t('Die Seite mit Ihrer Datenschutzerklärung, beginnend mit https://.')}
          {...fieldErrorOf(t, problems, 'privacyUrl')}
        />
        <Field
          label={t('Telefon')}
          name="contactPhone"
          type="tel"
          autocomplete="tel"
          value={values.contactPhone}
          hint={t('Unter dieser Nummer erreichen Kundinnen und Kunden Ihr Büro, z. B. +49 221 123456.')}
          {...fieldErrorOf(t, problems, 'contactPhone')}
        />
        <Field
          label={t('E-Mail-Adresse für Kundinnen und Kunden')}
          name="contactEmail"
          type="email"
          autocomplete="email"
          value={values.contactEmail}
          hint={t('Wird als Kontaktadresse angezeigt, z. B. service@ihr-makler.de.')}
          {...fieldErrorOf(t, problems, 'contactEmail')}
        />
        <Field
          label={t('Bürozeiten')}
          name="officeHours"
          type="text"
          autocomplete="off"
          value={values.officeHours}
          hint={t('Eine kurze Zeile, z. B. Mo–Do 9–17 Uhr, Fr 9–13 Uhr.')}
          {...fieldErrorOf(t, problems, 'officeHours')}
        />
        <div class="field">
          <label for="field-postalAddress">{t('Anschrift')}</label>
          <p class="hint" id="field-postalAddress-hint">
            {t('Straße, Postleitzahl und Ort, jeweils in einer eigenen Zeile (höchstens 5 Zeilen).')}
          </p>
          {addressError.error === undefined ? null : (
            <FieldError id="field-postalAddress-error" code={addressError.errorCode}>
              {addressError.error}
            </FieldError>
          )}
          <textarea
            id="field-postalAddress"
            name="postalAddress"
            rows={4}
            autocomplete="street-address"
            aria-describedby={
              addressError.error !== undefined
                ? 'field-postalAddress-error field-postalAddress-hint'
                : 'field-postalAddress-hint'
            }
            aria-invalid={addressError.error !== undefined ? 'true' : undefined}
          >
            {values.postalAddress}
          </textarea>
        </div>
        <Button>{t('Kontaktangaben speichern')}</Button>
      </form>
    </div>
  );
}

export function SettingsPage(props: SettingsPageProps) {
  const t = useTranslator();
  const { form, problems } = props;
  const colourError = fieldErrorOf(t, problems, 'primaryColor');
  const languageError = fieldErrorOf(t, problems, 'defaultLanguage');
  return (
    <section class="stack admin">
      <AdminNav current="settings" role="staff_admin" />
      <h1>{t('Verwaltung: Einstellungen')}</h1>
      <p>
        <a href="/admin/settings/schlagwoerter">{t('Schlagwörter der Dokumente: sichtbar, wichtig, Erklärung')}</a>
      </p>
      <p>
        <a href="/admin/settings/erstinformation">{t('Erstinformation und Zustimmungen')}</a>
      </p>
      <p>
        <a href="/admin/settings/schadenrouten">{t('Schadenrouten: welche Fragen ein Schaden je Sparte stellt')}</a>
      </p>
      {props.notice === null ? null : (
        <Notice kind={props.notice.kind} code={props.notice.code}>
          {t.text(props.notice.text)}
        </Notice>
      )}
      {problems.length > 0 ? (
        <Notice kind="error" title={t('Die Einstellungen wurden nicht gespeichert.')}>
          <p>{t('Bitte korrigieren Sie die markierten Felder.')}</p>
        </Notice>
      ) : null}

      <div class="card stack">
        <h2>{t('Portal und E-Mails')}</h2>
        <form method="post" action="/admin/settings" class="stack">
          <CsrfField token={props.csrfToken} />
          <Field
            label={t('Name des Portals')}
            name="name"
            type="text"
            autocomplete="organization"
            value={form.name}
            {...fieldErrorOf(t, problems, 'name')}
            required
          />
          <div class="field colour-field">
            <label for="field-primaryColor">{t('Hauptfarbe')}</label>
            <p class="hint" id="field-primaryColor-hint">
              {t(
                'Kopfzeile und Schaltflächen. Weiße Schrift muss darauf gut lesbar sein (Kontrast mindestens 4,5 : 1).',
              )}
            </p>
            {colourError.error === undefined ? null : (
              <FieldError id="field-primaryColor-error" code={colourError.errorCode}>
                {colourError.error}
              </FieldError>
            )}
            <input
              id="field-primaryColor"
              name="primaryColor"
              type="color"
              value={/^#[0-9a-f]{6}$/i.test(form.primaryColor) ? form.primaryColor : '#1f4e79'}
              aria-describedby={
                colourError.error !== undefined
                  ? 'field-primaryColor-error field-primaryColor-hint'
                  : 'field-primaryColor-hint'
              }
              aria-invalid={colourError.error !== undefined ? 'true' : undefined}
            />
          </div>
          <Field
            label={t('Absendername der E-Mails (optional)')}
            name="senderName"
            type="text"
            autocomplete="off"
            value={form.senderName}
            hint={t('Ohne Angabe steht der Name des Portals als Absender.')}
            {...fieldErrorOf(t, problems, 'senderName')}
          />
          <Field
            label={t('Antwortadresse (optional)')}
            name="replyTo"
            type="email"
            autocomplete="off"
            value={form.replyTo}
            hint={t('Antworten Ihrer Kundinnen und Kunden auf E-Mails des Portals gehen an diese Adresse.')}
            {...fieldErrorOf(t, problems, 'replyTo')}
          />
          <Field
            label={t('Gültigkeit einer Einladung in Tagen')}
            name="invitationLifetimeDays"
            type="number"
            autocomplete="off"
            value={form.invitationLifetimeDays}
            hint={t('Zwischen 1 und 30 Tagen. Gilt für Einladungen, die ab jetzt verschickt werden.')}
            {...fieldErrorOf(t, problems, 'invitationLifetimeDays')}
            required
          />
          <div class="field">
            <label for="field-defaultLanguage">{t('Sprache der E-Mails')}</label>
            <p class="hint" id="field-defaultLanguage-hint">
              {t('Auch die Sprache der Seiten, solange eine Person nicht selbst umschaltet.')}
            </p>
            {languageError.error === undefined ? null : (
              <FieldError id="field-defaultLanguage-error" code={languageError.errorCode}>
                {languageError.error}
              </FieldError>
            )}
            <select
              id="field-defaultLanguage"
              name="defaultLanguage"
              aria-describedby={
                languageError.error !== undefined
                  ? 'field-defaultLanguage-error field-defaultLanguage-hint'
                  : 'field-defaultLanguage-hint'
              }
            >
              <option value="de" selected={form.defaultLanguage !== 'en'}>
                {t('Deutsch')}
              </option>
              <option value="en" selected={form.defaultLanguage === 'en'}>
                {t('Englisch')}
              </option>
            </select>
          </div>
          <fieldset class="stack">
            <legend>{t('Sicherheit')}</legend>
            <Field
              label={t('Abmeldung bei Inaktivität (Minuten)')}
              name="sessionIdleMinutes"
              type="number"
              autocomplete="off"
              value={form.sessionIdleMinutes}
              hint={t('Zwischen 5 und 120 Minuten. Empfohlen: 30.')}
              {...fieldErrorOf(t, problems, 'sessionIdleMinutes')}
              required
            />
            <Field
              label={t('Längste Sitzungsdauer (Stunden)')}
              name="sessionAbsoluteHours"
              type="number"
              autocomplete="off"
              value={form.sessionAbsoluteHours}
              hint={t('Zwischen 1 und 24 Stunden; danach ist eine neue Anmeldung nötig. Empfohlen: 12.')}
              {...fieldErrorOf(t, problems, 'sessionAbsoluteHours')}
              required
            />
            <div class="check-field">
              <input
                type="checkbox"
                id="field-requireStaffSecondFactor"
                name="requireStaffSecondFactor"
                value="on"
                checked={form.requireStaffSecondFactor}
                aria-describedby="field-requireStaffSecondFactor-hint"
              />
              <label for="field-requireStaffSecondFactor">
                {t('Zweiten Faktor für alle Mitarbeitenden verlangen')}
              </label>
              <p class="hint" id="field-requireStaffSecondFactor-hint">
                {t('Mitarbeitende ohne Authenticator-App richten ihn direkt nach der nächsten Anmeldung ein.')}
              </p>
            </div>
          </fieldset>
          <Button>{t('Einstellungen speichern')}</Button>
        </form>
      </div>

      <ContactCard csrfToken={props.csrfToken} {...props.contactForm} />

      <div class="card stack">
        <h2>{t('Logo')}</h2>
        {props.logoVersion === null ? (
          <p>{t('Noch kein Logo hinterlegt. In der Kopfzeile steht der Name des Portals.')}</p>
        ) : (
          <p>
            <img class="site-logo" src={`/branding/logo?v=${props.logoVersion}`} alt={t('Aktuelles Logo')} />
          </p>
        )}
        {props.logoError === null ? null : (
          <Notice kind="error" code={props.logoError.code}>
            {t.text(props.logoError.text)}
          </Notice>
        )}
        <form method="post" action="/admin/settings/logo" enctype="multipart/form-data" class="stack">
          <CsrfField token={props.csrfToken} />
          <div class="field">
            <label for="field-logo">{t('Logo-Datei (PNG oder SVG, höchstens 200 KB)')}</label>
            <input id="field-logo" name="logo" type="file" accept="image/png,image/svg+xml,.png,.svg" required />
          </div>
          <Button>{t('Logo hochladen')}</Button>
        </form>
        {props.logoVersion === null ? null : (
          <form method="post" action="/admin/settings/logo/remove" class="inline-form">
            <CsrfField token={props.csrfToken} />
            <Button kind="secondary">{t('Logo entfernen')}</Button>
          </form>
        )}
      </div>

      <div class="card stack">
        <h2>{t('Adressen des Portals')}</h2>
        <p class="hint">
          {t(
            'Unter diesen Adressen erreichen Ihre Kundinnen und Kunden das Portal. Links in E-Mails führen immer zur Hauptadresse. Eine neue Adresse muss im DNS auf Portico zeigen.',
          )}
        </p>
        <ul class="list host-list">
          {props.hosts.map((entry) => (
            <li>
              <span>
                <strong>{entry.host}</strong> {entry.isPrimary ? <span class="badge">{t('Hauptadresse')}</span> : null}
              </span>
              {entry.isPrimary ? null : (
                <span>
                  <form method="post" action="/admin/settings/hosts/primary" class="inline-form">
                    <CsrfField token={props.csrfToken} />
                    <input type="hidden" name="host" value={entry.host} />
                    <button type="submit" aria-label={t('{host} als Hauptadresse festlegen', { host: entry.host })}>
                      {t('Als Hauptadresse festlegen')}
                    </button>
                  </form>{' '}
                  <form method="post" action="/admin/settings/hosts/remove" class="inline-form">
                    <CsrfField token={props.csrfToken} />
                    <input type="hidden" name="host" value={entry.host} />
                    <button type="submit" aria-label={t('{host} entfernen', { host: entry.host })}>
                      {t('Entfernen')}
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
            label={t('Weitere Adresse')}
            name="host"
            type="text"
            autocomplete="off"
            value={props.hostForm.value}
            hint={t('Zum Beispiel portal.ihr-makler.de')}
            error={props.hostForm.error === null ? undefined : t.text(props.hostForm.error.text)}
            errorCode={props.hostForm.error?.code}
            required
          />
          <Button>{t('Adresse hinzufügen')}</Button>
        </form>
      </div>
    </section>
  );
}
