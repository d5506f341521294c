export type GrantKind = 'customer' | 'intermediary';

export interface GrantView {
  id: string;
  name: string;
  kind: GrantKind;
  customerNumbers: string[];
}

export interface GrantOptions {
  includeClaims: boolean;
  includeReferenceAddresses: boolean;
  shareCases: boolean;
  shareContractsAutomatically: boolean;
  restrictedLinesOfBusiness: string[];
  documentProfile: string | null;
  responsibleStaffId: string | null;
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
