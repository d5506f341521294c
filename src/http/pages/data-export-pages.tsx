import type { DataExportState } from '../../modules/data-exports/data-export.js';
import { textOfError } from '../../shared/error-registry.js';
import { useTranslator } from '../language.js';
import { Button, CsrfField, Notice } from './components.js';

/** Where Mein Zugang's card sends the person who wants their data deleted: a conversation with the broker. */
export const DELETION_REQUEST_PATH = '/nachrichten/neu?anliegen=loeschung';

function RequestForm(props: { csrfToken: string; label: string }) {
  return (
    <form method="post" action="/profile/daten" class="inline-form" data-data-export-form>
      <CsrfField token={props.csrfToken} />
      <Button kind="secondary">{props.label}</Button>
    </form>
  );
}

/** Mein Zugang's card "Meine Daten": the state of the person's newest export at this broker, and the deletion wish. */
export function DataExportCard(props: { csrfToken: string; state: DataExportState }) {
  const t = useTranslator();
  const { state } = props;
  return (
    <div class="card stack" id="daten" data-data-export={state.kind}>
      <h2>{t('Meine Daten')}</h2>
      <p>
        {t(
          'Sie können alle Daten herunterladen, die dieser Makler im Kundenportal über Sie hat und Ihnen zeigt: Ihre Angaben, Verträge, Nachrichten, Schäden und Dokumente, in einer ZIP-Datei.',
        )}
      </p>
      {state.kind === 'preparing' ? (
        <Notice kind="info">
          {t('Ihre Daten werden vorbereitet. Sie erhalten eine E-Mail, sobald sie bereitstehen.')}
        </Notice>
      ) : state.kind === 'ready' ? (
        <Notice kind="success">
          {t(
            'Ihre Daten sind bereit – wir haben Ihnen eine E-Mail mit dem Link geschickt. Er funktioniert einmal, bis {expiresAt}.',
            { expiresAt: t.dateTime(state.expiresAt) },
          )}
        </Notice>
      ) : (
        <>
          {state.kind === 'expired' ? (
            <p class="muted">{t('Der Link zu Ihren Daten ist abgelaufen. Sie können sie erneut anfordern.')}</p>
          ) : state.kind === 'downloaded' ? (
            <p class="muted">
              {t('Zuletzt heruntergeladen am {downloadedAt}.', { downloadedAt: t.dateTime(state.downloadedAt) })}
            </p>
          ) : state.kind === 'failed' ? (
            <p class="muted">
              {t('Ihre Daten konnten nicht zusammengestellt werden. Bitte fordern Sie sie erneut an.')}
            </p>
          ) : null}
          <RequestForm csrfToken={props.csrfToken} label={t('Meine Daten herunterladen')} />
        </>
      )}
      <p>
        {t(
          'Sie möchten, dass Ihr Makler Ihre Daten löscht? Schreiben Sie ihm; er prüft, was er löschen darf und was er aufbewahren muss.',
        )}
      </p>
      <p>
        <a href={DELETION_REQUEST_PATH}>{t('Löschung meiner Daten beantragen')}</a>
      </p>
    </div>
  );
}

/** The page behind the mailed link: the download is a form, so a link opened by a mail scanner uses nothing up. */
export function DataExportDownloadPage(props: { csrfToken: string; token: string }) {
  const t = useTranslator();
  return (
    <section class="card stack">
      <h1>{t('Ihre Daten herunterladen')}</h1>
      <p>
        {t(
          'Der Link funktioniert einmal: Nach dem Herunterladen löschen wir die Datei. Speichern Sie sie an einem sicheren Ort.',
        )}
      </p>
      <form method="post" action={`/profile/daten/${props.token}`} class="stack" data-data-export-download>
        <CsrfField token={props.csrfToken} />
        <Button>{t('Jetzt herunterladen')}</Button>
      </form>
      <p>
        <a href="/profile#daten">{t('← Zurück zu Mein Zugang')}</a>
      </p>
    </section>
  );
}

/** A link that is used, expired or not this person's: one answer for all, with the way to ask anew. */
export function DataExportLinkGonePage() {
  const t = useTranslator();
  return (
    <section class="card stack">
      <h1>{t('Link funktioniert nicht mehr')}</h1>
      <Notice kind="error" code="DATA_EXPORT_NOT_FOUND">
        {t.text(textOfError({ code: 'DATA_EXPORT_NOT_FOUND' }))}
      </Notice>
      <p>
        <a href="/profile#daten">{t('Daten unter Mein Zugang erneut anfordern')}</a>
      </p>
    </section>
  );
}
