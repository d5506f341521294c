export type AdminSection = 'people' | 'grants' | 'profiles' | 'settings' | 'audit' | 'import' | 'integrations';

const SECTIONS: Array<{ id: AdminSection; href: string; label: string; adminOnly: boolean }> = [
  { id: 'people', href: '/admin/people', label: 'Personen', adminOnly: false },
  { id: 'grants', href: '/admin/grants', label: 'Freischaltungen', adminOnly: false },
  { id: 'profiles', href: '/admin/profiles', label: 'Profile', adminOnly: false },
  { id: 'import', href: '/admin/import', label: 'Import', adminOnly: false },
  { id: 'audit', href: '/admin/audit', label: 'Protokoll', adminOnly: false },
  { id: 'settings', href: '/admin/settings', label: 'Einstellungen', adminOnly: true },
  { id: 'integrations', href: '/admin/integrations', label: 'Schnittstelle', adminOnly: true },
];

/** The workspace's sections; the current one is marked for screen readers, not by colour alone. */
export function AdminNav(props: { current: AdminSection; role: 'staff_admin' | 'staff_user' }) {
  return (
    <nav class="admin-nav" aria-label="Verwaltung">
      <a href="/">← Übersicht</a>
      {SECTIONS.filter((section) => !section.adminOnly || props.role === 'staff_admin').map((section) => (
        <a href={section.href} aria-current={section.id === props.current ? 'page' : undefined}>
          {section.label}
        </a>
      ))}
    </nav>
  );
}
