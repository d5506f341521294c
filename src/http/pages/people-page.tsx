import type { MembershipRole } from '../../modules/memberships/membership.js';
import type { Person, PersonState } from '../../modules/people/people-service.js';
import { AdminNav } from './admin-nav.js';
import { Button, CsrfField, Field, Notice } from './components.js';

const STATE_NAMES: Record<PersonState, string> = {
  invited: 'Eingeladen',
  invitation_expired: 'Einladung abgelaufen',
  active: 'Aktiv',
  email_unconfirmed: 'E-Mail-Adresse nicht bestätigt',
};

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

export function PeoplePage(props: {
  role: 'staff_admin' | 'staff_user';
  csrfToken: string;
  people: Person[];
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
      <div class="card stack">
        <h2>{`Personen (${props.people.length})`}</h2>
        <ul class="list">
          {props.people.map((person) => (
            <li data-person={person.email}>
              <strong>{person.name}</strong>
              <p class="muted">{`${person.email} · ${person.roles.map((role) => ROLE_NAMES[role]).join(', ')}`}</p>
              <p>{`Status: ${STATE_NAMES[person.state]}`}</p>
              {person.deliveryFailure === null ? null : (
                <p class="delivery-failure">
                  <strong>Zustellung fehlgeschlagen:</strong> {person.deliveryFailure}
                </p>
              )}
              {person.state === 'invited' || person.state === 'invitation_expired' ? (
                <form method="post" action={`/admin/people/${person.identityId}/resend`} class="inline-form">
                  <CsrfField token={props.csrfToken} />
                  <Button kind="secondary">Einladung erneut senden</Button>
                </form>
              ) : null}
              {person.state === 'active' ? <a href={`/admin/people/${person.identityId}/second-factor`}>Zweiten Faktor zurücksetzen</a> : null}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
