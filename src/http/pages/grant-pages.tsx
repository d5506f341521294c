import { SHARING_SWITCHED_OFF } from '../../modules/grants/grant.js';
import type { GrantOrigin } from '../../modules/grants/grant-repo.js';
import type { Grant } from '../../modules/grants/grant-service.js';
import type { Profile } from '../../modules/profiles/profile-service.js';
import type { ContractListItem } from '../../modules/portfolio/portfolio-directory.js';
import { AdminPage, DeletePage, type AdminNotice, type StaffRole } from './admin-page.js';
import { Button, CsrfField, errorAt, Field, FilterForm, Notice, Pager, SearchField } from './components.js';
import { ContractTable } from './customer-pages.js';
import { GrantFields, KIND_NAMES, type GrantForm, type GrantFormProblem } from './grant-fields.js';
import { describeOptions } from './profile-pages.js';
import type { Message } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import type { PageError } from '../page-errors.js';
import { required } from '../../shared/required.js';

export { GrantFields, KIND_NAMES, type GrantForm, type GrantFormProblem } from './grant-fields.js';

export const EMPTY_GRANT_FORM: GrantForm = {
  name: '',
  kind: 'customer',
  customers: '',
  ...SHARING_SWITCHED_OFF,
  customerAddNeedsPrivacyNotice: false,
  linesOfBusiness: [],
  documentProfile: '',
  responsibleStaffId: '',
  profileId: '',
};

export function formOfGrant(grant: Grant): GrantForm {
  return {
    name: grant.name,
    kind: grant.kind,
    customers: grant.customerNumbers.join(', '),
    includeClaims: grant.includeClaims,
    claimsNeedRelease: grant.claimsNeedRelease,
    claimsWithoutContract: grant.claimsWithoutContract,
    claimsOnly: grant.claimsOnly,
    includeReferenceAddresses: grant.includeReferenceAddresses,
    shareCases: grant.shareCases,
    shareContractsAutomatically: grant.shareContractsAutomatically,
    customerAddNeedsPrivacyNotice: grant.customerAddNeedsPrivacyNotice,
    linesOfBusiness: grant.restrictedLinesOfBusiness,
    documentProfile: grant.documentProfile ?? '',
    responsibleStaffId: grant.responsibleStaffId ?? '',
    profileId: '',
  };
}

export function GrantsPage(props: {
  role: StaffRole;
  csrfToken: string;
  grants: Grant[];
  query: string;
  staff: Array<{ id: string; name: string }>;
  profiles: Profile[];
  form: GrantForm;
  problems: GrantFormProblem[];
  notice: AdminNotice;
}) {
  const t = useTranslator();
  return (
    <AdminPage {...props} current="grants" title={t('Verwaltung: Freischaltungen')}>
      <FilterForm action="/admin/grants" submitLabel={t('Suchen')}>
        <SearchField id="filter-grant" label={t('Name oder Kundennummer')} value={props.query} />
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
          <GrantFields
            form={props.form}
            problems={props.problems}
            staff={props.staff}
            profiles={props.profiles}
            isNew
          />
          <Button>{t('Freischaltung anlegen')}</Button>
        </form>
      </div>
    </AdminPage>
  );
}

/** The contracts shared into a grant by hand, and a search for more of this tenant's contracts. */
export interface ContractSharing {
  shared: ContractListItem[];
  search: string;
  found: ContractListItem[] | null;
}

function SharedContracts(props: { grantId: string; csrfToken: string; sharing: ContractSharing }) {
  const t = useTranslator();
  const { sharing, grantId } = props;
  const sharedIds = new Set(sharing.shared.map((contract) => contract.id));
  return (
    <div class="card stack" id="shared-contracts">
      <h2>{t('Manuell geteilte Verträge')}</h2>
      <p class="hint">
        {t('Diese Verträge sehen die Personen der Freischaltung zusätzlich – auch ohne „Verträge automatisch teilen“.')}
      </p>
      {sharing.shared.length === 0 ? (
        <p>{t('Noch kein Vertrag von Hand geteilt.')}</p>
      ) : (
        <ContractTable
          label={t('Manuell geteilte Verträge')}
          contracts={sharing.shared}
          showCustomer
          action={(contract) => (
            <details class="confirm-step">
              <summary aria-label={t('Freigabe von Vertrag {policy} entfernen', { policy: contract.policyNumber })}>
                {t('Freigabe entfernen …')}
              </summary>
              <form method="post" action={`/admin/grants/${grantId}/contracts/${contract.id}/remove`} class="stack">
                <CsrfField token={props.csrfToken} />
                <p>{t('Vertrag {policy} wird nicht mehr geteilt.', { policy: contract.policyNumber })}</p>
                <Button kind="secondary">{t('Ja, Freigabe entfernen')}</Button>
              </form>
            </details>
          )}
        />
      )}
      <form method="get" action={`/admin/grants/${grantId}#shared-contracts`} class="stack">
        <Field
          label={t('Vertrag suchen')}
          name="vertrag"
          id="field-contract-search"
          type="search"
          autocomplete="off"
          value={sharing.search}
          hint={t('VSNr, Kundennummer oder Name des Kunden')}
        />
        <Button kind="secondary">{t('Verträge suchen')}</Button>
      </form>
      {sharing.found === null ? null : sharing.found.length === 0 ? (
        <p>{t('Kein Vertrag gefunden.')}</p>
      ) : (
        <ContractTable
          label={t('Gefundene Verträge')}
          contracts={sharing.found}
          showCustomer
          action={(contract) =>
            sharedIds.has(contract.id) ? (
              <span class="muted">{t('bereits geteilt')}</span>
            ) : (
              <form method="post" action={`/admin/grants/${grantId}/contracts`} class="inline-form">
                <CsrfField token={props.csrfToken} />
                <input type="hidden" name="contractId" value={contract.id} />
                <button
                  type="submit"
                  class="button button-secondary"
                  aria-label={t('Vertrag {policy} teilen', { policy: contract.policyNumber })}
                >
                  {t('Teilen')}
                </button>
              </form>
            )
          }
        />
      )}
    </div>
  );
}

/**
 * A member's "darf Schadenmeldungen freigeben", shown while the grant asks for release: kept on the member list because
 * the right belongs to the person's place in this grant, not to the person everywhere.
 */
function ReleaseRightForm(props: {
  grantId: string;
  member: { id: string; name: string; mayReleaseClaims: boolean };
  csrfToken: string;
}) {
  const t = useTranslator();
  const { member } = props;
  return (
    <form
      method="post"
      action={`/admin/grants/${props.grantId}/people/${member.id}/release-right`}
      class="inline-form"
      data-release-right={member.mayReleaseClaims ? 'ja' : 'nein'}
    >
      <CsrfField token={props.csrfToken} />
      <span>
        {member.mayReleaseClaims ? t('Darf Schadenmeldungen freigeben.') : t('Darf keine Schadenmeldungen freigeben.')}
      </span>{' '}
      <input type="hidden" name="mayRelease" value={member.mayReleaseClaims ? 'nein' : 'ja'} />
      <Button kind="secondary">
        {member.mayReleaseClaims ? t('Recht zur Freigabe entziehen') : t('Recht zur Freigabe geben')}
      </Button>
    </form>
  );
}

export function GrantEditPage(props: {
  role: StaffRole;
  csrfToken: string;
  grant: Grant;
  origin: GrantOrigin;
  staff: Array<{ id: string; name: string }>;
  profiles: Profile[];
  members: Array<{ id: string; name: string; email: string; state: Message; mayReleaseClaims: boolean }>;
  /** All members, counted in the database; `members` is one page of them, by name. */
  memberTotal: number;
  memberPages: { next: string | null; previous: string | null };
  form: GrantForm;
  problems: GrantFormProblem[];
  /** The "share with a person" form: a refusal of the address or the name shows at that field, any other above. */
  addForm: { email: string; name: string; error: PageError | null };
  sharing: ContractSharing;
  notice: AdminNotice;
}) {
  const t = useTranslator();
  const { grant } = props;
  const personKind = grant.kind === 'intermediary' ? 'intermediary' : 'policyholder';
  const addError = props.addForm.error;
  const title = t('Freischaltung: {grant}', { grant: grant.name });
  return (
    <AdminPage {...props} current="grants" back={t('← Alle Freischaltungen')} title={title}>
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
      <div class="card stack" id="members">
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
              {grant.claimsNeedRelease ? (
                <ReleaseRightForm grantId={grant.id} member={member} csrfToken={props.csrfToken} />
              ) : null}
              <details class="confirm-step">
                <summary aria-label={t('Zugang von {name} entfernen', { name: member.name })}>
                  {t('Entfernen …')}
                </summary>
                <form method="post" action={`/admin/grants/${grant.id}/people/${member.id}/remove`} class="stack">
                  <CsrfField token={props.csrfToken} />
                  <p>
                    {t('{name} verliert den Zugang über die Freischaltung „{grant}“.', {
                      name: member.name,
                      grant: grant.name,
                    })}
                  </p>
                  <Button kind="secondary">{t('Ja, Zugang entfernen')}</Button>
                </form>
              </details>
            </li>
          ))}
        </ul>
        <Pager previous={props.memberPages.previous} next={props.memberPages.next} />
        <p class="hint">
          {t(
            'Entfernen beendet den Zugang sofort, auch in geöffneten Sitzungen, wenn die Person keine andere Freischaltung hat.',
          )}
        </p>
        {addError === null || addError.field === 'email' || addError.field === 'name' ? null : (
          <Notice kind="error" code={addError.code}>
            {t.text(addError.text)}
          </Notice>
        )}
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
            {...errorAt(t, addError, 'email')}
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
            {...errorAt(t, addError, 'name')}
            required
          />
          <Button kind="secondary">{t('Hinzufügen')}</Button>
        </form>
      </div>
      <SharedContracts grantId={grant.id} csrfToken={props.csrfToken} sharing={props.sharing} />
      <div class="card stack">
        <h2>{t('Daten und Freigaben')}</h2>
        {props.problems.length > 0 ? (
          <Notice kind="error">
            {t('Die Änderungen wurden nicht gespeichert. Bitte korrigieren Sie die markierten Felder.')}
          </Notice>
        ) : null}
        <form method="post" action={`/admin/grants/${grant.id}`} class="stack">
          <CsrfField token={props.csrfToken} />
          <GrantFields
            form={props.form}
            problems={props.problems}
            staff={props.staff}
            profiles={props.profiles}
            isNew={false}
          />
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
    </AdminPage>
  );
}

export function GrantDeletePage(props: { role: StaffRole; csrfToken: string; grant: Grant; memberCount: number }) {
  const t = useTranslator();
  const consequence =
    props.memberCount === 1
      ? t(
          '1 Person hat Zugang über diese Freischaltung. Wer keine andere Freischaltung hat, verliert den Zugang sofort. Das lässt sich nicht rückgängig machen.',
        )
      : t(
          '{count} Personen haben Zugang über diese Freischaltung. Wer keine andere Freischaltung hat, verliert den Zugang sofort. Das lässt sich nicht rückgängig machen.',
          { count: props.memberCount },
        );
  const path = `/admin/grants/${props.grant.id}`;
  const title = t('Freischaltung „{grant}“ löschen?', { grant: props.grant.name });
  return (
    <DeletePage {...props} current="grants" path={path} title={title} confirmLabel={t('Ja, Freischaltung löschen')}>
      {consequence}
    </DeletePage>
  );
}
