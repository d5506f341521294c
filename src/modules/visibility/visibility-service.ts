import type { Clock } from '../../shared/clock.js';
import type { SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import {
  toContractView,
  toCustomerView,
  type ContractListItem,
  type ContractView,
  type CustomerListItem,
  type CustomerView,
} from '../portfolio/portfolio-view.js';
import {
  customerDisplayName,
  type ContactPerson,
  type ContractStatus,
  type PaymentFrequency,
} from '../portfolio/portfolio.js';
import type { GrantService } from '../grants/grant-service.js';
import type { PortfolioService } from '../portfolio/portfolio-service.js';
import { sparteName } from '../portfolio/sparten.js';
import {
  claimGrantFor,
  claimGrantForCustomer,
  claimScopesOf,
  customersClaimableWithoutContract,
  conversationScopesOf,
  decideVisibility,
  isConversationVisible,
  documentScopesOf,
  isDocumentShownTo,
  mayReleaseClaim,
  showsPortfolio,
  sparteCodesAllowedBy,
  type CandidateClaim,
  type CandidateConversation,
  type CandidateDocument,
  type ClaimScope,
  type ConversationScope,
  type DocumentScope,
  type GrantForVisibility,
} from './visibility-policy.js';
import { jsonColumnOf } from '../../db/json-column.js';
import { claimKeysColumn, NO_CLAIM_KEYS, type ClaimKeysRow, type ClaimPlaceSql } from './visible-claim-repo.js';
import { createDocumentListDecisionRead, createVisibilityQueries } from './visibility-repo.js';
import {
  createVisiblePortfolioQueries,
  CUSTOMER_CHOICES,
  type ContractFilterSql,
  type ContractListRow,
  type GrantForSql,
  type GrantsSource,
  type HeldGrantRow,
  type PersonRead,
} from './visible-portfolio-repo.js';
import { isUuid } from '../../shared/ids.js';
import { LRUCache } from 'lru-cache';
import {
  contentVersionsJsonColumn,
  contentVersionsOfJsonColumn,
  readContentVersions,
  type ContentVersions,
} from '../../db/content-versions.js';
import type { MembershipRole } from '../memberships/membership.js';
import {
  createPortalNavigationQueries,
  navigationFlagsWithVersionsColumn,
  contentVersionsOfJson,
  navigationFlagsOfJson,
} from '../read-models/portal-navigation.js';
import { required } from '../../shared/required.js';

export interface ContractFilter {
  customerNumber?: string;
  sparte?: string;
  status?: ContractView['status'];
}

export interface PortfolioSummary {
  hasContracts: boolean;
  /** Customers seen through an intermediary grant: the portal's "Kunden" page. */
  hasIntermediaryCustomers: boolean;
  /** One of the person's grants has "Schäden einschließen" (the navigation lists "Schäden" when they see contracts). */
  holdsClaimsGrant: boolean;
  /**
   * One of the person's grants lets them report a claim without a contract ("Schadenmeldung ohne Vertrag erlaubt" with
   * claims, or "Nur Schadenmeldung"): the navigation lists "Schäden" even when they see no contract.
   */
  reportsWithoutContract?: boolean;
}

const EMPTY_SUMMARY: PortfolioSummary = {
  hasContracts: false,
  hasIntermediaryCustomers: false,
  holdsClaimsGrant: false,
  reportsWithoutContract: false,
};

type ContractCandidate = ContractView & { customerId: string };

/** One page of the contracts a person sees, with the filter's choices, as the portal's list shows it. */
/** What the navigation of a portal page needs of the person besides the portfolio, read with their grants. */
export interface NavigationFlags {
  roles: MembershipRole[];
  isDelegating: boolean;
  /** Conversations the person sees with a message they have not read: the count next to "Nachrichten". */
  unreadConversations: number;
}

/** What the person's document list shows of their portfolio, and what it needs to list their documents. */
export interface DocumentListDecision {
  /** The customers they see, by customer number. */
  customers: Pick<CustomerView, 'id' | 'customerNumber' | 'displayName'>[];
  /** The contracts they see, in the portfolio's order. */
  contracts: Pick<ContractView, 'id' | 'productName' | 'sparteName' | 'policyNumber'>[];
  documentScopes: DocumentScope[];
  summary: PortfolioSummary;
  navigation: NavigationFlags;
  /** The tenant's content versions, read with the decision (null when nothing was read). */
  contentVersions: ContentVersions | null;
}

export interface ContractListResult {
  navigation: NavigationFlags;
  /**
   * The tenant's content versions the page was decided at (read in its statement), for keeping the rendered page;
   * null when they were not read with the page.
   */
  contentVersions: ContentVersions | null;
  contracts: ContractListItem[];
  /** All that match the filter, over every page. */
  total: number;
  /** The page shown: the one asked for, or the last when it asked beyond. */
  page: number;
  pageCount: number;
  /**
   * The filter's choices, in no particular order: the customers of the visible contracts (none when there are more
   * than CUSTOMER_CHOICES) and the Sparten of the visible contracts, of the chosen customer's when the filter names
   * one.
   */
  customers: { customerNumber: string; name: string }[];
  sparten: { code: string; name: string }[];
  /** Whether the visible contracts are of more than one customer (the rows then name their customer). */
  hasSeveralCustomers: boolean;
  /** The customer the filter names, when the person sees a contract of theirs. */
  customerName: string | null;
  isIntermediary: boolean;
  summary: PortfolioSummary;
}

/** The contract list's customer choices are left out beyond this many customers (`ContractListResult`). */
export { CUSTOMER_CHOICES };

/** One page of an intermediary's customers, as the portal's Kunden page shows it. */
export interface CustomerListResult {
  isIntermediary: boolean;
  customers: { customer: CustomerListItem; contractCount: number }[];
  total: number;
  page: number;
  pageCount: number;
  summary: PortfolioSummary;
}

/** The overview's figures: the active contracts in the portal's order, the counts and whom to ask. */
export interface PortfolioOverview {
  navigation: NavigationFlags;
  /**
   * The tenant's content versions the page was decided at (read in its statement), for keeping the rendered page;
   * null when they were not read with the page.
   */
  contentVersions: ContentVersions | null;
  active: ContractListItem[];
  contractCount: number;
  customerCount: number;
  adviser: ContactPerson | null;
  summary: PortfolioSummary;
}

/** What a claim's pages show of its contract: its name's parts. */
export type ClaimContractName = Pick<ContractView, 'id' | 'productName' | 'sparteName' | 'policyNumber'>;

/**
 * One claim decided (`claimDecisionOf`): what the person's grants show of claims, limited to the claim's customer and
 * contract (so only for deciding this claim: `isClaimVisible`, `mayReleaseClaim`, its release), and the claim's
 * contract if the person sees it.
 */
export interface ClaimDecision {
  scopes: ClaimScope[];
  contract: ClaimContractName | null;
}

/** As `ClaimDecision`, with what a claim's page shows besides: the navigation's flags and, when known, its summary. */
export interface ClaimPageDecision extends ClaimDecision {
  navigation: NavigationFlags;
  /** Known when the person sees the claim's contract (they see contracts); otherwise the navigation asks. */
  summary?: PortfolioSummary;
}

/** The claim's keys as the drivers hand a json column over: parsed by node-postgres, text by some others. */
function claimKeysOf(value: unknown): ClaimKeysRow | null {
  if (value === null || value === undefined) return null;
  return jsonColumnOf(value as ClaimKeysRow | string);
}

/** What the person's grants allow of claims, for the navigation: whether any reports claims, and without a contract. */
function claimsSummaryOf(
  grants: readonly Pick<GrantForVisibility, 'includeClaims' | 'claimsWithoutContract' | 'claimsOnly'>[],
): { holdsClaimsGrant: boolean; reportsWithoutContract: boolean } {
  return {
    holdsClaimsGrant: grants.some((grant) => grant.includeClaims || grant.claimsOnly === true),
    reportsWithoutContract: grants.some(
      (grant) => (grant.includeClaims && grant.claimsWithoutContract === true) || grant.claimsOnly === true,
    ),
  };
}

/** The policy's decision over the claim's keys (`claimKeysColumn`); no keys (no grants) decide nothing visible. */
function decideClaim(keys: ClaimKeysRow | null): ClaimDecision & { grants: GrantForVisibility[] } {
  if (keys === null) return { scopes: [], contract: null, grants: [] };
  const grants: GrantForVisibility[] = keys.grants.map((row) => ({
    id: row.id,
    kind: row.kind,
    numbers: row.numbers,
    shareContractsAutomatically: row.shareContractsAutomatically,
    restrictedLinesOfBusiness: row.restrictedLinesOfBusiness,
    includeReferenceAddresses: false,
    sharedContractIds: row.sharedContractIds,
    documentProfile: null,
    includeClaims: row.includeClaims,
    claimsNeedRelease: row.claimsNeedRelease,
    mayReleaseClaims: row.mayReleaseClaims,
    shareCases: row.shareCases,
    claimsWithoutContract: row.claimsWithoutContract,
    claimsOnly: row.claimsOnly,
  }));
  const { contract } = keys;
  const decision = decideVisibility(
    grants,
    keys.customers.map((customer) => ({ ...customer, referenceAddresses: [] })),
    contract === null
      ? []
      : [{ id: contract.id, customerId: contract.customerId, sparte: contract.sparte, referenceAddresses: [] }],
  );
  const isContractSeen = contract !== null && decision.contracts.length > 0;
  return {
    scopes: claimScopesOf(grants, decision),
    contract: isContractSeen
      ? {
          id: contract.id,
          productName: contract.productName,
          sparteName: sparteName(contract.sparte),
          policyNumber: contract.policyNumber,
        }
      : null,
    grants,
  };
}

function listItemOf(row: ContractListRow): ContractListItem {
  return {
    id: row.id,
    sparte: row.sparte,
    sparteName: sparteName(row.sparte),
    policyNumber: row.policyNumber,
    insurerNumber: row.insurerNumber,
    insurerName: row.insurerName,
    productName: row.productName,
    status: row.status as ContractStatus,
    paymentFrequency: row.paymentFrequency as PaymentFrequency | null,
    premiumGrossCents: row.premiumGrossCents,
    customerNumber: row.customerNumber,
    customerName: customerDisplayName(row),
  };
}

/**
 * The customer and contract a document or conversation belongs to, as the policy decides them: the contract's owner
 * decides its automatic sharing, and it is the place's customer unless the contract moved, so that owner is read too.
 */
async function keysOfPlace(
  queries: ReturnType<typeof createVisibilityQueries>,
  tenantId: string,
  place: { customerId: string; contractId: string | null },
) {
  const contractIds = place.contractId === null ? [] : [place.contractId];
  const byId = (customerIds: string[]) =>
    queries.keysReachable(tenantId, { customerNumbers: [], accountNumbers: [], ids: customerIds }, () => ({
      customerIds: [],
      contractIds,
    }));
  const keys = await byId([place.customerId]);
  const missing = keys.contracts.map((row) => row.customerId).filter((id) => id !== place.customerId);
  const owners = missing.length === 0 ? [] : (await byId(missing)).customers;
  return {
    customers: [...keys.customers, ...owners].map((customer) => ({ ...customer, referenceAddresses: [] })),
    contracts: keys.contracts.map((contract) => ({ ...contract, referenceAddresses: [] })),
  };
}

/**
 * Loads what a person's grants can reach (and nothing more of the tenant) and lets the pure policy
 * decide what they see. Every page, download and API read of portfolio content goes through here.
 */
export function createVisibilityService(deps: {
  db: Database;
  clock: Clock;
  portfolio: Pick<PortfolioService, 'referenceAddressesOf'>;
  grants: Pick<GrantService, 'membersWhoMayReleaseClaims'>;
}) {
  /**
   * The person's whole decision. `referenceAddresses: 'left out'` is for a page that shows none (the document list):
   * customers and contracts come without their Risikoorte, one statement less.
   */
  async function decide(
    tenantId: string,
    identityId: string,
    options: { contractId?: string; referenceAddresses?: 'left out' } = {},
  ) {
    const queries = createVisibilityQueries(deps.db);
    const grants = isUuid(identityId) ? await queries.activeGrantsOf(tenantId, identityId, deps.clock.now()) : [];
    if (grants.length === 0) {
      return {
        customers: [],
        contracts: [],
        isIntermediary: false,
        owners: new Map<string, CustomerView>(),
        documentScopes: [],
        claimScopes: [],
        holdsClaimsGrant: false,
        reportsWithoutContract: false,
        customerViews: new Map<string, CustomerView>(),
      };
    }
    const sharedIds = [...new Set(grants.flatMap((grant) => grant.sharedContractIds))];
    const covered = await queries.customersReachable(tenantId, {
      customerNumbers: grants.filter((grant) => grant.kind === 'customer').flatMap((grant) => grant.numbers),
      accountNumbers: grants.filter((grant) => grant.kind === 'intermediary').flatMap((grant) => grant.numbers),
      ids: [],
    });
    const isAnyAutomatic = grants.some((grant) => grant.shareContractsAutomatically);
    const contractRows = await queries.contractsReachable(tenantId, {
      customerIds: isAnyAutomatic ? covered.map((customer) => customer.id) : [],
      contractIds: sharedIds,
      ...(options.contractId === undefined ? {} : { contractId: options.contractId }),
    });
    // Owners of contracts shared by hand are needed for the contracts' names; the policy does not show them as
    // customers.
    const knownIds = new Set(covered.map((customer) => customer.id));
    const missingOwnerIds = [...new Set(contractRows.map((row) => row.customerId).filter((id) => !knownIds.has(id)))];
    const owners =
      missingOwnerIds.length === 0
        ? []
        : await queries.customersReachable(tenantId, { customerNumbers: [], accountNumbers: [], ids: missingOwnerIds });
    const allCustomers = [...covered, ...owners];
    const addresses =
      options.referenceAddresses === 'left out'
        ? new Map<string, never[]>()
        : await deps.portfolio.referenceAddressesOf(
            tenantId,
            allCustomers.map((customer) => customer.id),
          );
    const customerViews = allCustomers.map((row) =>
      toCustomerView(row, addresses.get(row.id) ?? [], row.intermediaryAccounts),
    );
    const byId = new Map(customerViews.map((customer) => [customer.id, customer]));
    const contractCandidates: ContractCandidate[] = contractRows.map((row) => {
      const owner = required(byId.get(row.customerId));
      const view = toContractView(
        row,
        { customerNumber: owner.customerNumber, displayName: customerDisplayName(owner) },
        owner.referenceAddresses,
      );
      return { ...view, customerId: row.customerId };
    });
    const decision = decideVisibility(grants, customerViews, contractCandidates);
    return {
      customers: decision.customers.map((visible) => visible.item),
      contracts: decision.contracts.map(({ item: { customerId: _owner, ...contract } }) => contract),
      isIntermediary: grants.some((grant) => grant.kind === 'intermediary'),
      /** The owner of each visible contract, by the contract's id. */
      owners: new Map(decision.contracts.map(({ item }) => [item.id, required(byId.get(item.customerId))])),
      documentScopes: documentScopesOf(grants, decision),
      claimScopes: claimScopesOf(grants, decision),
      ...claimsSummaryOf(grants),
      /** Every customer read, by id: the names of the customers a claim without a contract may be reported for. */
      customerViews: byId,
    };
  }

  /** The document list's one statement (`createDocumentListDecisionRead`), made on its first request. */
  let documentListRead: ReturnType<typeof createDocumentListDecisionRead> | null = null;

  /** The policy's decision on only the keys it needs (no contract views): for the documents' scopes. */
  async function decideKeys(tenantId: string, identityId: string, executor: Database = deps.db) {
    const queries = createVisibilityQueries(executor);
    const grants = isUuid(identityId) ? await queries.activeGrantsOf(tenantId, identityId, deps.clock.now()) : [];
    if (grants.length === 0) {
      return { grants, decision: { customers: [], contracts: [] } };
    }
    const isAnyAutomatic = grants.some((grant) => grant.shareContractsAutomatically);
    const keys = await queries.keysReachable(
      tenantId,
      {
        customerNumbers: grants.filter((grant) => grant.kind === 'customer').flatMap((grant) => grant.numbers),
        accountNumbers: grants.filter((grant) => grant.kind === 'intermediary').flatMap((grant) => grant.numbers),
        ids: [],
      },
      (customerIds) => ({
        customerIds: isAnyAutomatic ? customerIds : [],
        contractIds: [...new Set(grants.flatMap((grant) => grant.sharedContractIds))],
      }),
    );
    const decision = decideVisibility(
      grants,
      keys.customers.map((customer) => ({ ...customer, referenceAddresses: [] })),
      keys.contracts.map((contract) => ({ ...contract, referenceAddresses: [] })),
    );
    return { grants, decision };
  }

  async function claimScopesFor(
    tenantId: string,
    identityId: string,
    executor: Database = deps.db,
  ): Promise<ClaimScope[]> {
    const { grants, decision } = await decideKeys(tenantId, identityId, executor);
    return claimScopesOf(grants, decision);
  }

  /** Held grants in the form the statements take. */
  function forSql(rows: readonly HeldGrantRow[]) {
    const held: GrantForSql[] = rows.filter(showsPortfolio).map((row) => ({
      id: row.id,
      kind: row.kind,
      numbers: row.numbers,
      shareContractsAutomatically: row.shareContractsAutomatically,
      sparteCodes: sparteCodesAllowedBy(row),
    }));
    return {
      held,
      isIntermediary: held.some((grant) => grant.kind === 'intermediary'),
      ...claimsSummaryOf(rows),
    };
  }

  /**
   * The navigation's flags kept per person, with the versions of the portfolio and the conversations they were read at
   * (their roles, delegations and unread conversations are read from those scopes' tables only): a page that reads the
   * versions with its own statement (a claim's step) shows the kept flags while they stand, and reads them anew with
   * the versions when either changed. A person's flags are a few numbers; 20,000 people's take a few MB.
   */
  const noNavigationFlags = (): NavigationFlags => ({ roles: [], isDelegating: false, unreadConversations: 0 });
  const keptNavigation = new LRUCache<string, { versions: string; flags: NavigationFlags }>({ max: 20_000 });
  const navigationVersionsOf = (versions: ContentVersions) => `${versions.portfolio}/${versions.conversations}`;

  async function keptNavigationFlags(
    tenantId: string,
    identityId: string,
    versions: ContentVersions,
  ): Promise<NavigationFlags> {
    if (!isUuid(identityId)) return noNavigationFlags();
    const key = `${tenantId}/${identityId}`;
    const kept = keptNavigation.get(key);
    if (kept !== undefined && kept.versions === navigationVersionsOf(versions)) return kept.flags;
    const read = await createPortalNavigationQueries(deps.db).flagsWithContentVersionsOf(
      tenantId,
      identityId,
      deps.clock.now(),
    );
    // Kept at the versions read with the flags: a change since the page's own statement only renews them once more.
    keptNavigation.set(key, { versions: navigationVersionsOf(read.versions), flags: read.flags });
    return read.flags;
  }

  /** The person's grants in the form the statements take; none for an id that is no uuid. */
  async function heldForSql(tenantId: string, identityId: string) {
    return forSql(
      isUuid(identityId)
        ? await createVisiblePortfolioQueries(deps.db).heldGrants(tenantId, identityId, deps.clock.now())
        : [],
    );
  }

  /**
   * The grants and the navigation's flags as the page's own statement read them (`GrantsSource` with `person`), in the
   * form `heldWithNavigation` gives them.
   */
  function readWithPage(found: PersonRead) {
    return {
      ...forSql(found.heldGrants ?? []),
      navigation: navigationFlagsOfJson(found.alsoRead),
      contentVersions: contentVersionsOfJson(found.alsoRead),
    };
  }

  /** The person's grants and the navigation's flags, read in the statement of the page that shows both. */
  function personSource(identityId: string): GrantsSource {
    return { person: { identityId, now: deps.clock.now(), alsoRead: navigationFlagsWithVersionsColumn } };
  }

  /**
   * As `heldForSql`, with the navigation's flags (the person's roles and whether they delegate) read in the same
   * statement, for the pages that show both; the count of unread conversations as given when the page counted them.
   */
  async function heldWithNavigation(tenantId: string, identityId: string, unreadConversations?: number) {
    if (!isUuid(identityId)) {
      return {
        ...forSql([]),
        navigation: noNavigationFlags(),
        contentVersions: null,
      };
    }
    const found = await createPortalNavigationQueries(deps.db).flagsWithHeldGrantsOf(
      tenantId,
      identityId,
      deps.clock.now(),
      unreadConversations,
    );
    const { held, ...navigation } = found;
    return { ...forSql(held), navigation, contentVersions: null };
  }

  return {
    /**
     * One page of the contract list decided, filtered, sorted and paged in the database (the policy's rules in
     * SQL), with the filter's choices and the navigation's summary.
     */
    async contractListOf(
      tenantId: string,
      identityId: string,
      filter: ContractFilterSql,
      paging: { page: number; pageSize: number },
    ): Promise<ContractListResult> {
      // The grants and the navigation's flags are read by the list's own statement: one statement for the page.
      const found = isUuid(identityId)
        ? await createVisiblePortfolioQueries(deps.db).contractList(tenantId, personSource(identityId), filter, paging)
        : null;
      const { held, isIntermediary, holdsClaimsGrant, reportsWithoutContract, navigation, contentVersions } =
        found === null ? await heldWithNavigation(tenantId, identityId) : readWithPage(found);
      if (found === null || held.length === 0) {
        return {
          navigation,
          contentVersions,
          contracts: [],
          total: 0,
          page: 1,
          pageCount: 1,
          customers: [],
          sparten: [],
          hasSeveralCustomers: false,
          customerName: null,
          isIntermediary,
          summary: { ...EMPTY_SUMMARY, holdsClaimsGrant, reportsWithoutContract },
        };
      }
      const choices = found.customers.length > CUSTOMER_CHOICES ? [] : found.customers;
      return {
        navigation,
        contentVersions,
        contracts: found.rows.map(listItemOf),
        total: found.total,
        page: found.page,
        pageCount: Math.max(1, Math.ceil(found.total / paging.pageSize)),
        customers: choices.map((row) => ({
          customerNumber: row.customerNumber,
          name: customerDisplayName(row),
        })),
        sparten: found.sparten.map((code) => ({ code, name: sparteName(code) })),
        hasSeveralCustomers: found.customers.length > 1,
        customerName: found.chosen === null ? null : customerDisplayName(found.chosen),
        isIntermediary,
        summary: {
          hasContracts: found.hasContracts,
          hasIntermediaryCustomers: found.hasIntermediaryCustomers,
          holdsClaimsGrant,
          reportsWithoutContract,
        },
      };
    },

    /**
     * One page of the customers the person's grants reach whose name or number contains the search (any case), by
     * name; for intermediaries (`isIntermediary`), decided, searched and paged in the database.
     */
    async customerListOf(
      tenantId: string,
      identityId: string,
      search: string,
      paging: { page: number; pageSize: number },
    ): Promise<CustomerListResult> {
      const { held, isIntermediary, holdsClaimsGrant, reportsWithoutContract } = await heldForSql(tenantId, identityId);
      if (!isIntermediary) {
        return {
          isIntermediary,
          customers: [],
          total: 0,
          page: 1,
          pageCount: 1,
          summary: { ...EMPTY_SUMMARY, holdsClaimsGrant, reportsWithoutContract },
        };
      }
      const found = await createVisiblePortfolioQueries(deps.db).customerPage(
        tenantId,
        held,
        search.toLocaleLowerCase('de'),
        paging,
      );
      return {
        isIntermediary,
        customers: found.rows.map((row) => ({
          customer: {
            id: row.id,
            customerNumber: row.customerNumber,
            displayName: row.displayName,
            address: { postcode: row.postcode, city: row.city },
          },
          contractCount: row.contractCount,
        })),
        total: found.total,
        page: found.page,
        pageCount: Math.max(1, Math.ceil(found.total / paging.pageSize)),
        summary: {
          hasContracts: found.hasContracts,
          hasIntermediaryCustomers: found.hasIntermediaryCustomers,
          holdsClaimsGrant,
          reportsWithoutContract,
        },
      };
    },

    /** The overview's figures in one statement with the grants and the navigation (the policy's rules in SQL). */
    async overviewOf(tenantId: string, identityId: string): Promise<PortfolioOverview> {
      // As the list: the grants and the navigation's flags are read by the overview's own statement.
      const found = isUuid(identityId)
        ? await createVisiblePortfolioQueries(deps.db).overview(tenantId, personSource(identityId))
        : null;
      const { held, holdsClaimsGrant, reportsWithoutContract, navigation, contentVersions } =
        found === null ? await heldWithNavigation(tenantId, identityId) : readWithPage(found);
      if (found === null || held.length === 0) {
        return {
          navigation,
          contentVersions,
          active: [],
          contractCount: 0,
          customerCount: 0,
          adviser: null,
          summary: { ...EMPTY_SUMMARY, holdsClaimsGrant, reportsWithoutContract },
        };
      }
      return {
        navigation,
        contentVersions,
        active: found.active.map(listItemOf),
        contractCount: found.contractCount,
        customerCount: found.customerCount,
        adviser: found.adviser,
        summary: {
          hasContracts: found.contractCount > 0,
          hasIntermediaryCustomers: found.hasIntermediaryCustomers,
          holdsClaimsGrant,
          reportsWithoutContract,
        },
      };
    },

    /**
     * What a page kept for the person needs before it is shown again: the tenant's content versions (the page is
     * current while those of its scopes are the ones it was decided at) and the navigation's count of unread
     * conversations, which no version covers. One statement.
     */
    unreadWithContentVersionsOf(tenantId: string, identityId: string) {
      return createPortalNavigationQueries(deps.db).unreadWithContentVersionsOf(tenantId, identityId, deps.clock.now());
    },

    /** The tenant's content versions alone, for a kept page whose scopes cover everything it shows. */
    contentVersionsOf(tenantId: string) {
      return readContentVersions(deps.db, tenantId);
    },

    /** The ids the statements find visible, for checking them against the policy. */
    async visibleIdsBySql(tenantId: string, identityId: string) {
      const { held } = await heldForSql(tenantId, identityId);
      return held.length === 0
        ? { contractIds: [], customerIds: [] }
        : createVisiblePortfolioQueries(deps.db).visibleIds(tenantId, held);
    },

    /**
     * Whether the person sees any contract, whether they see customers as an intermediary and whether a grant of
     * theirs includes claims: the policy's rules as two statements, cheap enough for the navigation of every page.
     */
    async summaryOf(tenantId: string, identityId: string): Promise<PortfolioSummary> {
      const { held, holdsClaimsGrant, reportsWithoutContract } = await heldForSql(tenantId, identityId);
      return held.length === 0
        ? { ...EMPTY_SUMMARY, holdsClaimsGrant, reportsWithoutContract }
        : {
            ...(await createVisiblePortfolioQueries(deps.db).summary(tenantId, held)),
            holdsClaimsGrant,
            reportsWithoutContract,
          };
    },

    /**
     * Everything a portal page's navigation needs when the page has read nothing of it: the summary above and the
     * person's roles and whether they delegate, in two statements (the flags are read with the grants). A page that
     * counted the person's unread conversations itself passes the count (`unreadConversations`), which is then not
     * counted again.
     */
    async navigationOf(
      tenantId: string,
      identityId: string,
      unreadConversations?: number,
    ): Promise<{ navigation: NavigationFlags; summary: PortfolioSummary }> {
      const { held, holdsClaimsGrant, reportsWithoutContract, navigation } = await heldWithNavigation(
        tenantId,
        identityId,
        unreadConversations,
      );
      return {
        navigation,
        summary:
          held.length === 0
            ? { ...EMPTY_SUMMARY, holdsClaimsGrant, reportsWithoutContract }
            : {
                ...(await createVisiblePortfolioQueries(deps.db).summary(tenantId, held)),
                holdsClaimsGrant,
                reportsWithoutContract,
              },
      };
    },

    /**
     * What each of the person's grants shows of documents: the customers and contracts it shows, and its document
     * profile's keyword rule. The documents module turns these into its list's SQL and checks single documents by them.
     */
    async documentScopesOf(
      tenantId: string,
      identityId: string,
      executor: Database = deps.db,
    ): Promise<DocumentScope[]> {
      const { grants, decision } = await decideKeys(tenantId, identityId, executor);
      return documentScopesOf(grants, decision);
    },

    /**
     * The people whose grants could reach a document of this customer (and contract): everyone who may see it, and
     * some who do not; `documentScopesOf` decides each. Read on the executor given (the upload's transaction).
     */
    async peopleWhoMaySee(
      executor: Database,
      tenantId: string,
      place: { customerId: string; contractId: string | null },
    ): Promise<string[]> {
      return createVisibilityQueries(executor).peopleReaching(tenantId, place);
    },

    /**
     * What each of the person's grants with "Schäden einschließen" shows of claims: the contracts it shows. The claims
     * module lists and checks claims by them.
     */
    claimScopesOf: claimScopesFor,

    /**
     * One claim's decision as a column of the claim's own statement (`claimKeysColumn`): the claims module reads the
     * claim with it, and `claimDecisionOf` decides from what it read. `place` names the claim's contract and customer
     * as columns of that statement. `now` is the clock's unless given (a statement built once gets it as a value).
     */
    claimDecisionColumn(tenantId: string, identityId: string, place: ClaimPlaceSql, now = deps.clock.now()): SQL {
      return isUuid(identityId) ? claimKeysColumn(tenantId, identityId, now, place) : NO_CLAIM_KEYS;
    },

    /** The decision from what `claimDecisionColumn` read. */
    claimDecisionOf(value: unknown): ClaimDecision {
      const { scopes, contract } = decideClaim(claimKeysOf(value));
      return { scopes, contract };
    },

    /**
     * As `claimDecisionColumn`, with what a claim's page shows besides (`claimPageDecisionOf`): the tenant's content
     * versions, at which the navigation's flags kept for the person are current.
     */
    claimPageColumn(tenantId: string, identityId: string, place: ClaimPlaceSql, now = deps.clock.now()): SQL {
      if (!isUuid(identityId)) return NO_CLAIM_KEYS;
      return claimKeysColumn(tenantId, identityId, now, place, {
        contentVersions: contentVersionsJsonColumn(tenantId),
      });
    },

    /**
     * The decision and the navigation's inputs from what `claimPageColumn` read; the navigation's flags are those kept
     * for the person while the versions read with the claim stand, else read anew (one statement).
     */
    async claimPageDecisionOf(tenantId: string, identityId: string, value: unknown): Promise<ClaimPageDecision> {
      const keys = claimKeysOf(value);
      const { scopes, contract, grants } = decideClaim(keys);
      const navigation = await keptNavigationFlags(
        tenantId,
        identityId,
        contentVersionsOfJsonColumn(keys?.contentVersions),
      );
      if (contract === null) return { scopes, contract, navigation };
      return {
        scopes,
        contract,
        navigation,
        summary: {
          hasContracts: true,
          hasIntermediaryCustomers: keys?.hasIntermediaryCustomers === true,
          ...claimsSummaryOf(grants),
        },
      };
    },

    /**
     * The people who may release the claim now (`mayReleaseClaim`): members of its grant with the release right, other
     * than the reporter, whose access is open and whose grant still shows the claim's contract. Read on the executor
     * given, so the transaction that sends a claim for release sees the same people it mails.
     */
    async claimReleasersOf(
      executor: Database,
      tenantId: string,
      claim: CandidateClaim & { grantId: string },
    ): Promise<string[]> {
      const candidates = await deps.grants.membersWhoMayReleaseClaims(tenantId, claim.grantId, executor);
      const releasers: string[] = [];
      for (const identityId of candidates) {
        const scopes = await claimScopesFor(tenantId, identityId, executor);
        if (mayReleaseClaim(scopes, { ...claim, status: 'awaiting_release' }, identityId)) releasers.push(identityId);
      }
      return releasers;
    },

    /**
     * The contract if the person may report a claim for it (they see it through a grant with "Schäden einschließen"),
     * with its customer and that grant; null for unknown ids, another tenant's or grant's contracts alike.
     */
    async claimableContractOf(
      tenantId: string,
      identityId: string,
      contractId: string,
    ): Promise<{ contract: ContractView; customer: CustomerView; grantId: string } | null> {
      if (!isUuid(contractId)) {
        return null;
      }
      const grantId = claimGrantFor(await claimScopesFor(tenantId, identityId), contractId);
      if (grantId === null) {
        return null;
      }
      const { contracts, owners } = await decide(tenantId, identityId, { contractId });
      const contract = contracts[0];
      const customer = contract === undefined ? undefined : owners.get(contract.id);
      return contract === undefined || customer === undefined ? null : { contract, customer, grantId };
    },

    /**
     * The customers the person may report a claim without a contract for ("Schadenmeldung ohne Vertrag erlaubt" with
     * claims, or "Nur Schadenmeldung"), each with the grant it would be reported through, by name.
     */
    async claimableCustomersOf(
      tenantId: string,
      identityId: string,
    ): Promise<{ customer: CustomerView; grantId: string }[]> {
      const decided = await decide(tenantId, identityId);
      return customersClaimableWithoutContract(decided.claimScopes)
        .flatMap((customerId) => {
          const customer = decided.customerViews.get(customerId);
          const grantId = claimGrantForCustomer(decided.claimScopes, customerId);
          return customer === undefined || grantId === null ? [] : [{ customer, grantId }];
        })
        .sort((a, b) => customerDisplayName(a.customer).localeCompare(customerDisplayName(b.customer), 'de'));
    },

    /**
     * The customer if the person may report a claim without a contract for them, with the grant it is reported
     * through; null for unknown ids, another tenant's or grant's customers alike.
     */
    async claimableCustomerOf(
      tenantId: string,
      identityId: string,
      customerId: string,
    ): Promise<{ customer: CustomerView; grantId: string } | null> {
      if (!isUuid(customerId)) {
        return null;
      }
      const { decision, grants } = await decideKeys(tenantId, identityId);
      const grantId = claimGrantForCustomer(claimScopesOf(grants, decision), customerId);
      if (grantId === null) {
        return null;
      }
      const found = await createVisibilityQueries(deps.db).customersReachable(tenantId, {
        customerNumbers: [],
        accountNumbers: [],
        ids: [customerId],
      });
      const row = found[0];
      return row === undefined ? null : { customer: toCustomerView(row, [], []), grantId };
    },

    /**
     * Those of the people who are shown the document in their list (`isDocumentShownTo`), decided for all of them at
     * once: their grants in one read, the document's customer and contract in another, then the policy per person.
     * Only the document's own customer and contract are candidates: the policy decides each customer and contract by
     * itself, so what it decides of these is what it decides with the person's whole portfolio. Read on the executor
     * given (the upload's transaction).
     */
    async whoAreShownDocument(
      executor: Database,
      tenantId: string,
      document: CandidateDocument & { uploadedByIdentityId: string | null },
      identityIds: readonly string[],
      tenantVisibleKeywords: ReadonlySet<string>,
    ): Promise<string[]> {
      const queries = createVisibilityQueries(executor);
      const held = await queries.activeGrantsOfEach(tenantId, identityIds, deps.clock.now());
      if ([...held.values()].every((grants) => grants.length === 0)) {
        return [];
      }
      const { customers, contracts } = await keysOfPlace(queries, tenantId, document);
      return identityIds.filter((identityId) => {
        const grants = held.get(identityId) ?? [];
        const scopes = documentScopesOf(grants, decideVisibility(grants, customers, contracts));
        return isDocumentShownTo(identityId, scopes, document, tenantVisibleKeywords);
      });
    },

    /**
     * What each of the person's grants shows of conversations: the customers and contracts it shows and whether it
     * shares conversations. The conversations module lists and checks conversations by them.
     */
    async conversationScopesOf(
      tenantId: string,
      identityId: string,
      executor: Database = deps.db,
    ): Promise<ConversationScope[]> {
      const { grants, decision } = await decideKeys(tenantId, identityId, executor);
      return conversationScopesOf(grants, decision);
    },

    /**
     * The people who see the conversation (`isConversationVisible`), decided for everyone whose grants could reach its
     * customer or contract (for one without a customer, the people of its grant); read on the executor given (the
     * message's transaction).
     */
    async whoSeeConversation(
      executor: Database,
      tenantId: string,
      conversation: CandidateConversation,
    ): Promise<string[]> {
      const queries = createVisibilityQueries(executor);
      const { customerId, grantId } = conversation;
      // One without a customer ("Kunden anlegen") is seen through its grant only.
      const candidates =
        customerId === null
          ? grantId === null
            ? []
            : await queries.membersOfGrant(tenantId, grantId)
          : await queries.peopleReaching(tenantId, { customerId, contractId: conversation.contractId });
      const held = await queries.activeGrantsOfEach(tenantId, candidates, deps.clock.now());
      const { customers, contracts } =
        customerId === null
          ? { customers: [], contracts: [] }
          : await keysOfPlace(queries, tenantId, { customerId, contractId: conversation.contractId });
      return candidates.filter((identityId) => {
        const grants = held.get(identityId) ?? [];
        const scopes = conversationScopesOf(grants, decideVisibility(grants, customers, contracts));
        return isConversationVisible(scopes, conversation, identityId);
      });
    },

    /** Everything the person sees, for the portal's pages; `isIntermediary` when one of their grants is one. */
    async portfolioOf(
      tenantId: string,
      identityId: string,
    ): Promise<{ customers: CustomerView[]; contracts: ContractView[]; isIntermediary: boolean }> {
      return decide(tenantId, identityId);
    },

    /**
     * What the person's document list needs, from one decision in one statement: the customers and contracts they see
     * (as the list names them and offers them in its filter and upload form), what each of their grants shows of
     * documents, and the navigation's summary and flags. Read afresh on every request, as every decision is.
     */
    async documentListDecisionOf(tenantId: string, identityId: string): Promise<DocumentListDecision> {
      const now = deps.clock.now();
      const read = isUuid(identityId)
        ? await (documentListRead ??= createDocumentListDecisionRead(deps.db, navigationFlagsWithVersionsColumn))(
            tenantId,
            identityId,
            now,
          )
        : { grants: [], customers: [], contracts: [], alsoRead: null };
      const { grants } = read;
      const decision = decideVisibility(
        grants,
        read.customers.map((row) => ({ ...row, referenceAddresses: [] })),
        read.contracts.map((row) => ({ ...row, referenceAddresses: [] })),
      );
      const shownCustomers = decision.customers.map(({ item }) => ({
        id: item.id,
        customerNumber: item.customerNumber,
        displayName: customerDisplayName(item),
      }));
      const shownContracts = decision.contracts.map(({ item }) => ({
        id: item.id,
        productName: item.productName,
        sparteName: sparteName(item.sparte),
        policyNumber: item.policyNumber,
      }));
      const isIntermediary = grants.some((grant) => grant.kind === 'intermediary');
      return {
        customers: shownCustomers,
        contracts: shownContracts,
        documentScopes: documentScopesOf(grants, decision),
        summary: {
          hasContracts: shownContracts.length > 0,
          hasIntermediaryCustomers: isIntermediary && shownCustomers.length > 0,
          ...claimsSummaryOf(grants),
        },
        navigation: navigationFlagsOfJson(read.alsoRead),
        contentVersions: read.alsoRead === null ? null : contentVersionsOfJson(read.alsoRead),
      };
    },

    /**
     * Everything the person sees and what each of their grants shows of claims, from one decision: for the claim list,
     * which names the claims' contracts.
     */
    async portfolioWithClaimScopesOf(
      tenantId: string,
      identityId: string,
    ): Promise<{
      customers: CustomerView[];
      contracts: ContractView[];
      isIntermediary: boolean;
      claimScopes: ClaimScope[];
      holdsClaimsGrant: boolean;
      reportsWithoutContract: boolean;
      /** Every customer read, the ones seen only for claims ("Nur Schadenmeldung") among them, by id. */
      customerViews: ReadonlyMap<string, CustomerView>;
    }> {
      return decide(tenantId, identityId);
    },

    async visibleCustomers(tenantId: string, identityId: string): Promise<CustomerView[]> {
      return (await decide(tenantId, identityId)).customers;
    },

    async visibleContracts(tenantId: string, identityId: string, filter: ContractFilter = {}): Promise<ContractView[]> {
      const { contracts } = await decide(tenantId, identityId);
      return contracts.filter(
        (contract) =>
          (filter.customerNumber === undefined || contract.customerNumber === filter.customerNumber) &&
          (filter.sparte === undefined || contract.sparte === filter.sparte) &&
          (filter.status === undefined || contract.status === filter.status),
      );
    },

    /**
     * The contract if the person sees it; null for unknown ids, another tenant's or another grant's contracts alike.
     */
    async findVisibleContract(tenantId: string, identityId: string, contractId: string): Promise<ContractView | null> {
      if (!isUuid(contractId)) {
        return null;
      }
      const { contracts } = await decide(tenantId, identityId, { contractId });
      return contracts[0] ?? null;
    },

    /**
     * A contract's page from one decision: the contract if the person sees it (null as for `findVisibleContract`),
     * what their grants show of documents and claims, and the navigation's summary. The decision covers only this
     * contract; the policy decides each contract by itself, so what the scopes say of this contract is what the whole
     * portfolio's scopes would say, and the page asks them of nothing else.
     */
    async contractPageOf(
      tenantId: string,
      identityId: string,
      contractId: string,
    ): Promise<{
      contract: ContractView;
      documentScopes: DocumentScope[];
      claimScopes: ClaimScope[];
      summary: PortfolioSummary;
    } | null> {
      if (!isUuid(contractId)) {
        return null;
      }
      const decided = await decide(tenantId, identityId, { contractId });
      const contract = decided.contracts[0];
      if (contract === undefined) {
        return null;
      }
      return {
        contract,
        documentScopes: decided.documentScopes,
        claimScopes: decided.claimScopes,
        summary: {
          hasContracts: true,
          hasIntermediaryCustomers: decided.isIntermediary && decided.customers.length > 0,
          holdsClaimsGrant: decided.holdsClaimsGrant,
        },
      };
    },
  };
}

export type VisibilityService = ReturnType<typeof createVisibilityService>;
