import type { InvitationLifecycle, LifecycleStep } from '../../modules/people/invitation-lifecycle.js';
import type { PeopleTable, PersonInTable, PersonState } from '../../modules/people/people-service.js';
import type { LockCause } from '../../modules/throttling/throttle-service.js';
import type { ErrorCode } from '../../shared/errors.js';
import { message, type Message } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import { AdminNav } from './admin-nav.js';
import {
  Button,
  CsrfField,
  Field,
  FilterForm,
  FilterSelect,
  Notice,
  Pager,
  ScrollRegion,
  SearchField,
} from './components.js';
import { InviteForm, type InviteFormValues } from './people-invite-form.js';
import type { ShownError } from '../page-errors.js';
import { encodeCursor, peopleListHref, type PeopleListParameters } from './people-list-query.js';
import { ROLE_NAMES } from './portal-home-page.js';
import { required } from '../../shared/required.js';

export type { InviteFormValues } from './people-invite-form.js';

export const STATE_NAMES: Record<PersonState, Message> = {
  invited: message('Eingeladen'),
  invitation_expired: message('Einladung abgelaufen'),
  invitation_revoked: message('Einladung widerrufen'),
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
  invitation_revoked: message('Einladung widerrufen'),
  active: message('Aktiv'),
  email_unconfirmed: message('E-Mail-Adresse nicht bestätigt'),
  deactivated: message('Deaktiviert'),
  locked: message('Vorübergehend gesperrt'),
};

const KIND_FILTERS: Record<string, Message> = {
  policyholder: message('Versicherungsnehmer'),
  intermediary: message('Vermittler'),
  staff: message('Mitarbeitende'),
};

/** A lock has one line whatever its causes; staff lift all of them with one button. */
const LOCK_LINES = {
  password: '· vorübergehend gesperrt nach falschen Passwörtern',
  second_factor: '· vorübergehend gesperrt nach falschen Bestätigungscodes',
  both: '· vorübergehend gesperrt nach falschen Passwörtern und Bestätigungscodes',
} as const satisfies Record<string, Message>;

function lockLineOf(causes: LockCause[]): Message | null {
  return causes.length === 0 ? null : LOCK_LINES[causes.length > 1 ? 'both' : required(causes[0])];
}

const LIFECYCLE_NAMES: Record<LifecycleStep, Message> = {
  queued: message('Einladung in Warteschlange'),
  sent: message('Einladung zugestellt (an den Mailserver übergeben)'),
  delivery_failed: message('Zustellung fehlgeschlagen'),
  link_opened: message('Link geöffnet'),
  password_set: message('Passwort gesetzt'),
  first_login: message('Erste Anmeldung'),
  expired: message('Einladung abgelaufen'),
  revoked: message('Einladung widerrufen'),
};

const COLUMNS: Array<{ sort: string; label: Message }> = [
  { sort: 'name', label: message('Name') },
  { sort: 'adresse', label: message('E-Mail-Adresse') },
  { sort: 'status', label: message('Status') },
  { sort: 'anmeldung', label: message('Letzte Anmeldung') },
];

/** The furthest step of the invitation and when (Berlin time); the reason of a failed delivery. */
export function LifecycleLine(props: { lifecycle: InvitationLifecycle }) {
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

/** A destructive action first shows a page naming the person; that page's button carries the CSRF token. */
export function ConfirmFirstAction(props: {
  person: Pick<PersonInTable, 'identityId' | 'name'>;
  action: 'deactivate' | 'revoke';
  label: Message;
}) {
  const t = useTranslator();
  return (
    <a
      href={`/admin/people/${props.person.identityId}/${props.action}`}
      class="button-secondary"
      aria-label={`${t(props.label)}: ${props.person.name}`}
    >
      {t(props.label)}
    </a>
  );
}

/** One action on one person: a small form, so it works without script and carries the CSRF token. */
function PersonAction(props: { csrfToken: string; person: PersonInTable; action: string; label: Message }) {
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

const isStaffRole = (role: string): boolean => role === 'staff_admin' || role === 'staff_user';

/** A staff user leaves administrators' access to administrators. */
function isBelowRole(role: 'staff_admin' | 'staff_user', person: PersonInTable): boolean {
  return role === 'staff_user' && person.roles.includes('staff_admin');
}

const isPendingInvitation = (state: PersonState): boolean =>
  state === 'invited' || state === 'invitation_expired' || state === 'invitation_revoked';

/** Only the actions that apply to the person as they stand, and that the staff member may do. */
function PersonActions(props: {
  role: 'staff_admin' | 'staff_user';
  csrfToken: string;
  person: PersonInTable;
  ownIdentityId: string;
}) {
  const t = useTranslator();
  const { person, csrfToken } = props;
  const mayAct = !isBelowRole(props.role, person);
  return (
    <div class="person-actions">
      {isPendingInvitation(person.state) ? (
        <PersonAction csrfToken={csrfToken} person={person} action="resend" label="Einladung erneut senden" />
      ) : null}
      {person.state === 'invited' ? (
        <ConfirmFirstAction person={person} action="revoke" label="Einladung widerrufen…" />
      ) : null}
      {mayAct && (person.state === 'active' || person.state === 'email_unconfirmed') ? (
        <PersonAction
          csrfToken={csrfToken}
          person={person}
          action="reset"
          label="E-Mail zum Zurücksetzen des Passworts senden"
        />
      ) : null}
      {mayAct && person.isLocked && !person.isElsewhere ? (
        <PersonAction csrfToken={csrfToken} person={person} action="unlock" label="Sperre aufheben" />
      ) : null}
      {!mayAct || person.identityId === props.ownIdentityId ? null : person.state === 'deactivated' ? (
        <PersonAction csrfToken={csrfToken} person={person} action="reactivate" label="Reaktivieren" />
      ) : (
        <ConfirmFirstAction person={person} action="deactivate" label="Deaktivieren…" />
      )}
      {mayAct &&
      person.hasSecondFactor &&
      person.state === 'active' &&
      !person.isElsewhere &&
      !(props.role === 'staff_user' && person.roles.some(isStaffRole)) ? (
        <a href={`/admin/people/${person.identityId}/second-factor`}>{t('Zweiten Faktor zurücksetzen')}</a>
      ) : null}
      {person.isLocked && person.isElsewhere ? (
        <p class="muted">{t('Die Sperre kann nur der Betreiber der Plattform aufheben.')}</p>
      ) : null}
      {mayAct ? (
        <details>
          <summary>{t('E-Mail-Adresse ändern')}</summary>
          <form method="post" action={`/admin/people/${person.identityId}/email`} class="stack">
            <CsrfField token={csrfToken} />
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
      ) : null}
    </div>
  );
}

function PersonRowView(props: {
  role: 'staff_admin' | 'staff_user';
  csrfToken: string;
  person: PersonInTable;
  ownIdentityId: string;
}) {
  const t = useTranslator();
  const { person } = props;
  const lockLine = lockLineOf(person.lockCauses);
  return (
    <tr data-person={person.email}>
      <td>
        <input
          type="checkbox"
          name="person"
          value={person.identityId}
          form="people-bulk"
          class="select-person"
          aria-label={t('{name} auswählen', { name: person.name })}
        />
      </td>
      <th scope="row">
        <a href={`/admin/people/${person.identityId}`}>{person.name}</a>
        <span class="muted person-roles">{person.roles.map((role) => t(ROLE_NAMES[role])).join(', ')}</span>
      </th>
      <td class="person-email">{person.email}</td>
      <td>
        <p class="person-state">
          {t(STATE_NAMES[person.state])}
          {lockLine === null ? null : ` ${t(lockLine)}`}
        </p>
        {person.lifecycle === null ? null : <LifecycleLine lifecycle={person.lifecycle} />}
      </td>
      <td>{person.lastLoginAt === null ? '–' : t.dateTime(person.lastLoginAt)}</td>
      <td>
        <PersonActions
          role={props.role}
          csrfToken={props.csrfToken}
          person={person}
          ownIdentityId={props.ownIdentityId}
        />
      </td>
    </tr>
  );
}

function SortHeader(props: { column: (typeof COLUMNS)[number]; parameters: PeopleListParameters }) {
  const t = useTranslator();
  const isCurrent = props.parameters.sort === props.column.sort;
  const direction = isCurrent && props.parameters.direction === 'auf' ? 'ab' : 'auf';
  return (
    <th
      scope="col"
      aria-sort={isCurrent ? (props.parameters.direction === 'auf' ? 'ascending' : 'descending') : undefined}
    >
      <a href={peopleListHref(props.parameters, { sort: props.column.sort, direction, after: '', before: '' })}>
        {t(props.column.label)}
        {isCurrent ? (props.parameters.direction === 'auf' ? ' ▲' : ' ▼') : null}
      </a>
    </th>
  );
}

function PeopleFilter(props: { parameters: PeopleListParameters; grants: Array<{ id: string; name: string }> }) {
  const t = useTranslator();
  const { parameters } = props;
  return (
    <FilterForm action="/admin/people" submitLabel={t('Filtern')}>
      <SearchField id="filter-query" label={t('Name, E-Mail-Adresse oder Kundennummer')} value={parameters.search} />
      <FilterSelect
        id="filter-status"
        name="status"
        label={t('Status')}
        value={parameters.status}
        allLabel={t('Alle')}
        choices={Object.entries(PEOPLE_FILTERS).map(([value, label]) => ({ value, label: t(label) }))}
      />
      <FilterSelect
        id="filter-kind"
        name="art"
        label={t('Rolle')}
        value={parameters.kind}
        allLabel={t('Alle')}
        choices={Object.entries(KIND_FILTERS).map(([value, label]) => ({ value, label: t(label) }))}
      />
      <FilterSelect
        id="filter-grant"
        name="freischaltung"
        label={t('Freischaltung')}
        value={parameters.grantId}
        allLabel={t('Alle')}
        choices={props.grants.map((grant) => ({ value: grant.id, label: grant.name }))}
      />
      {parameters.sort === 'name' ? null : <input type="hidden" name="sortierung" value={parameters.sort} />}
      {parameters.direction === 'auf' ? null : <input type="hidden" name="richtung" value={parameters.direction} />}
    </FilterForm>
  );
}

function PeoplePager(props: { table: PeopleTable; parameters: PeopleListParameters }) {
  const { next, previous } = props.table;
  return (
    <Pager
      previous={
        previous === null ? null : peopleListHref(props.parameters, { before: encodeCursor(previous), after: '' })
      }
      next={next === null ? null : peopleListHref(props.parameters, { after: encodeCursor(next), before: '' })}
    />
  );
}

export function PeoplePage(props: {
  role: 'staff_admin' | 'staff_user';
  csrfToken: string;
  table: PeopleTable;
  parameters: PeopleListParameters;
  grants: Array<{ id: string; name: string }>;
  ownIdentityId: string;
  notice: { kind: 'success' | 'error' | 'info'; text: string; code?: ErrorCode | undefined } | null;
  form: InviteFormValues;
  isInviteOpen: boolean;
  profiles: Array<{ id: string; name: string }>;
  profileError?: ShownError | undefined;
}) {
  const t = useTranslator();
  const { table } = props;
  return (
    <section class="stack admin">
      <AdminNav current="people" role={props.role} />
      <h1>{t('Verwaltung: Personen')}</h1>
      {props.notice === null ? null : (
        <Notice kind={props.notice.kind} code={props.notice.code}>
          {props.notice.text}
        </Notice>
      )}
      <InviteForm
        role={props.role}
        csrfToken={props.csrfToken}
        form={props.form}
        isOpen={props.isInviteOpen}
        profiles={props.profiles}
        profileError={props.profileError}
      />
      <PeopleFilter parameters={props.parameters} grants={props.grants} />
      <h2 id="people-count">{table.total === 1 ? t('1 Person') : t('{count} Personen', { count: table.total })}</h2>
      {table.people.length === 0 ? (
        <p>{t('Keine Personen für diesen Filter.')}</p>
      ) : (
        <>
          <form method="post" action="/admin/people/bulk" id="people-bulk" class="bulk-form">
            <CsrfField token={props.csrfToken} />
            <div class="field">
              <label for="bulk-action">{t('Mit den ausgewählten Personen')}</label>
              <select id="bulk-action" name="action">
                <option value="resend">{t('Einladung erneut senden')}</option>
                <option value="deactivate">{t('Deaktivieren')}</option>
              </select>
            </div>
            <Button kind="secondary">{t('Weiter zur Bestätigung')}</Button>
          </form>
          <ScrollRegion label={t('Personen')}>
            <table class="table people-table">
              <caption class="visually-hidden">{t('Personen dieses Portals')}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span class="visually-hidden">{t('Auswahl')}</span>
                  </th>
                  {COLUMNS.map((column) => (
                    <SortHeader column={column} parameters={props.parameters} />
                  ))}
                  <th scope="col">{t('Aktionen')}</th>
                </tr>
              </thead>
              <tbody>
                {table.people.map((person) => (
                  <PersonRowView
                    role={props.role}
                    csrfToken={props.csrfToken}
                    person={person}
                    ownIdentityId={props.ownIdentityId}
                  />
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
      <PeoplePager table={table} parameters={props.parameters} />
    </section>
  );
}
