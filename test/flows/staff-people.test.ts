import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, textOf, type Client } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

const PASSWORD = 'Verwaltung macht Spass 4!';

describe(`staff manage people in their own tenant (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };

  async function activate(tenant: { id: string; origin: string }, email: string, role: 'staff_admin' | 'policyholder'): Promise<void> {
    await portal.services.invitations.invite({ tenantId: tenant.id, email, name: `Person ${email}`, role });
    await portal.deliverMail();
    const link = new URL(linkFrom(await portal.smtp.waitForMail(email), '/set-password'));
    const client = createClient(portal.app, tenant.origin);
    await client.get(link.pathname + link.search);
    await client.post('/set-password', { token: link.searchParams.get('token')!, password: PASSWORD, passwordConfirm: PASSWORD });
  }

  async function logIn(origin: string, email: string): Promise<Client> {
    const client = createClient(portal.app, origin);
    await client.get('/login');
    expect((await client.post('/login', { email, password: PASSWORD })).status).toBe(303);
    return client;
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    await activate(acme, 'chefin@acme.example', 'staff_admin');
    await activate(acme, 'kunde@example.com', 'policyholder');
    await activate(beta, 'chef@beta.example', 'staff_admin');
    await portal.services.invitations.invite({ tenantId: beta.id, email: 'beta-kunde@example.com', name: 'Bea Kundin', role: 'policyholder' });
    await portal.deliverMail();
    await portal.smtp.waitForMail('beta-kunde@example.com');
  });
  afterAll(() => portal.close());

  it('is for the tenant\'s staff only', async () => {
    expect((await createClient(portal.app, acme.origin).get('/admin/people')).location).toBe('/login');
    const customer = await logIn(acme.origin, 'kunde@example.com');
    expect((await customer.get('/admin/people')).status).toBe(404);
    expect(textOf((await customer.get('/')).body)).not.toContain('Verwaltung');
    const staff = await logIn(acme.origin, 'chefin@acme.example');
    expect(textOf((await staff.get('/')).body)).toContain('Verwaltung');
    const page = textOf((await staff.get('/admin/people')).body);
    expect(page).toContain('kunde@example.com · Versicherungsnehmer');
    expect(page).not.toContain('beta-kunde@example.com');
  });

  it('invites from the browser and shows the person as invited', async () => {
    const staff = await logIn(acme.origin, 'chefin@acme.example');
    await staff.get('/admin/people');
    const bad = await staff.post('/admin/people/invite', { email: 'keine-adresse', name: 'Ida Neu', kind: 'policyholder', grant: '', customers: '' });
    expect(bad.status).toBe(422);
    expect(textOf(bad.body)).toContain('Bitte geben Sie eine gültige E-Mail-Adresse ein');
    expect(bad.body).toContain('value="Ida Neu"');

    const invited = await staff.post('/admin/people/invite', { email: 'ida@example.com', name: 'Ida Neu', kind: 'intermediary', grant: 'Agentur Neu', customers: 'V-1, V-2' });
    expect(invited.location).toBe('/admin/people?eingeladen');
    const list = textOf((await staff.get(invited.location!)).body);
    expect(list).toContain('Die Einladung ist unterwegs.');
    expect(list).toMatch(/Ida Neu ida@example\.com · Vermittler Status: Eingeladen/);
    await portal.deliverMail();
    expect((await portal.smtp.waitForMail('ida@example.com')).subject).toContain('Acme Versicherungsmakler GmbH');
    const [event] = await portal.services.audit.listForTenant(acme.id, 1, { kind: 'invitation.created', email: 'ida@example.com' });
    expect(event).toMatchObject({ kind: 'invitation.created', email: 'ida@example.com' });
  });

  it('resends an invitation, the older link stops working, and a second click waits', async () => {
    const staff = await logIn(acme.origin, 'chefin@acme.example');
    await staff.get('/admin/people');
    const ida = (await portal.services.people.listPeople(acme.id)).find((person) => person.email === 'ida@example.com')!;
    portal.clock.advance(61_000);
    const resent = await staff.post(`/admin/people/${ida.identityId}/resend`, {});
    expect(textOf((await staff.get(resent.location!)).body)).toContain('Eine neue Einladung ist unterwegs');
    const again = await staff.post(`/admin/people/${ida.identityId}/resend`, {});
    expect(textOf((await staff.get(again.location!)).body)).toContain('Bitte warten Sie kurz');
    await portal.deliverMail();
    const fresh = new URL(linkFrom(await portal.smtp.waitForMail('ida@example.com'), '/set-password'));
    expect((await createClient(portal.app, acme.origin).get(fresh.pathname + fresh.search)).status).toBe(200);
  });

  it('answers 404 for another tenant\'s people, whatever the id', async () => {
    const staff = await logIn(acme.origin, 'chefin@acme.example');
    await staff.get('/admin/people');
    const betaCustomer = (await portal.services.people.listPeople(beta.id)).find((person) => person.email === 'beta-kunde@example.com')!;
    for (const id of [betaCustomer.identityId, '00000000-0000-0000-0000-000000000000', 'not-an-id']) {
      expect((await staff.post(`/admin/people/${id}/resend`, {})).status).toBe(404);
    }
    // A session of Acme's staff is no session on Beta's host.
    const onBeta = createClient(portal.app, beta.origin);
    onBeta.cookies.set('portico_session', staff.cookies.get('portico_session')!);
    expect((await onBeta.get('/admin/people')).location).toBe('/login');
  });

  it('lets administrators bring in other staff, and only them', async () => {
    const admin = await logIn(acme.origin, 'chefin@acme.example');
    expect((await admin.get('/admin/people')).body).toContain('<option value="staff_user">Mitarbeiter (Verwaltung)</option>');
    const invited = await admin.post('/admin/people/invite', { email: 'mia@acme.example', name: 'Mia Arbeit', kind: 'staff_user', grant: 'wird ignoriert', customers: '999' });
    expect(invited.location).toBe('/admin/people?eingeladen');
    await portal.deliverMail();
    const link = new URL(linkFrom(await portal.smtp.waitForMail('mia@acme.example'), '/set-password'));
    const mia = createClient(portal.app, acme.origin);
    await mia.get(link.pathname + link.search);
    await mia.post('/set-password', { token: link.searchParams.get('token')!, password: PASSWORD, passwordConfirm: PASSWORD });
    const miaId = (await portal.services.people.listPeople(acme.id)).find((person) => person.email === 'mia@acme.example')!.identityId;
    expect(await portal.services.grants.listGrantsOf(acme.id, miaId)).toEqual([]);

    const staffUser = await logIn(acme.origin, 'mia@acme.example');
    const page = await staffUser.get('/admin/people');
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('value="staff_admin"');
    expect((await staffUser.post('/admin/people/invite', { email: 'boss@example.com', name: 'Boss', kind: 'staff_admin', grant: '', customers: '' })).status).toBe(400);
    expect((await staffUser.post('/admin/people/invite', { email: 'boss@example.com', name: 'Boss', kind: 'superuser', grant: '', customers: '' })).status).toBe(400);
    expect((await portal.services.people.listPeople(acme.id)).some((person) => person.email === 'boss@example.com')).toBe(false);
  });
});
