import type { ImportRow, RowProblem } from '../../modules/imports/invitation-csv.js';
import type { ImportJob } from '../../modules/imports/import-service.js';
import type { ShownError } from '../page-errors.js';
import { useTranslator } from '../language.js';
import { AdminNav } from './admin-nav.js';
import { Button, CsrfField, Notice, RecentJobs, ScrollRegion } from './components.js';
import { ROLE_NAMES } from './portal-home-page.js';

const PREVIEW_ROWS = 20;
const SHOWN_PROBLEMS = 200;

function Problems(props: { problems: RowProblem[]; title: string }) {
  const t = useTranslator();
  return (
    <div class="stack">
      <h2>{props.title}</h2>
      <ul class="list">
        {props.problems.slice(0, SHOWN_PROBLEMS).map((problem) => (
          // Imports saved before the pages spoke English carry their German message only.
          <li>
            {t('Zeile {line}: {problem}', {
              line: String(problem.line),
              problem: problem.texts?.map((text) => t.text(text)).join('; ') ?? problem.message,
            })}
          </li>
        ))}
      </ul>
      {props.problems.length > SHOWN_PROBLEMS ? (
        <p class="muted">{t('… und {count} weitere.', { count: props.problems.length - SHOWN_PROBLEMS })}</p>
      ) : null}
    </div>
  );
}

export function ImportPage(props: {
  role: 'staff_admin' | 'staff_user';
  csrfToken: string;
  error: ShownError | null;
  recent: ImportJob[];
}) {
  const t = useTranslator();
  const column = (name: string) => <strong>{name}</strong>;
  return (
    <section class="stack admin">
      <AdminNav current="import" role={props.role} />
      <h1>{t('Verwaltung: Einladungen aus einer CSV-Datei')}</h1>
      {props.error === null ? null : (
        <Notice kind="error" code={props.error.code}>
          {t.text(props.error.text)}
        </Notice>
      )}
      {props.role === 'staff_admin' ? (
        <p>
          <a href="/admin/import/gdv">{t('Bestand aus einer GDV-Datei importieren')}</a>
        </p>
      ) : null}
      <div class="card stack">
        <p>
          {t.rich(
            'Die erste Zeile enthält die Spaltennamen: {email} und {name}, optional {kind} (Versicherungsnehmer oder Vermittler), {customers} (mehrere durch Komma oder | getrennt) und {grant} (Name der Freischaltung). Deutsche Spaltennamen (E-Mail, Name, Art, Kundennummern, Freischaltung) gehen auch; Trennzeichen Semikolon oder Komma.',
            {
              email: column('email'),
              name: column('name'),
              kind: column('kind'),
              customers: column('customer_numbers'),
              grant: column('grant'),
            },
          )}
        </p>
        <p>
          {t(
            'Sie sehen zuerst eine Vorschau mit allen Fehlern. Erst nach Ihrer Bestätigung werden Einladungen verschickt.',
          )}
        </p>
        <form method="post" action="/admin/import" enctype="multipart/form-data" class="stack">
          <CsrfField token={props.csrfToken} />
          <div class="field">
            <label for="field-csv">{t('CSV-Datei (UTF-8, höchstens 2 MB und {rows} Zeilen)', { rows: 10_000 })}</label>
            <input id="field-csv" name="csv" type="file" accept=".csv,text/csv" required />
          </div>
          <Button>{t('Datei prüfen')}</Button>
        </form>
      </div>
      <RecentJobs
        title={t('Letzte Importe')}
        jobs={props.recent.map((job) => ({
          href: `/admin/import/${job.id}`,
          fileName: job.fileName,
          state:
            job.status === 'done'
              ? t('abgeschlossen: {processed} von {total} Zeilen', { processed: job.processed, total: job.total })
              : t('läuft: {processed} von {total} Zeilen', { processed: job.processed, total: job.total }),
        }))}
      />
    </section>
  );
}

export function ImportPreviewPage(props: {
  role: 'staff_admin' | 'staff_user';
  csrfToken: string;
  jobId: string | null;
  fileName: string;
  rows: ImportRow[];
  problems: RowProblem[];
}) {
  const t = useTranslator();
  const { rows, problems } = props;
  return (
    <section class="stack admin">
      <AdminNav current="import" role={props.role} />
      <h1>{t('Vorschau: {file}', { file: props.fileName })}</h1>
      <Notice
        kind={problems.length > 0 ? 'error' : 'info'}
        title={t('{ready} Zeilen bereit, {failed} mit Fehlern', { ready: rows.length, failed: problems.length })}
      >
        <p>
          {problems.length > 0
            ? t(
                'Zeilen mit Fehlern werden nicht importiert. Sie können die Datei korrigieren und erneut prüfen oder nur die fehlerfreien Zeilen importieren.',
              )
            : t('Alle Zeilen sind in Ordnung. Noch wurde nichts gespeichert und keine E-Mail verschickt.')}
        </p>
      </Notice>
      {problems.length > 0 ? <Problems problems={problems} title={t('Fehler')} /> : null}
      {rows.length === 0 ? null : (
        <div class="stack">
          <h2>
            {rows.length > PREVIEW_ROWS
              ? t('Die ersten {shown} von {count} Zeilen', { shown: PREVIEW_ROWS, count: rows.length })
              : t('Zeilen')}
          </h2>
          <ScrollRegion label={t('Vorschau der Zeilen')}>
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t('Zeile')}</th>
                  <th scope="col">{t('E-Mail-Adresse')}</th>
                  <th scope="col">{t('Name')}</th>
                  <th scope="col">{t('Art')}</th>
                  <th scope="col">{t('Freischaltung')}</th>
                  <th scope="col">{t('Kundennummern')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, PREVIEW_ROWS).map((row) => (
                  <tr>
                    <td>{row.line}</td>
                    <td>{row.email}</td>
                    <td>{row.name}</td>
                    <td>{t(ROLE_NAMES[row.role])}</td>
                    <td>{row.grantName ?? row.name}</td>
                    <td>{row.customerNumbers.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </div>
      )}
      {props.jobId === null ? null : (
        <form method="post" action={`/admin/import/${props.jobId}/start`} class="stack">
          <CsrfField token={props.csrfToken} />
          <p>{t('Wer hier schon Zugang hat, erhält keine E-Mail: Die Freischaltung gilt sofort.')}</p>
          <Button>{t('{count} Zeilen importieren', { count: rows.length })}</Button>
        </form>
      )}
      <p>
        <a href="/admin/import">{t('Andere Datei wählen')}</a>
      </p>
    </section>
  );
}

export function ImportProgressPage(props: { role: 'staff_admin' | 'staff_user'; job: ImportJob }) {
  const t = useTranslator();
  const { job } = props;
  const isDone = job.status === 'done';
  return (
    <section class="stack admin">
      <AdminNav current="import" role={props.role} />
      <h1>{t('Import: {file}', { file: job.fileName })}</h1>
      {isDone ? (
        <Notice kind={job.failed > 0 ? 'info' : 'success'} title={t('Der Import ist abgeschlossen.')}>
          <p>
            {t('{invited} eingeladen, {activated} hatten hier schon Zugang, {failed} nicht möglich.', {
              invited: job.invited,
              activated: job.activated,
              failed: job.failed,
            })}
            {job.alreadyInvited > 0
              ? ' ' +
                t('{count} waren schon eingeladen und haben keine neue E-Mail erhalten.', { count: job.alreadyInvited })
              : null}
          </p>
        </Notice>
      ) : (
        <p role="status">
          {t(
            'Der Import läuft: {processed} von {total} Zeilen erledigt. Diese Seite aktualisiert sich alle 2 Sekunden; Sie können sie auch schließen.',
            {
              processed: job.processed,
              total: job.total,
            },
          )}
        </p>
      )}
      <div class="field">
        <label for="import-progress">{t('Fortschritt')}</label>
        <progress id="import-progress" class="progress" max={job.total} value={job.processed}>
          {t('{processed} von {total}', { processed: job.processed, total: job.total })}
        </progress>
      </div>
      <ul class="list">
        <li>{t('Eingeladen: {count}', { count: job.invited })}</li>
        <li>{t('Hatten hier schon Zugang: {count}', { count: job.activated })}</li>
        {job.alreadyInvited > 0 ? (
          <li>{t('Schon eingeladen, nichts erneut gesendet: {count}', { count: job.alreadyInvited })}</li>
        ) : null}
        <li>{t('Nicht möglich: {count}', { count: job.failed })}</li>
      </ul>
      {job.failures.length > 0 ? <Problems problems={job.failures} title={t('Nicht importierte Zeilen')} /> : null}
      <p>
        <a href="/admin/people">{t('Zu den Personen')}</a> ·{' '}
        <a href="/admin/import">{t('Weitere Datei importieren')}</a>
      </p>
    </section>
  );
}
