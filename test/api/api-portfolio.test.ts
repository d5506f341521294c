import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKind } from '../support/test-database.js';
import { expectAnswersMatchContract } from './api-client.js';
import { createApiWorld, type ApiWorld } from './api-setup.js';

const customerBody = (lastName = 'Mustermann') => ({
  kind: 'private',
  firstName: 'Max',
  lastName,
  dateOfBirth: '1975-06-01',
  address: { street: 'Musterweg 1', postcode: '12345', city: 'Musterstadt', country: 'DE' },
  emailAddresses: ['max@example.com'],
  referenceAddresses: [{ label: 'Garage', street: 'Hofweg 2', postcode: '12345', city: 'Musterstadt' }],
});
const contractBody = (customerNumber: string, extra: Record<string, unknown> = {}) => ({
  customerNumber,
  insurerName: 'Muster Versicherung AG',
  status: 'active',
  startDate: '2022-01-01',
  premiumGrossCents: 9_900,
  ...extra,
});
const upsertContract = (
  policyNumber: string,
  customerNumber: string,
  sparte = '130',
  extra: Record<string, unknown> = {},
) => ({
  type: 'contract',
  action: 'upsert',
  contract: { insurerNumber: '9001', sparte, policyNumber, ...contractBody(customerNumber, extra) },
});
const upsertCustomer = (customerNumber: string) => ({
  type: 'customer',
  action: 'upsert',
  customer: { customerNumber, ...customerBody() },
});

describe(`API v1 portfolio (${databaseKind})`, () => {
  let world: ApiWorld;

  beforeAll(async () => {
    world = await createApiWorld();
  });
  afterAll(() => world.portal.close());

  /** A grant over the customers with one person on it; answers the grant's and the person's ids. */
  async function grantWithPerson(
    name: string,
    email: string,
    grant: Record<string, unknown>,
  ): Promise<{ grantId: string; personId: string }> {
    const created = await world.api.call('POST', '/grants', { body: { name, kind: 'customer', ...grant } });
    expect(created.status).toBe(201);
    const person = await world.api.call('POST', `/grants/${created.body.id}/people`, {
      body: { email, name: 'Max Mustermann', kind: 'policyholder' },
    });
    expect(person.status).toBe(201);
    return { grantId: created.body.id, personId: person.body.id };
  }

  async function visiblePolicies(personId: string, api = world.api): Promise<string[]> {
    const answer = await api.call('GET', `/people/${personId}/visible-contracts`);
    expect(answer.status).toBe(200);
    return answer.body.items.map((contract: { policyNumber: string }) => contract.policyNumber);
  }

  it('upserts a customer and a contract by their keys: created once, replaced after, deleted idempotently', async () => {
    const created = await world.api.call('PUT', '/customers/100', { body: customerBody() });
    expect(created.status).toBe(201);
    const replaced = await world.api.call('PUT', '/customers/100', { body: customerBody('Musterfrau') });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: created.body.id, customerNumber: '100', displayName: 'Max Musterfrau' });
    expect(replaced.body.referenceAddresses).toEqual([
      { label: 'Garage', street: 'Hofweg 2', postcode: '12345', city: 'Musterstadt', country: null },
    ]);

    const vehicle = { plate: 'M-AX 123', hsn: '0603', tsn: 'BKM', noClaimsClass: 'SF12' };
    const contract = await world.api.call('PUT', '/contracts/9001/051/ab123', {
      body: contractBody('100', { risk: { vehicle } }),
    });
    expect(contract.status).toBe(201);
    expect(contract.body).toMatchObject({
      insurerNumber: '9001',
      sparte: '051',
      sparteName: 'Kfz-Haftpflicht',
      policyNumber: 'AB123',
    });
    expect(contract.body.risk.vehicle).toEqual({ ...vehicle, vin: null });
    expect(contract.body.customerName).toBe('Max Musterfrau');
    expect((await world.api.call('PUT', '/contracts/9001/051/AB123', { body: contractBody('100') })).status).toBe(200);

    expect((await world.api.call('DELETE', '/contracts/9001/051/AB123')).status).toBe(204);
    expect((await world.api.call('DELETE', '/contracts/9001/051/AB123')).status).toBe(204);
    expect((await world.api.call('DELETE', '/customers/100')).status).toBe(204);
    expect((await world.api.call('DELETE', '/customers/100')).status).toBe(204);
    await expectAnswersMatchContract(world.portal, world.api.recorded);
  });

  it('answers bad single records with a stable code and writes nothing', async () => {
    await world.api.call('PUT', '/customers/200', { body: customerBody() });
    const cases: [string, unknown, number, string][] = [
      ['/contracts/9001/130/X1', contractBody('NOBODY'), 422, 'customer_not_found'],
      ['/contracts/9001/130/X2', contractBody('200', { startDate: '2024-02-31' }), 422, 'date_invalid'],
      ['/contracts/9001/13/X3', contractBody('200'), 422, 'sparte_invalid'],
      ['/contracts/9001/130/X4', contractBody('200', { premiumGrossCents: '99,00' }), 400, 'validation_failed'],
      ['/contracts/TOOLONG/130/X5', contractBody('200'), 422, 'insurer_number_invalid'],
      ['/contracts/9001/130/AB-123', contractBody('200'), 422, 'policy_number_invalid'],
      ['/contracts/9001/130/X6', contractBody('200', { status: 'gekündigt' }), 400, 'validation_failed'],
    ];
    for (const [path, requestBody, status, code] of cases) {
      const answer = await world.api.call('PUT', path, { body: requestBody });
      expect([path, answer.status, answer.body.code, answer.headers.get('content-type')]).toEqual([
        path,
        status,
        code,
        'application/problem+json',
      ]);
    }
    const person = await grantWithPerson('Nichts geschrieben', 'nichts@example.com', {
      customerNumbers: ['200'],
      shareContractsAutomatically: true,
    });
    expect(await visiblePolicies(person.personId)).toEqual([]);
    await expectAnswersMatchContract(world.portal, world.api.recorded);
  });

  it('syncs a mixed batch: each bad item fails alone with its code, the rest commits, and a repeated key replays the answer', async () => {
    const items = [
      upsertCustomer('300'),
      upsertContract('S1', '300'),
      upsertContract('S2', '300', '130', { startDate: '2023-02-31' }),
      upsertContract('S3', '300', '130', { premiumNetCents: 'viel' }),
      upsertContract('S4', '300', '1300'),
      upsertContract('S5', '999'),
      upsertContract('S1', '300'),
      { type: 'contract', action: 'delete', insurerNumber: '9001', sparte: '130', policyNumber: 'NEVER' },
      42,
    ];
    const headers = { 'idempotency-key': 'sync-1' };
    const answer = await world.api.call('POST', '/portfolio/sync', { body: { items }, headers });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ created: 2, updated: 0, deleted: 0, notFound: 1, failed: 6 });
    expect(
      answer.body.results.map(
        (result: { status: string; error?: { code: string } }) => result.error?.code ?? result.status,
      ),
    ).toEqual([
      'created',
      'created',
      'DATE_INVALID',
      'AMOUNT_INVALID',
      'SPARTE_INVALID',
      'CUSTOMER_NOT_FOUND',
      'DUPLICATE_IN_BATCH',
      'not_found',
      'VALIDATION_FAILED',
    ]);
    const replay = await world.api.call('POST', '/portfolio/sync', { body: { items }, headers });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(answer.body);
    const again = await world.api.call('POST', '/portfolio/sync', { body: { items: items.slice(0, 2) } });
    expect(again.body.results.map((result: { status: string }) => result.status)).toEqual(['updated', 'updated']);
    expect((await world.api.call('POST', '/portfolio/sync', { body: { items: [] } })).body.code).toBe(
      'validation_failed',
    );
    const tooMany = Array.from({ length: 1001 }, () => upsertCustomer('301'));
    expect((await world.api.call('POST', '/portfolio/sync', { body: { items: tooMany } })).status).toBe(400);
    const person = await grantWithPerson('Sync', 'sync@example.com', {
      customerNumbers: ['300'],
      shareContractsAutomatically: true,
    });
    expect(await visiblePolicies(person.personId)).toEqual(['S1']);
    await expectAnswersMatchContract(world.portal, world.api.recorded);
  });

  it('shows a contract shared by hand at the next request, and no longer once it is withdrawn', async () => {
    const contracts = [
      upsertContract('M1', '400'),
      upsertContract('M2', '400', '070'),
      upsertContract('E1', '401', '010'),
    ];
    const items = [upsertCustomer('400'), upsertCustomer('401'), ...contracts];
    await world.api.call('POST', '/portfolio/sync', { body: { items } });
    const { grantId, personId } = await grantWithPerson('Hand', 'hand@example.com', { customerNumbers: ['400'] });
    expect(await visiblePolicies(personId)).toEqual([]);
    const m2 = (await world.api.call('PUT', '/contracts/9001/070/M2', { body: contractBody('400') })).body.id;
    const employer = (await world.api.call('PUT', '/contracts/9001/010/E1', { body: contractBody('401') })).body.id;
    expect((await world.api.call('PUT', `/grants/${grantId}/contracts/${m2}`)).status).toBe(204);
    expect((await world.api.call('PUT', `/grants/${grantId}/contracts/${m2}`)).status).toBe(204);
    expect((await world.api.call('PUT', `/grants/${grantId}/contracts/${employer}`)).status).toBe(204);
    expect(await visiblePolicies(personId)).toEqual(['E1', 'M2']);
    expect((await world.api.call('DELETE', `/grants/${grantId}/contracts/${m2}`)).status).toBe(204);
    expect(await visiblePolicies(personId)).toEqual(['E1']);
    await world.api.call('PATCH', `/grants/${grantId}`, {
      body: { shareContractsAutomatically: true, restrictedLinesOfBusiness: ['Hausrat'] },
    });
    expect(await visiblePolicies(personId)).toEqual(['M1']);
    await expectAnswersMatchContract(world.portal, world.api.recorded);
  });

  it('ends what a person sees when they are removed from the grant or deactivated', async () => {
    await world.api.call('POST', '/portfolio/sync', {
      body: { items: [upsertCustomer('500'), upsertContract('R1', '500')] },
    });
    const removed = await grantWithPerson('Entfernt', 'entfernt@example.com', {
      customerNumbers: ['500'],
      shareContractsAutomatically: true,
    });
    expect(await visiblePolicies(removed.personId)).toEqual(['R1']);
    expect((await world.api.call('DELETE', `/grants/${removed.grantId}/people/${removed.personId}`)).status).toBe(204);
    expect((await world.api.call('GET', `/people/${removed.personId}/visible-contracts`)).status).toBe(404);

    const deactivated = await grantWithPerson('Deaktiviert', 'deaktiviert@example.com', {
      customerNumbers: ['500'],
      shareContractsAutomatically: true,
    });
    expect(await visiblePolicies(deactivated.personId)).toEqual(['R1']);
    expect((await world.api.call('POST', `/people/${deactivated.personId}/deactivate`)).status).toBe(200);
    expect(await visiblePolicies(deactivated.personId)).toEqual([]);
    expect((await world.api.call('POST', `/people/${deactivated.personId}/reactivate`)).status).toBe(200);
    expect(await visiblePolicies(deactivated.personId)).toEqual(['R1']);
  });

  it("keeps tenants apart: another broker's grants, contracts and people answer 404 and its keys write its own portfolio", async () => {
    await world.api.call('POST', '/portfolio/sync', {
      body: { items: [upsertCustomer('600'), upsertContract('T1', '600')] },
    });
    const acmeContract = (await world.api.call('PUT', '/contracts/9001/130/T1', { body: contractBody('600') })).body.id;
    const { grantId, personId } = await grantWithPerson('Mandant', 'mandant@example.com', {
      customerNumbers: ['600'],
      shareContractsAutomatically: true,
    });
    const betaGrant = (
      await world.betaApi.call('POST', '/grants', {
        body: { name: 'Beta', kind: 'customer', customerNumbers: ['600'] },
      })
    ).body.id;
    expect((await world.betaApi.call('PUT', `/grants/${betaGrant}/contracts/${acmeContract}`)).body.code).toBe(
      'contract_not_found',
    );
    expect((await world.api.call('PUT', `/grants/${betaGrant}/contracts/${acmeContract}`)).body.code).toBe(
      'grant_not_found',
    );
    expect((await world.betaApi.call('GET', `/people/${personId}/visible-contracts`)).status).toBe(404);
    expect((await world.betaApi.call('DELETE', `/grants/${grantId}/contracts/${acmeContract}`)).status).toBe(404);
    expect((await world.betaApi.call('DELETE', '/customers/600')).status).toBe(204);
    expect((await world.api.call('PUT', `/grants/${grantId}/contracts/not-a-uuid`)).body.code).toBe(
      'contract_not_found',
    );
    expect((await world.api.call('PUT', `/grants/not-a-uuid/contracts/${acmeContract}`)).body.code).toBe(
      'grant_not_found',
    );
    expect((await world.api.call('GET', '/people/not-a-uuid/visible-contracts')).body.code).toBe('person_not_found');
    expect(await visiblePolicies(personId)).toEqual(['T1']);
    await expectAnswersMatchContract(world.portal, world.betaApi.recorded);
  });
  it('pages the visible contracts by their key: 100 by default, at most 1000, a cursor until the last page', async () => {
    const policies = Array.from({ length: 103 }, (_, index) => `PG${String(index).padStart(3, '0')}`);
    const items = [
      upsertCustomer('700'),
      ...policies.map((policy, index) => upsertContract(policy, '700', index % 2 === 0 ? '130' : '040')),
    ];
    const synced = await world.api.call('POST', '/portfolio/sync', { body: { items } });
    expect([synced.status, synced.body.failed]).toEqual([200, 0]);
    const { personId } = await grantWithPerson('Viele Verträge', 'viele@example.com', {
      customerNumbers: ['700'],
      shareContractsAutomatically: true,
    });
    const path = `/people/${personId}/visible-contracts`;
    const first = await world.api.call('GET', path);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(100);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await world.api.call('GET', `${path}?cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(3);
    expect(second.body.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let round = 0; round < 30; round += 1) {
      const answer = await world.api.call('GET', `${path}?limit=7${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(answer.status).toBe(200);
      expect(answer.body.items.length).toBeLessThanOrEqual(7);
      seen.push(...answer.body.items.map((contract: { policyNumber: string }) => contract.policyNumber));
      cursor = answer.body.nextCursor;
      if (cursor === null) break;
    }
    expect(cursor).toBeNull();
    const expected = [
      ...policies.filter((_, index) => index % 2 === 1),
      ...policies.filter((_, index) => index % 2 === 0),
    ];
    expect(seen).toEqual(expected);
    expect([...first.body.items, ...second.body.items].map((c: { policyNumber: string }) => c.policyNumber)).toEqual(
      expected,
    );
    const filtered = await world.api.call('GET', `${path}?sparte=130&limit=1000`);
    expect([filtered.body.items.length, filtered.body.nextCursor]).toEqual([52, null]);

    for (const query of ['limit=0', 'limit=1001', 'limit=zehn', 'cursor=irgendwas', 'cursor=130-9001-']) {
      const answer = await world.api.call('GET', `${path}?${query}`);
      expect([query, answer.status, answer.body.code]).toEqual([query, 400, 'validation_failed']);
    }
    await expectAnswersMatchContract(world.portal, world.api.recorded);
  });
});
