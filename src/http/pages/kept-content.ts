import { randomUUID } from 'node:crypto';
import { raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { LRUCache } from 'lru-cache';
import type { ContentVersions, ContentVersionScope } from '../../db/content-versions.js';
import type { NavigationFlags, PortfolioSummary } from '../../modules/visibility/visibility-service.js';
import type { AppEnv, PageContext } from '../context.js';
import { languageOf } from '../language.js';

/**
 * A page's content as rendered for one person (the part below the navigation), kept so that the same page asked again
 * costs one small statement instead of deciding and rendering it anew: the contract list, the overview, the document
 * list and the person's list of conversations.
 *
 * It is shown again only while the tenant's versions of the scopes it shows are the ones it was decided at: the
 * database raises a scope's version in the same transaction as every change to the tables of the scope
 * (`src/db/content-versions.ts`), and the page reads the versions in the statement of its content or before it, so a
 * kept page never outlives a change it does not show. What no version covers is read anew on every request: the
 * session (and with it whether the person may still enter), the header and the navigation, and the count of unread
 * conversations unless the page's scopes cover it. The decision's one dependency on time, an invitation's deadline,
 * does not apply to a signed-in person: every way into a broker's portal records the first login, after which the
 * deadline no longer counts.
 */
export interface KeptContent {
  /** The tenant's versions of the page's scopes the content was decided at, as one string. */
  version: string;
  title: string;
  html: string;
  summary: PortfolioSummary;
  /** The navigation's flags read with the content; the count of unread conversations is read afresh where asked. */
  navigation: NavigationFlags;
}

/**
 * Stands for the CSRF token in kept content (a form of the page, such as the document list's upload): random per
 * process, so no content can contain it. Each response fills in the token of its own session.
 */
export const KEPT_CSRF_TOKEN = `csrf${randomUUID().replaceAll('-', '')}`;

/** About 16 MB (characters of two bytes): some 500 contract lists of a page of 50 contracts each. */
const MAX_KEPT_CHARACTERS = 8 * 1024 * 1024;

const kept = new LRUCache<string, KeptContent>({
  maxSize: MAX_KEPT_CHARACTERS,
  sizeCalculation: (content, key) => key.length + content.title.length + content.html.length + 200,
});

/**
 * The key of a page kept for the signed-in person of `c`: the page, the tenant, the person, the language, the address
 * with its query, and whatever else the content shows that no version covers (`parts`: for example the person's name
 * or the broker's contact details, which are read with the session).
 */
export function keptContentKey<E extends AppEnv>(
  c: PageContext<E>,
  tenantId: string,
  identityId: string,
  parts: readonly unknown[] = [],
): string {
  const url = new URL(c.req.url);
  return JSON.stringify([tenantId, identityId, languageOf(c), url.pathname, url.search, ...parts]);
}

/** The versions of `scopes` as one string, or null when none were read. */
function versionOf(versions: ContentVersions | null, scopes: readonly ContentVersionScope[]): string | null {
  return versions === null ? null : scopes.map((scope) => versions[scope]).join('/');
}

/**
 * The content kept under `key` when the versions of `scopes` are still the ones it was decided at, with the
 * navigation's fresh count of unread conversations; otherwise undefined (and the page is decided and rendered anew).
 * `current` reads the versions and the count in one statement, and is asked only when something is kept; a page
 * whose scopes cover the conversations (the person's /nachrichten) reads no count: the one kept with it is current.
 */
export async function currentKeptContent(
  key: string,
  scopes: readonly ContentVersionScope[],
  current: () => Promise<{ versions: ContentVersions; unreadConversations?: number }>,
): Promise<KeptContent | undefined> {
  const content = kept.get(key);
  if (content === undefined) {
    return undefined;
  }
  const { versions, unreadConversations } = await current();
  if (versionOf(versions, scopes) !== content.version) {
    kept.delete(key);
    return undefined;
  }
  return unreadConversations === undefined
    ? content
    : { ...content, navigation: { ...content.navigation, unreadConversations } };
}

/**
 * Keeps a page's content, rendered with `KEPT_CSRF_TOKEN` for the CSRF token of any form in it, at the versions of
 * `scopes` it was decided at; without versions (the content was decided without reading them) nothing is kept.
 */
export function keepContent(
  key: string,
  scopes: readonly ContentVersionScope[],
  content: Omit<KeptContent, 'version'> & { versions: ContentVersions | null },
): void {
  const version = versionOf(content.versions, scopes);
  if (version !== null) {
    const { title, html, summary, navigation } = content;
    kept.set(key, { version, title, html, summary, navigation });
  }
}

/** What `keptHtmlFor` needs of kept content, or of content just rendered to be kept. */
type KeptHtml = Pick<KeptContent, 'html'>;

/** The content's HTML for this request's page: the CSRF token of the request's session filled in. */
export function keptHtmlFor<E extends AppEnv>(c: PageContext<E>, content: KeptHtml): HtmlEscapedString {
  return raw(content.html.replaceAll(KEPT_CSRF_TOKEN, c.get('csrfToken')));
}
