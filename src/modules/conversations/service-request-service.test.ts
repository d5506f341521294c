import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activatePerson } from '../../../test/support/accounts.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { CLI_ORIGIN } from '../audit/audit-service.js';
import type { Tenant } from '../tenants/tenant.js';
import { required } from '../../shared/required.js';

let portal: TestPortal;
let tenant: Tenant;
let other: Tenant;
const ids = {
  max: '',
  erika: '',
  kurt: '',
  vera: '',
  walter: '',
  udo: '',
  staff: '',
  otherMax: '',
  otherVera: '',
  k1: '',
  k2: '',
  k3: '',
  v1: '',
  v2: '',
};

const ADDRESS = { street: 'Ringstraße 5', postcode: '50667', city: 'Köln', movingDate: '01.03.2027' };

async function invite(
  tenantId: string,
  email: string,
  role: 'policyholder' | 'intermediary' | 'staff_user',
  grant?: string,
) {
  const outcome = await portal.services.invitations.invite({
    tenantId,
    email,
    name: email.split('@')[0],
    role,
    ...(grant === undefined ? {} : { grantName: grant }),
  });
  return outcome.identityId;
}

/** K1 (Max, Erika) and K2 (Kurt) on customer grants; Vera's intermediary grant covers account V1: K1 and K3. */
async function tenantWithPortfolio(slug: string): Promise<Tenant> {
  const created = await createTestTenant(portal, slug, `Makler ${slug}`);
  const customer = (customerNumber: string, intermediaryAccounts: string[] = []) => ({
    type: 'customer',
    action: 'upsert',
    customer: { customerNumber, kind: 'private', lastName: customerNumber, intermediaryAccounts },
  });
  await portal.services.portfolio.upsertBatch(
    created.id,
    [customer('K1', ['V1']), customer('K2'), customer('K3', ['V1'])],
    CLI_ORIGIN,
  );
  for (const number of ['K1', 'K2']) {
    await portal.services.grants.createGrant(created.id, { name: number, kind: 'customer', customerNumbers: [number] });
  }
  await portal.services.grants.createGrant(created.id, { name: 'V1', kind: 'intermediary', customerNumbers: ['V1'] });
  // An intermediary whose account holds no customer yet.
  await portal.services.grants.createGrant(created.id, { name: 'V2', kind: 'intermediary', customerNumbers: ['V2'] });
  return required(await portal.services.tenants.findTenantBySlug(slug));
}

beforeAll(async () => {
  portal = await createTestPortal();
  tenant = await tenantWithPortfolio('anliegen');
  other = await tenantWithPortfolio('anliegen-b');
  ids.max = await invite(tenant.id, 'max@anliegen.example', 'policyholder', 'K1');
  ids.erika = await invite(tenant.id, 'erika@anliegen.example', 'policyholder', 'K1');
  ids.kurt = await invite(tenant.id, 'kurt@anliegen.example', 'policyholder', 'K2');
  ids.vera = await invite(tenant.id, 'vera@anliegen.example', 'intermediary', 'V1');
  // Routing names only staff who can log in: the Betreuer sets her password.
  ids.staff = await activatePerson(
    portal,
    { id: tenant.id, origin: 'http://anliegen.portal.test' },
    'sabine@anliegen.example',
    'staff_user',
  );
  ids.walter = await invite(tenant.id, 'walter@anliegen.example', 'intermediary', 'V1');
  ids.udo = await invite(tenant.id, 'udo@anliegen.example', 'intermediary', 'V2');
  ids.otherMax = await invite(other.id, 'max@anliegen.example', 'policyholder', 'K1');
  ids.otherVera = await invite(other.id, 'vera@anliegen.example', 'intermediary', 'V1');
  const grantsHere = await portal.services.grants.listGrants(tenant.id, null, 100);
  ids.v1 = required(grantsHere.find((grant) => grant.name === 'V1')).id;
  ids.v2 = required(grantsHere.find((grant) => grant.name === 'V2')).id;
  const customers = await portal.services.visibility.visibleCustomers(tenant.id, ids.vera);
  ids.k1 = required(customers.find((item) => item.customerNumber === 'K1')).id;
  ids.k3 = required(customers.find((item) => item.customerNumber === 'K3')).id;
  ids.k2 = required((await portal.services.visibility.visibleCustomers(tenant.id, ids.kurt))[0]).id;
});
afterAll(async () => {
  await portal.close();
});

describe('service requests', () => {
  it('files a request as a conversation of its kind with its fields, which staff and the person read', async () => {
    const { conversations } = portal.services;
    const filed = await conversations.fileRequestForPerson(tenant, ids.max, 'data_change', { ...ADDRESS, note: '' });
    if (!filed.ok) throw new Error(JSON.stringify(filed.problems));
    const own = await conversations.openForPerson(tenant, ids.max, filed.conversationId);
    expect(own.conversation).toMatchObject({
      kind: 'data_change',
      subject: 'Daten ändern: Adresse',
      customerNumber: 'K1',
      request: { kind: 'data_change', fields: { address: { movingDate: '2027-03-01', postcode: '50667' } } },
    });
    expect(own.messages.map((item) => item.body)).toEqual(['Bitte bearbeiten Sie mein Anliegen „Daten ändern“.']);
    const inbox = await conversations.listForStaff(tenant.id, ids.staff, {
      view: 'all',
      isUnreadOnly: false,
      kind: 'data_change',
    });
    expect(inbox.items.map((item) => item.id)).toEqual([filed.conversationId]);
    expect(
      (await conversations.listForStaff(tenant.id, ids.staff, { view: 'all', isUnreadOnly: false, kind: 'message' }))
        .items,
    ).toEqual([]);
  });

  it('writes nothing for a refused form and names every problem, the missing customer too', async () => {
    const { conversations } = portal.services;
    const before = await conversations.listForPerson(tenant.id, ids.vera);
    const refused = await conversations.fileRequestForPerson(tenant, ids.vera, 'contract_add', {
      insurer: '',
      yearlyPremium: 'viel',
    });
    expect(refused).toEqual({
      ok: false,
      problems: [
        { field: 'customerId', code: 'REQUEST_CUSTOMER_REQUIRED' },
        { field: 'insurer', code: 'REQUEST_INSURER_REQUIRED' },
        { field: 'yearlyPremium', code: 'REQUEST_PREMIUM_INVALID' },
      ],
    });
    expect(await conversations.listForPerson(tenant.id, ids.vera)).toEqual(before);
  });

  it("offers the intermediaries' kinds only to intermediaries and refuses them to anyone else as not found", async () => {
    const { conversations } = portal.services;
    expect(await conversations.requestKindsFor(tenant.id, ids.max)).toEqual(['contract_add', 'data_change']);
    expect(await conversations.requestKindsFor(tenant.id, ids.vera)).toEqual([
      'contract_add',
      'data_change',
      'portfolio_transfer',
      'customer_add',
    ]);
    const transfer = { insurer: 'HUK', policyNumbers: 'A1\nA2', customerId: ids.k1 };
    for (const kind of ['portfolio_transfer', 'message', 'unknown']) {
      await expect(conversations.fileRequestForPerson(tenant, ids.max, kind, transfer)).rejects.toMatchObject({
        code: 'REQUEST_KIND_NOT_FOUND',
      });
    }
    const filed = await conversations.fileRequestForPerson(tenant, ids.vera, 'portfolio_transfer', {
      ...transfer,
      customerId: ids.k3,
    });
    if (!filed.ok) throw new Error(JSON.stringify(filed.problems));
    const detail = await conversations.openForStaff(tenant, ids.staff, filed.conversationId);
    expect(detail.conversation).toMatchObject({
      customerNumber: 'K3',
      request: { kind: 'portfolio_transfer', fields: { insurer: 'HUK', policyNumbers: ['A1', 'A2'] } },
    });
  });

  it("takes no customer of another grant or tenant and shows nobody else's request", async () => {
    const { conversations } = portal.services;
    const form = { insurer: 'Allianz' };
    // Kurt's K2 is not Max's; K1 of the other tenant is another customer; an id of nothing at all.
    for (const customerId of [ids.k2, ids.k3, 'not-an-id']) {
      expect(
        await conversations.fileRequestForPerson(tenant, ids.max, 'contract_add', { ...form, customerId }),
      ).toMatchObject({ ok: false, problems: [{ field: 'customerId', code: 'REQUEST_CUSTOMER_REQUIRED' }] });
    }
    const filed = await conversations.fileRequestForPerson(tenant, ids.max, 'contract_add', form);
    if (!filed.ok) throw new Error(JSON.stringify(filed.problems));
    // Erika holds the same grant (without "Vorgänge teilen"), Kurt another; Max elsewhere is another membership.
    for (const reader of [ids.erika, ids.kurt]) {
      await expect(conversations.openForPerson(tenant, reader, filed.conversationId)).rejects.toMatchObject({
        code: 'CONVERSATION_NOT_FOUND',
      });
    }
    await expect(conversations.openForPerson(other, ids.otherMax, filed.conversationId)).rejects.toMatchObject({
      code: 'CONVERSATION_NOT_FOUND',
    });
    await expect(conversations.findForCrm(other, filed.conversationId)).rejects.toMatchObject({
      code: 'CONVERSATION_NOT_FOUND',
    });
  });

  it("files 'Kunden anlegen' without a customer, routed to the grant's Betreuer, seen through that grant only", async () => {
    const { conversations, grants } = portal.services;
    await grants.updateGrant(tenant.id, ids.v1, { responsibleStaffId: ids.staff, customerAddNeedsPrivacyNotice: true });
    const form = {
      customerKind: 'private',
      status: 'prospect',
      firstName: 'Nina',
      lastName: 'Neu',
      street: 'Hohe Straße 1',
      postcode: '50667',
      city: 'Köln',
    };
    // Max holds a customer grant only: the kind does not exist for him.
    await expect(conversations.fileRequestForPerson(tenant, ids.max, 'customer_add', form)).rejects.toMatchObject({
      code: 'REQUEST_KIND_NOT_FOUND',
    });
    expect(await conversations.requestKindsFor(tenant.id, ids.max)).not.toContain('customer_add');
    // The grant asks for the privacy statement; a grant Vera does not hold is no choice of hers.
    expect(await conversations.fileRequestForPerson(tenant, ids.vera, 'customer_add', form)).toEqual({
      ok: false,
      problems: [{ field: 'privacyNotice', code: 'REQUEST_PRIVACY_NOTICE_REQUIRED' }],
    });
    expect(
      await conversations.fileRequestForPerson(tenant, ids.vera, 'customer_add', { ...form, grantId: ids.v2 }),
    ).toMatchObject({ ok: false, problems: [{ field: 'grantId', code: 'REQUEST_GRANT_REQUIRED' }] });
    const filed = await conversations.fileRequestForPerson(tenant, ids.vera, 'customer_add', {
      ...form,
      privacyNotice: 'ja',
    });
    if (!filed.ok) throw new Error(JSON.stringify(filed.problems));
    const own = await conversations.openForPerson(tenant, ids.vera, filed.conversationId);
    expect(own.conversation).toMatchObject({
      kind: 'customer_add',
      subject: 'Kunden anlegen: Nina Neu',
      customerId: null,
      customerNumber: null,
      customerName: null,
      assignedStaffId: ids.staff,
      request: { fields: { firstName: 'Nina', privacyNoticeConfirmed: true, address: { country: 'DE' } } },
    });
    const inbox = await conversations.listForStaff(tenant.id, ids.staff, {
      view: 'mine',
      isUnreadOnly: false,
      kind: 'customer_add',
    });
    expect(inbox.items.map((item) => [item.id, item.customerNumber])).toEqual([[filed.conversationId, null]]);

    // Walter holds the same grant without "Vorgänge teilen", Udo another intermediary grant, Max a customer grant;
    // the other tenant's Vera is another membership. None of them sees it.
    const unseen = async () => {
      for (const reader of [ids.walter, ids.udo, ids.max]) {
        await expect(conversations.openForPerson(tenant, reader, filed.conversationId)).rejects.toMatchObject({
          code: 'CONVERSATION_NOT_FOUND',
        });
        const listed = await conversations.listForPerson(tenant.id, reader);
        expect(listed.items.map((item) => item.id)).not.toContain(filed.conversationId);
      }
      await expect(conversations.openForPerson(other, ids.otherVera, filed.conversationId)).rejects.toMatchObject({
        code: 'CONVERSATION_NOT_FOUND',
      });
      await expect(conversations.findForCrm(other, filed.conversationId)).rejects.toMatchObject({
        code: 'CONVERSATION_NOT_FOUND',
      });
    };
    await unseen();
    // The navigation's unread count (decided in SQL) agrees with the policy: the broker's answer is unread for Vera.
    portal.clock.advance(60_000);
    await conversations.replyAsStaff(
      tenant,
      ids.staff,
      filed.conversationId,
      { body: 'Angelegt.', isInternal: false },
      CLI_ORIGIN,
    );
    const unread = async (identityId: string) => {
      const shown = (await portal.services.delegations.navigationFlagsOf(tenant.id, identityId)).unreadConversations;
      const listed = (await conversations.listForPerson(tenant.id, identityId)).items;
      expect(shown).toBe(listed.filter((item) => item.isUnread).length);
      return listed.filter((item) => item.isUnread && item.id === filed.conversationId).length;
    };
    expect([await unread(ids.vera), await unread(ids.walter), await unread(ids.udo)]).toEqual([1, 0, 0]);
    // With "Vorgänge teilen" the grant's people see it; nobody else does.
    await grants.updateGrant(tenant.id, ids.v1, { shareCases: true });
    expect([await unread(ids.walter), await unread(ids.udo)]).toEqual([1, 0]);
    expect((await conversations.listForPerson(tenant.id, ids.walter)).items.map((item) => item.id)).toContain(
      filed.conversationId,
    );
    await expect(conversations.openForPerson(tenant, ids.walter, filed.conversationId)).resolves.toMatchObject({
      isReplyAllowed: true,
    });
    for (const reader of [ids.udo, ids.max]) {
      await expect(conversations.openForPerson(tenant, reader, filed.conversationId)).rejects.toMatchObject({
        code: 'CONVERSATION_NOT_FOUND',
      });
    }
    await grants.updateGrant(tenant.id, ids.v1, { shareCases: false });

    // Udo's grant shows no customer yet: he files through it all the same, unassigned without a Betreuer.
    expect(await conversations.requestKindsFor(tenant.id, ids.udo)).toContain('customer_add');
    const business = await conversations.fileRequestForPerson(tenant, ids.udo, 'customer_add', {
      ...form,
      customerKind: 'business',
      companyName: 'Neu GmbH',
      country: 'AT',
      postcode: '1010',
      city: 'Wien',
    });
    if (!business.ok) throw new Error(JSON.stringify(business.problems));
    const udos = await conversations.listForPerson(tenant.id, ids.udo);
    expect(udos.items.map((item) => [item.subject, item.assignedStaffId])).toEqual([
      ['Kunden anlegen: Neu GmbH', null],
    ]);
  });
});
