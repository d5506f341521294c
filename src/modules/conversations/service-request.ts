import { fieldProblem, type ErrorCode, type FieldProblem } from '../../shared/errors.js';
import { parseDate, parseEuroCents } from '../../shared/german-input.js';
import { isValidIban, normalizeIban } from '../../shared/iban.js';
import { parseEmailAddress } from '../identities/email-address.js';
import { SPARTEN } from '../portfolio/sparten.js';

/**
 * Service requests (Anliegen): conversations of a kind with structured fields, which staff or the CRM apply. Portico
 * never changes the broker's data from them itself; the CRM is the source.
 */
export const REQUEST_KINDS = ['contract_add', 'data_change', 'portfolio_transfer', 'customer_add'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export type ConversationKind = 'message' | RequestKind;
export const CONVERSATION_KINDS = ['message', ...REQUEST_KINDS] as const;

/** Files a request takes: "Vertrag erfassen" has one field for a photo or PDF of the policy, not a message's twenty. */
export const MAX_REQUEST_FILES = 1;

/** Kinds only people holding an intermediary grant may file; for anybody else they do not exist (404). */
const INTERMEDIARY_KINDS: ReadonlySet<RequestKind> = new Set(['portfolio_transfer', 'customer_add']);

/** Kinds about a customer the broker does not have yet: their conversation has no customer. */
export function isKindWithoutCustomer(kind: string): boolean {
  return kind === 'customer_add';
}

export function isIntermediaryKind(kind: RequestKind): boolean {
  return INTERMEDIARY_KINDS.has(kind);
}

export function isRequestKind(value: string): value is RequestKind {
  return (REQUEST_KINDS as readonly string[]).includes(value);
}

/** "Vertrag erfassen": a contract the customer holds elsewhere. */
export interface ContractAddFields {
  insurer: string;
  policyNumber: string | null;
  /** The GDV Sparte code. */
  sparte: string | null;
  yearlyPremiumCents: number | null;
  note: string | null;
}

export interface NewAddress {
  street: string;
  postcode: string;
  city: string;
  /** The moving day, "YYYY-MM-DD". */
  movingDate: string;
}

/** "Daten ändern": at least one of address, bank account, phone and name. */
export interface DataChangeFields {
  address: NewAddress | null;
  bankAccount: { iban: string; accountHolder: string } | null;
  phone: string | null;
  name: string | null;
  note: string | null;
}

/** "Bestandsübertragung": existing contracts of a customer to be moved into the broker's portfolio. */
export interface PortfolioTransferFields {
  insurer: string;
  policyNumbers: string[];
  note: string | null;
}

/** A customer's state as the intermediary reports it: a prospect (Interessent) or a customer already (Kunde). */
export const NEW_CUSTOMER_STATUSES = ['prospect', 'customer'] as const;
export type NewCustomerStatus = (typeof NEW_CUSTOMER_STATUSES)[number];

/** "Kunden anlegen": a customer the intermediary brings to the broker, who creates it in the CRM. */
export interface CustomerAddFields {
  customerKind: 'private' | 'business';
  status: NewCustomerStatus;
  /** Private customers: first and last name; business customers: the company. */
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  address: { street: string; postcode: string; city: string; country: string };
  email: string | null;
  iban: string | null;
  /** "YYYY-MM-DD", private customers only. */
  dateOfBirth: string | null;
  mobile: string | null;
  /** The intermediary confirmed the customer received the broker's privacy statement (asked when the grant says so). */
  privacyNoticeConfirmed: boolean;
  note: string | null;
}

export type ServiceRequest =
  | { kind: 'contract_add'; fields: ContractAddFields }
  | { kind: 'data_change'; fields: DataChangeFields }
  | { kind: 'portfolio_transfer'; fields: PortfolioTransferFields }
  | { kind: 'customer_add'; fields: CustomerAddFields };

/** The form fields of each kind, as the pages name them; nothing else posted is read. */
export const REQUEST_FORM_FIELDS: Readonly<Record<RequestKind, readonly string[]>> = {
  contract_add: ['insurer', 'policyNumber', 'sparte', 'yearlyPremium', 'note'],
  data_change: ['street', 'postcode', 'city', 'movingDate', 'iban', 'accountHolder', 'phone', 'name', 'note'],
  portfolio_transfer: ['insurer', 'policyNumbers', 'note'],
  customer_add: [
    'customerKind',
    'status',
    'firstName',
    'lastName',
    'companyName',
    'street',
    'postcode',
    'city',
    'country',
    'email',
    'iban',
    'dateOfBirth',
    'mobile',
    'privacyNotice',
    'note',
  ],
};

/** What a form is checked against besides itself: today's date and the grant's privacy statement option. */
export interface RequestParseContext {
  /** "YYYY-MM-DD" in the broker's time zone. */
  today: string;
  /** "Datenschutzhinweis bei Kunden anlegen verpflichtend" of the grant it is filed through. */
  isPrivacyNoticeRequired: boolean;
}

export const REQUEST_LIMITS = { text: 200, policyNumber: 40, phone: 40, note: 4000, policyNumbers: 100 } as const;

export type RequestParse = { ok: true; request: ServiceRequest } | { ok: false; problems: FieldProblem[] };

type Form = Readonly<Record<string, string | undefined>>;

/** One line of text: NFC, control characters as spaces, runs of spaces as one, trimmed. */
function lineOf(value: string | undefined): string {
  return (value ?? '')
    .normalize('NFC')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Reads a form's fields one by one and collects every problem, so a person fixes all of them in one go. */
function reader(form: Form) {
  const problems: FieldProblem[] = [];
  const fail = (field: string, code: ErrorCode, params?: Record<string, number>) => {
    problems.push(fieldProblem(field, code, params));
    return null;
  };
  return {
    problems,
    fail,
    isFilled: (...fields: string[]) => fields.some((field) => (form[field] ?? '').trim() !== ''),
    /** A line of text; '' when empty (the caller decides whether that is allowed). */
    line(field: string, max: number = REQUEST_LIMITS.text): string | null {
      const text = lineOf(form[field]);
      return Array.from(text).length > max ? fail(field, 'REQUEST_TEXT_TOO_LONG', { max }) : text;
    },
    required(field: string, code: ErrorCode, max: number = REQUEST_LIMITS.text): string | null {
      const text = this.line(field, max);
      return text === '' ? fail(field, code) : text;
    },
    optional(field: string, max: number = REQUEST_LIMITS.text): string | null {
      const text = this.line(field, max);
      return text === '' ? null : text;
    },
    /** Free text with its line breaks. */
    note(): string | null {
      const text = (form['note'] ?? '')
        .normalize('NFC')
        .replace(/\r\n?/g, '\n')
        .replace(/[^\P{Cc}\n\t]/gu, '')
        .trim();
      if (Array.from(text).length > REQUEST_LIMITS.note) {
        return fail('note', 'REQUEST_TEXT_TOO_LONG', { max: REQUEST_LIMITS.note });
      }
      return text === '' ? null : text;
    },
  };
}

function parseContractAdd(form: Form): RequestParse {
  const read = reader(form);
  const insurer = read.required('insurer', 'REQUEST_INSURER_REQUIRED');
  const policyNumber = read.optional('policyNumber', REQUEST_LIMITS.policyNumber);
  const sparteInput = lineOf(form['sparte']);
  const sparte =
    sparteInput === ''
      ? null
      : SPARTEN[sparteInput] === undefined
        ? read.fail('sparte', 'REQUEST_SPARTE_INVALID')
        : sparteInput;
  const premium = parseEuroCents(form['yearlyPremium'] ?? '');
  const yearlyPremiumCents = premium === 'invalid' ? read.fail('yearlyPremium', 'REQUEST_PREMIUM_INVALID') : premium;
  const note = read.note();
  if (read.problems.length > 0 || insurer === null) return { ok: false, problems: read.problems };
  return {
    ok: true,
    request: { kind: 'contract_add', fields: { insurer, policyNumber, sparte, yearlyPremiumCents, note } },
  };
}

const PHONE = /^\+?[0-9 ()/.-]+$/;

function phoneOf(read: ReturnType<typeof reader>, form: Form, field: string): string | null {
  const text = lineOf(form[field]);
  if (text === '') return null;
  return text.length <= REQUEST_LIMITS.phone && PHONE.test(text) && text.replace(/\D/g, '').length >= 4
    ? text
    : read.fail(field, 'REQUEST_PHONE_INVALID', { max: REQUEST_LIMITS.phone });
}

function parseAddress(read: ReturnType<typeof reader>, form: Form): NewAddress | null {
  if (!read.isFilled('street', 'postcode', 'city', 'movingDate')) return null;
  const street = read.required('street', 'REQUEST_STREET_REQUIRED');
  const postcodeText = lineOf(form['postcode']);
  const postcode = /^[0-9]{5}$/.test(postcodeText) ? postcodeText : read.fail('postcode', 'REQUEST_POSTCODE_INVALID');
  const city = read.required('city', 'REQUEST_CITY_REQUIRED');
  const dateText = lineOf(form['movingDate']);
  const movingDate =
    dateText === ''
      ? read.fail('movingDate', 'REQUEST_MOVING_DATE_REQUIRED')
      : (parseDate(dateText) ?? read.fail('movingDate', 'REQUEST_MOVING_DATE_INVALID'));
  return street === null || postcode === null || city === null || movingDate === null
    ? null
    : { street, postcode, city, movingDate };
}

function parseBankAccount(read: ReturnType<typeof reader>, form: Form): DataChangeFields['bankAccount'] {
  if (!read.isFilled('iban', 'accountHolder')) return null;
  const ibanText = lineOf(form['iban']);
  const iban =
    ibanText === ''
      ? read.fail('iban', 'REQUEST_IBAN_REQUIRED')
      : isValidIban(ibanText)
        ? normalizeIban(ibanText)
        : read.fail('iban', 'IBAN_INVALID');
  const accountHolder = read.required('accountHolder', 'REQUEST_ACCOUNT_HOLDER_REQUIRED');
  return iban === null || accountHolder === null ? null : { iban, accountHolder };
}

function parseDataChange(form: Form): RequestParse {
  const read = reader(form);
  const address = parseAddress(read, form);
  const bankAccount = parseBankAccount(read, form);
  const phone = phoneOf(read, form, 'phone');
  const name = read.optional('name');
  const note = read.note();
  if (read.problems.length > 0) return { ok: false, problems: read.problems };
  if (address === null && bankAccount === null && phone === null && name === null) {
    return { ok: false, problems: [fieldProblem('', 'REQUEST_CHANGE_REQUIRED')] };
  }
  return { ok: true, request: { kind: 'data_change', fields: { address, bankAccount, phone, name, note } } };
}

/** Policy numbers one per line, or separated by commas or semicolons; each once, in the order given. */
function parsePolicyNumbers(read: ReturnType<typeof reader>, form: Form): string[] | null {
  const numbers = [
    ...new Set(
      (form['policyNumbers'] ?? '')
        .normalize('NFC')
        .split(/[\n\r,;]+/)
        .map((item) => lineOf(item))
        .filter((item) => item !== ''),
    ),
  ];
  if (numbers.length === 0) return read.fail('policyNumbers', 'REQUEST_POLICY_NUMBERS_REQUIRED');
  if (numbers.length > REQUEST_LIMITS.policyNumbers) {
    return read.fail('policyNumbers', 'REQUEST_POLICY_NUMBERS_TOO_MANY', { max: REQUEST_LIMITS.policyNumbers });
  }
  if (numbers.some((item) => Array.from(item).length > REQUEST_LIMITS.policyNumber)) {
    return read.fail('policyNumbers', 'REQUEST_TEXT_TOO_LONG', { max: REQUEST_LIMITS.policyNumber });
  }
  return numbers;
}

function parsePortfolioTransfer(form: Form): RequestParse {
  const read = reader(form);
  const insurer = read.required('insurer', 'REQUEST_INSURER_REQUIRED');
  const policyNumbers = parsePolicyNumbers(read, form);
  const note = read.note();
  if (read.problems.length > 0 || insurer === null || policyNumbers === null) {
    return { ok: false, problems: read.problems };
  }
  return { ok: true, request: { kind: 'portfolio_transfer', fields: { insurer, policyNumbers, note } } };
}

/**
 * A postcode of the country: five digits in Germany; elsewhere loosely 2 to 10 letters, digits, spaces or hyphens
 * with at least one digit (the CRM's people check foreign addresses themselves).
 */
function postcodeOf(read: ReturnType<typeof reader>, form: Form, country: string | null): string | null {
  const text = lineOf(form['postcode']).toUpperCase();
  if (country === 'DE' || country === null) {
    return /^[0-9]{5}$/.test(text) ? text : read.fail('postcode', 'REQUEST_POSTCODE_INVALID');
  }
  return /^(?=.*[0-9])[0-9A-Z -]{2,10}$/.test(text) ? text : read.fail('postcode', 'REQUEST_FOREIGN_POSTCODE_INVALID');
}

function parseCustomerAdd(form: Form, context: RequestParseContext): RequestParse {
  const read = reader(form);
  const kindText = lineOf(form['customerKind']);
  const customerKind =
    kindText === 'private' || kindText === 'business'
      ? kindText
      : read.fail('customerKind', 'REQUEST_CUSTOMER_KIND_INVALID');
  const statusText = lineOf(form['status']);
  const status = (NEW_CUSTOMER_STATUSES as readonly string[]).includes(statusText)
    ? (statusText as NewCustomerStatus)
    : read.fail('status', 'REQUEST_CUSTOMER_STATUS_INVALID');
  const isBusiness = customerKind === 'business';
  const firstName = isBusiness ? null : read.required('firstName', 'REQUEST_FIRST_NAME_REQUIRED');
  const lastName = isBusiness ? null : read.required('lastName', 'REQUEST_LAST_NAME_REQUIRED');
  const companyName = isBusiness ? read.required('companyName', 'REQUEST_COMPANY_NAME_REQUIRED') : null;
  const street = read.required('street', 'REQUEST_STREET_REQUIRED');
  const countryText = lineOf(form['country']).toUpperCase();
  const country =
    countryText === ''
      ? 'DE'
      : /^[A-Z]{2}$/.test(countryText)
        ? countryText
        : read.fail('country', 'REQUEST_COUNTRY_INVALID');
  const postcode = postcodeOf(read, form, country);
  const city = read.required('city', 'REQUEST_CITY_REQUIRED');
  const emailText = lineOf(form['email']);
  const email =
    emailText === '' ? null : (parseEmailAddress(emailText)?.display ?? read.fail('email', 'EMAIL_INVALID'));
  const ibanText = lineOf(form['iban']);
  const iban =
    ibanText === '' ? null : isValidIban(ibanText) ? normalizeIban(ibanText) : read.fail('iban', 'IBAN_INVALID');
  const birthText = isBusiness ? '' : lineOf(form['dateOfBirth']);
  const birthDate = birthText === '' ? null : parseDate(birthText);
  const dateOfBirth =
    birthText === ''
      ? null
      : birthDate !== null && birthDate < context.today
        ? birthDate
        : read.fail('dateOfBirth', 'REQUEST_BIRTH_DATE_INVALID');
  const mobile = phoneOf(read, form, 'mobile');
  const privacyNoticeConfirmed = (form['privacyNotice'] ?? '') !== '';
  if (context.isPrivacyNoticeRequired && !privacyNoticeConfirmed) {
    read.fail('privacyNotice', 'REQUEST_PRIVACY_NOTICE_REQUIRED');
  }
  const note = read.note();
  if (
    read.problems.length > 0 ||
    customerKind === null ||
    status === null ||
    street === null ||
    postcode === null ||
    city === null ||
    country === null
  ) {
    return { ok: false, problems: read.problems };
  }
  return {
    ok: true,
    request: {
      kind: 'customer_add',
      fields: {
        customerKind,
        status,
        firstName,
        lastName,
        companyName,
        address: { street, postcode, city, country },
        email,
        iban,
        dateOfBirth,
        mobile,
        privacyNoticeConfirmed,
        note,
      },
    },
  };
}

/** Checks a request's form and turns it into the fields stored; every problem at once, each at its field. */
export function parseServiceRequest(kind: RequestKind, form: Form, context: RequestParseContext): RequestParse {
  switch (kind) {
    case 'customer_add':
      return parseCustomerAdd(form, context);
    case 'contract_add':
      return parseContractAdd(form);
    case 'data_change':
      return parseDataChange(form);
    case 'portfolio_transfer':
      return parsePortfolioTransfer(form);
  }
}

/** The German titles, stored in the subject as the conversation's first line. */
const TITLES: Readonly<Record<RequestKind, string>> = {
  contract_add: 'Vertrag erfassen',
  data_change: 'Daten ändern',
  portfolio_transfer: 'Bestandsübertragung',
  customer_add: 'Kunden anlegen',
};

/** The new customer's name as the broker reads it: the company, or first and last name. */
export function newCustomerNameOf(fields: CustomerAddFields): string {
  return fields.customerKind === 'business'
    ? (fields.companyName ?? '')
    : [fields.firstName, fields.lastName].filter((part) => part !== null).join(' ');
}

function clip(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

/** The subject of the request's conversation, as the broker reads it in the inbox (stored in German, like the data). */
export function subjectOfRequest(request: ServiceRequest): string {
  switch (request.kind) {
    case 'contract_add':
      return clip(`${TITLES.contract_add}: ${request.fields.insurer}`, 200);
    case 'data_change': {
      const { fields } = request;
      const parts = [
        fields.address === null ? null : 'Adresse',
        fields.bankAccount === null ? null : 'Bankverbindung',
        fields.phone === null ? null : 'Telefon',
        fields.name === null ? null : 'Name',
      ].filter((part) => part !== null);
      return `${TITLES.data_change}: ${parts.join(', ')}`;
    }
    case 'portfolio_transfer':
      return clip(`${TITLES.portfolio_transfer}: ${request.fields.insurer}`, 200);
    case 'customer_add':
      return clip(`${TITLES.customer_add}: ${newCustomerNameOf(request.fields)}`, 200);
  }
}

/** The first message: the person's note, or a plain request to handle it. */
export function firstMessageOfRequest(request: ServiceRequest): string {
  return request.fields.note ?? `Bitte bearbeiten Sie mein Anliegen „${TITLES[request.kind]}“.`;
}

/** The request as stored in a conversation's kind and fields; null for a plain message. */
export function requestOf(kind: string, fields: unknown): ServiceRequest | null {
  if (!isRequestKind(kind) || fields === null || typeof fields !== 'object') return null;
  // The fields were written by parseServiceRequest for this kind (the table's check ties fields to the kind).
  return { kind, fields } as ServiceRequest;
}
