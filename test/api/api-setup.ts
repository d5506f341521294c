import { expect } from 'vitest';
import { createClient, textOf, type Client } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { createApiClient, type ApiClient } from './api-client.js';
import { required } from '../../src/shared/required.js';

export const PASSWORD = 'Integration macht Spass 7!';

export interface ApiWorld {
  portal: TestPortal;
  acme: { id: string; host: string; origin: string };
  beta: { id: string; host: string; origin: string };
  acmeKey: string;
  betaKey: string;
  api: ApiClient;
  betaApi: ApiClient;
}

/** A portal with two tenants, one API key each, and clients that record every answer. */
export async function createApiWorld(environment: Record<string, string> = {}): Promise<ApiWorld> {
  const portal = await createTestPortal({ environment });
  const acme = await createTestTenant(portal);
  const beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
  const acmeKey = (await portal.services.apiKeys.createApiKey(acme.id, 'CRM')).key;
  const betaKey = (await portal.services.apiKeys.createApiKey(beta.id, 'CRM')).key;
  return {
    portal,
    acme,
    beta,
    acmeKey,
    betaKey,
    api: createApiClient(portal, acmeKey),
    betaApi: createApiClient(portal, betaKey),
  };
}

/** Follows the invitation mail and sets the password, as the person would in the browser. */
export async function acceptInvitation(portal: TestPortal, origin: string, email: string): Promise<void> {
  await portal.deliverMail();
  const link = new URL(linkFrom(await portal.smtp.waitForMail(email), '/set-password'));
  const client = createClient(portal.app, origin);
  await client.get(link.pathname + link.search);
  const answer = await client.post('/set-password', {
    token: required(link.searchParams.get('token')),
    password: PASSWORD,
    passwordConfirm: PASSWORD,
  });
  expect(answer.status).toBeLessThan(400);
}

export async function logIn(
  portal: TestPortal,
  origin: string,
  email: string,
): Promise<{ client: Client; status: number; text: string }> {
  const client = createClient(portal.app, origin);
  await client.get('/login');
  const answer = await client.post('/login', { email, password: PASSWORD });
  return { client, status: answer.status, text: textOf(answer.body) };
}
