/**
 * Every check of the password policy that needs no word list, and the checklist the pages show.
 *
 * Shared by the server (password-policy.ts adds the common-password list) and the browser (the
 * set-password page loads this file as an ES module), so the live checklist and the server's answer
 * come from the same code. Only relative imports of modules that are themselves served to the
 * browser are allowed here (see asset-routes.ts).
 */
import {
  checkPasswordRules,
  countCodePoints,
  normalizePassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_RULE_CODES,
  type PasswordRuleCode,
} from './password-rules.js';

export type PasswordProblemCode =
  | PasswordRuleCode
  | 'PASSWORD_TOO_LONG'
  | 'PASSWORD_HAS_CONTROL_CHARACTER'
  | 'PASSWORD_TOO_COMMON'
  | 'PASSWORD_CONTAINS_PERSONAL_DATA'
  | 'PASSWORD_CONTAINS_BROKER_NAME';

/** Every problem code, in the order the checks report them. */
export const PASSWORD_PROBLEM_CODES: readonly PasswordProblemCode[] = Object.freeze([
  ...PASSWORD_RULE_CODES,
  'PASSWORD_TOO_LONG',
  'PASSWORD_HAS_CONTROL_CHARACTER',
  'PASSWORD_TOO_COMMON',
  'PASSWORD_CONTAINS_PERSONAL_DATA',
  'PASSWORD_CONTAINS_BROKER_NAME',
] as const);

export interface PasswordContext {
  email?: string;
  name?: string;
  tenantName?: string;
}

/** The checklist lines, each named by the first problem code it covers. */
export type PasswordChecklistCode = Exclude<PasswordProblemCode, 'PASSWORD_TOO_LONG' | 'PASSWORD_CONTAINS_BROKER_NAME'>;

/** One line of the checklist: met when none of its codes is a problem. */
export interface PasswordChecklistItem {
  readonly code: PasswordChecklistCode;
  readonly codes: readonly PasswordProblemCode[];
  /** Checked only on the server, which holds the list of common passwords; the browser shows it as pending. */
  readonly isCheckedOnServerOnly: boolean;
}

/**
 * The checklist covers every problem code; a test fails when the server gains a check the
 * checklist does not show.
 */
export const PASSWORD_CHECKLIST: readonly PasswordChecklistItem[] = Object.freeze([
  { code: 'PASSWORD_TOO_SHORT', codes: ['PASSWORD_TOO_SHORT', 'PASSWORD_TOO_LONG'], isCheckedOnServerOnly: false },
  { code: 'PASSWORD_NEEDS_SPECIAL', codes: ['PASSWORD_NEEDS_SPECIAL'], isCheckedOnServerOnly: false },
  { code: 'PASSWORD_NEEDS_DIGIT', codes: ['PASSWORD_NEEDS_DIGIT'], isCheckedOnServerOnly: false },
  { code: 'PASSWORD_NEEDS_UPPERCASE', codes: ['PASSWORD_NEEDS_UPPERCASE'], isCheckedOnServerOnly: false },
  { code: 'PASSWORD_TOO_COMMON', codes: ['PASSWORD_TOO_COMMON'], isCheckedOnServerOnly: true },
  {
    code: 'PASSWORD_CONTAINS_PERSONAL_DATA',
    codes: ['PASSWORD_CONTAINS_PERSONAL_DATA', 'PASSWORD_CONTAINS_BROKER_NAME'],
    isCheckedOnServerOnly: false,
  },
  { code: 'PASSWORD_HAS_CONTROL_CHARACTER', codes: ['PASSWORD_HAS_CONTROL_CHARACTER'], isCheckedOnServerOnly: false },
]);

export type ChecklistState = 'met' | 'unmet' | 'pending';

/** The state of each checklist line for a list of problems; `pending` for server-only lines when asked. */
export function checklistStates(
  problems: readonly PasswordProblemCode[],
  options: { isServerChecked: boolean },
): Map<PasswordChecklistCode, ChecklistState> {
  return new Map(
    PASSWORD_CHECKLIST.map((item) => {
      if (item.isCheckedOnServerOnly && !options.isServerChecked) return [item.code, 'pending'];
      return [item.code, item.codes.some((code) => problems.includes(code)) ? 'unmet' : 'met'];
    }),
  );
}

/**
 * Raw inputs longer than this many UTF-16 units are refused before any other work, even
 * normalisation, so a megabyte-sized field costs nothing. 128 code points need at most 256
 * units; the slack is for decomposed (NFD) input that NFC shortens.
 */
export const PASSWORD_MAX_INPUT_UNITS = 1024;

const CONTROL_CHARACTER = /\p{Cc}/u;
const OTHER_CAPITAL = /[^\P{Lu}A-Z]/u;

/**
 * Every problem except a common password, which `isCommon` decides where the list is at hand (on
 * the server). Skips the guessability checks for passwords over the length cap, which bounds their
 * (at most quadratic, n ≤ 128) work.
 */
export function findPasswordProblems(
  password: string,
  context: PasswordContext,
  isCommon: (folded: string) => boolean = () => false,
): PasswordProblemCode[] {
  if (password.length > PASSWORD_MAX_INPUT_UNITS) return ['PASSWORD_TOO_LONG'];
  const text = normalizePassword(password);
  const problems: PasswordProblemCode[] = checkPasswordRules(text)
    .filter((rule) => !rule.isMet)
    .map((rule) => rule.code);
  const isTooLong = countCodePoints(text) > PASSWORD_MAX_LENGTH;
  if (isTooLong) problems.push('PASSWORD_TOO_LONG');
  if (CONTROL_CHARACTER.test(text)) problems.push('PASSWORD_HAS_CONTROL_CHARACTER');
  if (isTooLong) return problems;
  const folded = foldForComparison(text);
  if (isCommon(folded)) problems.push('PASSWORD_TOO_COMMON');
  if (containsAny(folded, personalTokens(context))) problems.push('PASSWORD_CONTAINS_PERSONAL_DATA');
  if (containsAny(folded, brokerTokens(context.tenantName))) problems.push('PASSWORD_CONTAINS_BROKER_NAME');
  return problems;
}

/**
 * The first capital letter outside 'A'–'Z' ("Ä", "É"), or null: the checklist explains that it does
 * not count when no 'A'–'Z' is there.
 */
export function findCapitalOutsideAscii(password: string): string | null {
  return OTHER_CAPITAL.exec(normalizePassword(password))?.[0] ?? null;
}

// --- comparison helpers, also used by the common-password check -----------------------------

export const LEET: ReadonlyMap<string, string> = new Map([
  ['0', 'o'],
  ['1', 'i'],
  ['3', 'e'],
  ['4', 'a'],
  ['5', 's'],
  ['7', 't'],
  ['@', 'a'],
  ['$', 's'],
]);

/** Lowercase, umlauts folded to their German spelling, other accents dropped ("é" → "e"). */
export function foldForComparison(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/ä/gu, 'ae')
    .replace(/ö/gu, 'oe')
    .replace(/ü/gu, 'ue')
    .replace(/ß/gu, 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .normalize('NFC');
}

export function decodeLeet(text: string): string {
  return text.replace(/[013457@$]/gu, (character) => LEET.get(character) ?? character);
}

// --- context words -----------------------------------------------------------------------

// Titles and salutations are not part of what identifies a person.
const NAME_NOISE = new Set(['herr', 'frau', 'prof', 'dipl']);
// Legal forms and fillers say nothing about which broker this is. Industry words such as
// "versicherungsmakler" or "finanz" are deliberately kept: on this portal they are as easy to
// guess as the firm's own name (and "makler", "versicherung" are common base words anyway).
const TENANT_NOISE = new Set([
  'gmbh',
  'kgaa',
  'partg',
  'partgmbb',
  'partner',
  'partners',
  'partnerschaft',
  'gesellschaft',
  'haftungsbeschraenkt',
  'limited',
  'corp',
  'holding',
  'group',
  'gruppe',
  'fuer',
  'with',
  'from',
]);
const NAME_PART_MIN = 4;
const LOCAL_PART_MIN = 3;

/** The e-mail local part (≥ 3) and its [._+-] parts (≥ 4), name parts (≥ 4), all folded. */
function personalTokens(context: PasswordContext): string[] {
  const tokens: string[] = [];
  if (context.email !== undefined) {
    const email = foldForComparison(context.email);
    const at = email.lastIndexOf('@');
    const local = at === -1 ? email : email.slice(0, at);
    if (countCodePoints(local) >= LOCAL_PART_MIN) tokens.push(local, local.replace(/[._+-]+/gu, ''));
    tokens.push(...local.split(/[._+-]+/u).filter((part) => countCodePoints(part) >= NAME_PART_MIN));
  }
  if (context.name !== undefined) tokens.push(...significantWords(context.name, NAME_NOISE));
  return tokens.filter((token) => token !== '');
}

function brokerTokens(tenantName: string | undefined): string[] {
  return tenantName === undefined ? [] : significantWords(tenantName, TENANT_NOISE);
}

// Splits on every non-alphanumeric (not only whitespace and hyphens) so "Dr." or "O'Brien"
// yield "dr" and "brien" rather than tokens with punctuation that never match.
function significantWords(text: string, noise: ReadonlySet<string>): string[] {
  return foldForComparison(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => countCodePoints(word) >= NAME_PART_MIN && !noise.has(word));
}

/** Compares as typed, leet-decoded, and with separators removed ("Max.Mustermann"). */
function containsAny(folded: string, tokens: readonly string[]): boolean {
  if (tokens.length === 0) return false;
  const compact = folded.replace(/[^\p{L}\p{N}]+/gu, '');
  const haystacks = [folded, decodeLeet(folded), compact, decodeLeet(compact)];
  return tokens.some((token) => {
    const needles = [token, decodeLeet(token)];
    return haystacks.some((haystack) => needles.some((needle) => haystack.includes(needle)));
  });
}
