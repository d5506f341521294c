import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { afterCommit } from '../../db/after-commit.js';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { HOUR, MINUTE } from '../../shared/clock.js';
import { MailDeliveryError, type MailTransport } from './mail-transport.js';
import { createOutboxQueries, type DevMailRow, type OutboxRow } from './outbox-repo.js';
import { isUuid } from '../../shared/ids.js';
import { required } from '../../shared/required.js';

export interface MailToEnqueue {
  tenantId: string | null;
  kind:
    | 'invitation'
    | 'access_granted'
    | 'email_confirmation'
    | 'password_reset'
    | 'password_changed'
    | 'email_changed'
    | 'email_change_request'
    | 'document_digest'
    | 'claim_submitted'
    | 'claim_news'
    | 'claim_release_requested'
    | 'claim_released'
    | 'claim_returned'
    | 'claim_draft_reminder'
    | 'data_export_ready'
    | 'message_digest'
    | 'staff_message_digest';
  fromName: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Fast first retries (a person is waiting for this mail), then hourly, then give up after two days. */
const RETRY_DELAYS = [1 * MINUTE, 5 * MINUTE, 15 * MINUTE, 60 * MINUTE];
const GIVE_UP_AFTER_ATTEMPTS = RETRY_DELAYS.length + 44;
/**
 * How long a claim holds before another process may take the mail over. Longer than one send can
 * take (connect and reply timeouts), or a slow send could be taken over and sent twice.
 */
export const DEFAULT_LEASE_MILLISECONDS = 2 * MINUTE;
/** Claimed at once and sent concurrently over the transport's pooled connections. */
const BATCH = 50;
/** Against mail bombing through repeated requests: at most this many mails to one address an hour; the rest wait. */
export const RECIPIENT_HOURLY_CAP = 10;

export type MailResult = 'sent' | 'retry' | 'failed' | 'abandoned';

export interface OutboxStatus {
  counts: Record<string, number>;
  oldestQueuedAt: Date | null;
  undeliverable: Array<{
    id: string;
    kind: string;
    toAddress: string;
    status: string;
    attempts: number;
    lastError: string | null;
    createdAt: Date;
  }>;
}

export function retryDelayAfter(attempts: number): number {
  return RETRY_DELAYS[attempts - 1] ?? HOUR;
}

/** What a tenant sets for its mails; unset fields fall back to the portal's own. */
export interface MailSender {
  senderName: string | null;
  replyTo: string | null;
}

export function createOutboxService(deps: {
  db: Database;
  clock: Clock;
  transport: MailTransport;
  mailFrom: string;
  logger: Logger;
  recordMailResult?: (kind: string, result: MailResult) => void;
  leaseMilliseconds?: number;
  /**
   * A tenant's own sender name and reply-to address, read on the executor given (the enqueueing transaction); null for
   * a tenant that is gone. The tenants module answers it.
   */
  senderOf: (executor: Database, tenantId: string) => Promise<MailSender | null>;
  /** Told when a mail is sent or given up (webhooks); its failure never changes the mail's state. */
  onMailSettled?: (
    mail: { id: string; tenantId: string | null; kind: string; toAddress: string },
    result: 'sent' | 'failed' | 'abandoned',
  ) => Promise<void>;
}) {
  const { db, clock, transport, mailFrom, logger } = deps;
  const lease = deps.leaseMilliseconds ?? DEFAULT_LEASE_MILLISECONDS;
  const recordResult = deps.recordMailResult ?? (() => undefined);
  const record = (row: OutboxRow, result: MailResult): void => {
    recordResult(row.kind, result);
    if (result !== 'retry' && deps.onMailSettled !== undefined) {
      deps
        .onMailSettled(row, result)
        .catch((error: unknown) => logger.error({ err: error, outboxId: row.id }, 'mail result listener failed'));
    }
  };
  const messageIdDomain = mailFrom.slice(mailFrom.lastIndexOf('@') + 1) || 'portico.invalid';
  const listeners = new Set<() => void>();

  /**
   * Tells a running worker that new mail was committed, so it does not wait for its next poll; enqueueing registers it
   * after the commit.
   */
  function notifyCommitted(): void {
    for (const listener of listeners) {
      listener();
    }
  }

  /** `sentLastHour` counts this recipient's mails of the past hour, this batch's sends included. */
  async function deliver(
    row: Awaited<ReturnType<ReturnType<typeof createOutboxQueries>['claimDue']>>[number],
    sentLastHour: number,
  ): Promise<'sent' | 'not_sent'> {
    const queries = createOutboxQueries(db);
    const now = clock.now();
    if (sentLastHour >= RECIPIENT_HOURLY_CAP) {
      await queries.postpone(row.id, new Date(now.getTime() + 15 * MINUTE), 'recipient hourly cap reached');
      logger.warn({ outboxId: row.id, kind: row.kind }, 'mail postponed: recipient hourly cap reached');
      return 'not_sent';
    }
    try {
      await transport.send({
        outboxId: row.id,
        fromName: row.fromName,
        fromAddress: mailFrom,
        replyTo: row.replyTo,
        to: row.toAddress,
        subject: row.subject,
        text: row.textBody ?? '',
        html: row.htmlBody ?? '',
        messageId: row.messageId,
      });
      await queries.markSent(row.id, clock.now());
      record(row, 'sent');
      logger.info({ outboxId: row.id, kind: row.kind, attempts: row.attempts }, 'mail sent');
      return 'sent';
    } catch (error) {
      const message = error instanceof Error ? error.message.slice(0, 500) : 'unknown error';
      if (error instanceof MailDeliveryError && error.isPermanent) {
        await queries.markFinal(row.id, 'failed', message);
        record(row, 'failed');
        logger.warn({ outboxId: row.id, kind: row.kind, error: message }, 'mail refused permanently');
      } else if (row.attempts >= GIVE_UP_AFTER_ATTEMPTS) {
        await queries.markFinal(row.id, 'abandoned', message);
        record(row, 'abandoned');
        logger.warn({ outboxId: row.id, kind: row.kind, error: message }, 'mail abandoned after last retry');
      } else {
        await queries.markRetry(row.id, new Date(clock.now().getTime() + retryDelayAfter(row.attempts)), message);
        record(row, 'retry');
        logger.warn(
          { outboxId: row.id, kind: row.kind, attempts: row.attempts, error: message },
          'mail delivery failed, will retry',
        );
      }
      return 'not_sent';
    }
  }

  /** Outbox rows for mails of one moment, each with its broker's own sender name and reply-to address when set. */
  async function rowsOf(executor: Database, mails: MailToEnqueue[]) {
    const now = clock.now();
    const senders = new Map<string, MailSender | null>();
    for (const tenantId of new Set(mails.map((mail) => mail.tenantId))) {
      if (tenantId !== null) {
        senders.set(tenantId, await deps.senderOf(executor, tenantId));
      }
    }
    return mails.map((mail) => {
      const sender = mail.tenantId === null ? null : senders.get(mail.tenantId);
      return {
        tenantId: mail.tenantId,
        kind: mail.kind,
        fromName: sender?.senderName ?? mail.fromName,
        replyTo: sender?.replyTo ?? null,
        toAddress: mail.to,
        subject: mail.subject,
        textBody: mail.text,
        htmlBody: mail.html,
        messageId: `<${randomUUID()}@${messageIdDomain}>`,
        createdAt: now,
        nextAttemptAt: now,
      };
    });
  }

  return {
    /** Writes the mail in the caller's transaction: it exists exactly when the change that causes it does. */
    async enqueueMail(executor: Database, mail: MailToEnqueue): Promise<void> {
      const queries = createOutboxQueries(executor);
      const [row] = await rowsOf(executor, [mail]);
      await queries.insert(required(row));
      afterCommit(executor, notifyCommitted);
    },

    /** Many mails in one statement (bulk invitations), in the caller's transaction. */
    async enqueueMails(executor: Database, mails: MailToEnqueue[]): Promise<void> {
      const queries = createOutboxQueries(executor);
      const rows = await rowsOf(executor, mails);
      for (let start = 0; start < rows.length; start += 500) {
        await queries.insertMany(rows.slice(start, start + 500));
      }
      if (rows.length > 0) {
        afterCommit(executor, notifyCommitted);
      }
    },

    notifyCommitted,

    onCommitted: (listener: () => void): (() => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /**
     * Delivers everything that is due now; returns how many mails were attempted. Once `signal`
     * aborts (shutdown), no further batch is claimed and claimed mails not yet begun are handed back.
     */
    async deliverDueMails(options: { signal?: AbortSignal } = {}): Promise<number> {
      const queries = createOutboxQueries(db);
      let attempted = 0;
      while (options.signal?.aborted !== true) {
        const now = clock.now();
        const rows = await queries.claimDue(now, new Date(now.getTime() + lease), BATCH);
        if (rows.length === 0) {
          break;
        }
        // One recipient's mails go one after another, so the hourly cap sees each send; recipients run in parallel.
        const byRecipient = new Map<string, typeof rows>();
        for (const row of rows) {
          byRecipient.set(row.toAddress, [...(byRecipient.get(row.toAddress) ?? []), row]);
        }
        const sentLastHour = await queries.countSentToEach([...byRecipient.keys()], new Date(now.getTime() - HOUR));
        const groups = [...byRecipient.entries()];
        // Two lanes per connection keep every connection busy while the other lane records its result;
        // a mail is begun only when a lane is free, so at shutdown the mails not begun are handed back
        // at once rather than waiting in the transport's queue.
        const lane = async (): Promise<void> => {
          for (let next = groups.shift(); next !== undefined; next = groups.shift()) {
            const [toAddress, group] = next;
            let sent = sentLastHour.get(toAddress) ?? 0;
            for (const row of group) {
              if (options.signal?.aborted === true) {
                await queries.release(row.id);
              } else {
                sent += (await deliver(row, sent)) === 'sent' ? 1 : 0;
                attempted += 1;
              }
            }
          }
        };
        await Promise.all(Array.from({ length: 2 * Math.max(1, transport.concurrency) }, lane));
      }
      return attempted;
    },

    /** At the start of the only process on the embedded database: claims left by a killed process are free at once. */
    async releaseOrphanedClaims(): Promise<number> {
      return createOutboxQueries(db).releaseAllClaims();
    },

    /**
     * The newest invitation mail (a link, or for a person with a password the note that access is open) to each address
     * in a tenant.
     */
    async latestInvitationMails(
      tenantId: string,
      addresses: string[],
    ): Promise<Map<string, { status: string; lastError: string | null; sentAt: Date | null }>> {
      const rows = await createOutboxQueries(db).latestByAddress(tenantId, ['invitation', 'access_granted'], addresses);
      return new Map(
        rows.map((row) => [row.toAddress, { status: row.status, lastError: row.lastError, sentAt: row.sentAt }]),
      );
    },

    listDevMails: (limit: number): Promise<DevMailRow[]> => createOutboxQueries(db).listDevMails(limit),
    findDevMail: (id: string): Promise<DevMailRow | null> => createOutboxQueries(db).findDevMail(id),
    async status(): Promise<OutboxStatus> {
      const queries = createOutboxQueries(db);
      return {
        counts: await queries.countByStatus(),
        oldestQueuedAt: await queries.oldestQueuedAt(),
        undeliverable: await queries.listUndeliverable(20),
      };
    },

    /** An operator's retry of a failed or abandoned mail; the worker picks it up at once. */
    async retryMail(id: string): Promise<boolean> {
      const isRequeued = isUuid(id) && (await createOutboxQueries(db).requeue(id, clock.now()));
      if (isRequeued) {
        notifyCommitted();
      }
      return isRequeued;
    },
  };
}

export type OutboxService = ReturnType<typeof createOutboxService>;
