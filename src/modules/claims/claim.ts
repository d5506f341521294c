/** The questions a claim asks beyond the common ones, chosen from the contract's Sparte. */
export const CLAIM_ROUTES = ['HPV', 'KFZ', 'SACH', 'TECH', 'TRANS', 'DEFAULT'] as const;
export type ClaimRoute = (typeof CLAIM_ROUTES)[number];

/**
 * draft → (awaiting_release, when the grant asks a second person to release it) → submitted (gemeldet) →
 * in_progress (in Bearbeitung) → settled / refused / closed.
 */
export const CLAIM_STATUSES = [
  'draft',
  'awaiting_release',
  'submitted',
  'in_progress',
  'settled',
  'refused',
  'closed',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** The statuses staff may set, from each status; a claim awaiting release is the customer's to release or return. */
export const NEXT_STATUSES: Readonly<Record<ClaimStatus, readonly ClaimStatus[]>> = {
  draft: [],
  awaiting_release: [],
  submitted: ['in_progress', 'refused', 'closed'],
  in_progress: ['settled', 'refused', 'closed'],
  settled: ['closed'],
  refused: ['closed'],
  closed: [],
};

/** The form's steps: 1 the loss, 2 circumstances, 3 the route's questions, 4 payout account, 5 message and submit. */
export const CLAIM_STEPS = [1, 2, 3, 4, 5] as const;
export type ClaimStep = (typeof CLAIM_STEPS)[number];
/** A draft can be submitted once the steps up to here are saved. */
export const LAST_REQUIRED_STEP = 4;

export function isClaimStep(value: number): value is ClaimStep {
  return (CLAIM_STEPS as readonly number[]).includes(value);
}

export interface LossAnswers {
  date: string;
  time: string;
  place: string;
  description: string;
  estimatedAmountCents: number | null;
}

export interface CircumstanceAnswers {
  policeInvolved: boolean;
  policeFileNumber: string | null;
  otherParties: string | null;
  witnesses: string | null;
}

export interface MotorAnswers {
  plate: string;
  driver: string;
  otherVehicle: string | null;
  otherInsurer: string | null;
  ownDamage: string | null;
  towed: boolean;
}

export interface LiabilityAnswers {
  injuredParty: string;
  relation: string;
  damagedWhat: string;
}

export interface DamagedItem {
  description: string;
  ageYears: number | null;
  valueCents: number | null;
}

export interface PropertyAnswers {
  items: DamagedItem[];
}

export type RouteAnswers = MotorAnswers | LiabilityAnswers | PropertyAnswers | Record<string, never>;

export interface PayoutAnswers {
  iban: string;
  accountHolder: string;
}

/** Every answer saved so far; a step not yet saved is missing. */
export interface ClaimAnswers {
  loss?: LossAnswers;
  circumstances?: CircumstanceAnswers;
  details?: RouteAnswers;
  payout?: PayoutAnswers;
  message?: string | null;
}

export interface ClaimView {
  id: string;
  customerId: string;
  contractId: string | null;
  reporterIdentityId: string | null;
  grantId: string | null;
  route: ClaimRoute;
  status: ClaimStatus;
  step: number;
  answers: ClaimAnswers;
  insurerClaimNumber: string | null;
  brokerClaimNumber: string | null;
  submittedAt: Date | null;
  releaseRequestedAt: Date | null;
  releasedByIdentityId: string | null;
  /** Why a person with the release right sent the claim back; shown on the draft. */
  returnComment: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The statuses of a claim the CRM reads, filters and pushes: every reported one. */
export const REPORTED_STATUSES = ['submitted', 'in_progress', 'settled', 'refused', 'closed'] as const;
export type ReportedStatus = (typeof REPORTED_STATUSES)[number];

/** Claim numbers, a note to the customer and a search are plain text of at most these lengths. */
export const MAX_CLAIM_NUMBER_LENGTH = 60;
export const MAX_CLAIM_NOTE_LENGTH = 2000;

/** Who wrote a history entry: staff, the CRM, or the person who reported or released the claim in the portal. */
export type ClaimHistorySource = 'staff' | 'crm' | 'portal';

/** One status change or note to the customer. */
export interface ClaimHistoryEntry {
  id: string;
  status: ClaimStatus;
  previousStatus: ClaimStatus | null;
  note: string | null;
  source: ClaimHistorySource;
  actorIdentityId: string | null;
  createdAt: Date;
}

/** What the workspace's list and the CRM show of a claim beyond its own row: its customer and contract. */
export interface ClaimWithPortfolio extends ClaimView {
  assignedIdentityId: string | null;
  externalId: string | null;
  customerNumber: string;
  customerName: string;
  contract: { insurerNumber: string; sparte: string; policyNumber: string; productName: string | null } | null;
}

/** The workspace list's filter: "assigned" is a staff member's id, or nobody. */
export interface StaffClaimFilter {
  status?: ClaimStatus;
  route?: ClaimRoute;
  assigned?: { identityId: string } | 'nobody';
  search?: string;
}

/** A change of staff or CRM; fields left out stay as they are. */
export interface ClaimChange {
  status?: ClaimStatus;
  note?: string;
  insurerClaimNumber?: string | null;
  brokerClaimNumber?: string | null;
}
/** Drafts untouched this long are reminded to their reporter once. */
export const DRAFT_REMINDER_DAYS = 30;
/** Reminded drafts untouched this long after the reminder are deleted with their answers. */
export const DRAFT_DELETION_DAYS_AFTER_REMINDER = 14;
/** The longest comment a person with the release right may send back. */
export const MAX_RETURN_COMMENT_LENGTH = 2000;
