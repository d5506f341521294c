import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { activatePerson, logIn } from '../support/accounts.js';
import type { Client } from '../support/browserless-client.js';
import { readPdf } from '../support/pdf-text.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

type Tenant = { id: string; host: string; origin: string };

/** Two customers, each with a motor contract and a grant of its own that includes claims. */
async function seedPortfolio(portal: TestPortal, tenant: Tenant): Promise<void> {
  const results = await portal.services.portfolio.upsertBatch(
    tenant.id,
    ['K1', 'K2'].flatMap((number) => [
      { type: 'customer', action: 'upsert', customer: { customerNumber: number, kind: 'private', lastName: 'Weiß' } },
      {
        type: 'contract',
        action: 'upsert',
        contract: {
          insurerNumber: '5311',
          sparte: '051',
          policyNumber: `KFZ4711${number}`,
          customerNumber: number,
          productName: 'Kfz-Haftpflicht',
          status: 'active',
        },
      },
    ]),
    CLI_ORIGIN,
  );
  expect(results.map((result) => result.status)).toEqual(['created', 'created', 'created', 'created']);
  for (const number of ['K1', 'K2']) {
    await portal.services.grants.createGrant(tenant.id, {
      name: number,
      kind: 'customer',
      customerNumbers: [number],
      shareContractsAutomatically: true,
      includeClaims: true,
    });
  }
}

/** A draft of the person's first claimable contract with every step saved, through the service as the pages do. */
async function draftOf(portal: TestPortal, tenant: Tenant, identityId: string): Promise<string> {
  const [contract] = await portal.services.visibility.visibleContracts(tenant.id, identityId);
  const draft = await portal.services.claims.startDraft(tenant.id, identityId, required(contract).id);
  const yesterday = new Date(portal.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
  const steps: Array<[1 | 2 | 3 | 4, Record<string, string>]> = [
    [
      1,
      {
        lossDate: yesterday,
        lossTime: '17:45',
        place: 'Kiel, Hafenstraße',
        description: 'Beim Ausparken übersehen.\nStoßstange gebrochen.',
        amount: '1.250,50',
      },
    ],
    [2, { police: 'nein' }],
    [3, { plate: 'KI-ÄB 123', driver: 'Jürgen Weiß', towed: 'nein' }],
    [4, { iban: 'DE89 3704 0044 0532 0130 00', accountHolder: 'Jürgen Weiß' }],
  ];
  for (const [step, form] of steps) {
    const saved = await portal.services.claims.saveStep(tenant.id, identityId, draft.id, step, form);
    expect(saved.ok).toBe(true);
  }
  return draft.id;
}

/** A GET as the client's browser, keeping the answer's bytes (the client reads bodies as text). */
async function getBytes(portal: TestPortal, client: Client, origin: string, path: string) {
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const response = await portal.app.request(`${origin}${path}`, { headers: { host: new URL(origin).host, cookie } });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe(`Schadenmeldung.pdf for the reporter and the workspace (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: Tenant;
  let other: Tenant;
  let juergen: string;
  let otherTenantsClaim: string;

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    other = await createTestTenant(portal, 'other', 'Andere Makler AG');
    await seedPortfolio(portal, acme);
    await seedPortfolio(portal, other);
    juergen = await activatePerson(portal, acme, 'juergen@example.com', 'policyholder', {
      grantName: 'K1',
      name: 'Jürgen Weiß',
    });
    await activatePerson(portal, acme, 'erika@example.com', 'policyholder', { grantName: 'K2' });
    await activatePerson(portal, acme, 'staff@acme.example', 'staff_user');
    await activatePerson(portal, other, 'staff@other.example', 'staff_user');
    const stranger = await activatePerson(portal, other, 'stranger@example.com', 'policyholder', { grantName: 'K1' });
    otherTenantsClaim = await draftOf(portal, other, stranger);
    await portal.services.claims.submit(
      required(await portal.services.tenants.findTenantById(other.id)),
      stranger,
      otherTenantsClaim,
    );
  });
  afterAll(async () => {
    await portal.close();
  });

  it('previews the own draft with the message from the last step, then shows the reported claim', async () => {
    const claimId = await draftOf(portal, acme, juergen);
    const client = await logIn(portal, acme.origin, 'juergen@example.com');
    const lastStep = await client.get(`/schaeden/${claimId}/schritt/5`);
    expect(lastStep.body).toContain('name="vorschau"');
    const preview = await client.post(`/schaeden/${claimId}/schritt/5`, {
      message: 'Bitte rufen Sie mich an.\nAb 17 Uhr.',
      vorschau: 'ja',
    });
    expect(preview.status).toBe(303);
    expect(preview.location).toBe(`/schaeden/${claimId}/schadenmeldung.pdf`);

    const draftPdf = await getBytes(portal, client, acme.origin, required(preview.location));
    expect(draftPdf.status).toBe(200);
    expect(draftPdf.headers.get('content-type')).toBe('application/pdf');
    expect(draftPdf.headers.get('content-disposition')).toBe('inline; filename="Schadenmeldung.pdf"');
    expect(draftPdf.headers.get('cache-control')).toBe('private, no-store');
    expect(draftPdf.headers.get('x-content-type-options')).toBe('nosniff');
    expect(draftPdf.headers.get('content-length')).toBe(String(draftPdf.bytes.byteLength));
    const draftText = (await readPdf(draftPdf.bytes)).pages.join('\n');
    for (const shown of [
      'Acme Versicherungsmakler GmbH',
      'Entwurf – Vorschau, noch nicht gemeldet',
      'Jürgen Weiß',
      'KFZ4711K1',
      'Beim Ausparken übersehen.\nStoßstange gebrochen.',
      'KI-ÄB 123',
      'Bitte rufen Sie mich an.\nAb 17 Uhr.',
      'Keine Anhänge.',
    ]) {
      expect(draftText).toContain(shown);
    }
    // The preview saved the message but reported nothing.
    expect((await portal.services.claimHandling.pageForCrm(acme.id, {}, { cursor: null, limit: 50 })).items).toEqual(
      [],
    );

    const submitted = await client.post(`/schaeden/${claimId}/schritt/5`, { message: 'Bitte rufen Sie mich an.' });
    expect(submitted.location).toBe('/schaeden?gemeldet');
    expect((await client.get(`/schaeden/${claimId}`)).body).toContain(`href="/schaeden/${claimId}/schadenmeldung.pdf"`);
    const reported = await getBytes(portal, client, acme.origin, `/schaeden/${claimId}/schadenmeldung.pdf`);
    expect(reported.status).toBe(200);
    const reportedText = (await readPdf(reported.bytes)).pages.join('\n');
    expect(reportedText).toMatch(/Gemeldet am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/);
    expect(reportedText).not.toContain('Entwurf');

    const staff = await logIn(portal, acme.origin, 'staff@acme.example');
    expect((await staff.get(`/admin/schaeden/${claimId}`)).body).toContain(
      `href="/admin/schaeden/${claimId}/schadenmeldung.pdf"`,
    );
    const forStaff = await getBytes(portal, staff, acme.origin, `/admin/schaeden/${claimId}/schadenmeldung.pdf`);
    expect(forStaff.status).toBe(200);
    expect(forStaff.headers.get('content-type')).toBe('application/pdf');
    expect(forStaff.headers.get('content-disposition')).toBe('inline; filename="Schadenmeldung.pdf"');
    const staffText = (await readPdf(forStaff.bytes)).pages.join('\n');
    expect(staffText).toContain('Weiß (K1)');
    expect(staffText).toContain('Bitte rufen Sie mich an.');
  });

  it('answers 404 for another grant’s draft, another tenant’s claim and a made-up id, on both sides', async () => {
    const claimId = await draftOf(portal, acme, juergen);
    const path = `/schaeden/${claimId}/schadenmeldung.pdf`;
    const erika = await logIn(portal, acme.origin, 'erika@example.com');
    const refused = await getBytes(portal, erika, acme.origin, path);
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-type')).toContain('text/html');

    const juergenClient = await logIn(portal, acme.origin, 'juergen@example.com');
    for (const id of [otherTenantsClaim, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect((await getBytes(portal, juergenClient, acme.origin, `/schaeden/${id}/schadenmeldung.pdf`)).status).toBe(
        404,
      );
    }

    const staff = await logIn(portal, acme.origin, 'staff@acme.example');
    // A draft stays the reporter's; another tenant's claim is unknown here.
    for (const id of [claimId, otherTenantsClaim]) {
      expect((await getBytes(portal, staff, acme.origin, `/admin/schaeden/${id}/schadenmeldung.pdf`)).status).toBe(404);
    }
    const otherStaff = await logIn(portal, other.origin, 'staff@other.example');
    expect(
      (await getBytes(portal, otherStaff, other.origin, `/admin/schaeden/${otherTenantsClaim}/schadenmeldung.pdf`))
        .status,
    ).toBe(200);
  });

  it('lets nobody without a login have the PDF', async () => {
    const claimId = await draftOf(portal, acme, juergen);
    const response = await portal.app.request(`${acme.origin}/schaeden/${claimId}/schadenmeldung.pdf`, {
      headers: { host: acme.host },
    });
    expect(response.status).not.toBe(200);
    expect(response.headers.get('content-type') ?? '').not.toContain('application/pdf');
  });
});
