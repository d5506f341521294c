import { useTranslator } from '../language.js';
import { Button, CsrfField, Notice } from './components.js';

/** GET only shows this; the address is confirmed by the button's POST, which mail scanners do not press. */
export function ConfirmEmailForm(props: { csrfToken: string; token: string; email: string }) {
  const t = useTranslator();
  return (
    <section class="card stack">
      <h1>{t('E-Mail-Adresse bestätigen')}</h1>
      <p>
        {t.rich('Bitte bestätigen Sie, dass {email} Ihre E-Mail-Adresse ist.', {
          email: <strong>{props.email}</strong>,
        })}
      </p>
      <form method="post" action="/confirm-email" class="stack">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="token" value={props.token} />
        <Button>{t('E-Mail-Adresse bestätigen')}</Button>
      </form>
    </section>
  );
}

export function EmailConfirmed(props: { email: string }) {
  const t = useTranslator();
  return (
    <section class="card stack">
      <h1>{t('E-Mail-Adresse bestätigt')}</h1>
      <Notice kind="success">
        <p>
          {t('Vielen Dank. Die E-Mail-Adresse {email} ist bestätigt. Sie können sich jetzt anmelden.', {
            email: props.email,
          })}
        </p>
      </Notice>
      <p>
        <a class="button" href="/login">
          {t('Zur Anmeldung')}
        </a>
      </p>
    </section>
  );
}
