import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';

export const WEBHOOK_EVENTS = ['invitation.sent', 'invitation.delivery_failed', 'invitation.accepted', 'person.email_confirmed', 'grant.changed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const SIGNATURE_HEADER = 'Portico-Signature';
/** How old a signed timestamp a receiver should accept; documented for integrators. */
export const REPLAY_WINDOW_SECONDS = 300;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, like the schemes integrators know from payment providers. */
export function signWebhookBody(secret: string, timestampSeconds: number, body: string): string {
  const signature = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${signature}`;
}

/** Loopback, private, link-local and other non-public addresses: a webhook must not reach into the portal's own network. */
export function isNonPublicAddress(address: string): boolean {
  const kind = isIP(address);
  if (kind === 4) {
    const [a = 0, b = 0] = address.split('.').map(Number);
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a >= 224;
  }
  if (kind === 6) {
    const lower = address.toLowerCase();
    if (lower.startsWith('::ffff:')) {
      return isNonPublicAddress(lower.slice(7));
    }
    return lower === '::' || lower === '::1' || lower.startsWith('fc') || lower.startsWith('fd') || lower.startsWith('fe8') || lower.startsWith('fe9') || lower.startsWith('fea') || lower.startsWith('feb') || lower.startsWith('ff');
  }
  return false;
}

/** Returns the normalised URL, or null when it is not an http(s) URL a webhook may use. */
export function parseWebhookUrl(input: string, options: { isPrivateTargetAllowed: boolean }): string | null {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '' || url.href.length > 2000) {
    return null;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.isPrivateTargetAllowed && (isNonPublicAddress(host) || host === 'localhost' || host.endsWith('.localhost') || isIP(host) === 0 && !host.includes('.'))) {
    return null;
  }
  return url.href;
}
