import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { afterCommit } from '../../db/after-commit.js';
import type { Database } from '../../db/database.js';
import { HOUR, MINUTE, SECOND, type Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { generateToken } from '../../shared/tokens.js';
import { parseWebhookUrl, signWebhookBody, SIGNATURE_HEADER, type WebhookEvent } from './webhook.js';
import { createWebhookQueries, type WebhookRow } from './webhook-repo.js';
import { membershipsIn } from '../memberships/membership-service.js';
import { postWebhook, resolveWithSystem, type ResolveHost } from './webhook-request.js';

/** Quick first retries (an integrator is watching), then spread out over about a day. */
const RETRY_DELAYS = [10 * SECOND, 1 * MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR, 12 * HOUR];
const GIVE_UP_AFTER_ATTEMPTS = RETRY_DELAYS.length + 1;
const LEASE = 1 * MINUTE;
const BATCH = 20;
const REQUEST_TIMEOUT = 10 * SECOND;

export interface WebhookView {
  id: string;
  url: string;
  events: string[];
  createdAt: Date;
}

export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  createdAt: Date;
  deliveredAt: Date | null;
  attempts: {
    attempt: number;
    statusCode: number | null;
    error: string | null;
    durationMilliseconds: number;
    attemptedAt: Date;
  }[];
}

/**
 * Adds to an event's data what must be fresh at each attempt (a download link that expires), from the tenant and the
 * data stored at emission.
 */
export type DeliveryCompletion = (tenantId: string, data: Record<string, unknown>) => Promise<Record<string, unknown>>;

function viewOf(row: WebhookRow): WebhookView {
  return { id: row.id, url: row.url, events: row.events, createdAt: row.createdAt };
}

export function createWebhookService(deps: {
  db: Database;
  clock: Clock;
  logger: Logger;
  isPrivateTargetAllowed: boolean;
  resolveHost?: ResolveHost;
}) {
  const { db, clock, logger, isPrivateTargetAllowed } = deps;
  const resolveHost = deps.resolveHost ?? resolveWithSystem;
  const listeners = new Set<() => void>();
  const completions = new Map<string, DeliveryCompletion>();

  /**
   * The body of one attempt: the event as stored, or, for a type with a completion, the same event with the fresh
   * values added. Its id and createdAt stay those of the event, so a receiver de-duplicates retries as before.
   */
  async function bodyOf(row: { tenantId: string; eventType: string; payload: string }): Promise<string> {
    const complete = completions.get(row.eventType);
    if (complete === undefined) {
      return row.payload;
    }
    const event = JSON.parse(row.payload) as { data: Record<string, unknown> };
    return JSON.stringify({ ...event, data: await complete(row.tenantId, event.data) });
  }

  async function deliver(
    row: Awaited<ReturnType<ReturnType<typeof createWebhookQueries>['claimDue']>>[number],
  ): Promise<void> {
    const queries = createWebhookQueries(db);
    if (row.isDeleted) {
      await queries.markAbandoned(row.id);
      return;
    }
    const started = Date.now();
    const timestamp = Math.floor(clock.now().getTime() / 1000);
    const body = await bodyOf(row).catch((caught: unknown) => {
      logger.error({ err: caught, deliveryId: row.id, eventType: row.eventType }, 'webhook body not completed');
      return null;
    });
    // A refused target (a name that now resolves to an internal address) is a failed attempt like any other; so is a
    // body that could not be completed (the database away), which is tried again later.
    const { statusCode, error } =
      body === null
        ? { statusCode: null, error: 'the event could not be prepared' }
        : await postWebhook({
            url: row.url,
            headers: {
              'content-type': 'application/json',
              'user-agent': 'Portico-Webhooks/1',
              [SIGNATURE_HEADER]: signWebhookBody(row.secret, timestamp, body),
              'Portico-Event': row.eventType,
              'Portico-Delivery': row.id,
            },
            body,
            timeoutMilliseconds: REQUEST_TIMEOUT,
            isPrivateTargetAllowed,
            resolveHost,
          });
    await queries.recordAttempt({
      deliveryId: row.id,
      webhookId: row.webhookId,
      attempt: row.attempts,
      statusCode,
      error,
      durationMilliseconds: Date.now() - started,
      createdAt: clock.now(),
    });
    if (error === null) {
      await queries.markDelivered(row.id, clock.now());
    } else if (row.attempts >= GIVE_UP_AFTER_ATTEMPTS) {
      await queries.markAbandoned(row.id);
      logger.warn({ deliveryId: row.id, eventType: row.eventType }, 'webhook delivery abandoned');
    } else {
      await queries.markRetry(row.id, new Date(clock.now().getTime() + (RETRY_DELAYS[row.attempts - 1] ?? 12 * HOUR)));
    }
  }

  /** Queues events for every webhook of these tenants that subscribed to the type, in the caller's transaction. */
  async function emitToTenants(
    executor: Database,
    tenantIds: string[],
    type: WebhookEvent,
    events: Record<string, unknown>[],
  ): Promise<number> {
    const queries = createWebhookQueries(executor);
    const hooks = events.length === 0 ? [] : await queries.listSubscribed(tenantIds, type);
    const now = clock.now();
    const deliveries = hooks.flatMap((hook) =>
      events.map((data) => {
        const eventId = randomUUID();
        return {
          webhookId: hook.id,
          tenantId: hook.tenantId,
          eventId,
          eventType: type,
          payload: JSON.stringify({ id: eventId, type, createdAt: now.toISOString(), data }),
          createdAt: now,
          nextAttemptAt: now,
        };
      }),
    );
    for (let start = 0; start < deliveries.length; start += 500) {
      await queries.insertDeliveries(deliveries.slice(start, start + 500));
    }
    if (deliveries.length > 0) {
      afterCommit(executor, notifyCommitted);
    }
    return deliveries.length;
  }

  /** Wakes a running worker for deliveries just committed; emitting registers it after the commit. */
  function notifyCommitted(): void {
    for (const listener of listeners) {
      listener();
    }
  }

  return {
    /** The secret is returned once; the portal keeps it to sign deliveries. */
    async createWebhook(
      tenantId: string,
      input: { url: string; events: WebhookEvent[] },
    ): Promise<{ webhook: WebhookView; secret: string }> {
      const url = parseWebhookUrl(input.url, { isPrivateTargetAllowed });
      if (url === null) {
        throw new AppError('WEBHOOK_URL_INVALID', {
          field: 'url',
          detail: isPrivateTargetAllowed
            ? 'The URL must be http or https without user name or password'
            : 'The URL must be http or https and point to a public address',
        });
      }
      if (input.events.length === 0) {
        throw new AppError('WEBHOOK_EVENTS_MISSING', { field: 'events', detail: 'Choose at least one event' });
      }
      const secret = `whsec_${generateToken()}`;
      const row = await createWebhookQueries(db).insert({
        tenantId,
        url,
        secret,
        events: [...new Set(input.events)],
        createdAt: clock.now(),
      });
      return { webhook: viewOf(row), secret };
    },
    listWebhooks: async (tenantId: string): Promise<WebhookView[]> =>
      (await createWebhookQueries(db).listActive(tenantId)).map(viewOf),
    async deleteWebhook(tenantId: string, id: string): Promise<void> {
      if (!(await createWebhookQueries(db).markDeleted(tenantId, id, clock.now()))) {
        throw new AppError('WEBHOOK_NOT_FOUND', 'No such webhook');
      }
    },
    /** Newest deliveries first, each with every attempt and its answer. */
    async listDeliveries(tenantId: string, id: string, limit: number): Promise<DeliveryView[]> {
      const queries = createWebhookQueries(db);
      if ((await queries.find(tenantId, id)) === null) {
        throw new AppError('WEBHOOK_NOT_FOUND', 'No such webhook');
      }
      const deliveries = await queries.listDeliveries(tenantId, id, limit);
      const attempts = await queries.listAttemptsOf(deliveries.map((delivery) => delivery.id));
      return deliveries.map((delivery) => ({
        id: delivery.id,
        eventId: delivery.eventId,
        eventType: delivery.eventType,
        status: delivery.status,
        createdAt: delivery.createdAt,
        deliveredAt: delivery.deliveredAt,
        attempts: attempts
          .filter((attempt) => attempt.deliveryId === delivery.id)
          .map(({ attempt, statusCode, error, durationMilliseconds, createdAt }) => ({
            attempt,
            statusCode,
            error,
            durationMilliseconds,
            attemptedAt: createdAt,
          })),
      }));
    },

    emit: (executor: Database, tenantId: string, type: WebhookEvent, data: Record<string, unknown>): Promise<number> =>
      emitToTenants(executor, [tenantId], type, [data]),

    /** Many events of one type in one tenant (bulk invitations): one lookup, batched inserts. */
    emitMany: (
      executor: Database,
      tenantId: string,
      type: WebhookEvent,
      events: Record<string, unknown>[],
    ): Promise<number> => emitToTenants(executor, [tenantId], type, events),

    /** A person-level event (e-mail confirmed) goes to every tenant the person is active in. */
    async emitForIdentity(
      executor: Database,
      identityId: string,
      type: WebhookEvent,
      data: Record<string, unknown>,
    ): Promise<number> {
      // A tenant whose invitation the person has not accepted yet hears nothing of their account.
      const tenantIds = await membershipsIn(executor).listAcceptedTenantIds(identityId);
      return emitToTenants(executor, tenantIds, type, [data]);
    },

    /**
     * Registers what an event type adds at each delivery attempt rather than at emission: a value that expires (a
     * download link) must be valid when the receiver gets it, also on a retry hours later.
     */
    completeAtDelivery(type: WebhookEvent, completion: DeliveryCompletion): void {
      completions.set(type, completion);
    },

    notifyCommitted,
    onCommitted: (listener: () => void): (() => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Delivers everything due now; returns how many deliveries were attempted. */
    async deliverDueWebhooks(options: { signal?: AbortSignal } = {}): Promise<number> {
      let attempted = 0;
      // Once the signal aborts (shutdown) no further batch is claimed; the batch in flight finishes or its lease runs
      // out.
      while (options.signal?.aborted !== true) {
        const now = clock.now();
        const rows = await createWebhookQueries(db).claimDue(now, new Date(now.getTime() + LEASE), BATCH);
        if (rows.length === 0) {
          return attempted;
        }
        await Promise.all(rows.map(deliver));
        attempted += rows.length;
      }
      return attempted;
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
