import { describe, expect, it } from 'vitest';
import { DOCUMENT_LINK_LIFETIME, signDocumentLink, verifyDocumentLink } from './document-link.js';

const KEY = 'a-key-of-the-app-secrets';
const tenantId = '0b6c3f1e-2a4d-4c55-9a10-8f3e2d1c0b9a';
const documentId = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
const now = new Date('2026-11-24T10:00:00Z');
const expiresAt = new Date(now.getTime() + DOCUMENT_LINK_LIFETIME);

describe('document links', () => {
  it('names its tenant and document until it expires, not at or after', () => {
    const token = signDocumentLink(KEY, { tenantId, documentId, expiresAt });
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(verifyDocumentLink(KEY, token, now)).toEqual({ tenantId, documentId, expiresAt });
    expect(verifyDocumentLink(KEY, token, new Date(expiresAt.getTime() - 1))).not.toBeNull();
    expect(verifyDocumentLink(KEY, token, expiresAt)).toBeNull();
  });

  it('refuses another key, any changed character, another spelling of the same bytes and malformed tokens', () => {
    const token = signDocumentLink(KEY, { tenantId, documentId, expiresAt });
    expect(verifyDocumentLink('another key', token, now)).toBeNull();
    for (let index = 0; index < token.length; index += 1) {
      const changed = `${token.slice(0, index)}${token[index] === 'A' ? 'B' : 'A'}${token.slice(index + 1)}`;
      expect(verifyDocumentLink(KEY, changed, now)).toBeNull();
    }
    // The last character carries two bits that are not part of the bytes: a spelling the portal never writes.
    const last = token.at(-1) ?? '';
    const sibling = 'AEIMQUYcgkosw048'.includes(last) ? String.fromCharCode(last.charCodeAt(0) + 1) : last;
    expect(Buffer.from(`${token.slice(0, -1)}${sibling}`, 'base64url')).toEqual(Buffer.from(token, 'base64url'));
    expect(verifyDocumentLink(KEY, `${token.slice(0, -1)}${sibling}`, now)).toBeNull();
    for (const malformed of ['', 'kein-token', `${token}A`, token.slice(0, -4), `${token.slice(0, 10)}+${token}`]) {
      expect(verifyDocumentLink(KEY, malformed, now)).toBeNull();
    }
  });
});
