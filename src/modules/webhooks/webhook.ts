import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import { isWebhookAddressAllowed } from './webhook-address-policy.js';

export const WEBHOOK_EVENTS = [
  'invitation.sent',
  'invitation.delivery_failed',
  'invitation.accepted',
  'person.email_confirmed',
  'grant.changed',
  'document.uploaded',
  'claim.submitted',
  'case.message.created',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const SIGNATURE_HEADER = 'Portico-Signature';
/** How old a signed timestamp a receiver should accept; documented for integrators. */
export const REPLAY_WINDOW_SECONDS = 300;

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, like the schemes integrators know from payment providers.
 */
export function signWebhookBody(secret: string, timestampSeconds: number, body: string): string {
  const signature = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${signature}`;
}

/** Returns the normalised URL, or null when it is not an http(s) URL a webhook may use. */
export function parseWebhookUrl(input: string, options: { isPrivateTargetAllowed: boolean }): string | null {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  if (
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.username !== '' ||
    url.password !== '' ||
    url.href.length > 2000
  ) {
    return null;
  }
  if (!options.isPrivateTargetAllowed && !isPublicLookingHost(url.hostname)) {
    return null;
  }
  return url.href;
}

/**
 * At registration an address is judged in whatever spelling it was written (the URL parser has already turned
 * `0x7f.1` and `2130706433` into 127.0.0.1); a name can only be judged by what it resolves to, which happens
 * at every delivery. Names that cannot be public are refused here already.
 */
function isPublicLookingHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) {
    return isWebhookAddressAllowed(host);
  }
  const name = host.replace(/\.$/, '');
  return name.includes('.') && name !== 'localhost' && !name.endsWith('.localhost');
}
