import type { ApiKeySummary } from '../../modules/api-keys/api-key-service.js';
import type { DeliveryView, WebhookView } from '../../modules/webhooks/webhook-service.js';
import { WEBHOOK_EVENTS } from '../../modules/webhooks/webhook.js';
import { AdminNav } from './admin-nav.js';
import { message, type Message, type Text } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import { Button, CsrfField, Field, FieldError, Notice, ScrollRegion } from './components.js';
import type { PageError, ShownError } from '../page-errors.js';

type NoticeValue = { kind: 'success' | 'error' | 'info'; text: Text } | null;

const EVENT_NAMES: Record<string, Message> = {
  'invitation.sent': message('Einladung zugestellt'),
  'invitation.delivery_failed': message('Einladung nicht zustellbar'),
  'invitation.accepted': message('Einladung angenommen (Passwort gesetzt oder erste Anmeldung)'),
  'person.email_confirmed': message('E-Mail-Adresse bestätigt'),
  'grant.changed': message('Freischaltung geändert'),
  'document.uploaded': message('Dokument vom Kunden gesendet (mit Download-Link)'),
  'claim.submitted': message('Schaden im Portal gemeldet (mit allen Angaben)'),
  'case.message.created': message('Nachricht eines Kunden im Portal geschrieben'),
};

function EventName(props: { event: string }) {
  const t = useTranslator();
  const name = EVENT_NAMES[props.event];
  return <>{name === undefined ? props.event : t(name)}</>;
}

/** A secret shown exactly once, right after it was made; it cannot be shown again. */
function OneTimeSecret(props: { title: string; secret: string }) {
  const t = useTranslator();
  return (
    <Notice kind="success" title={props.title}>
      <p>
        {t(
          'Kopieren Sie den Wert jetzt. Er wird nur dieses eine Mal angezeigt und ist bei Portico nicht wieder abrufbar.',
        )}
      </p>
      <p>
        <code class="secret" data-secret="">
          {props.secret}
        </code>
      </p>
    </Notice>
  );
}

export function IntegrationsPage(props: {
  csrfToken: string;
  keys: ApiKeySummary[];
  webhooks: WebhookView[];
  newKey: string | null;
  newSecret: string | null;
  keyForm: { name: string; error: ShownError | null };
  /** A refusal of the events (none chosen) shows at their list, any other at the address. */
  webhookForm: { url: string; events: string[]; error: PageError | null };
  notice: NoticeValue;
}) {
  const t = useTranslator();
  const webhookError = props.webhookForm.error;
  const eventsError = webhookError?.field === 'events' ? webhookError : null;
  const urlError = webhookError?.field === 'events' ? null : webhookError;
  const when = (date: Date | null) => (date === null ? '–' : t.dateTime(date, { date: 'medium', time: 'medium' }));
  return (
    <section class="stack admin">
      <AdminNav current="integrations" role="staff_admin" />
      <h1>{t('Verwaltung: Schnittstelle')}</h1>
      <p>
        {t.rich(
          'Ihr Maklerverwaltungsprogramm (CRM) schaltet Zugänge über die API frei. Die Beschreibung steht unter {link}.',
          { link: <a href="/api/docs">/api/docs</a> },
        )}
      </p>
      {props.notice === null ? null : <Notice kind={props.notice.kind}>{t.text(props.notice.text)}</Notice>}
      {props.newKey === null ? null : <OneTimeSecret title={t('Der neue API-Schlüssel')} secret={props.newKey} />}
      {props.newSecret === null ? null : (
        <OneTimeSecret title={t('Das Geheimnis des Webhooks (zum Prüfen der Signatur)')} secret={props.newSecret} />
      )}
      <div class="card stack">
        <h2>{t('API-Schlüssel')}</h2>
        {props.keys.length === 0 ? <p>{t('Noch keine Schlüssel.')}</p> : null}
        <ul class="list">
          {props.keys.map((key) => (
            <li>
              <strong>{key.name}</strong> <span class="muted">{`${key.keyPrefix}…`}</span>
              <p class="muted">
                {key.revokedAt === null
                  ? t('Angelegt {created} · zuletzt benutzt {used}', {
                      created: when(key.createdAt),
                      used: when(key.lastUsedAt),
                    })
                  : t('Angelegt {created} · zuletzt benutzt {used} · widerrufen {revoked}', {
                      created: when(key.createdAt),
                      used: when(key.lastUsedAt),
                      revoked: when(key.revokedAt),
                    })}
              </p>
              {key.revokedAt === null ? (
                <a
                  href={`/admin/integrations/keys/${key.id}/revoke`}
                  class="button-secondary"
                  aria-label={t('Schlüssel {name} widerrufen', { name: key.name })}
                >
                  {t('Widerrufen…')}
                </a>
              ) : null}
            </li>
          ))}
        </ul>
        <form method="post" action="/admin/integrations/keys" class="stack">
          <CsrfField token={props.csrfToken} />
          <Field
            label={t('Bezeichnung des neuen Schlüssels')}
            name="name"
            type="text"
            autocomplete="off"
            value={props.keyForm.name}
            hint={t('Zum Beispiel der Name Ihres CRM.')}
            error={props.keyForm.error === null ? undefined : t.text(props.keyForm.error.text)}
            errorCode={props.keyForm.error?.code}
            required
          />
          <Button>{t('Schlüssel anlegen')}</Button>
        </form>
      </div>
      <div class="card stack">
        <h2>{t('Webhooks')}</h2>
        <p class="hint">
          {t(
            'Portico meldet Ereignisse an diese Adressen, signiert mit HMAC-SHA256 (Kopfzeile Portico-Signature), und versucht es bei Fehlern mehrmals erneut.',
          )}
        </p>
        {props.webhooks.length === 0 ? <p>{t('Noch keine Webhooks.')}</p> : null}
        <ul class="list">
          {props.webhooks.map((hook) => (
            <li>
              <a href={`/admin/integrations/webhooks/${hook.id}`}>{hook.url}</a>
              <p class="muted">
                {hook.events
                  .map((event) => (EVENT_NAMES[event] === undefined ? event : t(EVENT_NAMES[event])))
                  .join(' · ')}
              </p>
              <a
                href={`/admin/integrations/webhooks/${hook.id}/delete`}
                class="button-secondary"
                aria-label={t('Webhook {url} löschen', { url: hook.url })}
              >
                {t('Löschen…')}
              </a>
            </li>
          ))}
        </ul>
        <form method="post" action="/admin/integrations/webhooks" class="stack">
          <CsrfField token={props.csrfToken} />
          <Field
            label={t('Adresse (URL) des Empfängers')}
            name="url"
            type="url"
            autocomplete="off"
            value={props.webhookForm.url}
            error={urlError === null ? undefined : t.text(urlError.text)}
            errorCode={urlError?.code}
            required
          />
          <fieldset class="stack">
            <legend>{t('Ereignisse')}</legend>
            {eventsError === null ? null : (
              <FieldError id="field-events-error" code={eventsError.code}>
                {t.text(eventsError.text)}
              </FieldError>
            )}
            {WEBHOOK_EVENTS.map((event) => (
              <div class="check-field">
                <input
                  type="checkbox"
                  id={`event-${event}`}
                  name="events"
                  value={event}
                  checked={props.webhookForm.events.includes(event)}
                />
                <label for={`event-${event}`}>
                  <EventName event={event} />
                </label>
              </div>
            ))}
          </fieldset>
          <Button>{t('Webhook anlegen')}</Button>
        </form>
      </div>
    </section>
  );
}

export function WebhookDeliveriesPage(props: { webhook: WebhookView; deliveries: DeliveryView[] }) {
  const t = useTranslator();
  const when = (date: Date) => t.dateTime(date, { date: 'medium', time: 'medium' });
  return (
    <section class="stack admin">
      <AdminNav current="integrations" role="staff_admin" />
      <p>
        <a href="/admin/integrations">{t('← Schnittstelle')}</a>
      </p>
      <h1>{t('Zustellungen an {url}', { url: props.webhook.url })}</h1>
      {props.deliveries.length === 0 ? (
        <p>{t('Noch keine Zustellungen.')}</p>
      ) : (
        <ScrollRegion label={t('Zustellungen mit jedem Versuch')}>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('Ereignis')}</th>
                <th scope="col">{t('Status')}</th>
                <th scope="col">{t('Versuche')}</th>
              </tr>
            </thead>
            <tbody>
              {props.deliveries.map((delivery) => (
                <tr>
                  <td>
                    <EventName event={delivery.eventType} />
                    <br />
                    <span class="muted">{when(delivery.createdAt)}</span>
                  </td>
                  <td>
                    {delivery.status === 'delivered'
                      ? t('zugestellt')
                      : delivery.status === 'abandoned'
                        ? t('aufgegeben')
                        : t('wartet auf Zustellung')}
                  </td>
                  <td>
                    {delivery.attempts.length === 0
                      ? '–'
                      : delivery.attempts.map((attempt) => (
                          <p>
                            {attempt.statusCode === null
                              ? t('{attempt}. {time}: keine Antwort ({error}), {duration} ms', {
                                  attempt: String(attempt.attempt),
                                  time: when(attempt.attemptedAt),
                                  error: attempt.error ?? t('unbekannter Fehler'),
                                  duration: String(attempt.durationMilliseconds),
                                })
                              : t('{attempt}. {time}: HTTP {status}, {duration} ms', {
                                  attempt: String(attempt.attempt),
                                  time: when(attempt.attemptedAt),
                                  status: String(attempt.statusCode),
                                  duration: String(attempt.durationMilliseconds),
                                })}
                          </p>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
