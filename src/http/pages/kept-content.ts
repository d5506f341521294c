import { LRUCache } from 'lru-cache';
import type { NavigationFlags, PortfolioSummary } from '../../modules/visibility/visibility-service.js';
import type { AppEnv, PageContext } from '../context.js';
import { languageOf } from '../language.js';

/**
 * A portfolio page's content as rendered for one person (the part below the navigation), kept so that the same page
 * asked again costs one small statement instead of deciding and rendering the portfolio anew.
 *
 * It is shown again only while the tenant's portfolio version is the one it was decided at: the database raises that
 * version in the same transaction as every change to the tables the page reads (`src/db/content-versions.ts`), and
 * the page reads it in the statement of its content, so a kept page never outlives a change it does not show. What
 * the version does not cover is read anew on every request: the session (and with it whether the person may still
 * enter), the count of unread conversations, the header and the navigation. The decision's one dependency on time, an
 * invitation's deadline, does not apply to a signed-in person: every way into a broker's portal records the first
 * login, after which the deadline no longer counts.
 */
export interface KeptContent {
  /** The tenant's portfolio version the content was decided at. */
  version: string;
  title: string;
  html: string;
  summary: PortfolioSummary;
  /** The navigation's flags read with the content; the count of unread conversations is replaced by a fresh one. */
  navigation: NavigationFlags;
}

/** About 16 MB (characters of two bytes): some 500 contract lists of a page of 50 contracts each. */
const MAX_KEPT_CHARACTERS = 8 * 1024 * 1024;

const kept = new LRUCache<string, KeptContent>({
  maxSize: MAX_KEPT_CHARACTERS,
  sizeCalculation: (content, key) => key.length + content.title.length + content.html.length + 200,
});

/**
 * The key of a page kept for the signed-in person of `c`: the page, the tenant, the person, the language, the address
 * with its query, and whatever else the content shows that is not covered by the portfolio version (`parts`: for
 * example the person's name or the broker's contact details, which are read with the session).
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

/**
 * The content kept under `key` when the portfolio version is still the one it was decided at, with the navigation's
 * fresh count of unread conversations; otherwise undefined (and the page is decided and rendered anew). `current`
 * reads the version and the count in one statement, and is asked only when something is kept.
 */
export async function currentKeptContent(
  key: string,
  current: () => Promise<{ portfolioVersion: string; unreadConversations: number }>,
): Promise<KeptContent | undefined> {
  const content = kept.get(key);
  if (content === undefined) {
    return undefined;
  }
  const { portfolioVersion, unreadConversations } = await current();
  if (portfolioVersion !== content.version) {
    kept.delete(key);
    return undefined;
  }
  return { ...content, navigation: { ...content.navigation, unreadConversations } };
}

/** Keeps a page's content; without a version (the content was decided without reading one) nothing is kept. */
export function keepContent(key: string, content: Omit<KeptContent, 'version'> & { version: string | null }): void {
  if (content.version !== null) {
    kept.set(key, { ...content, version: content.version });
  }
}
