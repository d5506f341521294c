import { Button, CsrfField, Notice } from './components.js';

/** GET only shows this; the address is confirmed by the button's POST, which mail scanners do not press. */
export function ConfirmEmailForm(props: { csrfToken: string; token: string; email: string }) {
  return (
    <section class="card stack">
      <h1>E-Mail-Adresse bestätigen</h1>
      <p>
        Bitte bestätigen Sie, dass <strong>{props.email}</strong> Ihre E-Mail-Adresse ist.
      </p>
      <form method="post" action="/confirm-email" class="stack">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="token" value={props.token} />
        <Button>E-Mail-Adresse bestätigen</Button>
      </form>
    </section>
  );
}

export function EmailConfirmed(props: { email: string }) {
  return (
    <section class="card stack">
      <h1>E-Mail-Adresse bestätigt</h1>
      <Notice kind="success">
        <p>{`Vielen Dank. Die E-Mail-Adresse ${props.email} ist bestätigt. Sie können sich jetzt anmelden.`}</p>
      </Notice>
      <p>
        <a class="button" href="/login">
          Zur Anmeldung
        </a>
      </p>
    </section>
  );
}
