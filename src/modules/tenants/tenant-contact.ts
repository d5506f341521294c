import { personText, type PersonText } from '../../shared/i18n/translator.js';
import { parseEmailAddress } from '../identities/email-address.js';
import type { TenantContact } from './tenant.js';

/** The contact form as typed: every field optional, an empty one clears the value. */
export interface TenantContactInput {
  imprintUrl: string;
  privacyUrl: string;
  contactPhone: string;
  contactEmail: string;
  officeHours: string;
  postalAddress: string;
}

export type ContactProblemCode =
  | 'URL_INVALID'
  | 'URL_NOT_HTTPS'
  | 'TOO_LONG'
  | 'PHONE_INVALID'
  | 'EMAIL_INVALID'
  | 'TEXT_INVALID'
  | 'ADDRESS_TOO_MANY_LINES';

export interface ContactProblem {
  field: keyof TenantContactInput;
  code: ContactProblemCode;
  message: PersonText;
}

export const CONTACT_LIMITS = {
  url: 500,
  phone: 40,
  officeHours: 160,
  addressLines: 5,
  addressLine: 80,
} as const;

export const EMPTY_CONTACT: TenantContact = {
  imprintUrl: null,
  privacyUrl: null,
  phone: null,
  email: null,
  officeHours: null,
  postalAddress: null,
};

// Controls, line separators and bidi overrides could fake extra lines or reorder text in mails and pages.
const UNSAFE = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
// Digits, spaces and the usual separators of German and international numbers: "+49 (0)221 123 45-6".
const PHONE = /^\+?[0-9 ()/.-]+$/;

function validateUrl(field: 'imprintUrl' | 'privacyUrl', value: string, problems: ContactProblem[]): string | null {
  const typed = value.trim();
  if (typed === '') {
    return null;
  }
  if (typed.length > CONTACT_LIMITS.url) {
    problems.push({
      field,
      code: 'TOO_LONG',
      message: personText('Die Adresse darf höchstens {max} Zeichen haben.', { max: CONTACT_LIMITS.url }),
    });
    return null;
  }
  let url: URL | null = null;
  try {
    url = /\s/.test(typed) || UNSAFE.test(typed) ? null : new URL(typed);
  } catch {
    url = null;
  }
  if (url === null || url.username !== '' || url.password !== '' || url.hostname === '') {
    problems.push({
      field,
      code: 'URL_INVALID',
      message: personText('Bitte geben Sie eine vollständige Adresse ein, z. B. https://www.ihr-makler.de/impressum.'),
    });
    return null;
  }
  if (url.protocol !== 'https:') {
    problems.push({
      field,
      code: 'URL_NOT_HTTPS',
      message: personText('Bitte geben Sie eine sichere Adresse an, die mit https:// beginnt.'),
    });
    return null;
  }
  return url.href;
}

function validatePhone(value: string, problems: ContactProblem[]): string | null {
  const phone = value.trim().replace(/ {2,}/g, ' ');
  if (phone === '') {
    return null;
  }
  const digits = phone.replace(/\D/g, '').length;
  if (phone.length > CONTACT_LIMITS.phone || !PHONE.test(phone) || digits < 4) {
    problems.push({
      field: 'contactPhone',
      code: 'PHONE_INVALID',
      message: personText(
        'Bitte geben Sie die Telefonnummer mit Ziffern ein, z. B. +49 221 123456 (erlaubt sind auch Leerzeichen, +, /, - und Klammern; höchstens {max} Zeichen).',
        { max: CONTACT_LIMITS.phone },
      ),
    });
    return null;
  }
  return phone;
}

function validateOfficeHours(value: string, problems: ContactProblem[]): string | null {
  const text = value.normalize('NFC').trim();
  if (text === '') {
    return null;
  }
  if (text.length > CONTACT_LIMITS.officeHours || UNSAFE.test(text)) {
    problems.push({
      field: 'officeHours',
      code: text.length > CONTACT_LIMITS.officeHours ? 'TOO_LONG' : 'TEXT_INVALID',
      message: personText('Die Bürozeiten passen in eine Zeile mit höchstens {max} Zeichen.', {
        max: CONTACT_LIMITS.officeHours,
      }),
    });
    return null;
  }
  return text;
}

function validatePostalAddress(value: string, problems: ContactProblem[]): string | null {
  const lines = value
    .normalize('NFC')
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length === 0) {
    return null;
  }
  const message = personText('Die Anschrift hat höchstens {lines} Zeilen mit je höchstens {max} Zeichen.', {
    lines: CONTACT_LIMITS.addressLines,
    max: CONTACT_LIMITS.addressLine,
  });
  if (lines.length > CONTACT_LIMITS.addressLines) {
    problems.push({ field: 'postalAddress', code: 'ADDRESS_TOO_MANY_LINES', message });
    return null;
  }
  if (lines.some((line) => line.length > CONTACT_LIMITS.addressLine || UNSAFE.test(line))) {
    problems.push({
      field: 'postalAddress',
      code: lines.some((line) => UNSAFE.test(line)) ? 'TEXT_INVALID' : 'TOO_LONG',
      message,
    });
    return null;
  }
  return lines.join('\n');
}

/** Checks the whole contact form and returns every problem at once, with the cleaned values. */
export function validateContact(input: TenantContactInput): { contact: TenantContact; problems: ContactProblem[] } {
  const problems: ContactProblem[] = [];
  const imprintUrl = validateUrl('imprintUrl', input.imprintUrl, problems);
  const privacyUrl = validateUrl('privacyUrl', input.privacyUrl, problems);
  const phone = validatePhone(input.contactPhone, problems);
  const emailText = input.contactEmail.trim();
  const email = emailText === '' ? null : parseEmailAddress(emailText);
  if (emailText !== '' && email === null) {
    problems.push({
      field: 'contactEmail',
      code: 'EMAIL_INVALID',
      message: personText('Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. service@ihr-makler.de.'),
    });
  }
  const officeHours = validateOfficeHours(input.officeHours, problems);
  const postalAddress = validatePostalAddress(input.postalAddress, problems);
  return {
    contact: { imprintUrl, privacyUrl, phone, email: email?.display ?? null, officeHours, postalAddress },
    problems,
  };
}

/** The form's fields as a tenant's stored contact shows them. */
export function contactFormOf(contact: TenantContact): TenantContactInput {
  return {
    imprintUrl: contact.imprintUrl ?? '',
    privacyUrl: contact.privacyUrl ?? '',
    contactPhone: contact.phone ?? '',
    contactEmail: contact.email ?? '',
    officeHours: contact.officeHours ?? '',
    postalAddress: contact.postalAddress ?? '',
  };
}

/** A `tel:` address: only the digits and a leading plus, as dialers expect; "+49 (0)221" dials without the 0. */
export function telephoneHref(phone: string): string {
  const international = phone.startsWith('+');
  const digits = (international ? phone.replace(/\(0\)/g, '') : phone).replace(/\D/g, '');
  return `tel:${international ? '+' : ''}${digits}`;
}
