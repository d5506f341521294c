import type { ContactPerson } from '../portfolio/portfolio.js';
import { responsibleContactsOf } from '../portfolio/responsible-person.js';

export interface RoutingInput {
  contract: { caseHandler: ContactPerson | null; adviser: ContactPerson | null } | null;
  customer: { caseHandler: ContactPerson | null };
  /** The Betreuer of the grant the conversation was started through. */
  grantResponsibleStaffId: string | null;
  /** The tenant's active staff members among the candidates: only they can be assigned. */
  activeStaffIds: ReadonlySet<string>;
}

/** The candidates in routing order, for reading the active staff among them in one statement. */
export function routingCandidatesOf(input: Omit<RoutingInput, 'activeStaffIds'>): string[] {
  const contacts = responsibleContactsOf(input.contract, input.customer).map((person) => person.staffIdentityId);
  return [...contacts, input.grantResponsibleStaffId].filter((id): id is string => id !== null);
}

/**
 * Whom a customer's new conversation is assigned to: the contract's case handler, else its adviser, else the
 * customer's case handler, else the grant's Betreuer; a contact counts only as a staff member of this tenant (the CRM
 * may name people without an account, or one whose access has ended). Null: unassigned, for the whole team.
 */
export function assigneeOf(input: RoutingInput): string | null {
  return routingCandidatesOf(input).find((id) => input.activeStaffIds.has(id)) ?? null;
}
