import type { Clock } from '../../shared/clock.js';
import type { Database } from '../../db/database.js';
import { toContractView, toCustomerView, type ContractView, type CustomerView } from '../portfolio/portfolio-view.js';
import { customerDisplayName } from '../portfolio/portfolio.js';
import { decideVisibility, documentScopesOf, type DocumentScope } from './visibility-policy.js';
import { createVisibilityQueries } from './visibility-repo.js';
import { isUuid } from '../../shared/ids.js';
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
}

type ContractCandidate = ContractView & { customerId: string };

/**
 * Loads what a person's grants can reach (and nothing more of the tenant) and lets the pure policy
 * decide what they see. Every page, download and API read of portfolio content goes through here.
 */
export function createVisibilityService(deps: { db: Database; clock: Clock }) {
  async function decide(tenantId: string, identityId: string, options: { contractId?: string } = {}) {
    const queries = createVisibilityQueries(deps.db);
    const grants = isUuid(identityId) ? await queries.activeGrantsOf(tenantId, identityId, deps.clock.now()) : [];
    if (grants.length === 0) {
      return { customers: [], contracts: [], isIntermediary: false };
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
    const details = await queries.detailsOf(
      tenantId,
      allCustomers.map((customer) => customer.id),
    );
    const customerViews = allCustomers.map((row) =>
      toCustomerView(row, details.addresses.get(row.id) ?? [], details.accounts.get(row.id) ?? []),
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
    };
  }

  /** The policy's decision on only the keys it needs: cheap enough for every page's navigation. */
  async function decideKeys(tenantId: string, identityId: string) {
    const queries = createVisibilityQueries(deps.db);
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

  return {
    /**
     * Whether the person sees any contract, and whether they see customers as an intermediary: the same
     * policy on only the keys it needs, cheap enough for the navigation of every page.
     */
    async summaryOf(tenantId: string, identityId: string): Promise<PortfolioSummary> {
      const { grants, decision } = await decideKeys(tenantId, identityId);
      const intermediaryGrantIds = new Set(grants.filter((grant) => grant.kind === 'intermediary').map((g) => g.id));
      return {
        hasContracts: decision.contracts.length > 0,
        hasIntermediaryCustomers: decision.customers.some((visible) =>
          visible.grantIds.some((grantId) => intermediaryGrantIds.has(grantId)),
        ),
      };
    },

    /**
     * What each of the person's grants shows of documents: the customers and contracts it shows, and its document
     * profile's keyword rule. The documents module turns these into its list's SQL and checks single documents by them.
     */
    async documentScopesOf(tenantId: string, identityId: string): Promise<DocumentScope[]> {
      const { grants, decision } = await decideKeys(tenantId, identityId);
      return documentScopesOf(grants, decision);
    },

    /** Everything the person sees, for the portal's pages; `isIntermediary` when one of their grants is one. */
    async portfolioOf(
      tenantId: string,
      identityId: string,
    ): Promise<{ customers: CustomerView[]; contracts: ContractView[]; isIntermediary: boolean }> {
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
  };
}

export type VisibilityService = ReturnType<typeof createVisibilityService>;
