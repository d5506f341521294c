import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activatePerson } from '../../../test/support/accounts.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { CLI_ORIGIN } from '../audit/audit-service.js';
import type { Tenant } from '../tenants/tenant.js';
import { required } from '../../shared/required.js';
import { eq } from 'drizzle-orm';
import { conversations as conversationsTable, staffMessageNotifications } from '../../db/schema.js';
import { isConversationVisible, mayReplyToConversation } from '../visibility/visibility-policy.js';

let portal: TestPortal;

beforeAll(async () => {
  portal = await createTestPortal();
});
afterAll(async () => {
  await portal.close();
});

const START = { subject: 'Frage', body: 'Guten Tag, eine Frage.', contractId: '', customerId: '' };

async function invite(tenantId: string, email: string, role: 'policyholder' | 'staff_user', grantName?: string) {
  const outcome = await portal.services.invitations.invite({
    tenantId,
    email,
    name: email.split('@')[0],
    role,
    ...(grantName === undefined ? {} : { grantName }),
  });
  return outcome.identityId;
}

/**
 * A tenant with staff members and customer K1: contract P1 with a case handler and an adviser, P2 with only an
 * adviser, P3 with nobody; K1's own case handler; K2 without anybody; a grant per customer, K1's with a Betreuer.
 */
async function tenantWithPortfolio(slug: string, options: { shareCases: boolean; staffCanLogIn?: boolean }) {
  const created = await createTestTenant(portal, slug, `Makler ${slug}`);
  const tenant = required(await portal.services.tenants.findTenantBySlug(slug));
  // Routing names only staff who can log in: where it is tested, they set their password.
  const addStaff = (email: string) =>
    options.staffCanLogIn === true
      ? activatePerson(portal, created, email, 'staff_user')
      : invite(created.id, email, 'staff_user');
  const staff = {
    contractHandler: await addStaff(`handler@${slug}.example`),
    contractAdviser: await addStaff(`adviser@${slug}.example`),
    customerHandler: await addStaff(`kunde@${slug}.example`),
    betreuer: await addStaff(`betreuer@${slug}.example`),
  };
  const contact = (staffIdentityId: string) => ({ name: 'Kontakt', phone: null, email: null, staffIdentityId });
  const contract = (policyNumber: string, customerNumber: string, extra = {}) => ({
    type: 'contract',
    action: 'upsert',
    contract: { insurerNumber: '5311', sparte: '130', policyNumber, customerNumber, status: 'active', ...extra },
  });
  await portal.services.portfolio.upsertBatch(
    created.id,
    [
      {
        type: 'customer',
        action: 'upsert',
        customer: {
          customerNumber: 'K1',
          kind: 'private',
          lastName: 'Eins',
          caseHandler: contact(staff.customerHandler),
        },
      },
      { type: 'customer', action: 'upsert', customer: { customerNumber: 'K2', kind: 'private', lastName: 'Zwei' } },
      contract('P1', 'K1', { caseHandler: contact(staff.contractHandler), adviser: contact(staff.contractAdviser) }),
      contract('P2', 'K1', { adviser: contact(staff.contractAdviser) }),
      contract('P3', 'K1'),
      contract('P4', 'K2'),
    ],
    CLI_ORIGIN,
  );
  for (const [name, customerNumbers, responsibleStaffId] of [
    ['K1', ['K1'], staff.betreuer],
    ['K2', ['K2'], null],
  ] as const) {
    await portal.services.grants.createGrant(created.id, {
      name,
      kind: 'customer',
      customerNumbers: [...customerNumbers],
      shareContractsAutomatically: true,
      shareCases: options.shareCases,
      responsibleStaffId,
    });
  }
  const max = await invite(created.id, `max@${slug}.example`, 'policyholder', 'K1');
  const erika = await invite(created.id, `erika@${slug}.example`, 'policyholder', 'K1');
  const kurt = await invite(created.id, `kurt@${slug}.example`, 'policyholder', 'K2');
  const contracts = await portal.services.visibility.visibleContracts(created.id, max);
  const contractId = (policyNumber: string) =>
    required(contracts.find((item) => item.policyNumber === policyNumber)).id;
  return { tenant, staff, max, erika, kurt, contractId };
}

async function assigneeOf(tenant: Tenant, conversationId: string): Promise<string | null> {
  return (await portal.services.conversations.findForCrm(tenant, conversationId)).conversation.assignedStaffId;
}

describe('conversations', () => {
  it('routes a new conversation in every branch and to nobody when no staff member is in charge', async () => {
    const { tenant, staff, max, kurt, contractId } = await tenantWithPortfolio('conv-routing', {
      shareCases: false,
      staffCanLogIn: true,
    });
    const { conversations } = portal.services;
    const about = (contract: string) => conversations.startForPerson(tenant, max, { ...START, contractId: contract });
    expect(await assigneeOf(tenant, await about(contractId('P1')))).toBe(staff.contractHandler);
    expect(await assigneeOf(tenant, await about(contractId('P2')))).toBe(staff.contractAdviser);
    expect(await assigneeOf(tenant, await about(contractId('P3')))).toBe(staff.customerHandler);
    expect(await assigneeOf(tenant, await about(''))).toBe(staff.customerHandler);
    // K2 has no contacts and its grant no Betreuer.
    expect(await assigneeOf(tenant, await conversations.startForPerson(tenant, kurt, START))).toBeNull();

    // A customer handler who cannot log in (invited, no password yet) or none: the grant's Betreuer gets it.
    const newcomer = await invite(tenant.id, 'neu@conv-routing.example', 'staff_user');
    for (const staffIdentityId of [newcomer, null]) {
      await portal.services.portfolio.upsertBatch(
        tenant.id,
        [
          {
            type: 'customer',
            action: 'upsert',
            customer: {
              customerNumber: 'K1',
              kind: 'private',
              lastName: 'Eins',
              caseHandler: staffIdentityId === null ? null : { name: 'Neu', phone: null, email: null, staffIdentityId },
            },
          },
        ],
        CLI_ORIGIN,
      );
      expect(await assigneeOf(tenant, await about(''))).toBe(staff.betreuer);
    }
  });

  it('shows a person only their own conversations without "Vorgänge teilen", and none of another grant', async () => {
    const { tenant, max, erika, kurt } = await tenantWithPortfolio('conv-private', { shareCases: false });
    const { conversations } = portal.services;
    const id = await conversations.startForPerson(tenant, max, START);
    expect((await conversations.listForPerson(tenant.id, max)).items.map((item) => item.id)).toEqual([id]);
    expect((await conversations.listForPerson(tenant.id, erika)).items).toEqual([]);
    for (const other of [erika, kurt]) {
      await expect(conversations.openForPerson(tenant, other, id)).rejects.toMatchObject({
        code: 'CONVERSATION_NOT_FOUND',
      });
      await expect(conversations.replyAsPerson(tenant, other, id, 'Hallo')).rejects.toMatchObject({
        code: 'CONVERSATION_NOT_FOUND',
      });
    }
    // The broker's own conversation with K1 is addressed to everybody who sees K1.
    const fromCrm = await conversations.startForCrm(
      tenant,
      { customerNumber: 'K1', contract: null, subject: 'Beitrag', body: 'Ihr Beitrag ändert sich.' },
      CLI_ORIGIN,
    );
    expect((await conversations.listForPerson(tenant.id, erika)).items.map((item) => item.id)).toEqual([fromCrm]);
    expect((await conversations.listForPerson(tenant.id, kurt)).items).toEqual([]);
  });

  it('shows every person of the grant its conversations with "Vorgänge teilen"', async () => {
    const { tenant, max, erika, kurt } = await tenantWithPortfolio('conv-shared', { shareCases: true });
    const { conversations } = portal.services;
    const id = await conversations.startForPerson(tenant, max, START);
    expect((await conversations.listForPerson(tenant.id, erika)).items.map((item) => item.id)).toEqual([id]);
    await conversations.replyAsPerson(tenant, erika, id, 'Ich ergänze etwas.');
    expect((await conversations.openForPerson(tenant, max, id)).messages.map((message) => message.body)).toEqual([
      'Guten Tag, eine Frage.',
      'Ich ergänze etwas.',
    ]);
    await expect(conversations.openForPerson(tenant, kurt, id)).rejects.toMatchObject({
      code: 'CONVERSATION_NOT_FOUND',
    });
  });

  it('answers another tenant’s conversation id as unknown', async () => {
    const first = await tenantWithPortfolio('conv-tenant-a', { shareCases: true });
    const second = await tenantWithPortfolio('conv-tenant-b', { shareCases: true });
    const { conversations } = portal.services;
    const id = await conversations.startForPerson(first.tenant, first.max, START);
    await expect(conversations.openForPerson(second.tenant, second.max, id)).rejects.toMatchObject({
      code: 'CONVERSATION_NOT_FOUND',
    });
    await expect(conversations.openForStaff(second.tenant, second.staff.betreuer, id)).rejects.toMatchObject({
      code: 'CONVERSATION_NOT_FOUND',
    });
    await expect(conversations.replyAsCrm(second.tenant, id, 'Hallo', CLI_ORIGIN)).rejects.toMatchObject({
      code: 'CONVERSATION_NOT_FOUND',
    });
    await expect(conversations.assign(second.tenant.id, id, second.staff.betreuer, CLI_ORIGIN)).rejects.toMatchObject({
      code: 'CONVERSATION_NOT_FOUND',
    });
    // Nor can a conversation be started about another tenant's contract.
    await expect(
      conversations.startForPerson(second.tenant, second.max, { ...START, contractId: first.contractId('P1') }),
    ).rejects.toMatchObject({ code: 'CONTRACT_NOT_FOUND' });
  });

  it('never shows internal notes to customers and counts only what they see as unread', async () => {
    const { tenant, staff, max } = await tenantWithPortfolio('conv-notes', { shareCases: false });
    const { conversations } = portal.services;
    const unreadCountFor = async (tenantId: string, identityId: string) =>
      (await conversations.listForPerson(tenantId, identityId)).items.filter((item) => item.isUnread).length;
    const id = await conversations.startForPerson(tenant, max, START);
    expect(await unreadCountFor(tenant.id, max)).toBe(0);
    portal.clock.advance(60_000);
    await conversations.replyAsStaff(
      tenant,
      staff.betreuer,
      id,
      { body: 'Intern: Kunde ist schwierig', isInternal: true },
      CLI_ORIGIN,
    );
    expect(await unreadCountFor(tenant.id, max)).toBe(0);
    const seen = await conversations.openForPerson(tenant, max, id);
    expect(seen.messages.map((message) => message.body)).toEqual(['Guten Tag, eine Frage.']);
    const forStaff = await conversations.openForStaff(tenant, staff.contractHandler, id);
    expect(forStaff.messages.map((message) => [message.body, message.isInternal])).toEqual([
      ['Guten Tag, eine Frage.', false],
      ['Intern: Kunde ist schwierig', true],
    ]);
    portal.clock.advance(60_000);
    await conversations.replyAsStaff(tenant, staff.betreuer, id, { body: 'Antwort', isInternal: false }, CLI_ORIGIN);
    expect(await unreadCountFor(tenant.id, max)).toBe(1);
    await conversations.openForPerson(tenant, max, id);
    expect(await unreadCountFor(tenant.id, max)).toBe(0);
  });

  it('pages the person’s list (unread first) and the inbox (newest activity first) to the end', async () => {
    const { tenant, staff, max, erika, kurt, contractId } = await tenantWithPortfolio('conv-pages', {
      shareCases: false,
    });
    const { conversations } = portal.services;
    const started: string[] = [];
    for (const contract of [contractId('P1'), contractId('P2'), '']) {
      portal.clock.advance(60_000);
      started.push(await conversations.startForPerson(tenant, max, { ...START, contractId: contract }));
    }
    const fromCrm: string[] = [];
    for (const customerNumber of ['K1', 'K2', 'K1']) {
      portal.clock.advance(60_000);
      const body = { customerNumber, contract: null, subject: 'Beitrag', body: 'Ihr Beitrag ändert sich.' };
      fromCrm.push(await conversations.startForCrm(tenant, body, CLI_ORIGIN));
    }
    const [k1First, forKurt, k1Second] = fromCrm.map((id) => required(id));
    const walk = async (list: (cursor: string) => Promise<{ items: { id: string }[]; nextCursor: string | null }>) => {
      const pages: string[][] = [];
      let cursor = '';
      do {
        const page = await list(cursor);
        pages.push(page.items.map((item) => item.id));
        cursor = page.nextCursor ?? '';
      } while (cursor !== '');
      return pages;
    };
    // Max: the broker's two unread ones first, then his own (read when he wrote them), newest first.
    expect(await walk((cursor) => conversations.listForPerson(tenant.id, max, { cursor, limit: 2 }))).toEqual([
      [k1Second, k1First],
      [started[2], started[1]],
      [started[0]],
    ]);
    // Erika sees K1's broker conversations but not Max's own (no "Vorgänge teilen"); Kurt only K2's.
    expect(await walk((cursor) => conversations.listForPerson(tenant.id, erika, { cursor, limit: 1 }))).toEqual([
      [k1Second],
      [k1First],
    ]);
    expect(await walk((cursor) => conversations.listForPerson(tenant.id, kurt, { cursor, limit: 2 }))).toEqual([
      [forKurt],
    ]);
    const inbox = (cursor: string) =>
      conversations.listForStaff(tenant.id, staff.betreuer, { view: 'all', isUnreadOnly: false }, { cursor, limit: 4 });
    expect(await walk(inbox)).toEqual([
      [k1Second, forKurt, k1First, started[2]],
      [started[1], started[0]],
    ]);
    // A cursor that is no id, or an id of nothing here, gives an empty last page.
    expect(await inbox('kaputt')).toEqual({ items: [], nextCursor: null });
    expect(await inbox('00000000-0000-4000-8000-000000000000')).toEqual({ items: [], nextCursor: null });
  });

  it('counts the unread conversations a person sees for the navigation, decided in its statement as by the policy', async () => {
    const { tenant, staff, max, erika, kurt, contractId } = await tenantWithPortfolio('conv-count', {
      shareCases: false,
    });
    const { conversations, delegations, grants, portfolio } = portal.services;
    const car = { insurerNumber: '5311', sparte: '051', policyNumber: 'P5', customerNumber: 'K1', status: 'active' };
    await portfolio.upsertBatch(tenant.id, [{ type: 'contract', action: 'upsert', contract: car }], CLI_ORIGIN);
    // Hans sees K1's car contract only (a word of the Sparten list, written loosely); Lena only P1, shared by hand.
    const k1 = { kind: 'customer' as const, customerNumbers: ['K1'] };
    await grants.createGrant(tenant.id, {
      ...k1,
      name: 'K1 Kfz',
      shareContractsAutomatically: true,
      restrictedLinesOfBusiness: ['\u00a0KFZ '],
    });
    const byHand = await grants.createGrant(tenant.id, {
      ...k1,
      name: 'K1 Hausrat von Hand',
      restrictedLinesOfBusiness: ['hausrat'],
    });
    await portfolio.shareContract(tenant.id, byHand.id, contractId('P1'), CLI_ORIGIN);
    const hans = await invite(tenant.id, 'hans@conv-count.example', 'policyholder', 'K1 Kfz');
    const lena = await invite(tenant.id, 'lena@conv-count.example', 'policyholder', 'K1 Hausrat von Hand');
    const seenByHans = await portal.services.visibility.visibleContracts(tenant.id, hans);
    expect(seenByHans.map((item) => item.policyNumber)).toEqual(['P5']);
    const fromCrm = (customerNumber: string, contract: string | null) =>
      conversations.startForCrm(
        tenant,
        {
          customerNumber,
          contract:
            contract === null
              ? null
              : { insurerNumber: '5311', sparte: contract === 'P5' ? '051' : '130', policyNumber: contract },
          subject: 'Beitrag',
          body: 'Ihr Beitrag ändert sich.',
        },
        CLI_ORIGIN,
      );
    await fromCrm('K1', null);
    const aboutP1 = await fromCrm('K1', 'P1');
    await fromCrm('K1', 'P5');
    await fromCrm('K2', null);
    const own = await conversations.startForPerson(tenant, max, START);
    portal.clock.advance(60_000);
    await conversations.replyAsStaff(tenant, staff.betreuer, own, { body: 'Antwort', isInternal: false }, CLI_ORIGIN);
    // The same person at another broker: nothing there counts here.
    const other = await tenantWithPortfolio('conv-count-b', { shareCases: false });
    await invite(other.tenant.id, 'max@conv-count.example', 'policyholder', 'K1');
    await conversations.startForCrm(
      other.tenant,
      { customerNumber: 'K1', contract: null, subject: 'Anderswo', body: 'Hallo' },
      CLI_ORIGIN,
    );

    const counted = async (identityId: string) => {
      const shown = (await delegations.navigationFlagsOf(tenant.id, identityId)).unreadConversations;
      const byPolicy = (await conversations.listForPerson(tenant.id, identityId)).items.filter((item) => item.isUnread);
      expect(shown).toBe(byPolicy.length);
      return shown;
    };
    expect(await counted(max)).toBe(4);
    expect(await counted(erika)).toBe(3);
    expect(await counted(hans)).toBe(2);
    expect(await counted(lena)).toBe(2);
    expect(await counted(kurt)).toBe(1);
    expect(await counted(staff.betreuer)).toBe(0);

    await conversations.openForPerson(tenant, max, aboutP1);
    expect(await counted(max)).toBe(3);
    expect(await counted(erika)).toBe(3);

    // Opening one decides the grants for its customer and contract alone: the same answers as over everything seen.
    const rows = await portal.database.handle.db
      .select()
      .from(conversationsTable)
      .where(eq(conversationsTable.tenantId, tenant.id));
    for (const identityId of [max, erika, hans, lena, kurt]) {
      const scopes = await portal.services.visibility.conversationScopesOf(tenant.id, identityId);
      for (const row of rows) {
        const opened = await conversations.openForPerson(tenant, identityId, row.id).then(
          (detail) => ({ isVisible: true, isReplyAllowed: detail.isReplyAllowed }),
          () => ({ isVisible: false, isReplyAllowed: false }),
        );
        const isAddressedByBroker = row.createdByKind !== 'person';
        expect(opened, `${row.subject} for ${identityId}`).toEqual({
          isVisible: isConversationVisible(scopes, row, identityId),
          isReplyAllowed: mayReplyToConversation(scopes, { ...row, isAddressedByBroker }, identityId),
        });
      }
    }
  });

  it('refuses empty and too long texts and writes nothing', async () => {
    const { tenant, max } = await tenantWithPortfolio('conv-bad', { shareCases: false });
    const { conversations } = portal.services;
    const refused = async (input: Partial<typeof START>) =>
      conversations.startForPerson(tenant, max, { ...START, ...input }).then(
        () => 'written',
        (error: unknown) => (error as { code?: string }).code,
      );
    expect(await refused({ subject: '   ' })).toBe('CONVERSATION_SUBJECT_REQUIRED');
    expect(await refused({ subject: 'x'.repeat(10_000) })).toBe('CONVERSATION_SUBJECT_TOO_LONG');
    expect(await refused({ body: '\n \n' })).toBe('MESSAGE_BODY_REQUIRED');
    expect(await refused({ body: 'x'.repeat(10_001) })).toBe('MESSAGE_BODY_TOO_LONG');
    expect(await refused({ body: '😀'.repeat(10_000) })).toBe('written');
    expect((await conversations.listForPerson(tenant.id, max)).items).toHaveLength(1);
  });

  it('tells whoever is in charge of an unassigned conversation of a customer’s reply, as routing a new one decides', async () => {
    const { tenant, staff, max, contractId } = await tenantWithPortfolio('conv-reply-routing', {
      shareCases: false,
      staffCanLogIn: true,
    });
    const { conversations } = portal.services;
    const { db } = portal.database.handle;
    const toldOf = async (contract: string) => {
      const id = await conversations.startForPerson(tenant, max, { ...START, contractId: contract });
      await db.update(conversationsTable).set({ assignedStaffId: null }).where(eq(conversationsTable.id, id));
      await db.delete(staffMessageNotifications).where(eq(staffMessageNotifications.tenantId, tenant.id));
      await conversations.replyAsPerson(tenant, max, id, 'Noch eine Frage.');
      const told = await db
        .select({ identityId: staffMessageNotifications.identityId })
        .from(staffMessageNotifications)
        .where(eq(staffMessageNotifications.tenantId, tenant.id));
      return told.map((row) => row.identityId);
    };
    expect(await toldOf(contractId('P1'))).toEqual([staff.contractHandler]);
    expect(await toldOf(contractId('P2'))).toEqual([staff.contractAdviser]);
    expect(await toldOf(contractId('P3'))).toEqual([staff.customerHandler]);
    expect(await toldOf('')).toEqual([staff.customerHandler]);
  });

  it('reopens a closed conversation when the customer writes again', async () => {
    const { tenant, max } = await tenantWithPortfolio('conv-reopen', { shareCases: false });
    const { conversations } = portal.services;
    const id = await conversations.startForPerson(tenant, max, START);
    await conversations.setStatus(tenant.id, id, 'closed', CLI_ORIGIN);
    expect((await conversations.openForPerson(tenant, max, id)).conversation.status).toBe('closed');
    await conversations.replyAsPerson(tenant, max, id, 'Noch eine Frage.');
    expect((await conversations.openForPerson(tenant, max, id)).conversation.status).toBe('open');
  });
});
