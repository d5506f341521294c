import type { KeywordSetting } from '../../modules/documents/document-service.js';
import { MAX_KEYWORD_EXPLANATION_LENGTH, MAX_KEYWORD_LENGTH } from '../../modules/documents/document.js';
import type { Text } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import type { PageError } from '../page-errors.js';
import { AdminNav } from './admin-nav.js';
import { keywordChangeHref } from './keyword-change-pages.js';
import { Button, CsrfField, Field, FieldError, Notice } from './components.js';

/** What a keyword's form holds: as stored, or as sent when it was refused. */
export interface KeywordFormValues {
  keyword: string;
  isVisible: boolean;
  isImportant: boolean;
  explanation: string;
}

/** A refused form: which one (the new keyword's, or a keyword's by name), what was sent and why it was refused. */
export interface KeywordFormRefusal {
  form: 'add' | { keyword: string };
  values: KeywordFormValues;
  error: Pick<PageError, 'code' | 'text' | 'field'>;
}

export interface KeywordSettingsPageProps {
  csrfToken: string;
  keywords: KeywordSetting[];
  refusal: KeywordFormRefusal | null;
  notice: Text | null;
}

function Checkbox(props: { id: string; name: string; label: string; hint: string | null; checked: boolean }) {
  const hintId = `${props.id}-hint`;
  return (
    <div class="check-field">
      <input
        type="checkbox"
        id={props.id}
        name={props.name}
        value="on"
        checked={props.checked}
        aria-describedby={props.hint === null ? undefined : hintId}
      />
      <label for={props.id}>{props.label}</label>
      {props.hint === null ? null : (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

/** The switches and the explanation a keyword has, in its add form and in each keyword's form. */
function KeywordFields(props: {
  /** The hints are said once, in the form that adds a keyword. */
  withHints: boolean;
  idPrefix: string;
  values: KeywordFormValues;
  error: KeywordFormRefusal['error'] | null;
}) {
  const t = useTranslator();
  const { idPrefix, values, error } = props;
  const explanationError = error?.field === 'explanation' ? error : null;
  const explanationId = `${idPrefix}-explanation`;
  return (
    <>
      <Checkbox
        id={`${idPrefix}-visible`}
        name="isVisible"
        label={t('Sichtbar (Dokumentprofil „Standard“)')}
        hint={
          props.withHints
            ? t('Dokumente mit diesem Schlagwort sehen Kundinnen und Kunden mit dem Profil „Standard“.')
            : null
        }
        checked={values.isVisible}
      />
      <Checkbox
        id={`${idPrefix}-important`}
        name="isImportant"
        label={t('Wichtig')}
        hint={
          props.withHints
            ? t('Die Vertragsseite zeigt das neueste Dokument mit diesem Schlagwort unter „Wichtige Dokumente“.')
            : null
        }
        checked={values.isImportant}
      />
      <div class="field">
        <label for={explanationId}>{t('Erklärung (freiwillig)')}</label>
        {props.withHints ? (
          <p class="hint" id={`${explanationId}-hint`}>
            {t('Steht unter „Wichtige Dokumente“ beim Schlagwort, höchstens {max} Zeichen.', {
              max: MAX_KEYWORD_EXPLANATION_LENGTH,
            })}
          </p>
        ) : null}
        {explanationError === null ? null : (
          <FieldError id={`${explanationId}-error`} code={explanationError.code}>
            {t.text(explanationError.text)}
          </FieldError>
        )}
        <textarea
          id={explanationId}
          name="explanation"
          rows={2}
          maxlength={MAX_KEYWORD_EXPLANATION_LENGTH}
          aria-describedby={
            [
              explanationError === null ? null : `${explanationId}-error`,
              props.withHints ? `${explanationId}-hint` : null,
            ]
              .filter((id) => id !== null)
              .join(' ') || undefined
          }
          aria-invalid={explanationError === null ? undefined : 'true'}
        >
          {values.explanation}
        </textarea>
      </div>
    </>
  );
}

/**
 * Schlagwörter of the documents, for administrators: which ones make up the profile "Standard", which are important on
 * a contract's page and what is said about them; keywords only the CRM's documents carry are listed to be decided on.
 */
export function KeywordSettingsPage(props: KeywordSettingsPageProps) {
  const t = useTranslator();
  const { refusal } = props;
  const addRefusal = refusal !== null && refusal.form === 'add' ? refusal : null;
  const addValues = addRefusal?.values ?? { keyword: '', isVisible: true, isImportant: false, explanation: '' };
  const keywordError = addRefusal !== null && addRefusal.error.field === 'keyword' ? addRefusal.error : null;
  return (
    <section class="stack admin">
      <AdminNav current="settings" role="staff_admin" />
      <p>
        <a href="/admin/settings">{t('← Zu den Einstellungen')}</a>
      </p>
      <h1>{t('Verwaltung: Schlagwörter der Dokumente')}</h1>
      {props.notice === null ? null : <Notice kind="success">{t.text(props.notice)}</Notice>}
      {refusal === null || refusal.error.field !== null ? null : (
        <Notice kind="error" code={refusal.error.code}>
          {t.text(refusal.error.text)}
        </Notice>
      )}
      <div class="card stack" id="neu">
        <h2>{t('Schlagwort hinzufügen')}</h2>
        <form method="post" action="/admin/settings/schlagwoerter" class="stack">
          <CsrfField token={props.csrfToken} />
          <Field
            id="keyword-new"
            label={t('Schlagwort')}
            name="keyword"
            type="text"
            autocomplete="off"
            value={addValues.keyword}
            hint={t('Wie es Ihr Verwaltungsprogramm an Dokumente schreibt, z. B. Police; höchstens {max} Zeichen.', {
              max: MAX_KEYWORD_LENGTH,
            })}
            error={keywordError === null ? undefined : t.text(keywordError.text)}
            errorCode={keywordError?.code}
            required
          />
          <KeywordFields withHints idPrefix="keyword-new" values={addValues} error={addRefusal?.error ?? null} />
          <Button>{t('Hinzufügen')}</Button>
        </form>
      </div>
      <h2>{t('Schlagwörter')}</h2>
      {props.keywords.length === 0 ? (
        <p class="card">{t('Es gibt noch keine Schlagwörter.')}</p>
      ) : (
        <ul class="keyword-list stack">
          {props.keywords.map((keyword, index) => {
            const own =
              refusal !== null && refusal.form !== 'add' && refusal.form.keyword === keyword.keyword ? refusal : null;
            const values = own?.values ?? {
              keyword: keyword.keyword,
              isVisible: keyword.isVisible,
              isImportant: keyword.isImportant,
              explanation: keyword.explanation ?? '',
            };
            return (
              <li class="card stack" data-keyword={keyword.keyword}>
                <h3>{keyword.keyword}</h3>
                <p class="muted">
                  {t('Dokumente mit diesem Schlagwort: {count}', { count: keyword.documents })}
                  {keyword.isInVocabulary ? null : ` · ${t('noch nicht festgelegt: weder sichtbar noch wichtig')}`}
                </p>
                <form method="post" action="/admin/settings/schlagwoerter/aendern" class="stack">
                  <CsrfField token={props.csrfToken} />
                  <input type="hidden" name="keyword" value={keyword.keyword} />
                  <KeywordFields
                    withHints={false}
                    idPrefix={`keyword-${index}`}
                    values={values}
                    error={own?.error ?? null}
                  />
                  <Button>{t('Speichern')}</Button>
                </form>
                <p class="person-actions">
                  <a href={keywordChangeHref('umbenennen', keyword.keyword)}>
                    {t('Umbenennen')}
                    <span class="visually-hidden">: {keyword.keyword}</span>
                  </a>
                  <a href={keywordChangeHref('loeschen', keyword.keyword)}>
                    {t('Löschen')}
                    <span class="visually-hidden">: {keyword.keyword}</span>
                  </a>
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
