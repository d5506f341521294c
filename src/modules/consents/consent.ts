/**
 * Erstinformation and consent documents: what a tenant's people acknowledge or consent to before they use the portal.
 * Types and pure rules only.
 */

/** The Erstinformation (acknowledged: "erhalten") or a named document people consent to. */
export type ConsentDocumentKind = 'information' | 'consent';

/** What a person's record says: received (the Erstinformation) or agreed (a consent document). */
export type ConsentKind = 'acknowledged' | 'consented';

/** The Erstinformation's fixed title, as the pages and the API name it. */
export const INFORMATION_TITLE = 'Erstinformation';

/** An uploaded version may be this large; a PDF of status information or a contract is far smaller. */
export const MAX_CONSENT_FILE_BYTES = 10 * 1024 * 1024;

/** At most this many consent documents per tenant besides the Erstinformation. */
export const MAX_CONSENT_DOCUMENTS = 20;

export const MAX_CONSENT_TITLE_LENGTH = 120;

export interface ConsentVersionView {
  id: string;
  documentId: string;
  version: number;
  fileName: string;
  size: number;
  uploadedAt: Date;
  uploadedByIdentityId: string | null;
}

export interface ConsentDocumentView {
  id: string;
  kind: ConsentDocumentKind;
  title: string;
  /** Whether people are asked: always for the Erstinformation (once it has a version), else as the broker marked it. */
  isAsked: boolean;
  isConsentRequired: boolean;
  current: ConsentVersionView | null;
  /** Every version, newest first. */
  versions: ConsentVersionView[];
}

/** One version a person still has to acknowledge or consent to. */
export interface PendingConsent {
  documentId: string;
  kind: ConsentDocumentKind;
  title: string;
  versionId: string;
  version: number;
}

export interface ConsentRecord {
  id: string;
  identityId: string;
  documentId: string;
  documentKind: ConsentDocumentKind;
  title: string;
  versionId: string;
  version: number;
  kind: ConsentKind;
  givenAt: Date;
  clientAddress: string;
}

export function consentKindOf(kind: ConsentDocumentKind): ConsentKind {
  return kind === 'information' ? 'acknowledged' : 'consented';
}

/** A consent document's title as typed, trimmed; null when empty, too long or with control characters. */
export function consentTitleOf(input: string): string | null {
  const title = input.trim().normalize('NFC');
  if (title === '' || Array.from(title).length > MAX_CONSENT_TITLE_LENGTH || /[\p{Cc}\u2028\u2029]/u.test(title)) {
    return null;
  }
  return title;
}

/**
 * Which of the pending versions the form leaves unanswered: each must be ticked. Ticks of versions no longer pending
 * (answered already, or replaced by a newer version meanwhile) are ignored; the newer version is then unanswered.
 */
export function unansweredOf(
  pending: readonly PendingConsent[],
  confirmedVersionIds: readonly string[],
): PendingConsent[] {
  const confirmed = new Set(confirmedVersionIds);
  return pending.filter((item) => !confirmed.has(item.versionId));
}
