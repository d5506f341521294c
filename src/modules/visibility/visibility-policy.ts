import { isAdmittedBy, keywordRuleOf, type KeywordRule } from '../grants/document-profiles.js';
import { isSparteCoveredBy, sparteCodesCoveredBy } from '../portfolio/sparten.js';

/** What the policy needs of one grant the person holds (active membership, in this tenant). */
export interface GrantForVisibility {
  id: string;
  kind: 'customer' | 'intermediary';
  /** A customer grant's customer numbers; an intermediary grant's intermediary account numbers. */
  numbers: readonly string[];
  shareContractsAutomatically: boolean;
  /** Sparten the grant is limited to (codes or names, as staff wrote them); empty: all. */
  restrictedLinesOfBusiness: readonly string[];
  includeReferenceAddresses: boolean;
  /** Contracts shared into this grant by hand. */
  sharedContractIds: readonly string[];
  /** The grant's document profile (one of DOCUMENT_PROFILES; null and unknown values mean "Standard"). */
  documentProfile: string | null;
  /** "Schäden einschließen": the grant's people see and report claims of the contracts it shows. */
  includeClaims: boolean;
  /** "Schadenmeldungen müssen freigegeben werden": claims reported through it wait for a second person's release. */
  claimsNeedRelease: boolean;
  /** The person's own right in this grant: "darf Schadenmeldungen freigeben". */
  mayReleaseClaims: boolean;
  /** "Vorgänge teilen": the grant's people see the conversations its other people started; absent means off. */
  shareCases?: boolean;
  /**
   * "Schadenmeldung ohne Vertrag erlaubt": with claims included, its people may report a claim for a customer it shows
   * without naming a contract; absent means off.
   */
  claimsWithoutContract?: boolean;
  /**
   * "Nur Schadenmeldung": the grant shows nothing of the portfolio (no customers, contracts, reference addresses,
   * documents or conversations); its people may report claims without a contract for its customers and see the claims
   * they reported themselves (and, with the release right, the ones waiting for their release). It implies "Schäden
   * einschließen" and "Schadenmeldung ohne Vertrag erlaubt"; absent means off.
   */
  claimsOnly?: boolean;
}

export interface CandidateCustomer {
  id: string;
  customerNumber: string;
  intermediaryAccounts: readonly string[];
  referenceAddresses: readonly unknown[];
}

export interface CandidateContract {
  id: string;
  customerId: string;
  sparte: string;
  /** The reference addresses of the contract's customer. */
  referenceAddresses: readonly unknown[];
}

export interface Visible<T> {
  item: T;
  /** The grants through which the person sees it. */
  grantIds: string[];
}

export interface VisibilityDecision<C, K> {
  customers: Visible<C>[];
  contracts: Visible<K>[];
  /** The customers "Nur Schadenmeldung" grants let the person report claims for; they see nothing of them. */
  claimsOnlyCustomers?: Visible<{ id: string }>[];
}

/** Whether the grant shows the portfolio at all: every grant but one with "Nur Schadenmeldung". */
export function showsPortfolio(grant: Pick<GrantForVisibility, 'claimsOnly'>): boolean {
  return grant.claimsOnly !== true;
}

function coversCustomer(grant: GrantForVisibility, customer: CandidateCustomer): boolean {
  return grant.kind === 'customer'
    ? grant.numbers.includes(customer.customerNumber)
    : customer.intermediaryAccounts.some((account) => grant.numbers.includes(account));
}

function isSparteAllowed(grant: GrantForVisibility, sparte: string): boolean {
  return (
    grant.restrictedLinesOfBusiness.length === 0 ||
    grant.restrictedLinesOfBusiness.some((entry) => isSparteCoveredBy(entry, sparte))
  );
}

/**
 * The Sparte codes a grant allows, for the statements that decide in the database (`visible-portfolio-repo.ts`):
 * exactly the codes `isSparteAllowed` accepts; null when the grant names none (all Sparten).
 */
export function sparteCodesAllowedBy(grant: Pick<GrantForVisibility, 'restrictedLinesOfBusiness'>): string[] | null {
  return sparteCodesCoveredBy(grant.restrictedLinesOfBusiness);
}

/**
 * Decides what one person sees from the grants they hold: the union over the grants of
 * - customers: a customer grant's customers, an intermediary grant's accounts' customers;
 * - contracts: with automatic sharing every contract of those customers, and in any case the
 *   contracts shared into the grant by hand (of any customer), both limited to the grant's Sparten
 *   when it names some;
 * - reference addresses: only on customers and contracts seen through a grant that allows them.
 * A grant with "Nur Schadenmeldung" shows none of them; the customers it covers are only listed for claims
 * (`claimsOnlyCustomers`). Candidates not covered by any grant are left out, so callers may pass a generous
 * pre-selection.
 */
export function decideVisibility<C extends CandidateCustomer, K extends CandidateContract>(
  held: readonly GrantForVisibility[],
  customers: readonly C[],
  contracts: readonly K[],
): VisibilityDecision<C, K> {
  const customersById = new Map(customers.map((customer) => [customer.id, customer]));
  const visibleCustomers: Visible<C>[] = [];
  const claimsOnlyCustomers: Visible<{ id: string }>[] = [];
  for (const grant of held.filter((one) => !showsPortfolio(one))) {
    for (const customer of customers) {
      if (!coversCustomer(grant, customer)) continue;
      const known = claimsOnlyCustomers.find((visible) => visible.item.id === customer.id);
      if (known === undefined) claimsOnlyCustomers.push({ item: { id: customer.id }, grantIds: [grant.id] });
      else known.grantIds.push(grant.id);
    }
  }
  const grants = held.filter(showsPortfolio);
  for (const customer of customers) {
    const through = grants.filter((grant) => coversCustomer(grant, customer));
    if (through.length > 0) {
      const isAllowed = through.some((grant) => grant.includeReferenceAddresses);
      visibleCustomers.push({
        item: isAllowed ? customer : { ...customer, referenceAddresses: [] },
        grantIds: through.map((grant) => grant.id),
      });
    }
  }
  const visibleContracts: Visible<K>[] = [];
  for (const contract of contracts) {
    const owner = customersById.get(contract.customerId);
    const through = grants.filter((grant) => {
      const isAutomatic = grant.shareContractsAutomatically && owner !== undefined && coversCustomer(grant, owner);
      const isShared = isAutomatic || grant.sharedContractIds.includes(contract.id);
      return isShared && isSparteAllowed(grant, contract.sparte);
    });
    if (through.length > 0) {
      const isAllowed = through.some((grant) => grant.includeReferenceAddresses);
      visibleContracts.push({
        item: isAllowed ? contract : { ...contract, referenceAddresses: [] },
        grantIds: through.map((grant) => grant.id),
      });
    }
  }
  return {
    customers: visibleCustomers,
    contracts: visibleContracts,
    ...(claimsOnlyCustomers.length === 0 ? {} : { claimsOnlyCustomers }),
  };
}

/**
 * What one grant lets its people see of documents: documents without a contract of the customers it shows, documents
 * of the contracts it shows, each only when the grant's document profile admits the document's keywords.
 */
export interface DocumentScope {
  grantId: string;
  customerIds: string[];
  contractIds: string[];
  keywords: KeywordRule;
}

export interface CandidateDocument {
  customerId: string;
  contractId: string | null;
  keywords: readonly string[];
}

/** One scope per grant that shows anything and whose profile admits some documents. */
export function documentScopesOf(
  grants: readonly GrantForVisibility[],
  decision: VisibilityDecision<{ id: string }, { id: string }>,
): DocumentScope[] {
  return grants.flatMap((grant) => {
    const keywords = keywordRuleOf(grant.documentProfile);
    const customerIds = decision.customers
      .filter((visible) => visible.grantIds.includes(grant.id))
      .map((visible) => visible.item.id);
    const contractIds = decision.contracts
      .filter((visible) => visible.grantIds.includes(grant.id))
      .map((visible) => visible.item.id);
    if (keywords.kind === 'none' || (customerIds.length === 0 && contractIds.length === 0)) {
      return [];
    }
    return [{ grantId: grant.id, customerIds, contractIds, keywords }];
  });
}

/**
 * Whether a person with these scopes sees the document: a document of a contract only through a grant that shows the
 * contract (a customer's Sparten limit reaches their documents too), a document without a contract through a grant
 * that shows its customer; and that grant's profile must admit its keywords.
 */
export function isDocumentVisible(
  scopes: readonly DocumentScope[],
  document: CandidateDocument,
  tenantVisibleKeywords: ReadonlySet<string>,
): boolean {
  return scopes.some(
    (scope) =>
      (document.contractId === null
        ? scope.customerIds.includes(document.customerId)
        : scope.contractIds.includes(document.contractId)) &&
      isAdmittedBy(scope.keywords, document.keywords, tenantVisibleKeywords),
  );
}

/**
 * What one grant lets its people do with claims: see the submitted claims of the contracts it shows (and of the
 * customers it shows, for claims without a contract) and report new ones for them; only grants with "Schäden
 * einschließen" or "Nur Schadenmeldung" have a scope.
 */
export interface ClaimScope {
  grantId: string;
  contractIds: string[];
  /** The customers it shows (or, with "Nur Schadenmeldung", covers): claims without a contract of these. */
  customerIds: string[];
  /** Claims may be reported for these customers without a contract. */
  withoutContract: boolean;
  /** "Nur Schadenmeldung": the person sees through it only the claims they reported themselves. */
  ownOnly: boolean;
  /** Claims reported through this grant wait for release by another of its people with the right. */
  needsRelease: boolean;
  /** The person may release the claims others report through this grant. */
  mayRelease: boolean;
}

export interface CandidateClaim {
  customerId: string;
  contractId: string | null;
  status: string;
  reporterIdentityId: string | null;
  /** The grant the claim was reported through. */
  grantId: string | null;
}

function idsShownBy(grant: GrantForVisibility, visible: readonly Visible<{ id: string }>[]): string[] {
  return visible.filter((one) => one.grantIds.includes(grant.id)).map((one) => one.item.id);
}

/** One scope per grant with claims included that shows any contract or customer, and per "Nur Schadenmeldung" grant. */
export function claimScopesOf(
  grants: readonly GrantForVisibility[],
  decision: VisibilityDecision<{ id: string }, { id: string }>,
): ClaimScope[] {
  return grants.flatMap((grant): ClaimScope[] => {
    const isOwnOnly = !showsPortfolio(grant);
    if (!grant.includeClaims && !isOwnOnly) {
      return [];
    }
    const contractIds = isOwnOnly ? [] : idsShownBy(grant, decision.contracts);
    const customerIds = isOwnOnly
      ? idsShownBy(grant, decision.claimsOnlyCustomers ?? [])
      : idsShownBy(grant, decision.customers);
    return contractIds.length === 0 && customerIds.length === 0
      ? []
      : [
          {
            grantId: grant.id,
            contractIds,
            customerIds,
            withoutContract: isOwnOnly || grant.claimsWithoutContract === true,
            ownOnly: isOwnOnly,
            needsRelease: grant.claimsNeedRelease,
            mayRelease: grant.mayReleaseClaims,
          },
        ];
  });
}

/** The grant a person reports a claim for the contract through (the first that allows it), or null. */
export function claimGrantFor(scopes: readonly ClaimScope[], contractId: string): string | null {
  return scopes.find((scope) => scope.contractIds.includes(contractId))?.grantId ?? null;
}

/**
 * The grant a person reports a claim without a contract for the customer through: the first that allows claims
 * without a contract and shows (or, with "Nur Schadenmeldung", covers) the customer; null when none does.
 */
export function claimGrantForCustomer(scopes: readonly ClaimScope[], customerId: string): string | null {
  return scopes.find((scope) => scope.withoutContract && scope.customerIds.includes(customerId))?.grantId ?? null;
}

/** The customers the person may report a claim without a contract for, each once, in the scopes' order. */
export function customersClaimableWithoutContract(scopes: readonly ClaimScope[]): string[] {
  return [...new Set(scopes.filter((scope) => scope.withoutContract).flatMap((scope) => scope.customerIds))];
}

/** Whether the scope reaches the claim's place: its contract, or for a claim without one its customer. */
function reachesClaim(scope: ClaimScope, claim: CandidateClaim): boolean {
  return claim.contractId === null
    ? scope.customerIds.includes(claim.customerId)
    : scope.contractIds.includes(claim.contractId);
}

/**
 * Whether the person may release (or return) the claim: it waits for release, somebody else reported it, and the
 * person holds the claim's grant, reaching its contract (or its customer, for a claim without one), with the release
 * right.
 */
export function mayReleaseClaim(scopes: readonly ClaimScope[], claim: CandidateClaim, identityId: string): boolean {
  return (
    claim.status === 'awaiting_release' &&
    claim.reporterIdentityId !== identityId &&
    scopes.some((scope) => scope.grantId === claim.grantId && scope.mayRelease && reachesClaim(scope, claim))
  );
}

/**
 * Whether a person with these scopes sees the claim: a scope with claims must reach its contract, or for a claim
 * without a contract its customer (a "Nur Schadenmeldung" scope only the person's own claims); a draft moreover only
 * by the person who is writing it; a claim awaiting release only by its reporter and the people who may release it
 * (for everybody else it is not reported yet).
 */
export function isClaimVisible(scopes: readonly ClaimScope[], claim: CandidateClaim, identityId: string): boolean {
  const isOwn = claim.reporterIdentityId === identityId;
  if (claim.status === 'awaiting_release' && mayReleaseClaim(scopes, claim, identityId)) {
    return true;
  }
  if (!scopes.some((scope) => reachesClaim(scope, claim) && (!scope.ownOnly || isOwn))) {
    return false;
  }
  if (claim.status === 'draft' || claim.status === 'awaiting_release') {
    return isOwn;
  }
  return true;
}

/**
 * Whether the document is shown to the person in their list: what their scopes show, and what they sent themselves
 * (no keyword decides about one's own upload) as long as its customer or contract is still in one of their scopes. The
 * same rule as the documents' list condition (`personCondition` in document-repo.ts).
 */
export function isDocumentShownTo(
  identityId: string,
  scopes: readonly DocumentScope[],
  document: CandidateDocument & { uploadedByIdentityId: string | null },
  tenantVisibleKeywords: ReadonlySet<string>,
): boolean {
  if (isDocumentVisible(scopes, document, tenantVisibleKeywords)) {
    return true;
  }
  return (
    document.uploadedByIdentityId === identityId &&
    scopes.some((scope) =>
      document.contractId === null
        ? scope.customerIds.includes(document.customerId)
        : scope.contractIds.includes(document.contractId),
    )
  );
}

/**
 * What one grant lets its people see of conversations: those of the customers it shows (a conversation about a
 * contract only while the grant shows the contract), and with "Vorgänge teilen" the ones its other people started
 * through it.
 */
export interface ConversationScope {
  grantId: string;
  customerIds: string[];
  contractIds: string[];
  shareCases: boolean;
  /**
   * An intermediary grant that shows the portfolio: its people file "Kunden anlegen" through it and see those requests
   * (which have no customer) even while it shows no customer yet.
   */
  isIntermediary: boolean;
}

export interface CandidateConversation {
  /** Null for a request about a customer the broker does not have yet ("Kunden anlegen"). */
  customerId: string | null;
  contractId: string | null;
  grantId: string | null;
  /** The person who started it in the portal; null when the broker or the CRM did (addressed to the customer). */
  ownerIdentityId: string | null;
}

/** One scope per grant that shows any customer or contract. */
export function conversationScopesOf(
  grants: readonly GrantForVisibility[],
  decision: VisibilityDecision<{ id: string }, { id: string }>,
): ConversationScope[] {
  return grants.flatMap((grant) => {
    const customerIds = decision.customers
      .filter((visible) => visible.grantIds.includes(grant.id))
      .map((visible) => visible.item.id);
    const contractIds = decision.contracts
      .filter((visible) => visible.grantIds.includes(grant.id))
      .map((visible) => visible.item.id);
    const isIntermediary = grant.kind === 'intermediary' && showsPortfolio(grant);
    return customerIds.length === 0 && !isIntermediary
      ? []
      : [{ grantId: grant.id, customerIds, contractIds, shareCases: grant.shareCases === true, isIntermediary }];
  });
}

/** What one grant the person holds shows of one place: a conversation's customer and its contract. */
export interface GrantReachOfPlace {
  grantId: string;
  shareCases: boolean;
  /** An intermediary grant that shows the portfolio (`showsPortfolio`). */
  isIntermediary: boolean;
  reachesCustomer: boolean;
  /** False for a place without a contract. */
  showsContract: boolean;
}

/**
 * `conversationScopesOf` restricted to one place: the scopes hold that place's customer and contract where a grant
 * shows them, so `isConversationVisible` and `mayReplyToConversation` decide a conversation there exactly as over the
 * scopes of everything the person sees.
 */
export function conversationScopesAt(
  reaches: readonly GrantReachOfPlace[],
  place: { customerId: string | null; contractId: string | null },
): ConversationScope[] {
  return reaches.flatMap((reach) => {
    const customerIds = reach.reachesCustomer && place.customerId !== null ? [place.customerId] : [];
    const contractIds = reach.showsContract && place.contractId !== null ? [place.contractId] : [];
    return customerIds.length === 0 && !reach.isIntermediary
      ? []
      : [
          {
            grantId: reach.grantId,
            customerIds,
            contractIds,
            shareCases: reach.shareCases,
            isIntermediary: reach.isIntermediary,
          },
        ];
  });
}

/** Whether the scope reaches the conversation's customer and, for one about a contract, the contract. */
function reachesConversation(scope: ConversationScope, conversation: CandidateConversation): boolean {
  return (
    conversation.customerId !== null &&
    scope.customerIds.includes(conversation.customerId) &&
    (conversation.contractId === null || scope.contractIds.includes(conversation.contractId))
  );
}

/**
 * Whether a person with these scopes sees the conversation: a scope must reach it, and it must be their own, the
 * broker's to the customer, or started through a grant of theirs with "Vorgänge teilen". One without a customer
 * ("Kunden anlegen") is seen through the intermediary grant it was filed through only, while the person holds it: by
 * its author, and with "Vorgänge teilen" by the grant's other people.
 */
export function isConversationVisible(
  scopes: readonly ConversationScope[],
  conversation: CandidateConversation,
  identityId: string,
): boolean {
  if (conversation.customerId === null) {
    return scopes.some(
      (scope) =>
        scope.isIntermediary &&
        scope.grantId === conversation.grantId &&
        (conversation.ownerIdentityId === identityId || scope.shareCases),
    );
  }
  return scopes.some(
    (scope) =>
      reachesConversation(scope, conversation) &&
      (conversation.ownerIdentityId === null ||
        conversation.ownerIdentityId === identityId ||
        (scope.shareCases && scope.grantId === conversation.grantId)),
  );
}

/** The intermediary grants a person files "Kunden anlegen" through, in the order of their scopes. */
export function customerAddGrantsOf(scopes: readonly ConversationScope[]): string[] {
  return scopes.filter((scope) => scope.isIntermediary).map((scope) => scope.grantId);
}

/**
 * Whether the person may answer a conversation they see. One the CRM addressed to them by their address (its owner,
 * written by the broker) only once a grant of theirs that reaches it shares conversations ("Vorgänge teilen"): until
 * the broker allows conversations there, such a person reads but does not reply. Every other visible one: yes.
 */
export function mayReplyToConversation(
  scopes: readonly ConversationScope[],
  conversation: CandidateConversation & { isAddressedByBroker: boolean },
  identityId: string,
): boolean {
  if (!isConversationVisible(scopes, conversation, identityId)) return false;
  if (!conversation.isAddressedByBroker || conversation.ownerIdentityId !== identityId) return true;
  return scopes.some((scope) => scope.shareCases && reachesConversation(scope, conversation));
}

/**
 * The grant a person starts a conversation about the customer (and contract) through: the first whose scope reaches
 * it; null when none does.
 */
export function conversationGrantFor(
  scopes: readonly ConversationScope[],
  place: { customerId: string; contractId: string | null },
): string | null {
  return (
    scopes.find((scope) => reachesConversation(scope, { ...place, grantId: null, ownerIdentityId: null }))?.grantId ??
    null
  );
}
