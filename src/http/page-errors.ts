import { expectedErrorOf } from '../db/database-errors.js';
import { statusOfError, textOfError, type ErrorStatus } from '../shared/error-registry.js';
import type { ErrorCode } from '../shared/errors.js';
import type { PersonText } from '../shared/i18n/translator.js';

/** An expected failure as a page shows it: next to its field when it has one, else as the page's notice. */
export interface PageError {
  readonly code: ErrorCode;
  readonly status: ErrorStatus;
  readonly field: string | null;
  /** Translated by the page into the reader's language. */
  readonly text: PersonText;
}

/** What a page shows of a refusal: its code (as data-error-code) and its text. */
export type ShownError = Pick<PageError, 'code' | 'text'>;

/**
 * The page's view of an error a service threw (a lost race for a unique name included), or null
 * for a defect, which the route rethrows so that it becomes a 500 without details.
 */
export function pageErrorOf(error: unknown): PageError | null {
  const expected = expectedErrorOf(error);
  if (expected === null) {
    return null;
  }
  return {
    code: expected.code,
    status: statusOfError(expected.code),
    field: expected.field ?? null,
    text: textOfError(expected),
  };
}
