import { isWellFormedToken } from '../../shared/tokens.js';
import type { MembershipTenant } from '../../modules/memberships/membership.js';
import type { Translator } from '../../shared/i18n/translator.js';
import { textOfError } from '../../shared/error-registry.js';
import { useTranslator } from '../language.js';
import { Button, CsrfField, Field, Notice } from './components.js';

export function LoginForm(props: {
  csrfToken: string;
  tenantName: string | null;
  email?: string;
  hasFailed?: boolean;
  notice?: string;
}) {
  const t = useTranslator();
  return (
    <section class="card stack">
      <h1>{t('Anmelden')}</h1>
      <p class="muted">
        {props.tenantName === null
          ? t('Melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort bei Portico an.')
          : t('Melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort im Kundenportal von {broker} an.', {
              broker: props.tenantName,
            })}
      </p>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      {props.hasFailed ? (
        <Notice kind="error" title={t('Anmeldung nicht möglich')} code="LOGIN_FAILED">
          <p>{t.text(textOfError({ code: 'LOGIN_FAILED' }))}</p>
        </Notice>
      ) : null}
      <form method="post" action="/login" class="stack">
        <CsrfField token={props.csrfToken} />
        <Field
          label={t('E-Mail-Adresse')}
          name="email"
          type="email"
          autocomplete="username"
          value={props.email ?? ''}
          required
        />
        <Field label={t('Passwort')} name="password" type="password" autocomplete="current-password" required />
        <Button>{t('Anmelden')}</Button>
      </form>
      <p>
        <a href="/forgot-password">{t('Passwort vergessen?')}</a>
      </p>
    </section>
  );
}

export function EmailUnconfirmedNotice(props: {
  csrfToken: string;
  email: string;
  ticket: string;
  retryAfterSeconds: number;
  wasSent: boolean | null;
}) {
  const t = useTranslator();
  return (
    <section class="card stack">
      <h1>{t('Bitte bestätigen Sie Ihre E-Mail-Adresse')}</h1>
      <Notice kind="info" title={t('E-Mail-Adresse noch nicht bestätigt')}>
        <p>
          {t(
            'Ihr Passwort ist richtig. Die E-Mail-Adresse {email} ist aber noch nicht bestätigt. Bitte klicken Sie auf den Link in der Bestätigungs-E-Mail und melden Sie sich danach erneut an.',
            { email: props.email },
          )}
        </p>
      </Notice>
      {props.wasSent === true ? (
        <Notice kind="success">
          <p>
            {t(
              'Wir haben eine neue Bestätigungs-E-Mail an {email} gesendet. Bitte sehen Sie in Ihrem Postfach nach – auch im Spam-Ordner.',
              { email: props.email },
            )}
          </p>
        </Notice>
      ) : null}
      <form method="post" action="/login/resend-confirmation" class="stack">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="ticket" value={props.ticket} />
        <ResendButton label={t('Bestätigungs-E-Mail erneut senden')} retryAfterSeconds={props.retryAfterSeconds} />
      </form>
      <p>
        <a href="/login">{t('Zurück zur Anmeldung')}</a>
      </p>
    </section>
  );
}

/** Up to 90 seconds in seconds, beyond in whole minutes rounded up: "in 3 Minuten wieder möglich". */
export function describeWait(t: Translator, seconds: number): string {
  if (seconds > 90) {
    const minutes = Math.ceil(seconds / 60);
    return t('Erneut senden ist in {count} Minuten wieder möglich.', { count: minutes });
  }
  return seconds === 1
    ? t('Erneut senden ist in 1 Sekunde wieder möglich.')
    : t('Erneut senden ist in {count} Sekunden wieder möglich.', { count: seconds });
}

/**
 * A resend button that is disabled during the cooldown and says for how long. The script
 * (resend-cooldown) counts down and enables it; the texts travel as data so it speaks the page's language.
 */
export function ResendButton(props: { label: string; retryAfterSeconds: number }) {
  const t = useTranslator();
  const isWaiting = props.retryAfterSeconds > 0;
  return (
    <div class="stack">
      <button
        class="button button-secondary"
        type="submit"
        disabled={isWaiting}
        aria-describedby={isWaiting ? 'resend-cooldown' : undefined}
        data-resend-button
      >
        {props.label}
      </button>
      {isWaiting ? (
        <p
          class="muted"
          id="resend-cooldown"
          data-retry-after={String(props.retryAfterSeconds)}
          data-text-seconds={t('Erneut senden ist in {count} Sekunden wieder möglich.')}
          data-text-second={t('Erneut senden ist in 1 Sekunde wieder möglich.')}
          data-text-minutes={t('Erneut senden ist in {count} Minuten wieder möglich.')}
          data-text-ready={t('Sie können die E-Mail jetzt erneut anfordern.')}
        >
          {describeWait(t, props.retryAfterSeconds)}
        </p>
      ) : null}
    </div>
  );
}

export const RESEND_SCRIPTS = ['/assets/http/assets/resend-cooldown.js'];

export function TenantChooser(props: { csrfToken: string; name: string; memberships: MembershipTenant[] }) {
  const t = useTranslator();
  return (
    <section class="card stack">
      <h1>{t('Portal wählen')}</h1>
      <p>
        {t('Guten Tag {name}, Sie haben Zugang zu mehreren Kundenportalen. Welches möchten Sie öffnen?', {
          name: props.name,
        })}
      </p>
      <ul class="list">
        {props.memberships.map((membership) => (
          <li>
            <form method="post" action="/choose" class="inline-form">
              <CsrfField token={props.csrfToken} />
              <input type="hidden" name="tenant" value={membership.tenantSlug} />
              <Button>{membership.tenantName}</Button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action="/logout" class="inline-form">
        <CsrfField token={props.csrfToken} />
        <Button kind="secondary">{t('Abmelden')}</Button>
      </form>
    </section>
  );
}

/** Shown when a platform login's code arrives in another browser than the one that logged in. */
export function HandoffConfirmation(props: { csrfToken: string; code: string; email: string; portalName: string }) {
  const t = useTranslator();
  return (
    <section class="card stack">
      <h1>{t('Anmeldung fortsetzen?')}</h1>
      <p>
        {t.rich('Sie werden im Kundenportal von {broker} angemeldet als {email}.', {
          broker: props.portalName,
          email: <strong>{props.email}</strong>,
        })}
      </p>
      <p class="muted">
        {t(
          'Ist das nicht Ihre E-Mail-Adresse, brechen Sie bitte ab: Dann hat Ihnen jemand einen fremden Anmelde-Link geschickt.',
        )}
      </p>
      <form method="post" action="/session/handoff" class="stack">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="code" value={isWellFormedToken(props.code) ? props.code : ''} />
        <Button>{t('Weiter als {email}', { email: props.email })}</Button>
      </form>
      <p>
        <a href="/login">{t('Abbrechen')}</a>
      </p>
    </section>
  );
}

/** The second step of a login: the ticket stands for the correct password, the code for the phone. */
export function SecondFactorForm(props: { csrfToken: string; ticket: string; hasFailed: boolean }) {
  const t = useTranslator();
  return (
    <section class="card stack">
      <h1>{t('Bestätigungscode eingeben')}</h1>
      <p class="muted">
        {t(
          'Öffnen Sie Ihre Authenticator-App und geben Sie den sechsstelligen Code ein. Haben Sie Ihr Telefon nicht zur Hand, können Sie einen Ihrer Wiederherstellungscodes eingeben.',
        )}
      </p>
      {props.hasFailed ? (
        <Notice kind="error" title={t('Anmeldung nicht möglich')} code="LOGIN_CODE_WRONG">
          <p>{t.text(textOfError({ code: 'LOGIN_CODE_WRONG' }))}</p>
        </Notice>
      ) : null}
      <form method="post" action="/login/second-factor" class="stack">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="ticket" value={isWellFormedToken(props.ticket) ? props.ticket : ''} />
        <Field
          label={t('Code aus der App oder Wiederherstellungscode')}
          name="code"
          type="text"
          autocomplete="one-time-code"
          required
          autofocus
          isInvalid={props.hasFailed}
        />
        <Button>{t('Anmelden')}</Button>
      </form>
      <p>
        <a href="/login">{t('Abbrechen')}</a>
      </p>
    </section>
  );
}
