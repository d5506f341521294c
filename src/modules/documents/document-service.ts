import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.js';
import { afterCommit } from '../../db/after-commit.js';
import { loadOrCreateSecret } from '../../db/app-secrets.js';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import type { AuditService, RequestOrigin } from '../audit/audit-service.js';
import { isAdmittedBy } from '../grants/document-profiles.js';
import type { PortfolioService } from '../portfolio/portfolio-service.js';
import type { VisibilityService } from '../visibility/visibility-service.js';
import type { DocumentScope } from '../visibility/visibility-policy.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import {
  createDocumentQueries,
  type DocumentListFilter,
  type DocumentRow,
  type KeywordChoices,
  type KeywordRow,
} from './document-repo.js';
import {
  dayRangeOf,
  explanationRefusalOf,
  keywordRefusalOf,
  MAX_DOCUMENT_BYTES,
  MAX_FILES_PER_SUBMISSION,
  MAX_SUBMISSION_BYTES,
  titleSearchOf,
  type DocumentDirection,
  type DocumentMetadata,
  type DocumentView,
  type PersonDocumentView,
} from './document.js';
import {
  DOCUMENT_LINK_LIFETIME,
  DOCUMENT_LINK_ORIGIN,
  DOCUMENT_LINK_PATH,
  DOCUMENT_LINK_SECRET,
  signDocumentLink,
  verifyDocumentLink,
} from './document-link.js';
import { fileLinkExpiryFrom } from './file-link.js';
import { isFileKey, type FileStore, type LocalFile } from './file-store.js';
import { storeFileBatch } from './file-batch.js';
import { removeUnreferencedFiles, type UnreferencedFilesOutcome } from './unreferenced-files.js';
import { createCustomerDocumentQueries } from '../read-models/customer-documents.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { ThrottleService } from '../throttling/throttle-service.js';

/** Who uploaded a document: a person (staff or customer), an API key of the tenant, or Portico itself (the demo). */
export type Uploader = { identityId: string } | { apiKeyId: string } | { kind: 'system' };

/** A document on the customer's page of the workspace, with who uploaded it. */
export interface StaffDocumentView extends DocumentView {
  uploadedBy:
    | { kind: 'person'; name: string | null; email: string | null }
    | { kind: 'api'; name: string | null }
    | { kind: 'system' };
}

/** An important keyword on a contract's page: its explanation and the newest document with it, if any. */
export interface ImportantDocument {
  keyword: string;
  explanation: string | null;
  document: PersonDocumentView | null;
}

export interface DocumentPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** One file of a submission from a page: its title and its bytes, still unread. */
export interface SubmittedFile {
  title: string;
  body: () => Readable;
}

/** Where a page's upload goes and what it says; the same for every file of one submission. */
export interface PageUploadInput {
  customerId: string;
  contractId: string | null;
  keywords: string[];
  comment: string | null;
  direction: DocumentDirection;
}

export interface OpenedDocument {
  document: DocumentView;
  body: Readable;
  size: number;
  /** The file open on this machine's disk, when the store is a folder (see OpenedFile). */
  local?: LocalFile | undefined;
}

/** A document of a person's data export: what the portal shows of it, and its bytes, opened when the ZIP reaches it. */
export interface ExportedDocument {
  document: DocumentView;
  open: () => Promise<Readable>;
}

/** Documents read per statement for a data export. */
const EXPORT_PAGE_SIZE = 500;

/** How many of the newest documents a person sees lend their keywords to the list's filter. */
const KEYWORDS_FROM_NEWEST = 100;

/** What a view shows of a document's row: the whole row, or a row of the person's list (`ListedDocumentRow`). */
type ViewedRow = Pick<DocumentRow, keyof DocumentView>;

const toView = (row: ViewedRow): DocumentView => ({
  id: row.id,
  customerId: row.customerId,
  contractId: row.contractId,
  title: row.title,
  comment: row.comment,
  keywords: row.keywords,
  documentDate: row.documentDate,
  direction: row.direction as DocumentDirection,
  contentType: row.contentType,
  size: row.size,
  sha256: row.sha256,
  createdAt: row.createdAt,
});

/** Made once: `localeCompare` with a locale builds a collator on every comparison, a dozen per list page. */
const GERMAN_ORDER = new Intl.Collator('de');

/**
 * The keywords the list's filter offers: the broker's keywords a profile of the person's grants admits, and those of
 * the newest documents the person sees (a CRM may file keywords the broker never listed), sorted as German reads.
 */
function keywordsOfChoices(scopes: readonly DocumentScope[], choices: KeywordChoices): string[] {
  const tenantVisible = new Set(choices.vocabulary.filter((row) => row.isVisible).map((row) => row.keyword));
  const admitted = choices.vocabulary
    .map((row) => row.keyword)
    .filter((keyword) => scopes.some((scope) => isAdmittedBy(scope.keywords, [keyword], tenantVisible)));
  return [...new Set([...admitted, ...choices.recent])].sort(GERMAN_ORDER.compare);
}

function pageOf<T extends { id: string }>(rows: T[], limit: number): DocumentPage<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/**
 * The list's filter as the database takes it: the search cleaned (control characters, halves of surrogate pairs,
 * length), the days checked; a day that is none, or a range that ends before it begins, is refused with its field.
 */
function checkedFilterOf(filter: DocumentListFilter): DocumentListFilter {
  const range = dayRangeOf({ from: filter.fromDay ?? '', until: filter.untilDay ?? '' });
  const problem = range.problems[0];
  if (problem !== undefined) {
    throw new AppError(problem.code, { field: problem.field, detail: `Invalid day range ${problem.field}` });
  }
  const search = titleSearchOf(filter.search ?? '');
  const { search: _search, fromDay: _fromDay, untilDay: _untilDay, ...rest } = filter;
  return {
    ...rest,
    ...(search === '' ? {} : { search }),
    ...(range.fromDay === null ? {} : { fromDay: range.fromDay }),
    ...(range.untilDay === null ? {} : { untilDay: range.untilDay }),
  };
}

/** A keyword as the workspace's settings show it. */
export interface KeywordSetting {
  keyword: string;
  isVisible: boolean;
  isImportant: boolean;
  explanation: string | null;
  /** False for a keyword only documents carry (the CRM sent it); it counts as neither visible nor important. */
  isInVocabulary: boolean;
  /** How many of the tenant's documents carry it. */
  documents: number;
}

export interface KeywordSettingInput {
  keyword: string;
  isVisible: boolean;
  isImportant: boolean;
  explanation: string;
}

/** Who changes the keywords, for the Protokoll. */
export interface KeywordActor {
  identityId: string;
  origin: RequestOrigin;
}

const refusalParams = (refusal: { params?: { max: number } }) =>
  refusal.params === undefined ? {} : { params: refusal.params };

/** The explanation as stored: trimmed, line breaks as \n, null when empty; refused when too long or odd. */
function checkedExplanation(text: string): string | null {
  const explanation = text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  const refusal = explanationRefusalOf(explanation);
  if (refusal !== null) {
    throw new AppError(refusal.code, {
      field: 'explanation',
      ...refusalParams(refusal),
      detail: 'Explanation refused',
    });
  }
  return explanation === '' ? null : explanation;
}

const flagsOf = (input: { isVisible: boolean; isImportant: boolean }): string =>
  ` (${input.isVisible ? 'sichtbar' : 'nicht sichtbar'}, ${input.isImportant ? 'wichtig' : 'nicht wichtig'})`;

const notFound = (): AppError => new AppError('DOCUMENT_NOT_FOUND', 'No such document');
const linkInvalid = (): AppError =>
  new AppError('DOCUMENT_LINK_INVALID', 'The link is unknown, altered or expired, or its document was deleted');

/** Where a document goes: the customer and, when named, the contract with its GDV key (for the CRM's event). */
interface Place {
  customerId: string;
  customerNumber: string;
  contract: { id: string; insurerNumber: string; sparte: string; policyNumber: string } | null;
}

/**
 * Documents: the bytes in the file store, the rows in the database, what a person sees decided by the visibility
 * module's document scopes (the same scopes make the list's SQL and the single document's check).
 */
export function createDocumentService(deps: {
  db: Database;
  clock: Clock;
  store: FileStore;
  audit: AuditService;
  visibility: VisibilityService;
  portfolio: PortfolioService;
  webhooks: WebhookService;
  notifications: Pick<NotificationService, 'documentArrivedIn' | 'mailableAmongIn'>;
  throttle: Pick<ThrottleService, 'openDocumentLink'>;
  /** The platform's address, under which the download links of the CRM's events are built. */
  platformUrl: URL;
  /** How long a download link of the CRM's events works (DOCUMENT_LINK_LIFETIME unless configured). */
  fileLinkLifetime?: number;
  logger: Logger;
}) {
  const { db, clock, store, audit, visibility, portfolio, webhooks, notifications, throttle, platformUrl, logger } =
    deps;
  let linkKey: Promise<string> | null = null;
  /** Other modules whose rows name files of this store (claim attachments): their files count as referenced. */
  const otherReferences: Array<(tenantId: string, keys: string[]) => Promise<string[]>> = [];

  async function isReferencedElsewhere(tenantId: string, fileKey: string): Promise<boolean> {
    for (const referenced of otherReferences) {
      if ((await referenced(tenantId, [fileKey])).length > 0) return true;
    }
    return false;
  }

  /** The key of the download links, from the app's secrets (shared by every process on the database). */
  function linkKeyOf(): Promise<string> {
    linkKey ??= loadOrCreateSecret(db, DOCUMENT_LINK_SECRET).catch((error: unknown) => {
      linkKey = null;
      throw error;
    });
    return linkKey;
  }

  /**
   * The people to tell of the document: those the mail may reach who are shown it in their list, decided for all of
   * them at once by the visibility module (the list's rule), read in the transaction that writes it.
   */
  async function recipientsOf(tx: Database, row: DocumentRow): Promise<string[]> {
    const reached = await visibility.peopleWhoMaySee(tx, row.tenantId, {
      customerId: row.customerId,
      contractId: row.contractId,
    });
    const candidates = await notifications.mailableAmongIn(tx, row.tenantId, reached);
    if (candidates.length === 0) {
      return [];
    }
    const vocabulary = await createDocumentQueries(tx).keywordsOf(row.tenantId);
    return visibility.whoAreShownDocument(
      tx,
      row.tenantId,
      row,
      candidates,
      new Set(vocabulary.filter((keyword) => keyword.isVisible).map((keyword) => keyword.keyword)),
    );
  }

  async function recordKeywordChange(tenantId: string, actor: KeywordActor, detail: string, tx: Database) {
    await audit.record(
      {
        kind: 'settings.changed',
        tenantId,
        identityId: null,
        actorIdentityId: actor.identityId,
        origin: actor.origin,
        detail,
      },
      tx,
    );
  }

  /** Removes a file no row of the tenant names any more; a failure leaves it for the worker's cleanup. */
  async function removeFileIfUnused(tenantId: string, fileKey: string): Promise<void> {
    try {
      if (
        !(await createDocumentQueries(db).isFileInUse(tenantId, fileKey)) &&
        !(await isReferencedElsewhere(tenantId, fileKey))
      ) {
        await store.delete(fileKey);
      }
    } catch (error) {
      logger.warn({ err: error, fileKey }, 'document file not removed; the cleanup will');
    }
  }

  /** The customer's id and, when named, the contract's; refused before any byte of the file is read. */
  async function placeOf(tenantId: string, metadata: DocumentMetadata): Promise<Place> {
    const customer = await portfolio.getCustomer(tenantId, metadata.customerNumber);
    if (metadata.contract === null || metadata.contract === undefined) {
      return { customerId: customer.id, customerNumber: customer.customerNumber, contract: null };
    }
    const contract = await portfolio.getContract(tenantId, metadata.contract);
    if (contract.customerNumber !== customer.customerNumber) {
      throw new AppError('DOCUMENT_CONTRACT_MISMATCH', {
        field: 'contract',
        detail: `contract ${contract.id} belongs to another customer`,
      });
    }
    const { id, insurerNumber, sparte, policyNumber } = contract;
    return {
      customerId: customer.id,
      customerNumber: customer.customerNumber,
      contract: { id, insurerNumber, sparte, policyNumber },
    };
  }

  /**
   * What goes with a new row in its transaction: the digest for the people who see a broker's document, the Protokoll
   * for a page's upload, and `document.uploaded` for the CRM when a customer sent it (the CRM's own uploads through
   * the API and the staff's uploads do not emit it: the broker's side already has them).
   */
  async function recordInsertedIn(
    tx: Database,
    inserted: DocumentRow,
    place: Place,
    uploader: Uploader,
    origin: RequestOrigin | null,
  ): Promise<void> {
    const tenantId = inserted.tenantId;
    if (inserted.direction === 'from_broker') {
      await notifications.documentArrivedIn(tx, tenantId, await recipientsOf(tx, inserted));
    }
    if (origin !== null) {
      await audit.record(
        {
          kind: 'document.uploaded',
          tenantId,
          identityId: 'identityId' in uploader ? uploader.identityId : null,
          origin,
          detail: `Dokument ${inserted.id}`,
        },
        tx,
      );
    }
    if (inserted.direction === 'from_customer' && 'identityId' in uploader) {
      await webhooks.emit(tx, tenantId, 'document.uploaded', {
        documentId: inserted.id,
        customerNumber: place.customerNumber,
        contract: place.contract,
        title: inserted.title,
        keywords: inserted.keywords,
        comment: inserted.comment,
        contentType: inserted.contentType,
        size: inserted.size,
        sha256: inserted.sha256,
        uploadedAt: inserted.createdAt.toISOString(),
        uploadedBy: { personId: uploader.identityId },
      });
    }
  }

  /**
   * Streams the file into the store, then writes its row (and, for a page's upload, its audit event) in one go. A
   * customer's upload (from_customer, by a person) also queues `document.uploaded` for the CRM in that transaction;
   * the CRM's own uploads through the API and the staff's uploads do not (the broker's side already has them).
   */
  function writerFor(
    tenantId: string,
    place: Place,
    fields: Omit<DocumentMetadata, 'customerNumber' | 'contract'> & { comment?: string | null },
    uploader: Uploader,
    origin: RequestOrigin | null,
  ) {
    return async (body: Readable, contentType: string): Promise<DocumentView> => {
      const stored = await store.put(tenantId, body, { maxBytes: MAX_DOCUMENT_BYTES });
      try {
        const row = await db.transaction(async (tx) => {
          const inserted = await createDocumentQueries(tx).insert({
            tenantId,
            customerId: place.customerId,
            contractId: place.contract?.id ?? null,
            title: fields.title,
            comment: fields.comment ?? null,
            keywords: [...new Set(fields.keywords)],
            documentDate: fields.documentDate ?? null,
            direction: fields.direction,
            contentType,
            size: stored.size,
            sha256: stored.sha256,
            fileKey: stored.key,
            uploadedByIdentityId: 'identityId' in uploader ? uploader.identityId : null,
            uploadedByApiKeyId: 'apiKeyId' in uploader ? uploader.apiKeyId : null,
            createdAt: clock.now(),
          });
          await recordInsertedIn(tx, inserted, place, uploader, origin);
          return inserted;
        });
        return toView(row);
      } catch (error) {
        // The same bytes may belong to another row of the tenant: the file goes only when none names it.
        await removeFileIfUnused(tenantId, stored.key);
        throw error;
      }
    };
  }

  /**
   * Checks where the document goes, then returns the function that streams the file into the store and writes its
   * row. Split so that a caller reading a multipart body can refuse bad metadata before the file arrives.
   */
  async function prepareUpload(tenantId: string, metadata: DocumentMetadata, uploader: Uploader) {
    const place = await placeOf(tenantId, metadata);
    return writerFor(tenantId, place, metadata, uploader, null);
  }

  /** The customer and the contract of a page's upload, by id: CUSTOMER_NOT_FOUND, DOCUMENT_CONTRACT_MISMATCH. */
  async function placeOfPage(
    tenantId: string,
    input: { customerId: string; contractId: string | null },
  ): Promise<Place> {
    const details = await portfolio.getCustomerDetails(tenantId, input.customerId);
    const contract = details.contracts.find((item) => item.id === input.contractId);
    if (input.contractId !== null && contract === undefined) {
      throw new AppError('DOCUMENT_CONTRACT_MISMATCH', {
        field: 'contract',
        detail: `contract ${input.contractId} is not one of the customer's`,
      });
    }
    return {
      customerId: details.customer.id,
      customerNumber: details.customer.customerNumber,
      contract:
        contract === undefined
          ? null
          : {
              id: contract.id,
              insurerNumber: contract.insurerNumber,
              sparte: contract.sparte,
              policyNumber: contract.policyNumber,
            },
    };
  }

  /**
   * Several files of one page's submission, all or nothing: the place is checked before any byte is read, then each
   * file is streamed into the store (its type told by its bytes, FILE_TYPE_NOT_ALLOWED), at most
   * MAX_FILES_PER_SUBMISSION (DOCUMENT_FILES_TOO_MANY, refused before the extra file is read) and MAX_SUBMISSION_BYTES
   * together (DOCUMENT_FILES_TOO_LARGE, refused as soon as the bytes pass it). Only when every file is stored are the
   * rows and their audit events written, in one transaction. Any refusal or failure leaves no row, and the files
   * already stored are removed unless another row names the same bytes (the worker's cleanup catches a crash).
   */
  async function storeSubmissionFromPage(
    tenantId: string,
    input: PageUploadInput,
    files: AsyncIterable<SubmittedFile>,
    identityId: string,
    origin: RequestOrigin,
  ): Promise<DocumentView[]> {
    const place = await placeOfPage(tenantId, input);
    return storeFileBatch(
      store,
      tenantId,
      files,
      {
        maxFiles: MAX_FILES_PER_SUBMISSION,
        maxBytes: MAX_SUBMISSION_BYTES,
        tooMany: () =>
          new AppError('DOCUMENT_FILES_TOO_MANY', {
            params: { max: MAX_FILES_PER_SUBMISSION },
            detail: `more than ${String(MAX_FILES_PER_SUBMISSION)} files`,
          }),
        tooLarge: () =>
          new AppError('DOCUMENT_FILES_TOO_LARGE', {
            params: { max: MAX_SUBMISSION_BYTES / (1024 * 1024) },
            detail: `files over ${String(MAX_SUBMISSION_BYTES)} bytes together`,
          }),
      },
      (key) => removeFileIfUnused(tenantId, key),
      async (stored) => {
        const rows = await db.transaction(async (tx) => {
          const inserted: DocumentRow[] = [];
          for (const item of stored) {
            const row = await createDocumentQueries(tx).insert({
              tenantId,
              customerId: place.customerId,
              contractId: place.contract?.id ?? null,
              title: item.submitted.title,
              comment: input.comment,
              keywords: [...new Set(input.keywords)],
              documentDate: null,
              direction: input.direction,
              contentType: item.contentType,
              size: item.file.size,
              sha256: item.file.sha256,
              fileKey: item.file.key,
              uploadedByIdentityId: identityId,
              uploadedByApiKeyId: null,
              createdAt: clock.now(),
            });
            await recordInsertedIn(tx, row, place, { identityId }, origin);
            inserted.push(row);
          }
          return inserted;
        });
        return rows.map(toView);
      },
    );
  }

  async function deleteDocument(
    tenantId: string,
    documentId: string,
    by: { customerId: string | null; identityId: string | null },
    origin: RequestOrigin,
  ): Promise<void> {
    if (!isUuid(documentId)) {
      throw notFound();
    }
    await db.transaction(async (tx) => {
      const queries = createDocumentQueries(tx);
      if (by.customerId !== null && (await queries.findById(tenantId, documentId))?.customerId !== by.customerId) {
        throw notFound();
      }
      const row = await queries.delete(tenantId, documentId);
      if (row === null) {
        throw notFound();
      }
      await audit.record(
        { kind: 'document.deleted', tenantId, identityId: by.identityId, origin, detail: `Dokument: ${row.id}` },
        tx,
      );
      afterCommit(tx, () => {
        void removeFileIfUnused(tenantId, row.fileKey);
      });
    });
  }

  async function staffPage(
    tenantId: string,
    customerId: string,
    page: { cursor: string | null; limit: number },
  ): Promise<DocumentPage<StaffDocumentView>> {
    if (!isUuid(customerId) || (page.cursor !== null && !isUuid(page.cursor))) return { items: [], nextCursor: null };
    const rows = await createCustomerDocumentQueries(db).listWithUploader(
      tenantId,
      customerId,
      page.cursor,
      page.limit + 1,
    );
    return pageOf(
      rows.map((row): StaffDocumentView => ({
        ...toView(row),
        uploadedBy:
          row.uploadedByIdentityId !== null
            ? { kind: 'person', name: row.uploaderName, email: row.uploaderEmail }
            : row.uploadedByApiKeyId !== null
              ? { kind: 'api', name: row.apiKeyName }
              : { kind: 'system' },
      })),
      page.limit,
    );
  }

  async function keywordSettingsOf(tenantId: string): Promise<KeywordSetting[]> {
    const queries = createDocumentQueries(db);
    const [vocabulary, usage] = await Promise.all([queries.keywordsOf(tenantId), queries.keywordUsage(tenantId)]);
    const counts = new Map(usage.map((row) => [row.keyword, row.documents]));
    const known = new Set(vocabulary.map((row) => row.keyword));
    return [
      ...vocabulary.map((row) => ({
        keyword: row.keyword,
        isVisible: row.isVisible,
        isImportant: row.isImportant,
        explanation: row.explanation,
        isInVocabulary: true,
        documents: counts.get(row.keyword) ?? 0,
      })),
      ...usage
        .filter((row) => !known.has(row.keyword))
        .map((row) => ({
          keyword: row.keyword,
          isVisible: false,
          isImportant: false,
          explanation: null,
          isInVocabulary: false,
          documents: row.documents,
        })),
    ].sort((left, right) => left.keyword.localeCompare(right.keyword, 'de'));
  }

  /** The document a verified link names, recorded as a download through the link; else DOCUMENT_LINK_INVALID. */
  async function openLink(token: string, userAgent: string | null): Promise<OpenedDocument> {
    const claim = verifyDocumentLink(await linkKeyOf(), token, clock.now());
    const row = claim === null ? null : await createDocumentQueries(db).findById(claim.tenantId, claim.documentId);
    if (row === null) {
      throw linkInvalid();
    }
    const file = await store.open(row.fileKey);
    if (file === null) {
      logger.error({ documentId: row.id, fileKey: row.fileKey }, 'document file missing from the store');
      throw linkInvalid();
    }
    await audit.record({
      kind: 'document.downloaded',
      tenantId: row.tenantId,
      identityId: null,
      origin: { client: DOCUMENT_LINK_ORIGIN, userAgent },
      detail: `Dokument: ${row.id}`,
    });
    return { document: toView(row), body: file.body, size: file.size, local: file.local };
  }

  /** Runs a link's opening; a client that sent too many invalid links is DOCUMENT_LINK_RATE_LIMITED for a while. */
  /**
   * A page of the documents the person sees; with `keywordChoicesFrom`, the keyword choice read in the same statement
   * (null when the page has no rows to carry it, or nothing was read).
   */
  async function listPage(
    tenantId: string,
    identityId: string,
    filter: DocumentListFilter,
    page: { cursor?: string | null; limit: number },
    known?: readonly DocumentScope[],
    keywordChoicesFrom?: number,
  ): Promise<{ page: DocumentPage<PersonDocumentView>; choices: KeywordChoices | null }> {
    const cursor = page.cursor ?? null;
    if (
      !isUuid(identityId) ||
      (cursor !== null && !isUuid(cursor)) ||
      (filter.customerId !== undefined && !isUuid(filter.customerId)) ||
      (filter.contractId !== undefined && !isUuid(filter.contractId)) ||
      // No keyword holds a control character (the database would refuse a NUL).
      (filter.keyword !== undefined && /[\p{Cc}\p{Cs}]/u.test(filter.keyword))
    ) {
      return { page: { items: [], nextCursor: null }, choices: null };
    }
    const sqlFilter = checkedFilterOf(filter);
    const scopes = known ?? (await visibility.documentScopesOf(tenantId, identityId));
    if (scopes.length === 0) {
      return { page: { items: [], nextCursor: null }, choices: { vocabulary: [], recent: [] } };
    }
    const rows = await createDocumentQueries(db).listVisible(
      tenantId,
      identityId,
      scopes,
      sqlFilter,
      cursor,
      page.limit + 1,
      keywordChoicesFrom === undefined ? {} : { keywordChoicesFrom },
    );
    return {
      page: pageOf(
        rows.map((row) => ({ ...toView(row), isNew: !row.isRead })),
        page.limit,
      ),
      choices: rows[0]?.keywordChoices ?? null,
    };
  }

  async function keywordChoicesFor(
    tenantId: string,
    identityId: string,
    scopes: readonly DocumentScope[],
  ): Promise<KeywordChoices> {
    return scopes.length === 0
      ? { vocabulary: [], recent: [] }
      : createDocumentQueries(db).keywordChoicesOf(tenantId, identityId, scopes, KEYWORDS_FROM_NEWEST);
  }

  function throttledLink<T>(client: string, open: () => Promise<T>): Promise<T> {
    return throttle.openDocumentLink(
      client,
      open,
      (error) => error instanceof AppError && error.code === 'DOCUMENT_LINK_INVALID',
    );
  }

  return {
    /**
     * Another module's rows that name files of the store, answering for a batch of a tenant's keys those they name:
     * the cleanup keeps them, and a document's delete keeps a file they still name (the same bytes share one file).
     */
    alsoReferencedBy(referenced: (tenantId: string, keys: string[]) => Promise<string[]>): void {
      otherReferences.push(referenced);
    },

    /** Removes a tenant's file no row (of documents or another module) names; a failure leaves it to the cleanup. */
    removeFileIfUnused,

    prepareUpload,
    storeSubmissionFromPage,

    /**
     * A link that downloads the tenant's document without an API key for the link lifetime from now: built
     * afresh for each delivery of `document.uploaded`. Nothing is stored; the token is checked by its HMAC.
     */
    async downloadLinkFor(tenantId: string, documentId: string): Promise<{ url: string; expiresAt: string }> {
      const expiresAt = fileLinkExpiryFrom(clock.now(), deps.fileLinkLifetime ?? DOCUMENT_LINK_LIFETIME);
      const token = signDocumentLink(await linkKeyOf(), { tenantId, documentId, expiresAt });
      return { url: new URL(`${DOCUMENT_LINK_PATH}${token}`, platformUrl).href, expiresAt: expiresAt.toISOString() };
    },

    /**
     * The document a download link names, recorded as a download through the link. An unknown, altered or expired
     * token and one whose document is gone (deleted, or not the tenant's) are the same DOCUMENT_LINK_INVALID; a client
     * that sent too many of those is DOCUMENT_LINK_RATE_LIMITED for a while, whatever its token.
     */
    openByLink(token: string, origin: { client: string; userAgent: string | null }): Promise<OpenedDocument> {
      return throttledLink(origin.client, () => openLink(token, origin.userAgent));
    },

    /** Opens a file link of another kind (a claim's attachment) under the same limit of failed links per client. */
    throttledLink,

    /** Stores a document in one call (metadata checked first, then the file streamed, then the row). */
    async store(
      tenantId: string,
      metadata: DocumentMetadata,
      body: Readable,
      contentType: string,
      uploader: Uploader,
    ): Promise<DocumentView> {
      const write = await prepareUpload(tenantId, metadata, uploader);
      return write(body, contentType);
    },

    /**
     * A page of the documents the person sees, newest first, each marked new until they open it. A page that has the
     * person's document scopes from the visibility module already (`documentListDecisionOf`) passes them.
     */
    async listForPerson(
      tenantId: string,
      identityId: string,
      filter: DocumentListFilter,
      page: { cursor?: string | null; limit: number },
      known?: readonly DocumentScope[],
    ): Promise<DocumentPage<PersonDocumentView>> {
      return (await listPage(tenantId, identityId, filter, page, known)).page;
    },

    /**
     * `listForPerson` with the filter's keyword choice (`keywordsFor`), read in the page's own statement: the
     * portal's document list shows both. Only a page without rows asks for the choice on its own.
     */
    async listWithKeywordsForPerson(
      tenantId: string,
      identityId: string,
      filter: DocumentListFilter,
      page: { cursor?: string | null; limit: number },
      scopes: readonly DocumentScope[],
    ): Promise<{ page: DocumentPage<PersonDocumentView>; keywords: string[] }> {
      const listed = await listPage(tenantId, identityId, filter, page, scopes, KEYWORDS_FROM_NEWEST);
      const choices = listed.choices ?? (await keywordChoicesFor(tenantId, identityId, scopes));
      return { page: listed.page, keywords: keywordsOfChoices(scopes, choices) };
    },

    /**
     * "Wichtige Dokumente" of a contract: per keyword the broker marks as important, and which a profile of the
     * person's grants on this contract admits, its explanation and the newest document of the contract with it the
     * person sees (null while there is none). Nothing for a contract the person does not see. A page that has the
     * person's document scopes already passes them.
     */
    async importantForContract(
      tenantId: string,
      identityId: string,
      contractId: string,
      known?: readonly DocumentScope[],
    ): Promise<ImportantDocument[]> {
      if (!isUuid(identityId) || !isUuid(contractId)) {
        return [];
      }
      const scopes = known ?? (await visibility.documentScopesOf(tenantId, identityId));
      const onContract = scopes.filter((scope) => scope.contractIds.includes(contractId));
      if (onContract.length === 0) {
        return [];
      }
      const queries = createDocumentQueries(db);
      const vocabulary = await queries.keywordsOf(tenantId);
      const tenantVisible = new Set(vocabulary.filter((row) => row.isVisible).map((row) => row.keyword));
      const important = vocabulary
        .filter(
          (row) =>
            row.isImportant && onContract.some((scope) => isAdmittedBy(scope.keywords, [row.keyword], tenantVisible)),
        )
        .sort((left, right) => left.keyword.localeCompare(right.keyword, 'de'));
      const newest = await queries.newestPerKeyword(
        tenantId,
        identityId,
        scopes,
        contractId,
        important.map((row) => row.keyword),
      );
      const byKeyword = new Map(newest.map((row) => [row.keyword, row]));
      return important.map((row) => {
        const document = byKeyword.get(row.keyword);
        return {
          keyword: row.keyword,
          explanation: row.explanation,
          document: document === undefined ? null : { ...toView(document), isNew: document.readAt === null },
        };
      });
    },

    /**
     * Every document the person sees, each with how to open its bytes when they are needed, for their data export:
     * read page by page as the portal's list, nothing marked read (the export's download is recorded as a whole). A
     * file missing from the store fails its opening, so an export is never completed with a file left out.
     */
    async exportFilesFor(tenantId: string, identityId: string): Promise<ExportedDocument[]> {
      const scopes = isUuid(identityId) ? await visibility.documentScopesOf(tenantId, identityId) : [];
      const exported: ExportedDocument[] = [];
      let cursor: string | null = null;
      while (scopes.length > 0) {
        const rows = await createDocumentQueries(db).listVisible(
          tenantId,
          identityId,
          scopes,
          {},
          cursor,
          EXPORT_PAGE_SIZE + 1,
        );
        for (const row of rows.slice(0, EXPORT_PAGE_SIZE)) {
          exported.push({
            document: toView(row),
            open: async () => {
              const file = await store.open(row.fileKey);
              if (file === null) throw new Error(`document ${row.id}: file ${row.fileKey} missing from the store`);
              return file.body;
            },
          });
        }
        if (rows.length <= EXPORT_PAGE_SIZE) break;
        cursor = rows[EXPORT_PAGE_SIZE - 1]?.id ?? null;
      }
      return exported;
    },

    /** Whether a row of this module (or of one that told it, `alsoReferencedBy`) still names the file. */
    async isFileInUse(tenantId: string, fileKey: string): Promise<boolean> {
      return (
        (await createDocumentQueries(db).referencedKeys(tenantId, [fileKey])).length > 0 ||
        (await isReferencedElsewhere(tenantId, fileKey))
      );
    },

    /** Whether the person sees any document (the navigation's "Dokumente"). */
    async hasDocumentsFor(tenantId: string, identityId: string): Promise<boolean> {
      // Every page's navigation asks: a broker without documents pays one index lookup, not the visibility decision.
      if (!(await createDocumentQueries(db).hasAny(tenantId))) return false;
      const scopes = await visibility.documentScopesOf(tenantId, identityId);
      return scopes.length > 0 && createDocumentQueries(db).hasVisible(tenantId, scopes);
    },

    /**
     * The keywords the list's filter offers: the broker's keywords a profile of the person's grants admits, and those
     * of the newest documents the person sees (a CRM may file keywords the broker never listed). Bounded, so it costs
     * the same for a customer with ten documents as for one with ten thousand. Scopes as for `listForPerson`.
     */
    async keywordsFor(tenantId: string, identityId: string, known?: readonly DocumentScope[]): Promise<string[]> {
      const scopes = known ?? (await visibility.documentScopesOf(tenantId, identityId));
      return keywordsOfChoices(scopes, await keywordChoicesFor(tenantId, identityId, scopes));
    },

    /**
     * Opens a document the person sees, marks it read and records the download. Unknown ids, another tenant's and
     * documents the person does not (or no longer) see are the same DOCUMENT_NOT_FOUND.
     */
    async openForPerson(
      tenantId: string,
      identityId: string,
      documentId: string,
      origin: RequestOrigin,
    ): Promise<OpenedDocument> {
      if (!isUuid(documentId) || !isUuid(identityId)) {
        throw notFound();
      }
      const scopes = await visibility.documentScopesOf(tenantId, identityId);
      const row =
        scopes.length === 0
          ? null
          : await createDocumentQueries(db).findVisible(tenantId, identityId, scopes, documentId);
      if (row === null) {
        throw notFound();
      }
      const file = await store.open(row.fileKey);
      if (file === null) {
        logger.error({ documentId, fileKey: row.fileKey }, 'document file missing from the store');
        throw notFound();
      }
      await db.transaction(async (tx) => {
        await createDocumentQueries(tx).markRead(tenantId, row.id, identityId, clock.now());
        await audit.record(
          { kind: 'document.downloaded', tenantId, identityId, origin, detail: `Dokument: ${row.id}` },
          tx,
        );
      });
      return { document: toView(row), body: file.body, size: file.size, local: file.local };
    },

    /** The tenant's document for the CRM (no person's visibility), recorded as a download by the key. */
    async openForTenant(tenantId: string, documentId: string, origin: RequestOrigin): Promise<OpenedDocument> {
      const row = isUuid(documentId) ? await createDocumentQueries(db).findById(tenantId, documentId) : null;
      const file = row === null ? null : await store.open(row.fileKey);
      if (row === null || file === null) {
        throw notFound();
      }
      await audit.record({
        kind: 'document.downloaded',
        tenantId,
        identityId: null,
        origin,
        detail: `Dokument: ${row.id}`,
      });
      return { document: toView(row), body: file.body, size: file.size, local: file.local };
    },

    /** A customer's documents for the tenant's staff (all directions, newest first), with who uploaded each. */
    async listForStaff(tenantId: string, customerId: string, limit: number): Promise<StaffDocumentView[]> {
      return (await staffPage(tenantId, customerId, { cursor: null, limit })).items;
    },

    /** A page of a customer's documents for the tenant's staff, newest first; the cursor is the last one's id. */
    pageForStaff: staffPage,

    /** A document of the tenant's customer for its staff (the delete's confirmation); anything else is 404. */
    async getForStaff(tenantId: string, customerId: string, documentId: string): Promise<DocumentView> {
      const row = isUuid(documentId) ? await createDocumentQueries(db).findById(tenantId, documentId) : null;
      if (row === null || row.customerId !== customerId) {
        throw notFound();
      }
      return toView(row);
    },

    /**
     * A document of the tenant's customer for its staff, recorded as their download. A document of another customer
     * or tenant, or an unknown id, is DOCUMENT_NOT_FOUND.
     */
    async openForStaff(
      tenantId: string,
      customerId: string,
      documentId: string,
      identityId: string,
      origin: RequestOrigin,
    ): Promise<OpenedDocument> {
      const row = isUuid(documentId) ? await createDocumentQueries(db).findById(tenantId, documentId) : null;
      if (row === null || row.customerId !== customerId) {
        throw notFound();
      }
      const file = await store.open(row.fileKey);
      if (file === null) {
        logger.error({ documentId, fileKey: row.fileKey }, 'document file missing from the store');
        throw notFound();
      }
      await audit.record({ kind: 'document.downloaded', tenantId, identityId, origin, detail: `Dokument ${row.id}` });
      return { document: toView(row), body: file.body, size: file.size, local: file.local };
    },

    /** A customer's documents for the CRM, newest first. */
    async listForCustomer(
      tenantId: string,
      customerNumber: string,
      page: { cursor?: string | null; limit: number },
    ): Promise<DocumentPage<DocumentView>> {
      const customer = await portfolio.getCustomer(tenantId, customerNumber);
      const cursor = page.cursor ?? null;
      if (cursor !== null && !isUuid(cursor)) {
        return { items: [], nextCursor: null };
      }
      const rows = await createDocumentQueries(db).listForCustomer(tenantId, customer.id, cursor, page.limit + 1);
      return pageOf(rows.map(toView), page.limit);
    },

    /**
     * Deletes the row; its file goes after the commit, and only when no other row of the tenant names it (the same
     * bytes uploaded twice share one file).
     */
    delete: (tenantId: string, documentId: string, origin: RequestOrigin): Promise<void> =>
      deleteDocument(tenantId, documentId, { customerId: null, identityId: null }, origin),

    /**
     * The workspace's delete (after its confirmation): a document of this customer of the tenant, recorded as the
     * staff member's; another customer's or tenant's document is DOCUMENT_NOT_FOUND. The file goes as with `delete`.
     */
    deleteForStaff: (
      tenantId: string,
      customerId: string,
      documentId: string,
      identityId: string,
      origin: RequestOrigin,
    ): Promise<void> => deleteDocument(tenantId, documentId, { customerId, identityId }, origin),

    /**
     * Removes the store's files that no row names and that were written before `olderThan` (the worker's cleanup of
     * what a crash left between a file and its row). Each tenant's keys are checked against that tenant's rows only.
     */
    removeUnreferencedFiles(olderThan: Date): Promise<UnreferencedFilesOutcome> {
      return removeUnreferencedFiles(
        store,
        async (keys) => {
          const byTenant = new Map<string, string[]>();
          for (const key of keys) {
            const tenantId = key.slice(0, key.indexOf('/'));
            byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), key]);
          }
          const referenced = new Set<string>();
          for (const [tenantId, tenantKeys] of byTenant) {
            // A key this module did not make is never removed.
            if (!isUuid(tenantId) || tenantKeys.some((key) => !isFileKey(key))) {
              for (const key of tenantKeys) referenced.add(key);
              continue;
            }
            for (const key of await createDocumentQueries(db).referencedKeys(tenantId, tenantKeys)) referenced.add(key);
            for (const other of otherReferences) {
              for (const key of await other(tenantId, tenantKeys)) referenced.add(key);
            }
          }
          return referenced;
        },
        olderThan,
      );
    },

    /** Sets a keyword of the broker's vocabulary: visible ones make up the profile "Standard". */
    async putKeyword(
      tenantId: string,
      keyword: string,
      options: { isVisible: boolean; isImportant?: boolean; explanation?: string | null },
    ): Promise<void> {
      await createDocumentQueries(db).putKeyword({
        tenantId,
        keyword: keyword.trim(),
        isVisible: options.isVisible,
        isImportant: options.isImportant ?? false,
        explanation: options.explanation ?? null,
      });
    },

    keywordsOf: (tenantId: string): Promise<KeywordRow[]> => createDocumentQueries(db).keywordsOf(tenantId),

    /**
     * The keywords for the workspace's settings: the broker's vocabulary and every keyword the tenant's documents
     * carry (one the CRM sent that is not in the vocabulary counts as neither visible nor important), each with how
     * many documents carry it; in German order.
     */
    keywordSettingsOf,

    /**
     * Adds a keyword to the broker's vocabulary (KEYWORD_EMPTY, KEYWORD_TOO_LONG, KEYWORD_CHARACTERS_INVALID; one that
     * differs from an existing one only in case is KEYWORD_TAKEN) and records it in the Protokoll.
     */
    async addKeyword(tenantId: string, input: KeywordSettingInput, actor: KeywordActor): Promise<void> {
      const keyword = input.keyword.normalize('NFC').trim();
      const refusal = keywordRefusalOf(keyword);
      if (refusal !== null) {
        throw new AppError(refusal.code, { field: 'keyword', ...refusalParams(refusal), detail: 'Keyword refused' });
      }
      const explanation = checkedExplanation(input.explanation);
      await db.transaction(async (tx) => {
        const queries = createDocumentQueries(tx);
        const existing = await queries.keywordsOf(tenantId);
        const folded = keyword.toLocaleLowerCase('de');
        if (existing.some((row) => row.keyword.toLocaleLowerCase('de') === folded)) {
          throw new AppError('KEYWORD_TAKEN', { field: 'keyword', detail: `Keyword ${keyword} exists` });
        }
        const inserted = await queries.insertKeyword({
          tenantId,
          keyword,
          isVisible: input.isVisible,
          isImportant: input.isImportant,
          explanation,
        });
        if (!inserted) {
          throw new AppError('KEYWORD_TAKEN', { field: 'keyword', detail: `Keyword ${keyword} exists` });
        }
        await recordKeywordChange(tenantId, actor, `Schlagwort hinzugefügt: ${keyword}${flagsOf(input)}`, tx);
      });
    },

    /**
     * Sets whether a keyword is visible ("Standard") and important, and its explanation; a keyword only the documents
     * carry joins the vocabulary. A keyword neither knows is KEYWORD_NOT_FOUND.
     */
    async updateKeyword(tenantId: string, input: KeywordSettingInput, actor: KeywordActor): Promise<void> {
      if (keywordRefusalOf(input.keyword) !== null) {
        // No document carries such a keyword, nor does the vocabulary.
        throw new AppError('KEYWORD_NOT_FOUND', { detail: 'No such keyword' });
      }
      const explanation = checkedExplanation(input.explanation);
      await db.transaction(async (tx) => {
        const queries = createDocumentQueries(tx);
        const known =
          (await queries.keywordsOf(tenantId)).some((row) => row.keyword === input.keyword) ||
          (await queries.isKeywordUsed(tenantId, input.keyword));
        if (!known) {
          throw new AppError('KEYWORD_NOT_FOUND', { detail: `No keyword ${input.keyword}` });
        }
        await queries.putKeyword({
          tenantId,
          keyword: input.keyword,
          isVisible: input.isVisible,
          isImportant: input.isImportant,
          explanation,
        });
        await recordKeywordChange(tenantId, actor, `Schlagwort geändert: ${input.keyword}${flagsOf(input)}`, tx);
      });
    },

    /**
     * A keyword as its delete's confirmation names it: how many documents carry it and how many carry no other. A
     * keyword neither the vocabulary nor any document has is KEYWORD_NOT_FOUND.
     */
    async keywordForChange(tenantId: string, keyword: string): Promise<KeywordSetting & { withoutOther: number }> {
      const setting = (await keywordSettingsOf(tenantId)).find((item) => item.keyword === keyword);
      if (setting === undefined) {
        throw new AppError('KEYWORD_NOT_FOUND', { detail: `No keyword ${keyword}` });
      }
      const carriers = await createDocumentQueries(db).keywordCarriers(tenantId, keyword);
      return { ...setting, documents: carriers.documents, withoutOther: carriers.withoutOther };
    },

    /**
     * Renames a keyword: in the vocabulary (visible, important and the explanation stay with it) and on every document
     * of the tenant that carries it, in one transaction, recorded in the Protokoll. The new name is checked like a new
     * keyword's (KEYWORD_EMPTY, KEYWORD_TOO_LONG, KEYWORD_CHARACTERS_INVALID); a name another keyword has, in the
     * vocabulary or on documents, whatever its case, is KEYWORD_TAKEN (two keywords are not merged). An unknown keyword
     * is KEYWORD_NOT_FOUND. The same name again changes nothing.
     */
    async renameKeyword(
      tenantId: string,
      input: { keyword: string; newKeyword: string },
      actor: KeywordActor,
    ): Promise<void> {
      const renamed = input.newKeyword.normalize('NFC').trim();
      const refusal = keywordRefusalOf(renamed);
      if (refusal !== null) {
        throw new AppError(refusal.code, { field: 'newKeyword', ...refusalParams(refusal), detail: 'Keyword refused' });
      }
      await db.transaction(async (tx) => {
        const queries = createDocumentQueries(tx);
        const known = [
          ...new Set([
            ...(await queries.keywordsOf(tenantId)).map((row) => row.keyword),
            ...(await queries.keywordUsage(tenantId)).map((row) => row.keyword),
          ]),
        ];
        if (!known.includes(input.keyword)) {
          throw new AppError('KEYWORD_NOT_FOUND', { detail: `No keyword ${input.keyword}` });
        }
        if (renamed === input.keyword) return;
        const folded = renamed.toLocaleLowerCase('de');
        if (known.some((keyword) => keyword !== input.keyword && keyword.toLocaleLowerCase('de') === folded)) {
          throw new AppError('KEYWORD_TAKEN', { field: 'newKeyword', detail: `Keyword ${renamed} exists` });
        }
        const changed = await queries.renameKeyword(tenantId, input.keyword, renamed);
        await recordKeywordChange(
          tenantId,
          actor,
          `Schlagwort umbenannt: ${input.keyword} → ${renamed} (${String(changed)} Dokumente)`,
          tx,
        );
      });
    },

    /**
     * Deletes a keyword: from the vocabulary and from every document of the tenant that carries it, which keeps its
     * other keywords; in one transaction, recorded in the Protokoll. Answers how many documents lost it. An unknown
     * keyword is KEYWORD_NOT_FOUND.
     */
    async deleteKeyword(tenantId: string, keyword: string, actor: KeywordActor): Promise<number> {
      return db.transaction(async (tx) => {
        const queries = createDocumentQueries(tx);
        const inVocabulary = (await queries.keywordsOf(tenantId)).some((row) => row.keyword === keyword);
        if (!inVocabulary && !(await queries.isKeywordUsed(tenantId, keyword))) {
          throw new AppError('KEYWORD_NOT_FOUND', { detail: `No keyword ${keyword}` });
        }
        const changed = await queries.deleteKeyword(tenantId, keyword);
        await recordKeywordChange(
          tenantId,
          actor,
          `Schlagwort gelöscht: ${keyword} (bei ${String(changed)} Dokumenten entfernt)`,
          tx,
        );
        return changed;
      });
    },
  };
}

export type DocumentService = ReturnType<typeof createDocumentService>;
