import { AppError } from '../../shared/errors.js';
import type { RequestOrigin } from '../audit/audit-service.js';
import type { MembershipRole } from '../memberships/membership.js';

export interface InviteInput {
  tenantId: string;
  email: unknown;
  name: unknown;
  role: MembershipRole;
  grantName?: unknown;
  customerNumbers?: unknown[];
  language?: 'de' | 'en';
  /** Who opened the access; the command line when not given. */
  origin?: RequestOrigin;
}

export type InviteOutcome =
  /** No password yet: a set-password link went to the outbox. */
  | { state: 'invited'; identityId: string; email: string; grantName: string | null; expiresAt: Date }
  /** Has a password: access at once and an informational mail (only when the membership is new). */
  | { state: 'active'; identityId: string; email: string; grantName: string | null; isNewMembership: boolean };

/** What inviting once may also come to: the person was in that grant of this tenant already, so nothing was sent. */
export type InviteOnceOutcome = InviteOutcome | { state: 'already_invited'; identityId: string; email: string; grantName: string };

const CUSTOMER_NUMBER = /^[\p{L}\p{N}][\p{L}\p{N} ._/-]{0,39}$/u;
const GRANT_NAME_MAX = 120;

export function parseCustomerNumbers(values: unknown[]): string[] {
  const numbers = values.map((value) => {
    const text = typeof value === 'string' ? value.normalize('NFC').trim() : '';
    if (!CUSTOMER_NUMBER.test(text)) {
      throw new AppError('CUSTOMER_NUMBER_INVALID', `Invalid customer number "${String(value).slice(0, 50)}": 1–40 letters, digits, spaces, . _ / -`);
    }
    return text;
  });
  return [...new Set(numbers)];
}

export function parseGrantName(value: unknown): string {
  const name = typeof value === 'string' ? value.normalize('NFC').trim().replace(/\s+/gu, ' ') : '';
  if (name.length === 0 || [...name].length > GRANT_NAME_MAX || /[\p{Cc}\p{Cf}]/u.test(name)) {
    throw new AppError('GRANT_NAME_INVALID', `Invalid grant name: 1–${GRANT_NAME_MAX} characters, no control characters`);
  }
  return name;
}

export function grantKindOf(role: MembershipRole): 'customer' | 'intermediary' {
  return role === 'intermediary' ? 'intermediary' : 'customer';
}
