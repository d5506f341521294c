import { randomInt } from 'node:crypto';
import { required } from '../../shared/required.js';

export const RECOVERY_CODE_COUNT = 10;
/** Crockford-like base32 without the look-alikes 0/o and 1/l/i, lower-case to read and type. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 6;
const GROUP_LENGTH = 4;

/** 24 characters of a 31-letter alphabet: about 119 random bits, so a plain SHA-256 suffices for storage. */
export function generateRecoveryCode(): string {
  const groups: string[] = [];
  for (let group = 0; group < GROUPS; group += 1) {
    let text = '';
    for (let index = 0; index < GROUP_LENGTH; index += 1) {
      text += ALPHABET.charAt(randomInt(ALPHABET.length));
    }
    groups.push(text);
  }
  return groups.join('-');
}

/** The typed code without spaces and hyphens, lower-cased; null when it cannot be a recovery code. */
export function normalizeRecoveryCode(input: string): string | null {
  if (input.length > 100) {
    return null;
  }
  const compact = input.replace(/[\s-]/g, '').toLowerCase();
  return compact.length === GROUPS * GROUP_LENGTH &&
    Array.from(compact).every((character) => ALPHABET.includes(character))
    ? compact
    : null;
}

export function formatRecoveryCode(normalized: string): string {
  return required(normalized.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g'))).join('-');
}
