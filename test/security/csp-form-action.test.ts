import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT_PASSWORD, activatePerson } from '../support/accounts.js';
import { createClient } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, PLATFORM_ORIGIN, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

function formActionOf(headers: Headers): string[] {
  const directive = (headers.get('content-security-policy') ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith('form-action '));
  return directive === undefined ? [] : directive.split(/\s+/).slice(1);
}

describe(`CSP form-action: only the platform and the brokers' configured hosts (${databaseKind})`, () => {
  const portals: TestPortal[] = [];
  afterEach(async () => {
    for (const portal of portals.splice(0)) {
      await portal.close();
    }
  });
  async function portalWithTwoBrokers() {
    const portal = await createTestPortal();
    portals.push(portal);
    const acme = await createTestTenant(portal);
    const beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    return { portal, acme, beta };
  }

  it("lets the platform's forms reach the brokers' primary hosts and a broker's forms its own hosts and the platform, and nothing else", async () => {
    const { portal, acme, beta } = await portalWithTwoBrokers();
    await portal.services.tenantSettings.addHost(acme.id, 'portal.acme.example', {
      identityId: null,
      origin: { client: '192.0.2.1', userAgent: null },
    });
    const platform = await createClient(portal.app, PLATFORM_ORIGIN).get('/login');
    expect(formActionOf(platform.headers).sort()).toEqual(["'self'", acme.origin, beta.origin].sort());

    const acmePage = await createClient(portal.app, acme.origin).get('/login');
    expect(formActionOf(acmePage.headers).sort()).toEqual(
      ["'self'", PLATFORM_ORIGIN, acme.origin, 'http://portal.acme.example'].sort(),
    );
    for (const page of [platform, acmePage]) {
      expect(formActionOf(page.headers)).not.toContain('http:');
      expect(formActionOf(page.headers)).not.toContain('https:');
      expect(formActionOf(page.headers).some((source) => source.includes('*'))).toBe(false);
    }
    expect(formActionOf(acmePage.headers)).not.toContain(beta.origin);
  });

  it('allows exactly where the platform login hands a person over to', async () => {
    const { portal, acme } = await portalWithTwoBrokers();
    await activatePerson(portal, acme, 'kunde@example.com', 'policyholder');
    const client = createClient(portal.app, PLATFORM_ORIGIN);
    const loginPage = await client.get('/login');
    const answer = await client.post('/login', { email: 'kunde@example.com', password: ACCOUNT_PASSWORD });
    expect(answer.status).toBe(303);
    expect(formActionOf(loginPage.headers)).toContain(new URL(required(answer.location)).origin);
  });

  it('lets the platform hand over to a broker created a moment ago: at once in this process, and for a logged-in person whatever process created it', async () => {
    const { portal, acme } = await portalWithTwoBrokers();
    expect(formActionOf((await createClient(portal.app, PLATFORM_ORIGIN).get('/login')).headers)).not.toContain(
      'http://gamma.portal.test',
    );
    const gamma = await createTestTenant(portal, 'gamma', 'Gamma Makler');
    expect(formActionOf((await createClient(portal.app, PLATFORM_ORIGIN).get('/login')).headers)).toContain(
      gamma.origin,
    );

    // A person of two brokers stays on the platform after the login, to choose the portal.
    await activatePerson(portal, acme, 'kunde@example.com', 'policyholder');
    await portal.services.invitations.invite({
      tenantId: gamma.id,
      email: 'kunde@example.com',
      name: 'Kunde',
      role: 'policyholder',
    });
    const client = createClient(portal.app, PLATFORM_ORIGIN);
    await client.get('/login');
    expect((await client.post('/login', { email: 'kunde@example.com', password: ACCOUNT_PASSWORD })).location).toBe(
      '/',
    );
    // Another process adds a broker: this process's remembered list does not know it yet.
    const [tenant] = (
      (await portal.runtime.database.db.execute(
        sql`insert into tenants (slug, name) values ('delta', 'Delta Makler') returning id`,
      )) as { rows: { id: string }[] }
    ).rows;
    await portal.runtime.database.db.execute(
      sql`insert into tenant_hosts (tenant_id, host, is_primary) values (${required(tenant).id}, 'delta.portal.test',
        true)`,
    );
    expect(formActionOf((await createClient(portal.app, PLATFORM_ORIGIN).get('/login')).headers)).not.toContain(
      'http://delta.portal.test',
    );
    expect(formActionOf((await client.get('/')).headers)).toContain('http://delta.portal.test');
  });

  it("keeps an unknown host's error page and the API to 'self'", async () => {
    const { portal } = await portalWithTwoBrokers();
    const unknown = await createClient(portal.app, 'http://unbekannt.portal.test').get('/login');
    expect(formActionOf(unknown.headers)).toEqual(["'self'"]);
  });
});
