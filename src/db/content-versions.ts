import { sql, type SQL } from 'drizzle-orm';
import { contentVersions } from './schema.js';

/**
 * The scopes the database counts changes of (table `content_versions`, raised by the triggers of migration
 * 0037_content_versions), each with the tables whose committed changes raise it.
 *
 * `portfolio`: what the portal's contract list and overview show a person, and the navigation's flags read with them:
 * customers, contracts and their sharing, and the grants, members, memberships and profiles that decide who sees them.
 * A statement that one of those pages reads with its content must read only these tables, or the scope must grow (a
 * migration adding the table's trigger, and the table here; `content-versions.test.ts` writes each of them).
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
} as const;

export type ContentVersionScope = keyof typeof CONTENT_VERSION_SCOPES;

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
