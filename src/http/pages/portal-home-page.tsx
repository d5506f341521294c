import type { GrantView } from '../../modules/grants/grant-repo.js';
import type { MembershipRole } from '../../modules/memberships/membership.js';
import type { TenantContact } from '../../modules/tenants/tenant.js';
import { telephoneHref } from '../../modules/tenants/tenant-contact.js';
import { message, type Message } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import { Button, CsrfField } from './components.js';

export const ROLE_NAMES: Record<MembershipRole, Message> = {
  policyholder: message('Versicherungsnehmer'),
  intermediary: message('Vermittler'),
  staff_admin: message('Administration'),
  staff_user: message('Mitarbeitende'),
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

/** How to reach the broker: the contact card of the home page; parts left unset are left out. */
export function BrokerContactCard(props: { brokerName: string; contact: TenantContact }) {
  const t = useTranslator();
  const { contact } = props;
  const addressLines = contact.postalAddress === null ? [] : contact.postalAddress.split('\n');
  const hasAny = contact.phone !== null || contact.email !== null || addressLines.length > 0;
  return (
    <div class="card stack contact-card">
      <h2>{t('So erreichen Sie {broker}', { broker: props.brokerName })}</h2>
      {hasAny ? (
        <address class="stack">
          <p>
            <strong>{props.brokerName}</strong>
            {addressLines.map((line) => (
              <>
                <br />
                {line}
              </>
            ))}
          </p>
          {contact.phone === null && contact.email === null ? null : (
            <dl class="contact-list">
              {contact.phone === null ? null : (
                <>
                  <dt>{t('Telefon')}</dt>
                  <dd>
                    <a href={telephoneHref(contact.phone)}>{contact.phone}</a>
                  </dd>
                </>
              )}
              {contact.email === null ? null : (
                <>
                  <dt>{t('E-Mail')}</dt>
                  <dd>
                    <a href={`mailto:${contact.email}`}>{contact.email}</a>
                  </dd>
                </>
              )}
            </dl>
          )}
        </address>
      ) : (
        <p>{t('Bei Fragen wenden Sie sich bitte direkt an {broker}.', { broker: props.brokerName })}</p>
      )}
      {contact.officeHours === null ? null : (
        <p>
          <span class="muted">{t('Bürozeiten:')}</span> {contact.officeHours}
        </p>
      )}
    </div>
  );
}

export function PortalHome(props: {
  name: string;
  email: string;
  tenantName: string;
  contact: TenantContact;
  roles: MembershipRole[];
  grants: GrantView[];
  isDelegating: boolean;
}) {
  const t = useTranslator();
  const isStaff = props.roles.some((role) => role === 'staff_admin' || role === 'staff_user');
  return (
    <section class="stack portal-home">
      <div class="card stack">
        <h1>{t('Willkommen, {name}', { name: props.name })}</h1>
        <p>
          {t(
            'In diesem Portal stellt {broker} Ihnen bereit, was für Sie freigegeben ist. Hier verwalten Sie auch Ihren Zugang: Passwort, Anmeldeadresse und angemeldete Geräte.',
            { broker: props.tenantName },
          )}
        </p>
        {props.grants.length === 0 ? (
          <p class="muted">{t('Für Sie ist noch nichts freigegeben.')}</p>
        ) : (
          <>
            <p>{t('Für Sie freigegeben:')}</p>
            <ul class="list">
              {props.grants.map((grant) => (
                <li class="grant">
                  <strong>{grant.name}</strong>
                </li>
              ))}
            </ul>
          </>
        )}
        <p class="muted">{t('Sie sind angemeldet als {email}.', { email: props.email })}</p>
        <p>
          <a href="/profile">{t('Mein Zugang: Passwort ändern, angemeldete Geräte')}</a>
        </p>
        {isStaff ? (
          <p>
            <a href="/admin/people">{t('Verwaltung: Personen einladen und verwalten')}</a>
          </p>
        ) : null}
      </div>
      <BrokerContactCard brokerName={props.tenantName} contact={props.contact} />
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
