import type { KeywordRule } from '../grants/document-profiles.js';
import type { DocumentScope } from '../visibility/visibility-policy.js';
import type { DocumentListFilter } from './document-repo.js';

/**
 * The person's document list as SQL text: the page of documents (and with it the filter's keyword choice) is the
 * portal's largest statement, and the query builder spent about half a millisecond of Portico's CPU on every request
 * building its text (a node per column, condition and parameter, each inspected again to write it). Written as text,
 * with the values bound as parameters in order (the repo's `statementOf`), it is the same statement: the same branches
 * per scope, the same conditions, the same order. Its plan is not kept (KEEP_PLAN): PostgreSQL's generic plan for it
 * ran slower than planning it afresh for the first page and the next one.
 */

/** Binds a value and returns what marks its place in the text (`statementOf` of the repo). */
export type Value = (value: unknown) => string;

/** `%`, `_` and `\` are pattern characters of LIKE; a search for them means the characters themselves. */
const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/** The day a document (alias `d`) is filed under: its own date, else the day it was uploaded, in Berlin. */
const DAY_OF_D = `coalesce(d.document_date, (d.created_at at time zone 'Europe/Berlin')::date)`;

/** Ids as one parameter (an array literal of uuids, which need no quoting): the text does not grow with them. */
const uuidArray = (value: Value, ids: readonly string[]): string => `${value(`{${ids.join(',')}}`)}::uuid[]`;

/**
 * A row count written into the text: always one of the code's own page lengths, never a person's input. In the text
 * rather than bound, PostgreSQL's plan kept for the statement (KEEP_PLAN) is estimated with it: with the count bound,
 * the kept plan expected a third of the table and read the documents from start to end for the keyword choice.
 */
export function countText(count: number): string {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new Error(`a page length must be a whole number, not ${String(count)}`);
  }
  return String(count);
}

/** Whether the filter narrows the list at all (an empty title search does not). */
export function isUnfiltered(filter: DocumentListFilter): boolean {
  return (
    filter.customerId === undefined &&
    filter.contractId === undefined &&
    filter.keyword === undefined &&
    (filter.search === undefined || filter.search === '') &&
    filter.fromDay === undefined &&
    filter.untilDay === undefined
  );
}

/** The tenant, the list's filters and the cursor as conditions on `d`. */
function filterText(value: Value, tenantId: string, filter: DocumentListFilter, cursor: string | null): string {
  let text = `d.tenant_id = ${value(tenantId)}`;
  if (filter.customerId !== undefined) text += ` and d.customer_id = ${value(filter.customerId)}`;
  if (filter.contractId !== undefined) text += ` and d.contract_id = ${value(filter.contractId)}`;
  if (filter.keyword !== undefined) text += ` and ${value(filter.keyword)} = any(d.keywords)`;
  if (filter.search !== undefined && filter.search !== '') {
    text += ` and d.title ilike ${value(containsPattern(filter.search))}`;
  }
  if (filter.fromDay !== undefined) text += ` and ${DAY_OF_D} >= ${value(filter.fromDay)}::date`;
  if (filter.untilDay !== undefined) text += ` and ${DAY_OF_D} <= ${value(filter.untilDay)}::date`;
  // Newest first; the cursor is the last row's id, whose place in that order is read from the table.
  if (cursor !== null) {
    text += ` and (d.created_at, d.id) < (select c.created_at, c.id from documents c
      where c.tenant_id = ${value(tenantId)} and c.id = ${value(cursor)})`;
  }
  return text;
}

/** The keyword rule on `d`: the same rule as `isAdmittedBy` (at least one keyword, every one of them admitted). */
function keywordText(value: Value, tenantId: string, rule: KeywordRule): string | null {
  switch (rule.kind) {
    case 'all':
      return null;
    case 'none':
      return 'false';
    case 'only': {
      const keywords =
        rule.keywords.length === 0 ? `'{}'::text[]` : `array[${rule.keywords.map(value).join(', ')}]::text[]`;
      return `(cardinality(d.keywords) > 0 and d.keywords <@ ${keywords})`;
    }
    case 'tenant_visible':
      return `(cardinality(d.keywords) > 0 and d.keywords <@ array(
        select k.keyword from tenant_keywords k where k.tenant_id = ${value(tenantId)} and k.is_visible))`;
  }
}

/**
 * The ids of one page of what the person sees, newest first, as a statement the index on (tenant, customer, upload
 * time) and the one on (tenant, contract, upload time) answer: per grant's scope, per customer it shows its documents
 * without a contract, and per contract it shows its documents, each admitted by that grant's keyword rule or sent by
 * the person, read newest first and only up to the page's length; then merged without repeats (two grants may show
 * the same document). Over the scopes this is exactly `personCondition` of the repo. The order names `nulls last` as
 * the indexes do (no column of it is ever null): only then does an index hand out its rows in that order. Null when no
 * branch is left (nothing to show).
 */
export function pageIdsText(
  value: Value,
  tenantId: string,
  identityId: string,
  scopes: readonly DocumentScope[],
  filter: DocumentListFilter,
  cursor: string | null,
  limit: number,
): string | null {
  return mergedText(value, tenantId, identityId, scopes, filter, cursor, limit, 'merged.id');
}

/** How many of a place's newest documents the first reading of `newestText` takes: a power of two, so few texts. */
function firstPerPlace(scopes: readonly DocumentScope[], count: number): number {
  const places = scopes.reduce((sum, scope) => sum + scope.customerIds.length + scope.contractIds.length, 0);
  let perPlace = 1;
  while (perPlace * places < count && perPlace < count) perPlace *= 2;
  return Math.min(perPlace, count);
}

/**
 * The `count` newest documents the person sees (`pageIdsText` without a filter or cursor), each id with its upload
 * time (columns `id`, `created_at`), as common table expressions ending in `newest`. Read per customer and contract up
 * to `count` each, as the page is, a person with 20 contracts read 2,100 index rows for 100 documents. So the places
 * are read twice: first only their few newest each (`firstPerPlace`), whose `count`-th newest (`cutoff`) is a bound
 * nothing older than which can be among the `count` newest (at least `count` documents the person sees are at least
 * as new); then each place only down to that bound, an index condition. When the first reading finds fewer than
 * `count`, the bound is below every document and the second reading is the reading as before. Exactly the same rows.
 */
export function newestText(
  value: Value,
  tenantId: string,
  identityId: string,
  scopes: readonly DocumentScope[],
  count: number,
): string | null {
  const columns = 'merged.id, merged.created_at';
  const first = mergedText(value, tenantId, identityId, scopes, {}, null, count, columns, {
    perPlace: firstPerPlace(scopes, count),
  });
  const newest = mergedText(value, tenantId, identityId, scopes, {}, null, count, columns, {
    atLeast: '(select c.created_at, c.id from cutoff c)',
  });
  if (first === null || newest === null) {
    return null;
  }
  return `first as materialized (${first}),
    cutoff as materialized (
      select f.created_at, f.id from (
        select first.created_at, first.id from first
        order by first.created_at desc, first.id desc offset ${countText(count - 1)} limit 1) f
      union all select '-infinity', '00000000-0000-0000-0000-000000000000'
      order by 1 desc, 2 desc limit 1),
    newest as materialized (${newest})`;
}

function mergedText(
  value: Value,
  tenantId: string,
  identityId: string,
  scopes: readonly DocumentScope[],
  filter: DocumentListFilter,
  cursor: string | null,
  limit: number,
  columns: string,
  reading: { perPlace?: number; atLeast?: string } = {},
): string | null {
  const branch = (ids: readonly string[], place: string, admitted: string | null): string =>
    `select b.id, b.created_at from unnest(${uuidArray(value, ids)}) as place(id) cross join lateral (
      select d.id, d.created_at from documents d
      where ${place} and ${filterText(value, tenantId, filter, cursor)}${admitted === null ? '' : ` and ${admitted}`}${
        reading.atLeast === undefined ? '' : ` and (d.created_at, d.id) >= ${reading.atLeast}`
      }
      order by d.created_at desc nulls last, d.id desc nulls last limit ${countText(reading.perPlace ?? limit)}) b`;
  const branches = scopes.flatMap((scope) => {
    const keywords = keywordText(value, tenantId, scope.keywords);
    // No keyword decides about one's own upload.
    const admitted = keywords === null ? null : `(${keywords} or d.uploaded_by_identity_id = ${value(identityId)})`;
    const customerIds = scope.customerIds.filter(
      (id) => filter.contractId === undefined && (filter.customerId === undefined || filter.customerId === id),
    );
    const contractIds = scope.contractIds.filter((id) => filter.contractId === undefined || filter.contractId === id);
    return [
      customerIds.length === 0
        ? null
        : branch(customerIds, 'd.customer_id = place.id and d.contract_id is null', admitted),
      contractIds.length === 0 ? null : branch(contractIds, 'd.contract_id = place.id', admitted),
    ].filter((part): part is string => part !== null);
  });
  if (branches.length === 0) {
    return null;
  }
  return `select ${columns} from (${branches.join(' union ')}) merged
    order by merged.created_at desc, merged.id desc limit ${countText(limit)}`;
}

/**
 * The keyword choice as one json column: the tenant's keywords, those marked visible, and the keywords of the newest
 * documents the person sees (`newest`: the text of their ids, none without).
 */
export function keywordChoicesText(value: Value, tenantId: string, newest: string | null): string {
  const recent =
    newest === null
      ? `'{}'::text[]`
      : `array(select distinct unnest(n.keywords) from documents n
          where n.tenant_id = ${value(tenantId)} and n.id in (${newest}))`;
  return `json_build_object(
    'vocabulary', array(select k.keyword from tenant_keywords k where k.tenant_id = ${value(tenantId)}),
    'visible', array(select k.keyword from tenant_keywords k where k.tenant_id = ${value(tenantId)} and k.is_visible),
    'recent', ${recent})`;
}

/** The columns of a listed document (alias `o`) as `ListedDocumentRow` takes them, whatever the driver. */
export const LISTED_COLUMNS = `o.id, o.customer_id as "customerId", o.contract_id as "contractId", o.title,
  o.comment, o.keywords, o.document_date::text as "documentDate", o.direction, o.content_type as "contentType",
  o.size::float8 as "size", o.sha256, o.file_key as "fileKey",
  floor(extract(epoch from o.created_at) * 1000)::float8 as "createdAtMs"`;
