import { describeChecklistItem, describePasswordProblem } from '../../modules/password-policy/password-messages.js';
import {
  checklistStates,
  PASSWORD_CHECKLIST,
  type ChecklistState,
  type PasswordContext,
  type PasswordProblemCode,
} from '../../modules/password-policy/password-checks.js';
import type { SetPasswordProblem } from '../../modules/credentials/password-setup-service.js';
import type { Message } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import { Button, CsrfField, Field, Notice } from './components.js';

export const PASSWORD_SCRIPTS = ['/assets/http/assets/password-checklist.js'];

const PROBLEMS_ID = 'password-problems';
const MATCH_RULE = 'PASSWORD_MATCH';

const STATE_TEXT = {
  met: 'erfüllt',
  unmet: 'nicht erfüllt',
  pending: 'wird beim Speichern geprüft',
} as const satisfies Record<ChecklistState, Message>;

/**
 * What the checklist shows before the script runs: every line open on a fresh form; after a
 * refusal, the state of the refused password (the password itself is never sent back).
 */
function initialStates(refused: readonly SetPasswordProblem[]): Map<string, ChecklistState> {
  if (refused.length === 0) {
    const fresh = checklistStates(
      PASSWORD_CHECKLIST.flatMap((item) => item.codes),
      { isServerChecked: false },
    );
    return new Map([...fresh, [MATCH_RULE, 'unmet']]);
  }
  const problems = refused.filter((problem): problem is PasswordProblemCode => problem !== 'PASSWORD_MISMATCH');
  const states = new Map<string, ChecklistState>(checklistStates(problems, { isServerChecked: true }));
  states.set(MATCH_RULE, refused.includes('PASSWORD_MISMATCH') ? 'unmet' : 'met');
  return states;
}

function dataMet(state: ChecklistState | undefined): string {
  return state === 'pending' ? 'pending' : String(state === 'met');
}

/**
 * Every check the server applies, as a checklist; the script ticks the lines off while typing with
 * the same module the server uses (password-checks), except the list of common passwords, which
 * only the server holds. The person's name and address travel as data for the personal-data line.
 */
function RuleChecklist(props: { context: PasswordContext; refused: readonly SetPasswordProblem[] }) {
  const t = useTranslator();
  const states = initialStates(props.refused);
  return (
    <div class="stack">
      <p id="password-rules-title" class="hint">
        {t('Ihr Passwort braucht:')}
      </p>
      <ul
        id="password-rules"
        class="rule-list"
        aria-labelledby="password-rules-title"
        data-email={props.context.email}
        data-name={props.context.name}
        data-tenant={props.context.tenantName}
        data-refused={props.refused.length > 0 ? 'true' : undefined}
      >
        {PASSWORD_CHECKLIST.map((item) => (
          <li
            data-rule={item.code}
            data-met={dataMet(states.get(item.code))}
            data-codes={item.codes.join(' ')}
            data-server-only={item.isCheckedOnServerOnly ? 'true' : undefined}
          >
            <span class="rule-state visually-hidden">{t(STATE_TEXT[states.get(item.code) ?? 'unmet'])}</span>{' '}
            {describeChecklistItem(item.code, t.language)}
            {item.isCheckedOnServerOnly ? <span class="rule-note"> {t('(wird beim Speichern geprüft)')}</span> : null}
            {item.code === 'PASSWORD_NEEDS_UPPERCASE' ? (
              <span class="rule-hint" id="password-uppercase-hint" hidden></span>
            ) : null}
          </li>
        ))}
        <li data-rule={MATCH_RULE} data-met={dataMet(states.get(MATCH_RULE))}>
          <span class="rule-state visually-hidden">{t(STATE_TEXT[states.get(MATCH_RULE) ?? 'unmet'])}</span>{' '}
          {t('Beide Eingaben stimmen überein')}
        </li>
      </ul>
      <p id="password-rules-summary" class="visually-hidden" aria-live="polite"></p>
    </div>
  );
}

/** Every unmet rule at once, in words, above the form that was refused; the password field points here. */
export function PasswordProblems(props: { title: string; problems: SetPasswordProblem[] }) {
  const t = useTranslator();
  if (props.problems.length === 0) {
    return null;
  }
  return (
    <div id={PROBLEMS_ID}>
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
    </div>
  );
}

/**
 * The new password twice, the show/hide toggle and the live checklist: the ids are what the
 * browser module (password-checklist) looks for. After a refusal (`refused` not empty) the
 * password field takes the focus and is described by the list of problems; refilling a password
 * field would put the password into the page's HTML, so it stays empty.
 */
export function NewPasswordFields(props: {
  label: Message;
  repeatLabel: Message;
  context?: PasswordContext;
  refused?: readonly SetPasswordProblem[];
}) {
  const t = useTranslator();
  const refused = props.refused ?? [];
  const isRefused = refused.length > 0;
  return (
    <>
      <Field
        label={t(props.label)}
        name="password"
        id="password"
        type="password"
        autocomplete="new-password"
        required
        describedBy={isRefused ? `${PROBLEMS_ID} password-rules` : 'password-rules'}
        isInvalid={isRefused}
        autofocus={isRefused}
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
      <RuleChecklist context={props.context ?? {}} refused={refused} />
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
  tenantName?: string;
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
        <NewPasswordFields
          label="Passwort"
          repeatLabel="Passwort wiederholen"
          context={{
            email: props.email,
            name: props.name,
            ...(props.tenantName === undefined ? {} : { tenantName: props.tenantName }),
          }}
          refused={props.problems}
        />
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
    'Dieser Link gilt nicht mehr: Inzwischen wurde ein neuerer Link verschickt, oder die Einladung wurde widerrufen.',
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
      <h1>{t('Bitte sehen Sie in Ihrem Postfach nach')}</h1>
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
