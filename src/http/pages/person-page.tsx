import type { AuditRow } from './audit-page.js';
import type { GrantView } from '../../modules/grants/grant-repo.js';
import type { Person } from '../../modules/people/people-service.js';
import { useTranslator } from '../language.js';
import { AdminNav } from './admin-nav.js';
import type { ConsentRecord, PendingConsent } from '../../modules/consents/consent.js';
import { PersonConsents } from './consent-pages.js';
import { kindName } from './audit-page.js';
import { ConfirmFirstAction, LifecycleLine, STATE_NAMES } from './people-page.js';
import { ROLE_NAMES } from './portal-home-page.js';

interface InvitationLink {
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  linkOpenedAt: Date | null;
}

/** One person of the tenant: their Freischaltungen, customer numbers, invitations here and what happened recently. */
export function PersonPage(props: {
  role: 'staff_admin' | 'staff_user';
  ownIdentityId: string;
  person: Person;
  grants: GrantView[];
  invitations: InvitationLink[];
  events: AuditRow[];
  consents: { records: ConsentRecord[]; pending: PendingConsent[] };
}) {
  const t = useTranslator();
  const { person } = props;
  // A staff user leaves administrators to administrators; nobody deactivates themselves here.
  const mayDeactivate =
    person.identityId !== props.ownIdentityId &&
    person.state !== 'deactivated' &&
    !(props.role === 'staff_user' && person.roles.includes('staff_admin'));
  const customerNumbers = [...new Set(props.grants.flatMap((grant) => grant.customerNumbers))].sort();
  return (
    <section class="stack admin">
      <AdminNav current="people" role={props.role} />
      <p>
        <a href="/admin/people">{t('← Zurück zur Liste')}</a>
      </p>
      <h1>{person.name}</h1>
      <div class="card stack">
        <p>{`${person.email} · ${person.roles.map((role) => t(ROLE_NAMES[role])).join(', ')}`}</p>
        <p>{t(STATE_NAMES[person.state])}</p>
        {person.lifecycle === null ? null : <LifecycleLine lifecycle={person.lifecycle} />}
        <p>
          {t('Letzte Anmeldung')}: {person.lastLoginAt === null ? '–' : t.dateTime(person.lastLoginAt)}
        </p>
        {person.state === 'invited' || mayDeactivate ? (
          <div class="person-actions" id="person-actions">
            {person.state === 'invited' ? (
              <ConfirmFirstAction person={person} action="revoke" label="Einladung widerrufen…" />
            ) : null}
            {mayDeactivate ? <ConfirmFirstAction person={person} action="deactivate" label="Deaktivieren…" /> : null}
          </div>
        ) : null}
      </div>
      <div class="card stack">
        <h2>{t('Freischaltungen')}</h2>
        {props.grants.length === 0 ? (
          <p>{t('Keine Freischaltung.')}</p>
        ) : (
          <ul class="list" id="person-grants">
            {props.grants.map((grant) => (
              <li>
                <a href={`/admin/grants/${grant.id}`}>{grant.name}</a>
              </li>
            ))}
          </ul>
        )}
        <a href={`/admin/people/${person.identityId}/ansicht`}>{t('Ansicht als {name}', { name: person.name })}</a>
        <h2>{t('Kundennummern')}</h2>
        <p id="person-customers">{customerNumbers.length === 0 ? '–' : customerNumbers.join(', ')}</p>
      </div>
      <PersonConsents records={props.consents.records} pending={props.consents.pending} />
      <div class="card stack">
        <h2>{t('Einladungen')}</h2>
        {props.invitations.length === 0 ? (
          <p>{t('Keine Einladung von hier.')}</p>
        ) : (
          <ul class="list" id="person-invitations">
            {props.invitations.map((link) => (
              <li>
                {t('Gesendet am {time}', { time: t.dateTime(link.createdAt) })}
                {link.linkOpenedAt === null ? null : ` · ${t('Link geöffnet')} ${t.dateTime(link.linkOpenedAt)}`}
                {link.usedAt === null ? null : ` · ${t('Passwort gesetzt')} ${t.dateTime(link.usedAt)}`}
                {link.revokedAt === null ? null : ` · ${t('Einladung widerrufen')} ${t.dateTime(link.revokedAt)}`}
                {link.usedAt === null && link.revokedAt === null
                  ? ` · ${t('gültig bis {time}', { time: t.dateTime(link.expiresAt) })}`
                  : null}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div class="card stack">
        <h2>{t('Letzte Ereignisse')}</h2>
        {props.events.length === 0 ? (
          <p>{t('Keine Einträge.')}</p>
        ) : (
          <ul class="list" id="person-events">
            {props.events.map((event) => (
              <li>{`${t.dateTime(event.createdAt)} · ${kindName(t, event.kind)}`}</li>
            ))}
          </ul>
        )}
        <a href={`/admin/audit?person=${encodeURIComponent(person.canonicalEmail)}`}>{t('Im Protokoll ansehen')}</a>
      </div>
    </section>
  );
}
