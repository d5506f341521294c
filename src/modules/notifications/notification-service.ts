import type { Logger } from 'pino';
import { afterCommit } from '../../db/after-commit.js';
import type { Database } from '../../db/database.js';
import { HOUR, type Clock } from '../../shared/clock.js';
import { identitiesIn } from '../identities/identity-service.js';
import { renderPortalDigestMail, renderStaffMessagesMail } from '../mail/message-digest-templates.js';
import { mailBrandingOf } from '../mail/mail-layout.js';
import { membershipsIn } from '../memberships/membership-service.js';
import type { AuditService, RequestOrigin } from '../audit/audit-service.js';
import type { MailToEnqueue, OutboxService } from '../outbox/outbox-service.js';
import type { TenantService } from '../tenants/tenant-service.js';
import {
  CONTACT_RECIPIENT,
  createNotificationQueries,
  type DocumentNotificationRow,
  type StaffMessageNotificationRow,
} from './notification-repo.js';

/** At most one digest (documents and messages of the broker; customers' messages for staff) per person and tenant. */
export const DIGEST_INTERVAL = HOUR;
/** Digests written into the outbox in one transaction. */
const BATCH = 50;
/** Whom the staff's digests go to by name: the tenant's staff. */
const STAFF_ROLES = ['staff_admin', 'staff_user'] as const;

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
      const mail = renderPortalDigestMail({
        language: identity.language,
        branding,
        recipientName: identity.name,
        baseUrl,
        documentCount: row.pendingCount,
        messageCount: row.pendingMessageCount,
      });
      mails.push({
        tenantId,
        kind: row.pendingMessageCount === 0 ? 'document_digest' : 'message_digest',
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

  /**
   * Writes the staff's digests of one tenant's locked rows: to a staff member who can still log in here (a password,
   * access not ended, a staff role) and has the switch on, or to the tenant's contact address. A staff member who
   * cannot log in (invited without a password yet, deactivated, no longer staff) would never read it: their digest goes
   * to the contact address instead, so a customer's message is never left unannounced; one who switched it off gets
   * nothing. The same statements for any number of rows: the tenant and its address, the switches, the people and
   * their access, the mails and the rows' settling each once.
   */
  async function sendStaffWithin(tx: Database, tenantId: string, rows: StaffMessageNotificationRow[]): Promise<number> {
    const now = clock.now();
    const tenant = await tenants.findTenantById(tenantId, tx);
    const queries = createNotificationQueries(tx);
    if (tenant === null) {
      await queries.clearStaffPending(
        tenantId,
        rows.map((row) => row.recipient),
        null,
      );
      return 0;
    }
    const baseUrl = await tenants.tenantBaseUrl(tenantId, tx);
    const identityIds = rows.flatMap((row) => (row.identityId === null ? [] : [row.identityId]));
    const disabled = await queries.disabledAmong(tenantId, identityIds);
    const withAccess = await membershipsIn(tx).listAcceptedWithAccessAmong(tenantId, identityIds, now, STAFF_ROLES);
    const staff = new Map(
      (await identitiesIn(tx).findByIds(identityIds.filter((identityId) => withAccess.has(identityId))))
        .filter((identity) => identity.passwordHash !== null)
        .map((identity) => [identity.id, identity]),
    );
    const contactAddress = tenant.contact.email === null || tenant.contact.email === '' ? null : tenant.contact.email;
    const contact = contactAddress === null ? null : { address: contactAddress, name: null, isContact: true };
    const branding = mailBrandingOf(tenant);
    const mails: MailToEnqueue[] = [];
    const sent: string[] = [];
    const dropped: string[] = [];
    // The contact address may be owed for itself and for staff who can no longer log in: one mail for all of them.
    const forContact: StaffMessageNotificationRow[] = [];
    for (const row of rows) {
      const to = staffAddressOf(row);
      if (to === null) {
        dropped.push(row.recipient);
        continue;
      }
      sent.push(row.recipient);
      if (to.isContact) {
        forContact.push(row);
        continue;
      }
      mails.push(digestMail(to, row.pendingCount, [row.conversationId]));
    }
    if (contact !== null && forContact.length > 0) {
      const count = forContact.reduce((sum, row) => sum + row.pendingCount, 0);
      mails.push(
        digestMail(
          contact,
          count,
          forContact.map((row) => row.conversationId),
        ),
      );
    }
    await outbox.enqueueMails(tx, mails);
    await queries.clearStaffPending(tenantId, sent, now);
    await queries.clearStaffPending(tenantId, dropped, null);
    return mails.length;

    /** The digest's link: the one conversation it tells of, else the inbox. */
    function digestMail(
      to: { address: string; name: string | null; isContact: boolean },
      count: number,
      conversationIds: readonly (string | null)[],
    ): MailToEnqueue {
      const distinct = new Set(conversationIds);
      const [only] = distinct;
      const path =
        distinct.size === 1 && typeof only === 'string' ? `/admin/nachrichten/${only}` : '/admin/nachrichten';
      return {
        tenantId,
        kind: 'staff_message_digest',
        fromName: branding.tenantName,
        to: to.address,
        ...renderStaffMessagesMail({
          branding,
          recipientName: to.name,
          count,
          link: `${baseUrl}${path}`,
          isContactAddress: to.isContact,
        }),
      };
    }

    function staffAddressOf(
      row: StaffMessageNotificationRow,
    ): { address: string; name: string | null; isContact: boolean } | null {
      if (row.identityId === null) return contact;
      if (disabled.has(row.identityId)) return null;
      const identity = staff.get(row.identityId);
      return identity === undefined
        ? contact
        : { address: identity.emailDisplay, name: identity.name, isContact: false };
    }
  }

  /**
   * Writes the due digests of one kind, a batch per transaction (rows locked, mails written, rows marked), so a crash
   * sends a digest once or not yet.
   */
  async function drain<Row extends { tenantId: string }>(
    options: { signal?: AbortSignal },
    lockDue: (queries: ReturnType<typeof createNotificationQueries>, sentBefore: Date) => Promise<Row[]>,
    send: (tx: Database, tenantId: string, rows: Row[]) => Promise<number>,
  ): Promise<number> {
    let written = 0;
    while (options.signal?.aborted !== true) {
      const batch = await db.transaction(async (tx) => {
        const rows = await lockDue(createNotificationQueries(tx), new Date(clock.now().getTime() - DIGEST_INTERVAL));
        const byTenant = new Map<string, Row[]>();
        for (const row of rows) {
          byTenant.set(row.tenantId, [...(byTenant.get(row.tenantId) ?? []), row]);
        }
        for (const [tenantId, ofTenant] of byTenant) {
          written += await send(tx, tenantId, ofTenant);
        }
        return rows.length;
      });
      if (batch < BATCH) {
        break;
      }
    }
    return written;
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
      await createNotificationQueries(executor).addPending(
        tenantId,
        [...new Set(identityIds)],
        clock.now(),
        'documents',
      );
      afterCommit(executor, notifyCommitted);
    },

    /**
     * A message of the broker arrived for these people (those who see the conversation, decided by the caller with
     * the visibility module): counted for the same digest as documents, in the caller's transaction.
     */
    async messageArrivedIn(executor: Database, tenantId: string, identityIds: readonly string[]): Promise<void> {
      if (identityIds.length === 0) {
        return;
      }
      await createNotificationQueries(executor).addPending(
        tenantId,
        [...new Set(identityIds)],
        clock.now(),
        'messages',
      );
      afterCommit(executor, notifyCommitted);
    },

    /**
     * A customer wrote: counted for the staff's digest of the one who is told (a staff member, or the tenant's
     * contact address when nobody is in charge), in the caller's transaction.
     */
    async customerMessageArrivedIn(
      executor: Database,
      tenantId: string,
      recipient: { staffIdentityId: string } | 'contact',
      conversationId: string,
    ): Promise<void> {
      const key =
        recipient === 'contact'
          ? { key: CONTACT_RECIPIENT, identityId: null }
          : { key: recipient.staffIdentityId, identityId: recipient.staffIdentityId };
      await createNotificationQueries(executor).addStaffPending(tenantId, key, conversationId, clock.now());
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
      const written =
        (await drain(options, (queries, sentBefore) => queries.lockDue(sentBefore, BATCH), sendWithin)) +
        (await drain(options, (queries, sentBefore) => queries.lockDueStaff(sentBefore, BATCH), sendStaffWithin));
      if (written > 0) {
        logger.info({ mails: written }, 'digests queued');
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
            detail: `E-Mail bei neuen Dokumenten und Nachrichten: ${isEnabled ? 'an' : 'aus'}`,
          },
          tx,
        );
      });
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
