import { expect } from 'vitest';
import type { MembershipRole } from '../../src/modules/memberships/membership.js';
import { createClient, type Client } from './browserless-client.js';
import { linkFrom } from './smtp-receiver.js';
import type { TestPortal } from './test-portal.js';

export const ACCOUNT_PASSWORD = 'Verwaltung macht Spass 4!';

/** Invites a person, follows the mailed link and sets the password, as the person would. */
export async function activateAccount(portal: TestPortal, tenant: { id: string; origin: string }, email: string, role: MembershipRole, password = ACCOUNT_PASSWORD): Promise<void> {
  await portal.services.invitations.invite({ tenantId: tenant.id, email, name: `Person ${email}`, role });
  await portal.deliverMail();
  const link = new URL(linkFrom(await portal.smtp.waitForMail(email), '/set-password'));
  const client = createClient(portal.app, tenant.origin);
  await client.get(link.pathname + link.search);
  const answer = await client.post('/set-password', { token: link.searchParams.get('token')!, password, passwordConfirm: password });
  expect(answer.status, 'the password was accepted').toBe(200);
  expect(answer.body).toContain('Passwort gespeichert');
}

export async function logIn(portal: TestPortal, origin: string, email: string, password = ACCOUNT_PASSWORD): Promise<Client> {
  const client = createClient(portal.app, origin);
  await client.get('/login');
  expect((await client.post('/login', { email, password })).status).toBe(303);
  return client;
}
