import type { PendingSetup } from '../../modules/second-factor/second-factor-service.js';
import type { Message, Translator } from '../../shared/i18n/translator.js';
import type { ErrorCode } from '../../shared/errors.js';
import { textOfError } from '../../shared/error-registry.js';
import { useTranslator } from '../language.js';
import { Button, CsrfField, Field, Notice } from './components.js';

export type SecondFactorNotice = 'code_wrong' | 'proof_wrong' | 'required' | 'codes_expired' | null;

/** Information says what to do; a refusal is its registry code, shown with the registry's text. */
type NoticeEntry = { kind: 'info'; text: Message } | { kind: 'error'; code: ErrorCode };

const NOTICES: Record<Exclude<SecondFactorNotice, null>, NoticeEntry> = {
  code_wrong: { kind: 'error', code: 'SECOND_FACTOR_CODE_WRONG' },
  proof_wrong: { kind: 'error', code: 'SECOND_FACTOR_PROOF_WRONG' },
  codes_expired: {
    kind: 'info',
    text: 'Wiederherstellungscodes lassen sich nur direkt nach dem Erzeugen als Datei speichern. Erzeugen Sie bei Bedarf neue Codes.',
  },
  required: {
    kind: 'info',
    text: 'Ihr Makler verlangt für Mitarbeitende einen zweiten Faktor. Bitte richten Sie ihn jetzt ein; danach können Sie das Portal wie gewohnt nutzen.',
  },
};

/** "JBSW Y3DP EHPK 3PXP": easier to read out and to type than one block of 32 letters. */
export function groupInFours(key: string): string {
  return (key.match(/.{1,4}/g) ?? []).join(' ');
}

function BackLink() {
  const t = useTranslator();
  return (
    <p>
      <a href="/profile">{t('← Zurück zu Mein Zugang')}</a>
    </p>
  );
}

/** The password or a code from the app proves that the person at the keyboard owns the account. */
function ProofFields() {
  const t = useTranslator();
  return (
    <>
      <Field
        label={t('Ihr Passwort')}
        name="currentPassword"
        id="proof-password"
        type="password"
        autocomplete="current-password"
        hint={t('Oder lassen Sie das Passwort leer und geben Sie einen Code aus der App ein.')}
      />
      <Field label={t('Code aus der App')} name="code" id="proof-code" type="text" autocomplete="one-time-code" />
    </>
  );
}

export function SecondFactorPage(props: {
  csrfToken: string;
  notice: SecondFactorNotice;
  state:
    | { kind: 'none' }
    | { kind: 'pending'; setup: PendingSetup; qrCodeDataUrl: string }
    | { kind: 'active'; remainingRecoveryCodes: number };
}) {
  const t = useTranslator();
  const notice = props.notice === null ? null : NOTICES[props.notice];
  const { state } = props;
  return (
    <section class="stack">
      <BackLink />
      {notice === null ? null : notice.kind === 'error' ? (
        <Notice kind="error" code={notice.code}>
          {t.text(textOfError({ code: notice.code }))}
        </Notice>
      ) : (
        <Notice kind={notice.kind}>{t(notice.text)}</Notice>
      )}
      <div class="card stack">
        <h1>{t('Zweiter Faktor')}</h1>
        <p>
          {t(
            'Mit einem zweiten Faktor genügt Ihr Passwort allein nicht mehr: Bei der Anmeldung geben Sie zusätzlich einen Code aus einer Authenticator-App auf Ihrem Telefon ein (zum Beispiel Google Authenticator, Microsoft Authenticator oder FreeOTP).',
          )}
        </p>
        {state.kind === 'none' ? (
          <form method="post" action="/profile/second-factor/start" class="inline-form">
            <CsrfField token={props.csrfToken} />
            <Button>{t('Zweiten Faktor einrichten')}</Button>
          </form>
        ) : null}
        {state.kind === 'active' ? (
          <p data-second-factor="active">
            {t('Der zweite Faktor ist eingerichtet. Unbenutzte Wiederherstellungscodes: {count}.', {
              count: state.remainingRecoveryCodes,
            })}
          </p>
        ) : null}
      </div>
      {state.kind === 'pending' ? (
        <div class="card stack">
          <h2>{t('1. Authenticator-App verbinden')}</h2>
          <p>
            {t(
              'Scannen Sie den QR-Code mit Ihrer Authenticator-App. Auf dem Telefon selbst öffnen Sie die App stattdessen über die Schaltfläche.',
            )}
          </p>
          <div class="factor-setup">
            <img src={state.qrCodeDataUrl} alt={t('QR-Code für die Authenticator-App')} width="220" height="220" />
            <p>
              <a class="button button-secondary" href={state.setup.uri} data-otpauth-link>
                {t('In Authenticator-App öffnen')}
              </a>
            </p>
          </div>
          <p id="totp-key-hint">
            {t('Oder geben Sie diesen Schlüssel in der App von Hand ein (zeitbasiert, 6 Stellen, 30 Sekunden):')}
          </p>
          <p>
            <code class="totp-key" data-totp-secret={state.setup.secret} aria-describedby="totp-key-hint">
              {groupInFours(state.setup.secret)}
            </code>
          </p>
          <h2>{t('2. Mit einem Code bestätigen')}</h2>
          <form method="post" action="/profile/second-factor/confirm" class="stack">
            <CsrfField token={props.csrfToken} />
            <Field
              label={t('Sechsstelliger Code aus der App')}
              name="code"
              id="setup-code"
              type="text"
              inputMode="numeric"
              autocomplete="one-time-code"
              required
              autofocus
              isInvalid={props.notice === 'code_wrong'}
            />
            <Button>{t('Bestätigen und einschalten')}</Button>
          </form>
        </div>
      ) : null}
      {state.kind === 'active' ? (
        <>
          <div class="card stack">
            <h2>{t('Neue Wiederherstellungscodes')}</h2>
            <p>{t('Die bisherigen Codes gelten danach nicht mehr.')}</p>
            <form method="post" action="/profile/second-factor/recovery-codes" class="stack">
              <CsrfField token={props.csrfToken} />
              <ProofFields />
              <Button kind="secondary">{t('Neue Codes erzeugen')}</Button>
            </form>
          </div>
          <div class="card stack">
            <h2>{t('Zweiten Faktor ausschalten')}</h2>
            <form method="post" action="/profile/second-factor/remove" class="stack">
              <CsrfField token={props.csrfToken} />
              <ProofFields />
              <Button kind="secondary">{t('Ausschalten')}</Button>
            </form>
          </div>
        </>
      ) : null}
    </section>
  );
}

export const RECOVERY_CODES_SCRIPTS = ['/assets/http/assets/recovery-codes.js'];

/**
 * Shown once: only hashes are kept, so nobody can show these codes again. Saving them as a file
 * posts them back (no data: link, which the CSP forbids); printing uses the print stylesheet.
 */
export function RecoveryCodesPage(props: { csrfToken: string; codes: string[]; isNewFactor: boolean }) {
  const t = useTranslator();
  return (
    <section class="stack">
      <Notice kind="success">
        {props.isNewFactor
          ? t('Der zweite Faktor ist eingeschaltet.')
          : t('Sie haben neue Wiederherstellungscodes. Die bisherigen gelten nicht mehr.')}
      </Notice>
      <div class="card stack recovery-codes">
        <h1>{t('Ihre Wiederherstellungscodes')}</h1>
        <p>
          {t(
            'Wenn Sie Ihr Telefon verlieren, melden Sie sich mit einem dieser Codes an. Jeder Code gilt nur einmal. Bewahren Sie sie sicher auf, zum Beispiel ausgedruckt oder in einem Passwort-Manager. Diese Codes werden nur jetzt angezeigt.',
          )}
        </p>
        <ul class="list code-list" data-recovery-codes>
          {props.codes.map((code) => (
            <li>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <div class="actions no-print">
          <form method="post" action="/profile/second-factor/recovery-codes/download" class="inline-form">
            <CsrfField token={props.csrfToken} />
            <input type="hidden" name="codes" value={props.codes.join(' ')} />
            <Button kind="secondary">{t('Als Textdatei speichern')}</Button>
          </form>
          <button type="button" class="button button-secondary" id="print-recovery-codes" hidden>
            {t('Drucken')}
          </button>
        </div>
        <p class="no-print">
          <a href="/profile">{t('Weiter zu Mein Zugang')}</a>
        </p>
      </div>
    </section>
  );
}

/** The text file of the codes: what they are for, for which access, one code per line. */
export function recoveryCodesFile(
  t: Translator,
  details: { portalName: string; email: string; issuedAt: Date; codes: string[] },
): string {
  return [
    t('Wiederherstellungscodes für {portal}', { portal: details.portalName }),
    t('Zugang: {email}', { email: details.email }),
    t('Erstellt am {date}', { date: t.dateTime(details.issuedAt) }),
    '',
    t('Jeder Code gilt nur einmal. Bewahren Sie diese Datei sicher auf.'),
    '',
    ...details.codes,
    '',
  ].join('\r\n');
}

/** For staff: removing a customer's factor is only safe after verifying the person another way. */
/** `refusal`: why this staff member may not reset this factor; the page then offers no button. */
export function RemoveMemberFactorPage(props: {
  csrfToken: string;
  identityId: string;
  name: string;
  email: string;
  hasFactor: boolean;
  isRemoved: boolean;
  refusal: { code: ErrorCode; text: string } | null;
}) {
  const t = useTranslator();
  return (
    <section class="stack">
      <p>
        <a href="/admin/people">{t('← Zur Verwaltung')}</a>
      </p>
      {props.isRemoved ? (
        <Notice kind="success">
          {t(
            'Der zweite Faktor von {name} wurde entfernt. {name} meldet sich jetzt nur mit dem Passwort an und kann in „Mein Zugang“ einen neuen einrichten.',
            { name: props.name },
          )}
        </Notice>
      ) : null}
      <div class="card stack">
        <h1>{t('Zweiten Faktor zurücksetzen')}</h1>
        <p>{`${props.name} (${props.email})`}</p>
        {props.refusal === null ? null : (
          <Notice kind="error" code={props.refusal.code}>
            <p>{props.refusal.text}</p>
          </Notice>
        )}
        {props.refusal !== null ? null : props.hasFactor ? (
          <>
            <Notice kind="info" title={t('Prüfen Sie zuerst, wer anfragt')}>
              <p>
                {t(
                  'Entfernen Sie den zweiten Faktor nur, nachdem Sie die Person auf einem anderen Weg sicher erkannt haben, zum Beispiel durch einen Rückruf unter der Telefonnummer aus Ihrem Bestand – nie allein auf eine E-Mail oder einen Anruf hin. Wer den Faktor entfernen lässt, braucht danach nur noch das Passwort.',
                )}
              </p>
            </Notice>
            <form method="post" action={`/admin/people/${props.identityId}/second-factor/remove`} class="inline-form">
              <CsrfField token={props.csrfToken} />
              <Button kind="secondary">{t('Identität geprüft: zweiten Faktor entfernen')}</Button>
            </form>
          </>
        ) : (
          <p data-second-factor="none">{t('Diese Person hat keinen zweiten Faktor eingerichtet.')}</p>
        )}
      </div>
    </section>
  );
}
