import { sharingOf, type GrantKind, type GrantSharing } from '../grants/grant.js';

/** A grant the person holds whose profile lets its holders invite colleagues into grants of another profile. */
export interface DelegationOffer extends GrantSharing {
  grantId: string;
  grantName: string;
  kind: GrantKind;
  /** The delegated profile: its options go into the colleague's grant. */
  profileId: string;
  profileName: string;
  isSeparateGrantPerInvitee: boolean;
}

export interface DelegatedGrantRow {
  grantId: string;
  grantName: string;
  sourceGrantId: string;
  sourceGrantName: string;
  memberId: string | null;
  memberName: string | null;
  memberEmail: string | null;
  hasAcceptedAccess: boolean;
}

export type ColleagueState = 'invited' | 'active';

/** A person the current person invited, in the grant they were invited into. */
export interface Colleague {
  grantId: string;
  grantName: string;
  sourceGrantName: string;
  identityId: string;
  name: string;
  email: string;
  state: ColleagueState;
}

export interface DelegationOverview {
  offers: DelegationOffer[];
  colleagues: Colleague[];
  /** Whether there is anything to show or do: otherwise the pages are not found. */
  isDelegating: boolean;
}

/**
 * The grant a colleague is invited into: their own one ("<grant>/<e-mail>") when the delegated
 * profile asks for a grant per invitee, else one shared per holder grant and profile.
 */
export function delegatedGrantName(
  offer: Pick<DelegationOffer, 'grantName' | 'profileName' | 'isSeparateGrantPerInvitee'>,
  canonicalEmail: string,
): string {
  return `${offer.grantName}/${offer.isSeparateGrantPerInvitee ? canonicalEmail : offer.profileName}`;
}

/** The delegated profile's options, copied into a colleague's new grant. */
export function sharingOptionsOf(offer: DelegationOffer): GrantSharing {
  return sharingOf(offer);
}

export function toColleagues(rows: DelegatedGrantRow[]): Colleague[] {
  return rows.flatMap((row) =>
    row.memberId === null
      ? []
      : [
          {
            grantId: row.grantId,
            grantName: row.grantName,
            sourceGrantName: row.sourceGrantName,
            identityId: row.memberId,
            name: row.memberName ?? '',
            email: row.memberEmail ?? '',
            state: row.hasAcceptedAccess ? ('active' as const) : ('invited' as const),
          },
        ],
  );
}
