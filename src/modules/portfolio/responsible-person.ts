import type { ContactPerson } from './portfolio.js';

/**
 * Who at the broker is in charge of something about a customer, in the order the broker's CRM intends: the contract's
 * case handler, else its adviser, else the customer's case handler. Claims and conversations both route by it.
 */
export function responsibleContactsOf(
  contract: { caseHandler: ContactPerson | null; adviser: ContactPerson | null } | null,
  customer: { caseHandler: ContactPerson | null },
): ContactPerson[] {
  return [contract?.caseHandler ?? null, contract?.adviser ?? null, customer.caseHandler].filter(
    (person): person is ContactPerson => person !== null,
  );
}
