import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import type { AuditService, RequestOrigin } from '../audit/audit-service.js';
import type { DocumentService } from '../documents/document-service.js';
import { storeFileBatch, type BatchFile } from '../documents/file-batch.js';
import { safeFileName } from '../documents/file-name.js';
import type { FileStore, LocalFile } from '../documents/file-store.js';
import {
  consentKindOf,
  consentTitleOf,
  INFORMATION_TITLE,
  MAX_CONSENT_DOCUMENTS,
  MAX_CONSENT_FILE_BYTES,
  MAX_CONSENT_TITLE_LENGTH,
  unansweredOf,
  type ConsentDocumentView,
  type ConsentRecord,
  type ConsentVersionView,
  type PendingConsent,
} from './consent.js';
import { createConsentQueries, type ConsentVersionRow } from './consent-repo.js';

/** The uploaded file: the name the device gave it and its bytes, not yet read. */
export interface ConsentUpload extends BatchFile {
  name: string;
}

/** A staff member acting in the workspace. */
export interface ConsentActor {
  identityId: string;
  origin: RequestOrigin;
}

/** Which document an upload is for: the Erstinformation (created with its first version) or a consent document. */
export type ConsentDocumentRef = { kind: 'information' } | { kind: 'consent'; documentId: string };

/** A version opened to be shown: what to call it and its bytes. */
export interface OpenedConsentVersion {
  document: { title: string; contentType: string };
  body: Readable;
  size: number;
  /** The file open on this machine's disk, when the store is a folder (see OpenedFile). */
  local?: LocalFile | undefined;
}

const MEGABYTE = 1024 * 1024;
const documentNotFound = (): AppError => new AppError('CONSENT_DOCUMENT_NOT_FOUND', 'No such consent document');
const versionNotFound = (): AppError => new AppError('CONSENT_VERSION_NOT_FOUND', 'No such consent document version');

const versionView = (row: ConsentVersionRow): ConsentVersionView => ({
  id: row.id,
  documentId: row.documentId,
  version: row.version,
  fileName: row.fileName,
  size: row.size,
  uploadedAt: row.uploadedAt,
  uploadedByIdentityId: row.uploadedByIdentityId,
});

/**
 * The broker's Erstinformation and consent documents: versions uploaded by staff, asked of every policyholder and
 * intermediary of the tenant at their next page after login, and the record of each answer. Everything is per tenant:
 * a person of two brokers answers each broker's documents separately.
 */
export function createConsentService(deps: {
  db: Database;
  clock: Clock;
  store: FileStore;
  files: Pick<DocumentService, 'removeFileIfUnused'>;
  audit: AuditService;
  logger: Logger;
}) {
  const { db, clock, store, files, audit, logger } = deps;

  /** A consent document of the tenant, checked before its file is read; the Erstinformation is found when stored. */
  async function checkDocument(tenantId: string, ref: ConsentDocumentRef): Promise<void> {
    if (ref.kind === 'information') return;
    const document = isUuid(ref.documentId)
      ? await createConsentQueries(db).findDocument(tenantId, ref.documentId)
      : null;
    if (document === null || document.kind !== 'consent') throw documentNotFound();
  }

  /** The document a version goes to, locked; the Erstinformation is created with its first version. */
  async function lockedDocumentFor(tx: Database, tenantId: string, ref: ConsentDocumentRef) {
    const queries = createConsentQueries(tx);
    if (ref.kind === 'consent') return queries.lockDocument(tenantId, ref.documentId);
    // Two first uploads at once: the one that loses the insert waits for the other's row and finds it.
    const existing =
      (await queries.findInformation(tenantId)) ??
      (await queries.insertDocument(tenantId, {
        kind: 'information',
        title: INFORMATION_TITLE,
        isConsentRequired: true,
      })) ??
      (await queries.findInformation(tenantId));
    return existing === null ? null : queries.lockDocument(tenantId, existing.id);
  }

  return {
    /** The tenant's documents with their versions, the Erstinformation first. */
    async listDocuments(tenantId: string): Promise<ConsentDocumentView[]> {
      const queries = createConsentQueries(db);
      const [documents, versions] = await Promise.all([
        queries.listDocuments(tenantId),
        queries.listVersions(tenantId),
      ]);
      return documents.map((document) => {
        const own = versions.filter((version) => version.documentId === document.id).map(versionView);
        const current = own.find((version) => version.id === document.currentVersionId) ?? null;
        return {
          id: document.id,
          kind: document.kind === 'information' ? 'information' : 'consent',
          title: document.title,
          isConsentRequired: document.isConsentRequired,
          isAsked: current !== null && (document.kind === 'information' || document.isConsentRequired),
          current,
          versions: own,
        };
      });
    },

    /** A named consent document without a version yet; people are asked once it has one and is marked required. */
    async createDocument(tenantId: string, titleInput: string, actor: ConsentActor): Promise<string> {
      const title = consentTitleOf(titleInput);
      if (title === null || title === INFORMATION_TITLE) {
        throw new AppError('CONSENT_TITLE_INVALID', {
          detail: 'Title empty, too long, reserved or with control characters',
          params: { max: MAX_CONSENT_TITLE_LENGTH },
          field: 'titel',
        });
      }
      return db.transaction(async (tx) => {
        const queries = createConsentQueries(tx);
        if ((await queries.countDocuments(tenantId, 'consent')) >= MAX_CONSENT_DOCUMENTS) {
          throw new AppError('CONSENT_DOCUMENTS_TOO_MANY', {
            detail: 'Too many consent documents',
            params: { max: MAX_CONSENT_DOCUMENTS },
          });
        }
        const row = await queries.insertDocument(tenantId, { kind: 'consent', title, isConsentRequired: false });
        if (row === null) {
          throw new AppError('CONSENT_TITLE_TAKEN', {
            detail: 'A consent document of this title exists',
            field: 'titel',
          });
        }
        await audit.record(
          {
            kind: 'consent.document_changed',
            tenantId,
            identityId: null,
            actorIdentityId: actor.identityId,
            origin: actor.origin,
            detail: `Angelegt: ${title}`,
          },
          tx,
        );
        return row.id;
      });
    },

    /** Marks a consent document as asked of everybody (or no longer); the Erstinformation is always asked. */
    async setConsentRequired(
      tenantId: string,
      documentId: string,
      isConsentRequired: boolean,
      actor: ConsentActor,
    ): Promise<void> {
      if (!isUuid(documentId)) throw documentNotFound();
      await db.transaction(async (tx) => {
        const queries = createConsentQueries(tx);
        const document = await queries.findDocument(tenantId, documentId);
        if (document === null || !(await queries.setConsentRequired(tenantId, documentId, isConsentRequired))) {
          throw documentNotFound();
        }
        await audit.record(
          {
            kind: 'consent.document_changed',
            tenantId,
            identityId: null,
            actorIdentityId: actor.identityId,
            origin: actor.origin,
            detail: `${document.title}: Zustimmung ${isConsentRequired ? 'erforderlich' : 'nicht erforderlich'}`,
          },
          tx,
        );
      });
    },

    /**
     * A new version of a document: the file (a PDF by its bytes, at most 10 MB) streams into the store, then the
     * version is numbered and made current in one transaction, so everybody is asked again. A refused or failed upload
     * leaves nothing behind.
     */
    async uploadVersion(
      tenantId: string,
      ref: ConsentDocumentRef,
      upload: ConsentUpload | null,
      actor: ConsentActor,
    ): Promise<ConsentVersionView> {
      if (upload === null || upload.name.trim() === '') {
        throw new AppError('CONSENT_FILE_MISSING', { detail: 'No file chosen', field: 'datei' });
      }
      const file = upload;
      await checkDocument(tenantId, ref);
      // The batch reads a form's files one after another as they stream in; this form has one.
      async function* single(): AsyncGenerator<ConsentUpload> {
        yield await Promise.resolve(file);
      }
      return storeFileBatch(
        store,
        tenantId,
        single(),
        {
          maxFiles: 1,
          maxBytes: MAX_CONSENT_FILE_BYTES,
          kinds: ['pdf'],
          tooMany: () => new AppError('CONSENT_FILE_MISSING', 'One file only'),
          tooLarge: () =>
            new AppError('CONSENT_FILE_TOO_LARGE', {
              detail: `Over ${String(MAX_CONSENT_FILE_BYTES)} bytes`,
              params: { max: MAX_CONSENT_FILE_BYTES / MEGABYTE },
              field: 'datei',
            }),
          typeNotAllowed: () =>
            new AppError('CONSENT_FILE_NOT_PDF', { detail: 'Not a PDF by its bytes', field: 'datei' }),
        },
        (key) => files.removeFileIfUnused(tenantId, key),
        async ([stored]) => {
          if (stored === undefined)
            throw new AppError('CONSENT_FILE_MISSING', { detail: 'No file arrived', field: 'datei' });
          return db.transaction(async (tx) => {
            const queries = createConsentQueries(tx);
            const document = await lockedDocumentFor(tx, tenantId, ref);
            if (document === null) throw documentNotFound();
            const documentId = document.id;
            const version = (await queries.lastVersionNumber(tenantId, documentId)) + 1;
            const row = await queries.insertVersion({
              tenantId,
              documentId,
              version,
              fileName: safeFileName(file.name) || `${document.title}.pdf`,
              contentType: stored.contentType,
              size: stored.file.size,
              sha256: stored.file.sha256,
              fileKey: stored.file.key,
              uploadedByIdentityId: actor.identityId,
              uploadedAt: clock.now(),
            });
            await queries.setCurrentVersion(tenantId, documentId, row.id);
            await audit.record(
              {
                kind: 'consent.version_uploaded',
                tenantId,
                identityId: null,
                actorIdentityId: actor.identityId,
                origin: actor.origin,
                detail: `${document.title}, Version ${String(version)}`,
              },
              tx,
            );
            return versionView(row);
          });
        },
      );
    },

    /** What the person still has to acknowledge or consent to in this tenant, the Erstinformation first. */
    listPending(tenantId: string, identityId: string): Promise<PendingConsent[]> {
      return createConsentQueries(db).listPending(tenantId, identityId);
    },

    /**
     * Records the person's answers: every pending version must be ticked (CONSENT_MISSING, nothing stored, otherwise).
     * A form sent twice records once. Each record is an audit event in the same transaction.
     */
    async recordAnswers(
      tenantId: string,
      identityId: string,
      confirmedVersionIds: readonly string[],
      origin: RequestOrigin,
    ): Promise<{ recorded: number }> {
      return db.transaction(async (tx) => {
        const queries = createConsentQueries(tx);
        const pending = await queries.listPending(tenantId, identityId);
        const unanswered = unansweredOf(pending, confirmedVersionIds);
        if (unanswered.length > 0) {
          throw new AppError('CONSENT_MISSING', {
            detail: `Not ticked: ${unanswered.map((item) => item.versionId).join(', ')}`,
            field: 'bestaetigt',
          });
        }
        const givenAt = clock.now();
        const written = new Set(
          (
            await queries.insertConsents(
              pending.map((item) => ({
                tenantId,
                identityId,
                documentId: item.documentId,
                versionId: item.versionId,
                version: item.version,
                kind: consentKindOf(item.kind),
                givenAt,
                clientAddress: origin.client.slice(0, 64),
                userAgent: origin.userAgent?.slice(0, 200) ?? null,
              })),
            )
          ).map((row) => row.versionId),
        );
        for (const item of pending.filter((candidate) => written.has(candidate.versionId))) {
          await audit.record(
            {
              kind: item.kind === 'information' ? 'consent.acknowledged' : 'consent.given',
              tenantId,
              identityId,
              origin,
              detail: `${item.title}, Version ${String(item.version)}`,
            },
            tx,
          );
        }
        return { recorded: written.size };
      });
    },

    /**
     * A version's file for a person of the tenant: the current version of a document, or one the person answered.
     * Anything else, also another tenant's, is CONSENT_VERSION_NOT_FOUND.
     */
    async openForPerson(tenantId: string, identityId: string, versionId: string): Promise<OpenedConsentVersion> {
      const queries = createConsentQueries(db);
      const row = isUuid(versionId) ? await queries.findVersion(tenantId, versionId) : null;
      if (
        row === null ||
        (row.currentVersionId !== row.id && !(await queries.hasConsent(tenantId, identityId, row.id)))
      ) {
        throw versionNotFound();
      }
      return openRow(row);
    },

    /** Any version's file of the tenant, for its staff. */
    async openForStaff(tenantId: string, versionId: string): Promise<OpenedConsentVersion> {
      const row = isUuid(versionId) ? await createConsentQueries(db).findVersion(tenantId, versionId) : null;
      if (row === null) throw versionNotFound();
      return openRow(row);
    },

    /** A person's records in this tenant, newest first (the person's page in the workspace). */
    listOfPerson(tenantId: string, identityId: string): Promise<ConsentRecord[]> {
      return isUuid(identityId) ? createConsentQueries(db).listOfPerson(tenantId, identityId) : Promise.resolve([]);
    },

    /** The tenant's records, oldest first, a page after the cursor (the API). */
    listPage(
      tenantId: string,
      options: { identityId: string | null; after: { givenAt: Date; id: string } | null; limit: number },
    ): Promise<ConsentRecord[]> {
      return createConsentQueries(db).listPage(tenantId, options);
    },

    /** The stored files the tenant's versions name, so the documents' cleanup leaves them. */
    referencedFileKeys: (tenantId: string, keys: string[]): Promise<string[]> =>
      createConsentQueries(db).referencedKeys(tenantId, keys),
  };

  async function openRow(row: ConsentVersionRow & { title: string }): Promise<OpenedConsentVersion> {
    const file = await store.open(row.fileKey);
    if (file === null) {
      logger.error({ versionId: row.id, fileKey: row.fileKey }, 'consent document file missing from the store');
      throw versionNotFound();
    }
    return {
      document: { title: `${row.title} (Version ${String(row.version)})`, contentType: row.contentType },
      body: file.body,
      size: file.size,
      local: file.local,
    };
  }
}

export type ConsentService = ReturnType<typeof createConsentService>;
