import { afterEach, describe, expect, it } from 'vitest';
import { describeCliError } from '../../src/cli/cli-environment.js';
import { runCommand } from '../../src/operator-commands/commands.js';
import { expectedErrorOf, takenErrorOf } from '../../src/db/database-errors.js';
import { grantProfiles, grants, tenantHosts, tenants } from '../../src/db/schema.js';
import { errorCodesOf } from '../support/browserless-client.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { createApiClient } from '../api/api-client.js';
import { required } from '../../src/shared/required.js';

/** What the caller of each of two identical requests got: the value, or the error it was refused with. */
async function both<T>(first: () => Promise<T>, second: () => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  return Promise.allSettled([first(), second()]);
}

describe(`two identical creations at once: one succeeds, the other is told the name is taken (${databaseKind})`, () => {
  const portals: TestPortal[] = [];
  afterEach(async () => {
    for (const portal of portals.splice(0)) {
      await portal.close();
    }
  });
  async function newPortal(): Promise<TestPortal> {
    const portal = await createTestPortal();
    portals.push(portal);
    return portal;
  }

  it('maps a unique violation of each raced constraint, as the database reports it, to its *_TAKEN code', async () => {
    const portal = await newPortal();
    const acme = await createTestTenant(portal);
    const db = portal.database.handle.db;
    const duplicateOf = async (insert: () => Promise<unknown>): Promise<unknown> =>
      insert().then(
        () => null,
        (error: unknown) => error,
      );
    const errors = {
      slug: await duplicateOf(() => db.insert(tenants).values({ slug: 'acme', name: 'Zweite Acme' })),
      host: await duplicateOf(() =>
        db.insert(tenantHosts).values({ tenantId: acme.id, host: acme.host, isPrimary: false }),
      ),
      grant: await duplicateOf(async () => {
        await db.insert(grants).values({ tenantId: acme.id, name: 'Familie', kind: 'customer' });
        await db.insert(grants).values({ tenantId: acme.id, name: 'Familie', kind: 'customer' });
      }),
      profile: await duplicateOf(async () => {
        await db.insert(grantProfiles).values({ tenantId: acme.id, name: 'Firma' });
        await db.insert(grantProfiles).values({ tenantId: acme.id, name: 'Firma' });
      }),
    };
    expect(
      Object.fromEntries(Object.entries(errors).map(([name, error]) => [name, takenErrorOf(error)?.code])),
    ).toEqual({
      slug: 'TENANT_SLUG_TAKEN',
      host: 'HOST_TAKEN',
      grant: 'GRANT_NAME_TAKEN',
      profile: 'PROFILE_NAME_TAKEN',
    });
    expect(takenErrorOf(new Error('something else'))).toBeNull();
  });

  it('API: two POST /grants with one name answer 201 and 409 grant_name_taken', async () => {
    const portal = await newPortal();
    const acme = await createTestTenant(portal);
    const api = createApiClient(portal, (await portal.services.apiKeys.createApiKey(acme.id, 'CRM')).key);
    const create = () => api.call('POST', '/grants', { body: { name: 'Familie Müller', kind: 'customer' } });
    const answers = await Promise.all([create(), create()]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const refused = required(answers.find((answer) => answer.status === 409));
    expect([refused.headers.get('content-type'), refused.body.code]).toEqual([
      'application/problem+json',
      'grant_name_taken',
    ]);
  });

  it('workspace: two staff members saving a profile of one name: one is stored, the other sees the problem next to the name', async () => {
    const portal = await newPortal();
    const acme = await createTestTenant(portal);
    await activatePerson(portal, acme, 'eins@acme.example', 'staff_user');
    await activatePerson(portal, acme, 'zwei@acme.example', 'staff_user');
    const [first, second] = [
      await logIn(portal, acme.origin, 'eins@acme.example'),
      await logIn(portal, acme.origin, 'zwei@acme.example'),
    ];
    await Promise.all([first.get('/admin/profiles'), second.get('/admin/profiles')]);
    const form = { name: 'Firmenkunde', linesOfBusiness: '', documentProfile: '' };
    const answers = await Promise.all([first.post('/admin/profiles', form), second.post('/admin/profiles', form)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([303, 422]);
    expect(errorCodesOf(required(answers.find((answer) => answer.status === 422)).body)).toEqual([
      'PROFILE_NAME_TAKEN',
    ]);
    expect((await portal.services.profiles.list(acme.id)).map((profile) => profile.name)).toEqual(['Firmenkunde']);
  });

  it('workspace: two administrators adding one address: one is added, the other is told it is in use', async () => {
    const portal = await newPortal();
    const acme = await createTestTenant(portal);
    await activatePerson(portal, acme, 'eins@acme.example', 'staff_admin');
    await activatePerson(portal, acme, 'zwei@acme.example', 'staff_admin');
    const [first, second] = [
      await logIn(portal, acme.origin, 'eins@acme.example'),
      await logIn(portal, acme.origin, 'zwei@acme.example'),
    ];
    await Promise.all([first.get('/admin/settings'), second.get('/admin/settings')]);
    const answers = await Promise.all([
      first.post('/admin/settings/hosts', { host: 'portal.acme.example' }),
      second.post('/admin/settings/hosts', { host: 'portal.acme.example' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([303, 422]);
    expect(errorCodesOf(required(answers.find((answer) => answer.status === 422)).body)).toEqual(['HOST_TAKEN']);
  });

  it('CLI: two `tenant create` with one slug: one creates it, the other ends with one line and exit code 1', async () => {
    const portal = await newPortal();
    const create = (host: string) => () =>
      runCommand(portal.services, 'tenant.create', { slug: 'gleich', name: 'Gleich GmbH', host: [host] });
    const outcomes = await both(create('eins.portal.test'), create('zwei.portal.test'));
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = required(outcomes.find((outcome) => outcome.status === 'rejected')).reason;
    expect(expectedErrorOf(refused)?.code).toBe('TENANT_SLUG_TAKEN');
    const { line, exitCode } = describeCliError(refused);
    expect([line.split('\n').length, exitCode]).toEqual([1, 1]);
    expect(line).toMatch(/^Error: A tenant with (this )?slug .*exists already$/);
  });

  it('CLI: two tenants created at once with one host: one gets it, the other ends with one line and exit code 1', async () => {
    const portal = await newPortal();
    const create = (slug: string) => () =>
      runCommand(portal.services, 'tenant.create', { slug, name: `${slug} GmbH`, host: ['gemeinsam.portal.test'] });
    const outcomes = await both(create('erste'), create('zweite'));
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = required(outcomes.find((outcome) => outcome.status === 'rejected')).reason;
    expect(expectedErrorOf(refused)?.code).toBe('HOST_TAKEN');
    expect(describeCliError(refused)).toEqual({
      line: expect.stringMatching(/^Error: .*(H|h)ost.* (already )?in use/),
      exitCode: 1,
    });
    expect((await portal.database.handle.db.select({ slug: tenants.slug }).from(tenants)).length).toBe(1);
  });
});
