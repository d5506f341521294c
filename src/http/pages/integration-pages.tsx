import type { ApiKeySummary } from '../../modules/api-keys/api-key-service.js';
import type { DeliveryView, WebhookView } from '../../modules/webhooks/webhook-service.js';
import { WEBHOOK_EVENTS } from '../../modules/webhooks/webhook.js';
import { AdminNav } from './admin-nav.js';
import { AUDIT_TIME } from './audit-page.js';
import { Button, CsrfField, Field, Notice, ScrollRegion } from './components.js';

type NoticeValue = { kind: 'success' | 'error' | 'info'; text: string } | null;

const EVENT_NAMES: Record<string, string> = {
  'invitation.sent': 'Einladung zugestellt',
  'invitation.delivery_failed': 'Einladung nicht zustellbar',
  'invitation.accepted': 'Einladung angenommen (Passwort gesetzt)',
  'person.email_confirmed': 'E-Mail-Adresse bestätigt',
  'grant.changed': 'Freischaltung geändert',
};

/** A secret shown exactly once, right after it was made; it cannot be shown again. */
function OneTimeSecret(props: { title: string; secret: string }) {
  return (
    <Notice kind="success" title={props.title}>
      <p>Kopieren Sie den Wert jetzt. Er wird nur dieses eine Mal angezeigt und ist bei Portico nicht wieder abrufbar.</p>
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
  keyForm: { name: string; error: string | null };
  webhookForm: { url: string; events: string[]; error: string | null };
  notice: NoticeValue;
}) {
  const when = (date: Date | null) => (date === null ? '–' : AUDIT_TIME.format(date));
  return (
    <section class="stack admin">
      <AdminNav current="integrations" role="staff_admin" />
      <h1>Verwaltung: Schnittstelle</h1>
      <p>
        Ihr Maklerverwaltungsprogramm (CRM) schaltet Zugänge über die API frei. Die Beschreibung steht unter <a href="/api/docs">/api/docs</a>.
      </p>
      {props.notice === null ? null : <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      {props.newKey === null ? null : <OneTimeSecret title="Der neue API-Schlüssel" secret={props.newKey} />}
      {props.newSecret === null ? null : <OneTimeSecret title="Das Geheimnis des Webhooks (zum Prüfen der Signatur)" secret={props.newSecret} />}
      <div class="card stack">
        <h2>API-Schlüssel</h2>
        {props.keys.length === 0 ? <p>Noch keine Schlüssel.</p> : null}
        <ul class="list">
          {props.keys.map((key) => (
            <li>
              <strong>{key.name}</strong> <span class="muted">{`${key.keyPrefix}…`}</span>
              <p class="muted">{`Angelegt ${when(key.createdAt)} · zuletzt benutzt ${when(key.lastUsedAt)}${key.revokedAt === null ? '' : ` · widerrufen ${when(key.revokedAt)}`}`}</p>
              {key.revokedAt === null ? (
                <form method="post" action={`/admin/integrations/keys/${key.id}/revoke`} class="inline-form">
                  <CsrfField token={props.csrfToken} />
                  <button type="submit" class="button-secondary" aria-label={`Schlüssel ${key.name} widerrufen`}>
                    Widerrufen
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
        <form method="post" action="/admin/integrations/keys" class="stack">
          <CsrfField token={props.csrfToken} />
          <Field label="Bezeichnung des neuen Schlüssels" name="name" type="text" autocomplete="off" value={props.keyForm.name} hint="Zum Beispiel der Name Ihres CRM." error={props.keyForm.error ?? undefined} required />
          <Button>Schlüssel anlegen</Button>
        </form>
      </div>
      <div class="card stack">
        <h2>Webhooks</h2>
        <p class="hint">Portico meldet Ereignisse an diese Adressen, signiert mit HMAC-SHA256 (Kopfzeile Portico-Signature), und versucht es bei Fehlern mehrmals erneut.</p>
        {props.webhooks.length === 0 ? <p>Noch keine Webhooks.</p> : null}
        <ul class="list">
          {props.webhooks.map((hook) => (
            <li>
              <a href={`/admin/integrations/webhooks/${hook.id}`}>{hook.url}</a>
              <p class="muted">{hook.events.map((event) => EVENT_NAMES[event] ?? event).join(' · ')}</p>
              <form method="post" action={`/admin/integrations/webhooks/${hook.id}/delete`} class="inline-form">
                <CsrfField token={props.csrfToken} />
                <button type="submit" class="button-secondary" aria-label={`Webhook ${hook.url} löschen`}>
                  Löschen
                </button>
              </form>
            </li>
          ))}
        </ul>
        <form method="post" action="/admin/integrations/webhooks" class="stack">
          <CsrfField token={props.csrfToken} />
          <Field label="Adresse (URL) des Empfängers" name="url" type="url" autocomplete="off" value={props.webhookForm.url} error={props.webhookForm.error ?? undefined} required />
          <fieldset class="stack">
            <legend>Ereignisse</legend>
            {WEBHOOK_EVENTS.map((event) => (
              <div class="check-field">
                <input type="checkbox" id={`event-${event}`} name="events" value={event} checked={props.webhookForm.events.includes(event)} />
                <label for={`event-${event}`}>{EVENT_NAMES[event]}</label>
              </div>
            ))}
          </fieldset>
          <Button>Webhook anlegen</Button>
        </form>
      </div>
    </section>
  );
}

export function WebhookDeliveriesPage(props: { webhook: WebhookView; deliveries: DeliveryView[] }) {
  return (
    <section class="stack admin">
      <AdminNav current="integrations" role="staff_admin" />
      <p>
        <a href="/admin/integrations">← Schnittstelle</a>
      </p>
      <h1>Zustellungen an {props.webhook.url}</h1>
      {props.deliveries.length === 0 ? (
        <p>Noch keine Zustellungen.</p>
      ) : (
        <ScrollRegion label="Zustellungen mit jedem Versuch">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Ereignis</th>
                <th scope="col">Status</th>
                <th scope="col">Versuche</th>
              </tr>
            </thead>
            <tbody>
              {props.deliveries.map((delivery) => (
                <tr>
                  <td>
                    {EVENT_NAMES[delivery.eventType] ?? delivery.eventType}
                    <br />
                    <span class="muted">{AUDIT_TIME.format(delivery.createdAt)}</span>
                  </td>
                  <td>{delivery.status === 'delivered' ? 'zugestellt' : delivery.status === 'abandoned' ? 'aufgegeben' : 'wartet auf Zustellung'}</td>
                  <td>
                    {delivery.attempts.length === 0
                      ? '–'
                      : delivery.attempts.map((attempt) => (
                          <p>{`${attempt.attempt}. ${AUDIT_TIME.format(attempt.attemptedAt)}: ${attempt.statusCode === null ? `keine Antwort (${attempt.error ?? 'Fehler'})` : `HTTP ${attempt.statusCode}`}, ${attempt.durationMilliseconds} ms`}</p>
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
