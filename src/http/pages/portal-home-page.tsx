import type { GrantView } from '../../modules/grants/grant-repo.js';
import type { MembershipRole } from '../../modules/memberships/membership.js';
import { message, type Message } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import { Button, CsrfField } from './components.js';

export const ROLE_NAMES: Record<MembershipRole, Message> = {
  policyholder: message('Versicherungsnehmer'),
  intermediary: message('Vermittler'),
  staff_admin: message('Administration'),
  staff_user: message('Mitarbeiter'),
};

export function LogoutButton(props: { csrfToken: string }) {
  const t = useTranslator();
  return (
    <form method="post" action="/logout" class="inline-form">
      <CsrfField token={props.csrfToken} />
      <Button kind="secondary">{t('Abmelden')}</Button>
    </form>
  );
}

export function PortalHome(props: {
  name: string;
  email: string;
  tenantName: string;
  roles: MembershipRole[];
  grants: GrantView[];
  isDelegating: boolean;
}) {
  const t = useTranslator();
  return (
    <section class="stack">
      <div class="card stack">
        <h1>{t('Willkommen, {name}', { name: props.name })}</h1>
        <p>
          {t('Sie sind im Kundenportal von {broker} angemeldet als {email}.', {
            broker: props.tenantName,
            email: props.email,
          })}
        </p>
        <p class="muted">
          {t('Ihre Rolle: {roles}', { roles: props.roles.map((role) => t(ROLE_NAMES[role])).join(', ') })}
        </p>
        <p>
          <a href="/profile">{t('Mein Zugang: Passwort ändern, angemeldete Geräte')}</a>
        </p>
        {props.roles.some((role) => role === 'staff_admin' || role === 'staff_user') ? (
          <p>
            <a href="/admin/people">{t('Verwaltung: Personen einladen und verwalten')}</a>
          </p>
        ) : null}
      </div>
      <div class="card stack">
        <h2>{t('Ihre Freischaltungen')}</h2>
        {props.grants.length === 0 ? (
          <p class="muted">{t('Für Sie sind noch keine Verträge oder Kunden freigeschaltet.')}</p>
        ) : (
          <ul class="list">
            {props.grants.map((grant) => (
              <li class="grant">
                <strong>{grant.name}</strong>
                <span class="muted">
                  {' · '}
                  {grant.kind === 'intermediary' ? t('Vermittlerzugang') : t('Kundenzugang')}
                </span>
                {grant.customerNumbers.length > 0 ? (
                  <p>{t('Kundennummern: {numbers}', { numbers: grant.customerNumbers.join(', ') })}</p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
      {props.isDelegating ? (
        <div class="card stack">
          <h2>{t('Kolleginnen und Kollegen')}</h2>
          <p>
            {t(
              'Sie dürfen Kolleginnen und Kollegen in eigene Freischaltungen einladen und deren Zugänge wieder entfernen.',
            )}
          </p>
          <p>
            <a href="/colleagues">{t('Kolleginnen und Kollegen einladen und verwalten')}</a>
          </p>
        </div>
      ) : null}
    </section>
  );
}
