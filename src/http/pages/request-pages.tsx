import { SPARTEN } from '../../modules/portfolio/sparten.js';
import type {
  ConversationKind,
  CustomerAddFields,
  NewCustomerStatus,
  RequestKind,
  ServiceRequest,
} from '../../modules/conversations/service-request.js';
import { formatIban } from '../../shared/iban.js';
import { message, type Message, type Translator } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import { Button, CsrfField, FieldError, Notice } from './components.js';
import { ProblemSummary, QuestionField, type ShownProblem } from './question-field.js';
import type { ChoiceOption } from './conversation-pages.js';
import { formatEuro, formatPartialDate } from './portfolio-format.js';
import { sparteNameIn } from './sparte-names.js';
import { MAX_MESSAGE_ATTACHMENT_BYTES } from '../../modules/conversations/conversation-attachment.js';

/** The kinds' addresses under /anliegen, as people read them. */
export const REQUEST_SLUGS: Readonly<Record<RequestKind, string>> = {
  contract_add: 'vertrag-erfassen',
  data_change: 'daten-aendern',
  portfolio_transfer: 'bestandsuebertragung',
  customer_add: 'kunden-anlegen',
};

export function requestKindOfSlug(slug: string): RequestKind | null {
  const found = Object.entries(REQUEST_SLUGS).find(([, value]) => value === slug);
  return found === undefined ? null : (found[0] as RequestKind);
}

export const KIND_NAMES: Readonly<Record<ConversationKind, Message>> = {
  message: message('Nachricht'),
  contract_add: message('Vertrag erfassen'),
  data_change: message('Daten ändern'),
  portfolio_transfer: message('Bestandsübertragung'),
  customer_add: message('Kunden anlegen'),
};

const KIND_DESCRIPTIONS: Readonly<Record<RequestKind, Message>> = {
  contract_add: message(
    'Einen Vertrag, den Sie anderswo abgeschlossen haben, Ihrem Makler melden, damit er ihn in Ihre Übersicht aufnimmt.',
  ),
  data_change: message('Eine neue Adresse, Bankverbindung, Telefonnummer oder einen neuen Namen mitteilen.'),
  portfolio_transfer: message('Bestehende Verträge eines Kunden in den Bestand Ihres Maklers übertragen lassen.'),
  customer_add: message('Einen neuen Kunden oder Interessenten melden, den Ihr Makler in seinem Bestand anlegt.'),
};

/** The countries the "Kunden anlegen" form offers; Germany first. */
const COUNTRIES: Readonly<Record<string, Message>> = {
  DE: message('Deutschland'),
  AT: message('Österreich'),
  CH: message('Schweiz'),
  NL: message('Niederlande'),
  BE: message('Belgien'),
  LU: message('Luxemburg'),
  FR: message('Frankreich'),
  DK: message('Dänemark'),
  PL: message('Polen'),
  CZ: message('Tschechien'),
  IT: message('Italien'),
  ES: message('Spanien'),
};

function countryName(t: Translator, code: string): string {
  const name = COUNTRIES[code];
  return name === undefined ? code : t(name);
}

const NEW_CUSTOMER_STATUS_NAMES: Readonly<Record<NewCustomerStatus, Message>> = {
  prospect: message('Interessent'),
  customer: message('Kunde'),
};

const NEW_CUSTOMER_KIND_NAMES: Readonly<Record<CustomerAddFields['customerKind'], Message>> = {
  private: message('Privatkunde'),
  business: message('Firmenkunde'),
};

export interface RequestForm {
  kind: RequestKind;
  values: Record<string, string>;
  /** Problems by field; the one under '' is the form's notice. */
  problems: Record<string, ShownProblem>;
  customers: ChoiceOption[];
  /** "Kunden anlegen": the intermediary grants to file it through, a choice when several. */
  grants: ChoiceOption[];
  /** "Kunden anlegen": one of those grants wants the privacy statement confirmed. */
  isPrivacyNoticeAsked: boolean;
  csrfToken: string;
}

/** "Anliegen": the kinds this person may file, each with what it is for. */
export function RequestChoicePage(props: { kinds: RequestKind[] }) {
  const t = useTranslator();
  return (
    <section class="stack">
      <h1>{t('Neues Anliegen')}</h1>
      <p>{t('Ihr Makler bearbeitet Ihr Anliegen und antwortet Ihnen unter Nachrichten.')}</p>
      <ul class="stack choice-list">
        {props.kinds.map((kind) => (
          <li class="card stack">
            <a href={`/anliegen/${REQUEST_SLUGS[kind]}`}>
              <strong>{t(KIND_NAMES[kind])}</strong>
            </a>
            <p class="hint">{t(KIND_DESCRIPTIONS[kind])}</p>
          </li>
        ))}
      </ul>
      <p>
        <a href="/nachrichten/neu">{t('Oder eine Nachricht an Ihren Makler schreiben')}</a>
      </p>
    </section>
  );
}

function Input(props: {
  form: RequestForm;
  name: string;
  label: string;
  isRequired?: boolean;
  hint?: string;
  kind?: 'text' | 'tel' | 'textarea' | 'amount' | 'date';
  autocomplete?: string;
  options?: ChoiceOption[];
}) {
  const t = useTranslator();
  const { kind, options } = props;
  return (
    <QuestionField
      {...props}
      control={({ value, attributes }) => {
        const common = { ...attributes, required: props.isRequired ?? false };
        return options !== undefined ? (
          <select {...common}>
            <option value="">{t('Bitte wählen')}</option>
            {options.map((option) => (
              <option value={option.value} selected={option.value === value}>
                {option.label}
              </option>
            ))}
          </select>
        ) : kind === 'textarea' ? (
          <textarea {...common} rows={4}>
            {value}
          </textarea>
        ) : (
          <input
            {...common}
            type={kind === 'tel' ? 'tel' : 'text'}
            inputmode={kind === 'amount' ? 'decimal' : kind === 'date' ? 'numeric' : undefined}
            autocomplete={props.autocomplete}
            value={value}
          />
        );
      }}
    />
  );
}

function sparteOptions(t: Translator): ChoiceOption[] {
  return Object.keys(SPARTEN)
    .sort()
    .map((code) => ({ value: code, label: `${code} · ${sparteNameIn(t, code)}` }));
}

function ContractAddQuestions(props: { form: RequestForm }) {
  const t = useTranslator();
  const { form } = props;
  return (
    <>
      <Input form={form} name="insurer" label={t('Versicherer')} isRequired />
      <Input form={form} name="policyNumber" label={t('Versicherungsscheinnummer')} />
      <Input form={form} name="sparte" label={t('Sparte')} options={sparteOptions(t)} />
      <Input
        form={form}
        name="yearlyPremium"
        label={t('Jahresbeitrag in Euro')}
        hint={t('Zum Beispiel 1.234,50')}
        kind="amount"
      />
    </>
  );
}

function DataChangeQuestions(props: { form: RequestForm }) {
  const t = useTranslator();
  const { form } = props;
  return (
    <>
      <p class="hint">{t('Bitte füllen Sie nur aus, was sich ändert; mindestens eine Angabe.')}</p>
      <fieldset class="stack">
        <legend>{t('Neue Adresse')}</legend>
        <Input form={form} name="street" label={t('Straße und Hausnummer')} autocomplete="street-address" />
        <Input form={form} name="postcode" label={t('Postleitzahl')} autocomplete="postal-code" />
        <Input form={form} name="city" label={t('Ort')} autocomplete="address-level2" />
        <Input form={form} name="movingDate" label={t('Umzugsdatum')} hint={t('Zum Beispiel 01.03.2027')} kind="date" />
      </fieldset>
      <fieldset class="stack">
        <legend>{t('Neue Bankverbindung')}</legend>
        <Input form={form} name="iban" label={t('IBAN')} />
        <Input form={form} name="accountHolder" label={t('Kontoinhaber')} />
      </fieldset>
      <Input form={form} name="phone" label={t('Neue Telefonnummer')} kind="tel" autocomplete="tel" />
      <Input form={form} name="name" label={t('Neuer Name')} hint={t('Zum Beispiel nach einer Heirat')} />
    </>
  );
}

function PortfolioTransferQuestions(props: { form: RequestForm }) {
  const t = useTranslator();
  const { form } = props;
  return (
    <>
      <Input form={form} name="insurer" label={t('Versicherer')} isRequired />
      <Input
        form={form}
        name="policyNumbers"
        label={t('Versicherungsscheinnummern')}
        hint={t('Eine Nummer je Zeile.')}
        kind="textarea"
        isRequired
      />
    </>
  );
}

function CustomerAddQuestions(props: { form: RequestForm }) {
  const t = useTranslator();
  const { form } = props;
  const privacy = form.problems['privacyNotice'];
  return (
    <>
      {form.grants.length < 2 && form.problems['grantId'] === undefined ? null : (
        <Input form={form} name="grantId" label={t('Freischaltung')} options={form.grants} isRequired />
      )}
      <Input
        form={form}
        name="customerKind"
        label={t('Art des Kunden')}
        options={Object.entries(NEW_CUSTOMER_KIND_NAMES).map(([value, label]) => ({ value, label: t(label) }))}
        isRequired
      />
      <Input
        form={form}
        name="status"
        label={t('Status')}
        options={Object.entries(NEW_CUSTOMER_STATUS_NAMES).map(([value, label]) => ({ value, label: t(label) }))}
        isRequired
      />
      <fieldset class="stack">
        <legend>{t('Name')}</legend>
        <Input form={form} name="firstName" label={t('Vorname')} hint={t('Bei Privatkunden')} autocomplete="off" />
        <Input form={form} name="lastName" label={t('Nachname')} hint={t('Bei Privatkunden')} autocomplete="off" />
        <Input form={form} name="companyName" label={t('Firma')} hint={t('Bei Firmenkunden')} autocomplete="off" />
      </fieldset>
      <fieldset class="stack">
        <legend>{t('Anschrift')}</legend>
        <Input form={form} name="street" label={t('Straße und Hausnummer')} isRequired autocomplete="off" />
        <Input form={form} name="postcode" label={t('Postleitzahl')} isRequired autocomplete="off" />
        <Input form={form} name="city" label={t('Ort')} isRequired autocomplete="off" />
        <Input
          form={form}
          name="country"
          label={t('Land')}
          options={Object.entries(COUNTRIES).map(([value, label]) => ({ value, label: t(label) }))}
        />
      </fieldset>
      <Input form={form} name="email" label={t('E-Mail-Adresse (freiwillig)')} autocomplete="off" />
      <Input form={form} name="mobile" label={t('Mobilnummer (freiwillig)')} kind="tel" autocomplete="off" />
      <Input form={form} name="iban" label={t('IBAN (freiwillig)')} autocomplete="off" />
      <Input
        form={form}
        name="dateOfBirth"
        label={t('Geburtsdatum (freiwillig)')}
        hint={t('Bei Privatkunden, zum Beispiel 24.05.1980')}
        kind="date"
      />
      {form.isPrivacyNoticeAsked ? (
        <div class="check-field">
          {privacy ? (
            <FieldError id="field-privacyNotice-error" code={privacy.code}>
              {privacy.text}
            </FieldError>
          ) : null}
          <input
            type="checkbox"
            id="field-privacyNotice"
            name="privacyNotice"
            value="ja"
            checked={(form.values['privacyNotice'] ?? '') !== ''}
            required
            aria-invalid={privacy ? 'true' : undefined}
          />
          <label for="field-privacyNotice">{t('Der Kunde hat den Datenschutzhinweis Ihres Maklers erhalten.')}</label>
        </div>
      ) : null}
    </>
  );
}

/** "Vertrag erfassen": a photo or PDF of the policy, one file, the form's last field (it arrives after the text). */
function PolicyFileField() {
  const t = useTranslator();
  return (
    <div class="field">
      <label for="field-anhaenge">{t('Foto oder PDF der Police (freiwillig)')}</label>
      <p class="hint" id="field-anhaenge-hint">
        {t('PDF, JPEG, PNG, HEIC oder TIFF, höchstens {max} MB', {
          max: MAX_MESSAGE_ATTACHMENT_BYTES / (1024 * 1024),
        })}
      </p>
      <input
        id="field-anhaenge"
        name="anhaenge"
        type="file"
        accept="image/*,application/pdf"
        aria-describedby="field-anhaenge-hint"
      />
    </div>
  );
}

/** One kind's form, on one page: every problem at its field, everything typed kept. */
export function RequestFormPage(props: { form: RequestForm }) {
  const t = useTranslator();
  const { form } = props;
  const notice = form.problems[''];
  return (
    <section class="stack">
      <p>
        <a href="/anliegen">{t('← Zu den Anliegen')}</a>
      </p>
      <h1>{t(KIND_NAMES[form.kind])}</h1>
      <p>{t(KIND_DESCRIPTIONS[form.kind])}</p>
      {notice === undefined ? null : (
        <Notice kind="error" code={notice.code}>
          <p>{notice.text}</p>
        </Notice>
      )}
      <ProblemSummary problems={form.problems} />
      <form
        method="post"
        action={`/anliegen/${REQUEST_SLUGS[form.kind]}`}
        enctype={form.kind === 'contract_add' ? 'multipart/form-data' : undefined}
        class="card stack"
      >
        <CsrfField token={form.csrfToken} />
        {form.customers.length < 2 || form.kind === 'customer_add' ? null : (
          <Input
            form={form}
            name="customerId"
            label={form.kind === 'portfolio_transfer' ? t('Kunde') : t('Für wen ist das Anliegen?')}
            options={form.customers}
            isRequired
          />
        )}
        {form.kind === 'contract_add' ? (
          <ContractAddQuestions form={form} />
        ) : form.kind === 'data_change' ? (
          <DataChangeQuestions form={form} />
        ) : form.kind === 'customer_add' ? (
          <CustomerAddQuestions form={form} />
        ) : (
          <PortfolioTransferQuestions form={form} />
        )}
        <Input form={form} name="note" label={t('Anmerkung (freiwillig)')} kind="textarea" />
        {form.kind === 'contract_add' ? (
          <>
            {form.problems['anhaenge'] ? (
              <FieldError id="field-anhaenge-error" code={form.problems['anhaenge'].code}>
                {form.problems['anhaenge'].text}
              </FieldError>
            ) : null}
            <PolicyFileField />
          </>
        ) : null}
        <Button>{t('Anliegen senden')}</Button>
      </form>
    </section>
  );
}

/** The request's fields with German (or English) labels, as the person and the broker's staff read them. */
export function requestEntriesOf(request: ServiceRequest, t: Translator): { label: string; value: string }[] {
  const entries: [string, string | null][] = [];
  switch (request.kind) {
    case 'contract_add': {
      const { fields } = request;
      entries.push(
        [t('Versicherer'), fields.insurer],
        [t('Versicherungsscheinnummer'), fields.policyNumber],
        [t('Sparte'), fields.sparte === null ? null : `${fields.sparte} · ${sparteNameIn(t, fields.sparte)}`],
        [
          t('Jahresbeitrag'),
          fields.yearlyPremiumCents === null ? null : formatEuro(fields.yearlyPremiumCents, t.language),
        ],
      );
      break;
    }
    case 'data_change': {
      const { address, bankAccount, phone, name } = request.fields;
      entries.push(
        [
          t('Neue Adresse'),
          address === null
            ? null
            : `${address.street}\n${address.postcode} ${address.city}\n${t('Umzug am {date}', {
                date: formatPartialDate(address.movingDate, t.language),
              })}`,
        ],
        [
          t('Neue Bankverbindung'),
          bankAccount === null ? null : `${formatIban(bankAccount.iban)}\n${bankAccount.accountHolder}`,
        ],
        [t('Neue Telefonnummer'), phone],
        [t('Neuer Name'), name],
      );
      break;
    }
    case 'portfolio_transfer':
      entries.push(
        [t('Versicherer'), request.fields.insurer],
        [t('Versicherungsscheinnummern'), request.fields.policyNumbers.join('\n')],
      );
      break;
    case 'customer_add': {
      const { fields } = request;
      const { address } = fields;
      entries.push(
        [t('Art des Kunden'), t(NEW_CUSTOMER_KIND_NAMES[fields.customerKind])],
        [t('Status'), t(NEW_CUSTOMER_STATUS_NAMES[fields.status])],
        [t('Firma'), fields.companyName],
        [t('Vorname'), fields.firstName],
        [t('Nachname'), fields.lastName],
        [
          t('Anschrift'),
          `${address.street}\n${address.postcode} ${address.city}` +
            (address.country === 'DE' ? '' : `\n${countryName(t, address.country)}`),
        ],
        [t('E-Mail-Adresse'), fields.email],
        [t('Mobilnummer'), fields.mobile],
        [t('IBAN'), fields.iban === null ? null : formatIban(fields.iban)],
        [t('Geburtsdatum'), fields.dateOfBirth === null ? null : formatPartialDate(fields.dateOfBirth, t.language)],
        [t('Datenschutzhinweis'), fields.privacyNoticeConfirmed ? t('Dem Kunden übergeben (bestätigt)') : null],
      );
      break;
    }
  }
  entries.push([t('Anmerkung'), request.fields.note]);
  return entries.flatMap(([label, value]) => (value === null ? [] : [{ label, value }]));
}

/** The request's kind and fields above a conversation's messages. */
export function RequestFieldsCard(props: { request: ServiceRequest }) {
  const t = useTranslator();
  return (
    <div class="card stack" data-request-kind={props.request.kind}>
      <h2>{t('Anliegen: {kind}', { kind: t(KIND_NAMES[props.request.kind]) })}</h2>
      <dl class="contact-list">
        {requestEntriesOf(props.request, t).map((entry) => (
          <>
            <dt>{entry.label}</dt>
            <dd class="pre-line">{entry.value}</dd>
          </>
        ))}
      </dl>
    </div>
  );
}
