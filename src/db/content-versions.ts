import { sql, type SQL } from 'drizzle-orm';
import type { Database } from './database.js';
import { jsonColumnOf } from './json-column.js';
import { KEEP_PLAN } from './kept-plans.js';
import { builtOnce } from './sql-template.js';
import { contentVersions } from './schema.js';

/**
 * The scopes the database counts changes of (table `content_versions`, raised by the triggers of migration
 * 0037_content_versions), each with the tables whose committed changes raise it.
 *
 * `portfolio`: what the portal's contract list and overview show a person, and the navigation's flags read with them:
 * customers, contracts and their sharing, and the grants, members, memberships and profiles that decide who sees them.
 * A statement that one of those pages reads with its content must read only these tables, or the scope must grow (a
 * migration adding the table's trigger, and the table here; `content-versions.test.ts` writes each of them).
 *
 * `documents`: the documents, who has opened which (the list's "neu") and the tenant's keywords. The document list is
 * decided by the portfolio scope's tables as well, so it stands for both versions.
 *
 * `conversations`: the conversations, their messages and files, and who has read them. A person's list of
 * conversations is decided by the portfolio scope's tables as well.
 */
export const CONTENT_VERSION_SCOPES = {
  portfolio: [
    'contracts',
    'customers',
    'contract_shares',
    'customer_intermediary_accounts',
    'customer_reference_addresses',
    'grants',
    'grant_members',
    'grant_customers',
    'memberships',
    'grant_profiles',
    'grant_profile_delegations',
  ],
  documents: ['documents', 'document_reads', 'tenant_keywords'],
  conversations: ['conversations', 'conversation_messages', 'conversation_reads', 'conversation_attachments'],
} as const;

export type ContentVersionScope = keyof typeof CONTENT_VERSION_SCOPES;

/** A tenant's version of every scope, as read by `contentVersionsColumns`. */
export type ContentVersions = Record<ContentVersionScope, string>;

/**
 * Every scope's version as columns of a select, named as the scope. A page's content is current while the versions of
 * its scopes are what they were when it was read; a version read in the statement of the content, or in an earlier
 * one, is safe to keep with it (a change after it raised the version, so the content is only ever renewed too often).
 */
export function contentVersionsColumns(tenantId: string): SQL {
  return sql.join(
    Object.keys(CONTENT_VERSION_SCOPES).map(
      (scope) => sql`${contentVersionColumn(tenantId, scope as ContentVersionScope)} as ${sql.identifier(scope)}`,
    ),
    sql`, `,
  );
}

/** Every scope's version as one json column (`contentVersionsOfJsonColumn` reads it back), for a statement of rows. */
export function contentVersionsJsonColumn(tenantId: string): SQL {
  return sql`(select row_to_json(v) from (select ${contentVersionsColumns(tenantId)}) v)`;
}

/** The versions of `contentVersionsJsonColumn`, as either driver hands the column over (parsed, or as text). */
export function contentVersionsOfJsonColumn(
  value: Partial<ContentVersions> | string | null | undefined,
): ContentVersions {
  return contentVersionsOf(value === null || value === undefined ? undefined : jsonColumnOf(value));
}

/** The versions read by `contentVersionsColumns`, as a row; a scope never raised is at '0'. */
export function contentVersionsOf(row: Partial<Record<ContentVersionScope, string>> | undefined): ContentVersions {
  return {
    portfolio: row?.portfolio ?? '0',
    documents: row?.documents ?? '0',
    conversations: row?.conversations ?? '0',
  };
}

/**
 * The tenant's version of a scope as a column (text: the number can outgrow JavaScript's safe integers only in
 * theory, and it is only ever compared). Read in the same statement as the content it stands for, so that both come
 * from the same snapshot: a version read apart from its content could name a change the content does not yet show.
 */
export function contentVersionColumn(tenantId: string, scope: ContentVersionScope): SQL {
  const { version, tenantId: tenant, scope: named } = contentVersions;
  return sql`coalesce((select ${version} from ${contentVersions}
                        where ${tenant} = ${tenantId} and ${named} = ${scope}), 0)::text`;
}

const versionsStatement = builtOnce<{ tenantId: string }>(
  { tenantId: 'id' },
  ({ tenantId }) => sql`${KEEP_PLAN} select ${contentVersionsColumns(tenantId)}`,
);

/** The tenant's content versions alone, in one statement (for a kept page whose scopes cover all it shows). */
export async function readContentVersions(db: Database, tenantId: string): Promise<ContentVersions> {
  const result = await db.execute(versionsStatement({ tenantId }));
  return contentVersionsOf((result as { rows: Partial<ContentVersions>[] }).rows[0]);
}
