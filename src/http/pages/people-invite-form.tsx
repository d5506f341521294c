import type { MembershipRole } from '../../modules/memberships/membership.js';
import { message, type Message } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import { Button, CsrfField, Field, FieldError } from './components.js';
import type { ShownError } from '../page-errors.js';

export interface InviteFormValues {
  email: string;
  name: string;
  kind: string;
  grant: string;
  customers: string;
  /** The id of the profile the grant takes, or '' for none. */
  profile: string;
}

const INVITE_KINDS: Array<{ value: MembershipRole; label: Message; adminOnly: boolean }> = [
  { value: 'policyholder', label: message('Versicherungsnehmer'), adminOnly: false },
  { value: 'intermediary', label: message('Vermittler'), adminOnly: false },
  { value: 'staff_user', label: message('Mitarbeitende (Verwaltung)'), adminOnly: true },
  { value: 'staff_admin', label: message('Administration (Verwaltung und Einstellungen)'), adminOnly: true },
];

/** The invitation form, folded away until asked for; open again when it comes back with a problem. */
export function InviteForm(props: {
  role: 'staff_admin' | 'staff_user';
  csrfToken: string;
  form: InviteFormValues;
  isOpen: boolean;
  profiles: Array<{ id: string; name: string }>;
  /** A refusal that belongs to the profile field (a profile deleted meanwhile). */
  profileError?: ShownError | undefined;
}) {
  const t = useTranslator();
  return (
    <details class="card invite-form" open={props.isOpen}>
      <summary>{t('Person einladen (Freischaltung)')}</summary>
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
        {props.profiles.length === 0 ? null : (
          <div class="field">
            <label for="field-profile">{t('Freischaltungsprofil (optional)')}</label>
            <p class="hint" id="field-profile-hint">
              {t('Die Freischaltung übernimmt die Freigaben des Profils. Für Mitarbeitende gilt es nicht.')}
            </p>
            {props.profileError === undefined ? null : (
              <FieldError id="field-profile-error" code={props.profileError.code}>
                {t.text(props.profileError.text)}
              </FieldError>
            )}
            <select
              id="field-profile"
              name="profile"
              aria-describedby={
                props.profileError === undefined ? 'field-profile-hint' : 'field-profile-error field-profile-hint'
              }
              aria-invalid={props.profileError === undefined ? undefined : 'true'}
            >
              <option value="" selected={props.form.profile === ''}>
                {t('Kein Profil')}
              </option>
              {props.profiles.map((profile) => (
                <option value={profile.id} selected={props.form.profile === profile.id}>
                  {profile.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <Button>{t('Einladen')}</Button>
      </form>
    </details>
  );
}
