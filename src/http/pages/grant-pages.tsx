import type { GrantOrigin } from '../../modules/grants/grant-repo.js';
import type { Grant } from '../../modules/grants/grant-service.js';
import type { Profile, ProfileProblem } from '../../modules/profiles/profile-service.js';
import type { FieldProblem } from '../../shared/errors.js';
import { AdminNav } from './admin-nav.js';
import { Button, CsrfField, Field, FilterForm, Notice } from './components.js';
import { describeOptions, problemFor, SharingOptionFields } from './profile-pages.js';
import { message, type Message, type Text } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import { required } from '../../shared/required.js';

type Role = 'staff_admin' | 'staff_user';
type NoticeValue = { kind: 'success' | 'error' | 'info'; text: Text } | null;

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

export type GrantFormProblem = FieldProblem<keyof GrantForm | ProfileProblem['field']>;

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

const KIND_NAMES: Record<string, Message> = {
  customer: message('Kunde (Versicherungsnehmer)'),
  intermediary: message('Vermittler'),
};

function GrantFields(props: {
  form: GrantForm;
  problems: GrantFormProblem[];
  staff: Array<{ id: string; name: string }>;
  isNew: boolean;
}) {
  const t = useTranslator();
  const { form, problems } = props;
  return (
    <>
      <Field
        label={t('Name der Freischaltung')}
        name="name"
        type="text"
        autocomplete="off"
        value={form.name}
        error={problemFor(t, problems, 'name')}
        required
      />
      {props.isNew ? (
        <div class="field">
          <label for="field-kind">{t('Art')}</label>
          <select id="field-kind" name="kind">
            {Object.entries(KIND_NAMES).map(([value, label]) => (
              <option value={value} selected={form.kind === value}>
                {t(label)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <Field
        label={form.kind === 'intermediary' ? t('Vermittlerkonten') : t('Kundennummern')}
        name="customers"
        type="text"
        autocomplete="off"
        value={form.customers}
        hint={t('Mehrere durch Komma getrennt – z. B. die einer Familie oder einer Person und ihrer Firma.')}
        error={problemFor(t, problems, 'customers')}
      />
      <SharingOptionFields form={form} problems={problems} />
      <div class="field">
        <label for="field-responsibleStaffId">{t('Betreuer')}</label>
        {problemFor(t, problems, 'responsibleStaffId') ? (
          <p class="field-error">{problemFor(t, problems, 'responsibleStaffId')}</p>
        ) : null}
        <select id="field-responsibleStaffId" name="responsibleStaffId">
          <option value="" selected={form.responsibleStaffId === ''}>
            {t('– niemand –')}
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
  const t = useTranslator();
  return (
    <section class="stack admin">
      <AdminNav current="grants" role={props.role} />
      <h1>{t('Verwaltung: Freischaltungen')}</h1>
      {props.notice === null ? null : <Notice kind={props.notice.kind}>{t.text(props.notice.text)}</Notice>}
      <FilterForm action="/admin/grants" submitLabel={t('Suchen')}>
        <div class="field">
          <label for="filter-grant">{t('Name oder Kundennummer')}</label>
          <input id="filter-grant" name="suche" type="search" value={props.query} />
        </div>
      </FilterForm>
      <div class="card stack">
        <h2>{t('Freischaltungen ({count})', { count: props.grants.length })}</h2>
        {props.grants.length === 0 ? <p>{t('Keine Freischaltungen gefunden.')}</p> : null}
        <ul class="list">
          {props.grants.map((grant) => (
            <li>
              <a href={`/admin/grants/${grant.id}`}>{grant.name}</a>
              <p class="muted">
                {`${KIND_NAMES[grant.kind] === undefined ? grant.kind : t(required(KIND_NAMES[grant.kind]))} · ` +
                  (grant.customerNumbers.length === 0 ? t('keine Nummern') : grant.customerNumbers.join(', '))}
              </p>
              <p class="muted">{describeOptions(t, grant)}</p>
            </li>
          ))}
        </ul>
      </div>
      <div class="card stack">
        <h2>{t('Neue Freischaltung')}</h2>
        {props.problems.length > 0 ? (
          <Notice kind="error">
            {t('Die Freischaltung wurde nicht angelegt. Bitte korrigieren Sie die markierten Felder.')}
          </Notice>
        ) : null}
        <form method="post" action="/admin/grants" class="stack">
          <CsrfField token={props.csrfToken} />
          <GrantFields form={props.form} problems={props.problems} staff={props.staff} isNew />
          <Button>{t('Freischaltung anlegen')}</Button>
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
  members: Array<{ id: string; name: string; email: string; state: Message }>;
  /** All members, counted in the database; `members` is one page of them, by name. */
  memberTotal: number;
  memberPages: { next: string | null; previous: string | null };
  form: GrantForm;
  problems: GrantFormProblem[];
  addForm: { email: string; name: string; error: Text | null };
  notice: NoticeValue;
}) {
  const t = useTranslator();
  const { grant } = props;
  const personKind = grant.kind === 'intermediary' ? 'intermediary' : 'policyholder';
  return (
    <section class="stack admin">
      <AdminNav current="grants" role={props.role} />
      <p>
        <a href="/admin/grants">{t('← Alle Freischaltungen')}</a>
      </p>
      <h1>{t('Freischaltung: {grant}', { grant: grant.name })}</h1>
      {props.notice === null ? null : <Notice kind={props.notice.kind}>{t.text(props.notice.text)}</Notice>}
      {props.origin.profileName === null && props.origin.delegatedFromGrantName === null ? null : (
        <div class="card stack">
          {props.origin.profileName === null ? null : (
            <p>{t('Angewendetes Profil: {profile}', { profile: props.origin.profileName })}</p>
          )}
          {props.origin.delegatedFromGrantName === null ? null : (
            <p>
              {props.origin.delegatedByEmail === null
                ? t(
                    'Im Kundenportal delegiert aus „{grant}“. Wird jene Freischaltung gelöscht, wird diese mitgelöscht.',
                    { grant: props.origin.delegatedFromGrantName },
                  )
                : t(
                    'Im Kundenportal delegiert aus „{grant}“ von {email}. Wird jene Freischaltung gelöscht, wird diese mitgelöscht.',
                    { grant: props.origin.delegatedFromGrantName, email: props.origin.delegatedByEmail },
                  )}
            </p>
          )}
        </div>
      )}
      <div class="card stack">
        <h2>{t('Geteilt mit Benutzer')}</h2>
        {props.members.length === 0 ? (
          <p>{t('Noch niemand hat Zugang über diese Freischaltung.')}</p>
        ) : (
          <p id="member-count">
            {props.memberTotal === 1 ? t('1 Person') : t('{count} Personen', { count: props.memberTotal })}{' '}
            <a href={`/admin/people?freischaltung=${grant.id}`}>{t('In der Personenliste ansehen')}</a>
          </p>
        )}
        <ul class="list">
          {props.members.map((member) => (
            <li>
              <strong>{member.name}</strong> <span class="muted">{`${member.email} · ${t(member.state)}`}</span>
              <form method="post" action={`/admin/grants/${grant.id}/people/${member.id}/remove`} class="inline-form">
                <CsrfField token={props.csrfToken} />
                <button
                  type="submit"
                  class="button-secondary"
                  aria-label={t('Zugang von {name} entfernen', { name: member.name })}
                >
                  {t('Entfernen')}
                </button>
              </form>
            </li>
          ))}
        </ul>
        {props.memberPages.next === null && props.memberPages.previous === null ? null : (
          <nav class="pager" aria-label={t('Seiten der Liste')}>
            {props.memberPages.previous === null ? null : (
              <a href={props.memberPages.previous} rel="prev">
                {t('← Vorherige Seite')}
              </a>
            )}
            {props.memberPages.next === null ? null : (
              <a href={props.memberPages.next} rel="next">
                {t('Nächste Seite →')}
              </a>
            )}
          </nav>
        )}
        <p class="hint">
          {t(
            'Entfernen beendet den Zugang sofort, auch in geöffneten Sitzungen, wenn die Person keine andere Freischaltung hat.',
          )}
        </p>
        {props.addForm.error === null ? null : <Notice kind="error">{t.text(props.addForm.error)}</Notice>}
        <form method="post" action={`/admin/grants/${grant.id}/people`} class="stack">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="kind" value={personKind} />
          <Field
            label={t('E-Mail-Adresse hinzufügen')}
            name="email"
            id="field-share-email"
            type="email"
            autocomplete="off"
            value={props.addForm.email}
            hint={t(
              'Wer hier noch keinen Zugang hat, erhält eine Einladung per E-Mail; wer hier schon Zugang hat, keine E-Mail: Die Freischaltung gilt sofort.',
            )}
            required
          />
          <Field
            label={t('Name der Person')}
            name="name"
            id="field-share-name"
            type="text"
            autocomplete="off"
            value={props.addForm.name}
            required
          />
          <Button kind="secondary">{t('Hinzufügen')}</Button>
        </form>
      </div>
      <div class="card stack">
        <h2>{t('Daten und Freigaben')}</h2>
        {props.problems.length > 0 ? (
          <Notice kind="error">
            {t('Die Änderungen wurden nicht gespeichert. Bitte korrigieren Sie die markierten Felder.')}
          </Notice>
        ) : null}
        <form method="post" action={`/admin/grants/${grant.id}`} class="stack">
          <CsrfField token={props.csrfToken} />
          <GrantFields form={props.form} problems={props.problems} staff={props.staff} isNew={false} />
          <Button>{t('Änderungen speichern')}</Button>
        </form>
        <p class="hint">{t('Änderungen gelten sofort.')}</p>
      </div>
      {props.profiles.length === 0 ? null : (
        <div class="card stack">
          <h2>{t('Profil anwenden')}</h2>
          <p>
            {t(
              'Die Freigaben des Profils werden in diese Freischaltung kopiert und ersetzen die bisherigen. Spätere Änderungen an den Freigaben des Profils ändern diese Freischaltung nicht.',
            )}
          </p>
          <p>
            {t(
              'Die Freischaltung merkt sich das Profil: Wen ihre Inhaber im eigenen Portal als Kolleginnen und Kollegen einladen dürfen, richtet sich nach den Delegationen, die das Profil gerade hat.',
            )}
          </p>
          <form method="post" action={`/admin/grants/${grant.id}/apply-profile`} class="stack">
            <CsrfField token={props.csrfToken} />
            <div class="field">
              <label for="field-profileId">{t('Profil')}</label>
              <select id="field-profileId" name="profileId">
                {props.profiles.map((profile) => (
                  <option value={profile.id}>{profile.name}</option>
                ))}
              </select>
            </div>
            <Button kind="secondary">{t('Freigaben des Profils übernehmen')}</Button>
          </form>
        </div>
      )}
      <div class="card stack">
        <h2>{t('Löschen')}</h2>
        <p>
          <a href={`/admin/grants/${grant.id}/delete`}>{t('Freischaltung löschen …')}</a>
        </p>
      </div>
    </section>
  );
}

export function GrantDeletePage(props: { role: Role; csrfToken: string; grant: Grant; memberCount: number }) {
  const t = useTranslator();
  return (
    <section class="stack admin">
      <AdminNav current="grants" role={props.role} />
      <h1>{t('Freischaltung „{grant}“ löschen?', { grant: props.grant.name })}</h1>
      <div class="card stack">
        <p>
          {props.memberCount === 1
            ? t(
                '1 Person hat Zugang über diese Freischaltung. Wer keine andere Freischaltung hat, verliert den Zugang sofort. Das lässt sich nicht rückgängig machen.',
              )
            : t(
                '{count} Personen haben Zugang über diese Freischaltung. Wer keine andere Freischaltung hat, verliert den Zugang sofort. Das lässt sich nicht rückgängig machen.',
                { count: props.memberCount },
              )}
        </p>
        <form method="post" action={`/admin/grants/${props.grant.id}/delete`} class="stack">
          <CsrfField token={props.csrfToken} />
          <Button>{t('Ja, Freischaltung löschen')}</Button>
        </form>
        <p>
          <a href={`/admin/grants/${props.grant.id}`}>{t('Abbrechen')}</a>
        </p>
      </div>
    </section>
  );
}
