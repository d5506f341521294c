import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { documentReads, documents, tenantKeywords } from '../../db/schema.js';
import type { KeywordRule } from '../grants/document-profiles.js';
import type { DocumentScope } from '../visibility/visibility-policy.js';
import { jsonColumnOf } from '../../db/json-column.js';
import { KEEP_PLAN } from '../../db/kept-plans.js';
import {
  countText,
  isUnfiltered,
  keywordChoicesText,
  LISTED_COLUMNS,
  newestText,
  pageIdsText,
  type Value,
} from './document-page-sql.js';
import { rowsOf } from '../../db/rows.js';

export type DocumentRow = typeof documents.$inferSelect;
export type NewDocumentRow = typeof documents.$inferInsert;
export type KeywordRow = typeof tenantKeywords.$inferSelect;

export interface DocumentListFilter {
  customerId?: string;
  contractId?: string;
  keyword?: string;
  /** Part of the title, whatever the case; `%`, `_` and `\` mean themselves. */
  search?: string;
  /** Calendar days (2026-03-01), inclusive, on the document's date or, without one, its upload day in Berlin. */
  fromDay?: string;
  untilDay?: string;
}

/** The list's keyword filter offers these: the tenant's keywords (which of them are marked visible) and recent ones. */
export interface KeywordChoices {
  vocabulary: { keyword: string; isVisible: boolean }[];
  recent: string[];
}

interface KeywordChoicesJson {
  vocabulary: string[];
  visible: string[];
  recent: string[];
}

/** A document of the person's list: what the list and the data export show of it, and whether the person opened it. */
export interface ListedDocumentRow {
  id: string;
  customerId: string;
  contractId: string | null;
  title: string;
  comment: string | null;
  keywords: string[];
  documentDate: string | null;
  direction: string;
  contentType: string;
  size: number;
  sha256: string;
  fileKey: string;
  createdAt: Date;
  isRead: boolean;
  keywordChoices?: KeywordChoices;
}

type ListedDocumentSqlRow = Omit<ListedDocumentRow, 'createdAt' | 'keywordChoices'> & {
  createdAtMs: number;
  choices: KeywordChoicesJson | string | null;
};

/** Encloses a value's number where it stands in the text; never part of the SQL written here. */
const MARK = '\u0000';

/**
 * A statement from text in which `value` marks each bound value's place. Fragments may be built in any order (a page's
 * text before the statement around it): the values are bound in the order their marks stand in the finished text.
 */
export function statementOf(build: (value: Value) => string): SQL {
  const values: unknown[] = [];
  const text = build((value) => {
    values.push(value);
    return `${MARK}${String(values.length - 1)}${MARK}`;
  });
  const pieces = text.split(MARK);
  const strings = pieces.filter((_, index) => index % 2 === 0);
  const bound = pieces.filter((_, index) => index % 2 === 1).map((number) => values[Number(number)]);
  return sql(Object.assign(strings, { raw: strings }), ...bound);
}

/** The keyword choices' json column, as either driver hands it over. */
function keywordChoicesOfColumn(value: KeywordChoicesJson | string | null): KeywordChoices {
  if (value === null) {
    return { vocabulary: [], recent: [] };
  }
  const choices = jsonColumnOf(value);
  const visible = new Set(choices.visible);
  return {
    vocabulary: choices.vocabulary.map((keyword) => ({ keyword, isVisible: visible.has(keyword) })),
    recent: choices.recent,
  };
}

/** The rows of the list's statement, each with its keyword choice when the statement read one. */
function listedRowsOf(result: unknown): ListedDocumentRow[] {
  return rowsOf<ListedDocumentSqlRow>(result).map(({ createdAtMs, choices, ...row }) => ({
    ...row,
    createdAt: new Date(createdAtMs),
    ...(choices === null ? {} : { keywordChoices: keywordChoicesOfColumn(choices) }),
  }));
}

/** The day a document is filed under: its own date, else the day it was uploaded, in Berlin. */
const dayOf = sql`coalesce(${documents.documentDate}, (${documents.createdAt} at time zone 'Europe/Berlin')::date)`;

const textArray = (values: readonly string[]): SQL =>
  values.length === 0
    ? sql`'{}'::text[]`
    : sql`array[${sql.join(
        values.map((value) => sql`${value}`),
        sql`, `,
      )}]::text[]`;

/** The keyword rule as SQL: the same rule as `isAdmittedBy` (at least one keyword, every one of them admitted). */
function keywordCondition(tenantId: string, rule: KeywordRule): SQL | undefined {
  switch (rule.kind) {
    case 'all':
      return undefined;
    case 'none':
      return sql`false`;
    case 'only':
      return sql`(cardinality(${documents.keywords}) > 0 and ${documents.keywords} <@ ${textArray(rule.keywords)})`;
    case 'tenant_visible':
      return sql`(cardinality(${documents.keywords}) > 0 and ${documents.keywords} <@ array(
        select ${tenantKeywords.keyword} from ${tenantKeywords}
        where ${tenantKeywords.tenantId} = ${tenantId} and ${tenantKeywords.isVisible}))`;
  }
}

/**
 * The documents a person's scopes show, as one condition: per grant, documents without a contract of the customers it
 * shows and documents of the contracts it shows, admitted by the grant's keyword rule. The same rule as
 * `isDocumentVisible` in the visibility policy; a test holds the two together.
 */
export function visibleCondition(tenantId: string, scopes: readonly DocumentScope[]): SQL {
  const perScope = scopes.flatMap((scope) => {
    const place = placeCondition(scope);
    if (place === undefined) {
      return [];
    }
    const keywords = keywordCondition(tenantId, scope.keywords);
    return [keywords === undefined ? place : orTrue(and(place, keywords))];
  });
  return perScope.length === 0 ? sql`false` : orTrue(or(...perScope));
}

/** The scope's customers (documents without a contract) and contracts, without its keyword rule. */
function placeCondition(scope: DocumentScope): SQL | undefined {
  return or(
    scope.customerIds.length > 0
      ? and(isNull(documents.contractId), inArray(documents.customerId, scope.customerIds))
      : undefined,
    scope.contractIds.length > 0 ? inArray(documents.contractId, scope.contractIds) : undefined,
  );
}

/**
 * What the person sees: what the scopes show, and what they sent themselves (no keyword decides about one's own
 * upload) as long as its customer or contract is still in one of their scopes.
 */
function personCondition(tenantId: string, identityId: string, scopes: readonly DocumentScope[]): SQL {
  const places = scopes.flatMap((scope) => {
    const place = placeCondition(scope);
    return place === undefined ? [] : [place];
  });
  const own = places.length === 0 ? undefined : and(eq(documents.uploadedByIdentityId, identityId), or(...places));
  return orTrue(or(visibleCondition(tenantId, scopes), own));
}

function orTrue(condition: SQL | undefined): SQL {
  return condition ?? sql`true`;
}

/** Newest first; the cursor is the last row's id, whose place in that order is read from the table. */
export function afterCursor(tenantId: string, cursor: string | null): SQL | undefined {
  if (cursor === null) {
    return undefined;
  }
  return sql`(${documents.createdAt}, ${documents.id}) < (
    select d.created_at, d.id from ${documents} d where d.tenant_id = ${tenantId} and d.id = ${cursor})`;
}

export function createDocumentQueries(db: Database) {
  return {
    async insert(row: NewDocumentRow): Promise<DocumentRow> {
      const [inserted] = await db.insert(documents).values(row).returning();
      if (inserted === undefined) {
        throw new Error('document insert returned nothing');
      }
      return inserted;
    },

    async findById(tenantId: string, documentId: string): Promise<DocumentRow | null> {
      const [row] = await db
        .select()
        .from(documents)
        .where(and(eq(documents.tenantId, tenantId), eq(documents.id, documentId)));
      return row ?? null;
    },

    /** The document if the scopes show it. */
    async findVisible(
      tenantId: string,
      identityId: string,
      scopes: readonly DocumentScope[],
      documentId: string,
    ): Promise<DocumentRow | null> {
      const [row] = await db
        .select()
        .from(documents)
        .where(
          and(
            eq(documents.tenantId, tenantId),
            eq(documents.id, documentId),
            personCondition(tenantId, identityId, scopes),
          ),
        );
      return row ?? null;
    },

    /**
     * A page of what the scopes show, newest first, with whether the person has opened each. With
     * `keywordChoicesFrom`, each row also carries the list's keyword choice (`keywordChoicesOf`, the newest documents
     * read up to that number): one round trip for the list's page and its filter. A page without rows carries none.
     */
    async listVisible(
      tenantId: string,
      identityId: string,
      scopes: readonly DocumentScope[],
      filter: DocumentListFilter,
      cursor: string | null,
      limit: number,
      options: { keywordChoicesFrom?: number } = {},
    ): Promise<ListedDocumentRow[]> {
      // No branch left (nothing the scopes and the filter allow): no statement.
      const outcome = { isEmpty: false };
      const read = `r.read_at is not null as "isRead"`;
      const readJoin = (value: Value) =>
        `left join document_reads r on r.document_id = o.id and r.identity_id = ${value(identityId)}`;
      const from = options.keywordChoicesFrom;
      // The first page of the whole list is the newest of the documents whose keywords the choice offers: read once.
      if (from !== undefined && from >= limit && cursor === null && isUnfiltered(filter)) {
        const statement = statementOf((value) => {
          const newest = newestText(value, tenantId, identityId, scopes, from);
          if (newest === null) {
            outcome.isEmpty = true;
            return '';
          }
          return `with ${newest}
            select ${LISTED_COLUMNS}, ${read},
              ${keywordChoicesText(value, tenantId, 'select newest.id from newest')} as "choices"
            from documents o
            ${readJoin(value)}
            where o.tenant_id = ${value(tenantId)} and o.id in (
              select newest.id from newest order by newest.created_at desc, newest.id desc limit ${countText(limit)})
            order by o.created_at desc, o.id desc limit ${countText(limit)}`;
        });
        return outcome.isEmpty ? [] : listedRowsOf(await db.execute(sql`${KEEP_PLAN}${statement}`));
      }
      const statement = statementOf((value) => {
        const page = pageIdsText(value, tenantId, identityId, scopes, filter, cursor, limit);
        if (page === null) {
          outcome.isEmpty = true;
          return '';
        }
        const newest = from === undefined ? null : pageIdsText(value, tenantId, identityId, scopes, {}, null, from);
        return `select ${LISTED_COLUMNS}, ${read},
            ${newest === null ? 'null' : keywordChoicesText(value, tenantId, newest)} as "choices"
          from documents o
          ${readJoin(value)}
          where o.tenant_id = ${value(tenantId)} and o.id in (${page})
          order by o.created_at desc, o.id desc limit ${value(limit)}`;
      });
      if (outcome.isEmpty) {
        return [];
      }
      return listedRowsOf(await db.execute(statement));
    },

    /**
     * Per keyword named, the newest document of the contract with it that the person sees (by its day, then its
     * upload), with whether they have opened it; a keyword without one has no row.
     */
    async newestPerKeyword(
      tenantId: string,
      identityId: string,
      scopes: readonly DocumentScope[],
      contractId: string,
      keywords: readonly string[],
    ): Promise<(DocumentRow & { keyword: string; readAt: Date | null })[]> {
      if (keywords.length === 0) {
        return [];
      }
      const keyword = sql<string>`k.keyword`;
      const rows = await db
        .selectDistinctOn([keyword], { keyword, document: documents, readAt: documentReads.readAt })
        .from(documents)
        .innerJoin(sql`unnest(${textArray(keywords)}) as k(keyword)`, sql`k.keyword = any(${documents.keywords})`)
        .leftJoin(
          documentReads,
          and(eq(documentReads.documentId, documents.id), eq(documentReads.identityId, identityId)),
        )
        .where(
          and(
            eq(documents.tenantId, tenantId),
            eq(documents.contractId, contractId),
            personCondition(tenantId, identityId, scopes),
          ),
        )
        .orderBy(keyword, desc(dayOf), desc(documents.createdAt), desc(documents.id));
      return rows.map((row) => ({ ...row.document, keyword: row.keyword, readAt: row.readAt }));
    },

    /** Whether the tenant holds any document at all: one index lookup. */
    async hasAny(tenantId: string): Promise<boolean> {
      const [row] = await db
        .select({ id: documents.id })
        .from(documents)
        .where(eq(documents.tenantId, tenantId))
        .limit(1);
      return row !== undefined;
    },

    async hasVisible(tenantId: string, scopes: readonly DocumentScope[]): Promise<boolean> {
      const [row] = await db
        .select({ id: documents.id })
        .from(documents)
        .where(and(eq(documents.tenantId, tenantId), visibleCondition(tenantId, scopes)))
        .limit(1);
      return row !== undefined;
    },

    /**
     * The list's keyword choice in one statement: the tenant's keywords with whether each is marked visible, and the
     * keywords of the newest documents the person sees (at most `count` documents read).
     */
    async keywordChoicesOf(
      tenantId: string,
      identityId: string,
      scopes: readonly DocumentScope[],
      count: number,
    ): Promise<KeywordChoices> {
      const result = await db.execute(
        statementOf((value) => {
          const newest = pageIdsText(value, tenantId, identityId, scopes, {}, null, count);
          return `select ${keywordChoicesText(value, tenantId, newest)} as "choices"`;
        }),
      );
      return keywordChoicesOfColumn(rowsOf<{ choices: KeywordChoicesJson | string }>(result)[0]?.choices ?? null);
    },

    /** A customer's documents for the CRM, newest first. */
    async listForCustomer(
      tenantId: string,
      customerId: string,
      cursor: string | null,
      limit: number,
    ): Promise<DocumentRow[]> {
      return db
        .select()
        .from(documents)
        .where(
          and(eq(documents.tenantId, tenantId), eq(documents.customerId, customerId), afterCursor(tenantId, cursor)),
        )
        .orderBy(desc(documents.createdAt), desc(documents.id))
        .limit(limit);
    },

    async markRead(tenantId: string, documentId: string, identityId: string, at: Date): Promise<void> {
      await db
        .insert(documentReads)
        .values({ tenantId, documentId, identityId, readAt: at })
        .onConflictDoNothing({ target: [documentReads.documentId, documentReads.identityId] });
    },

    async delete(tenantId: string, documentId: string): Promise<DocumentRow | null> {
      const [row] = await db
        .delete(documents)
        .where(and(eq(documents.tenantId, tenantId), eq(documents.id, documentId)))
        .returning();
      return row ?? null;
    },

    /** Those of the tenant's file keys that a row still names. */
    async referencedKeys(tenantId: string, keys: string[]): Promise<string[]> {
      if (keys.length === 0) return [];
      const rows = await db
        .selectDistinct({ fileKey: documents.fileKey })
        .from(documents)
        .where(and(eq(documents.tenantId, tenantId), inArray(documents.fileKey, keys)));
      return rows.map((row) => row.fileKey);
    },

    /** Whether any row of the tenant still names the file. */
    async isFileInUse(tenantId: string, fileKey: string): Promise<boolean> {
      const [row] = await db
        .select({ id: documents.id })
        .from(documents)
        .where(and(eq(documents.tenantId, tenantId), eq(documents.fileKey, fileKey)))
        .limit(1);
      return row !== undefined;
    },

    async putKeyword(row: KeywordRow): Promise<void> {
      await db
        .insert(tenantKeywords)
        .values(row)
        .onConflictDoUpdate({
          target: [tenantKeywords.tenantId, tenantKeywords.keyword],
          set: { isVisible: row.isVisible, isImportant: row.isImportant, explanation: row.explanation },
        });
    },

    /** Adds a keyword; false when the tenant has it already. */
    async insertKeyword(row: KeywordRow): Promise<boolean> {
      const inserted = await db
        .insert(tenantKeywords)
        .values(row)
        .onConflictDoNothing({ target: [tenantKeywords.tenantId, tenantKeywords.keyword] })
        .returning({ keyword: tenantKeywords.keyword });
      return inserted.length > 0;
    },

    /** Every keyword the tenant's documents carry, with how many carry it. */
    async keywordUsage(tenantId: string): Promise<{ keyword: string; documents: number }[]> {
      return db
        .select({ keyword: sql<string>`k.keyword`, documents: sql<number>`count(*)::int` })
        .from(documents)
        .innerJoin(sql`unnest(${documents.keywords}) as k(keyword)`, sql`true`)
        .where(eq(documents.tenantId, tenantId))
        .groupBy(sql`k.keyword`);
    },

    /** How many of the tenant's documents carry the keyword, and how many of them carry no other. */
    async keywordCarriers(tenantId: string, keyword: string): Promise<{ documents: number; withoutOther: number }> {
      const [row] = await db
        .select({
          documents: sql<number>`count(*)::int`,
          withoutOther: sql<number>`count(*) filter (where cardinality(${documents.keywords}) = 1)::int`,
        })
        .from(documents)
        .where(and(eq(documents.tenantId, tenantId), sql`${keyword} = any(${documents.keywords})`));
      return { documents: row?.documents ?? 0, withoutOther: row?.withoutOther ?? 0 };
    },

    /** Renames the keyword in the vocabulary (its switches and explanation go with it) and on every document. */
    async renameKeyword(tenantId: string, from: string, to: string): Promise<number> {
      await db
        .update(tenantKeywords)
        .set({ keyword: to })
        .where(and(eq(tenantKeywords.tenantId, tenantId), eq(tenantKeywords.keyword, from)));
      const changed = await db
        .update(documents)
        .set({ keywords: sql`array_replace(${documents.keywords}, ${from}::text, ${to}::text)` })
        .where(and(eq(documents.tenantId, tenantId), sql`${from} = any(${documents.keywords})`))
        .returning({ id: documents.id });
      return changed.length;
    },

    /** Drops the keyword from the vocabulary and from every document; the documents keep their other keywords. */
    async deleteKeyword(tenantId: string, keyword: string): Promise<number> {
      await db
        .delete(tenantKeywords)
        .where(and(eq(tenantKeywords.tenantId, tenantId), eq(tenantKeywords.keyword, keyword)));
      const changed = await db
        .update(documents)
        .set({ keywords: sql`array_remove(${documents.keywords}, ${keyword}::text)` })
        .where(and(eq(documents.tenantId, tenantId), sql`${keyword} = any(${documents.keywords})`))
        .returning({ id: documents.id });
      return changed.length;
    },

    async isKeywordUsed(tenantId: string, keyword: string): Promise<boolean> {
      const [row] = await db
        .select({ id: documents.id })
        .from(documents)
        .where(and(eq(documents.tenantId, tenantId), sql`${keyword} = any(${documents.keywords})`))
        .limit(1);
      return row !== undefined;
    },

    async keywordsOf(tenantId: string): Promise<KeywordRow[]> {
      return db
        .select()
        .from(tenantKeywords)
        .where(eq(tenantKeywords.tenantId, tenantId))
        .orderBy(tenantKeywords.keyword);
    },
  };
}

export type DocumentQueries = ReturnType<typeof createDocumentQueries>;
