import { describe, expect, it } from 'vitest';
import { translatorFor, type Language } from '../../shared/i18n/translator.js';
import { isViewable } from '../download-response.js';
import { renderInLanguage, useTranslator } from '../language.js';
import { DocumentList, formatSize, type DocumentListEntry } from './document-pages.js';
import { formatPartialDate } from './portfolio-format.js';

/** The list's cards as JSX, as they were written before the list became one string: the markup to keep. */
function DocumentListAsJsx(props: { documents: DocumentListEntry[] }) {
  const t = useTranslator();
  return (
    <ul class="document-list stack">
      {props.documents.map((document) => (
        <li class="card document-entry">
          <p class="document-title">
            <a href={`/dokumente/${document.id}/datei`} download>
              {document.title}
            </a>{' '}
            {document.isNew ? <span class="badge">{t('neu')}</span> : null}
          </p>
          {isViewable(document) ? (
            <p>
              <a href={`/dokumente/${document.id}/ansehen`} target="_blank" rel="noopener">
                {t('Ansehen')}
                <span class="visually-hidden">: {document.title}</span>
              </a>
            </p>
          ) : null}
          <p class="muted">
            {document.documentDate === null ? null : `${formatPartialDate(document.documentDate, t.language)} · `}
            {document.belongsTo} · {formatSize(document.size, t.language)}
            {document.direction === 'from_customer' ? ` · ${t('von Ihnen')}` : null}
          </p>
          {document.comment === null ? null : <p class="muted">{document.comment}</p>}
          {document.keywords.length === 0 ? null : <p class="muted">{document.keywords.join(', ')}</p>}
        </li>
      ))}
    </ul>
  );
}

const entry = (overrides: Partial<DocumentListEntry>): DocumentListEntry => ({
  id: '3f1c2a4e-0000-4000-8000-000000000001',
  customerId: '3f1c2a4e-0000-4000-8000-0000000000c1',
  contractId: null,
  title: 'Police Hausrat',
  comment: null,
  keywords: [],
  documentDate: null,
  direction: 'from_broker',
  contentType: 'application/pdf',
  size: 1536,
  sha256: 'ab',
  createdAt: new Date('2026-03-01T10:00:00Z'),
  isNew: false,
  belongsTo: 'Hausrat · H-1',
  ...overrides,
});

const entries: DocumentListEntry[] = [
  entry({}),
  entry({
    id: '3f1c2a4e-0000-4000-8000-000000000002',
    title: 'Rechnung <Q1> & "Beitrag" \'2026\'',
    comment: 'Bitte <b>prüfen</b> & zurücksenden',
    keywords: ['Rechnung', 'Beitrag & Co', '<x>'],
    documentDate: '2026-02-14',
    direction: 'from_customer',
    contentType: 'application/zip',
    size: 3 * 1024 * 1024 + 12345,
    isNew: true,
    belongsTo: 'Müller & Söhne <GmbH>',
  }),
  entry({ id: '3f1c2a4e-0000-4000-8000-000000000003', documentDate: '2026-00-00', contentType: 'image/png', size: 10 }),
];

const markup = (element: unknown, language: Language) => renderInLanguage(translatorFor(language), element);

describe('the document list', () => {
  it.each(['de', 'en'] as const)('writes the markup its JSX wrote, every text escaped (%s)', (language) => {
    expect(markup(<DocumentList documents={entries} />, language)).toBe(
      markup(<DocumentListAsJsx documents={entries} />, language),
    );
    expect(markup(<DocumentList documents={[]} />, language)).toBe(
      markup(<DocumentListAsJsx documents={[]} />, language),
    );
  });

  it('never writes a title, a comment or a keyword as markup', () => {
    const html = markup(<DocumentList documents={entries} />, 'de');
    expect(html).not.toContain('<Q1>');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<x>');
    expect(html).toContain('Rechnung &lt;Q1&gt; &amp; &quot;Beitrag&quot;');
  });
});
