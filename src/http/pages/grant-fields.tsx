import { DOCUMENT_PROFILES } from '../../modules/grants/document-profiles.js';
import type { Profile } from '../../modules/profiles/profile-service.js';
import { SPARTE_GROUPS, SPARTEN, sparteName } from '../../modules/portfolio/sparten.js';
import type { ErrorCode, FieldProblem } from '../../shared/errors.js';
import { message, type Message } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import { Field, FieldError } from './components.js';
import { sparteLabel } from './customer-pages.js';
import { fieldErrorOf } from './profile-pages.js';
import { required } from '../../shared/required.js';

/** A grant as staff fill in its form: text fields, ticked options and the chosen Sparten codes. */
export interface GrantForm {
  name: string;
  kind: string;
  customers: string;
  includeClaims: boolean;
  claimsNeedRelease: boolean;
  claimsWithoutContract: boolean;
  claimsOnly: boolean;
  includeReferenceAddresses: boolean;
  shareCases: boolean;
  shareContractsAutomatically: boolean;
  /** "Datenschutzhinweis bei Kunden anlegen verpflichtend" (the grant's own option, not a profile's). */
  customerAddNeedsPrivacyNotice: boolean;
  /** The chosen entries: three-digit codes, and entries stored before the list existed ("Kfz"). */
  linesOfBusiness: string[];
  documentProfile: string;
  responsibleStaffId: string;
  /** A new grant only: the profile applied while creating it, or ''. */
  profileId: string;
}

export type GrantFormProblem = FieldProblem<keyof GrantForm>;

export const KIND_NAMES: Record<string, Message> = {
  customer: message('Kunde (Versicherungsnehmer)'),
  intermediary: message('Vermittler'),
};

const GROUP_NAMES: Record<string, Message> = {
  Personen: message('Personen'),
  'Haftpflicht und Rechtsschutz': message('Haftpflicht und Rechtsschutz'),
  Kraftfahrt: message('Kraftfahrt'),
  Sach: message('Sach'),
  'Technik, Transport und Gewerbe': message('Technik, Transport und Gewerbe'),
  Sonstige: message('Sonstige'),
};

const DOCUMENT_PROFILE_LABELS: Record<string, Message> = {
  Standard: message('Standard – alle als sichtbar markierten Schlagwörter'),
  'Alle Dokumente': message('Alle Dokumente'),
  'Nur Policen': message('Nur Policen und Nachträge'),
  'Vertrag und Schaden': message('Vertrags- und Schadenunterlagen'),
  'Keine Dokumente': message('Keine Dokumente'),
};

/** The sharing options of a grant or a profile, each with the line that says what it does. */
export const SHARING_OPTIONS: Array<{
  name:
    | 'includeClaims'
    | 'claimsNeedRelease'
    | 'claimsWithoutContract'
    | 'claimsOnly'
    | 'includeReferenceAddresses'
    | 'shareCases'
    | 'shareContractsAutomatically';
  label: Message;
  hint: Message;
}> = [
  {
    name: 'includeClaims',
    label: message('Schäden einbeziehen'),
    hint: message('Die Personen sehen die Schäden zu den freigegebenen Verträgen und können Schäden melden.'),
  },
  {
    name: 'claimsNeedRelease',
    label: message('Schadenmeldungen müssen freigegeben werden'),
    hint: message(
      'Eine Schadenmeldung erreicht Sie erst, wenn eine andere Person dieser Freischaltung mit dem Recht „darf Schadenmeldungen freigeben“ sie freigegeben hat.',
    ),
  },
  {
    name: 'claimsWithoutContract',
    label: message('Schadenmeldung ohne Vertrag erlaubt'),
    hint: message(
      'Mit „Schäden einbeziehen“: Die Personen können einen Schaden auch ohne Vertrag melden, für einen der freigegebenen Kunden.',
    ),
  },
  {
    name: 'claimsOnly',
    label: message('Nur Schadenmeldung'),
    hint: message(
      'Die Personen sehen keine Verträge, Dokumente und Vorgänge, sondern melden nur Schäden (ohne Vertrag) für die freigegebenen Kunden und sehen die Schäden, die sie selbst gemeldet haben.',
    ),
  },
  {
    name: 'includeReferenceAddresses',
    label: message('Referenzadressen einbeziehen'),
    hint: message('Die Personen sehen die versicherten Adressen (Risikoorte) der Kunden.'),
  },
  {
    name: 'shareCases',
    label: message('Vorgänge teilen'),
    hint: message('Die Personen sehen die Vorgänge zu diesen Kunden und können darin schreiben.'),
  },
  {
    name: 'shareContractsAutomatically',
    label: message('Verträge automatisch teilen'),
    hint: message('Alle Verträge der Kunden sind sichtbar, auch künftige; sonst nur die unten von Hand geteilten.'),
  },
];

function OptionCheckbox(props: { name: string; label: string; hint: string; checked: boolean }) {
  const id = `field-${props.name}`;
  return (
    <div class="check-field">
      <input type="checkbox" id={id} name={props.name} checked={props.checked} aria-describedby={`${id}-hint`} />
      <label for={id}>{props.label}</label>
      <p class="hint" id={`${id}-hint`}>
        {props.hint}
      </p>
    </div>
  );
}

/** The Sparten as checkboxes by group; entries stored that the list does not know stay ticked and shown. */
export function SparteChoice(props: {
  chosen: string[];
  error: string | undefined;
  errorCode?: ErrorCode | undefined;
}) {
  const t = useTranslator();
  const unknown = props.chosen.filter((entry) => SPARTEN[entry] === undefined);
  return (
    <fieldset class="stack" id="field-linesOfBusiness" aria-describedby="field-linesOfBusiness-hint">
      <legend>{t('Nur diese Sparten (optional)')}</legend>
      <p class="hint" id="field-linesOfBusiness-hint">
        {t('Nichts ausgewählt: Verträge aller Sparten. Sonst nur Verträge der ausgewählten Sparten.')}
      </p>
      {props.error === undefined ? null : <FieldError code={props.errorCode}>{props.error}</FieldError>}
      <details open={props.chosen.length > 0}>
        <summary>
          {props.chosen.length === 0
            ? t('Sparten auswählen (alle Sparten)')
            : t('Sparten auswählen ({count} ausgewählt)', { count: props.chosen.length })}
        </summary>
        {SPARTE_GROUPS.map((group) => (
          <fieldset class="stack">
            <legend>{GROUP_NAMES[group.name] === undefined ? group.name : t(required(GROUP_NAMES[group.name]))}</legend>
            {group.codes.map((code) => (
              <div class="check-field">
                <input
                  type="checkbox"
                  id={`sparte-${code}`}
                  name="linesOfBusiness"
                  value={code}
                  checked={props.chosen.includes(code)}
                />
                <label for={`sparte-${code}`}>{sparteLabel(t, code)}</label>
              </div>
            ))}
          </fieldset>
        ))}
        {unknown.length === 0 ? null : (
          <fieldset class="stack">
            <legend>{t('Bisher gespeichert, nicht in der Liste')}</legend>
            {unknown.map((entry, index) => (
              <div class="check-field">
                <input type="checkbox" id={`sparte-other-${index}`} name="linesOfBusiness" value={entry} checked />
                <label for={`sparte-other-${index}`}>{/^[0-9]{3}$/.test(entry) ? sparteName(entry) : entry}</label>
              </div>
            ))}
          </fieldset>
        )}
      </details>
    </fieldset>
  );
}

export function DocumentProfileChoice(props: {
  value: string;
  error: string | undefined;
  errorCode?: ErrorCode | undefined;
}) {
  const t = useTranslator();
  const isUnknown = props.value !== '' && DOCUMENT_PROFILES.every((profile) => profile.value !== props.value);
  return (
    <div class="field">
      <label for="field-documentProfile">{t('Dokumentenprofil')}</label>
      <p class="hint" id="field-documentProfile-hint">
        {t('Welche Dokumente der Kunden die Personen sehen; ohne Profil keine Dokumente.')}
      </p>
      {props.error === undefined ? null : <FieldError code={props.errorCode}>{props.error}</FieldError>}
      <select id="field-documentProfile" name="documentProfile" aria-describedby="field-documentProfile-hint">
        <option value="" selected={props.value === ''}>
          {t('– kein Dokumentenprofil –')}
        </option>
        {DOCUMENT_PROFILES.map((profile) => (
          <option value={profile.value} selected={props.value === profile.value}>
            {DOCUMENT_PROFILE_LABELS[profile.value] === undefined
              ? profile.label
              : t(required(DOCUMENT_PROFILE_LABELS[profile.value]))}
          </option>
        ))}
        {isUnknown ? (
          <option value={props.value} selected>
            {t('{profile} (bisher gespeichert)', { profile: props.value })}
          </option>
        ) : null}
      </select>
    </div>
  );
}

function SelectField(props: {
  name: string;
  label: string;
  hint: string;
  error: string | undefined;
  errorCode?: ErrorCode | undefined;
  value: string;
  choices: Array<{ value: string; label: string }>;
}) {
  const id = `field-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <p class="hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      {props.error === undefined ? null : <FieldError code={props.errorCode}>{props.error}</FieldError>}
      <select id={id} name={props.name} aria-describedby={`${id}-hint`}>
        {props.choices.map((choice) => (
          <option value={choice.value} selected={props.value === choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Every field of the grant form, each with a line that says what it does. */
export function GrantFields(props: {
  form: GrantForm;
  problems: GrantFormProblem[];
  staff: Array<{ id: string; name: string }>;
  profiles: Profile[];
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
        hint={t('So erscheint die Freischaltung hier und im Portal der Personen.')}
        {...fieldErrorOf(t, problems, 'name')}
        required
      />
      {props.isNew ? (
        <SelectField
          name="kind"
          label={t('Art')}
          hint={t('Für Versicherungsnehmer (nach Kundennummern) oder für Vermittler (nach Vermittlerkonten).')}
          error={undefined}
          value={form.kind}
          choices={Object.entries(KIND_NAMES).map(([value, label]) => ({ value, label: t(label) }))}
        />
      ) : null}
      <Field
        label={form.kind === 'intermediary' ? t('Vermittlerkonten') : t('Kundennummern')}
        name="customers"
        type="text"
        autocomplete="off"
        value={form.customers}
        hint={t('Mehrere durch Komma getrennt – z. B. die einer Familie oder einer Person und ihrer Firma.')}
        {...fieldErrorOf(t, problems, 'customers')}
      />
      <fieldset class="stack">
        <legend>{t('Freigaben')}</legend>
        {SHARING_OPTIONS.map((option) => (
          <OptionCheckbox
            name={option.name}
            label={t(option.label)}
            hint={t(option.hint)}
            checked={form[option.name]}
          />
        ))}
        {form.kind === 'intermediary' || props.isNew ? (
          <OptionCheckbox
            name="customerAddNeedsPrivacyNotice"
            label={t('Datenschutzhinweis bei Kunden anlegen verpflichtend')}
            hint={t(
              'Für Vermittler: Wer über „Kunden anlegen“ einen Kunden meldet, bestätigt, dass der Kunde Ihren Datenschutzhinweis erhalten hat.',
            )}
            checked={form.customerAddNeedsPrivacyNotice}
          />
        ) : null}
      </fieldset>
      <SparteChoice chosen={form.linesOfBusiness} {...fieldErrorOf(t, problems, 'linesOfBusiness')} />
      <DocumentProfileChoice value={form.documentProfile} {...fieldErrorOf(t, problems, 'documentProfile')} />
      <SelectField
        name="responsibleStaffId"
        label={t('Betreuer')}
        hint={t('Wer im Büro für diese Freischaltung zuständig ist und Vorgänge ohne anderen Empfänger erhält.')}
        {...fieldErrorOf(t, problems, 'responsibleStaffId')}
        value={form.responsibleStaffId}
        choices={[
          { value: '', label: t('– niemand –') },
          ...props.staff.map((member) => ({ value: member.id, label: member.name })),
        ]}
      />
      {props.isNew && props.profiles.length > 0 ? (
        <SelectField
          name="profileId"
          label={t('Profil anwenden (optional)')}
          hint={t('Die Freigaben des Profils ersetzen die oben gewählten; die Freischaltung merkt sich das Profil.')}
          {...fieldErrorOf(t, problems, 'profileId')}
          value={form.profileId}
          choices={[
            { value: '', label: t('– kein Profil –') },
            ...props.profiles.map((profile) => ({ value: profile.id, label: profile.name })),
          ]}
        />
      ) : null}
    </>
  );
}
