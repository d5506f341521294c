import type { Profile, ProfileInput, ProfileProblem } from '../../modules/profiles/profile-service.js';
import { AdminNav } from './admin-nav.js';
import { Button, CsrfField, Field, Notice } from './components.js';

type Role = 'staff_admin' | 'staff_user';
type NoticeValue = { kind: 'success' | 'error' | 'info'; text: string } | null;

export const EMPTY_PROFILE_FORM: ProfileInput = {
  name: '',
  includeClaims: false,
  includeReferenceAddresses: false,
  shareCases: false,
  shareContractsAutomatically: false,
  linesOfBusiness: '',
  documentProfile: '',
  separateGrantPerInvitee: false,
  delegatedProfileIds: [],
};

export function formOfProfile(profile: Profile): ProfileInput {
  return { ...profile, linesOfBusiness: profile.restrictedLinesOfBusiness.join(', '), documentProfile: profile.documentProfile ?? '' };
}

const OPTIONS: Array<{ name: keyof Pick<ProfileInput, 'includeClaims' | 'includeReferenceAddresses' | 'shareCases' | 'shareContractsAutomatically'>; label: string }> = [
  { name: 'includeClaims', label: 'Schäden einbeziehen' },
  { name: 'includeReferenceAddresses', label: 'Referenzadressen einbeziehen' },
  { name: 'shareCases', label: 'Vorgänge teilen' },
  { name: 'shareContractsAutomatically', label: 'Verträge automatisch teilen' },
];

/** A summary line of a profile's options, for lists. */
export function describeOptions(options: Pick<Profile, 'includeClaims' | 'includeReferenceAddresses' | 'shareCases' | 'shareContractsAutomatically' | 'restrictedLinesOfBusiness' | 'documentProfile'>): string {
  const parts = OPTIONS.filter((option) => options[option.name]).map((option) => option.label);
  parts.push(options.restrictedLinesOfBusiness.length === 0 ? 'alle Sparten' : `Sparten: ${options.restrictedLinesOfBusiness.join(', ')}`);
  if (options.documentProfile !== null) {
    parts.push(`Dokumentenprofil: ${options.documentProfile}`);
  }
  return parts.join(' · ');
}

function problemFor(problems: ProfileProblem[], field: ProfileProblem['field']): string | undefined {
  return problems.find((problem) => problem.field === field)?.message;
}

function Checkbox(props: { name: string; label: string; checked: boolean; value?: string; id?: string; hint?: string }) {
  const id = props.id ?? `field-${props.name}`;
  return (
    <div class="check-field">
      <input type="checkbox" id={id} name={props.name} value={props.value ?? 'on'} checked={props.checked} aria-describedby={props.hint ? `${id}-hint` : undefined} />
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

/** The sharing options of a profile or a grant, as form fields. */
export function SharingOptionFields(props: { form: Pick<ProfileInput, 'includeClaims' | 'includeReferenceAddresses' | 'shareCases' | 'shareContractsAutomatically' | 'linesOfBusiness' | 'documentProfile'>; problems: ProfileProblem[] }) {
  const { form, problems } = props;
  return (
    <>
      <fieldset class="stack">
        <legend>Freigaben</legend>
        {OPTIONS.map((option) => (
          <Checkbox name={option.name} label={option.label} checked={form[option.name]} />
        ))}
      </fieldset>
      <Field
        label="Nur diese Sparten (optional)"
        name="linesOfBusiness"
        type="text"
        autocomplete="off"
        value={form.linesOfBusiness}
        hint="Durch Komma getrennt, z. B. Kfz, Hausrat. Leer lassen für alle Sparten."
        error={problemFor(problems, 'linesOfBusiness')}
      />
      <Field label="Dokumentenprofil (optional)" name="documentProfile" type="text" autocomplete="off" value={form.documentProfile} error={problemFor(problems, 'documentProfile')} />
    </>
  );
}

/** Name, options and delegations of a profile; used for new profiles and for changes. */
function ProfileForm(props: { csrfToken: string; action: string; form: ProfileInput; problems: ProfileProblem[]; others: Profile[]; submitLabel: string }) {
  const { form, problems } = props;
  const delegationError = problemFor(problems, 'delegatedProfileIds');
  return (
    <form method="post" action={props.action} class="stack">
      <CsrfField token={props.csrfToken} />
      <Field label="Name des Profils" name="name" type="text" autocomplete="off" value={form.name} error={problemFor(problems, 'name')} required />
      <SharingOptionFields form={form} problems={problems} />
      <fieldset class="stack">
        <legend>Delegation</legend>
        <p class="hint" id="delegation-hint">
          Wer eine Freischaltung mit diesem Profil hat, darf im eigenen Portal Kolleginnen und Kollegen in Freischaltungen der gewählten Profile einladen – und nur diese verwalten.
        </p>
        {delegationError ? <p class="field-error">{delegationError}</p> : null}
        {props.others.length === 0 ? <p class="muted">Es gibt noch keine weiteren Profile.</p> : null}
        {props.others.map((other) => (
          <Checkbox name="delegatedProfileIds" id={`delegate-${other.id}`} value={other.id} label={`Darf einladen mit Profil „${other.name}“`} checked={form.delegatedProfileIds.includes(other.id)} />
        ))}
        <Checkbox
          name="separateGrantPerInvitee"
          label="Eigene Freischaltung je eingeladener Person"
          checked={form.separateGrantPerInvitee}
          hint="Gilt, wenn mit diesem Profil eingeladen wird: Jede Person erhält eine eigene Freischaltung mit dem Namen „Freischaltung/E-Mail-Adresse“."
        />
      </fieldset>
      <Button>{props.submitLabel}</Button>
    </form>
  );
}

export function ProfilesPage(props: { role: Role; csrfToken: string; profiles: Profile[]; form: ProfileInput; problems: ProfileProblem[]; notice: NoticeValue }) {
  return (
    <section class="stack admin">
      <AdminNav current="profiles" role={props.role} />
      <h1>Verwaltung: Freischaltungsprofile</h1>
      {props.notice === null ? null : <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      <p>
        Ein Profil bündelt Freigaben. Wenn Sie ein Profil auf eine Freischaltung anwenden, werden seine Freigaben in die Freischaltung <strong>kopiert</strong>: Spätere Änderungen an seinen Freigaben ändern bestehende Freischaltungen nicht. Seine Delegationen dagegen gelten sofort für alle Freischaltungen, auf die es angewendet wurde.
      </p>
      <div class="card stack">
        <h2>{`Profile (${props.profiles.length})`}</h2>
        {props.profiles.length === 0 ? <p>Noch keine Profile.</p> : null}
        <ul class="list">
          {props.profiles.map((profile) => (
            <li>
              <a href={`/admin/profiles/${profile.id}`}>{profile.name}</a>
              <p class="muted">{describeOptions(profile)}</p>
              {profile.delegatedProfileIds.length === 0 ? null : (
                <p class="muted">{`Darf einladen mit: ${profile.delegatedProfileIds.map((id) => props.profiles.find((other) => other.id === id)?.name ?? '').join(', ')}`}</p>
              )}
            </li>
          ))}
        </ul>
      </div>
      <div class="card stack">
        <h2>Neues Profil</h2>
        {props.problems.length > 0 ? <Notice kind="error">Das Profil wurde nicht angelegt. Bitte korrigieren Sie die markierten Felder.</Notice> : null}
        <ProfileForm csrfToken={props.csrfToken} action="/admin/profiles" form={props.form} problems={props.problems} others={props.profiles} submitLabel="Profil anlegen" />
      </div>
    </section>
  );
}

export function ProfileEditPage(props: {
  role: Role;
  csrfToken: string;
  profile: Profile;
  others: Profile[];
  form: ProfileInput;
  problems: ProfileProblem[];
  copyForm: { name: string; problem: string | null };
  notice: NoticeValue;
}) {
  const { profile } = props;
  return (
    <section class="stack admin">
      <AdminNav current="profiles" role={props.role} />
      <p>
        <a href="/admin/profiles">← Alle Profile</a>
      </p>
      <h1>{`Profil: ${profile.name}`}</h1>
      {props.notice === null ? null : <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      {props.problems.length > 0 ? <Notice kind="error">Die Änderungen wurden nicht gespeichert. Bitte korrigieren Sie die markierten Felder.</Notice> : null}
      <div class="card stack">
        <h2>Name, Freigaben und Delegation</h2>
        <ProfileForm csrfToken={props.csrfToken} action={`/admin/profiles/${profile.id}`} form={props.form} problems={props.problems} others={props.others} submitLabel="Änderungen speichern" />
      </div>
      <div class="card stack">
        <h2>Kopieren</h2>
        <form method="post" action={`/admin/profiles/${profile.id}/copy`} class="stack">
          <CsrfField token={props.csrfToken} />
          <Field label="Name der Kopie" name="name" id="field-copy-name" type="text" autocomplete="off" value={props.copyForm.name} error={props.copyForm.problem ?? undefined} required />
          <Button kind="secondary">Kopie anlegen</Button>
        </form>
      </div>
      <div class="card stack">
        <h2>Löschen</h2>
        <p>Freischaltungen, auf die das Profil angewendet wurde, behalten ihre Freigaben.</p>
        <p>
          <a href={`/admin/profiles/${profile.id}/delete`}>Profil löschen …</a>
        </p>
      </div>
    </section>
  );
}

export function ProfileDeletePage(props: { role: Role; csrfToken: string; profile: Profile }) {
  return (
    <section class="stack admin">
      <AdminNav current="profiles" role={props.role} />
      <h1>{`Profil „${props.profile.name}“ löschen?`}</h1>
      <div class="card stack">
        <p>Das Profil und seine Delegationen werden gelöscht. Freischaltungen behalten ihre Freigaben; ihre Inhaber können mit diesem Profil aber niemanden mehr neu einladen. Das lässt sich nicht rückgängig machen.</p>
        <form method="post" action={`/admin/profiles/${props.profile.id}/delete`} class="stack">
          <CsrfField token={props.csrfToken} />
          <Button>Ja, Profil löschen</Button>
        </form>
        <p>
          <a href={`/admin/profiles/${props.profile.id}`}>Abbrechen</a>
        </p>
      </div>
    </section>
  );
}
