import type { GdvImportProblem } from '../../modules/gdv/gdv-import-service.js';
import type { GdvImportJob, GdvPreview } from '../../modules/gdv/gdv-upload-service.js';
import type { ShownError } from '../page-errors.js';
import { useTranslator } from '../language.js';
import { AdminNav } from './admin-nav.js';
import { Button, CsrfField, Notice, RecentJobs, ScrollRegion } from './components.js';

type Role = 'staff_admin' | 'staff_user';
const SHOWN_PROBLEMS = 200;

function ProblemList(props: { problems: GdvImportProblem[]; total: number; title: string }) {
  const t = useTranslator();
  if (props.total === 0) {
    return null;
  }
  return (
    <div class="stack" id="gdv-problems">
      <h2>{props.title}</h2>
      <ul class="list">
        {props.problems.slice(0, SHOWN_PROBLEMS).map((problem) => (
          <li>
            {t('Zeile {line}', { line: String(problem.line) })}
            {problem.satzart === null ? '' : ` · ${t('Satzart {satzart}', { satzart: problem.satzart })}`}
            {problem.field === null ? '' : ` · ${t('Feld „{field}“', { field: problem.field })}`}
            {`: ${problem.message}`}
          </li>
        ))}
      </ul>
      {props.total > Math.min(props.problems.length, SHOWN_PROBLEMS) ? (
        <p class="muted">
          {t('… und {count} weitere.', { count: props.total - Math.min(props.problems.length, SHOWN_PROBLEMS) })}
        </p>
      ) : null}
    </div>
  );
}

function SatzartTable(props: { preview: GdvPreview }) {
  const t = useTranslator();
  const rows = Object.entries(props.preview.recordsBySatzart).sort(([a], [b]) => (a < b ? -1 : 1));
  return (
    <ScrollRegion label={t('Datensätze je Satzart')}>
      <table class="table" id="gdv-satzarten">
        <caption class="visually-hidden">{t('Datensätze je Satzart')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Satzart')}</th>
            <th scope="col">{t('Datensätze')}</th>
            <th scope="col">{t('Verarbeitung')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([satzart, count]) => (
            <tr>
              <th scope="row">{satzart}</th>
              <td>{t.number(count)}</td>
              <td>{props.preview.skippedBySatzart[satzart] === undefined ? t('gelesen') : t('übersprungen')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export interface GdvImportPageProps {
  role: Role;
  csrfToken: string;
  /** A refusal of the upload. */
  error: ShownError | null;
  maxMegabytes: number;
  recent: GdvImportJob[];
}

export function GdvImportPage(props: GdvImportPageProps) {
  const t = useTranslator();
  return (
    <section class="stack admin">
      <AdminNav current="import" role={props.role} />
      <p>
        <a href="/admin/import">{t('← Einladungen aus einer CSV-Datei')}</a>
      </p>
      <h1>{t('Verwaltung: Bestand aus einer GDV-Datei')}</h1>
      {props.error === null ? null : (
        <Notice kind="error" code={props.error.code}>
          {t.text(props.error.text)}
        </Notice>
      )}
      <div class="card stack">
        <p>
          {t(
            'Eine GDV-Datei („VU-Vermittler“, Satzarten 0001, 0100, 0200, 9999) legt Kunden und Verträge an oder aktualisiert sie. Sie sehen zuerst eine Vorschau; erst nach Ihrer Bestätigung wird importiert.',
          )}
        </p>
        <form method="post" action="/admin/import/gdv" enctype="multipart/form-data" class="stack">
          <CsrfField token={props.csrfToken} />
          <div class="field">
            <label for="field-gdv">{t('GDV-Datei (höchstens {max} MB)', { max: props.maxMegabytes })}</label>
            <p class="hint" id="field-gdv-hint">
              {t('Zeichensatz ISO 8859-15, wie ihn die Versicherer liefern; Umlaute bleiben erhalten.')}
            </p>
            <input id="field-gdv" name="gdv" type="file" required aria-describedby="field-gdv-hint" />
          </div>
          <Button>{t('Datei prüfen')}</Button>
        </form>
      </div>
      <RecentJobs
        title={t('Letzte GDV-Importe')}
        jobs={props.recent.map((job) => ({
          href: `/admin/import/gdv/${job.id}`,
          fileName: job.fileName,
          state:
            job.status === 'done'
              ? t('abgeschlossen')
              : job.status === 'failed'
                ? t('abgebrochen')
                : t('läuft: {done} von {total} Datensätzen', { done: job.recordsDone, total: job.totalRecords }),
        }))}
      />
    </section>
  );
}

export function GdvPreviewPage(props: { role: Role; csrfToken: string; job: GdvImportJob }) {
  const t = useTranslator();
  const { job } = props;
  const { preview } = job;
  return (
    <section class="stack admin">
      <AdminNav current="import" role={props.role} />
      <h1>{t('Vorschau: {file}', { file: job.fileName })}</h1>
      <div class="card stack" id="gdv-preview">
        <p>{t('{count} Datensätze gelesen.', { count: preview.records })}</p>
        <p id="gdv-customers">
          {t('Kunden: {create} neu, {update} aktualisiert', {
            create: preview.customers.create,
            update: preview.customers.update,
          })}
        </p>
        <p id="gdv-contracts">
          {t('Verträge: {create} neu, {update} aktualisiert', {
            create: preview.contracts.create,
            update: preview.contracts.update,
          })}
        </p>
        <SatzartTable preview={preview} />
        <ProblemList
          problems={preview.problems}
          total={preview.problemCount}
          title={t('{count} fehlerhafte Datensätze (werden übersprungen)', { count: preview.problemCount })}
        />
        <form method="post" action={`/admin/import/gdv/${job.id}/start`} class="stack">
          <CsrfField token={props.csrfToken} />
          <Button>{t('Import starten')}</Button>
        </form>
        <p>
          <a href="/admin/import/gdv">{t('Abbrechen')}</a>
        </p>
      </div>
    </section>
  );
}

export function GdvProgressPage(props: { role: Role; job: GdvImportJob }) {
  const t = useTranslator();
  const { job } = props;
  const isFinished = job.status === 'done' || job.status === 'failed';
  return (
    <section class="stack admin">
      <AdminNav current="import" role={props.role} />
      <h1>{t('GDV-Import: {file}', { file: job.fileName })}</h1>
      {job.status === 'failed' ? (
        <Notice kind="error">
          {t(
            'Der Import wurde abgebrochen. Was bis dahin geschrieben war, bleibt; die Datei kann erneut importiert werden.',
          )}
        </Notice>
      ) : null}
      <div class="card stack" id="gdv-progress">
        <p role="status">
          {isFinished
            ? t('Fertig: {done} von {total} Datensätzen verarbeitet.', {
                done: job.recordsDone,
                total: job.totalRecords,
              })
            : t('Läuft: {done} von {total} Datensätzen verarbeitet. Die Seite aktualisiert sich selbst.', {
                done: job.recordsDone,
                total: job.totalRecords,
              })}
        </p>
        <progress max={Math.max(job.totalRecords, 1)} value={job.recordsDone} aria-label={t('Fortschritt')} />
        <p id="gdv-result-customers">{t('Kunden: {created} neu, {updated} aktualisiert', job.counts.customers)}</p>
        <p id="gdv-result-contracts">{t('Verträge: {created} neu, {updated} aktualisiert', job.counts.contracts)}</p>
      </div>
      {isFinished ? (
        <div class="card stack">
          <ProblemList
            problems={job.preview.problems}
            total={job.preview.problemCount}
            title={t('{count} fehlerhafte Datensätze (übersprungen)', { count: job.preview.problemCount })}
          />
          <ProblemList
            problems={job.problems}
            total={job.counts.refused}
            title={t('{count} nicht übernommene Kunden oder Verträge', { count: job.counts.refused })}
          />
          {job.preview.problemCount + job.counts.refused === 0 ? <p>{t('Keine Fehler.')}</p> : null}
          <p>
            <a href="/admin/customers">{t('Zu den Kunden')}</a>
          </p>
        </div>
      ) : null}
    </section>
  );
}
