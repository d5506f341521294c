import type { SetPasswordProblem } from '../../modules/credentials/password-setup-service.js';
import type { OpenSession } from '../../modules/sessions/session-service.js';
import { Button, CsrfField, Field, Notice } from './components.js';
import { NewPasswordFields, PasswordProblems } from './password-pages.js';

export type ProfileNotice = 'password_changed' | 'current_password_wrong' | 'sessions_ended' | 'second_factor_removed' | 'email_change_requested' | 'current_password_wrong_email' | 'email_invalid' | 'email_same' | 'email_too_soon' | null;

const NOTICES: Record<Exclude<ProfileNotice, null>, { kind: 'success' | 'error'; text: string }> = {
  password_changed: { kind: 'success', text: 'Ihr Passwort wurde geändert. Alle anderen Anmeldungen wurden beendet.' },
  current_password_wrong: { kind: 'error', text: 'Das bisherige Passwort ist nicht korrekt. Ihr Passwort wurde nicht geändert.' },
  sessions_ended: { kind: 'success', text: 'Alle anderen Anmeldungen wurden beendet.' },
  email_change_requested: {
    kind: 'success',
    text: 'Wir haben einen Link an die neue Adresse gesendet. Ihre Adresse wird erst geändert, wenn Sie ihn öffnen und die Änderung bestätigen. Bis dahin melden Sie sich wie bisher an.',
  },
  current_password_wrong_email: { kind: 'error', text: 'Das Passwort ist nicht korrekt. Ihre E-Mail-Adresse wurde nicht geändert.' },
  email_invalid: { kind: 'error', text: 'Bitte geben Sie eine gültige neue E-Mail-Adresse ein, z. B. name@beispiel.de.' },
  email_same: { kind: 'error', text: 'Das ist bereits Ihre E-Mail-Adresse.' },
  email_too_soon: { kind: 'error', text: 'Vor weniger als einer Minute wurde bereits ein Link verschickt. Bitte warten Sie kurz.' },
  second_factor_removed: { kind: 'success', text: 'Der zweite Faktor ist ausgeschaltet. Sie melden sich jetzt nur mit Ihrem Passwort an.' },
};

const dateTime = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' });

export function Profile(props: {
  csrfToken: string;
  email: string;
  sessions: OpenSession[];
  currentSessionId: string;
  notice: ProfileNotice;
  problems: SetPasswordProblem[];
  hasSecondFactor: boolean;
}) {
  const notice = props.notice === null ? null : NOTICES[props.notice];
  return (
    <section class="stack">
      <p>
        <a href="/">← Zur Übersicht</a>
      </p>
      {notice === null ? null : <Notice kind={notice.kind}>{notice.text}</Notice>}
      <div class="card stack">
        <h1>Mein Zugang</h1>
        <p>{`Sie melden sich mit der E-Mail-Adresse ${props.email} an.`}</p>
      </div>
      <div class="card stack">
        <h2>Passwort ändern</h2>
        <PasswordProblems title="Das neue Passwort wurde nicht gespeichert" problems={props.problems} />
        <form method="post" action="/profile/password" class="stack" data-password-form>
          <CsrfField token={props.csrfToken} />
          <input type="email" name="username" autocomplete="username" value={props.email} readonly hidden />
          <Field label="Bisheriges Passwort" name="currentPassword" id="current-password" type="password" autocomplete="current-password" required />
          <NewPasswordFields label="Neues Passwort" />
          <Button>Passwort ändern</Button>
        </form>
      </div>
      <div class="card stack">
        <h2>E-Mail-Adresse ändern</h2>
        <form method="post" action="/profile/email" class="stack">
          <CsrfField token={props.csrfToken} />
          <Field label="Neue E-Mail-Adresse" name="newEmail" id="new-email" type="email" autocomplete="email" required />
          <Field label="Ihr Passwort" name="currentPassword" id="email-current-password" type="password" autocomplete="current-password" required />
          <Button kind="secondary">Link an neue Adresse senden</Button>
        </form>
      </div>
      <div class="card stack">
        <h2>Zweiter Faktor</h2>
        <p>{props.hasSecondFactor ? 'Eingeschaltet: Bei der Anmeldung fragen wir zusätzlich nach einem Code aus Ihrer Authenticator-App.' : 'Ausgeschaltet: Sie melden sich nur mit Ihrem Passwort an.'}</p>
        <p>
          <a href="/profile/second-factor">{props.hasSecondFactor ? 'Zweiten Faktor verwalten' : 'Zweiten Faktor einrichten'}</a>
        </p>
      </div>
      <div class="card stack">
        <h2>Angemeldete Geräte</h2>
        <ul class="list">
          {props.sessions.map((session) => (
            <li data-session>
              <strong>{session.id === props.currentSessionId ? 'Dieses Gerät' : (session.userAgent ?? 'Unbekanntes Gerät')}</strong>
              <p class="muted">{`angemeldet am ${dateTime.format(session.createdAt)} · zuletzt aktiv ${dateTime.format(session.lastSeenAt)} · ${session.host}`}</p>
            </li>
          ))}
        </ul>
        {props.sessions.length > 1 ? (
          <form method="post" action="/profile/sessions/end-others" class="inline-form">
            <CsrfField token={props.csrfToken} />
            <Button kind="secondary">Alle anderen abmelden</Button>
          </form>
        ) : null}
      </div>
    </section>
  );
}
