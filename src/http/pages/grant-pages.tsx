import type { GrantOrigin } from '../../modules/grants/grant-repo.js';
import type { Grant } from '../../modules/grants/grant-service.js';
import type { Profile, ProfileProblem } from '../../modules/profiles/profile-service.js';
import { AdminNav } from './admin-nav.js';
import { Button, CsrfField, Field, FilterForm, Notice } from './components.js';
import { describeOptions, SharingOptionFields } from './profile-pages.js';

type Role = 'staff_admin' | 'staff_user';
type NoticeValue = { kind: 'success' | 'error' | 'info'; text: string } | null;

/** A grant as staff type it: text fields and ticked options. */
export interface GrantForm {
  name: string;
  kind: string;
  customers: string;
  includeClaims: boolean;
  includeReferenceAddresses: boolean;
  shareCases: boolean;
  shareContractsAutomatically: boolean;
  linesOfBusiness: string;
  documentProfile: string;
  responsibleStaffId: string;
}

export interface GrantFormProblem {
  field: keyof GrantForm | ProfileProblem['field'];
  message: string;
}

export const EMPTY_GRANT_FORM: GrantForm = {
  name: '',
  kind: 'customer',
  customers: '',
  includeClaims: false,
  includeReferenceAddresses: false,
  shareCases: false,
  shareContractsAutomatically: false,
  linesOfBusiness: '',
  documentProfile: '',
  responsibleStaffId: '',
};

export function formOfGrant(grant: Grant): GrantForm {
  return {
    name: grant.name,
    kind: grant.kind,
    customers: grant.customerNumbers.join(', '),
    includeClaims: grant.includeClaims,
    includeReferenceAddresses: grant.includeReferenceAddresses,
    shareCases: grant.shareCases,
    shareContractsAutomatically: grant.shareContractsAutomatically,
    linesOfBusiness: grant.restrictedLinesOfBusiness.join(', '),
    documentProfile: grant.documentProfile ?? '',
    responsibleStaffId: grant.responsibleStaffId ?? '',
  };
}

const KIND_NAMES: Record<string, string> = { customer: 'Kunde (Versicherungsnehmer)', intermediary: 'Vermittler' };

function problemFor(problems: GrantFormProblem[], field: GrantFormProblem['field']): string | undefined {
  return problems.find((problem) => problem.field === field)?.message;
}

function GrantFields(props: { form: GrantForm; problems: GrantFormProblem[]; staff: Array<{ id: string; name: string }>; isNew: boolean }) {
  const { form, problems } = props;
  return (
    <>
      <Field label="Name der Freischaltung" name="name" type="text" autocomplete="off" value={form.name} error={problemFor(problems, 'name')} required />
      {props.isNew ? (
        <div class="field">
          <label for="field-kind">Art</label>
          <select id="field-kind" name="kind">
            {Object.entries(KIND_NAMES).map(([value, label]) => (
              <option value={value} selected={form.kind === value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <Field
        label={form.kind === 'intermediary' ? 'Vermittlerkonten' : 'Kundennummern'}
        name="customers"
        type="text"
        autocomplete="off"
        value={form.customers}
        hint="Mehrere durch Komma getrennt – z. B. die einer Familie oder einer Person und ihrer Firma."
        error={problemFor(problems, 'customers')}
      />
      <SharingOptionFields form={form} problems={problems as ProfileProblem[]} />
      <div class="field">
        <label for="field-responsibleStaffId">Betreuer</label>
        {problemFor(problems, 'responsibleStaffId') ? <p class="field-error">{problemFor(problems, 'responsibleStaffId')}</p> : null}
        <select id="field-responsibleStaffId" name="responsibleStaffId">
          <option value="" selected={form.responsibleStaffId === ''}>
            – niemand –
          </option>
          {props.staff.map((member) => (
            <option value={member.id} selected={form.responsibleStaffId === member.id}>
              {member.name}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

export function GrantsPage(props: {
  role: Role;
  csrfToken: string;
  grants: Grant[];
  query: string;
  staff: Array<{ id: string; name: string }>;
  form: GrantForm;
  problems: GrantFormProblem[];
  notice: NoticeValue;
}) {
  return (
    <section class="stack admin">
      <AdminNav current="grants" role={props.role} />
      <h1>Verwaltung: Freischaltungen</h1>
      {props.notice === null ? null : <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      <FilterForm action="/admin/grants" submitLabel="Suchen">
        <div class="field">
          <label for="filter-grant">Name oder Kundennummer</label>
          <input id="filter-grant" name="suche" type="search" value={props.query} />
        </div>
      </FilterForm>
      <div class="card stack">
        <h2>{`Freischaltungen (${props.grants.length})`}</h2>
        {props.grants.length === 0 ? <p>Keine Freischaltungen gefunden.</p> : null}
        <ul class="list">
          {props.grants.map((grant) => (
            <li>
              <a href={`/admin/grants/${grant.id}`}>{grant.name}</a>
              <p class="muted">{`${KIND_NAMES[grant.kind] ?? grant.kind} · ${grant.customerNumbers.length === 0 ? 'keine Nummern' : grant.customerNumbers.join(', ')}`}</p>
              <p class="muted">{describeOptions(grant)}</p>
            </li>
          ))}
        </ul>
      </div>
      <div class="card stack">
        <h2>Neue Freischaltung</h2>
        {props.problems.length > 0 ? <Notice kind="error">Die Freischaltung wurde nicht angelegt. Bitte korrigieren Sie die markierten Felder.</Notice> : null}
        <form method="post" action="/admin/grants" class="stack">
          <CsrfField token={props.csrfToken} />
          <GrantFields form={props.form} problems={props.problems} staff={props.staff} isNew />
          <Button>Freischaltung anlegen</Button>
        </form>
      </div>
    </section>
  );
}

export function GrantEditPage(props: {
  role: Role;
  csrfToken: string;
  grant: Grant;
  origin: GrantOrigin;
  staff: Array<{ id: string; name: string }>;
  profiles: Profile[];
  members: Array<{ id: string; name: string; email: string; state: string }>;
  form: GrantForm;
  problems: GrantFormProblem[];
  addForm: { email: string; name: string; error: string | null };
  notice: NoticeValue;
}) {
  const { grant } = props;
  const personKind = grant.kind === 'intermediary' ? 'intermediary' : 'policyholder';
  return (
    <section class="stack admin">
      <AdminNav current="grants" role={props.role} />
      <p>
        <a href="/admin/grants">← Alle Freischaltungen</a>
      </p>
      <h1>{`Freischaltung: ${grant.name}`}</h1>
      {props.notice === null ? null : <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      {props.origin.profileName === null && props.origin.delegatedFromGrantName === null ? null : (
        <div class="card stack">
          {props.origin.profileName === null ? null : <p>{`Angewendetes Profil: ${props.origin.profileName}`}</p>}
          {props.origin.delegatedFromGrantName === null ? null : (
            <p>{`Im Kundenportal delegiert aus „${props.origin.delegatedFromGrantName}“${props.origin.delegatedByEmail === null ? '' : ` von ${props.origin.delegatedByEmail}`}. Wird jene Freischaltung gelöscht, wird diese mitgelöscht.`}</p>
          )}
        </div>
      )}
      <div class="card stack">
        <h2>Geteilt mit Benutzer</h2>
        {props.members.length === 0 ? <p>Noch niemand hat Zugang über diese Freischaltung.</p> : null}
        <ul class="list">
          {props.members.map((member) => (
            <li>
              <strong>{member.name}</strong> <span class="muted">{`${member.email} · ${member.state}`}</span>
              <form method="post" action={`/admin/grants/${grant.id}/people/${member.id}/remove`} class="inline-form">
                <CsrfField token={props.csrfToken} />
                <button type="submit" class="button-secondary" aria-label={`Zugang von ${member.name} entfernen`}>
                  Entfernen
                </button>
              </form>
            </li>
          ))}
        </ul>
        <p class="hint">Entfernen beendet den Zugang sofort, auch in geöffneten Sitzungen, wenn die Person keine andere Freischaltung hat.</p>
        {props.addForm.error === null ? null : <Notice kind="error">{props.addForm.error}</Notice>}
        <form method="post" action={`/admin/grants/${grant.id}/people`} class="stack">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="kind" value={personKind} />
          <Field label="E-Mail-Adresse hinzufügen" name="email" id="field-share-email" type="email" autocomplete="off" value={props.addForm.email} hint="Unbekannte Adressen erhalten eine Einladung; wer schon ein Passwort hat, hat sofort Zugang und erhält eine Info-E-Mail." required />
          <Field label="Name der Person" name="name" id="field-share-name" type="text" autocomplete="off" value={props.addForm.name} required />
          <Button kind="secondary">Hinzufügen</Button>
        </form>
      </div>
      <div class="card stack">
        <h2>Daten und Freigaben</h2>
        {props.problems.length > 0 ? <Notice kind="error">Die Änderungen wurden nicht gespeichert. Bitte korrigieren Sie die markierten Felder.</Notice> : null}
        <form method="post" action={`/admin/grants/${grant.id}`} class="stack">
          <CsrfField token={props.csrfToken} />
          <GrantFields form={props.form} problems={props.problems} staff={props.staff} isNew={false} />
          <Button>Änderungen speichern</Button>
        </form>
        <p class="hint">Änderungen gelten sofort.</p>
      </div>
      {props.profiles.length === 0 ? null : (
        <div class="card stack">
          <h2>Profil anwenden</h2>
          <p>Die Freigaben des Profils werden in diese Freischaltung kopiert und ersetzen die bisherigen. Spätere Änderungen an den Freigaben des Profils ändern diese Freischaltung nicht.</p>
          <p>Die Freischaltung merkt sich das Profil: Wen ihre Inhaber im eigenen Portal als Kolleginnen und Kollegen einladen dürfen, richtet sich nach den Delegationen, die das Profil gerade hat.</p>
          <form method="post" action={`/admin/grants/${grant.id}/apply-profile`} class="stack">
            <CsrfField token={props.csrfToken} />
            <div class="field">
              <label for="field-profileId">Profil</label>
              <select id="field-profileId" name="profileId">
                {props.profiles.map((profile) => (
                  <option value={profile.id}>{profile.name}</option>
                ))}
              </select>
            </div>
            <Button kind="secondary">Freigaben des Profils übernehmen</Button>
          </form>
        </div>
      )}
      <div class="card stack">
        <h2>Löschen</h2>
        <p>
          <a href={`/admin/grants/${grant.id}/delete`}>Freischaltung löschen …</a>
        </p>
      </div>
    </section>
  );
}

export function GrantDeletePage(props: { role: Role; csrfToken: string; grant: Grant; memberCount: number }) {
  return (
    <section class="stack admin">
      <AdminNav current="grants" role={props.role} />
      <h1>{`Freischaltung „${props.grant.name}“ löschen?`}</h1>
      <div class="card stack">
        <p>{`${props.memberCount} Person(en) haben Zugang über diese Freischaltung. Wer keine andere Freischaltung hat, verliert den Zugang sofort. Das lässt sich nicht rückgängig machen.`}</p>
        <form method="post" action={`/admin/grants/${props.grant.id}/delete`} class="stack">
          <CsrfField token={props.csrfToken} />
          <Button>Ja, Freischaltung löschen</Button>
        </form>
        <p>
          <a href={`/admin/grants/${props.grant.id}`}>Abbrechen</a>
        </p>
      </div>
    </section>
  );
}
