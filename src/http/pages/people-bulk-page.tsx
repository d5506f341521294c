import type { BulkAction, BulkPlan } from '../../modules/people/people-bulk.js';
import { message, type Message } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import { AdminNav } from './admin-nav.js';
import { Button, CsrfField, Notice } from './components.js';
import { STATE_NAMES } from './people-page.js';

const TITLES: Record<BulkAction, Message> = {
  resend: message('Einladung erneut senden: Bitte bestätigen'),
  deactivate: message('Deaktivieren: Bitte bestätigen'),
};

const CONFIRM_LABELS: Record<BulkAction, Message> = {
  resend: message('Einladungen jetzt senden'),
  deactivate: message('Jetzt deaktivieren'),
};

const PASSED_OVER_TEXTS: Record<BulkAction, Message> = {
  resend: message('Nicht betroffen, weil keine Einladung offen ist:'),
  deactivate: message('Nicht betroffen, weil bereits deaktiviert oder Ihr eigener Zugang:'),
};

/** Names everybody the action would reach before anything happens; the confirmation carries the same choice again. */
export function PeopleBulkPage(props: {
  role: 'staff_admin' | 'staff_user';
  csrfToken: string;
  action: BulkAction;
  plan: BulkPlan;
}) {
  const t = useTranslator();
  const { affected, passedOver } = props.plan;
  return (
    <section class="stack admin">
      <AdminNav current="people" role={props.role} />
      <h1>{t(TITLES[props.action])}</h1>
      {affected.length === 0 ? (
        <Notice kind="info">{t('Für keine der ausgewählten Personen ist diese Aktion möglich.')}</Notice>
      ) : (
        <div class="card stack">
          <h2>
            {affected.length === 1
              ? t('Betroffen ist 1 Person:')
              : t('Betroffen sind {count} Personen:', { count: affected.length })}
          </h2>
          <ul class="list" id="bulk-affected">
            {affected.map((person) => (
              <li data-person={person.email}>
                <strong>{person.name}</strong>{' '}
                <span class="muted">{`${person.email} · ${t(STATE_NAMES[person.state])}`}</span>
              </li>
            ))}
          </ul>
          {props.action === 'deactivate' ? (
            <p>{t('Deaktivierte Personen werden sofort abgemeldet und können sich hier nicht mehr anmelden.')}</p>
          ) : (
            <p>{t('Jede Person erhält eine neue Einladung; ihr bisheriger Link gilt dann nicht mehr.')}</p>
          )}
          <form method="post" action="/admin/people/bulk/confirm" class="stack">
            <CsrfField token={props.csrfToken} />
            <input type="hidden" name="action" value={props.action} />
            {affected.map((person) => (
              <input type="hidden" name="person" value={person.identityId} />
            ))}
            <div class="person-actions">
              <Button>{t(CONFIRM_LABELS[props.action])}</Button>
              <a href="/admin/people">{t('Abbrechen')}</a>
            </div>
          </form>
        </div>
      )}
      {passedOver.length === 0 ? null : (
        <div class="card stack">
          <p>{t(PASSED_OVER_TEXTS[props.action])}</p>
          <ul class="list" id="bulk-passed-over">
            {passedOver.map((person) => (
              <li data-person={person.email}>{`${person.name} (${person.email})`}</li>
            ))}
          </ul>
        </div>
      )}
      {affected.length === 0 ? <a href="/admin/people">{t('← Zurück zur Liste')}</a> : null}
    </section>
  );
}
