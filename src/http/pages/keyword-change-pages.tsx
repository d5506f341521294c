import { CONTRACT_AND_CLAIM_KEYWORDS, POLICY_KEYWORDS } from '../../modules/grants/document-profiles.js';
import { MAX_KEYWORD_LENGTH } from '../../modules/documents/document.js';
import type { Translator } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import type { PageError } from '../page-errors.js';
import { AdminNav } from './admin-nav.js';
import { Button, CsrfField, Field, Notice } from './components.js';

/** The settings' address of a keyword's rename or delete: the keyword rides in the query, whatever it contains. */
export function keywordChangeHref(change: 'umbenennen' | 'loeschen', keyword: string): string {
  return `/admin/settings/schlagwoerter/${change}?schlagwort=${encodeURIComponent(keyword)}`;
}

/** Whether one of the fixed document profiles names the keyword, so that its name decides what they show. */
export function isNamedByFixedProfile(keyword: string): boolean {
  return POLICY_KEYWORDS.includes(keyword) || CONTRACT_AND_CLAIM_KEYWORDS.includes(keyword);
}

/** Renaming a keyword: the new name, and what the rename changes on the documents that carry it. */
export function RenameKeywordPage(props: {
  csrfToken: string;
  keyword: string;
  documents: number;
  newKeyword: string;
  error: Pick<PageError, 'code' | 'text'> | null;
}) {
  const t = useTranslator();
  return (
    <section class="stack admin">
      <AdminNav current="settings" role="staff_admin" />
      <p>
        <a href="/admin/settings/schlagwoerter">{t('← Zu den Schlagwörtern')}</a>
      </p>
      <h1>{t('Schlagwort „{keyword}“ umbenennen', { keyword: props.keyword })}</h1>
      <div class="card stack" id="umbenennen">
        <p>
          {t(
            'Der neue Name gilt für alle {count} Dokumente mit diesem Schlagwort; „sichtbar“, „wichtig“ und die Erklärung bleiben.',
            { count: props.documents },
          )}
        </p>
        {isNamedByFixedProfile(props.keyword) ? (
          <Notice kind="info">
            {t(
              'Die Dokumentprofile „Nur Policen“ und „Vertrags- und Schadenunterlagen“ erkennen dieses Schlagwort an seinem Namen: Unter einem neuen Namen zeigen sie diese Dokumente nicht mehr.',
            )}
          </Notice>
        ) : null}
        <form method="post" action="/admin/settings/schlagwoerter/umbenennen" class="stack">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="keyword" value={props.keyword} />
          <Field
            id="keyword-renamed"
            label={t('Neuer Name')}
            name="newKeyword"
            type="text"
            autocomplete="off"
            value={props.newKeyword}
            hint={t(
              'Höchstens {max} Zeichen, kein Komma. Ihr Verwaltungsprogramm schreibt Schlagwörter, wie es sie kennt.',
              {
                max: MAX_KEYWORD_LENGTH,
              },
            )}
            error={props.error === null ? undefined : t.text(props.error.text)}
            errorCode={props.error?.code}
            required
          />
          <div class="person-actions">
            <Button>{t('Umbenennen')}</Button>
            <a href="/admin/settings/schlagwoerter">{t('Abbrechen')}</a>
          </div>
        </form>
      </div>
    </section>
  );
}

/** What deleting a keyword does to the documents that carry it, for its confirmation. */
export function keywordDeletionConsequence(
  t: Translator,
  carriers: { documents: number; withoutOther: number },
): string {
  if (carriers.documents === 0) {
    return t('Kein Dokument trägt dieses Schlagwort; es verschwindet aus der Liste.');
  }
  return [
    t('{count} Dokumente tragen dieses Schlagwort. Es wird bei ihnen entfernt; ihre anderen Schlagwörter bleiben.', {
      count: carriers.documents,
    }),
    carriers.withoutOther === 0
      ? null
      : t(
          '{count} davon haben danach kein Schlagwort mehr: Kundinnen und Kunden sehen sie dann nur noch mit dem Dokumentprofil „Alle Dokumente“.',
          { count: carriers.withoutOther },
        ),
    carriers.documents === carriers.withoutOther
      ? null
      : t(
          'Wer ein Dokument bisher nur wegen dieses Schlagworts nicht sah (etwa weil es nicht sichtbar ist), kann es danach sehen.',
        ),
    t('Die Dokumente selbst bleiben.'),
  ]
    .filter((sentence) => sentence !== null)
    .join(' ');
}
