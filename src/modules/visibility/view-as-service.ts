import type { AuditService } from '../audit/audit-service.js';
import type { RequestOrigin } from '../audit/audit-service.js';
import type { PeopleService } from '../people/people-service.js';
import type { ContractView, CustomerView } from '../portfolio/portfolio-view.js';
import type { VisibilityService } from './visibility-service.js';

export interface ViewedPortfolio {
  person: { identityId: string; name: string; canonicalEmail: string };
  customers: CustomerView[];
  contracts: ContractView[];
  isIntermediary: boolean;
}

/**
 * "Ansicht als …": staff see read-only what one person of their tenant sees, through the same
 * visibility module. Every look is recorded, since it shows a customer's portfolio as that customer.
 */
export function createViewAsService(deps: {
  people: PeopleService;
  visibility: VisibilityService;
  audit: AuditService;
}) {
  async function personIn(tenantId: string, identityId: string) {
    const { person } = await deps.people.getPersonDetails(tenantId, identityId);
    return { identityId: person.identityId, name: person.name, canonicalEmail: person.canonicalEmail };
  }

  return {
    /** The person's portfolio as they see it; PERSON_NOT_FOUND for another tenant's or an unknown id. */
    async viewPortfolioAs(tenantId: string, identityId: string, viewer: RequestOrigin): Promise<ViewedPortfolio> {
      const person = await personIn(tenantId, identityId);
      const portfolio = await deps.visibility.portfolioOf(tenantId, person.identityId);
      await deps.audit.record({
        kind: 'person.viewed_as',
        tenantId,
        identityId: person.identityId,
        origin: viewer,
        detail: `Portal in der Ansicht der Person: ${portfolio.contracts.length} Verträge`,
      });
      return { person, ...portfolio };
    },

    /**
     * An intermediary's Kunden page as they see it: the customers of their accounts with their contracts; recorded only
     * when there is such a page (`isIntermediary`), since anybody else has none.
     */
    async viewCustomersAs(tenantId: string, identityId: string, viewer: RequestOrigin): Promise<ViewedPortfolio> {
      const person = await personIn(tenantId, identityId);
      const portfolio = await deps.visibility.portfolioOf(tenantId, person.identityId);
      if (portfolio.isIntermediary) {
        await deps.audit.record({
          kind: 'person.viewed_as',
          tenantId,
          identityId: person.identityId,
          origin: viewer,
          detail: `Kunden in der Ansicht der Person: ${portfolio.customers.length} Kunden`,
        });
      }
      return { person, ...portfolio };
    },

    /** One contract as the person sees it, or null when they do not see it. */
    async viewContractAs(
      tenantId: string,
      identityId: string,
      contractId: string,
      viewer: RequestOrigin,
    ): Promise<{ person: ViewedPortfolio['person']; contract: ContractView | null }> {
      const person = await personIn(tenantId, identityId);
      const contract = await deps.visibility.findVisibleContract(tenantId, person.identityId, contractId);
      if (contract !== null) {
        await deps.audit.record({
          kind: 'person.viewed_as',
          tenantId,
          identityId: person.identityId,
          origin: viewer,
          detail:
            `Vertrag in der Ansicht der Person: ` +
            `${contract.insurerNumber}/${contract.sparte}/${contract.policyNumber}`,
        });
      }
      return { person, contract };
    },
  };
}

export type ViewAsService = ReturnType<typeof createViewAsService>;
