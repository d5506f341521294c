import { describe, expect, it } from 'vitest';
import type { ContactPerson } from '../portfolio/portfolio.js';
import { assigneeOf } from './conversation-routing-policy.js';

const person = (staffIdentityId: string | null): ContactPerson => ({
  name: staffIdentityId ?? 'ohne Zugang',
  phone: null,
  email: null,
  staffIdentityId,
});

const STAFF = new Set(['contract-handler', 'contract-adviser', 'customer-handler', 'betreuer']);

describe('routing a customer’s new conversation', () => {
  it.each([
    [
      'the contract’s case handler first',
      { caseHandler: person('contract-handler'), adviser: person('contract-adviser') },
      person('customer-handler'),
      'betreuer',
      'contract-handler',
    ],
    [
      'else the contract’s adviser',
      { caseHandler: null, adviser: person('contract-adviser') },
      person('customer-handler'),
      'betreuer',
      'contract-adviser',
    ],
    [
      'else the customer’s case handler',
      { caseHandler: null, adviser: null },
      person('customer-handler'),
      'betreuer',
      'customer-handler',
    ],
    ['else the grant’s Betreuer', { caseHandler: null, adviser: null }, null, 'betreuer', 'betreuer'],
    [
      'without a contract: the customer’s case handler',
      null,
      person('customer-handler'),
      'betreuer',
      'customer-handler',
    ],
    ['without a contract or handler: the Betreuer', null, null, 'betreuer', 'betreuer'],
    ['nobody: unassigned', null, null, null, null],
    [
      'a contact without a staff identity does not count',
      { caseHandler: person(null), adviser: person('contract-adviser') },
      null,
      null,
      'contract-adviser',
    ],
    [
      'a contact who is no (longer) staff of the tenant does not count',
      { caseHandler: person('left-the-firm'), adviser: null },
      person('customer-handler'),
      null,
      'customer-handler',
    ],
    ['a Betreuer who is no staff any more: unassigned', null, null, 'left-the-firm', null],
  ] as const)('%s', (_name, contract, customerHandler, betreuer, expected) => {
    expect(
      assigneeOf({
        contract,
        customer: { caseHandler: customerHandler },
        grantResponsibleStaffId: betreuer,
        activeStaffIds: STAFF,
      }),
    ).toBe(expected);
  });
});
