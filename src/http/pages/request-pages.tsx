import { SPARTEN } from '../../modules/portfolio/sparten.js';
import type { ConversationKind, RequestKind, ServiceRequest } from '../../modules/conversations/service-request.js';
import { formatIban } from '../../shared/iban.js';
import type { ErrorCode } from '../../shared/errors.js';
import { message, type Message, type Translator } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import { Button, CsrfField, FieldError, Notice } from './components.js';
import type { ChoiceOption } from './conversation-pages.js';
import { formatEuro, formatPartialDate } from './portfolio-format.js';
import { sparteNameIn } from './sparte-names.js';

/** The kinds' addresses under /anliegen, as people read them. */
export const REQUEST_SLUGS: Readonly<Record<RequestKind, string>> = {
  contract_add: 'vertrag-erfassen',
  data_change: 'daten-aendern',
  portfolio_transfer: 'bestandsuebertragung',
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
};

const KIND_DESCRIPTIONS: Readonly<Record<RequestKind, Message>> = {
  contract_add: message(
    'Einen Vertrag, den Sie anderswo abgeschlossen haben, Ihrem Makler melden, damit er ihn in Ihre Übersicht aufnimmt.',
  ),
  data_change: message('Eine neue Adresse, Bankverbindung, Telefonnummer oder einen neuen Namen mitteilen.'),
  portfolio_transfer: message('Bestehende Verträge eines Kunden in den Bestand Ihres Maklers übertragen lassen.'),
};

export interface ShownProblem {
  code: ErrorCode;
  text: string;
}

export interface RequestForm {
  kind: RequestKind;
  values: Record<string, string>;
  /** Problems by field; the one under '' is the form's notice. */
  problems: Record<string, ShownProblem>;
  customers: ChoiceOption[];
  csrfToken: string;
}

/** "Anliegen": the kinds this person may file, each with what it is for. */
export function RequestChoicePage(props: { kinds: RequestKind[] }) {
  const t = useTranslator();
  return (
    <section class="stack">
      <h1>{t('Neues Anliegen')}</h1>
      <p>{t('Ihr Makler bearbeitet Ihr Anliegen und antwortet Ihnen unter Nachrichten.')}</p>
      <ul class="stack">
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
  const { form, name } = props;
  const id = `field-${name}`;
  const problem = form.problems[name];
  const value = form.values[name] ?? '';
  const describedBy = [problem ? `${id}-error` : null, props.hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  const common = {
    id,
    name,
    'aria-describedby': describedBy === '' ? undefined : describedBy,
    'aria-invalid': problem ? 'true' : undefined,
    required: props.isRequired ?? false,
  };
  return (
    <div class="field">
      <label for={id}>
        {props.label}
        {props.isRequired ? <span class="required"> ({t('Erforderlich')})</span> : null}
      </label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {problem ? (
        <FieldError id={`${id}-error`} code={problem.code}>
          {problem.text}
        </FieldError>
      ) : null}
      {props.options !== undefined ? (
        <select {...common}>
          <option value="">{t('Bitte wählen')}</option>
          {props.options.map((option) => (
            <option value={option.value} selected={option.value === value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : props.kind === 'textarea' ? (
        <textarea {...common} rows={4}>
          {value}
        </textarea>
      ) : (
        <input
          {...common}
          type={props.kind === 'tel' ? 'tel' : 'text'}
          inputmode={props.kind === 'amount' ? 'decimal' : props.kind === 'date' ? 'numeric' : undefined}
          autocomplete={props.autocomplete}
          value={value}
        />
      )}
    </div>
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
      {/* Attachments (a photo or PDF of the policy) will join this form as its last field once messages carry them. */}
      <form method="post" action={`/anliegen/${REQUEST_SLUGS[form.kind]}`} class="card stack">
        <CsrfField token={form.csrfToken} />
        {form.customers.length < 2 ? null : (
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
        ) : (
          <PortfolioTransferQuestions form={form} />
        )}
        <Input form={form} name="note" label={t('Anmerkung (freiwillig)')} kind="textarea" />
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
