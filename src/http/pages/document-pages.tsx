import { raw } from 'hono/html';
import type { Language, Translator } from '../../shared/i18n/translator.js';
import { escapedHtml } from '../html-text.js';
import { isViewable } from '../download-response.js';
import type { PersonDocumentView } from '../../modules/documents/document.js';
import { useTranslator } from '../language.js';
import type { ShownError } from '../page-errors.js';
import { MAX_TITLE_SEARCH_LENGTH } from '../../modules/documents/document.js';
import type { FieldProblem } from '../../shared/errors.js';
import { Button, CsrfField, FieldError, FilterForm, FilterSelect, Notice, SearchField } from './components.js';
import { fieldErrorOf } from './profile-pages.js';
import { formatPartialDate } from './portfolio-format.js';
import { ContractChoice, FileField } from './upload-fields.js';

/** What the address bar of the document list says. */
export interface DocumentListParameters {
  customerNumber: string;
  contractId: string;
  keyword: string;
  /** Part of the title. */
  search: string;
  /** Days as typed; a valid one as a date input sends it (2026-03-01). */
  from: string;
  until: string;
  cursor: string;
}

/** A document with the name of what it belongs to, as the list shows it. */
export interface DocumentListEntry extends PersonDocumentView {
  /** The contract's name, or the customer's for a document without a contract. */
  belongsTo: string;
}

export interface DocumentListPage {
  parameters: DocumentListParameters;
  /** Refused days of the filter: the page shows them next to their fields and no documents. */
  filterProblems: FieldProblem<'von' | 'bis'>[];
  documents: DocumentListEntry[];
  customers: { customerNumber: string; name: string }[];
  contracts: { id: string; name: string }[];
  keywords: string[];
  /** The next (older) page, or null on the last. */
  nextHref: string | null;
  /** The form that sends a document to the broker; null for a person who sees no customer. */
  upload: UploadFormState | null;
}

/** The customer's upload form: where it may go, and what the last attempt left. */
export interface UploadFormState {
  csrfToken: string;
  /** The customers the person sees, by id: a select when there are several. */
  customers: { id: string; name: string }[];
  contracts: { id: string; name: string }[];
  maxMegabytes: number;
  /** A refusal of the last attempt; a missing file has no code. */
  error: (Omit<ShownError, 'code'> & Partial<Pick<ShownError, 'code'>>) | null;
  /** How many documents the last submission sent; 0 when the form was not just sent. */
  sentCount: number;
  maxFiles: number;
  values: { customerId: string; contractId: string; comment: string };
}

export function documentListHref(parameters: Partial<DocumentListParameters>): string {
  const query = new URLSearchParams();
  if (parameters.customerNumber) query.set('kunde', parameters.customerNumber);
  if (parameters.contractId) query.set('vertrag', parameters.contractId);
  if (parameters.keyword) query.set('schlagwort', parameters.keyword);
  if (parameters.search) query.set('suche', parameters.search);
  if (parameters.from) query.set('von', parameters.from);
  if (parameters.until) query.set('bis', parameters.until);
  if (parameters.cursor) query.set('nach', parameters.cursor);
  const text = query.toString();
  return text === '' ? '/dokumente' : `/dokumente?${text}`;
}

/** Made once: a number format costs more to make than the 26 sizes of a list's page cost to write. */
const SIZE_FORMATS: Record<Language, Intl.NumberFormat> = {
  de: new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};

export function formatSize(bytes: number, language: Language): string {
  const format = (value: number) => SIZE_FORMATS[language].format(value);
  if (bytes < 1024 * 1024) return `${format(Math.max(1, Math.round(bytes / 1024)))} KB`;
  return `${format(bytes / (1024 * 1024))} MB`;
}

/** A day of the list's filter: a date input, its refusal above it. */
function DayField(props: {
  id: string;
  name: 'von' | 'bis';
  label: string;
  value: string;
  problems: FieldProblem<'von' | 'bis'>[];
}) {
  const t = useTranslator();
  const { error, errorCode } = fieldErrorOf(t, props.problems, props.name);
  const errorId = `${props.id}-error`;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {error === undefined ? null : (
        <FieldError id={errorId} code={errorCode}>
          {error}
        </FieldError>
      )}
      <input
        id={props.id}
        name={props.name}
        type="date"
        autocomplete="off"
        value={props.value}
        aria-invalid={error === undefined ? undefined : 'true'}
        aria-describedby={error === undefined ? undefined : errorId}
      />
    </div>
  );
}

/**
 * Documents as a list of cards: one column on a phone, the title as the download link, "neu" until opened. Written
 * as one escaped string (the markup Hono's JSX writes for it): a list's page has a few hundred elements, and as
 * JSX nodes each was built and walked again on every request.
 */
export function DocumentList(props: { documents: DocumentListEntry[] }) {
  return raw(documentEntriesHtml(props.documents, useTranslator()));
}

function documentEntriesHtml(documents: readonly DocumentListEntry[], t: Translator): string {
  const isNew = `<span class="badge">${escapedHtml(t('neu'))}</span>`;
  const view = escapedHtml(t('Ansehen'));
  const fromYou = ` · ${t('von Ihnen')}`;
  let html = '<ul class="document-list stack">';
  for (const document of documents) {
    const title = escapedHtml(document.title);
    const path = `/dokumente/${escapedHtml(document.id)}`;
    const facts =
      (document.documentDate === null ? '' : `${formatPartialDate(document.documentDate, t.language)} · `) +
      `${document.belongsTo} · ${formatSize(document.size, t.language)}` +
      (document.direction === 'from_customer' ? fromYou : '');
    html +=
      `<li class="card document-entry"><p class="document-title"><a href="${path}/datei" download="">${title}</a> ` +
      `${document.isNew ? isNew : ''}</p>` +
      (isViewable(document)
        ? `<p><a href="${path}/ansehen" target="_blank" rel="noopener">${view}` +
          `<span class="visually-hidden">: ${title}</span></a></p>`
        : '') +
      `<p class="muted">${escapedHtml(facts)}</p>` +
      (document.comment === null ? '' : `<p class="muted">${escapedHtml(document.comment)}</p>`) +
      (document.keywords.length === 0 ? '' : `<p class="muted">${escapedHtml(document.keywords.join(', '))}</p>`) +
      '</li>';
  }
  return `${html}</ul>`;
}

/** "Dokumente an Ihren Makler senden": several files per submission, the files last so the fields arrive first. */
export function DocumentUploadForm(props: { form: UploadFormState; contractId?: string }) {
  const t = useTranslator();
  const { form } = props;
  // Come from a contract's page ("?vertrag=…#senden"), the form starts on that contract.
  const contractId = form.values.contractId === '' ? (props.contractId ?? '') : form.values.contractId;
  return (
    <div class="card stack" id="senden">
      <h2>{t('Dokumente an Ihren Makler senden')}</h2>
      {form.sentCount === 0 ? null : (
        <Notice kind="success">
          {form.sentCount === 1
            ? t('Ihr Dokument wurde an Ihren Makler gesendet.')
            : t('{count} Dokumente wurden an Ihren Makler gesendet.', { count: form.sentCount })}
        </Notice>
      )}
      {form.error === null ? null : (
        <Notice kind="error" code={form.error.code}>
          {t.text(form.error.text)}
        </Notice>
      )}
      <form method="post" action="/dokumente/senden" enctype="multipart/form-data" class="stack">
        <CsrfField token={form.csrfToken} />
        {form.customers.length > 1 ? (
          <div class="field">
            <label for="upload-customer">{t('Kunde')}</label>
            <select id="upload-customer" name="kunde" required>
              {form.customers.map((customer) => (
                <option value={customer.id} selected={form.values.customerId === customer.id}>
                  {customer.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <input type="hidden" name="kunde" value={form.customers[0]?.id ?? ''} />
        )}
        <ContractChoice id="upload-contract" contracts={form.contracts} value={contractId} />
        <div class="field">
          <label for="upload-comment">{t('Kommentar (freiwillig)')}</label>
          <textarea id="upload-comment" name="kommentar" rows={3} maxlength={1000}>
            {form.values.comment}
          </textarea>
        </div>
        <FileField
          id="upload-file"
          maxMegabytes={form.maxMegabytes}
          maxFiles={form.maxFiles}
          accept=".pdf,.jpg,.jpeg,.png,.heic,.heif,.tif,.tiff,application/pdf,image/*"
        />
        <Button>{t('Senden')}</Button>
      </form>
    </div>
  );
}

export function DocumentListPageView(props: { page: DocumentListPage }) {
  const t = useTranslator();
  const { page } = props;
  const { parameters, upload } = page;
  // The list comes first; the upload form goes above it only to answer a submission (sent, or refused).
  const uploadFirst = upload !== null && (upload.sentCount > 0 || upload.error !== null);
  const isFiltered = [
    parameters.customerNumber,
    parameters.contractId,
    parameters.keyword,
    parameters.search,
    parameters.from,
    parameters.until,
  ].some((value) => value !== '');
  return (
    <section class="stack portfolio">
      <p>
        <a href="/">{t('← Zur Übersicht')}</a>
      </p>
      <h1>{t('Dokumente')}</h1>
      {upload === null ? null : uploadFirst ? (
        <DocumentUploadForm form={upload} contractId={parameters.contractId} />
      ) : (
        <p>
          <a href="#senden">{t('Dokumente an Ihren Makler senden')}</a>
        </p>
      )}
      <details class="card filter-panel" open={isFiltered || page.filterProblems.length > 0}>
        <summary>{isFiltered ? t('Suchen und filtern (Filter aktiv)') : t('Suchen und filtern')}</summary>
        <FilterForm action="/dokumente" submitLabel={t('Anzeigen')}>
          {page.customers.length > 1 ? (
            <FilterSelect
              id="filter-customer"
              name="kunde"
              label={t('Kunde')}
              value={parameters.customerNumber}
              allLabel={t('Alle')}
              choices={page.customers.map((customer) => ({
                value: customer.customerNumber,
                label: `${customer.name} (${customer.customerNumber})`,
              }))}
            />
          ) : null}
          {page.contracts.length > 0 ? (
            <FilterSelect
              id="filter-contract"
              name="vertrag"
              label={t('Vertrag')}
              value={parameters.contractId}
              allLabel={t('Alle')}
              choices={page.contracts.map((contract) => ({ value: contract.id, label: contract.name }))}
            />
          ) : null}
          <FilterSelect
            id="filter-keyword"
            name="schlagwort"
            label={t('Schlagwort')}
            value={parameters.keyword}
            allLabel={t('Alle')}
            choices={page.keywords.map((keyword) => ({ value: keyword, label: keyword }))}
          />
          <SearchField
            id="filter-search"
            label={t('Titel enthält')}
            value={parameters.search}
            maxlength={MAX_TITLE_SEARCH_LENGTH}
          />
          <DayField
            id="filter-from"
            name="von"
            label={t('Von (Tag)')}
            value={parameters.from}
            problems={page.filterProblems}
          />
          <DayField
            id="filter-until"
            name="bis"
            label={t('Bis (Tag, einschließlich)')}
            value={parameters.until}
            problems={page.filterProblems}
          />
        </FilterForm>
        <p class="hint">{t('Der Tag ist das Datum des Dokuments, ohne ein solches der Tag des Hochladens.')}</p>
      </details>
      {page.filterProblems.length > 0 ? (
        <Notice kind="error">{t('Bitte prüfen Sie den Filter; es werden keine Dokumente gezeigt.')}</Notice>
      ) : page.documents.length === 0 ? (
        <p class="card">{t('Keine Dokumente passen zu dieser Auswahl.')}</p>
      ) : (
        <DocumentList documents={page.documents} />
      )}
      {page.nextHref === null && parameters.cursor === '' ? null : (
        <nav class="pager" aria-label={t('Seiten der Dokumente')}>
          {parameters.cursor === '' ? null : (
            <a href={documentListHref({ ...parameters, cursor: '' })}>{t('Neueste Dokumente')}</a>
          )}{' '}
          {page.nextHref === null ? null : <a href={page.nextHref}>{t('Ältere Dokumente')}</a>}
        </nav>
      )}
      {upload === null || uploadFirst ? null : <DocumentUploadForm form={upload} contractId={parameters.contractId} />}
    </section>
  );
}

/** On a contract's page: its newest documents, and the way to all of them in the list. */
export function ContractDocuments(props: { documents: DocumentListEntry[]; contractId: string }) {
  const t = useTranslator();
  return (
    <div class="card stack" id="dokumente">
      <h2>{t('Dokumente')}</h2>
      {props.documents.length === 0 ? (
        <p class="muted">{t('Zu diesem Vertrag gibt es noch keine Dokumente.')}</p>
      ) : (
        <>
          <DocumentList documents={props.documents} />
          <p>
            <a href={documentListHref({ contractId: props.contractId })}>{t('Alle Dokumente zu diesem Vertrag')}</a>
          </p>
        </>
      )}
      <p>
        <a href={`${documentListHref({ contractId: props.contractId })}#senden`}>
          {t('Dokument zu diesem Vertrag senden')}
        </a>
      </p>
    </div>
  );
}

/** An important keyword of the broker on a contract's page: its explanation and the newest document with it. */
export interface ImportantEntry {
  keyword: string;
  explanation: string | null;
  document: DocumentListEntry | null;
}

/**
 * "Wichtige Dokumente": per keyword the broker marks as important, what it is for and the newest document with it, or
 * that there is none yet. Nothing when no important keyword applies to the person.
 */
export function ImportantDocuments(props: { entries: ImportantEntry[] }) {
  const t = useTranslator();
  if (props.entries.length === 0) {
    return null;
  }
  return (
    <div class="card stack" id="wichtige-dokumente">
      <h2>{t('Wichtige Dokumente')}</h2>
      <ul class="document-list stack">
        {props.entries.map((entry) => (
          <li class="document-entry" data-keyword={entry.keyword}>
            <h3>{entry.keyword}</h3>
            {(entry.explanation ?? '')
              .split('\n')
              .filter((line) => line.trim() !== '')
              .map((line) => (
                <p class="hint">{line}</p>
              ))}
            {entry.document === null ? (
              <p class="muted">{t('Dazu gibt es noch kein Dokument.')}</p>
            ) : (
              <>
                <p class="document-title">
                  <a href={`/dokumente/${entry.document.id}/datei`} download>
                    {entry.document.title}
                  </a>{' '}
                  {entry.document.isNew ? <span class="badge">{t('neu')}</span> : null}
                </p>
                {entry.document.documentDate === null ? null : (
                  <p class="muted">{formatPartialDate(entry.document.documentDate, t.language)}</p>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
