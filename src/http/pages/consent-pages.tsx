import type { ConsentDocumentView, ConsentRecord, PendingConsent } from '../../modules/consents/consent.js';
import type { TenantContact } from '../../modules/tenants/tenant.js';
import { useTranslator } from '../language.js';
import type { ShownError } from '../page-errors.js';
import { AdminNav } from './admin-nav.js';
import { Button, CsrfField, Notice } from './components.js';
import { formatSize } from './document-pages.js';
import { BrokerContactCard, LogoutButton } from './portal-home-page.js';

/**
 * The page after login that asks for the Erstinformation's receipt and the consents the broker requires: one unticked
 * box per document, each document viewable; declining is logging out, with whom to ask.
 */
export function ConsentPage(props: {
  csrfToken: string;
  brokerName: string;
  contact: TenantContact;
  pending: PendingConsent[];
  error: ShownError | null;
}) {
  const t = useTranslator();
  return (
    <section class="stack">
      <h1>{t('Bevor Sie das Kundenportal nutzen')}</h1>
      <p>
        {t('{broker} bittet Sie, die folgenden Dokumente anzusehen und zu bestätigen.', { broker: props.brokerName })}
      </p>
      {props.error === null ? null : (
        <Notice kind="error" code={props.error.code}>
          {t.text(props.error.text)}
        </Notice>
      )}
      <form method="post" action="/einwilligung" class="stack" id="consent-form">
        <CsrfField token={props.csrfToken} />
        {props.pending.map((item) => {
          const id = `bestaetigt-${item.versionId}`;
          return (
            <div class="card stack">
              <h2>{item.kind === 'information' ? t('Erstinformation') : item.title}</h2>
              {item.kind === 'information' ? (
                <p>
                  {t(
                    'Die Erstinformation nennt die Angaben, die {broker} Ihnen vor der ersten Beratung geben muss (§ 15 VersVermV).',
                    { broker: props.brokerName },
                  )}
                </p>
              ) : null}
              <p>
                <a href={`/einwilligung/${item.versionId}/ansehen`} target="_blank" rel="noopener">
                  {t('{title} ansehen (PDF, Version {version})', { title: item.title, version: String(item.version) })}
                </a>
              </p>
              <div class="check-field">
                <input type="checkbox" id={id} name="bestaetigt" value={item.versionId} />
                <label for={id}>
                  {item.kind === 'information'
                    ? t('Ich habe die Erstinformation erhalten.')
                    : t('Ich stimme dem Dokument „{title}“ zu.', { title: item.title })}
                </label>
              </div>
            </div>
          );
        })}
        <Button>{t('Bestätigen und weiter')}</Button>
      </form>
      <div class="card stack">
        <h2>{t('Sie möchten nicht zustimmen?')}</h2>
        <p>
          {t(
            '{broker} benötigt Ihre Bestätigung, um Ihnen das Kundenportal zur Verfügung zu stellen. Ohne sie können Sie sich nur abmelden. Bei Fragen wenden Sie sich bitte an {broker}.',
            { broker: props.brokerName },
          )}
        </p>
        <LogoutButton csrfToken={props.csrfToken} />
      </div>
      <BrokerContactCard brokerName={props.brokerName} contact={props.contact} />
    </section>
  );
}

/** The workspace's page of the Erstinformation and the consent documents: versions, uploads, the required mark. */
export function ConsentSettingsPage(props: {
  csrfToken: string;
  documents: ConsentDocumentView[];
  maxMegabytes: number;
  notice: string | null;
  /** A refused form: which one (the document's id, 'information' or 'new') and why. */
  error: { form: string; error: ShownError } | null;
  title: string;
}) {
  const t = useTranslator();
  const information = props.documents.find((document) => document.kind === 'information') ?? null;
  const others = props.documents.filter((document) => document.kind === 'consent');
  const errorFor = (form: string) =>
    props.error?.form === form ? (
      <Notice kind="error" code={props.error.error.code}>
        {t.text(props.error.error.text)}
      </Notice>
    ) : null;
  return (
    <section class="stack admin">
      <AdminNav current="settings" role="staff_admin" />
      <p>
        <a href="/admin/settings">{t('← Zurück zu den Einstellungen')}</a>
      </p>
      <h1>{t('Erstinformation und Zustimmungen')}</h1>
      {props.notice === null ? null : <Notice kind="success">{props.notice}</Notice>}
      <div class="card stack" id="consent-information">
        <h2>{t('Erstinformation')}</h2>
        <p>
          {t(
            'Jede Person mit Zugang (Versicherungsnehmer und Vermittler) sieht die Erstinformation bei ihrer nächsten Anmeldung und bestätigt den Erhalt. Eine neue Version wird erneut bestätigt.',
          )}
        </p>
        {information === null ? (
          <p>{t('Noch keine Erstinformation hochgeladen.')}</p>
        ) : (
          <Versions document={information} />
        )}
        {errorFor('information')}
        <UploadForm
          action="/admin/settings/erstinformation"
          csrfToken={props.csrfToken}
          id="upload-information"
          maxMegabytes={props.maxMegabytes}
        />
      </div>
      <div class="card stack" id="consent-documents">
        <h2>{t('Weitere Dokumente zur Zustimmung')}</h2>
        <p>
          {t(
            'Zum Beispiel Maklervertrag oder Maklervollmacht. Ist „Zustimmung erforderlich“ gewählt, stimmt jede Person bei ihrer nächsten Anmeldung der aktuellen Version zu.',
          )}
        </p>
        {others.map((document) => (
          <div class="stack consent-document">
            <h3>{document.title}</h3>
            <Versions document={document} />
            <form method="post" action={`/admin/settings/erstinformation/dokumente/${document.id}/zustimmung`}>
              <CsrfField token={props.csrfToken} />
              <div class="check-field">
                <input
                  type="checkbox"
                  id={`erforderlich-${document.id}`}
                  name="erforderlich"
                  value="on"
                  checked={document.isConsentRequired}
                />
                <label for={`erforderlich-${document.id}`}>{t('Zustimmung erforderlich')}</label>
              </div>
              <Button kind="secondary">{t('Speichern')}</Button>
            </form>
            {errorFor(document.id)}
            <UploadForm
              action={`/admin/settings/erstinformation/dokumente/${document.id}`}
              csrfToken={props.csrfToken}
              id={`upload-${document.id}`}
              maxMegabytes={props.maxMegabytes}
            />
          </div>
        ))}
        <form method="post" action="/admin/settings/erstinformation/dokumente" class="stack">
          <CsrfField token={props.csrfToken} />
          <div class="field">
            <label for="field-titel">{t('Name des Dokuments')}</label>
            <input id="field-titel" name="titel" type="text" maxlength={120} required value={props.title} />
          </div>
          {errorFor('new')}
          <Button kind="secondary">{t('Dokument anlegen')}</Button>
        </form>
      </div>
    </section>
  );
}

function Versions(props: { document: ConsentDocumentView }) {
  const t = useTranslator();
  if (props.document.versions.length === 0) return <p>{t('Noch keine Version hochgeladen.')}</p>;
  return (
    <ul class="list">
      {props.document.versions.map((version) => (
        <li>
          <a href={`/admin/settings/erstinformation/versionen/${version.id}`} target="_blank" rel="noopener">
            {t('Version {version}', { version: String(version.version) })}
          </a>
          {` · ${version.fileName} · ${formatSize(version.size, t.language)} · `}
          {t('hochgeladen am {time}', { time: t.dateTime(version.uploadedAt) })}
          {version.id === props.document.current?.id ? ` · ${t('aktuell')}` : null}
        </li>
      ))}
    </ul>
  );
}

function UploadForm(props: { action: string; csrfToken: string; id: string; maxMegabytes: number }) {
  const t = useTranslator();
  return (
    <form method="post" action={props.action} enctype="multipart/form-data" class="stack">
      <CsrfField token={props.csrfToken} />
      <div class="field">
        <label for={props.id}>{t('Neue Version (PDF, höchstens {max} MB)', { max: props.maxMegabytes })}</label>
        <input id={props.id} name="datei" type="file" accept="application/pdf,.pdf" required />
      </div>
      <Button kind="secondary">{t('Hochladen')}</Button>
    </form>
  );
}

/** On a person's page in the workspace: what they acknowledged or consented to, and what is still open. */
export function PersonConsents(props: { records: ConsentRecord[]; pending: PendingConsent[] }) {
  const t = useTranslator();
  if (props.records.length === 0 && props.pending.length === 0) return null;
  return (
    <div class="card stack">
      <h2>{t('Erstinformation und Zustimmungen')}</h2>
      <ul class="list" id="person-consents">
        {props.pending.map((item) => (
          <li>
            {item.kind === 'information'
              ? t('Erstinformation noch nicht bestätigt (Version {version})', { version: String(item.version) })
              : t('{title}: noch nicht zugestimmt (Version {version})', {
                  title: item.title,
                  version: String(item.version),
                })}
          </li>
        ))}
        {props.records.map((record) => (
          <li>
            {record.documentKind === 'information'
              ? t('Erstinformation bestätigt am {time}, Version {version}', {
                  time: t.dateTime(record.givenAt),
                  version: String(record.version),
                })
              : t('{title}: zugestimmt am {time}, Version {version}', {
                  title: record.title,
                  time: t.dateTime(record.givenAt),
                  version: String(record.version),
                })}
          </li>
        ))}
      </ul>
    </div>
  );
}
