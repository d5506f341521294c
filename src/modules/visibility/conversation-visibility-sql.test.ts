import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { randomOf } from '../../../test/support/seeded-random.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { CLI_ORIGIN } from '../audit/audit-service.js';
import { memberships } from '../../db/schema.js';
import { required } from '../../shared/required.js';
import {
  conversationScopesOf,
  decideVisibility,
  isConversationVisible,
  type CandidateConversation,
  type GrantForVisibility,
} from './visibility-policy.js';

/**
 * The person's list of conversations decides visibility in its statement (`visiblePageForPerson`); the pure policy
 * stays the definition. Each case builds a portfolio and the person's grants from a seed ("Vorgänge teilen" on and off,
 * Sparten, contracts shared by hand, intermediary grants and "Nur Schadenmeldung"), a colleague in some of them and
 * another person's grant, and conversations at every place (each customer with and without each contract, none for
 * "Kunden anlegen"), through each grant and none, owned by the person, the colleague, the other person and nobody;
 * the same again in a second tenant where the person holds a grant on everything. The list, walked page by page, must
 * be exactly the conversations the policy shows over the whole tenant, in the list's order; and still so after the
 * person leaves a grant, and empty once they are deactivated.
 */

let portal: TestPortal;

beforeAll(async () => {
  portal = await createTestPortal();
});
afterAll(async () => {
  await portal.close();
});

const CUSTOMERS = ['K1', 'K2', 'K3', 'K4'];
const ACCOUNTS = ['V1', 'V2', 'V3'];
const SPARTEN = ['010', '040', '051', '130', '140', '999'];
const LIMITS = ['Kfz', '130', 'Hausrat', 'haftpflicht', '999', 'unbekannt', ' 040 '];

interface GrantData {
  name: string;
  kind: 'customer' | 'intermediary';
  numbers: string[];
  automatic: boolean;
  limits: string[];
  shared: string[];
  shareCases: boolean;
  claimsOnly: boolean;
  /** Whether the colleague holds it too. */
  withColleague: boolean;
}

interface CaseData {
  customers: { customerNumber: string; accounts: string[] }[];
  contracts: { policyNumber: string; customerNumber: string; sparte: string }[];
  grants: GrantData[];
}

function caseOf(seed: number): CaseData {
  const random = randomOf(seed);
  const customers = CUSTOMERS.map((customerNumber) => ({ customerNumber, accounts: random.some(ACCOUNTS, 0.5) }));
  const contracts = Array.from({ length: 5 + Math.floor(random.next() * 4) }, (_, index) => ({
    policyNumber: `P${index}`,
    customerNumber: random.pick(CUSTOMERS),
    sparte: random.pick(SPARTEN),
  }));
  const kind: 'customer' | 'intermediary' = random.next() < 0.5 ? 'customer' : 'intermediary';
  const grants = Array.from({ length: 1 + Math.floor(random.next() * 3) }, (_, index) => ({
    name: `G${index}`,
    kind,
    numbers: random.some(kind === 'customer' ? [...CUSTOMERS, 'K9'] : [...ACCOUNTS, 'V9'], 0.45),
    automatic: random.next() < 0.7,
    limits: random.next() < 0.4 ? random.some(LIMITS, 0.35) : [],
    shared: random.some(
      contracts.map((item) => item.policyNumber),
      0.2,
    ),
    shareCases: random.next() < 0.5,
    claimsOnly: random.next() < 0.15,
    withColleague: random.next() < 0.6,
  }));
  return { customers, contracts, grants };
}

interface Portfolio {
  tenantId: string;
  customerIds: Map<string, string>;
  contractIds: Map<string, string>;
}

async function portfolioOf(slug: string, data: CaseData): Promise<Portfolio> {
  const tenant = await createTestTenant(portal, slug, `Makler ${slug}`);
  const items = [
    ...data.customers.map((customer) => ({
      type: 'customer',
      action: 'upsert',
      customer: {
        customerNumber: customer.customerNumber,
        kind: 'private',
        lastName: `Kunde ${customer.customerNumber}`,
        intermediaryAccounts: customer.accounts,
      },
    })),
    ...data.contracts.map((contract) => ({
      type: 'contract',
      action: 'upsert',
      contract: {
        insurerNumber: '5311',
        sparte: contract.sparte,
        policyNumber: contract.policyNumber,
        customerNumber: contract.customerNumber,
        status: 'active',
      },
    })),
  ];
  const results = await portal.services.portfolio.upsertBatch(tenant.id, items, CLI_ORIGIN);
  const idOf = (index: number) => {
    const result = required(results[index]);
    expect(result.status).not.toBe('failed');
    return 'id' in result ? required(result.id) : '';
  };
  return {
    tenantId: tenant.id,
    customerIds: new Map(data.customers.map((customer, index) => [customer.customerNumber, idOf(index)])),
    contractIds: new Map(
      data.contracts.map((contract, index) => [contract.policyNumber, idOf(data.customers.length + index)]),
    ),
  };
}

/** The grants, each with the person (and the colleague where it says so): their ids and the policy's view of them. */
async function grantsOf(here: Portfolio, grants: readonly GrantData[], people: { person: string; colleague: string }) {
  const held: GrantForVisibility[] = [];
  const ids = { person: '', colleague: '' };
  for (const grant of grants) {
    const created = await portal.services.grants.createGrant(here.tenantId, {
      name: grant.name,
      kind: grant.kind,
      customerNumbers: grant.numbers,
      shareContractsAutomatically: grant.automatic,
      restrictedLinesOfBusiness: grant.limits,
      shareCases: grant.shareCases,
      claimsOnly: grant.claimsOnly,
    });
    const role = grant.kind === 'customer' ? 'policyholder' : 'intermediary';
    for (const [who, email] of Object.entries(people) as ['person' | 'colleague', string][]) {
      if (who === 'colleague' && !grant.withColleague) continue;
      const outcome = await portal.services.invitations.invite({
        tenantId: here.tenantId,
        email,
        name: who,
        role,
        grantName: grant.name,
      });
      ids[who] = outcome.identityId;
    }
    const shared = grant.shared.map((policyNumber) => required(here.contractIds.get(policyNumber)));
    for (const contractId of shared) {
      await portal.services.portfolio.shareContract(here.tenantId, created.id, contractId, CLI_ORIGIN);
    }
    held.push({
      id: created.id,
      kind: grant.kind,
      numbers: grant.numbers,
      shareContractsAutomatically: grant.automatic,
      restrictedLinesOfBusiness: grant.limits,
      includeReferenceAddresses: false,
      sharedContractIds: shared,
      documentProfile: null,
      includeClaims: false,
      claimsNeedRelease: false,
      mayReleaseClaims: false,
      shareCases: grant.shareCases,
      claimsOnly: grant.claimsOnly,
    });
  }
  return { held, ids };
}

interface StoredConversation extends CandidateConversation {
  id: string;
  lastMessageAt: Date;
  readAt: Date | null;
}

/**
 * Conversations at every place through every grant (and none) by every owner (and nobody), an hour apart with some
 * at the same time; the person's read marks on some, before or after the newest message, and the colleague's on others.
 */
async function conversationsOf(
  here: Portfolio,
  data: CaseData,
  grantIds: readonly (string | null)[],
  owners: readonly (string | null)[],
  readers: { person: string; colleague: string },
  seed: number,
): Promise<StoredConversation[]> {
  const random = randomOf(seed * 13);
  const places: { customerId: string | null; contractId: string | null }[] = [{ customerId: null, contractId: null }];
  for (const customer of data.customers) {
    places.push({ customerId: required(here.customerIds.get(customer.customerNumber)), contractId: null });
  }
  for (const contract of data.contracts) {
    const contractId = required(here.contractIds.get(contract.policyNumber));
    places.push({ customerId: required(here.customerIds.get(contract.customerNumber)), contractId });
  }
  // A conversation whose contract has since moved to another customer: the policy asks both.
  const moved = required(data.contracts[0]);
  const otherCustomer = required(data.customers.find((customer) => customer.customerNumber !== moved.customerNumber));
  places.push({
    customerId: required(here.customerIds.get(otherCustomer.customerNumber)),
    contractId: required(here.contractIds.get(moved.policyNumber)),
  });
  const base = Date.UTC(2026, 0, 1);
  const rows: Omit<StoredConversation, 'id'>[] = [];
  for (const place of places) {
    for (const grantId of grantIds) {
      for (const ownerIdentityId of owners) {
        const lastMessageAt = new Date(base + Math.floor(random.next() * 40) * 3_600_000);
        const mark = random.next();
        const readAt =
          mark < 0.3 ? null : new Date(lastMessageAt.getTime() + (mark < 0.6 ? -60_000 : mark < 0.8 ? 0 : 60_000));
        rows.push({ ...place, grantId, ownerIdentityId, lastMessageAt, readAt });
      }
    }
  }
  const { db } = portal.database.handle;
  const inserted = await db.execute(sql`
    insert into conversations (tenant_id, customer_id, contract_id, grant_id, owner_identity_id, subject,
                               created_by_kind, kind, fields, last_message_at, last_activity_at)
    select ${here.tenantId}, x.customer_id, x.contract_id, x.grant_id, x.owner_identity_id, 'Anfrage ' || x.n,
           case when x.owner_identity_id is null then 'crm' else 'person' end,
           case when x.customer_id is null then 'customer_add' else 'message' end,
           case when x.customer_id is null then '{}'::jsonb end, x.at, x.at
      from jsonb_to_recordset(${JSON.stringify(
        rows.map((row, n) => ({
          n,
          customer_id: row.customerId,
          contract_id: row.contractId,
          grant_id: row.grantId,
          owner_identity_id: row.ownerIdentityId,
          at: row.lastMessageAt.toISOString(),
        })),
      )}::jsonb) as x(n int, customer_id uuid, contract_id uuid, grant_id uuid, owner_identity_id uuid, at timestamptz)
     order by x.n
    returning id`);
  const stored = (inserted as { rows: { id: string }[] }).rows.map((row, index) => ({
    ...required(rows[index]),
    id: row.id,
  }));
  const marks = stored.flatMap((row, index) => [
    ...(row.readAt === null ? [] : [{ id: row.id, identity: readers.person, at: row.readAt.toISOString() }]),
    // The colleague's marks must not count for the person.
    ...(index % 3 === 0 ? [{ id: row.id, identity: readers.colleague, at: '2030-01-01T00:00:00Z' }] : []),
  ]);
  await db.execute(sql`
    insert into conversation_reads (conversation_id, tenant_id, identity_id, read_at)
    select x.id, ${here.tenantId}, x.identity, x.at
      from jsonb_to_recordset(${JSON.stringify(marks)}::jsonb) as x(id uuid, identity uuid, at timestamptz)`);
  return stored;
}

/** Every page of the person's list, walked by its cursor. */
/**
 * The list walked page by page. Every page also counts all the unread conversations the person sees (the navigation's
 * count, from the page's own statement): on each page that count must be the unread ones of the whole list, and the
 * navigation's own count the same.
 */
async function listedIds(tenantId: string, identityId: string, limit: number) {
  const listed: { id: string; isUnread: boolean }[] = [];
  const counts: (number | undefined)[] = [];
  let cursor = '';
  for (let pages = 0; pages < 200; pages += 1) {
    const page = await portal.services.conversations.listForPerson(tenantId, identityId, { cursor, limit });
    listed.push(...page.items.map((item) => ({ id: item.id, isUnread: item.isUnread })));
    counts.push(page.unreadConversations);
    if (page.nextCursor === null) {
      const unread = listed.filter((item) => item.isUnread).length;
      expect(counts).toEqual(counts.map(() => unread));
      const { navigation } = await portal.services.visibility.navigationOf(tenantId, identityId);
      expect(navigation.unreadConversations).toBe(unread);
      return listed;
    }
    cursor = page.nextCursor;
  }
  throw new Error('the list does not end');
}

/** What the policy shows of the conversations, in the list's order: unread first, then newest message, then id. */
function expectedOf(
  stored: readonly StoredConversation[],
  held: readonly GrantForVisibility[],
  here: Portfolio,
  data: CaseData,
  identityId: string,
) {
  const decision = decideVisibility(
    held,
    data.customers.map((customer) => ({
      id: required(here.customerIds.get(customer.customerNumber)),
      customerNumber: customer.customerNumber,
      intermediaryAccounts: customer.accounts,
      referenceAddresses: [],
    })),
    data.contracts.map((contract) => ({
      id: required(here.contractIds.get(contract.policyNumber)),
      customerId: required(here.customerIds.get(contract.customerNumber)),
      sparte: contract.sparte,
      referenceAddresses: [],
    })),
  );
  const scopes = conversationScopesOf(held, decision);
  const isUnread = (row: StoredConversation) => row.readAt === null || row.readAt < row.lastMessageAt;
  return stored
    .filter((row) => isConversationVisible(scopes, row, identityId))
    .sort(
      (a, b) =>
        Number(isUnread(b)) - Number(isUnread(a)) ||
        b.lastMessageAt.getTime() - a.lastMessageAt.getTime() ||
        (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    )
    .map((row) => ({ id: row.id, isUnread: isUnread(row) }));
}

describe('the person’s conversations decided in SQL', () => {
  it.each(Array.from({ length: 10 }, (_, index) => index + 1))(
    'lists what the policy shows, no more and no less, in order (seed %i)',
    async (seed) => {
      const data = caseOf(seed);
      const people = { person: `conv-${seed}@example.com`, colleague: `colleague-${seed}@example.com` };
      const here = await portfolioOf(`conv-sql-${seed}-a`, data);
      const there = await portfolioOf(`conv-sql-${seed}-b`, data);
      const mine = await grantsOf(here, data.grants, people);
      // Another person's grant on everything in this tenant, and the person's grant on everything in the other one.
      const everything = (name: string): GrantData => ({
        name,
        kind: 'customer',
        numbers: CUSTOMERS,
        automatic: true,
        limits: [],
        shared: [],
        shareCases: true,
        claimsOnly: false,
        withColleague: false,
      });
      const other = await grantsOf(here, [everything('Andere')], {
        person: `other-${seed}@example.com`,
        colleague: '',
      });
      const kind = required(data.grants[0]).kind;
      const theirs = await grantsOf(
        there,
        [{ ...everything('Alles'), kind, numbers: kind === 'customer' ? CUSTOMERS : ACCOUNTS }],
        {
          person: people.person,
          colleague: '',
        },
      );
      const { person, colleague } = mine.ids;
      expect(theirs.ids.person).toBe(person);
      // Some cases have no colleague: another person stands in as the owner.
      const colleagueId = colleague === '' ? other.ids.person : colleague;
      const grantIds = [...mine.held.map((grant) => grant.id), required(other.held[0]).id, null];
      const owners = [person, colleagueId, other.ids.person, null];
      const stored = await conversationsOf(here, data, grantIds, owners, { person, colleague: colleagueId }, seed);
      const elsewhere = await conversationsOf(
        there,
        data,
        [required(theirs.held[0]).id, null],
        [person, null],
        { person, colleague: other.ids.person },
        seed,
      );

      const expected = expectedOf(stored, mine.held, here, data, person);
      expect(await listedIds(here.tenantId, person, 7)).toEqual(expected);
      expect(await listedIds(here.tenantId, person, 50)).toEqual(expected);
      // The service's decision over the grants as stored agrees with the one over the case's data.
      const scopes = await portal.services.visibility.conversationScopesOf(here.tenantId, person);
      expect(stored.filter((row) => isConversationVisible(scopes, row, person)).length).toBe(expected.length);
      // A cursor of the other tenant gives an empty page; one the person does not see here only rows they see.
      const listForPerson = portal.services.conversations.listForPerson.bind(portal.services.conversations);
      const foreign = await listForPerson(here.tenantId, person, { cursor: required(elsewhere[0]).id });
      expect(foreign.items).toEqual([]);
      // The empty page still counts the unread conversations the person sees here, none of the other tenant's.
      expect(foreign.unreadConversations).toBe(expected.filter((row) => row.isUnread).length);
      const hidden = stored.find((row) => !expected.some((shown) => shown.id === row.id));
      if (hidden !== undefined) {
        const after = await listForPerson(here.tenantId, person, { cursor: hidden.id, limit: 500 });
        expect(after.items.every((item) => expected.some((shown) => shown.id === item.id))).toBe(true);
      }

      // Removed from the first grant: the rest decide.
      const [first, ...rest] = mine.held;
      await portal.services.grants.removePersonFromGrant(here.tenantId, required(first).id, person);
      expect(await listedIds(here.tenantId, person, 11)).toEqual(expectedOf(stored, rest, here, data, person));

      // Deactivated in this tenant: nothing here, the other tenant unchanged.
      const beforeThere = await listedIds(there.tenantId, person, 50);
      expect(beforeThere.length).toBeGreaterThan(0);
      await portal.database.handle.db
        .update(memberships)
        .set({ deactivatedAt: new Date() })
        .where(and(eq(memberships.tenantId, here.tenantId), eq(memberships.identityId, person)));
      expect(await listedIds(here.tenantId, person, 50)).toEqual([]);
      expect(await listedIds(there.tenantId, person, 50)).toEqual(beforeThere);
    },
  );
});
