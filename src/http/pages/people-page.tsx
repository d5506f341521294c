import type { MembershipRole } from '../../modules/memberships/membership.js';
import { isLifecycleStep, type InvitationLifecycle, type LifecycleStep } from '../../modules/people/invitation-lifecycle.js';
import type { Person, PersonState } from '../../modules/people/people-service.js';
import { AdminNav } from './admin-nav.js';
import { Button, CsrfField, Field, FilterForm, Notice } from './components.js';

const STATE_NAMES: Record<PersonState, string> = {
  invited: 'Eingeladen',
  invitation_expired: 'Einladung abgelaufen',
  invitation_revoked: 'Einladung zurückgezogen',
  active: 'Aktiv',
  email_unconfirmed: 'E-Mail-Adresse nicht bestätigt',
  deactivated: 'Deaktiviert',
};

/** The filters of the list: the states, the steps of an invitation, and a temporary login lock. */
export const PEOPLE_FILTERS: Record<string, string> = {
  invited: 'Eingeladen',
  queued: 'Einladung in Warteschlange',
  sent: 'Einladung zugestellt',
  delivery_failed: 'Zustellung fehlgeschlagen',
  link_opened: 'Link geöffnet',
  password_set: 'Passwort gesetzt, noch nicht angemeldet',
  invitation_expired: 'Einladung abgelaufen',
  invitation_revoked: 'Einladung zurückgezogen',
  active: 'Aktiv',
  email_unconfirmed: 'E-Mail-Adresse nicht bestätigt',
  deactivated: 'Deaktiviert',
  locked: 'Vorübergehend gesperrt',
};

/** Whether a person belongs in the list under one of the PEOPLE_FILTERS; an unknown filter lets everybody through. */
export function matchesPeopleFilter(person: Person & { isLocked: boolean }, filter: string): boolean {
  if (PEOPLE_FILTERS[filter] === undefined) {
    return true;
  }
  if (filter === 'locked') {
    return person.isLocked;
  }
  return isLifecycleStep(filter) ? person.lifecycle?.step === filter : person.state === filter;
}

/** Like the audit log: Berlin time, whatever the server's zone. */
const LIFECYCLE_TIME = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' });

const LIFECYCLE_NAMES: Record<LifecycleStep, string> = {
  queued: 'Einladung in Warteschlange',
  sent: 'Einladung zugestellt (an den Mailserver übergeben)',
  delivery_failed: 'Zustellung fehlgeschlagen',
  link_opened: 'Link geöffnet',
  password_set: 'Passwort gesetzt',
  first_login: 'Erste Anmeldung',
  expired: 'Einladung abgelaufen',
  revoked: 'Einladung zurückgezogen',
};

/** One line per person: the furthest step of the invitation and when; the reason of a failed delivery. */
function LifecycleLine(props: { lifecycle: InvitationLifecycle }) {
  const { step, at, reason } = props.lifecycle;
  if (step === 'delivery_failed') {
    return (
      <p class="delivery-failure">
        <strong>{`${LIFECYCLE_NAMES[step]}:`}</strong> {reason}
      </p>
    );
  }
  const when = at === null ? '' : step === 'queued' ? ` seit ${LIFECYCLE_TIME.format(at)}` : ` am ${LIFECYCLE_TIME.format(at)}`;
  return <p class="lifecycle" data-lifecycle={step}>{`${LIFECYCLE_NAMES[step]}${when}`}</p>;
}

const ROLE_NAMES: Record<MembershipRole, string> = {
  policyholder: 'Versicherungsnehmer',
  intermediary: 'Vermittler',
  staff_admin: 'Administration',
  staff_user: 'Mitarbeiter',
};

export interface InviteFormValues {
  email: string;
  name: string;
  kind: string;
  grant: string;
  customers: string;
}

const INVITE_KINDS: Array<{ value: string; label: string; adminOnly: boolean }> = [
  { value: 'policyholder', label: 'Versicherungsnehmer', adminOnly: false },
  { value: 'intermediary', label: 'Vermittler', adminOnly: false },
  { value: 'staff_user', label: 'Mitarbeiter (Verwaltung)', adminOnly: true },
  { value: 'staff_admin', label: 'Administration (Verwaltung und Einstellungen)', adminOnly: true },
];

/** One action on one person: a small form, so it works without script and carries the CSRF token. */
function PersonAction(props: { csrfToken: string; person: Person; action: string; label: string }) {
  return (
    <form method="post" action={`/admin/people/${props.person.identityId}/${props.action}`} class="inline-form">
      <CsrfField token={props.csrfToken} />
      <button type="submit" class="button-secondary" aria-label={`${props.label}: ${props.person.name}`}>
        {props.label}
      </button>
    </form>
  );
}

export function PeoplePage(props: {
  role: 'staff_admin' | 'staff_user';
  csrfToken: string;
  people: Array<Person & { isLocked: boolean }>;
  filter: { status: string; query: string };
  ownIdentityId: string;
  notice: { kind: 'success' | 'error' | 'info'; text: string } | null;
  form: InviteFormValues;
}) {
  return (
    <section class="stack admin">
      <AdminNav current="people" role={props.role} />
      <h1>Verwaltung: Personen</h1>
      {props.notice === null ? null : <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      <div class="card stack">
        <h2>Person einladen (Freischaltung)</h2>
        <form method="post" action="/admin/people/invite" class="stack">
          <CsrfField token={props.csrfToken} />
          <Field label="E-Mail-Adresse" name="email" type="email" autocomplete="off" value={props.form.email} required />
          <Field label="Vollständiger Name" name="name" type="text" autocomplete="off" value={props.form.name} required />
          <div class="field">
            <label for="field-kind">Art des Zugangs</label>
            <select id="field-kind" name="kind" aria-describedby="field-kind-hint">
              {INVITE_KINDS.filter((kind) => !kind.adminOnly || props.role === 'staff_admin').map((kind) => (
                <option value={kind.value} selected={props.form.kind === kind.value}>
                  {kind.label}
                </option>
              ))}
            </select>
            <p class="hint" id="field-kind-hint">
              Mitarbeitende erhalten keine Freischaltung; Freischaltung und Kundennummern bleiben bei ihnen leer.
            </p>
          </div>
          <Field label="Name der Freischaltung (optional)" name="grant" type="text" autocomplete="off" value={props.form.grant} hint="Ohne Angabe wird der Name der Person verwendet." />
          <Field label="Kundennummern (optional)" name="customers" type="text" autocomplete="off" value={props.form.customers} hint="Mehrere durch Komma getrennt, z. B. 100234, 100235" />
          <Button>Einladen</Button>
        </form>
      </div>
      <FilterForm action="/admin/people" submitLabel="Filtern">
        <div class="field">
          <label for="filter-query">Name oder E-Mail-Adresse</label>
          <input id="filter-query" name="suche" type="search" value={props.filter.query} />
        </div>
        <div class="field">
          <label for="filter-status">Status</label>
          <select id="filter-status" name="status">
            <option value="" selected={props.filter.status === ''}>
              Alle
            </option>
            {Object.entries(PEOPLE_FILTERS).map(([value, label]) => (
              <option value={value} selected={props.filter.status === value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </FilterForm>
      <div class="card stack">
        <h2>{`Personen (${props.people.length})`}</h2>
        <ul class="list">
          {props.people.map((person) => (
            <li data-person={person.email}>
              <strong>{person.name}</strong>
              <p class="muted">{`${person.email} · ${person.roles.map((role) => ROLE_NAMES[role]).join(', ')}`}</p>
              <p>{`Status: ${STATE_NAMES[person.state]}${person.isLocked ? ' · vorübergehend gesperrt nach falschen Passwörtern' : ''}`}</p>
              {person.lifecycle === null ? null : <LifecycleLine lifecycle={person.lifecycle} />}
              <div class="person-actions">
                {person.state === 'invited' || person.state === 'invitation_expired' || person.state === 'invitation_revoked' ? (
                  <>
                    <PersonAction csrfToken={props.csrfToken} person={person} action="resend" label="Einladung erneut senden" />
                    {person.state === 'invited' ? <PersonAction csrfToken={props.csrfToken} person={person} action="revoke" label="Einladung widerrufen" /> : null}
                  </>
                ) : null}
                {person.state === 'active' || person.state === 'email_unconfirmed' ? (
                  <PersonAction csrfToken={props.csrfToken} person={person} action="reset" label="E-Mail zum Zurücksetzen des Passworts senden" />
                ) : null}
                {person.isLocked ? <PersonAction csrfToken={props.csrfToken} person={person} action="unlock" label="Sperre aufheben" /> : null}
                {person.identityId === props.ownIdentityId ? null : person.state === 'deactivated' ? (
                  <PersonAction csrfToken={props.csrfToken} person={person} action="reactivate" label="Reaktivieren" />
                ) : (
                  <PersonAction csrfToken={props.csrfToken} person={person} action="deactivate" label="Deaktivieren" />
                )}
                {person.state === 'active' ? <a href={`/admin/people/${person.identityId}/second-factor`}>Zweiten Faktor zurücksetzen</a> : null}
              </div>
              <details>
                <summary>E-Mail-Adresse ändern</summary>
                <form method="post" action={`/admin/people/${person.identityId}/email`} class="stack">
                  <CsrfField token={props.csrfToken} />
                  <Field label={`Neue E-Mail-Adresse für ${person.name}`} name="email" type="email" autocomplete="off" id={`email-${person.identityId}`} hint="Die neue Adresse muss bestätigt werden; die bisherige wird informiert." required />
                  <Button kind="secondary">Adresse ändern</Button>
                </form>
              </details>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
