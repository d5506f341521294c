export interface Tenant {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly primaryColor: string;
  readonly invitationLifetimeDays: number;
  readonly defaultLanguage: 'de' | 'en';
  /** The From display name of the broker's mails when it differs from the broker's name. */
  readonly senderName: string | null;
  readonly replyTo: string | null;
  /** Changes with every new logo (for the logo's address); null without a logo. */
  readonly logoVersion: number | null;
  readonly sessionIdleMinutes: number;
  readonly sessionAbsoluteHours: number;
  readonly requireStaffSecondFactor: boolean;
  /** How customers reach the broker; every part may be unset. */
  readonly contact: TenantContact;
}

/** The broker's contact details and legal pages, shown in the portal and in mails; null where unset. */
export interface TenantContact {
  readonly imprintUrl: string | null;
  readonly privacyUrl: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly officeHours: string | null;
  /** Lines separated by "\n". */
  readonly postalAddress: string | null;
}

/** Ranges the database enforces too; beyond 30 minutes idle or 12 hours a session outlives NIST's AAL2 limits. */
export const SESSION_IDLE_MINUTES_RANGE = { min: 5, max: 120 } as const;
export const SESSION_ABSOLUTE_HOURS_RANGE = { min: 1, max: 24 } as const;

export const DEFAULT_PRIMARY_COLOR = '#1f4e79';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
const HOST_NAME = /^(?=.{1,253}$)(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)*(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function isValidSlug(value: string): boolean {
  return SLUG.test(value);
}

/**
 * A host as it appears in the Host header: lower-case name and an optional port. The default port
 * of the scheme is dropped, as browsers drop it.
 */
export function normalizeHost(value: string, defaultPort: string): string | null {
  const match = /^([^:]+)(?::(\d{1,5}))?$/.exec(value.trim().toLowerCase());
  if (match === null) {
    return null;
  }
  const name = match[1] ?? '';
  const port = match[2];
  if (!HOST_NAME.test(name) || (port !== undefined && Number(port) > 65535)) {
    return null;
  }
  return port === undefined || port === defaultPort ? name : `${name}:${port}`;
}

export function defaultPortOf(url: URL): string {
  return url.protocol === 'https:' ? '443' : '80';
}
