import { domainToASCII } from 'node:url';

export interface EmailAddress {
  /** Lower-case, IDN domain in punycode: the key an identity is found by. */
  readonly canonical: string;
  /** As typed (trimmed, NFC), for display and as the mail recipient. */
  readonly display: string;
}

const MAX_LENGTH = 254;
// Quoted local parts and IP-literal domains are legal but not worth the risk in a portal's address field.
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]{1,64}$/u;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Returns null for anything that is not a plain, deliverable-looking address. */
export function parseEmailAddress(input: unknown): EmailAddress | null {
  if (typeof input !== 'string' || input.length > MAX_LENGTH * 4) {
    return null;
  }
  const display = input.normalize('NFC').trim();
  if (display.length === 0 || display.length > MAX_LENGTH) {
    return null;
  }
  const at = display.lastIndexOf('@');
  if (at <= 0 || display.indexOf('@') !== at) {
    return null;
  }
  const localPart = display.slice(0, at);
  const domain = domainToASCII(display.slice(at + 1).toLowerCase());
  if (!LOCAL_PART.test(localPart) || localPart.startsWith('.') || localPart.endsWith('.') || localPart.includes('..')) {
    return null;
  }
  const labels = domain.split('.');
  if (domain === '' || labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) {
    return null;
  }
  return { canonical: `${localPart.toLowerCase()}@${domain}`, display };
}
