import { createHmac, timingSafeEqual } from 'node:crypto';
import { MINUTE } from '../../shared/clock.js';
import { isUuid } from '../../shared/ids.js';

/** How long a download link handed to the CRM works. */
export const DOCUMENT_LINK_LIFETIME = 15 * MINUTE;

/** The name of the link key among the app's secrets. */
export const DOCUMENT_LINK_SECRET = 'document-link-key';

/** The path of a link under the platform address; the token is its only credential. */
export const DOCUMENT_LINK_PATH = '/api/v1/document-links/';

/** The audit's origin of a download through such a link. */
export const DOCUMENT_LINK_ORIGIN = 'webhook-link';

export interface DocumentLinkClaim {
  tenantId: string;
  documentId: string;
  /** Whole seconds: the link works before this moment, not at or after it. */
  expiresAt: Date;
}

const UUID_BYTES = 16;
const EXPIRY_BYTES = 6;
const PAYLOAD_BYTES = 2 * UUID_BYTES + EXPIRY_BYTES;
const MAC_BYTES = 32;
/** Separates this use of the key from any other HMAC over the same bytes. */
const PURPOSE = 'portico document link v1\n';

const uuidBytes = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');

function uuidOf(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const macOf = (key: string, payload: Buffer): Buffer =>
  createHmac('sha256', key).update(PURPOSE, 'utf8').update(payload).digest();

/**
 * The token: tenant id, document id and expiry (seconds) followed by their HMAC-SHA256 under the link key, in
 * base64url. Nothing of it is stored: the link is checked by computing the HMAC again.
 */
export function signDocumentLink(key: string, claim: DocumentLinkClaim): string {
  if (!isUuid(claim.tenantId) || !isUuid(claim.documentId)) {
    throw new Error('a document link names a tenant and a document by their ids');
  }
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  uuidBytes(claim.tenantId).copy(payload, 0);
  uuidBytes(claim.documentId).copy(payload, UUID_BYTES);
  payload.writeUIntBE(Math.floor(claim.expiresAt.getTime() / 1000), 2 * UUID_BYTES, EXPIRY_BYTES);
  return Buffer.concat([payload, macOf(key, payload)]).toString('base64url');
}

/**
 * The tenant and document a token names, or null when it is malformed, altered (the HMAC is compared in constant
 * time) or expired. Only the one spelling the portal writes is accepted, so no altered token opens a document.
 */
export function verifyDocumentLink(key: string, token: string, now: Date): DocumentLinkClaim | null {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) {
    return null;
  }
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== PAYLOAD_BYTES + MAC_BYTES || bytes.toString('base64url') !== token) {
    return null;
  }
  const payload = bytes.subarray(0, PAYLOAD_BYTES);
  if (!timingSafeEqual(macOf(key, payload), bytes.subarray(PAYLOAD_BYTES))) {
    return null;
  }
  const expiresAt = new Date(payload.readUIntBE(2 * UUID_BYTES, EXPIRY_BYTES) * 1000);
  if (now.getTime() >= expiresAt.getTime()) {
    return null;
  }
  return {
    tenantId: uuidOf(payload.subarray(0, UUID_BYTES)),
    documentId: uuidOf(payload.subarray(UUID_BYTES, 2 * UUID_BYTES)),
    expiresAt,
  };
}
