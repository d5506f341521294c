import { isWellFormedToken } from '../../shared/tokens.js';
import type { MembershipTenant } from '../../modules/memberships/membership-repo.js';
import { Button, CsrfField, Field, Notice } from './components.js';

export const LOGIN_FAILED_MESSAGE = 'E-Mail-Adresse oder Passwort sind nicht korrekt, oder für diese Adresse besteht hier kein Zugang.';

export function LoginForm(props: { csrfToken: string; portalName: string; email?: string; hasFailed?: boolean; notice?: string }) {
  return (
    <section class="card stack">
      <h1>Anmelden</h1>
      <p class="muted">{`Melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort bei ${props.portalName} an.`}</p>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      {props.hasFailed ? (
        <Notice kind="error" title="Anmeldung nicht möglich">
          <p>{LOGIN_FAILED_MESSAGE}</p>
        </Notice>
      ) : null}
      <form method="post" action="/login" class="stack">
        <CsrfField token={props.csrfToken} />
        <Field label="E-Mail-Adresse" name="email" type="email" autocomplete="username" value={props.email ?? ''} required />
        <Field label="Passwort" name="password" type="password" autocomplete="current-password" required />
        <Button>Anmelden</Button>
      </form>
      <p>
        <a href="/forgot-password">Passwort vergessen?</a>
      </p>
    </section>
  );
}

export function EmailUnconfirmedNotice(props: { csrfToken: string; email: string; ticket: string; retryAfterSeconds: number; wasSent: boolean | null }) {
  return (
    <section class="card stack">
      <h1>Bitte bestätigen Sie Ihre E-Mail-Adresse</h1>
      <Notice kind="info" title="E-Mail-Adresse noch nicht bestätigt">
        <p>{`Ihr Passwort ist richtig. Die E-Mail-Adresse ${props.email} ist aber noch nicht bestätigt. Bitte klicken Sie auf den Link in der Bestätigungs-E-Mail und melden Sie sich danach erneut an.`}</p>
      </Notice>
      {props.wasSent === true ? <Notice kind="success">{`Wir haben eine neue Bestätigungs-E-Mail an ${props.email} gesendet.`}</Notice> : null}
      {props.retryAfterSeconds > 0 ? (
        <p class="muted" id="resend-cooldown">{`Eine weitere E-Mail können Sie in ${props.retryAfterSeconds} Sekunden anfordern.`}</p>
      ) : null}
      <form method="post" action="/login/resend-confirmation" class="stack">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="ticket" value={props.ticket} />
        <Button kind="secondary">Bestätigungs-E-Mail erneut senden</Button>
      </form>
      <p>
        <a href="/login">Zurück zur Anmeldung</a>
      </p>
    </section>
  );
}

export function TenantChooser(props: { csrfToken: string; name: string; memberships: MembershipTenant[] }) {
  return (
    <section class="card stack">
      <h1>Portal wählen</h1>
      <p>{`Guten Tag ${props.name}, Sie haben Zugang zu mehreren Kundenportalen. Welches möchten Sie öffnen?`}</p>
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
        <Button kind="secondary">Abmelden</Button>
      </form>
    </section>
  );
}

/** Shown when a platform login's code arrives in another browser than the one that logged in. */
export function HandoffConfirmation(props: { csrfToken: string; code: string; email: string; portalName: string }) {
  return (
    <section class="card stack">
      <h1>Anmeldung fortsetzen?</h1>
      <p>
        Sie werden im Kundenportal von {props.portalName} angemeldet als <strong>{props.email}</strong>.
      </p>
      <p class="muted">Ist das nicht Ihre E-Mail-Adresse, brechen Sie bitte ab: Dann hat Ihnen jemand einen fremden Anmelde-Link geschickt.</p>
      <form method="post" action="/session/handoff" class="stack">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="code" value={isWellFormedToken(props.code) ? props.code : ''} />
        <Button>Weiter als {props.email}</Button>
      </form>
      <p>
        <a href="/login">Abbrechen</a>
      </p>
    </section>
  );
}

/** The second step of a login: the ticket stands for the correct password, the code for the phone. */
export function SecondFactorForm(props: { csrfToken: string; ticket: string; hasFailed: boolean }) {
  return (
    <section class="card stack">
      <h1>Bestätigungscode eingeben</h1>
      <p class="muted">Öffnen Sie Ihre Authenticator-App und geben Sie den sechsstelligen Code ein. Haben Sie Ihr Telefon nicht zur Hand, können Sie einen Ihrer Wiederherstellungscodes eingeben.</p>
      {props.hasFailed ? (
        <Notice kind="error" title="Anmeldung nicht möglich">
          <p>Der Code ist nicht korrekt oder wurde schon verwendet. Bitte geben Sie den aktuellen Code ein.</p>
        </Notice>
      ) : null}
      <form method="post" action="/login/second-factor" class="stack">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="ticket" value={isWellFormedToken(props.ticket) ? props.ticket : ''} />
        <Field label="Code aus der App oder Wiederherstellungscode" name="code" type="text" autocomplete="one-time-code" required />
        <Button>Anmelden</Button>
      </form>
      <p>
        <a href="/login">Abbrechen</a>
      </p>
    </section>
  );
}
