import { message, type Message, type Translator } from '../../shared/i18n/translator.js';

/** The customer portal's sections, in the order the navigation shows them. */
export type PortalSection =
  'overview' | 'customers' | 'contracts' | 'documents' | 'claims' | 'messages' | 'colleagues' | 'account' | 'workspace';

interface SectionDefinition {
  id: PortalSection;
  href: string;
  label: Message;
}

const SECTIONS: readonly SectionDefinition[] = [
  { id: 'overview', href: '/', label: message('Übersicht') },
  { id: 'customers', href: '/kunden', label: message('Kunden') },
  { id: 'contracts', href: '/vertraege', label: message('Verträge') },
  { id: 'documents', href: '/dokumente', label: message('Dokumente') },
  { id: 'claims', href: '/schaeden', label: message('Schäden') },
  { id: 'messages', href: '/nachrichten', label: message('Nachrichten') },
  { id: 'colleagues', href: '/colleagues', label: message('Kolleginnen und Kollegen') },
  { id: 'account', href: '/profile', label: message('Mein Zugang') },
  { id: 'workspace', href: '/admin/people', label: message('Verwaltung') },
];

/** Sections that are always there: the overview and the person's own access. */
const ALWAYS_SHOWN: ReadonlySet<PortalSection> = new Set(['overview', 'account']);

export interface PortalNavItem {
  id: PortalSection;
  href: string;
  label: Message;
  /** Something new in the section (unread messages), shown next to its name. */
  count?: number;
}

export interface PortalNavState {
  items: PortalNavItem[];
  /** The section of this page, marked with aria-current; null on pages outside the sections. */
  current: PortalSection | null;
}

/**
 * The navigation grows with the content: a section is listed only when it has something to show
 * for this person, so nobody meets empty pages. Sections not named count as empty.
 */
export function buildPortalNav(
  hasContent: Partial<Record<PortalSection, boolean>>,
  current: PortalSection | null,
  counts: Partial<Record<PortalSection, number>> = {},
): PortalNavState {
  return {
    items: SECTIONS.filter((section) => ALWAYS_SHOWN.has(section.id) || hasContent[section.id] === true).map(
      (section) => {
        const count = counts[section.id];
        return count === undefined || count === 0 ? section : { ...section, count };
      },
    ),
    current,
  };
}

function NavLinks(props: { state: PortalNavState; t: Translator }) {
  return (
    <ul class="portal-nav-list">
      {props.state.items.map((item) => (
        <li>
          <a href={item.href} aria-current={item.id === props.state.current ? 'page' : undefined}>
            {props.t(item.label)}
            {item.count === undefined ? null : (
              <>
                {/* Read as "Nachrichten, 2 ungelesen"; seen as a small badge with the number. */}
                <span class="visually-hidden">, {props.t('{count} ungelesen', { count: item.count })}</span>
                <span class="nav-count" data-nav-count={item.id} aria-hidden="true">
                  {props.t.number(item.count)}
                </span>
              </>
            )}
          </a>
        </li>
      ))}
    </ul>
  );
}

/**
 * Two renderings of the same links: a row on wider screens and, on a phone, a menu that a
 * <details> element opens and closes without any script. CSS shows exactly one of them.
 */
export function PortalNav(props: { state: PortalNavState; t: Translator }) {
  const { t } = props;
  return (
    <>
      <details class="portal-menu">
        <summary>{t('Menü')}</summary>
        <nav class="portal-nav" aria-label={t('Hauptnavigation')}>
          <NavLinks {...props} />
        </nav>
      </details>
      <nav class="portal-nav portal-nav-wide" aria-label={t('Hauptnavigation')}>
        <NavLinks {...props} />
      </nav>
    </>
  );
}
