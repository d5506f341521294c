import type { GrantView } from '../../modules/grants/grant-repo.js';
import type { MembershipRole } from '../../modules/memberships/membership.js';
import { Button, CsrfField } from './components.js';

const ROLE_NAMES: Record<MembershipRole, string> = {
  policyholder: 'Versicherungsnehmer',
  intermediary: 'Vermittler',
  staff_admin: 'Administration',
  staff_user: 'Mitarbeiter',
};

export function LogoutButton(props: { csrfToken: string }) {
  return (
    <form method="post" action="/logout" class="inline-form">
      <CsrfField token={props.csrfToken} />
      <Button kind="secondary">Abmelden</Button>
    </form>
  );
}

export function PortalHome(props: { name: string; email: string; tenantName: string; roles: MembershipRole[]; grants: GrantView[]; isDelegating: boolean }) {
  return (
    <section class="stack">
      <div class="card stack">
        <h1>{`Willkommen, ${props.name}`}</h1>
        <p>{`Sie sind im Kundenportal von ${props.tenantName} angemeldet als ${props.email}.`}</p>
        <p class="muted">{`Ihre Rolle: ${props.roles.map((role) => ROLE_NAMES[role]).join(', ')}`}</p>
        <p>
          <a href="/profile">Mein Zugang: Passwort ändern, angemeldete Geräte</a>
        </p>
        {props.roles.some((role) => role === 'staff_admin' || role === 'staff_user') ? (
          <p>
            <a href="/admin/people">Verwaltung: Personen einladen und verwalten</a>
          </p>
        ) : null}
      </div>
      <div class="card stack">
        <h2>Ihre Freischaltungen</h2>
        {props.grants.length === 0 ? (
          <p class="muted">Für Sie sind noch keine Verträge oder Kunden freigeschaltet.</p>
        ) : (
          <ul class="list">
            {props.grants.map((grant) => (
              <li class="grant">
                <strong>{grant.name}</strong>
                <span class="muted">{grant.kind === 'intermediary' ? ' · Vermittlerzugang' : ' · Kundenzugang'}</span>
                {grant.customerNumbers.length > 0 ? <p>{`Kundennummern: ${grant.customerNumbers.join(', ')}`}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </div>
      {props.isDelegating ? (
        <div class="card stack">
          <h2>Kolleginnen und Kollegen</h2>
          <p>Sie dürfen Kolleginnen und Kollegen in eigene Freischaltungen einladen und deren Zugänge wieder entfernen.</p>
          <p>
            <a href="/colleagues">Kolleginnen und Kollegen einladen und verwalten</a>
          </p>
        </div>
      ) : null}
    </section>
  );
}
