import type { Database } from '../../db/database.js';
import { HOUR, MINUTE, type Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { generateToken, hashToken } from '../../shared/tokens.js';
import { createApiKeyQueries } from './api-key-repo.js';
import { isUuid } from '../../shared/ids.js';

/** Recognisable in logs and by secret scanners; the rest is 256 random bits. */
export const API_KEY_PREFIX = 'ptk_live_';
const API_KEY = /^ptk_live_[A-Za-z0-9_-]{43}$/;
const IDEMPOTENCY_LIFETIME = 24 * HOUR;
/** A write updates last_used_at at most this often, so a busy key does not turn every request into two writes. */
const TOUCH_INTERVAL = 1 * MINUTE;

export interface ApiKeySummary {
  id: string;
  name: string;
  keyPrefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface ApiCaller {
  apiKeyId: string;
  /** The key's visible beginning, as the broker sees it in the list of keys: the Protokoll names the key by it. */
  keyPrefix: string;
  tenantId: string;
}

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' };

export function createApiKeyService(deps: { db: Database; clock: Clock; requestsPerMinute: number }) {
  const { db, clock } = deps;
  const queries = createApiKeyQueries(db);

  return {
    /** Returns the key itself exactly once; only its SHA-256 is stored. */
    async createApiKey(tenantId: string, nameInput: string): Promise<{ key: string; summary: ApiKeySummary }> {
      const name = nameInput.normalize('NFC').trim();
      if (name.length === 0 || Array.from(name).length > 100 || /[\p{Cc}\p{Cf}]/u.test(name)) {
        throw new AppError('API_KEY_NAME_INVALID', 'Invalid key name: 1–100 characters, no control characters');
      }
      const key = `${API_KEY_PREFIX}${generateToken()}`;
      const row = await queries.insert({
        tenantId,
        name,
        keyPrefix: key.slice(0, API_KEY_PREFIX.length + 6),
        keyHash: hashToken(key),
        createdAt: clock.now(),
      });
      return {
        key,
        summary: {
          id: row.id,
          name: row.name,
          keyPrefix: row.keyPrefix,
          createdAt: row.createdAt,
          lastUsedAt: null,
          revokedAt: null,
        },
      };
    },

    async listApiKeys(tenantId: string): Promise<ApiKeySummary[]> {
      return (await queries.listForTenant(tenantId)).map(
        ({ id, name, keyPrefix, createdAt, lastUsedAt, revokedAt }) => ({
          id,
          name,
          keyPrefix,
          createdAt,
          lastUsedAt,
          revokedAt,
        }),
      );
    },

    async revokeApiKey(tenantId: string, id: string): Promise<boolean> {
      return isUuid(id) && queries.revoke(tenantId, id, clock.now());
    },

    /** Looked up on every request, so a revoked key stops at once in every process. */
    async authenticate(key: string): Promise<ApiCaller | null> {
      if (!API_KEY.test(key)) {
        return null;
      }
      const row = await queries.findActiveByHash(hashToken(key));
      if (row === null) {
        return null;
      }
      const now = clock.now();
      if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL) {
        await queries.touch(row.id, now);
      }
      return { apiKeyId: row.id, keyPrefix: row.keyPrefix, tenantId: row.tenantId };
    },

    /** Fixed one-minute windows counted in the database; returns seconds to wait, or 0 when the request may go on. */
    async checkRateLimit(apiKeyId: string): Promise<{ retryAfterSeconds: number; remaining: number; limit: number }> {
      const now = clock.now().getTime();
      const windowStart = now - (now % MINUTE);
      const count = await queries.countRequest(apiKeyId, new Date(windowStart));
      if (count === 1 && Math.random() < 0.05) {
        await queries.deleteOldCounters(new Date(windowStart - 10 * MINUTE));
      }
      const limit = deps.requestsPerMinute;
      return {
        retryAfterSeconds: count > limit ? Math.max(1, Math.ceil((windowStart + MINUTE - now) / 1000)) : 0,
        remaining: Math.max(0, limit - count),
        limit,
      };
    },

    async claimIdempotencyKey(apiKeyId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
      const now = clock.now();
      for (let attempt = 0; attempt < 2; attempt += 1) {
        if (
          await queries.claimIdempotencyKey({
            apiKeyId,
            key,
            requestHash,
            createdAt: now,
            expiresAt: new Date(now.getTime() + IDEMPOTENCY_LIFETIME),
          })
        ) {
          return { kind: 'claimed' };
        }
        const existing = await queries.findIdempotencyKey(apiKeyId, key);
        if (existing === null) {
          continue;
        }
        if (existing.expiresAt <= now) {
          await queries.deleteExpiredIdempotencyKeys(now);
          continue;
        }
        if (existing.requestHash !== requestHash) {
          return { kind: 'mismatch' };
        }
        if (existing.responseStatus === null || existing.responseBody === null) {
          return { kind: 'in_progress' };
        }
        return { kind: 'replay', status: existing.responseStatus, body: existing.responseBody };
      }
      return { kind: 'in_progress' };
    },

    completeIdempotencyKey: (apiKeyId: string, key: string, status: number, body: string): Promise<void> =>
      queries.completeIdempotencyKey(apiKeyId, key, status, body),
    /** After an answer that changed nothing (a refusal before any write), the key may be used again. */
    releaseIdempotencyKey: (apiKeyId: string, key: string): Promise<void> =>
      queries.releaseIdempotencyKey(apiKeyId, key),
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
