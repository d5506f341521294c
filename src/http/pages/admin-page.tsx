import type { Child } from 'hono/jsx';
import type { Text } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import { AdminNav, adminSectionHref, type AdminSection } from './admin-nav.js';
import { Button, CsrfField, Notice } from './components.js';
import type { ConfirmActionPage } from './confirm-action-page.js';

/** Who works in the workspace: its administrators and the other staff. */
export type StaffRole = 'staff_admin' | 'staff_user';

/** What a workspace page tells of the step just done, if anything. */
export type AdminNotice = { kind: 'success' | 'error' | 'info'; text: Text } | null;

/** What a workspace page shows above its own content. */
export interface AdminPageHeading {
  /** The section the page belongs to, marked in the navigation. */
  current: AdminSection;
  role: StaffRole;
  title: string;
  /** The label of the way back to the section's list; none on the list itself. */
  back?: string;
  /** What the step just done came to; null or absent when there is nothing to tell. */
  notice?: AdminNotice;
}

/** A page of the workspace: the sections' navigation and the page's heading, then its own content. */
export function AdminPage(props: AdminPageHeading & { children?: Child }) {
  const t = useTranslator();
  return (
    <section class="stack admin">
      <AdminNav current={props.current} role={props.role} />
      {props.back === undefined ? null : (
        <p>
          <a href={adminSectionHref(props.current)}>{props.back}</a>
        </p>
      )}
      <h1>{props.title}</h1>
      {props.notice === undefined || props.notice === null ? null : (
        <Notice kind={props.notice.kind}>{t.text(props.notice.text)}</Notice>
      )}
      {props.children}
    </section>
  );
}

/**
 * A page that asks before deleting what `path` shows: what is lost (the children), the button that deletes (with the
 * CSRF token, to `path`/delete), and the way back to `path` that leaves everything as it is.
 */
export function DeletePage(
  props: Pick<Parameters<typeof ConfirmActionPage>[0], 'role' | 'csrfToken' | 'title' | 'confirmLabel'> & {
    current: AdminSection;
    path: string;
    children: Child;
  },
) {
  const t = useTranslator();
  return (
    <AdminPage current={props.current} role={props.role} title={props.title}>
      <div class="card stack">
        <p>{props.children}</p>
        <form method="post" action={`${props.path}/delete`} class="stack">
          <CsrfField token={props.csrfToken} />
          <Button>{props.confirmLabel}</Button>
        </form>
        <p>
          <a href={props.path}>{t('Abbrechen')}</a>
        </p>
      </div>
    </AdminPage>
  );
}
