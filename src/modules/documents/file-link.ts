import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Database } from '../../db/database.js';
import { loadOrCreateSecret } from '../../db/app-secrets.js';
import { MINUTE } from '../../shared/clock.js';
import { isUuid } from '../../shared/ids.js';

/** How long a download link handed to the CRM works, unless the operator set FILE_LINK_LIFETIME_SECONDS. */
export const FILE_LINK_LIFETIME = 15 * MINUTE;

/** The name of the link key among the app's secrets (one key for every kind of file). */
export const FILE_LINK_SECRET = 'document-link-key';

/** The path of a link under the platform address; the token is its only credential. Any kind of file. */
export const FILE_LINK_PATH = '/api/v1/file-links/';

/** The audit's origin of a download through such a link. */
export const FILE_LINK_ORIGIN = 'webhook-link';

/**
 * What a link opens: a document, a file attached to a claim or to a conversation's message, or a reported claim's ZIP
 * (made when the link is opened, like the staff's "Alles herunterladen").
 */
export type FileLinkSubject =
  | { kind: 'document'; documentId: string }
  | { kind: 'claim_attachment'; attachmentId: string }
  | { kind: 'conversation_attachment'; attachmentId: string }
  | { kind: 'claim_zip'; claimId: string };
export type FileLinkKind = FileLinkSubject['kind'];

export interface FileLinkClaim {
  tenantId: string;
  subject: FileLinkSubject;
  /** Whole seconds: the link works before this moment, not at or after it. */
  expiresAt: Date;
}

const UUID_BYTES = 16;
const EXPIRY_BYTES = 6;
const MAC_BYTES = 32;

/**
 * Two layouts. A document's token is tenant id, document id and expiry (the first layout, so links already handed out
 * keep working). Any other file's token starts with a byte naming its kind, under its own purpose string, so no token
 * of one layout or kind is ever read as another.
 */
const DOCUMENT_LAYOUT = { purpose: 'portico document link v1\n', kindBytes: 0 } as const;
const KINDED_LAYOUT = { purpose: 'portico file link v2\n', kindBytes: 1 } as const;
type Layout = typeof DOCUMENT_LAYOUT | typeof KINDED_LAYOUT;

type KindedKind = Exclude<FileLinkKind, 'document'>;

const KIND_BYTE: Readonly<Record<KindedKind, number>> = {
  claim_attachment: 1,
  conversation_attachment: 2,
  claim_zip: 3,
};

/** The kind a token's first byte names, or null for a byte no link is written with. */
function kindedKindOf(byte: number): KindedKind | null {
  const kinds: readonly KindedKind[] = ['claim_attachment', 'conversation_attachment', 'claim_zip'];
  return kinds.find((kind) => KIND_BYTE[kind] === byte) ?? null;
}

/** The subject of a kinded token from its kind and id. */
function kindedSubjectOf(kind: KindedKind, id: string): FileLinkSubject {
  return kind === 'claim_zip' ? { kind, claimId: id } : { kind, attachmentId: id };
}

const payloadBytesOf = (layout: Layout): number => layout.kindBytes + 2 * UUID_BYTES + EXPIRY_BYTES;

const uuidBytes = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');

function uuidOf(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const macOf = (key: string, layout: Layout, payload: Buffer): Buffer =>
  createHmac('sha256', key).update(layout.purpose, 'utf8').update(payload).digest();

function subjectIdOf(subject: FileLinkSubject): string {
  switch (subject.kind) {
    case 'document':
      return subject.documentId;
    case 'claim_zip':
      return subject.claimId;
    default:
      return subject.attachmentId;
  }
}

/**
 * The token: the file's tenant, kind and id and the expiry (seconds), followed by their HMAC-SHA256 under the link
 * key, in base64url. Nothing of it is stored: the link is checked by computing the HMAC again.
 */
export function signFileLink(key: string, claim: FileLinkClaim): string {
  const fileId = subjectIdOf(claim.subject);
  if (!isUuid(claim.tenantId) || !isUuid(fileId)) {
    throw new Error('a file link names a tenant and a file by their ids');
  }
  const layout = claim.subject.kind === 'document' ? DOCUMENT_LAYOUT : KINDED_LAYOUT;
  const payload = Buffer.alloc(payloadBytesOf(layout));
  if (claim.subject.kind !== 'document') payload.writeUInt8(KIND_BYTE[claim.subject.kind], 0);
  uuidBytes(claim.tenantId).copy(payload, layout.kindBytes);
  uuidBytes(fileId).copy(payload, layout.kindBytes + UUID_BYTES);
  payload.writeUIntBE(Math.floor(claim.expiresAt.getTime() / 1000), layout.kindBytes + 2 * UUID_BYTES, EXPIRY_BYTES);
  return Buffer.concat([payload, macOf(key, layout, payload)]).toString('base64url');
}

/** The layout a token's length shows, before anything is checked; null for no token the portal writes. */
function layoutOf(bytes: Buffer): Layout | null {
  if (bytes.length === payloadBytesOf(DOCUMENT_LAYOUT) + MAC_BYTES) return DOCUMENT_LAYOUT;
  if (bytes.length === payloadBytesOf(KINDED_LAYOUT) + MAC_BYTES) return KINDED_LAYOUT;
  return null;
}

/**
 * The tenant and file a token names, or null when it is malformed, altered (the HMAC is compared in constant time)
 * or expired. Only the one spelling the portal writes is accepted, so no altered token opens a file.
 */
export function verifyFileLink(key: string, token: string, now: Date): FileLinkClaim | null {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  const layout = layoutOf(bytes);
  if (layout === null || bytes.toString('base64url') !== token) return null;
  const payloadBytes = payloadBytesOf(layout);
  const payload = bytes.subarray(0, payloadBytes);
  if (!timingSafeEqual(macOf(key, layout, payload), bytes.subarray(payloadBytes))) return null;
  const start = layout.kindBytes;
  const expiresAt = new Date(payload.readUIntBE(start + 2 * UUID_BYTES, EXPIRY_BYTES) * 1000);
  if (now.getTime() >= expiresAt.getTime()) return null;
  const tenantId = uuidOf(payload.subarray(start, start + UUID_BYTES));
  const fileId = uuidOf(payload.subarray(start + UUID_BYTES, start + 2 * UUID_BYTES));
  if (layout === DOCUMENT_LAYOUT) return { tenantId, subject: { kind: 'document', documentId: fileId }, expiresAt };
  const kind = kindedKindOf(payload.readUInt8(0));
  return kind === null ? null : { tenantId, subject: kindedSubjectOf(kind, fileId), expiresAt };
}

/**
 * The kind a token claims to name, read without checking it: only to choose which module checks it (each verifies the
 * whole token again). Null for a token of no known layout.
 */
export function fileLinkKindOf(token: string): FileLinkKind | null {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  const layout = layoutOf(bytes);
  if (layout === null) return null;
  if (layout === DOCUMENT_LAYOUT) return 'document';
  return kindedKindOf(bytes.readUInt8(0));
}

/** The link key from the app's secrets (shared by every process on the database), loaded once per process. */
export function linkKeyLoader(db: Database): () => Promise<string> {
  let key: Promise<string> | null = null;
  return () => {
    key ??= loadOrCreateSecret(db, FILE_LINK_SECRET).catch((error: unknown) => {
      key = null;
      throw error;
    });
    return key;
  };
}

/** The moment a link made now stops working, in whole seconds. */
export function fileLinkExpiryFrom(now: Date, lifetime: number = FILE_LINK_LIFETIME): Date {
  return new Date(Math.floor((now.getTime() + lifetime) / 1000) * 1000);
}

/** The address of a link to the claim's file under the platform address, and when it stops working. */
export function fileLinkOf(key: string, platformUrl: URL, claim: FileLinkClaim): { url: string; expiresAt: string } {
  const token = signFileLink(key, claim);
  return { url: new URL(`${FILE_LINK_PATH}${token}`, platformUrl).href, expiresAt: claim.expiresAt.toISOString() };
}
