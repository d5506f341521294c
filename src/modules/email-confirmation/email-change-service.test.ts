import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identities } from '../../db/schema.js';
import { MINUTE } from '../../shared/clock.js';
import { ACCOUNT_PASSWORD, activatePerson } from '../../../test/support/accounts.js';
import { linkFrom } from '../../../test/support/smtp-receiver.js';
import { databaseKind } from '../../../test/support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { required } from '../../shared/required.js';
import type { RequestOrigin } from '../audit/audit-service.js';
import type { Tenant } from '../tenants/tenant.js';

describe(`email change (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; origin: string };
  let acmeTenant: Tenant;
  let betaTenant: Tenant;
  const service = () => portal.services.emailChange;
  const db = () => portal.runtime.database.db;
  const web: RequestOrigin = { client: '203.0.113.30', userAgent: 'Test' };

  async function identityOf(email: string) {
    const [row] = await db().select().from(identities).where(eq(identities.email, email));
    return required(row);
  }

  const request = async (email: string, newEmail: string, currentPassword = ACCOUNT_PASSWORD) =>
    service().requestEmailChange({
      identityId: (await identityOf(email)).id,
      currentPassword,
      newEmail,
      tenant: acmeTenant,
      origin: web,
    });

  async function tokenSentTo(email: string): Promise<string> {
    await portal.deliverMail();
    const link = new URL(linkFrom(await portal.smtp.waitForMail(email), '/confirm-email-change'));
    return required(link.searchParams.get('token'));
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    const beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    acmeTenant = required(await portal.services.tenants.findTenantById(acme.id));
    betaTenant = required(await portal.services.tenants.findTenantById(beta.id));
  });
  afterAll(() => portal.close());

  it('asks for the current password and a new, different, valid address', async () => {
    await activatePerson(portal, acme, 'pruefung@example.com', 'policyholder');
    expect(await request('pruefung@example.com', 'neu@example.com', 'falsch')).toEqual({
      kind: 'current_password_wrong',
    });
    for (const bad of ['', 'ohne-at', `${'a'.repeat(250)}@example.com`, 'rechts\u202elinks@example.com']) {
      expect(await request('pruefung@example.com', bad), bad).toEqual({ kind: 'email_invalid' });
    }
    expect(await request('pruefung@example.com', 'Pruefung@Example.com')).toEqual({ kind: 'same_address' });
    expect(
      await service().requestEmailChange({
        identityId: '00000000-0000-4000-8000-000000000000',
        currentPassword: ACCOUNT_PASSWORD,
        newEmail: 'neu@example.com',
        tenant: acmeTenant,
        origin: web,
      }),
    ).toEqual({ kind: 'current_password_wrong' });
    expect((await identityOf('pruefung@example.com')).email).toBe('pruefung@example.com');
  });

  it('moves the account only when the link is used, once, and only at the tenant that sent it', async () => {
    await activatePerson(portal, acme, 'umzug@example.com', 'policyholder');
    expect(await request('umzug@example.com', 'Umzug.Neu@example.com')).toEqual({ kind: 'requested' });
    expect(await request('umzug@example.com', 'umzug.neu@example.com')).toMatchObject({ kind: 'too_soon' });
    const token = await tokenSentTo('Umzug.Neu@example.com');
    expect((await identityOf('umzug@example.com')).email).toBe('umzug@example.com');

    expect(await service().confirmEmailChange(token, betaTenant, web)).toEqual({ state: 'unknown' });
    expect(await service().confirmEmailChange({ token }, acmeTenant, web)).toEqual({ state: 'unknown' });
    expect(await service().describeEmailChangeLink(token, acmeTenant, web.client)).toEqual({
      state: 'valid',
      email: 'Umzug.Neu@example.com',
    });
    expect(await service().confirmEmailChange(token, acmeTenant, web)).toEqual({
      state: 'valid',
      email: 'Umzug.Neu@example.com',
    });
    expect(await service().confirmEmailChange(token, acmeTenant, web)).toEqual({ state: 'used' });
    const moved = await identityOf('umzug.neu@example.com');
    expect(moved.emailConfirmedAt).not.toBeNull();
    const kinds = (await portal.services.audit.listForTenant(acme.id, 100, { email: 'umzug.neu@example.com' })).map(
      (event) => event.kind,
    );
    expect(kinds).toEqual(expect.arrayContaining(['email.change_requested', 'email.changed', 'email.confirmed']));
  });

  it('answers a taken address the same way, tells its owner, and never moves onto it', async () => {
    await activatePerson(portal, acme, 'sucher@example.com', 'policyholder');
    await activatePerson(portal, acme, 'besitzer@example.com', 'policyholder');
    expect(await request('sucher@example.com', 'besitzer@example.com')).toEqual({ kind: 'requested' });
    await portal.deliverMail();
    const notice = await portal.smtp.waitForMail('besitzer@example.com');
    expect(notice.text).not.toContain('/confirm-email-change');

    // The address was free at the request but is taken by the time the link is used.
    portal.clock.advance(2 * MINUTE);
    expect(await request('sucher@example.com', 'spaeter-belegt@example.com')).toEqual({ kind: 'requested' });
    const token = await tokenSentTo('spaeter-belegt@example.com');
    await activatePerson(portal, acme, 'spaeter-belegt@example.com', 'policyholder');
    expect(await service().confirmEmailChange(token, acmeTenant, web)).toEqual({ state: 'revoked' });
    expect((await identityOf('sucher@example.com')).email).toBe('sucher@example.com');
  });
});
