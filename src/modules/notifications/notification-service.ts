import type { Logger } from 'pino';
import { afterCommit } from '../../db/after-commit.js';
import type { Database } from '../../db/database.js';
import { HOUR, type Clock } from '../../shared/clock.js';
import { identitiesIn } from '../identities/identity-service.js';
import { renderNewDocumentsMail } from '../mail/document-mail-templates.js';
import { mailBrandingOf } from '../mail/mail-layout.js';
import { membershipsIn } from '../memberships/membership-service.js';
import type { AuditService, RequestOrigin } from '../audit/audit-service.js';
import type { MailToEnqueue, OutboxService } from '../outbox/outbox-service.js';
import type { TenantService } from '../tenants/tenant-service.js';
import { createNotificationQueries, type DocumentNotificationRow } from './notification-repo.js';

/** At most one mail "Neue Dokumente" per person and tenant in this time. */
export const DIGEST_INTERVAL = HOUR;
/** Digests written into the outbox in one transaction. */
const BATCH = 50;

/**
 * The mail "Neue Dokumente in Ihrem Kundenportal": the broker's documents are counted for the people who see them in
 * the transaction that stores them, and a digest goes out per person and tenant at most once an hour, through the
 * outbox, with a link to the portal and nothing of the documents themselves. Each person switches it per tenant.
 */
export function createNotificationService(deps: {
  db: Database;
  clock: Clock;
  outbox: OutboxService;
  tenants: TenantService;
  audit: AuditService;
  logger: Logger;
}) {
  const { db, clock, outbox, tenants, audit, logger } = deps;
  const listeners = new Set<() => void>();

  function notifyCommitted(): void {
    for (const listener of listeners) {
      listener();
    }
  }

  /**
   * Writes the digests of one tenant's locked rows into the outbox; people who cannot log in here get none. The same
   * statements for any number of rows (each row is one person with a count, whatever the number of documents): the
   * tenant and its address, the people and their access, the mails and the rows' settling each once.
   */
  async function sendWithin(tx: Database, tenantId: string, rows: DocumentNotificationRow[]): Promise<number> {
    const now = clock.now();
    const tenant = await tenants.findTenantById(tenantId, tx);
    const identityIds = rows.map((row) => row.identityId);
    if (tenant === null) {
      await createNotificationQueries(tx).settle(tenantId, { sent: [], dropped: identityIds }, now);
      return 0;
    }
    const baseUrl = await tenants.tenantBaseUrl(tenantId, tx);
    const branding = mailBrandingOf(tenant);
    // Only people who can log in here: a password, the invitation accepted, access not ended.
    const withAccess = await membershipsIn(tx).listAcceptedWithAccessAmong(tenantId, identityIds, now);
    const people = new Map(
      (await identitiesIn(tx).findByIds(identityIds.filter((identityId) => withAccess.has(identityId))))
        .filter((identity) => identity.passwordHash !== null)
        .map((identity) => [identity.id, identity]),
    );
    const mails: MailToEnqueue[] = [];
    const sent: string[] = [];
    const dropped: string[] = [];
    for (const row of rows) {
      const identity = people.get(row.identityId);
      if (identity === undefined) {
        dropped.push(row.identityId);
        continue;
      }
      const mail = renderNewDocumentsMail({
        language: identity.language,
        branding,
        recipientName: identity.name,
        link: `${baseUrl}/dokumente`,
        count: row.pendingCount,
      });
      mails.push({
        tenantId,
        kind: 'document_digest',
        fromName: branding.tenantName,
        to: identity.emailDisplay,
        ...mail,
      });
      sent.push(row.identityId);
    }
    await outbox.enqueueMails(tx, mails);
    await createNotificationQueries(tx).settle(tenantId, { sent, dropped }, now);
    return sent.length;
  }

  return {
    /**
     * A document of the broker arrived for these people (those who see it, decided by the caller with the visibility
     * module): counted for the next digest in the caller's transaction, the worker woken after its commit.
     */
    async documentArrivedIn(executor: Database, tenantId: string, identityIds: readonly string[]): Promise<void> {
      if (identityIds.length === 0) {
        return;
      }
      await createNotificationQueries(executor).addPending(tenantId, [...new Set(identityIds)], clock.now());
      afterCommit(executor, notifyCommitted);
    },

    /**
     * Those among the people who may be mailed here at all: the access accepted and the switch on. Asked before the
     * costlier decision of who sees a document, in the caller's transaction; the mail checks again when it goes out.
     */
    async mailableAmongIn(executor: Database, tenantId: string, identityIds: readonly string[]): Promise<string[]> {
      if (identityIds.length === 0) {
        return [];
      }
      const accepted = await membershipsIn(executor).listAcceptedAmong(tenantId, [...identityIds]);
      const disabled = await createNotificationQueries(executor).disabledAmong(tenantId, identityIds);
      return identityIds.filter((identityId) => accepted.has(identityId) && !disabled.has(identityId));
    },

    onCommitted: (listener: () => void): (() => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /**
     * Puts every digest that is due into the outbox: something arrived and no mail went out in the last hour. Each
     * batch is one transaction (rows locked, mails written, rows marked), so a crash sends a digest once or not yet.
     * Returns how many mails were written.
     */
    async sendDueDigests(options: { signal?: AbortSignal } = {}): Promise<number> {
      let written = 0;
      while (options.signal?.aborted !== true) {
        const batch = await db.transaction(async (tx) => {
          const rows = await createNotificationQueries(tx).lockDue(
            new Date(clock.now().getTime() - DIGEST_INTERVAL),
            BATCH,
          );
          const byTenant = new Map<string, DocumentNotificationRow[]>();
          for (const row of rows) {
            byTenant.set(row.tenantId, [...(byTenant.get(row.tenantId) ?? []), row]);
          }
          for (const [tenantId, ofTenant] of byTenant) {
            written += await sendWithin(tx, tenantId, ofTenant);
          }
          return rows.length;
        });
        if (batch < BATCH) {
          break;
        }
      }
      if (written > 0) {
        logger.info({ mails: written }, 'document digests queued');
      }
      return written;
    },

    /** Whether the person gets the mail in this tenant; on unless they switched it off. */
    isMailEnabled: (tenantId: string, identityId: string): Promise<boolean> =>
      createNotificationQueries(db).isEnabled(tenantId, identityId),

    /** Mein Zugang's switch, for this tenant only, recorded in its Protokoll. */
    async setMailEnabled(
      tenantId: string,
      identityId: string,
      isEnabled: boolean,
      origin: RequestOrigin,
    ): Promise<void> {
      await db.transaction(async (tx) => {
        await createNotificationQueries(tx).setEnabled(tenantId, identityId, isEnabled);
        await audit.record(
          {
            kind: 'notifications.changed',
            tenantId,
            identityId,
            origin,
            detail: `E-Mail bei neuen Dokumenten: ${isEnabled ? 'an' : 'aus'}`,
          },
          tx,
        );
      });
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
