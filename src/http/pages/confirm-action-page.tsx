import type { Child } from 'hono/jsx';
import { useTranslator } from '../language.js';
import { AdminNav } from './admin-nav.js';
import { Button, CsrfField } from './components.js';

/**
 * Asks before a destructive action: names who or what is affected and what stops working; the
 * button sends the action itself (with the CSRF token), the other way leads back unchanged.
 */
export function ConfirmActionPage(props: {
  role: 'staff_admin' | 'staff_user';
  current: 'people' | 'integrations' | 'customers' | 'settings';
  csrfToken: string;
  title: string;
  /** Who or what is affected, e.g. the person's name and address. */
  subject: Child;
  consequence: string;
  action: string;
  confirmLabel: string;
  cancelHref: string;
}) {
  const t = useTranslator();
  return (
    <section class="stack admin">
      <AdminNav current={props.current} role={props.role} />
      <h1>{props.title}</h1>
      <div class="card stack" id="confirm-action">
        <p class="confirm-subject">{props.subject}</p>
        <p>{props.consequence}</p>
        <form method="post" action={props.action} class="stack">
          <CsrfField token={props.csrfToken} />
          <div class="person-actions">
            <Button>{props.confirmLabel}</Button>
            <a href={props.cancelHref}>{t('Abbrechen')}</a>
          </div>
        </form>
      </div>
    </section>
  );
}
