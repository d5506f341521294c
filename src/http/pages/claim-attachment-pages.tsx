import {
  MAX_CLAIM_ATTACHMENT_BYTES,
  MAX_CLAIM_ATTACHMENTS,
  type ClaimAttachmentView,
} from '../../modules/claims/claim-attachment.js';
import { useTranslator } from '../language.js';
import type { ShownError } from '../page-errors.js';
import { Button, CsrfField, Notice } from './components.js';
import { formatSize } from './document-pages.js';

/** What the file input offers first; the server decides by the bytes anyway. */
const ACCEPTED = 'image/jpeg,image/png,image/heic,image/heif,.heic,.heif,application/pdf';

/** The attachments as links to their downloads under `hrefBase` (the person's or the workspace's claim path). */
export function ClaimAttachmentList(props: { attachments: ClaimAttachmentView[]; hrefBase: string }) {
  const t = useTranslator();
  if (props.attachments.length === 0) return <p>{t('Keine Anhänge.')}</p>;
  return (
    <ul class="attachment-list">
      {props.attachments.map((attachment) => (
        <li>
          <a href={`${props.hrefBase}/anhaenge/${attachment.id}`}>{attachment.name}</a> ·{' '}
          {formatSize(attachment.size, t.language)}
        </li>
      ))}
    </ul>
  );
}

/**
 * The draft's attachments on the last step: each with its size and a button that removes it, and the form that adds
 * files (several at once, from the camera or the files on a phone). A form of its own, above the message, so that a
 * refused file never touches the answers; it works without script.
 */
export function ClaimAttachmentsEditor(props: {
  claimId: string;
  attachments: ClaimAttachmentView[];
  error: ShownError | null;
  csrfToken: string;
}) {
  const t = useTranslator();
  const base = `/schaeden/${props.claimId}`;
  const total = props.attachments.reduce((sum, attachment) => sum + attachment.size, 0);
  return (
    <section class="card stack" id="anhaenge" aria-labelledby="anhaenge-titel">
      <h3 id="anhaenge-titel">{t('Fotos und Dokumente')}</h3>
      {props.error ? (
        <Notice kind="error" code={props.error.code}>
          <p>{t.text(props.error.text)}</p>
        </Notice>
      ) : null}
      {props.attachments.length === 0 ? (
        <p>{t('Noch keine Anhänge.')}</p>
      ) : (
        <>
          <ul class="attachment-list">
            {props.attachments.map((attachment) => (
              <li>
                <a href={`${base}/anhaenge/${attachment.id}`}>{attachment.name}</a> ·{' '}
                {formatSize(attachment.size, t.language)}{' '}
                <form method="post" action={`${base}/anhaenge/${attachment.id}/entfernen`} class="inline-form">
                  <CsrfField token={props.csrfToken} />
                  <Button kind="secondary">{t('Entfernen')}</Button>
                </form>
              </li>
            ))}
          </ul>
          <p>
            {t('{count} von {max} Dateien, {size} von {maxSize}', {
              count: props.attachments.length,
              max: MAX_CLAIM_ATTACHMENTS,
              size: formatSize(total, t.language),
              maxSize: formatSize(MAX_CLAIM_ATTACHMENT_BYTES, t.language),
            })}
          </p>
        </>
      )}
      <form method="post" action={`${base}/anhaenge`} enctype="multipart/form-data" class="stack">
        <CsrfField token={props.csrfToken} />
        <div class="field">
          <label for="field-anhaenge">
            {t('Fotos (JPEG, PNG, HEIC) oder PDF; bis zu {files} Dateien, zusammen höchstens {max} MB', {
              files: MAX_CLAIM_ATTACHMENTS,
              max: MAX_CLAIM_ATTACHMENT_BYTES / (1024 * 1024),
            })}
          </label>
          <input id="field-anhaenge" name="dateien" type="file" multiple accept={ACCEPTED} />
        </div>
        <Button kind="secondary">{t('Dateien hinzufügen')}</Button>
      </form>
    </section>
  );
}
