import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, type TestPortal } from '../../../test/support/test-portal.js';
import { DEMO_PENSION } from './demo-portfolio.js';
import { DEMO_CONTACT, DEMO_POLICYHOLDER, DEMO_TENANT, seedDemoIfEmpty } from './demo-seed.js';
import { required } from '../../shared/required.js';
import { CLI_ORIGIN } from '../audit/audit-service.js';

let portal: TestPortal;

beforeAll(async () => {
  portal = await createTestPortal();
});
afterAll(async () => {
  await portal.close();
});

describe('demo seed', () => {
  it('gives Max Mustermann his contracts and the company pension shared by hand, on the first start only', async () => {
    const { tenants, tenantSettings, invitations, grants, portfolio, documents } = portal.services;
    const deps = { tenants, tenantSettings, invitations, grants, portfolio, documents, port: 3000 };
    expect(await seedDemoIfEmpty(deps)).not.toBeNull();
    const tenant = await portal.services.tenants.findTenantBySlug(DEMO_TENANT.slug);
    expect(tenant.contact).toEqual({
      imprintUrl: DEMO_CONTACT.imprintUrl,
      privacyUrl: DEMO_CONTACT.privacyUrl,
      phone: DEMO_CONTACT.contactPhone,
      email: DEMO_CONTACT.contactEmail,
      officeHours: DEMO_CONTACT.officeHours,
      postalAddress: DEMO_CONTACT.postalAddress,
    });
    const person = required(
      (
        await portal.services.people.listPeoplePage(tenant.id, {
          afterId: null,
          limit: 10,
          email: DEMO_POLICYHOLDER.email,
        })
      )[0],
    );
    const contracts = await portal.services.visibility.visibleContracts(tenant.id, person.id);
    expect(contracts.map((contract) => contract.customerNumber).filter((number) => number === '100234')).toHaveLength(
      9,
    );
    expect(
      contracts.filter((contract) => contract.customerNumber === '100235').map((contract) => contract.policyNumber),
    ).toEqual([DEMO_PENSION.policyNumber]);
    expect(contracts.find((contract) => contract.sparte === '051')?.risk.vehicle?.plate).toBe('B-MM 1234');
    expect(new Set(contracts.map((contract) => contract.sparteName))).toEqual(expect.objectContaining({ size: 9 }));
    const customers = await portal.services.visibility.visibleCustomers(tenant.id, person.id);
    expect(customers.map((customer) => [customer.customerNumber, customer.referenceAddresses.length])).toEqual([
      ['100234', 1],
    ]);

    const shown = await documents.listForPerson(tenant.id, person.id, {}, { limit: 10 });
    expect(shown.items.map((document) => [document.title, document.isNew])).toEqual(
      expect.arrayContaining([
        ['Police Hausrat Komfort', true],
        ['Beitragsrechnung 2026 Hausrat', true],
        ['Willkommen im Kundenportal', true],
      ]),
    );
    const opened = await documents.openForPerson(tenant.id, person.id, required(shown.items[0]).id, CLI_ORIGIN);
    const chunks: Buffer[] = [];
    for await (const chunk of opened.body) chunks.push(Buffer.from(chunk as Uint8Array));
    expect(Buffer.concat(chunks).subarray(0, 8).toString()).toBe('%PDF-1.4');

    expect(await seedDemoIfEmpty(deps)).toBeNull();
  });
});
