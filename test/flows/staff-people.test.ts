import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, errorCodesOf, personEntryOf, textOf, type Client } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const PASSWORD = 'Verwaltung macht Spass 4!';

describe(`staff manage people in their own tenant (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };

  async function activate(
    tenant: { id: string; origin: string },
    email: string,
    role: 'staff_admin' | 'policyholder',
  ): Promise<void> {
    await portal.services.invitations.invite({ tenantId: tenant.id, email, name: `Person ${email}`, role });
    await portal.deliverMail();
    const link = new URL(linkFrom(await portal.smtp.waitForMail(email), '/set-password'));
    const client = createClient(portal.app, tenant.origin);
    await client.get(link.pathname + link.search);
    await client.post('/set-password', {
      token: required(link.searchParams.get('token')),
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
  }

  async function logIn(origin: string, email: string): Promise<Client> {
    const client = createClient(portal.app, origin);
    await client.get('/login');
    expect((await client.post('/login', { email, password: PASSWORD })).status).toBe(303);
    return client;
  }

  /** A person of acme who is invited and has not set a password yet; their invitation mail is taken. */
  async function invited(email: string, name: string): Promise<{ identityId: string }> {
    const outcome = await portal.services.invitations.invite({ tenantId: acme.id, email, name, role: 'policyholder' });
    await portal.deliverMail();
    await portal.smtp.waitForMail(email);
    return { identityId: outcome.identityId };
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    await activate(acme, 'chefin@acme.example', 'staff_admin');
    await activate(acme, 'kunde@example.com', 'policyholder');
    await activate(beta, 'chef@beta.example', 'staff_admin');
    await portal.services.invitations.invite({
      tenantId: beta.id,
      email: 'beta-kunde@example.com',
      name: 'Bea Kundin',
      role: 'policyholder',
    });
    await portal.deliverMail();
    await portal.smtp.waitForMail('beta-kunde@example.com');
  });
  afterAll(() => portal.close());

  it("is for the tenant's staff only", async () => {
    expect((await createClient(portal.app, acme.origin).get('/admin/people')).location).toBe('/login');
    const customer = await logIn(acme.origin, 'kunde@example.com');
    expect((await customer.get('/admin/people')).status).toBe(404);
    expect(textOf((await customer.get('/')).body)).not.toContain('Verwaltung');
    const staff = await logIn(acme.origin, 'chefin@acme.example');
    expect(textOf((await staff.get('/')).body)).toContain('Verwaltung');
    const page = (await staff.get('/admin/people')).body;
    expect(personEntryOf(page, 'kunde@example.com')).toContain('Versicherungsnehmer');
    expect(page).not.toContain('beta-kunde@example.com');
  });

  it('invites from the browser and shows the person as invited', async () => {
    const staff = await logIn(acme.origin, 'chefin@acme.example');
    await staff.get('/admin/people');
    const bad = await staff.post('/admin/people/invite', {
      email: 'keine-adresse',
      name: 'Ida Neu',
      kind: 'policyholder',
      grant: '',
      customers: '',
    });
    expect(bad.status).toBe(422);
    expect(errorCodesOf(bad.body)).toEqual(['EMAIL_INVALID']);
    expect(bad.body).toContain('value="Ida Neu"');

    const invited = await staff.post('/admin/people/invite', {
      email: 'ida@example.com',
      name: 'Ida Neu',
      kind: 'intermediary',
      grant: 'Agentur Neu',
      customers: 'V-1, V-2',
    });
    expect(invited.location).toBe('/admin/people?eingeladen');
    const list = textOf((await staff.get(required(invited.location))).body);
    expect(list).toContain('Die Einladung ist unterwegs.');
    expect(list).toMatch(/Ida Neu Vermittler ida@example\.com Eingeladen/);
    await portal.deliverMail();
    expect((await portal.smtp.waitForMail('ida@example.com')).subject).toContain('Acme Versicherungsmakler GmbH');
    const [event] = await portal.services.audit.listForTenant(acme.id, 1, {
      kind: 'invitation.created',
      email: 'ida@example.com',
    });
    expect(event).toMatchObject({ kind: 'invitation.created', email: 'ida@example.com' });
  });

  it('resends an invitation, the older link stops working, and a second click waits', async () => {
    const ida = await invited('ida.wieder@example.com', 'Ida Neu');
    const staff = await logIn(acme.origin, 'chefin@acme.example');
    await staff.get('/admin/people');
    portal.clock.advance(61_000);
    const resent = await staff.post(`/admin/people/${ida.identityId}/resend`, {});
    expect(textOf((await staff.get(required(resent.location))).body)).toContain(
      'Eine neue Einladung an Ida Neu ist unterwegs',
    );
    const again = await staff.post(`/admin/people/${ida.identityId}/resend`, {});
    expect(textOf((await staff.get(required(again.location))).body)).toContain('Bitte warten Sie kurz');
    await portal.deliverMail();
    const fresh = new URL(linkFrom(await portal.smtp.waitForMail('ida.wieder@example.com'), '/set-password'));
    expect((await createClient(portal.app, acme.origin).get(fresh.pathname + fresh.search)).status).toBe(200);
  });

  it("answers 404 for another tenant's people, whatever the id", async () => {
    const staff = await logIn(acme.origin, 'chefin@acme.example');
    await staff.get('/admin/people');
    const betaCustomer = required(
      (await portal.services.people.listPeople(beta.id)).find((person) => person.email === 'beta-kunde@example.com'),
    );
    for (const id of [betaCustomer.identityId, '00000000-0000-0000-0000-000000000000', 'not-an-id']) {
      expect((await staff.post(`/admin/people/${id}/resend`, {})).status).toBe(404);
    }
    // A session of Acme's staff is no session on Beta's host.
    const onBeta = createClient(portal.app, beta.origin);
    onBeta.cookies.set('portico_session', required(staff.cookies.get('portico_session')));
    expect((await onBeta.get('/admin/people')).location).toBe('/login');
  });

  it('lets administrators bring in other staff, and only them', async () => {
    const admin = await logIn(acme.origin, 'chefin@acme.example');
    expect((await admin.get('/admin/people')).body).toContain(
      '<option value="staff_user">Mitarbeitende (Verwaltung)</option>',
    );
    const invited = await admin.post('/admin/people/invite', {
      email: 'mia@acme.example',
      name: 'Mia Arbeit',
      kind: 'staff_user',
      grant: 'wird ignoriert',
      customers: '999',
    });
    expect(invited.location).toBe('/admin/people?eingeladen');
    await portal.deliverMail();
    const link = new URL(linkFrom(await portal.smtp.waitForMail('mia@acme.example'), '/set-password'));
    const mia = createClient(portal.app, acme.origin);
    await mia.get(link.pathname + link.search);
    await mia.post('/set-password', {
      token: required(link.searchParams.get('token')),
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
    const miaId = required(
      (await portal.services.people.listPeople(acme.id)).find((person) => person.email === 'mia@acme.example'),
    ).identityId;
    expect(await portal.services.grants.listGrantsOf(acme.id, miaId)).toEqual([]);

    const staffUser = await logIn(acme.origin, 'mia@acme.example');
    const page = await staffUser.get('/admin/people');
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('value="staff_admin"');
    expect(
      (
        await staffUser.post('/admin/people/invite', {
          email: 'boss@example.com',
          name: 'Boss',
          kind: 'staff_admin',
          grant: '',
          customers: '',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await staffUser.post('/admin/people/invite', {
          email: 'boss@example.com',
          name: 'Boss',
          kind: 'superuser',
          grant: '',
          customers: '',
        })
      ).status,
    ).toBe(400);
    expect(
      (await portal.services.people.listPeople(acme.id)).some((person) => person.email === 'boss@example.com'),
    ).toBe(false);
  });

  it('deactivates and reactivates a person, ending their sessions at once, but never the staff member themselves', async () => {
    const admin = await logIn(acme.origin, 'chefin@acme.example');
    const customer = await logIn(acme.origin, 'kunde@example.com');
    expect((await customer.get('/')).status).toBe(200);
    const kunde = required(
      (await portal.services.people.listPeople(acme.id)).find((person) => person.email === 'kunde@example.com'),
    );
    await admin.get('/admin/people');
    expect((await admin.post(`/admin/people/${kunde.identityId}/deactivate`, {})).location).toBe(
      `/admin/people?deaktiviert=${kunde.identityId}`,
    );
    expect((await customer.get('/')).location).toBe('/login');
    const login = createClient(portal.app, acme.origin);
    await login.get('/login');
    expect((await login.post('/login', { email: 'kunde@example.com', password: PASSWORD })).status).toBe(401);
    const filtered = textOf((await admin.get('/admin/people?status=deactivated')).body);
    expect(filtered).toContain('kunde@example.com');
    expect(filtered).not.toContain('ida@example.com');
    await admin.get('/admin/people');
    expect((await admin.post(`/admin/people/${kunde.identityId}/reactivate`, {})).location).toBe(
      `/admin/people?reaktiviert=${kunde.identityId}`,
    );
    expect((await logIn(acme.origin, 'kunde@example.com')).cookies.size).toBeGreaterThan(0);
    const own = required(
      (await portal.services.people.listPeople(acme.id)).find((person) => person.email === 'chefin@acme.example'),
    );
    await admin.get('/admin/people');
    expect((await admin.post(`/admin/people/${own.identityId}/deactivate`, {})).status).toBe(400);
  });

  it('revokes an invitation, sends a password reset, lifts a lock and changes an address', async () => {
    const ida = await invited('ines@example.com', 'Ines Neu');
    await activate(acme, 'sperre@example.com', 'policyholder');
    const admin = await logIn(acme.origin, 'chefin@acme.example');
    const kunde = required(
      (await portal.services.people.listPeople(acme.id)).find((person) => person.email === 'sperre@example.com'),
    );
    await admin.get('/admin/people');
    expect((await admin.post(`/admin/people/${ida.identityId}/revoke`, {})).location).toBe(
      `/admin/people?widerrufen=${ida.identityId}`,
    );
    // A person with a password has no invitation to revoke: a conflict with their state, as the API answers it.
    expect((await admin.post(`/admin/people/${kunde.identityId}/revoke`, {})).status).toBe(409);

    expect((await admin.post(`/admin/people/${kunde.identityId}/reset`, {})).location).toBe(
      `/admin/people?zuruecksetzen-gesendet=${kunde.identityId}`,
    );
    await portal.deliverMail();
    expect((await portal.smtp.waitForMail('sperre@example.com')).subject).toContain('Neues Passwort');

    const attacker = createClient(portal.app, acme.origin);
    await attacker.get('/login');
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await attacker.post('/login', { email: 'sperre@example.com', password: `Falsch-${attempt}-Passwort!` });
    }
    const lockedList = textOf((await admin.get('/admin/people?status=locked')).body);
    expect(lockedList).toContain('vorübergehend gesperrt nach falschen Passwörtern');
    expect(lockedList).toContain('sperre@example.com');
    await admin.get('/admin/people');
    expect((await admin.post(`/admin/people/${kunde.identityId}/unlock`, {})).location).toBe(
      `/admin/people?entsperrt=${kunde.identityId}`,
    );
    expect(personEntryOf((await admin.get('/admin/people?status=locked')).body, 'sperre@example.com')).toBe('');

    await admin.get('/admin/people');
    expect((await admin.post(`/admin/people/${kunde.identityId}/email`, { email: 'keine adresse' })).status).toBe(422);
    // The person has a password: the address is theirs, so they are asked at the current one and nothing changes yet.
    expect(
      (await admin.post(`/admin/people/${kunde.identityId}/email`, { email: 'sperre.neu@example.com' })).location,
    ).toBe('/admin/people?adresse-angefragt');
    expect(textOf((await admin.get('/admin/people?adresse-angefragt')).body)).toContain('Die Änderung ist angefragt');
    await portal.deliverMail();
    const request = await portal.smtp.waitForMail('sperre@example.com');
    expect(request.text).toContain('sperre.neu@example.com');
    expect(request.text).toContain(`${acme.origin}/profile?anfrage=`);
    expect(textOf((await admin.get('/admin/people?suche=sperre')).body)).toContain('sperre@example.com');
    expect(textOf((await admin.get('/admin/people?suche=sperre.neu')).body)).not.toContain('sperre.neu@example.com');
  });

  it("answers every action on another tenant's person with 404 and changes nothing", async () => {
    const admin = await logIn(acme.origin, 'chefin@acme.example');
    const betaCustomer = required(
      (await portal.services.people.listPeople(beta.id)).find((person) => person.email === 'beta-kunde@example.com'),
    );
    await admin.get('/admin/people');
    for (const action of ['deactivate', 'reactivate', 'revoke', 'reset', 'unlock']) {
      expect((await admin.post(`/admin/people/${betaCustomer.identityId}/${action}`, {})).status, action).toBe(404);
      expect((await admin.post(`/admin/people/not-an-id/${action}`, {})).status, action).toBe(404);
    }
    expect(
      (await admin.post(`/admin/people/${betaCustomer.identityId}/email`, { email: 'gekapert@example.com' })).status,
    ).toBe(404);
    expect(
      (await portal.services.people.listPeople(beta.id)).find(
        (person) => person.identityId === betaCustomer.identityId,
      ),
    ).toMatchObject({ email: 'beta-kunde@example.com', state: 'invited' });
  });
});
