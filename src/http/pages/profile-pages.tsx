import { SHARING_SWITCHED_OFF } from '../../modules/grants/grant.js';
import type { Profile, ProfileInput, ProfileProblem } from '../../modules/profiles/profile-service.js';
import { textOfError } from '../../shared/error-registry.js';
import type { ErrorCode, FieldProblem } from '../../shared/errors.js';
import type { Translator } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import { AdminPage, DeletePage, type AdminNotice, type StaffRole } from './admin-page.js';
import { Button, CsrfField, Field, FieldError, Notice } from './components.js';
import { DocumentProfileChoice, SHARING_OPTIONS, SparteChoice } from './grant-fields.js';

export const EMPTY_PROFILE_FORM: ProfileInput = {
  name: '',
  ...SHARING_SWITCHED_OFF,
  linesOfBusiness: '',
  documentProfile: '',
  separateGrantPerInvitee: false,
  delegatedProfileIds: [],
};

export function formOfProfile(profile: Profile): ProfileInput {
  return {
    ...profile,
    linesOfBusiness: profile.restrictedLinesOfBusiness.join(', '),
    documentProfile: profile.documentProfile ?? '',
  };
}

/** A summary line of a profile's options, for lists. */
export function describeOptions(
  t: Translator,
  options: Pick<
    Profile,
    | 'includeClaims'
    | 'claimsNeedRelease'
    | 'claimsWithoutContract'
    | 'claimsOnly'
    | 'includeReferenceAddresses'
    | 'shareCases'
    | 'shareContractsAutomatically'
    | 'restrictedLinesOfBusiness'
    | 'documentProfile'
  >,
): string {
  const parts = SHARING_OPTIONS.filter((option) => options[option.name]).map((option) => t(option.label));
  parts.push(
    options.restrictedLinesOfBusiness.length === 0
      ? t('alle Sparten')
      : t('Sparten: {lines}', { lines: options.restrictedLinesOfBusiness.join(', ') }),
  );
  if (options.documentProfile !== null) {
    parts.push(t('Dokumentenprofil: {profile}', { profile: options.documentProfile }));
  }
  return parts.join(' · ');
}

/** The message for one field in the page's language and its code, as the props `error` and `errorCode` of a field. */
export function fieldErrorOf<Field extends string>(
  t: Translator,
  problems: ReadonlyArray<FieldProblem<Field>>,
  field: Field,
): { error: string | undefined; errorCode: ErrorCode | undefined } {
  const problem = problems.find((entry) => entry.field === field);
  return problem === undefined
    ? { error: undefined, errorCode: undefined }
    : { error: t.text(textOfError(problem)), errorCode: problem.code };
}

function Checkbox(props: {
  name: string;
  label: string;
  checked: boolean;
  value?: string;
  id?: string;
  hint?: string;
}) {
  const id = props.id ?? `field-${props.name}`;
  return (
    <div class="check-field">
      <input
        type="checkbox"
        id={id}
        name={props.name}
        value={props.value ?? 'on'}
        checked={props.checked}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
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
export function SharingOptionFields(props: {
  form: Pick<
    ProfileInput,
    | 'includeClaims'
    | 'claimsNeedRelease'
    | 'claimsWithoutContract'
    | 'claimsOnly'
    | 'includeReferenceAddresses'
    | 'shareCases'
    | 'shareContractsAutomatically'
    | 'linesOfBusiness'
    | 'documentProfile'
  >;
  problems: ReadonlyArray<FieldProblem>;
}) {
  const t = useTranslator();
  const { form, problems } = props;
  return (
    <>
      <fieldset class="stack">
        <legend>{t('Freigaben')}</legend>
        {SHARING_OPTIONS.map((option) => (
          <Checkbox
            name={option.name}
            label={t(option.label)}
            hint={t(option.hint)}
            checked={form[option.name] ?? false}
          />
        ))}
      </fieldset>
      <SparteChoice
        chosen={form.linesOfBusiness
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry !== '')}
        {...fieldErrorOf(t, problems, 'linesOfBusiness')}
      />
      <DocumentProfileChoice value={form.documentProfile} {...fieldErrorOf(t, problems, 'documentProfile')} />
    </>
  );
}

/** Name, options and delegations of a profile; used for new profiles and for changes. */
function ProfileForm(props: {
  csrfToken: string;
  action: string;
  form: ProfileInput;
  problems: ProfileProblem[];
  others: Profile[];
  submitLabel: string;
}) {
  const t = useTranslator();
  const { form, problems } = props;
  const delegationError = fieldErrorOf(t, problems, 'delegatedProfileIds');
  return (
    <form method="post" action={props.action} class="stack">
      <CsrfField token={props.csrfToken} />
      <Field
        label={t('Name des Profils')}
        name="name"
        type="text"
        autocomplete="off"
        value={form.name}
        {...fieldErrorOf(t, problems, 'name')}
        required
      />
      <SharingOptionFields form={form} problems={problems} />
      <fieldset class="stack">
        <legend>{t('Delegation')}</legend>
        <p class="hint" id="delegation-hint">
          {t(
            'Wer eine Freischaltung mit diesem Profil hat, darf im eigenen Portal Kolleginnen und Kollegen in Freischaltungen der gewählten Profile einladen – und nur diese verwalten.',
          )}
        </p>
        {delegationError.error === undefined ? null : (
          <FieldError code={delegationError.errorCode}>{delegationError.error}</FieldError>
        )}
        {props.others.length === 0 ? <p class="muted">{t('Es gibt noch keine weiteren Profile.')}</p> : null}
        {props.others.map((other) => (
          <Checkbox
            name="delegatedProfileIds"
            id={`delegate-${other.id}`}
            value={other.id}
            label={t('Darf einladen mit Profil „{profile}“', { profile: other.name })}
            checked={form.delegatedProfileIds.includes(other.id)}
          />
        ))}
        <Checkbox
          name="separateGrantPerInvitee"
          label={t('Eigene Freischaltung je eingeladener Person')}
          checked={form.separateGrantPerInvitee}
          hint={t(
            'Gilt, wenn mit diesem Profil eingeladen wird: Jede Person erhält eine eigene Freischaltung mit dem Namen „Freischaltung/E-Mail-Adresse“.',
          )}
        />
      </fieldset>
      <Button>{props.submitLabel}</Button>
    </form>
  );
}

export function ProfilesPage(props: {
  role: StaffRole;
  csrfToken: string;
  profiles: Profile[];
  form: ProfileInput;
  problems: ProfileProblem[];
  notice: AdminNotice;
}) {
  const t = useTranslator();
  return (
    <AdminPage {...props} current="profiles" title={t('Verwaltung: Freischaltungsprofile')}>
      <p>
        {t.rich(
          'Ein Profil bündelt Freigaben. Wenn Sie ein Profil auf eine Freischaltung anwenden, werden seine Freigaben in die Freischaltung {copied}: Spätere Änderungen an seinen Freigaben ändern bestehende Freischaltungen nicht. Seine Delegationen dagegen gelten sofort für alle Freischaltungen, auf die es angewendet wurde.',
          { copied: <strong>{t('kopiert')}</strong> },
        )}
      </p>
      <div class="card stack">
        <h2>{t('Profile ({count})', { count: props.profiles.length })}</h2>
        {props.profiles.length === 0 ? <p>{t('Noch keine Profile.')}</p> : null}
        <ul class="list">
          {props.profiles.map((profile) => (
            <li>
              <a href={`/admin/profiles/${profile.id}`}>{profile.name}</a>
              <p class="muted">{describeOptions(t, profile)}</p>
              {profile.delegatedProfileIds.length === 0 ? null : (
                <p class="muted">
                  {t('Darf einladen mit: {profiles}', {
                    profiles: profile.delegatedProfileIds
                      .map((id) => props.profiles.find((other) => other.id === id)?.name ?? '')
                      .join(', '),
                  })}
                </p>
              )}
            </li>
          ))}
        </ul>
      </div>
      <div class="card stack">
        <h2>{t('Neues Profil')}</h2>
        {props.problems.length > 0 ? (
          <Notice kind="error">
            {t('Das Profil wurde nicht angelegt. Bitte korrigieren Sie die markierten Felder.')}
          </Notice>
        ) : null}
        <ProfileForm
          csrfToken={props.csrfToken}
          action="/admin/profiles"
          form={props.form}
          problems={props.problems}
          others={props.profiles}
          submitLabel={t('Profil anlegen')}
        />
      </div>
    </AdminPage>
  );
}

export function ProfileEditPage(props: {
  role: StaffRole;
  csrfToken: string;
  profile: Profile;
  others: Profile[];
  form: ProfileInput;
  problems: ProfileProblem[];
  copyForm: { name: string; problems: ProfileProblem[] };
  notice: AdminNotice;
}) {
  const t = useTranslator();
  const { profile } = props;
  const title = t('Profil: {profile}', { profile: profile.name });
  return (
    <AdminPage {...props} current="profiles" back={t('← Alle Profile')} title={title}>
      {props.problems.length > 0 ? (
        <Notice kind="error">
          {t('Die Änderungen wurden nicht gespeichert. Bitte korrigieren Sie die markierten Felder.')}
        </Notice>
      ) : null}
      <div class="card stack">
        <h2>{t('Name, Freigaben und Delegation')}</h2>
        <ProfileForm
          csrfToken={props.csrfToken}
          action={`/admin/profiles/${profile.id}`}
          form={props.form}
          problems={props.problems}
          others={props.others}
          submitLabel={t('Änderungen speichern')}
        />
      </div>
      <div class="card stack">
        <h2>{t('Kopieren')}</h2>
        <form method="post" action={`/admin/profiles/${profile.id}/copy`} class="stack">
          <CsrfField token={props.csrfToken} />
          <Field
            label={t('Name der Kopie')}
            name="name"
            id="field-copy-name"
            type="text"
            autocomplete="off"
            value={props.copyForm.name}
            {...fieldErrorOf(t, props.copyForm.problems, 'name')}
            required
          />
          {props.copyForm.problems
            .filter((problem) => problem.field !== 'name')
            .map((problem) => (
              <FieldError code={problem.code}>{t.text(textOfError(problem))}</FieldError>
            ))}
          <Button kind="secondary">{t('Kopie anlegen')}</Button>
        </form>
      </div>
      <div class="card stack">
        <h2>{t('Löschen')}</h2>
        <p>{t('Freischaltungen, auf die das Profil angewendet wurde, behalten ihre Freigaben.')}</p>
        <p>
          <a href={`/admin/profiles/${profile.id}/delete`}>{t('Profil löschen …')}</a>
        </p>
      </div>
    </AdminPage>
  );
}

export function ProfileDeletePage(props: { role: StaffRole; csrfToken: string; profile: Profile }) {
  const t = useTranslator();
  const path = `/admin/profiles/${props.profile.id}`;
  const title = t('Profil „{profile}“ löschen?', { profile: props.profile.name });
  return (
    <DeletePage {...props} current="profiles" path={path} title={title} confirmLabel={t('Ja, Profil löschen')}>
      {t(
        'Das Profil und seine Delegationen werden gelöscht. Freischaltungen behalten ihre Freigaben; ihre Inhaber können mit diesem Profil aber niemanden mehr neu einladen. Das lässt sich nicht rückgängig machen.',
      )}
    </DeletePage>
  );
}
