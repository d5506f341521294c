import { Secret, TOTP } from 'otpauth';
import { expect } from 'vitest';
import type { MembershipRole } from '../../src/modules/memberships/membership.js';
import { createClient, type Client } from './browserless-client.js';
import { linkFrom } from './smtp-receiver.js';
import type { TestPortal } from './test-portal.js';
import { required } from '../../src/shared/required.js';

export const ACCOUNT_PASSWORD = 'Ein langer Satz 4 mich!';

/** The code an authenticator app shows for this secret at the given time (offset in 30-second steps). */
export function totpCode(secret: string, at: Date, stepOffset = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  return totp.generate({ timestamp: at.getTime() + stepOffset * 30_000 });
}

/** Invites a person (into the grant named, if any), follows the mailed link and sets the password, as they would. */
export async function activatePerson(
  portal: TestPortal,
  tenant: { id: string; origin: string },
  email: string,
  role: MembershipRole,
  options: { password?: string; grantName?: string; name?: string } = {},
): Promise<string> {
  const password = options.password ?? ACCOUNT_PASSWORD;
  const outcome = await portal.services.invitations.invite({
    tenantId: tenant.id,
    email,
    name: options.name ?? `Person ${email.split('@')[0]}`,
    role,
    ...(options.grantName === undefined ? {} : { grantName: options.grantName }),
  });
  await portal.deliverMail();
  const link = new URL(linkFrom(await portal.smtp.waitForMail(email), '/set-password'));
  const client = createClient(portal.app, tenant.origin);
  await client.get(link.pathname + link.search);
  const answer = await client.post('/set-password', {
    token: required(link.searchParams.get('token')),
    password,
    passwordConfirm: password,
  });
  expect(answer.status, 'the password was accepted').toBe(200);
  expect(answer.body).toContain('Passwort gespeichert');
  return outcome.identityId;
}

export async function logIn(
  portal: TestPortal,
  origin: string,
  email: string,
  password = ACCOUNT_PASSWORD,
): Promise<Client> {
  const client = createClient(portal.app, origin);
  await client.get('/login');
  expect((await client.post('/login', { email, password })).status).toBe(303);
  return client;
}

/** Sets up a second factor through Mein Zugang; returns the secret and the recovery codes shown once. */
export async function enrolSecondFactor(
  client: Client,
  now: () => Date,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  await client.post('/profile/second-factor/start', {});
  const page = await client.get('/profile/second-factor');
  const secret = /data-totp-secret="([A-Z2-7]+)"/.exec(page.body)?.[1];
  if (secret === undefined) {
    throw new Error(`no secret on the set-up page: ${page.status}`);
  }
  const confirmed = await client.post('/profile/second-factor/confirm', { code: totpCode(secret, now()) });
  const recoveryCodes = [...confirmed.body.matchAll(/<code>([a-z2-9-]{29})<\/code>/g)].map((match) =>
    required(match[1]),
  );
  return { secret, recoveryCodes };
}

export function ticketFrom(body: string): string {
  const ticket = /name="ticket" value="([^"]+)"/.exec(body)?.[1];
  if (ticket === undefined) {
    throw new Error('no login ticket on the page');
  }
  return ticket;
}
