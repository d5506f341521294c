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
  /**
   * New to this tenant, or still waiting for its invitation: a set-password link, or for a person with a password from
   * elsewhere access at once and an informational mail, went to the outbox (not again within the cooldown).
   */
  | { state: 'invited'; identityId: string; email: string; grantName: string | null; expiresAt: Date }
  /** Accepted this tenant's access already (logged in here, or set the password through its link): nothing is sent. */
  | { state: 'active'; identityId: string; email: string; grantName: string | null };

/** What inviting once may also come to: the person was in that grant of this tenant already, so nothing was sent. */
export type InviteOnceOutcome =
  InviteOutcome | { state: 'already_invited'; identityId: string; email: string; grantName: string };

const CUSTOMER_NUMBER = /^[\p{L}\p{N}][\p{L}\p{N} ._/-]{0,39}$/u;
const GRANT_NAME_MAX = 120;

export function parseCustomerNumbers(values: unknown[]): string[] {
  const numbers = values.map((value) => {
    const text = typeof value === 'string' ? value.normalize('NFC').trim() : '';
    if (!CUSTOMER_NUMBER.test(text)) {
      throw new AppError(
        'CUSTOMER_NUMBER_INVALID',
        `Invalid customer number "${String(value).slice(0, 50)}": 1–40 letters, digits, spaces, . _ / -`,
      );
    }
    return text;
  });
  return [...new Set(numbers)];
}

export function parseGrantName(value: unknown): string {
  const name = typeof value === 'string' ? value.normalize('NFC').trim().replace(/\s+/gu, ' ') : '';
  if (name.length === 0 || [...name].length > GRANT_NAME_MAX || /[\p{Cc}\p{Cf}]/u.test(name)) {
    throw new AppError(
      'GRANT_NAME_INVALID',
      `Invalid grant name: 1–${GRANT_NAME_MAX} characters, no control characters`,
    );
  }
  return name;
}

export function grantKindOf(role: MembershipRole): 'customer' | 'intermediary' {
  return role === 'intermediary' ? 'intermediary' : 'customer';
}
