export type GrantKind = 'customer' | 'intermediary';

export interface GrantView {
  id: string;
  name: string;
  kind: GrantKind;
  customerNumbers: string[];
}

export interface GrantOptions {
  includeClaims: boolean;
  /** "Schadenmeldungen müssen freigegeben werden": a second person of the grant releases each claim. */
  claimsNeedRelease: boolean;
  /** "Schadenmeldung ohne Vertrag erlaubt": with claims included, a claim may be reported for a customer alone. */
  claimsWithoutContract: boolean;
  /**
   * "Nur Schadenmeldung": the grant's people see no contracts, documents or conversations; they report claims (without
   * a contract) for its customers and see the claims they reported themselves.
   */
  claimsOnly: boolean;
  includeReferenceAddresses: boolean;
  shareCases: boolean;
  shareContractsAutomatically: boolean;
  restrictedLinesOfBusiness: string[];
  documentProfile: string | null;
  responsibleStaffId: string | null;
  /**
   * "Datenschutzhinweis bei Kunden anlegen verpflichtend": an intermediary grant's people confirm, when they file
   * "Kunden anlegen", that the customer received the broker's privacy statement. The grant's own, not a profile's.
   */
  customerAddNeedsPrivacyNotice: boolean;
}

/** What a grant shares with its members (and a profile holds): its options apart from the Betreuer and its own. */
export type GrantSharing = Omit<GrantOptions, 'responsibleStaffId' | 'customerAddNeedsPrivacyNotice'>;

/** The sharing settings that are switched on or off, all off: where the form of a new grant or profile starts. */
export const SHARING_SWITCHED_OFF = {
  includeClaims: false,
  claimsNeedRelease: false,
  claimsWithoutContract: false,
  claimsOnly: false,
  includeReferenceAddresses: false,
  shareCases: false,
  shareContractsAutomatically: false,
} satisfies Partial<GrantSharing>;

/** The sharing settings of a profile, an offer or a stored row, and nothing else of it. */
export function sharingOf(source: GrantSharing): GrantSharing {
  return {
    includeClaims: source.includeClaims,
    claimsNeedRelease: source.claimsNeedRelease,
    claimsWithoutContract: source.claimsWithoutContract,
    claimsOnly: source.claimsOnly,
    includeReferenceAddresses: source.includeReferenceAddresses,
    shareCases: source.shareCases,
    shareContractsAutomatically: source.shareContractsAutomatically,
    restrictedLinesOfBusiness: source.restrictedLinesOfBusiness,
    documentProfile: source.documentProfile,
  };
}

/** What a grant created in a holder's own portal remembers. */
export interface DelegationOfGrant {
  profileId: string | null;
  delegatedByIdentityId: string | null;
  delegatedFromGrantId: string | null;
}

export interface GrantOrigin {
  profileName: string | null;
  delegatedByEmail: string | null;
  delegatedFromGrantName: string | null;
}
