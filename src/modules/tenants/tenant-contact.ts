import { fieldProblem, type FieldProblem } from '../../shared/errors.js';
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

/** A problem of one field of the contact form, with its code from the error registry. */
export type ContactProblem = FieldProblem<keyof TenantContactInput>;

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
    problems.push(fieldProblem(field, 'CONTACT_URL_TOO_LONG', { max: CONTACT_LIMITS.url }));
    return null;
  }
  let url: URL | null;
  try {
    url = /\s/.test(typed) || UNSAFE.test(typed) ? null : new URL(typed);
  } catch {
    url = null;
  }
  if (url === null || url.username !== '' || url.password !== '' || url.hostname === '') {
    problems.push(fieldProblem(field, 'CONTACT_URL_INVALID'));
    return null;
  }
  if (url.protocol !== 'https:') {
    problems.push(fieldProblem(field, 'CONTACT_URL_NOT_HTTPS'));
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
    problems.push(fieldProblem('contactPhone', 'CONTACT_PHONE_INVALID', { max: CONTACT_LIMITS.phone }));
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
    problems.push(fieldProblem('officeHours', 'CONTACT_OFFICE_HOURS_INVALID', { max: CONTACT_LIMITS.officeHours }));
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
  if (
    lines.length > CONTACT_LIMITS.addressLines ||
    lines.some((line) => line.length > CONTACT_LIMITS.addressLine || UNSAFE.test(line))
  ) {
    problems.push(
      fieldProblem('postalAddress', 'CONTACT_ADDRESS_INVALID', {
        lines: CONTACT_LIMITS.addressLines,
        max: CONTACT_LIMITS.addressLine,
      }),
    );
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
    problems.push(fieldProblem('contactEmail', 'CONTACT_EMAIL_INVALID'));
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
