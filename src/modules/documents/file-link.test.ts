import { describe, expect, it } from 'vitest';
import { signDocumentLink, verifyDocumentLink } from './document-link.js';
import { fileLinkKindOf, FILE_LINK_LIFETIME, signFileLink, verifyFileLink } from './file-link.js';

const KEY = 'a-key-of-the-app-secrets';
const tenantId = '0b6c3f1e-2a4d-4c55-9a10-8f3e2d1c0b9a';
const fileId = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
const now = new Date('2026-11-24T10:00:00Z');
const expiresAt = new Date(now.getTime() + FILE_LINK_LIFETIME);

describe('file links', () => {
  it('name a claim attachment until they expire, and are never read as a document', () => {
    const subject = { kind: 'claim_attachment', attachmentId: fileId } as const;
    const token = signFileLink(KEY, { tenantId, subject, expiresAt });
    expect(fileLinkKindOf(token)).toBe('claim_attachment');
    expect(verifyFileLink(KEY, token, now)).toEqual({ tenantId, subject, expiresAt });
    expect(verifyFileLink(KEY, token, expiresAt)).toBeNull();
    expect(verifyFileLink('another key', token, now)).toBeNull();
    expect(verifyDocumentLink(KEY, token, now)).toBeNull();
    for (let index = 0; index < token.length; index += 1) {
      const changed = `${token.slice(0, index)}${token[index] === 'A' ? 'B' : 'A'}${token.slice(index + 1)}`;
      expect(verifyFileLink(KEY, changed, now)).toBeNull();
    }
  });

  it('name a conversation attachment as such, never as a claim attachment with the same id', () => {
    const subject = { kind: 'conversation_attachment', attachmentId: fileId } as const;
    const token = signFileLink(KEY, { tenantId, subject, expiresAt });
    expect(fileLinkKindOf(token)).toBe('conversation_attachment');
    expect(verifyFileLink(KEY, token, now)).toEqual({ tenantId, subject, expiresAt });
    const claimSubject = { kind: 'claim_attachment', attachmentId: fileId } as const;
    expect(signFileLink(KEY, { tenantId, subject: claimSubject, expiresAt })).not.toBe(token);
    // The kind byte altered alone: its HMAC no longer fits.
    const bytes = Buffer.from(token, 'base64url');
    bytes.writeUInt8(1, 0);
    expect(verifyFileLink(KEY, bytes.toString('base64url'), now)).toBeNull();
  });

  it('name a claim’s ZIP by the claim’s id, never as an attachment with the same id', () => {
    const subject = { kind: 'claim_zip', claimId: fileId } as const;
    const token = signFileLink(KEY, { tenantId, subject, expiresAt });
    expect(fileLinkKindOf(token)).toBe('claim_zip');
    expect(verifyFileLink(KEY, token, now)).toEqual({ tenantId, subject, expiresAt });
    expect(verifyFileLink(KEY, token, expiresAt)).toBeNull();
    const bytes = Buffer.from(token, 'base64url');
    bytes.writeUInt8(1, 0);
    expect(verifyFileLink(KEY, bytes.toString('base64url'), now)).toBeNull();
    bytes.writeUInt8(4, 0);
    expect(fileLinkKindOf(bytes.toString('base64url'))).toBeNull();
  });

  it('keep the documents’ tokens as they were: the same bytes, read as a document', () => {
    const token = signDocumentLink(KEY, { tenantId, documentId: fileId, expiresAt });
    expect(signFileLink(KEY, { tenantId, subject: { kind: 'document', documentId: fileId }, expiresAt })).toBe(token);
    expect(fileLinkKindOf(token)).toBe('document');
    expect(verifyFileLink(KEY, token, now)?.subject).toEqual({ kind: 'document', documentId: fileId });
    expect(verifyDocumentLink(KEY, token, now)).toEqual({ tenantId, documentId: fileId, expiresAt });
    expect(fileLinkKindOf('kein-token')).toBeNull();
  });
});
