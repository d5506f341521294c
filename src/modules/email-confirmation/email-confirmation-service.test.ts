import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identities } from '../../db/schema.js';
import { activatePerson } from '../../../test/support/accounts.js';
import { linkFrom } from '../../../test/support/smtp-receiver.js';
import { databaseKind } from '../../../test/support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { required } from '../../shared/required.js';
import type { RequestOrigin } from '../audit/audit-service.js';
import type { Tenant } from '../tenants/tenant.js';
import { CONFIRMATION_COOLDOWN } from './email-confirmation-service.js';

describe(`email confirmation (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; origin: string };
  let beta: { id: string; origin: string };
  let acmeTenant: Tenant;
  let betaTenant: Tenant;
  const service = () => portal.services.emailConfirmation;
  const db = () => portal.runtime.database.db;
  const web: RequestOrigin = { client: '203.0.113.20', userAgent: 'Test' };

  async function identityOf(email: string) {
    const [row] = await db().select().from(identities).where(eq(identities.email, email));
    return required(row);
  }

  /** Changes the address of a person with a password and returns the token of the confirmation link. */
  async function moveTo(from: string, to: string): Promise<string> {
    await service().changeEmail(from, to, web);
    await portal.deliverMail();
    const link = new URL(linkFrom(await portal.smtp.waitForMail(to), '/confirm-email'));
    return required(link.searchParams.get('token'));
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    acmeTenant = required(await portal.services.tenants.findTenantById(acme.id));
    betaTenant = required(await portal.services.tenants.findTenantById(beta.id));
  });
  afterAll(() => portal.close());

  it('refuses addresses that are no addresses, of any type, length or odd Unicode', async () => {
    await activatePerson(portal, acme, 'eingabe@example.com', 'policyholder');
    const bad: unknown[] = [
      undefined,
      null,
      42,
      { email: 'x@example.com' },
      ['x@example.com'],
      '',
      'ohne-at',
      `${'a'.repeat(250)}@example.com`,
      'zwei@@example.com',
      'steuer\u0000zeichen@example.com',
      'rechts\u202elinks@example.com',
    ];
    for (const value of bad) {
      await expect(service().changeEmail('eingabe@example.com', value, web), String(value)).rejects.toMatchObject({
        code: 'EMAIL_INVALID',
      });
      await expect(service().changeEmail(value, 'neu@example.com', web)).rejects.toMatchObject({
        code: 'EMAIL_INVALID',
      });
    }
    await expect(service().changeEmail('niemand@example.com', 'neu@example.com', web)).rejects.toMatchObject({
      code: 'IDENTITY_NOT_FOUND',
    });
    await activatePerson(portal, acme, 'belegt@example.com', 'policyholder');
    await expect(service().changeEmail('eingabe@example.com', 'Belegt@Example.com', web)).rejects.toMatchObject({
      code: 'EMAIL_TAKEN',
    });
    expect((await identityOf('eingabe@example.com')).emailConfirmedAt).not.toBeNull();
  });

  it('moves the address unconfirmed, tells the old one, and confirms the new one by its link once', async () => {
    await activatePerson(portal, acme, 'alt@example.com', 'policyholder');
    const token = await moveTo('alt@example.com', 'Neu.Adresse@Example.com');
    const oldNotice = await portal.smtp.waitForMail('alt@example.com');
    expect(oldNotice.text).toContain('Neu.Adresse@Example.com');
    const moved = await identityOf('neu.adresse@example.com');
    expect(moved.emailConfirmedAt).toBeNull();

    expect(await service().describeConfirmationLink(token, acmeTenant, web.client)).toEqual({
      state: 'valid',
      email: 'neu.adresse@example.com',
    });
    expect(await service().confirmEmail(token, acmeTenant, web)).toEqual({
      state: 'valid',
      email: 'Neu.Adresse@Example.com',
    });
    expect(await service().confirmEmail(token, acmeTenant, web)).toEqual({ state: 'used' });
    expect((await identityOf('neu.adresse@example.com')).emailConfirmedAt?.toISOString()).toBe(
      portal.clock.now().toISOString(),
    );
    const events = await portal.services.audit.listForTenant(acme.id, 100, { email: 'neu.adresse@example.com' });
    expect(events.filter((event) => event.kind === 'email.confirmed').map((event) => event.origin)).toEqual([
      '203.0.113.20',
    ]);
    expect(events.filter((event) => event.kind === 'email.changed')).toHaveLength(1);
  });

  it('knows no link of another tenant, nor malformed ones, and confirms nothing with them', async () => {
    await activatePerson(portal, acme, 'grenze@example.com', 'policyholder');
    const token = await moveTo('grenze@example.com', 'grenze-neu@example.com');
    expect(await service().describeConfirmationLink(token, betaTenant, web.client)).toEqual({ state: 'unknown' });
    expect(await service().confirmEmail(token, betaTenant, web)).toEqual({ state: 'unknown' });
    expect(await service().confirmEmail(token, null, web)).toEqual({ state: 'unknown' });
    for (const malformed of [undefined, 7, '', `${token}x`, { token }, 'ä'.repeat(5000)]) {
      expect(await service().confirmEmail(malformed, acmeTenant, web)).toEqual({ state: 'unknown' });
    }
    expect((await identityOf('grenze-neu@example.com')).emailConfirmedAt).toBeNull();
    expect(await service().confirmEmail(token, acmeTenant, web)).toMatchObject({ state: 'valid' });
  });

  it('stops a link sent to an address the person has left', async () => {
    await activatePerson(portal, acme, 'wechsel@example.com', 'policyholder');
    const first = await moveTo('wechsel@example.com', 'zwischen@example.com');
    await moveTo('zwischen@example.com', 'ende@example.com');
    expect(await service().confirmEmail(first, acmeTenant, web)).toEqual({ state: 'revoked' });
    expect((await identityOf('ende@example.com')).emailConfirmedAt).toBeNull();
  });

  it('sends a confirmation again only after the cooldown, and never for a confirmed address', async () => {
    await activatePerson(portal, acme, 'erneut@example.com', 'policyholder');
    const confirmed = await identityOf('erneut@example.com');
    expect(await service().sendConfirmationWithCooldown(confirmed.id, acmeTenant)).toEqual({
      retryAfterSeconds: 0,
      wasSent: false,
    });
    await moveTo('erneut@example.com', 'erneut-neu@example.com');
    const outcome = await service().sendConfirmationWithCooldown(confirmed.id, acmeTenant);
    expect(outcome.wasSent).toBe(false);
    expect(outcome.retryAfterSeconds).toBeGreaterThan(0);
    portal.clock.advance(CONFIRMATION_COOLDOWN + 1000);
    expect(await service().sendConfirmationWithCooldown(confirmed.id, acmeTenant)).toEqual({
      retryAfterSeconds: CONFIRMATION_COOLDOWN / 1000,
      wasSent: true,
    });
    expect(await service().sendConfirmationWithCooldown('00000000-0000-4000-8000-000000000000', acmeTenant)).toEqual({
      retryAfterSeconds: 0,
      wasSent: false,
    });
  });

  it("leaves the person's standing at another broker as it was", async () => {
    await activatePerson(portal, acme, 'zwei-makler@example.com', 'policyholder');
    await portal.services.invitations.invite({
      tenantId: beta.id,
      email: 'zwei-makler@example.com',
      name: 'Zwei',
      role: 'policyholder',
    });
    await moveTo('zwei-makler@example.com', 'zwei-neu@example.com');
    const moved = await identityOf('zwei-neu@example.com');
    expect(await portal.services.memberships.listRoles(beta.id, moved.id)).toEqual(['policyholder']);
    const atBeta = await portal.services.audit.listForTenant(beta.id, 100, { email: 'zwei-neu@example.com' });
    expect(atBeta.map((event) => event.kind)).not.toContain('email.changed');
  });
});
