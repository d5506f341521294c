import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface Opened {
  plaintext: string;
  /** False when an older key opened it: the text should be sealed again with the current key. */
  isSealedWithCurrentKey: boolean;
}

function deriveKey(keyMaterial: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', keyMaterial, Buffer.alloc(0), 'portico second factor secret v1', 32));
}

function openWith(key: Buffer, bytes: Buffer, boundTo: string): string | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/**
 * AES-256-GCM for the authenticator secrets, with a key (HKDF-SHA256) derived from key material kept
 * outside the database, so a copy of the database alone does not reveal them. The first key seals;
 * the others only open what was sealed before a rotation. The identity's id is authenticated data: a
 * ciphertext copied to another person's row does not decrypt.
 */
export function createSecretBox(current: Buffer, previous: readonly Buffer[] = []) {
  const sealingKey = deriveKey(current);
  const openingKeys = [sealingKey, ...previous.map(deriveKey)];
  return {
    seal(plaintext: string, boundTo: string): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealingKey, iv);
      cipher.setAAD(Buffer.from(boundTo, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    /** Null when the text was not sealed with one of these keys for this identity (or was altered). */
    open(sealed: string, boundTo: string): Opened | null {
      const [version, payload] = sealed.split(':');
      if (version !== VERSION || payload === undefined) {
        return null;
      }
      const bytes = Buffer.from(payload, 'base64url');
      if (bytes.length <= IV_BYTES + TAG_BYTES) {
        return null;
      }
      for (const [index, key] of openingKeys.entries()) {
        const plaintext = openWith(key, bytes, boundTo);
        if (plaintext !== null) {
          return { plaintext, isSealedWithCurrentKey: index === 0 };
        }
      }
      return null;
    },
  };
}

export type SecretBox = ReturnType<typeof createSecretBox>;
