import { describePasswordProblem, describePasswordRule } from '../../modules/password-policy/password-messages.js';
import { PASSWORD_RULE_CODES, checkPasswordRules } from '../../modules/password-policy/password-rules.js';
import type { SetPasswordProblem } from '../../modules/credentials/password-setup-service.js';
import type { Message } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import { Button, CsrfField, Field, Notice } from './components.js';

export const PASSWORD_SCRIPTS = ['/assets/http/assets/password-checklist.js'];

/** The four rules as a checklist; the script ticks them off while typing, the server enforces the same module. */
function RuleChecklist() {
  const t = useTranslator();
  const initial = checkPasswordRules('');
  return (
    <div class="stack">
      <p id="password-rules-title" class="hint">
        {t('Ihr Passwort braucht:')}
      </p>
      <ul id="password-rules" class="rule-list" aria-labelledby="password-rules-title">
        {PASSWORD_RULE_CODES.map((code) => (
          <li data-rule={code} data-met={String(initial.find((rule) => rule.code === code)?.isMet ?? false)}>
            <span class="rule-state visually-hidden">{t('nicht erfüllt')}</span>{' '}
            {describePasswordRule(code, t.language)}
          </li>
        ))}
        <li data-rule="PASSWORD_MATCH" data-met="false">
          <span class="rule-state visually-hidden">{t('nicht erfüllt')}</span> {t('Beide Eingaben stimmen überein')}
        </li>
      </ul>
      <p id="password-rules-summary" class="visually-hidden" aria-live="polite"></p>
    </div>
  );
}

/** Every unmet rule at once, in words, above the form that was refused. */
export function PasswordProblems(props: { title: string; problems: SetPasswordProblem[] }) {
  const t = useTranslator();
  if (props.problems.length === 0) {
    return null;
  }
  return (
    <Notice kind="error" title={props.title}>
      <ul>
        {props.problems.map((problem) => (
          <li data-problem={problem}>
            {problem === 'PASSWORD_MISMATCH'
              ? t('Die beiden Eingaben stimmen nicht überein. Bitte geben Sie dasselbe Passwort zweimal ein.')
              : describePasswordProblem(problem, t.language)}
          </li>
        ))}
      </ul>
    </Notice>
  );
}

/**
 * The new password twice, the show/hide toggle and the live checklist: the ids are what the
 * browser module (password-checklist) looks for.
 */
export function NewPasswordFields(props: { label: Message; repeatLabel: Message }) {
  const t = useTranslator();
  return (
    <>
      <Field
        label={t(props.label)}
        name="password"
        id="password"
        type="password"
        autocomplete="new-password"
        required
        describedBy="password-rules"
      />
      <Field
        label={t(props.repeatLabel)}
        name="passwordConfirm"
        id="password-confirm"
        type="password"
        autocomplete="new-password"
        required
      />
      <button type="button" id="toggle-password" class="button button-secondary" hidden aria-pressed="false">
        {t('Passwort anzeigen')}
      </button>
      <RuleChecklist />
    </>
  );
}

export function SetPasswordForm(props: {
  csrfToken: string;
  token: string;
  email: string;
  name: string;
  problems: SetPasswordProblem[];
  isReset?: boolean;
}) {
  const t = useTranslator();
  return (
    <section class="card stack">
      <h1>{props.isReset ? t('Neues Passwort festlegen') : t('Passwort festlegen')}</h1>
      <p>
        {props.isReset
          ? t('Guten Tag {name}, bitte wählen Sie ein neues Passwort für Ihren Zugang.', { name: props.name })
          : t('Guten Tag {name}, bitte wählen Sie ein Passwort für Ihren Zugang.', { name: props.name })}
      </p>
      <p>{t.rich('Ihre E-Mail-Adresse für die Anmeldung: {email}', { email: <strong>{props.email}</strong> })}</p>
      <PasswordProblems title={t('Das Passwort wurde noch nicht gespeichert')} problems={props.problems} />
      <form method="post" action="/set-password" class="stack" data-password-form>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="token" value={props.token} />
        {/* Lets password managers store the new password under the right account. */}
        <input type="email" name="username" autocomplete="username" value={props.email} readonly hidden />
        <NewPasswordFields label="Passwort" repeatLabel="Passwort wiederholen" />
        <p class="hint">{t('Tipp: Ein Satz aus mehreren Wörtern ist leicht zu merken und schwer zu erraten.')}</p>
        <Button>{t('Passwort speichern')}</Button>
      </form>
    </section>
  );
}

function ToLogin(props: { kind?: 'primary' | 'secondary' }) {
  const t = useTranslator();
  return (
    <p>
      <a class={props.kind === 'primary' ? 'button' : 'button button-secondary'} href="/login">
        {t('Zur Anmeldung')}
      </a>
    </p>
  );
}

export function PasswordSaved() {
  const t = useTranslator();
  return (
    <section class="card stack">
      <h1>{t('Passwort gespeichert')}</h1>
      <Notice kind="success">
        <p>
          {t(
            'Ihr Passwort wurde gespeichert. Sie können sich ab sofort mit Ihrer E-Mail-Adresse und diesem Passwort anmelden.',
          )}
        </p>
      </Notice>
      <p class="muted">
        {t('Sie sind noch nicht angemeldet. Sie können dieses Fenster jetzt schließen oder sich gleich anmelden.')}
      </p>
      <ToLogin kind="primary" />
    </section>
  );
}

const UNUSABLE_TEXT = {
  expired: 'Dieser Link ist abgelaufen.',
  used: 'Dieser Link wurde bereits verwendet.',
  revoked:
    'Dieser Link gilt nicht mehr: Inzwischen wurde ein neuerer Link verschickt, oder die Einladung wurde zurückgezogen.',
  unknown: 'Dieser Link ist ungültig oder unvollständig.',
} as const satisfies Record<string, Message>;

/** For used, expired or unknown links: one button sends a fresh link to the address on file, if one is needed. */
export function LinkUnusable(props: { csrfToken: string; token: string; state: keyof typeof UNUSABLE_TEXT }) {
  const t = useTranslator();
  return (
    <section class="card stack">
      <h1>{t('Dieser Link funktioniert nicht mehr')}</h1>
      <Notice kind="info">
        <p>{t(UNUSABLE_TEXT[props.state])}</p>
      </Notice>
      <p>
        {t(
          'Wenn Sie bereits ein Passwort festgelegt haben, melden Sie sich einfach an. Andernfalls können Sie einen neuen Link an die hinterlegte E-Mail-Adresse anfordern.',
        )}
      </p>
      <form method="post" action="/link/renew" class="stack">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="token" value={props.token} />
        <Button>{t('Neuen Link senden')}</Button>
      </form>
      <ToLogin />
    </section>
  );
}

export function FreshLinkRequested() {
  const t = useTranslator();
  return (
    <section class="card stack">
      <h1>{t('Anfrage erhalten')}</h1>
      <Notice kind="success">
        <p>
          {t(
            'Falls für diesen Zugang ein neuer Link nötig ist, haben wir ihn an die hinterlegte E-Mail-Adresse gesendet. Bitte sehen Sie in Ihrem Postfach nach – auch im Spam-Ordner.',
          )}
        </p>
      </Notice>
      <ToLogin />
    </section>
  );
}

export function ForgotPasswordForm(props: { csrfToken: string }) {
  const t = useTranslator();
  return (
    <section class="card stack">
      <h1>{t('Passwort vergessen')}</h1>
      <p>
        {t(
          'Geben Sie die E-Mail-Adresse Ihres Zugangs ein. Wir senden Ihnen einen Link, mit dem Sie ein neues Passwort festlegen.',
        )}
      </p>
      <form method="post" action="/forgot-password" class="stack">
        <CsrfField token={props.csrfToken} />
        <Field label={t('E-Mail-Adresse')} name="email" type="email" autocomplete="username" required />
        <Button>{t('Link senden')}</Button>
      </form>
      <p>
        <a href="/login">{t('Zurück zur Anmeldung')}</a>
      </p>
    </section>
  );
}

/** The same answer whether or not the address is known, so the page reveals nothing about it. */
export function ForgotPasswordRequested() {
  const t = useTranslator();
  return (
    <section class="card stack">
      <h1>{t('Bitte sehen Sie in Ihr Postfach')}</h1>
      <Notice kind="success">
        <p>
          {t(
            'Wenn zu dieser Adresse ein Zugang besteht, haben wir soeben einen Link gesendet. Er ist eine Stunde gültig. Bitte sehen Sie auch im Spam-Ordner nach.',
          )}
        </p>
      </Notice>
      <ToLogin />
    </section>
  );
}
