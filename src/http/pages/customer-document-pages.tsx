import { isViewable } from '../download-response.js';
import type { StaffDocumentView } from '../../modules/documents/document-service.js';
import type { ShownError } from '../page-errors.js';
import { useTranslator } from '../language.js';
import { Button, CsrfField, Notice } from './components.js';
import { ContractChoice, FileField } from './upload-fields.js';

const UPLOADED_AT = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  dateStyle: 'medium',
  timeStyle: 'short',
});

export interface StaffUploadFormState {
  csrfToken: string;
  /** The submission's limits: at most this many files, together at most `maxMegabytes`. */
  maxMegabytes: number;
  maxFiles: number;
  contracts: { id: string; name: string }[];
  /** A refusal of the last attempt; a missing file or title has no code. */
  error: (Omit<ShownError, 'code'> & Partial<Pick<ShownError, 'code'>>) | null;
  /** How many documents the last submission stored (0: none sent). */
  sentCount: number;
  values: { title: string; keywords: string; contractId: string };
}

/**
 * The customer's documents on their page in the workspace: all directions, newest first, a page at a time, each with
 * "Löschen" (which asks first), and the upload form.
 */
export function CustomerDocuments(props: {
  customerId: string;
  documents: StaffDocumentView[];
  /** The cursor of this page ('' for the newest) and of the next, older one (null on the last). */
  cursor: string;
  nextCursor: string | null;
  isDeleted: boolean;
  form: StaffUploadFormState;
}) {
  const t = useTranslator();
  const { form } = props;
  const base = `/admin/customers/${props.customerId}/dokumente`;
  return (
    <div class="card stack" id="dokumente">
      <h2>{t('Dokumente')}</h2>
      {props.isDeleted ? <Notice kind="success">{t('Das Dokument wurde gelöscht.')}</Notice> : null}
      {props.documents.length === 0 ? (
        <p>{t('Keine Dokumente.')}</p>
      ) : (
        <ul class="document-list stack">
          {props.documents.map((document) => (
            <li class="document-entry" data-document={document.id}>
              <p class="document-title">
                <a href={`${base}/${document.id}/datei`} download>
                  {document.title}
                </a>
              </p>
              <p class="muted">
                {document.direction === 'from_customer' ? t('vom Kunden') : t('vom Makler')} ·{' '}
                {UPLOADED_AT.format(document.createdAt)} ·{' '}
                {document.uploadedBy.kind === 'person'
                  ? (document.uploadedBy.name ?? document.uploadedBy.email ?? t('unbekannte Person'))
                  : document.uploadedBy.kind === 'api'
                    ? t('Schnittstelle ({name})', { name: document.uploadedBy.name ?? '–' })
                    : 'Portico'}
              </p>
              {document.comment === null ? null : <p class="muted">{document.comment}</p>}
              {document.keywords.length === 0 ? null : <p class="muted">{document.keywords.join(', ')}</p>}
              <p class="person-actions">
                {isViewable(document) ? (
                  <a href={`${base}/${document.id}/ansehen`} target="_blank" rel="noopener">
                    {t('Ansehen')}
                    <span class="visually-hidden">: {document.title}</span>
                  </a>
                ) : null}
                <a href={`${base}/${document.id}/loeschen`}>{t('Löschen')}</a>
              </p>
            </li>
          ))}
        </ul>
      )}
      {props.nextCursor === null && props.cursor === '' ? null : (
        <nav class="pager" aria-label={t('Seiten der Dokumente')}>
          {props.cursor === '' ? null : (
            <a href={`/admin/customers/${props.customerId}#dokumente`}>{t('Neueste Dokumente')}</a>
          )}{' '}
          {props.nextCursor === null ? null : (
            <a href={`/admin/customers/${props.customerId}?dokumente-nach=${props.nextCursor}#dokumente`}>
              {t('Ältere Dokumente')}
            </a>
          )}
        </nav>
      )}
      <h3>{t('Dokumente hochladen')}</h3>
      {form.sentCount === 1 ? <Notice kind="success">{t('Das Dokument wurde gespeichert.')}</Notice> : null}
      {form.sentCount > 1 ? (
        <Notice kind="success">{t('{count} Dokumente wurden gespeichert.', { count: form.sentCount })}</Notice>
      ) : null}
      {form.error === null ? null : (
        <Notice kind="error" code={form.error.code}>
          {t.text(form.error.text)}
        </Notice>
      )}
      <form method="post" action={base} enctype="multipart/form-data" class="stack">
        <CsrfField token={form.csrfToken} />
        <div class="field">
          <label for="document-title">{t('Titel (freiwillig)')}</label>
          <p class="hint" id="document-title-hint">
            {t('Ohne Titel heißt jedes Dokument wie seine Datei; mit mehreren Dateien werden die weiteren nummeriert.')}
          </p>
          <input
            id="document-title"
            name="titel"
            type="text"
            maxlength={300}
            value={form.values.title}
            aria-describedby="document-title-hint"
          />
        </div>
        <div class="field">
          <label for="document-keywords">{t('Schlagwörter (mit Komma getrennt)')}</label>
          <input
            id="document-keywords"
            name="schlagwoerter"
            type="text"
            maxlength={1000}
            value={form.values.keywords}
          />
        </div>
        <ContractChoice id="document-contract" contracts={form.contracts} value={form.values.contractId} />
        <FileField id="document-file" maxMegabytes={form.maxMegabytes} maxFiles={form.maxFiles} />
        <Button>{t('Hochladen')}</Button>
      </form>
    </div>
  );
}
