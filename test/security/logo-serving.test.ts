import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

describe(`a broker's SVG logo opened on its own (${databaseKind})`, () => {
  const portals: TestPortal[] = [];
  afterEach(async () => {
    for (const portal of portals.splice(0)) {
      await portal.close();
    }
  });

  it('is served as image/svg+xml with a CSP that allows nothing but inline style, in a sandbox, and nosniff', async () => {
    const portal = await createTestPortal();
    portals.push(portal);
    const acme = await createTestTenant(portal);
    const actor = { identityId: null, origin: { client: '192.0.2.1', userAgent: null } };
    await portal.services.tenantSettings.setLogo(
      acme.id,
      Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 1"><rect width="2" height="1" fill="#0a3d62"/></svg>',
      ),
      actor,
    );
    const answer = await createClient(portal.app, acme.origin).get('/branding/logo?v=1');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/svg+xml');
    expect(answer.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    );
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.body).toContain('viewBox="0 0 2 1"');
  });
});
