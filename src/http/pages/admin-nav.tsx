import { message, type Message } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';

export type AdminSection =
  | 'customers'
  | 'claims'
  | 'messages'
  | 'people'
  | 'grants'
  | 'profiles'
  | 'settings'
  | 'audit'
  | 'import'
  | 'integrations';

const SECTIONS: Array<{ id: AdminSection; href: string; label: Message; adminOnly: boolean }> = [
  { id: 'customers', href: '/admin/customers', label: message('Kunden'), adminOnly: false },
  { id: 'claims', href: '/admin/schaeden', label: message('Schäden'), adminOnly: false },
  { id: 'messages', href: '/admin/nachrichten', label: message('Nachrichten'), adminOnly: false },
  { id: 'people', href: '/admin/people', label: message('Personen'), adminOnly: false },
  { id: 'grants', href: '/admin/grants', label: message('Freischaltungen'), adminOnly: false },
  { id: 'profiles', href: '/admin/profiles', label: message('Profile'), adminOnly: false },
  { id: 'import', href: '/admin/import', label: message('Import'), adminOnly: false },
  { id: 'audit', href: '/admin/audit', label: message('Protokoll'), adminOnly: false },
  { id: 'settings', href: '/admin/settings', label: message('Einstellungen'), adminOnly: true },
  { id: 'integrations', href: '/admin/integrations', label: message('Schnittstelle'), adminOnly: true },
];

/** The address of a section's first page (its list). */
export function adminSectionHref(section: AdminSection): string {
  return SECTIONS.find((entry) => entry.id === section)?.href ?? '/admin';
}

/** The workspace's sections; the current one is marked for screen readers, not by colour alone. */
export function AdminNav(props: { current: AdminSection; role: 'staff_admin' | 'staff_user' }) {
  const t = useTranslator();
  return (
    <nav class="admin-nav" aria-label={t('Verwaltung')}>
      <a href="/">{t('← Übersicht')}</a>
      {SECTIONS.filter((section) => !section.adminOnly || props.role === 'staff_admin').map((section) => (
        <a href={section.href} aria-current={section.id === props.current ? 'page' : undefined}>
          {t(section.label)}
        </a>
      ))}
    </nav>
  );
}
