import type { AppliedProfile } from '../grants/grant-service.js';
import { AppError, type ErrorCode } from '../../shared/errors.js';
import type { RequestOrigin } from '../audit/audit-service.js';
import { parseEmailAddress, type EmailAddress } from '../identities/email-address.js';
import { parsePersonName } from '../identities/identity.js';
import { isMembershipRole, type MembershipRole } from '../memberships/membership.js';

export type GrantKind = 'customer' | 'intermediary';

/**
 * One invitation as every entry point hands it over (CLI, workspace form, API, CSV row, delegation). The grant is an
 * existing one of the tenant by id, or one found or created by name; a policyholder or intermediary without one gets a
 * grant named after them, staff get none.
 */
export interface InvitationRequest {
  email: unknown;
  name: unknown;
  role: MembershipRole;
  language?: 'de' | 'en';
  grant?: { id: unknown } | { name?: unknown; customerNumbers?: unknown[] };
}

export interface InvitationOptions {
  /** Who opened the access; the command line when not given. */
  origin?: RequestOrigin;
  /**
   * 'skip' leaves a person who is in that grant of this tenant already as they are ('already_invited': no new link, the
   * first keeps working), so a file imported again after a crash invites once. Customer numbers new to the grant are
   * still added.
   */
  whenInGrant?: 'invite' | 'skip';
}

interface InvitedPerson {
  index: number;
  identityId: string;
  email: string;
  grantId: string | null;
  grantName: string | null;
}

/** What one request of a list came to, at its index. */
export type InvitationResult =
  /**
   * New to this tenant, or still waiting for its invitation: a set-password link, or for a person with a password from
   * elsewhere access at once and an informational mail, went to the outbox (not again within the cooldown).
   */
  | (InvitedPerson & { state: 'invited'; expiresAt: Date })
  /** Accepted this tenant's access already (logged in here, or set the password through its link): nothing is sent. */
  | (InvitedPerson & { state: 'active' })
  /** Only with whenInGrant 'skip': the person was in that grant of this tenant already, so nothing was sent. */
  | (InvitedPerson & { state: 'already_invited'; grantId: string; grantName: string })
  | { index: number; state: 'failed'; error: { code: ErrorCode; message: string } };

/** The single invitation's input: a list of one for the command line, the workspace form and tests. */
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
  /** A profile whose options the person's grant takes, in the same transaction; staff have no grant and ignore it. */
  profile?: AppliedProfile;
}

export type InviteOutcome = Exclude<InvitationResult, { state: 'failed' } | { state: 'already_invited' }>;

/** What inviting once may also come to: the person was in that grant of this tenant already, so nothing was sent. */
export type InviteOnceOutcome = Exclude<InvitationResult, { state: 'failed' }>;

/** A request whose own fields are valid; whether its grant exists and fits is decided against the database. */
export interface CheckedRequest {
  index: number;
  email: EmailAddress;
  name: string;
  role: MembershipRole;
  language: 'de' | 'en' | undefined;
  grant: { id: string } | { name: string; customerNumbers: string[] } | null;
}

const CUSTOMER_NUMBER = /^[\p{L}\p{N}][\p{L}\p{N} ._/-]{0,39}$/u;
const GRANT_NAME_MAX = 120;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  if (name.length === 0 || Array.from(name).length > GRANT_NAME_MAX || /[\p{Cc}\p{Cf}]/u.test(name)) {
    throw new AppError(
      'GRANT_NAME_INVALID',
      `Invalid grant name: 1–${GRANT_NAME_MAX} characters, no control characters`,
    );
  }
  return name;
}

/** The kind of grant a role may be given; staff are given none. */
export function grantKindOf(role: MembershipRole): GrantKind | null {
  return role === 'intermediary' ? 'intermediary' : role === 'policyholder' ? 'customer' : null;
}

export function grantKindMismatch(kind: GrantKind): AppError {
  return new AppError(
    'GRANT_KIND_MISMATCH',
    `A ${kind} grant is for ${kind === 'customer' ? 'policyholders' : 'intermediaries'}`,
  );
}

/** Checks a request's own fields, in the order a person fills them in; throws the code of the first bad one. */
export function checkInvitationRequest(request: InvitationRequest, index: number): CheckedRequest {
  const email = parseEmailAddress(request.email);
  if (email === null) {
    throw new AppError('EMAIL_INVALID', `Invalid e-mail address "${String(request.email).slice(0, 100)}"`);
  }
  const name = parsePersonName(request.name);
  if (name === null) {
    throw new AppError('NAME_INVALID', 'Invalid name: 1–120 characters, no control characters');
  }
  if (!isMembershipRole(request.role)) {
    throw new AppError('KIND_INVALID', 'Invalid kind: policyholder, intermediary, staff_admin or staff_user');
  }
  const language = request.language === 'de' || request.language === 'en' ? request.language : undefined;
  const checked = { index, email, name, role: request.role, language };
  const spec = request.grant;
  if (grantKindOf(request.role) === null) {
    if (spec !== undefined) {
      throw new AppError('GRANT_KIND_MISMATCH', 'Staff are given no grant');
    }
    return { ...checked, grant: null };
  }
  if (spec !== undefined && 'id' in spec) {
    // A malformed id is answered like another tenant's: no such grant.
    if (typeof spec.id !== 'string' || !UUID.test(spec.id)) {
      throw new AppError('GRANT_NOT_FOUND', 'No such grant');
    }
    return { ...checked, grant: { id: spec.id.toLowerCase() } };
  }
  return {
    ...checked,
    grant: {
      name: parseGrantName(spec?.name ?? name),
      customerNumbers: parseCustomerNumbers(spec?.customerNumbers ?? []),
    },
  };
}
