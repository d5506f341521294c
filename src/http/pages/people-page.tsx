import type { MembershipRole } from '../../modules/memberships/membership.js';
import {
  isLifecycleStep,
  type InvitationLifecycle,
  type LifecycleStep,
} from '../../modules/people/invitation-lifecycle.js';
import type { Person, PersonState } from '../../modules/people/people-service.js';
import type { LockCause } from '../../modules/throttling/throttle-service.js';
import { AdminNav } from './admin-nav.js';
import { message, type Message } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import { Button, CsrfField, Field, FilterForm, Notice } from './components.js';
import { ROLE_NAMES } from './portal-home-page.js';

const STATE_NAMES: Record<PersonState, Message> = {
  invited: message('Eingeladen'),
  invitation_expired: message('Einladung abgelaufen'),
  invitation_revoked: message('Einladung zurückgezogen'),
  active: message('Aktiv'),
  email_unconfirmed: message('E-Mail-Adresse nicht bestätigt'),
  deactivated: message('Deaktiviert'),
};

/** The filters of the list: the states, the steps of an invitation, and a temporary login lock. */
export const PEOPLE_FILTERS: Record<string, Message> = {
  invited: message('Eingeladen'),
  queued: message('Einladung in Warteschlange'),
  sent: message('Einladung zugestellt'),
  delivery_failed: message('Zustellung fehlgeschlagen'),
  link_opened: message('Link geöffnet'),
  password_set: message('Passwort gesetzt, noch nicht angemeldet'),
  invitation_expired: message('Einladung abgelaufen'),
  invitation_revoked: message('Einladung zurückgezogen'),
  active: message('Aktiv'),
  email_unconfirmed: message('E-Mail-Adresse nicht bestätigt'),
  deactivated: message('Deaktiviert'),
  locked: message('Vorübergehend gesperrt'),
};

/** A lock has one line whatever its causes; staff lift all of them with one button. */
const STATUS_LINES = {
  none: 'Status: {state}',
  password: 'Status: {state} · vorübergehend gesperrt nach falschen Passwörtern',
  second_factor: 'Status: {state} · vorübergehend gesperrt nach falschen Bestätigungscodes',
  both: 'Status: {state} · vorübergehend gesperrt nach falschen Passwörtern und Bestätigungscodes',
} as const satisfies Record<string, Message>;

function lockKindOf(causes: LockCause[]): keyof typeof STATUS_LINES {
  return causes.length === 0 ? 'none' : causes.length > 1 ? 'both' : causes[0]!;
}

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

const LIFECYCLE_NAMES: Record<LifecycleStep, Message> = {
  queued: message('Einladung in Warteschlange'),
  sent: message('Einladung zugestellt (an den Mailserver übergeben)'),
  delivery_failed: message('Zustellung fehlgeschlagen'),
  link_opened: message('Link geöffnet'),
  password_set: message('Passwort gesetzt'),
  first_login: message('Erste Anmeldung'),
  expired: message('Einladung abgelaufen'),
  revoked: message('Einladung zurückgezogen'),
};

/** One line per person: the furthest step of the invitation and when (Berlin time); the reason of a failed delivery. */
function LifecycleLine(props: { lifecycle: InvitationLifecycle }) {
  const t = useTranslator();
  const { step, at, reason } = props.lifecycle;
  if (step === 'delivery_failed') {
    return (
      <p class="delivery-failure">
        <strong>{t('Zustellung fehlgeschlagen:')}</strong> {(reason ?? []).map((text) => t.text(text)).join(' ')}
      </p>
    );
  }
  const name = t(LIFECYCLE_NAMES[step]);
  const line =
    at === null
      ? name
      : step === 'queued'
        ? t('{step} seit {time}', { step: name, time: t.dateTime(at) })
        : t('{step} am {time}', { step: name, time: t.dateTime(at) });
  return (
    <p class="lifecycle" data-lifecycle={step}>
      {line}
    </p>
  );
}

export interface InviteFormValues {
  email: string;
  name: string;
  kind: string;
  grant: string;
  customers: string;
}

const INVITE_KINDS: Array<{ value: MembershipRole; label: Message; adminOnly: boolean }> = [
  { value: 'policyholder', label: message('Versicherungsnehmer'), adminOnly: false },
  { value: 'intermediary', label: message('Vermittler'), adminOnly: false },
  { value: 'staff_user', label: message('Mitarbeiter (Verwaltung)'), adminOnly: true },
  { value: 'staff_admin', label: message('Administration (Verwaltung und Einstellungen)'), adminOnly: true },
];

/** One action on one person: a small form, so it works without script and carries the CSRF token. */
function PersonAction(props: { csrfToken: string; person: Person; action: string; label: Message }) {
  const t = useTranslator();
  return (
    <form method="post" action={`/admin/people/${props.person.identityId}/${props.action}`} class="inline-form">
      <CsrfField token={props.csrfToken} />
      <button type="submit" class="button-secondary" aria-label={`${t(props.label)}: ${props.person.name}`}>
        {t(props.label)}
      </button>
    </form>
  );
}

/** A staff user leaves administrators' access to administrators. */
function isBelowRole(role: 'staff_admin' | 'staff_user', person: Person): boolean {
  return role === 'staff_user' && person.roles.includes('staff_admin');
}

const isStaffRole = (role: string): boolean => role === 'staff_admin' || role === 'staff_user';

export function PeoplePage(props: {
  role: 'staff_admin' | 'staff_user';
  csrfToken: string;
  /** `isElsewhere`: the person also has access at another broker, so lock and second factor are the operator's. */
  people: Array<Person & { isLocked: boolean; lockCauses: LockCause[]; isElsewhere: boolean }>;
  filter: { status: string; query: string };
  ownIdentityId: string;
  notice: { kind: 'success' | 'error' | 'info'; text: string } | null;
  form: InviteFormValues;
}) {
  const t = useTranslator();
  return (
    <section class="stack admin">
      <AdminNav current="people" role={props.role} />
      <h1>{t('Verwaltung: Personen')}</h1>
      {props.notice === null ? null : <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      <div class="card stack">
        <h2>{t('Person einladen (Freischaltung)')}</h2>
        <form method="post" action="/admin/people/invite" class="stack">
          <CsrfField token={props.csrfToken} />
          <Field
            label={t('E-Mail-Adresse')}
            name="email"
            type="email"
            autocomplete="off"
            value={props.form.email}
            required
          />
          <Field
            label={t('Vollständiger Name')}
            name="name"
            type="text"
            autocomplete="off"
            value={props.form.name}
            required
          />
          <div class="field">
            <label for="field-kind">{t('Art des Zugangs')}</label>
            <select id="field-kind" name="kind" aria-describedby="field-kind-hint">
              {INVITE_KINDS.filter((kind) => !kind.adminOnly || props.role === 'staff_admin').map((kind) => (
                <option value={kind.value} selected={props.form.kind === kind.value}>
                  {t(kind.label)}
                </option>
              ))}
            </select>
            <p class="hint" id="field-kind-hint">
              {t('Mitarbeitende erhalten keine Freischaltung; Freischaltung und Kundennummern bleiben bei ihnen leer.')}
            </p>
          </div>
          <Field
            label={t('Name der Freischaltung (optional)')}
            name="grant"
            type="text"
            autocomplete="off"
            value={props.form.grant}
            hint={t('Ohne Angabe wird der Name der Person verwendet.')}
          />
          <Field
            label={t('Kundennummern (optional)')}
            name="customers"
            type="text"
            autocomplete="off"
            value={props.form.customers}
            hint={t('Mehrere durch Komma getrennt, z. B. 100234, 100235')}
          />
          <Button>{t('Einladen')}</Button>
        </form>
      </div>
      <FilterForm action="/admin/people" submitLabel={t('Filtern')}>
        <div class="field">
          <label for="filter-query">{t('Name oder E-Mail-Adresse')}</label>
          <input id="filter-query" name="suche" type="search" value={props.filter.query} />
        </div>
        <div class="field">
          <label for="filter-status">{t('Status')}</label>
          <select id="filter-status" name="status">
            <option value="" selected={props.filter.status === ''}>
              {t('Alle')}
            </option>
            {Object.entries(PEOPLE_FILTERS).map(([value, label]) => (
              <option value={value} selected={props.filter.status === value}>
                {t(label)}
              </option>
            ))}
          </select>
        </div>
      </FilterForm>
      <div class="card stack">
        <h2>{t('Personen ({count})', { count: props.people.length })}</h2>
        <ul class="list">
          {props.people.map((person) => (
            <li data-person={person.email}>
              <strong>{person.name}</strong>
              <p class="muted">{`${person.email} · ${person.roles.map((role) => t(ROLE_NAMES[role])).join(', ')}`}</p>
              <p>{t(STATUS_LINES[lockKindOf(person.lockCauses)], { state: t(STATE_NAMES[person.state]) })}</p>
              {person.lifecycle === null ? null : <LifecycleLine lifecycle={person.lifecycle} />}
              <div class="person-actions">
                {person.state === 'invited' ||
                person.state === 'invitation_expired' ||
                person.state === 'invitation_revoked' ? (
                  <>
                    <PersonAction
                      csrfToken={props.csrfToken}
                      person={person}
                      action="resend"
                      label="Einladung erneut senden"
                    />
                    {person.state === 'invited' ? (
                      <PersonAction
                        csrfToken={props.csrfToken}
                        person={person}
                        action="revoke"
                        label="Einladung widerrufen"
                      />
                    ) : null}
                  </>
                ) : null}
                {isBelowRole(props.role, person) ? null : (
                  <>
                    {person.state === 'active' || person.state === 'email_unconfirmed' ? (
                      <PersonAction
                        csrfToken={props.csrfToken}
                        person={person}
                        action="reset"
                        label="E-Mail zum Zurücksetzen des Passworts senden"
                      />
                    ) : null}
                    {person.isLocked && !person.isElsewhere ? (
                      <PersonAction
                        csrfToken={props.csrfToken}
                        person={person}
                        action="unlock"
                        label="Sperre aufheben"
                      />
                    ) : null}
                    {person.identityId === props.ownIdentityId ? null : person.state === 'deactivated' ? (
                      <PersonAction
                        csrfToken={props.csrfToken}
                        person={person}
                        action="reactivate"
                        label="Reaktivieren"
                      />
                    ) : (
                      <PersonAction
                        csrfToken={props.csrfToken}
                        person={person}
                        action="deactivate"
                        label="Deaktivieren"
                      />
                    )}
                    {person.state === 'active' &&
                    !person.isElsewhere &&
                    !(props.role === 'staff_user' && person.roles.some(isStaffRole)) ? (
                      <a href={`/admin/people/${person.identityId}/second-factor`}>
                        {t('Zweiten Faktor zurücksetzen')}
                      </a>
                    ) : null}
                  </>
                )}
              </div>
              {person.isLocked && person.isElsewhere ? (
                <p class="muted">{t('Die Sperre kann nur der Betreiber der Plattform aufheben.')}</p>
              ) : null}
              {isBelowRole(props.role, person) ? null : (
                <details>
                  <summary>{t('E-Mail-Adresse ändern')}</summary>
                  <form method="post" action={`/admin/people/${person.identityId}/email`} class="stack">
                    <CsrfField token={props.csrfToken} />
                    <Field
                      label={t('Neue E-Mail-Adresse für {name}', { name: person.name })}
                      name="email"
                      type="email"
                      autocomplete="off"
                      id={`email-${person.identityId}`}
                      hint={t('Die Person erhält eine E-Mail und bestätigt die neue Adresse selbst.')}
                      required
                    />
                    <Button kind="secondary">{t('Adresse ändern')}</Button>
                  </form>
                </details>
              )}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
