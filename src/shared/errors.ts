import type { MessageValues } from './i18n/translator.js';

/**
 * Expected failures carry a stable code. Each code has exactly one entry in `ERROR_REGISTRY`
 * (error-registry.ts): its HTTP status and its message for a person in German and English.
 * Anything that is not an AppError is a defect and is answered without details.
 */
export type ErrorCode =
  | 'CONTACT_URL_INVALID'
  | 'CONTACT_URL_NOT_HTTPS'
  | 'CONTACT_URL_TOO_LONG'
  | 'CONTACT_PHONE_INVALID'
  | 'CONTACT_EMAIL_INVALID'
  | 'CONTACT_OFFICE_HOURS_INVALID'
  | 'CONTACT_ADDRESS_INVALID'
  | 'VALIDATION_FAILED'
  | 'EMAIL_INVALID'
  | 'NAME_INVALID'
  | 'TENANT_NOT_FOUND'
  | 'TENANT_SLUG_TAKEN'
  | 'TENANT_SLUG_INVALID'
  | 'TENANT_NAME_INVALID'
  | 'HOST_INVALID'
  | 'HOST_TAKEN'
  | 'HOSTS_TOO_MANY'
  | 'HOST_NOT_FOUND'
  | 'HOST_LAST'
  | 'HOST_IS_PRIMARY'
  | 'COLOUR_INVALID'
  | 'COLOUR_CONTRAST_LOW'
  | 'SENDER_NAME_INVALID'
  | 'REPLY_TO_INVALID'
  | 'INVITATION_LIFETIME_INVALID'
  | 'SESSION_IDLE_INVALID'
  | 'SESSION_ABSOLUTE_INVALID'
  | 'LANGUAGE_INVALID'
  | 'LOGO_MISSING'
  | 'LOGO_TOO_LARGE'
  | 'LOGO_DAMAGED'
  | 'LOGO_DIMENSIONS_TOO_LARGE'
  | 'LOGO_TYPE_INVALID'
  | 'LOGO_DOCTYPE'
  | 'LOGO_MARKUP_FORBIDDEN'
  | 'IDENTITY_NOT_FOUND'
  | 'EMAIL_TAKEN'
  | 'EMAIL_UNCHANGED'
  | 'EMAIL_CHANGE_TOO_SOON'
  | 'CURRENT_PASSWORD_WRONG'
  | 'SECOND_FACTOR_CODE_WRONG'
  | 'SECOND_FACTOR_PROOF_WRONG'
  | 'GRANT_NAME_INVALID'
  | 'CUSTOMER_NUMBER_INVALID'
  | 'KIND_INVALID'
  | 'GRANT_NOT_FOUND'
  | 'GRANT_NAME_TAKEN'
  | 'GRANT_KIND_MISMATCH'
  | 'STAFF_MEMBER_INVALID'
  | 'PERSON_NOT_FOUND'
  | 'PERSON_HAS_PASSWORD'
  | 'PEOPLE_NONE_CHOSEN'
  | 'INVITATION_TOO_SOON'
  | 'WEBHOOK_NOT_FOUND'
  | 'WEBHOOK_URL_INVALID'
  | 'WEBHOOK_EVENTS_MISSING'
  | 'API_KEY_NOT_FOUND'
  | 'API_KEY_NAME_INVALID'
  | 'DUPLICATE_IN_BATCH'
  | 'DATA_DIR_IN_USE'
  | 'CONTROL_CHANNEL_FAILED'
  | 'DATABASE_WRITE_FAILED'
  | 'PROFILE_NOT_FOUND'
  | 'PROFILE_NAME_INVALID'
  | 'PROFILE_NAME_TAKEN'
  | 'LINES_OF_BUSINESS_INVALID'
  | 'DOCUMENT_PROFILE_INVALID'
  | 'DOCUMENT_PROFILE_UNKNOWN'
  | 'GDV_FILE_MISSING'
  | 'GDV_FILE_TOO_LARGE'
  | 'FILE_TOO_LARGE'
  | 'FILE_TYPE_NOT_ALLOWED'
  | 'GDV_FILE_NOT_GDV'
  | 'DELEGATED_PROFILES_INVALID'
  | 'DELEGATION_NOT_FOUND'
  | 'DELEGATION_SELF'
  | 'DELEGATION_NAME_TAKEN'
  | 'DELEGATED_GRANT_NAME_INVALID'
  | 'CUSTOMER_NOT_FOUND'
  | 'CONTRACT_NOT_FOUND'
  | 'DOCUMENT_NOT_FOUND'
  | 'DOCUMENT_LINK_INVALID'
  | 'DOCUMENT_LINK_RATE_LIMITED'
  | 'DOCUMENT_CONTRACT_MISMATCH'
  | 'DOCUMENT_UPLOAD_INVALID'
  | 'DOCUMENT_FILES_TOO_MANY'
  | 'DOCUMENT_FILES_TOO_LARGE'
  | 'DATE_INVALID'
  | 'DAY_FILTER_INVALID'
  | 'DAY_RANGE_REVERSED'
  | 'AUDIT_FILTER_EMAIL_INVALID'
  | 'CSV_FILE_MISSING'
  | 'CSV_FILE_EMPTY'
  | 'CSV_FILE_TOO_LARGE'
  | 'CSV_ENCODING_INVALID'
  | 'CSV_MALFORMED'
  | 'CSV_MALFORMED_AT_LINE'
  | 'CSV_NO_LINES'
  | 'CSV_HEADER_MISSING'
  | 'CSV_TOO_MANY_ROWS'
  | 'CSV_HEADER_ONLY'
  | 'LOGIN_FAILED'
  | 'LOGIN_CODE_WRONG'
  | 'KEYWORD_EMPTY'
  | 'KEYWORD_TOO_LONG'
  | 'KEYWORD_CHARACTERS_INVALID'
  | 'KEYWORD_TAKEN'
  | 'KEYWORD_NOT_FOUND'
  | 'KEYWORD_EXPLANATION_TOO_LONG'
  | 'KEYWORD_EXPLANATION_INVALID'
  | 'AMOUNT_INVALID'
  | 'SPARTE_INVALID'
  | 'INSURER_NUMBER_INVALID'
  | 'POLICY_NUMBER_INVALID'
  | 'CLAIM_NOT_FOUND'
  | 'CLAIM_FIELD_REQUIRED'
  | 'CLAIM_TEXT_TOO_LONG'
  | 'CLAIM_DATE_IN_FUTURE'
  | 'CLAIM_TIME_INVALID'
  | 'CLAIM_CHOICE_INVALID'
  | 'CLAIM_AGE_INVALID'
  | 'IBAN_INVALID'
  | 'CLAIM_INCOMPLETE'
  | 'CLAIM_ALREADY_SUBMITTED'
  | 'CLAIM_STATUS_TRANSITION_INVALID'
  | 'CLAIM_CHANGE_EMPTY'
  | 'CLAIM_ASSIGNEE_INVALID'
  | 'CLAIM_ATTACHMENT_NOT_FOUND'
  | 'CONSENT_DOCUMENT_NOT_FOUND'
  | 'CONSENT_VERSION_NOT_FOUND'
  | 'CONSENT_TITLE_INVALID'
  | 'CONSENT_TITLE_TAKEN'
  | 'CONSENT_DOCUMENTS_TOO_MANY'
  | 'CONSENT_FILE_MISSING'
  | 'CONSENT_FILE_NOT_PDF'
  | 'CONSENT_FILE_TOO_LARGE'
  | 'CONSENT_MISSING'
  | 'CLAIM_ATTACHMENTS_TOO_MANY'
  | 'CLAIM_ATTACHMENTS_TOO_LARGE'
  | 'CLAIM_ATTACHMENT_TYPE_NOT_ALLOWED'
  | 'CLAIM_NO_RELEASER'
  | 'CLAIM_NOT_AWAITING_RELEASE'
  | 'CLAIM_RELEASE_OWN'
  | 'CLAIM_RETURN_COMMENT_REQUIRED'
  | 'CLAIM_ROUTE_UNKNOWN'
  | 'CLAIM_ROUTE_SPARTE_INVALID'
  | 'CLAIM_ROUTE_SPARTE_TWICE'
  | 'CONVERSATION_NOT_FOUND'
  | 'DATA_EXPORT_NOT_FOUND'
  | 'CONVERSATION_SUBJECT_REQUIRED'
  | 'CONVERSATION_SUBJECT_TOO_LONG'
  | 'CONVERSATION_CUSTOMER_REQUIRED'
  | 'CONVERSATION_REPLY_NOT_ALLOWED'
  | 'CONVERSATION_GRANT_WITHOUT_CUSTOMER'
  | 'MESSAGE_BODY_REQUIRED'
  | 'MESSAGE_BODY_TOO_LONG'
  | 'CONVERSATION_ASSIGNEE_INVALID'
  | 'REQUEST_KIND_NOT_FOUND'
  | 'REQUEST_CUSTOMER_REQUIRED'
  | 'REQUEST_INSURER_REQUIRED'
  | 'REQUEST_SPARTE_INVALID'
  | 'REQUEST_PREMIUM_INVALID'
  | 'REQUEST_STREET_REQUIRED'
  | 'REQUEST_POSTCODE_INVALID'
  | 'REQUEST_CITY_REQUIRED'
  | 'REQUEST_MOVING_DATE_REQUIRED'
  | 'REQUEST_MOVING_DATE_INVALID'
  | 'REQUEST_IBAN_REQUIRED'
  | 'REQUEST_ACCOUNT_HOLDER_REQUIRED'
  | 'REQUEST_PHONE_INVALID'
  | 'REQUEST_CHANGE_REQUIRED'
  | 'REQUEST_POLICY_NUMBERS_REQUIRED'
  | 'REQUEST_POLICY_NUMBERS_TOO_MANY'
  | 'REQUEST_TEXT_TOO_LONG'
  | 'REQUEST_CUSTOMER_KIND_INVALID'
  | 'REQUEST_CUSTOMER_STATUS_INVALID'
  | 'REQUEST_FIRST_NAME_REQUIRED'
  | 'REQUEST_LAST_NAME_REQUIRED'
  | 'REQUEST_COMPANY_NAME_REQUIRED'
  | 'REQUEST_COUNTRY_INVALID'
  | 'REQUEST_FOREIGN_POSTCODE_INVALID'
  | 'REQUEST_BIRTH_DATE_INVALID'
  | 'REQUEST_PRIVACY_NOTICE_REQUIRED'
  | 'REQUEST_GRANT_REQUIRED'
  | 'REQUEST_FILES_TOO_MANY'
  | 'REQUEST_FILE_TOO_LARGE'
  | 'REQUEST_FILE_TYPE_NOT_ALLOWED'
  | 'MESSAGE_ATTACHMENT_NOT_FOUND'
  | 'MESSAGE_ATTACHMENTS_TOO_MANY'
  | 'MESSAGE_ATTACHMENTS_TOO_LARGE'
  | 'MESSAGE_ATTACHMENT_TYPE_NOT_ALLOWED'
  | 'OPERATOR_ONLY'
  | 'ROLE_ORDER'
  | 'LAST_ADMIN'
  | 'TOO_MANY_LINK_ATTEMPTS';

/** What a person is told comes from the code; `params` fill its placeholders (e.g. a limit). */
export interface ErrorDetail {
  readonly code: ErrorCode;
  readonly params?: MessageValues;
}

/** One refused field of a form that is checked as a whole, so a person fixes every field in one go. */
export interface FieldProblem<Field extends string = string> extends ErrorDetail {
  readonly field: Field;
}

export function fieldProblem<Field extends string>(
  field: Field,
  code: ErrorCode,
  params?: MessageValues,
): FieldProblem<Field> {
  return params === undefined ? { field, code } : { field, code, params };
}

export interface AppErrorOptions {
  /** English, for logs, the API's `detail` and the CLI: may name the value that was refused. */
  readonly detail?: string;
  readonly params?: MessageValues;
  /** The form field the error belongs to, where a page shows it next to that field. */
  readonly field?: string;
  /** For a refusal that lasts a while (a rate limit): the seconds until a retry can succeed, sent as Retry-After. */
  readonly retryAfterSeconds?: number;
}

export class AppError extends Error implements ErrorDetail {
  override readonly name = 'AppError';
  readonly params?: MessageValues;
  readonly field?: string;
  /** The English detail, when the thrower gave one. */
  readonly detail?: string;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: ErrorCode,
    /** The English detail, or the options. */
    detailOrOptions: string | AppErrorOptions = {},
  ) {
    const options = typeof detailOrOptions === 'string' ? { detail: detailOrOptions } : detailOrOptions;
    super(options.detail ?? code);
    if (options.detail !== undefined) this.detail = options.detail;
    if (options.params !== undefined) this.params = options.params;
    if (options.field !== undefined) this.field = options.field;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
