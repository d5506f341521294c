import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiClient, type ApiClient } from '../api/api-client.js';
import {
  ACCOUNT_PASSWORD,
  activatePerson,
  enrolSecondFactor,
  logIn,
  ticketFrom,
  totpCode,
} from '../support/accounts.js';
import { createClient, staffClientOn, errorCodesOf, textOf, type Client } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

type Tenant = { id: string; host: string; origin: string };

/** Broker A and broker B share one customer, who has a password, a second factor and an open session at B. */
interface SharedWorld {
  a: Tenant;
  b: Tenant;
  personEmail: string;
  personId: string;
  secret: string;
  sessionAtB: Client;
  sessionAtA: Client;
  adminId: string;
  adminAtA: Client;
  userAtA: Client;
  api: ApiClient;
  grantId: string;
}

describe(`a person shared by two brokers stays the person's own (${databaseKind})`, () => {
  let portal: TestPortal;

  async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
    return ((await portal.runtime.database.db.execute(query)) as { rows: T[] }).rows;
  }

  async function idOf(email: string): Promise<string> {
    return required((await rows<{ id: string }>(sql`select id from identities where email = ${email}`))[0]).id;
  }

  /** Everything of the person that broker B's login depends on, as stored. */
  async function snapshotAtB(world: SharedWorld): Promise<unknown> {
    const id = world.personId;
    return {
      identity: await rows(
        sql`select email, email_display, password_hash, email_confirmed_at from identities where id = ${id}`,
      ),
      factor: await rows(
        sql`select secret_ciphertext, confirmed_at, last_used_step from second_factors where identity_id = ${id}`,
      ),
      recoveryCodes: await rows(sql`select id, used_at from recovery_codes where identity_id = ${id} order by id`),
      sessions: await rows(
        sql`select id, ended_at from sessions where identity_id = ${id} and tenant_id = ${world.b.id} order by id`,
      ),
      memberships: await rows(
        sql`select role, deactivated_at, first_login_at from memberships where identity_id = ${id} and tenant_id =
          ${world.b.id} order by role`,
      ),
      throttle: await rows(
        sql`select key, failures, locked_until from login_throttles where key = ${`account:${world.personEmail}`}`,
      ),
      openLinksAtB: await rows(
        sql`select id, purpose from action_tokens where identity_id = ${id} and (tenant_id = ${world.b.id} or tenant_id
          is null) and used_at is null and revoked_at is null order by id`,
      ),
    };
  }

  async function logInWithFactor(
    origin: string,
    email: string,
    secret: string,
  ): Promise<{ status: number; client: Client }> {
    portal.clock.advance(31_000);
    const client = createClient(portal.app, origin);
    await client.get('/login');
    const first = await client.post('/login', { email, password: ACCOUNT_PASSWORD });
    if (first.status !== 200 || !textOf(first.body).includes('Bestätigungscode eingeben')) {
      return { status: first.status, client };
    }
    const second = await client.post('/login/second-factor', {
      ticket: ticketFrom(first.body),
      code: totpCode(secret, portal.clock.now()),
    });
    return { status: second.status, client };
  }

  async function shareOnePerson(): Promise<SharedWorld> {
    const tag = randomBytes(4).toString('hex');
    const a = await createTestTenant(portal, `a${tag}`, `Makler A ${tag}`);
    const b = await createTestTenant(portal, `b${tag}`, `Makler B ${tag}`);
    const personEmail = `kunde-${tag}@example.com`;
    await activatePerson(portal, a, `chefin@a${tag}.example`, 'staff_admin');
    await activatePerson(portal, a, `mitarbeiter@a${tag}.example`, 'staff_user');
    await activatePerson(portal, b, personEmail, 'policyholder');
    const atB = await logIn(portal, b.origin, personEmail);
    const { secret } = await enrolSecondFactor(atB, portal.clock.now);
    // Broker A adds the address to one of its grants: access at A at once, as designed.
    await portal.services.invitations.invite({
      tenantId: a.id,
      email: personEmail,
      name: 'Kim Kundin',
      role: 'policyholder',
      grantName: `Familie ${tag}`,
    });
    await portal.deliverMail();
    const [grant] = await rows<{ id: string }>(
      sql`select id from grants where tenant_id = ${a.id} and name = ${`Familie ${tag}`}`,
    );
    const atA = await logInWithFactor(a.origin, personEmail, secret);
    expect(atA.status, 'the person logs in at A once').toBe(303);
    const key = (await portal.services.apiKeys.createApiKey(a.id, 'CRM')).key;
    return {
      a,
      b,
      personEmail,
      personId: await idOf(personEmail),
      secret,
      sessionAtB: atB,
      sessionAtA: atA.client,
      adminId: await idOf(`chefin@a${tag}.example`),
      adminAtA: await staffClientOn(portal.app, a.origin, `chefin@a${tag}.example`, ACCOUNT_PASSWORD),
      userAtA: await staffClientOn(portal.app, a.origin, `mitarbeiter@a${tag}.example`, ACCOUNT_PASSWORD),
      api: createApiClient(portal, key),
      grantId: required(grant).id,
    };
  }

  /** B's open session still works, and a fresh login at B with the old address, password and code succeeds. */
  async function expectUntouchedAtB(world: SharedWorld, before: unknown): Promise<void> {
    expect(await snapshotAtB(world)).toEqual(before);
    const home = await world.sessionAtB.get('/');
    expect(home.status, 'the open session at B').toBe(200);
    expect((await logInWithFactor(world.b.origin, world.personEmail, world.secret)).status, 'a fresh login at B').toBe(
      303,
    );
  }

  /** One of A's actions on the shared person: its answer, then B's side exactly as before it. */
  async function expectActionUntouchedAtB(
    status: number,
    act: (world: SharedWorld) => Promise<{ status: number }>,
  ): Promise<void> {
    const world = await shareOnePerson();
    const before = await snapshotAtB(world);
    expect((await act(world)).status).toBe(status);
    await portal.deliverMail();
    await expectUntouchedAtB(world, before);
  }

  async function isPasswordLocked(email: string): Promise<boolean> {
    const identityId = await idOf(email);
    return (
      (await portal.services.throttle.locksOf([{ identityId, canonicalEmail: email }]))
        .get(identityId)
        ?.includes('password') === true
    );
  }

  async function lockAccount(email: string): Promise<void> {
    for (let attempt = 0; attempt < 50 && !(await isPasswordLocked(email)); attempt++) {
      await portal.services.throttle.reserveAttempt({ account: email, client: `guesser-${attempt}` });
    }
    expect(await isPasswordLocked(email)).toBe(true);
  }

  beforeAll(async () => {
    portal = await createTestPortal();
  });
  afterAll(() => portal.close());

  it('broker A cannot take over the account at B: address change by staff, then "Passwort vergessen" at B', async () => {
    const world = await shareOnePerson();
    const before = await snapshotAtB(world);
    const attacker = `angreifer-${world.a.id.slice(0, 6)}@example.net`;
    const answer = await world.adminAtA.post(`/admin/people/${world.personId}/email`, { email: attacker });
    expect(answer.status).toBe(303);
    const notice = textOf((await world.adminAtA.get(required(answer.location))).body);
    const forgot = createClient(portal.app, world.b.origin);
    await forgot.get('/forgot-password');
    await forgot.post('/forgot-password', { email: attacker });
    await portal.deliverMail();
    expect(
      portal.smtp.mails.filter((mail) => mail.to.includes(attacker)),
      'nothing reaches the new address before the person agrees',
    ).toEqual([]);
    // The person is asked, at the address they log in with, and nothing changed yet.
    const request = await vi.waitFor(() => {
      const found = portal.smtp.mails.find(
        (mail) =>
          mail.to.includes(world.personEmail) &&
          mail.subject === 'Bitte prüfen Sie eine neue E-Mail-Adresse für Ihren Zugang',
      );
      expect(found).toBeDefined();
      return required(found);
    });
    expect(request.text).toContain(attacker);
    expect(linkFrom(request, '/profile?anfrage=')).toMatch(new RegExp(`^${world.a.origin}/profile\\?anfrage=`));
    expect(notice).toContain('Die Änderung ist angefragt');
    await expectUntouchedAtB(world, before);
  });

  it('the API address change is the same request: 202 and nothing moves until the person agrees', async () => {
    const world = await shareOnePerson();
    const before = await snapshotAtB(world);
    const answer = await world.api.call('PATCH', `/people/${world.personId}`, { body: { email: 'neu@example.net' } });
    expect(answer.status).toBe(202);
    expect(answer.body.code).toBe('email_change_requested');
    expect(answer.body.person.email).toBe(world.personEmail);
    await portal.deliverMail();
    expect(portal.smtp.mails.filter((mail) => mail.to.includes('neu@example.net'))).toEqual([]);
    const audit = await rows<{ kind: string; origin: string }>(
      sql`select kind, origin from audit_events where tenant_id = ${world.a.id} and kind =
        'email.change_requested_by_staff'`,
    );
    expect(audit).toEqual([{ kind: 'email.change_requested_by_staff', origin: expect.stringMatching(/^api:/) }]);
    await expectUntouchedAtB(world, before);
  });

  // Each action with the answer it gets: the ones that do not apply to a person with a password are refused as before.
  const workspaceActions: Array<[string, number, (world: SharedWorld) => Promise<{ status: number; body: string }>]> = [
    ['resend the invitation', 404, (world) => world.adminAtA.post(`/admin/people/${world.personId}/resend`, {})],
    ['revoke the invitation', 409, (world) => world.adminAtA.post(`/admin/people/${world.personId}/revoke`, {})],
    ['send a password-reset mail', 303, (world) => world.adminAtA.post(`/admin/people/${world.personId}/reset`, {})],
    ['deactivate', 303, (world) => world.adminAtA.post(`/admin/people/${world.personId}/deactivate`, {})],
    [
      'deactivate and reactivate',
      303,
      async (world) => {
        await world.adminAtA.post(`/admin/people/${world.personId}/deactivate`, {});
        await world.adminAtA.get('/admin/people');
        return world.adminAtA.post(`/admin/people/${world.personId}/reactivate`, {});
      },
    ],
    [
      'reset the second factor',
      403,
      async (world) => {
        await world.adminAtA.get(`/admin/people/${world.personId}/second-factor`);
        return world.adminAtA.post(`/admin/people/${world.personId}/second-factor/remove`, {});
      },
    ],
    [
      'remove from the grant',
      // Answered with the grant's page and a notice naming the person, not a redirect.
      200,
      async (world) => {
        await world.adminAtA.get(`/admin/grants/${world.grantId}`);
        return world.adminAtA.post(`/admin/grants/${world.grantId}/people/${world.personId}/remove`, {});
      },
    ],
    [
      'delete the grant',
      303,
      async (world) => {
        await world.adminAtA.get(`/admin/grants/${world.grantId}`);
        return world.adminAtA.post(`/admin/grants/${world.grantId}/delete`, {});
      },
    ],
  ];

  for (const [name, status, act] of workspaceActions) {
    it(`workspace at A: "${name}" leaves the person's login at B exactly as it was`, () =>
      expectActionUntouchedAtB(status, act));
  }

  it("workspace at A: the second factor of a person of other brokers too is the operator's to reset", async () => {
    const world = await shareOnePerson();
    const page = await world.adminAtA.get(`/admin/people/${world.personId}/second-factor`);
    expect(errorCodesOf(page.body)).toEqual(['OPERATOR_ONLY']);
    const answer = await world.adminAtA.post(`/admin/people/${world.personId}/second-factor/remove`, {});
    expect(answer.status).toBe(403);
    expect(errorCodesOf(answer.body)).toEqual(['OPERATOR_ONLY']);
    expect(await portal.services.secondFactor.hasFactor(world.personId)).toBe(true);
  });

  it("workspace at A: a lock after wrong passwords is the operator's to lift when the person belongs to other brokers too", async () => {
    const world = await shareOnePerson();
    await lockAccount(world.personEmail);
    const before = await snapshotAtB(world);
    const list = await world.adminAtA.get('/admin/people');
    expect(list.body).not.toContain(`/admin/people/${world.personId}/unlock`);
    const answer = await world.adminAtA.post(`/admin/people/${world.personId}/unlock`, {});
    expect(answer.status).toBe(403);
    expect(errorCodesOf(answer.body)).toEqual(['OPERATOR_ONLY']);
    expect(await snapshotAtB(world)).toEqual(before);
    expect(await isPasswordLocked(world.personEmail)).toBe(true);
  });

  const apiActions: Array<[string, number, (world: SharedWorld) => Promise<{ status: number }>]> = [
    [
      'PATCH /people/{id}',
      202,
      (world) => world.api.call('PATCH', `/people/${world.personId}`, { body: { email: 'anders@example.net' } }),
    ],
    ['POST /people/{id}/deactivate', 200, (world) => world.api.call('POST', `/people/${world.personId}/deactivate`)],
    [
      'POST /people/{id}/reactivate',
      200,
      async (world) => {
        await world.api.call('POST', `/people/${world.personId}/deactivate`);
        return world.api.call('POST', `/people/${world.personId}/reactivate`);
      },
    ],
    [
      'POST /people/{id}/resend-invitation',
      409,
      (world) => world.api.call('POST', `/people/${world.personId}/resend-invitation`),
    ],
    [
      'POST /people/{id}/revoke-invitation',
      409,
      (world) => world.api.call('POST', `/people/${world.personId}/revoke-invitation`),
    ],
    [
      'DELETE /grants/{id}/people/{personId}',
      204,
      (world) => world.api.call('DELETE', `/grants/${world.grantId}/people/${world.personId}`),
    ],
    ['DELETE /grants/{id}', 204, (world) => world.api.call('DELETE', `/grants/${world.grantId}`)],
  ];

  for (const [name, status, act] of apiActions) {
    it(`API of A: ${name} leaves the person's login at B exactly as it was`, () =>
      expectActionUntouchedAtB(status, act));
  }

  it('deactivation at A ends the membership and the session at A only', async () => {
    const world = await shareOnePerson();
    expect((await world.sessionAtA.get('/')).status).toBe(200);
    const before = await snapshotAtB(world);
    expect((await world.adminAtA.post(`/admin/people/${world.personId}/deactivate`, {})).status).toBe(303);
    expect((await world.sessionAtA.get('/')).location).toBe('/login');
    const atA = await rows<{ deactivated_at: string | null }>(
      sql`select deactivated_at from memberships where identity_id = ${world.personId} and tenant_id = ${world.a.id}`,
    );
    expect(atA.every((row) => row.deactivated_at !== null)).toBe(true);
    await expectUntouchedAtB(world, before);
  });

  it('a pending invitation of A alone is corrected at once: the invitation goes to the new address, the old link stops working', async () => {
    const world = await shareOnePerson();
    const typo = `tippfehler-${world.a.id.slice(0, 6)}@example.con`;
    await portal.services.invitations.invite({
      tenantId: world.a.id,
      email: typo,
      name: 'Tina Tippfehler',
      role: 'policyholder',
    });
    await portal.deliverMail();
    const oldLink = new URL(linkFrom(await portal.smtp.waitForMail(typo), '/set-password'));
    const id = await idOf(typo);
    const corrected = `richtig-${world.a.id.slice(0, 6)}@example.com`;
    const answer = await world.api.call('PATCH', `/people/${id}`, { body: { email: corrected } });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({
      code: 'email_change_requested',
      person: { email: corrected, name: 'Tina Tippfehler', state: 'invited' },
    });
    await portal.deliverMail();
    const newLink = new URL(linkFrom(await portal.smtp.waitForMail(corrected), '/set-password'));
    expect(newLink.host).toBe(world.a.host);
    const stale = createClient(portal.app, world.a.origin);
    expect((await stale.get(oldLink.pathname + oldLink.search)).status).toBe(410);
    // The identity of the mistyped address had nothing else and is gone; the person is the one of the new address.
    expect(await rows(sql`select id from identities where id = ${id}`)).toHaveLength(0);
    const kinds = await rows<{ kind: string }>(
      sql`select kind from audit_events where identity_id = ${answer.body.person.id} order by created_at`,
    );
    expect(kinds.map((row) => row.kind)).toContain('invitation.readdressed');
  });

  it("a person invited by A and by B (no password yet): A's invitation moves to the new address, B's keeps working", async () => {
    const world = await shareOnePerson();
    const pending = `offen-${world.a.id.slice(0, 6)}@example.com`;
    await portal.services.invitations.invite({
      tenantId: world.b.id,
      email: pending,
      name: 'Otto Offen',
      role: 'policyholder',
    });
    await portal.services.invitations.invite({
      tenantId: world.a.id,
      email: pending,
      name: 'Otto Offen',
      role: 'policyholder',
    });
    await portal.deliverMail();
    const id = await idOf(pending);
    const answer = await world.adminAtA.post(`/admin/people/${id}/email`, { email: 'fremd@example.net' });
    expect(answer.status).toBe(303);
    expect(answer.location).toBe('/admin/people?einladung-umgeleitet');
    const [identity] = await rows<{ email: string }>(sql`select email from identities where id = ${id}`);
    expect(required(identity).email).toBe(pending);
    const atA = await rows<{ email: string }>(
      sql`select i.email from memberships m join identities i on i.id = m.identity_id where m.tenant_id = ${world.a.id}
        and i.email in (${pending}, 'fremd@example.net')`,
    );
    expect(atA.map((row) => row.email)).toEqual(['fremd@example.net']);
    const open = await rows<{ n: number }>(
      sql`select count(*)::int as n from action_tokens where identity_id = ${id} and tenant_id = ${world.b.id} and
        purpose = 'invitation' and used_at is null and revoked_at is null`,
    );
    expect(required(open[0]).n).toBe(1);
  });

  it('the person follows the request: after logging in, Mein Zugang has the address filled in, and only their password sends the link there', async () => {
    const world = await shareOnePerson();
    const wanted = `neu-${world.a.id.slice(0, 6)}@example.org`;
    await world.adminAtA.post(`/admin/people/${world.personId}/email`, { email: wanted });
    await portal.deliverMail();
    const request = await vi.waitFor(() => {
      const found = portal.smtp.mails.find((mail) => mail.to.includes(world.personEmail) && mail.text.includes(wanted));
      expect(found).toBeDefined();
      return required(found);
    });
    const link = new URL(linkFrom(request, '/profile?anfrage='));
    const browser = createClient(portal.app, world.a.origin);
    const opened = await browser.get(link.pathname + link.search);
    expect(opened.location).toBe('/login');
    await browser.get('/login');
    portal.clock.advance(31_000);
    const first = await browser.post('/login', { email: world.personEmail, password: ACCOUNT_PASSWORD });
    const second = await browser.post('/login/second-factor', {
      ticket: ticketFrom(first.body),
      code: totpCode(world.secret, portal.clock.now()),
    });
    expect(second.location).toBe('/profile');
    const profile = await browser.get('/profile');
    expect(profile.body).toContain(`value="${wanted}"`);
    expect(textOf(profile.body)).toContain('Diese Adresse hat Ihr Makler für Sie angegeben');
    // Another person of A opening the same link sees nothing filled in.
    const colleague = await logIn(portal, world.a.origin, `mitarbeiter@${world.a.host.split('.')[0]}.example`);
    expect((await colleague.get(link.pathname + link.search)).body).not.toContain(wanted);
    const wrong = await browser.post('/profile/email', { newEmail: wanted, currentPassword: 'falsch' });
    expect(wrong.status).toBe(401);
    expect(
      (await browser.post('/profile/email', { newEmail: wanted, currentPassword: ACCOUNT_PASSWORD })).location,
    ).toBe('/profile?email-change-requested');
    await portal.deliverMail();
    expect(linkFrom(await portal.smtp.waitForMail(wanted), '/confirm-email-change')).toContain(world.a.host);
    const [identity] = await rows<{ email: string }>(sql`select email from identities where id = ${world.personId}`);
    expect(required(identity).email, 'unchanged until the new address is confirmed').toBe(world.personEmail);
  });

  const roleOrderActions: Array<[string, (world: SharedWorld) => Promise<{ status: number; body: string }>]> = [
    ['deactivate', (world) => world.userAtA.post(`/admin/people/${world.adminId}/deactivate`, {})],
    [
      'change the address',
      (world) => world.userAtA.post(`/admin/people/${world.adminId}/email`, { email: 'uebernahme@example.net' }),
    ],
    ['send a password-reset mail', (world) => world.userAtA.post(`/admin/people/${world.adminId}/reset`, {})],
    ['lift a lock', (world) => world.userAtA.post(`/admin/people/${world.adminId}/unlock`, {})],
    [
      'reset the second factor',
      async (world) => {
        await world.userAtA.get(`/admin/people/${world.adminId}/second-factor`);
        return world.userAtA.post(`/admin/people/${world.adminId}/second-factor/remove`, {});
      },
    ],
  ];

  for (const [name, act] of roleOrderActions) {
    it(`role order: a staff user cannot ${name} of an administrator`, async () => {
      const world = await shareOnePerson();
      const state = () =>
        rows(
          sql`select i.email, i.password_hash, m.deactivated_at, (select count(*)::int from outbox o where o.to_address
            = i.email_display) as mails from identities i join memberships m on m.identity_id = i.id where i.id =
              ${world.adminId}`,
        );
      const before = await state();
      const answer = await act(world);
      expect(answer.status).toBe(403);
      expect(errorCodesOf(answer.body)).toEqual(['ROLE_ORDER']);
      expect(await state()).toEqual(before);
      const list = await world.userAtA.get('/admin/people');
      expect(list.body).not.toContain(`/admin/people/${world.adminId}/deactivate`);
      expect(list.body).not.toContain(`/admin/people/${world.adminId}/email`);
    });
  }

  it('role order: a staff user still deactivates a customer', async () => {
    const world = await shareOnePerson();
    expect((await world.userAtA.post(`/admin/people/${world.personId}/deactivate`, {})).status).toBe(303);
  });

  it('the last active administrator cannot be deactivated, also by two requests at once', async () => {
    const world = await shareOnePerson();
    const only = await world.api.call('POST', `/people/${world.adminId}/deactivate`);
    expect(only.status).toBe(409);
    expect(only.body.code).toBe('last_admin');
    const tag = world.a.host.split('.')[0];
    await activatePerson(portal, world.a, `zweite@${tag}.example`, 'staff_admin');
    const secondId = await idOf(`zweite@${tag}.example`);
    const answers = await Promise.all([
      world.api.call('POST', `/people/${world.adminId}/deactivate`),
      world.api.call('POST', `/people/${secondId}/deactivate`),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const active = await rows<{ n: number }>(
      sql`select count(*)::int as n from memberships where tenant_id = ${world.a.id} and role = 'staff_admin' and
        deactivated_at is null`,
    );
    expect(required(active[0]).n).toBe(1);
  });

  it('a portal user of A removing the shared person as a colleague ends only the access through that grant at A', async () => {
    const world = await shareOnePerson();
    const operator = { identityId: null, origin: { client: 'cli', userAgent: null } };
    const options = {
      includeClaims: false,
      includeReferenceAddresses: false,
      shareCases: false,
      shareContractsAutomatically: false,
      linesOfBusiness: '',
      documentProfile: '',
      separateGrantPerInvitee: false,
      delegatedProfileIds: [] as string[],
    };
    const teamId = (
      (await portal.services.profiles.save(world.a.id, null, { ...options, name: 'Team' }, operator)) as { id: string }
    ).id;
    const firmId = (
      (await portal.services.profiles.save(
        world.a.id,
        null,
        { ...options, name: 'Firma', delegatedProfileIds: [teamId] },
        operator,
      )) as { id: string }
    ).id;
    const tenant = required(await portal.services.tenants.findTenantById(world.a.id));
    const firm = await portal.services.grants.createGrant(world.a.id, {
      name: 'Firma Stein',
      kind: 'customer',
      customerNumbers: ['300001'],
    });
    const holderEmail = `inhaber@${world.a.host.split('.')[0]}.example`;
    await activatePerson(portal, world.a, holderEmail, 'policyholder');
    await portal.services.people.addPersonToGrant(
      tenant,
      firm.id,
      { email: holderEmail, name: 'Ines Inhaber', kind: 'policyholder' },
      operator.origin,
    );
    await portal.services.grants.applyProfile(
      world.a.id,
      firm.id,
      await portal.services.profiles.find(world.a.id, firmId),
    );
    const holderId = await idOf(holderEmail);
    await portal.services.delegations.inviteColleague(
      tenant,
      { identityId: holderId, origin: operator.origin },
      { grantId: firm.id, profileId: teamId, email: world.personEmail, name: 'Kim' },
    );
    await portal.deliverMail();
    const colleague = required(
      (await portal.services.delegations.getOverview(world.a.id, holderId)).colleagues.find(
        (entry) => entry.identityId === world.personId,
      ),
    );
    const before = await snapshotAtB(world);
    const holder = await logIn(portal, world.a.origin, holderEmail);
    await holder.get(`/colleagues/${colleague.grantId}/${world.personId}/remove`);
    expect((await holder.post(`/colleagues/${colleague.grantId}/${world.personId}/remove`, {})).location).toBe(
      '/colleagues?entfernt',
    );
    const members = await rows(
      sql`select 1 from grant_members where grant_id = ${colleague.grantId} and identity_id = ${world.personId}`,
    );
    expect(members).toEqual([]);
    await expectUntouchedAtB(world, before);
  });
});
