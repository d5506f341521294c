import type { PersonText } from './i18n/translator.js';

/**
 * Expected failures carry a stable code. Pages and the CLI turn codes into words; anything that is
 * not an AppError is a defect and is answered without details.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'EMAIL_INVALID'
  | 'NAME_INVALID'
  | 'TENANT_NOT_FOUND'
  | 'TENANT_SLUG_TAKEN'
  | 'TENANT_SLUG_INVALID'
  | 'TENANT_NAME_INVALID'
  | 'HOST_INVALID'
  | 'HOST_TAKEN'
  | 'IDENTITY_NOT_FOUND'
  | 'EMAIL_TAKEN'
  | 'GRANT_NAME_INVALID'
  | 'CUSTOMER_NUMBER_INVALID'
  | 'KIND_INVALID'
  | 'GRANT_NOT_FOUND'
  | 'GRANT_NAME_TAKEN'
  | 'GRANT_KIND_MISMATCH'
  | 'STAFF_MEMBER_INVALID'
  | 'PERSON_NOT_FOUND'
  | 'PERSON_HAS_PASSWORD'
  | 'INVITATION_TOO_SOON'
  | 'WEBHOOK_NOT_FOUND'
  | 'WEBHOOK_URL_INVALID'
  | 'API_KEY_NOT_FOUND'
  | 'DUPLICATE_IN_BATCH'
  | 'DATA_DIR_IN_USE'
  | 'CONTROL_CHANNEL_FAILED'
  | 'DATABASE_WRITE_FAILED'
  | 'SETTING_INVALID'
  | 'COLOUR_CONTRAST_LOW'
  | 'LOGO_INVALID'
  | 'HOST_NOT_FOUND'
  | 'HOST_LAST'
  | 'HOST_IS_PRIMARY'
  | 'PROFILE_NOT_FOUND'
  | 'PROFILE_NAME_TAKEN'
  | 'DELEGATION_NOT_FOUND'
  | 'DELEGATION_SELF'
  | 'DELEGATION_NAME_TAKEN'
  | 'CUSTOMER_NOT_FOUND'
  | 'CONTRACT_NOT_FOUND'
  | 'DATE_INVALID'
  | 'AMOUNT_INVALID'
  | 'SPARTE_INVALID'
  | 'INSURER_NUMBER_INVALID'
  | 'POLICY_NUMBER_INVALID'
  | 'OPERATOR_ONLY'
  | 'ROLE_ORDER'
  | 'LAST_ADMIN'
  | 'TOO_MANY_LINK_ATTEMPTS';

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For a person: the message as a text to translate, where the code alone does not say enough. */
    readonly text?: PersonText,
  ) {
    super(message);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
