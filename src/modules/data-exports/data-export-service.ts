import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { afterCommit } from '../../db/after-commit.js';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { generateToken, hashToken, isWellFormedToken } from '../../shared/tokens.js';
import type { AuditService, RequestOrigin } from '../audit/audit-service.js';
import { zipOf } from '../claims/claim-zip.js';
import type { DocumentService } from '../documents/document-service.js';
import type { FileStore } from '../documents/file-store.js';
import { identitiesIn } from '../identities/identity-service.js';
import { mailBrandingOf } from '../mail/mail-layout.js';
import { membershipsIn } from '../memberships/membership-service.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import type { TenantService } from '../tenants/tenant-service.js';
import type { Tenant } from '../tenants/tenant.js';
import {
  DATA_EXPORT_DOWNLOAD_GRACE,
  DATA_EXPORT_LEASE,
  DATA_EXPORT_LINK_LIFETIME,
  DATA_EXPORT_MAX_ATTEMPTS,
  exportFileNameOf,
  stateOfExport,
  type DataExportSection,
  type DataExportState,
} from './data-export.js';
import { exportEntriesOf, type DataExportSources } from './data-export-contents.js';
import { renderDataExportReadyMail } from './data-export-mail.js';
import { createDataExportQueries, type DataExportRow } from './data-export-repo.js';

/** The ZIP may be as large as a person's documents are; the store still counts what it writes. */
const MAX_EXPORT_BYTES = Number.MAX_SAFE_INTEGER;
/** Spent exports whose files one sweep removes per transaction. */
const SWEEP_BATCH = 100;

export type DataExportRequestOutcome = { kind: 'requested' } | { kind: 'already_open' };

export interface DataExportDownload {
  fileName: string;
  body: Readable;
  size: number;
}

const notFound = () => new AppError('DATA_EXPORT_NOT_FOUND');

/**
 * "Meine Daten herunterladen" (GDPR Art. 15 and 20): a person asks at one broker; the worker prepares one ZIP of what
 * they have there (`daten.json` and the documents they see) into the file store and mails a link that works once,
 * within DATA_EXPORT_LINK_LIFETIME, for that person logged in at that broker; the sweep removes the file once it was
 * downloaded or the link ran out.
 */
export function createDataExportService(
  deps: DataExportSources & {
    clock: Clock;
    store: FileStore;
    outbox: OutboxService;
    tenants: Pick<TenantService, 'findTenantById' | 'tenantBaseUrl'>;
    audit: Pick<AuditService, 'record' | 'listLoginsOf'>;
    documents: Pick<DocumentService, 'exportFilesFor' | 'isFileInUse'>;
    logger: Logger;
  },
) {
  const { db, clock, store, outbox, tenants, audit, logger } = deps;
  const listeners = new Set<() => void>();
  const sections: DataExportSection[] = [];

  function notifyCommitted(): void {
    for (const listener of listeners) listener();
  }

  /** Removes an export's file unless a row (a document, an attachment, another export) names the same bytes. */
  async function removeFileIfUnused(tenantId: string, fileKey: string): Promise<void> {
    if (!(await deps.documents.isFileInUse(tenantId, fileKey))) await store.delete(fileKey);
  }

  /**
   * Whether the person has access at the broker now (a member there, not deactivated, the invitation not lapsed): an
   * export is prepared and downloaded only then, whatever the session or the link says.
   */
  const hasAccessNow = (executor: Database, tenantId: string, identityId: string): Promise<boolean> =>
    membershipsIn(executor).hasAccess(tenantId, identityId, clock.now());

  /**
   * Prepares one claimed export: the ZIP streamed into the store, then ready, its link mailed, in one transaction.
   * Answers whether it became ready (not when it was dropped or another worker took it over).
   */
  async function prepare(row: DataExportRow): Promise<boolean> {
    const tenant = await tenants.findTenantById(row.tenantId);
    if (tenant === null) throw new Error(`tenant ${row.tenantId} of data export ${row.id} is gone`);
    if (!(await hasAccessNow(db, tenant.id, row.identityId))) {
      // Deactivated or removed since asking: nothing is collected or mailed; asked again after a reactivation.
      await createDataExportQueries(db).releaseOrFail(row.id, true);
      logger.info({ dataExportId: row.id }, 'data export dropped: the person has no access at the broker any more');
      return false;
    }
    const startedAt = clock.now();
    const entries = await exportEntriesOf(deps, sections, tenant, row.identityId, startedAt);
    const stored = await store.put(tenant.id, zipOf(entries, startedAt), { maxBytes: MAX_EXPORT_BYTES });
    const token = generateToken();
    const isReady = await db.transaction(async (tx) => {
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + DATA_EXPORT_LINK_LIFETIME);
      const marked = await createDataExportQueries(tx).markReady(row.id, {
        fileKey: stored.key,
        fileSize: stored.size,
        tokenHash: hashToken(token),
        readyAt: now,
        expiresAt,
      });
      if (marked) await mailReady(tx, tenant, row.identityId, token, expiresAt);
      return marked;
    });
    if (!isReady) {
      await removeFileIfUnused(tenant.id, stored.key);
      return false;
    }
    logger.info(
      {
        dataExportId: row.id,
        files: entries.length,
        bytes: stored.size,
        milliseconds: Date.now() - startedAt.getTime(),
      },
      'data export prepared',
    );
    return true;
  }

  async function mailReady(tx: Database, tenant: Tenant, identityId: string, token: string, expiresAt: Date) {
    const identity = await identitiesIn(tx).findById(identityId);
    if (identity === null) return;
    const branding = mailBrandingOf(tenant);
    const mail = renderDataExportReadyMail({
      language: identity.language,
      branding,
      recipientName: identity.name,
      link: `${await tenants.tenantBaseUrl(tenant.id, tx)}/profile/daten/${token}`,
      expiresAt,
    });
    await outbox.enqueueMail(tx, {
      tenantId: tenant.id,
      kind: 'data_export_ready',
      fromName: branding.tenantName,
      to: identity.emailDisplay,
      ...mail,
    });
  }

  return {
    /** Another module's part of daten.json (the consents, once that module exists). */
    addSection(section: DataExportSection): void {
      sections.push(section);
    },

    /**
     * Asks for the person's export at this broker. One open export at a time: a second request while one is being
     * prepared or its link waits (a double click, another tab, requests at once) changes nothing.
     */
    async requestExport(tenant: Tenant, identityId: string, origin: RequestOrigin): Promise<DataExportRequestOutcome> {
      return db.transaction(async (tx) => {
        const queries = createDataExportQueries(tx);
        const now = clock.now();
        await queries.expireLinks(now, { tenantId: tenant.id, identityId });
        const inserted = await queries.insertPending(tenant.id, identityId, now);
        if (inserted === null) return { kind: 'already_open' } as const;
        await audit.record({ kind: 'data_export.requested', tenantId: tenant.id, identityId, origin }, tx);
        afterCommit(tx, notifyCommitted);
        return { kind: 'requested' } as const;
      });
    },

    /** What Mein Zugang shows of the person's newest export at this broker. */
    async stateOf(tenantId: string, identityId: string): Promise<DataExportState> {
      return stateOfExport(await createDataExportQueries(db).findLatest(tenantId, identityId), clock.now());
    },

    /** Whether the link works for this person at this broker now (the page before the download); changes nothing. */
    async isLinkUsable(tenantId: string, identityId: string, token: string): Promise<boolean> {
      if (!isWellFormedToken(token)) return false;
      return (
        (await createDataExportQueries(db).findUsableLink(hashToken(token), tenantId, identityId, clock.now())) !==
          null && (await hasAccessNow(db, tenantId, identityId))
      );
    },

    /**
     * Uses the link, once: the ZIP's stream for the person logged in at the broker whose export it is, recorded in the
     * Protokoll. A used or expired link, another person's or another broker's, a person deactivated or removed at the
     * broker since (checked in the transaction that uses the link, not only by the session), and anything unknown are
     * the same DATA_EXPORT_NOT_FOUND.
     */
    async download(
      tenantId: string,
      identityId: string,
      token: string,
      origin: RequestOrigin,
    ): Promise<DataExportDownload> {
      if (!isWellFormedToken(token)) throw notFound();
      const tokenHash = hashToken(token);
      const usable = await createDataExportQueries(db).findUsableLink(tokenHash, tenantId, identityId, clock.now());
      const file = usable?.fileKey == null ? null : await store.open(usable.fileKey);
      if (usable === null || file === null) {
        if (usable !== null) logger.error({ dataExportId: usable.id }, 'data export file missing from the store');
        throw notFound();
      }
      // The single use is the guarded update: of two downloads at once, one gets the file.
      const used = await db.transaction(async (tx) => {
        if (!(await hasAccessNow(tx, tenantId, identityId))) return null;
        const row = await createDataExportQueries(tx).consumeLink(tokenHash, tenantId, identityId, clock.now());
        if (row !== null) {
          await audit.record(
            {
              kind: 'data_export.downloaded',
              tenantId,
              identityId,
              origin,
              detail: `${String(row.fileSize ?? file.size)} Bytes`,
            },
            tx,
          );
        }
        return row;
      });
      if (used === null) {
        file.body.destroy();
        throw notFound();
      }
      return { fileName: exportFileNameOf(clock.now()), body: file.body, size: file.size };
    },

    /**
     * Prepares every pending export, one after another, each leased to this worker; one that fails is tried again at
     * a later run and given up after DATA_EXPORT_MAX_ATTEMPTS. Answers how many became ready (a dropped one does not
     * count).
     */
    async prepareDue(options: { signal?: AbortSignal } = {}): Promise<number> {
      let prepared = 0;
      while (options.signal?.aborted !== true) {
        const now = clock.now();
        const row = await db.transaction((tx) =>
          createDataExportQueries(tx).claimPending(now, new Date(now.getTime() + DATA_EXPORT_LEASE)),
        );
        if (row === null) break;
        try {
          if (await prepare(row)) prepared += 1;
        } catch (error) {
          const isGivenUp = row.attempts >= DATA_EXPORT_MAX_ATTEMPTS;
          logger.error({ err: error, dataExportId: row.id, attempts: row.attempts, isGivenUp }, 'data export failed');
          await createDataExportQueries(db).releaseOrFail(row.id, isGivenUp);
          if (!isGivenUp) break;
        }
      }
      return prepared;
    },

    /**
     * Ends the links that ran out and removes the files of spent exports: expired ones at once, downloaded ones after
     * DATA_EXPORT_DOWNLOAD_GRACE (a download may still be streaming). The row lets go of the file first; a crash
     * between the two leaves a file no row names, which the hourly cleanup removes.
     */
    async removeSpentFiles(): Promise<number> {
      const now = clock.now();
      await createDataExportQueries(db).expireLinks(now);
      let removed = 0;
      for (;;) {
        const spent = await db.transaction(async (tx) => {
          const queries = createDataExportQueries(tx);
          const rows = await queries.lockSpentFiles(new Date(now.getTime() - DATA_EXPORT_DOWNLOAD_GRACE), SWEEP_BATCH);
          await queries.forgetFiles(rows.map((row) => row.id));
          return rows;
        });
        for (const row of spent) {
          await removeFileIfUnused(row.tenantId, row.fileKey);
          removed += 1;
        }
        if (spent.length < SWEEP_BATCH) break;
      }
      return removed;
    },

    /** Of these keys of a tenant, those an export still names: the cleanup of unreferenced files leaves them. */
    referencedFileKeys: (tenantId: string, keys: string[]): Promise<string[]> =>
      createDataExportQueries(db).referencedKeys(tenantId, keys),

    onCommitted: (listener: () => void): (() => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type DataExportService = ReturnType<typeof createDataExportService>;
