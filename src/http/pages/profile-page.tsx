import type { SetPasswordProblem } from '../../modules/credentials/password-setup-service.js';
import type { OpenSession } from '../../modules/sessions/session-service.js';
import { textOfError } from '../../shared/error-registry.js';
import type { ErrorCode } from '../../shared/errors.js';
import type { Message } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import type { DataExportState } from '../../modules/data-exports/data-export.js';
import { Button, CsrfField, Field, Notice } from './components.js';
import { DataExportCard } from './data-export-pages.js';
import { deviceOf } from './device-name.js';
import { NewPasswordFields, PasswordProblems } from './password-pages.js';

export type ProfileNotice =
  | 'password_changed'
  | 'current_password_wrong'
  | 'sessions_ended'
  | 'second_factor_removed'
  | 'email_change_requested'
  | 'email_invalid'
  | 'email_same'
  | 'email_too_soon'
  | 'notifications_saved'
  | 'data_export_requested'
  | null;

/** A success says what was done; a refusal is its registry code, shown with the registry's text. */
type NoticeEntry = { kind: 'success'; text: Message } | { kind: 'error'; code: ErrorCode };

const NOTICES: Record<Exclude<ProfileNotice, null>, NoticeEntry> = {
  password_changed: { kind: 'success', text: 'Ihr Passwort wurde geändert. Alle anderen Anmeldungen wurden beendet.' },
  current_password_wrong: { kind: 'error', code: 'CURRENT_PASSWORD_WRONG' },
  sessions_ended: { kind: 'success', text: 'Alle anderen Anmeldungen wurden beendet.' },
  email_change_requested: {
    kind: 'success',
    text: 'Wir haben einen Link an die neue Adresse gesendet. Ihre Adresse wird erst geändert, wenn Sie ihn öffnen und die Änderung bestätigen. Bis dahin melden Sie sich wie bisher an.',
  },
  email_invalid: { kind: 'error', code: 'EMAIL_INVALID' },
  email_same: { kind: 'error', code: 'EMAIL_UNCHANGED' },
  email_too_soon: { kind: 'error', code: 'EMAIL_CHANGE_TOO_SOON' },
  notifications_saved: { kind: 'success', text: 'Ihre Einstellung zu Benachrichtigungen wurde gespeichert.' },
  data_export_requested: {
    kind: 'success',
    text: 'Wir stellen Ihre Daten zusammen. Sie erhalten eine E-Mail, sobald sie bereitstehen.',
  },
  second_factor_removed: {
    kind: 'success',
    text: 'Der zweite Faktor ist ausgeschaltet. Sie melden sich jetzt nur mit Ihrem Passwort an.',
  },
};

export function Profile(props: {
  csrfToken: string;
  email: string;
  sessions: OpenSession[];
  currentSessionId: string;
  notice: ProfileNotice;
  problems: SetPasswordProblem[];
  hasSecondFactor: boolean;
  /** An address the broker's staff asked the person to move to; filled in, never applied. */
  requestedEmail: string | null;
  /** Whether this broker mails the person about new documents; null where there is no broker (the platform host). */
  isDocumentMailEnabled: boolean | null;
  /** The person's newest data export at this broker; null where there is no broker (the platform host). */
  dataExport: DataExportState | null;
}) {
  const t = useTranslator();
  const notice = props.notice === null ? null : NOTICES[props.notice];
  return (
    <section class="stack">
      <p>
        <a href="/">{t('← Zur Übersicht')}</a>
      </p>
      {notice === null ? null : notice.kind === 'error' ? (
        <Notice kind="error" code={notice.code}>
          {t.text(textOfError({ code: notice.code }))}
        </Notice>
      ) : (
        <Notice kind={notice.kind}>{t(notice.text)}</Notice>
      )}
      <div class="card stack">
        <h1>{t('Mein Zugang')}</h1>
        <p>{t('Sie melden sich mit der E-Mail-Adresse {email} an.', { email: props.email })}</p>
        {props.isDocumentMailEnabled === null ? null : (
          <p>
            {t('Neue Adresse, Bankverbindung, Telefonnummer oder neuer Name?')}{' '}
            <a href="/anliegen/daten-aendern">{t('Daten ändern')}</a>
          </p>
        )}
      </div>
      <div class="card stack">
        <h2>{t('Passwort ändern')}</h2>
        <PasswordProblems title={t('Das neue Passwort wurde nicht gespeichert')} problems={props.problems} />
        <form method="post" action="/profile/password" class="stack" data-password-form>
          <CsrfField token={props.csrfToken} />
          <input type="email" name="username" autocomplete="username" value={props.email} readonly hidden />
          <Field
            label={t('Bisheriges Passwort')}
            name="currentPassword"
            id="current-password"
            type="password"
            autocomplete="current-password"
            required
          />
          <NewPasswordFields
            label="Neues Passwort"
            repeatLabel="Neues Passwort wiederholen"
            context={{ email: props.email }}
            refused={props.problems}
          />
          <Button>{t('Passwort ändern')}</Button>
        </form>
      </div>
      <div class="card stack">
        <h2>{t('E-Mail-Adresse ändern')}</h2>
        <form method="post" action="/profile/email" class="stack">
          <CsrfField token={props.csrfToken} />
          <Field
            label={t('Neue E-Mail-Adresse')}
            name="newEmail"
            id="new-email"
            type="email"
            autocomplete="email"
            required
            {...(props.requestedEmail === null
              ? {}
              : {
                  value: props.requestedEmail,
                  hint: t(
                    'Diese Adresse hat Ihr Makler für Sie angegeben. Übernehmen Sie sie nur, wenn es Ihre eigene ist.',
                  ),
                })}
          />
          <Field
            label={t('Ihr Passwort')}
            name="currentPassword"
            id="email-current-password"
            type="password"
            autocomplete="current-password"
            required
          />
          <Button kind="secondary">{t('Link an neue Adresse senden')}</Button>
        </form>
      </div>
      {props.isDocumentMailEnabled === null ? null : (
        <div class="card stack">
          <h2>{t('Benachrichtigungen')}</h2>
          <form method="post" action="/profile/notifications" class="stack" data-notifications-form>
            <CsrfField token={props.csrfToken} />
            <div class="check-field">
              <input
                type="checkbox"
                id="field-documentMail"
                name="documentMail"
                checked={props.isDocumentMailEnabled}
                aria-describedby="field-documentMail-hint"
              />
              <label for="field-documentMail">
                {t('E-Mail-Benachrichtigung bei neuen Dokumenten und Nachrichten')}
              </label>
              <p class="hint" id="field-documentMail-hint">
                {t(
                  'Zu neuen Dokumenten und Nachrichten Ihres Maklers höchstens eine E-Mail pro Stunde, nur mit einem Link zum Kundenportal, ohne Inhalte und ohne Dateien.',
                )}
              </p>
            </div>
            <Button kind="secondary">{t('Speichern')}</Button>
          </form>
        </div>
      )}
      <div class="card stack">
        <h2>{t('Zweiter Faktor')}</h2>
        <p>
          {props.hasSecondFactor
            ? t('Eingeschaltet: Bei der Anmeldung fragen wir zusätzlich nach einem Code aus Ihrer Authenticator-App.')
            : t('Ausgeschaltet: Sie melden sich nur mit Ihrem Passwort an.')}
        </p>
        <p>
          <a href="/profile/second-factor">
            {props.hasSecondFactor ? t('Zweiten Faktor verwalten') : t('Zweiten Faktor einrichten')}
          </a>
        </p>
      </div>
      {props.dataExport === null ? null : <DataExportCard csrfToken={props.csrfToken} state={props.dataExport} />}
      <div class="card stack">
        <h2>{t('Angemeldete Geräte')}</h2>
        <ul class="list">
          {props.sessions.map((session) => (
            <li data-session>
              <strong title={session.userAgent ?? undefined}>{deviceNameIn(t, session.userAgent)}</strong>
              {session.id === props.currentSessionId ? ` · ${t('Dieses Gerät')}` : null}
              <p class="muted">
                {t('angemeldet am {loggedInAt} · zuletzt aktiv {lastSeenAt} · {host}', {
                  loggedInAt: t.dateTime(session.createdAt),
                  lastSeenAt: t.dateTime(session.lastSeenAt),
                  host: session.host,
                })}
              </p>
            </li>
          ))}
        </ul>
        {props.sessions.length > 1 ? (
          <form method="post" action="/profile/sessions/end-others" class="inline-form">
            <CsrfField token={props.csrfToken} />
            <Button kind="secondary">{t('Alle anderen abmelden')}</Button>
          </form>
        ) : null}
      </div>
    </section>
  );
}

/** Longest User-Agent header shown as it is, when neither its browser nor its system can be told. */
const SHOWN_USER_AGENT_LENGTH = 60;

/** "Safari auf iPhone", or what is known of the two; else the header, shortened; without one "Unbekanntes Gerät". */
function deviceNameIn(t: ReturnType<typeof useTranslator>, userAgent: string | null): string {
  const device = deviceOf(userAgent);
  if (device === null) {
    const header = userAgent?.trim() ?? '';
    if (header === '') return t('Unbekanntes Gerät');
    return header.length > SHOWN_USER_AGENT_LENGTH ? `${header.slice(0, SHOWN_USER_AGENT_LENGTH - 1)}…` : header;
  }
  const { browser, system } = device;
  return browser !== null && system !== null
    ? t('{browser} auf {system}', { browser, system })
    : (browser ?? system ?? '');
}
