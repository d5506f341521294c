import { safeFileName } from './file-name.js';
import { fieldProblem, type ErrorCode, type FieldProblem } from '../../shared/errors.js';
// The API publishes the metadata schema in its OpenAPI document: zod must be the extended one.
import { z } from '@hono/zod-openapi';

export type DocumentDirection = 'from_broker' | 'from_customer';

/** The largest document a person or the CRM may upload (one file). */
export const MAX_DOCUMENT_BYTES = 35 * 1024 * 1024;

/** The portal's form: at most this many files in one submission, together at most MAX_SUBMISSION_BYTES. */
export const MAX_FILES_PER_SUBMISSION = 20;
export const MAX_SUBMISSION_BYTES = 35 * 1024 * 1024;

/** A document as pages and the API show it. */
export interface DocumentView {
  id: string;
  customerId: string;
  contractId: string | null;
  title: string;
  /** What the uploader wrote with it (the portal's form), or null. */
  comment: string | null;
  keywords: string[];
  documentDate: string | null;
  direction: DocumentDirection;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: Date;
}

/** A document in a person's list: `isNew` until they open it. */
export interface PersonDocumentView extends DocumentView {
  isNew: boolean;
}

const keyword = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[^\p{Cc},]+$/u);

/** What the CRM sends with a file. */
export const DocumentMetadataInput = z
  .object({
    customerNumber: z.string().trim().min(1).max(40),
    contract: z
      .object({
        insurerNumber: z.string().trim().min(1).max(10),
        sparte: z.string().trim().min(1).max(3),
        policyNumber: z.string().trim().min(1).max(40),
      })
      .strict()
      .nullish()
      .openapi({ description: "The contract's GDV key, when the document belongs to a contract" }),
    title: z.string().trim().min(1).max(300),
    keywords: z.array(keyword).max(20).default([]),
    documentDate: z.iso.date().nullish(),
    direction: z.enum(['from_broker', 'from_customer']).default('from_broker'),
  })
  .strict()
  .openapi('DocumentMetadata');

export type DocumentMetadata = z.infer<typeof DocumentMetadataInput>;

/** Content types a file is stored with when the sender names one of them; anything else is stored as bytes. */
const EXTENSIONS: Record<string, string> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/heic': '.heic',
  'image/heif': '.heif',
  'image/tiff': '.tif',
  'text/plain': '.txt',
};

/** The name a download is saved under: the title made safe (no path or control characters) with its extension. */
export function downloadNameOf(document: { title: string; contentType: string }): string {
  return safeFileName(`${document.title}${EXTENSIONS[document.contentType] ?? ''}`);
}

/** The longest search by title a list takes (in characters); what is longer is cut. */
export const MAX_TITLE_SEARCH_LENGTH = 200;

/**
 * A search by title as typed: NFC, control characters (a NUL included) as spaces, halves of a surrogate pair as the
 * replacement character, trimmed and cut to the maximum without splitting a character.
 */
export function titleSearchOf(text: string): string {
  const cleaned = text
    .normalize('NFC')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\p{Cs}/gu, '\uFFFD')
    .trim();
  return Array.from(cleaned).slice(0, MAX_TITLE_SEARCH_LENGTH).join('').trim();
}

/**
 * A calendar day as a date input sends it (2026-03-01) or as typed in German (1.3.2026), as the database takes it
 * (2026-03-01); null for anything else (31.02.2026, a year before 1900 or after 9999).
 */
export function isoDayOf(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const parts = iso !== null ? [iso[1], iso[2], iso[3]] : german !== null ? [german[3], german[2], german[1]] : null;
  if (parts === null) return null;
  const [year, month, day] = parts.map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    ? `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
    : null;
}

export const MAX_KEYWORD_LENGTH = 60;
export const MAX_KEYWORD_EXPLANATION_LENGTH = 500;

/** A keyword of the broker's vocabulary: the same rule as the CRM's metadata (no comma, no control character). */
export function keywordRefusalOf(keyword: string): { code: ErrorCode; params?: { max: number } } | null {
  if (keyword === '') return { code: 'KEYWORD_EMPTY' };
  if (Array.from(keyword).length > MAX_KEYWORD_LENGTH) {
    return { code: 'KEYWORD_TOO_LONG', params: { max: MAX_KEYWORD_LENGTH } };
  }
  if (/[\p{Cc}\p{Cs},]/u.test(keyword)) return { code: 'KEYWORD_CHARACTERS_INVALID' };
  return null;
}

/** The explanation shown with an important keyword's document: line breaks allowed, other control characters not. */
export function explanationRefusalOf(explanation: string): { code: ErrorCode; params?: { max: number } } | null {
  if (Array.from(explanation).length > MAX_KEYWORD_EXPLANATION_LENGTH) {
    return { code: 'KEYWORD_EXPLANATION_TOO_LONG', params: { max: MAX_KEYWORD_EXPLANATION_LENGTH } };
  }
  // Tab and line breaks are text; every other control character (a NUL included) is not.
  if (/[\p{Cs}]/u.test(explanation) || /[^\P{Cc}\t\n\r]/u.test(explanation)) {
    return { code: 'KEYWORD_EXPLANATION_INVALID' };
  }
  return null;
}

/** The date range of a document list as typed, checked as a whole: the days as the database takes them, or problems. */
export function dayRangeOf(input: { from: string; until: string }): {
  fromDay: string | null;
  untilDay: string | null;
  problems: FieldProblem<'von' | 'bis'>[];
} {
  const fromText = input.from.trim();
  const untilText = input.until.trim();
  const fromDay = fromText === '' ? null : isoDayOf(fromText);
  const untilDay = untilText === '' ? null : isoDayOf(untilText);
  const problems: FieldProblem<'von' | 'bis'>[] = [];
  if (fromText !== '' && fromDay === null) problems.push(fieldProblem('von', 'DAY_FILTER_INVALID'));
  if (untilText !== '' && untilDay === null) problems.push(fieldProblem('bis', 'DAY_FILTER_INVALID'));
  if (fromDay !== null && untilDay !== null && untilDay < fromDay) {
    problems.push(fieldProblem('bis', 'DAY_RANGE_REVERSED'));
  }
  return { fromDay, untilDay, problems };
}
