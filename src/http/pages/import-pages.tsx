import type { ImportRow, RowProblem } from '../../modules/imports/invitation-csv.js';
import type { ImportJob } from '../../modules/imports/import-service.js';
import { AdminNav } from './admin-nav.js';
import { Button, CsrfField, Notice, ScrollRegion } from './components.js';

const ROLE_NAMES = { policyholder: 'Versicherungsnehmer', intermediary: 'Vermittler' } as const;
const number = (value: number) => value.toLocaleString('de-DE');
const PREVIEW_ROWS = 20;
const SHOWN_PROBLEMS = 200;

function Problems(props: { problems: RowProblem[]; title: string }) {
  return (
    <div class="stack">
      <h2>{props.title}</h2>
      <ul class="list">
        {props.problems.slice(0, SHOWN_PROBLEMS).map((problem) => (
          <li>{`Zeile ${problem.line}: ${problem.message}`}</li>
        ))}
      </ul>
      {props.problems.length > SHOWN_PROBLEMS ? <p class="muted">{`… und ${number(props.problems.length - SHOWN_PROBLEMS)} weitere.`}</p> : null}
    </div>
  );
}

export function ImportPage(props: { role: 'staff_admin' | 'staff_user'; csrfToken: string; error: string | null; recent: ImportJob[] }) {
  return (
    <section class="stack admin">
      <AdminNav current="import" role={props.role} />
      <h1>Verwaltung: Einladungen aus einer CSV-Datei</h1>
      {props.error === null ? null : <Notice kind="error">{props.error}</Notice>}
      <div class="card stack">
        <p>
          Die erste Zeile enthält die Spaltennamen: <strong>email</strong> und <strong>name</strong>, optional <strong>kind</strong> (Versicherungsnehmer oder Vermittler),{' '}
          <strong>customer_numbers</strong> (mehrere durch Komma oder | getrennt) und <strong>grant</strong> (Name der Freischaltung). Deutsche Spaltennamen (E-Mail, Name, Art, Kundennummern, Freischaltung) gehen auch; Trennzeichen Semikolon oder Komma.
        </p>
        <p>Sie sehen zuerst eine Vorschau mit allen Fehlern. Erst nach Ihrer Bestätigung werden Einladungen verschickt.</p>
        <form method="post" action="/admin/import" enctype="multipart/form-data" class="stack">
          <CsrfField token={props.csrfToken} />
          <div class="field">
            <label for="field-csv">CSV-Datei (UTF-8, höchstens 2 MB und 10.000 Zeilen)</label>
            <input id="field-csv" name="csv" type="file" accept=".csv,text/csv" required />
          </div>
          <Button>Datei prüfen</Button>
        </form>
      </div>
      {props.recent.length === 0 ? null : (
        <div class="card stack">
          <h2>Letzte Importe</h2>
          <ul class="list">
            {props.recent.map((job) => (
              <li>
                <a href={`/admin/import/${job.id}`}>{job.fileName}</a>
                <span class="muted">{` – ${job.status === 'done' ? 'abgeschlossen' : 'läuft'}: ${number(job.processed)} von ${number(job.total)} Zeilen`}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

export function ImportPreviewPage(props: { role: 'staff_admin' | 'staff_user'; csrfToken: string; jobId: string | null; fileName: string; rows: ImportRow[]; problems: RowProblem[] }) {
  const { rows, problems } = props;
  return (
    <section class="stack admin">
      <AdminNav current="import" role={props.role} />
      <h1>Vorschau: {props.fileName}</h1>
      <Notice kind={problems.length > 0 ? 'error' : 'info'} title={`${number(rows.length)} Zeilen bereit, ${number(problems.length)} mit Fehlern`}>
        <p>
          {problems.length > 0
            ? 'Zeilen mit Fehlern werden nicht importiert. Sie können die Datei korrigieren und erneut prüfen oder nur die fehlerfreien Zeilen importieren.'
            : 'Alle Zeilen sind in Ordnung. Noch wurde nichts gespeichert und keine E-Mail verschickt.'}
        </p>
      </Notice>
      {problems.length > 0 ? <Problems problems={problems} title="Fehler" /> : null}
      {rows.length === 0 ? null : (
        <div class="stack">
          <h2>{rows.length > PREVIEW_ROWS ? `Die ersten ${PREVIEW_ROWS} von ${number(rows.length)} Zeilen` : 'Zeilen'}</h2>
          <ScrollRegion label="Vorschau der Zeilen">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Zeile</th>
                  <th scope="col">E-Mail-Adresse</th>
                  <th scope="col">Name</th>
                  <th scope="col">Art</th>
                  <th scope="col">Freischaltung</th>
                  <th scope="col">Kundennummern</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, PREVIEW_ROWS).map((row) => (
                  <tr>
                    <td>{row.line}</td>
                    <td>{row.email}</td>
                    <td>{row.name}</td>
                    <td>{ROLE_NAMES[row.role]}</td>
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
          <Button>{`${number(rows.length)} Einladungen verschicken`}</Button>
        </form>
      )}
      <p>
        <a href="/admin/import">Andere Datei wählen</a>
      </p>
    </section>
  );
}

export function ImportProgressPage(props: { role: 'staff_admin' | 'staff_user'; job: ImportJob }) {
  const { job } = props;
  const isDone = job.status === 'done';
  return (
    <section class="stack admin">
      <AdminNav current="import" role={props.role} />
      <h1>Import: {job.fileName}</h1>
      {isDone ? (
        <Notice kind={job.failed > 0 ? 'info' : 'success'} title="Der Import ist abgeschlossen.">
          <p>{`${number(job.invited)} eingeladen, ${number(job.activated)} hatten schon ein Passwort und haben sofort Zugang, ${number(job.failed)} nicht möglich.`}</p>
        </Notice>
      ) : (
        <p role="status">{`Der Import läuft: ${number(job.processed)} von ${number(job.total)} Zeilen erledigt. Diese Seite aktualisiert sich alle 2 Sekunden; Sie können sie auch schließen.`}</p>
      )}
      <div class="field">
        <label for="import-progress">Fortschritt</label>
        <progress id="import-progress" class="progress" max={job.total} value={job.processed}>
          {`${number(job.processed)} von ${number(job.total)}`}
        </progress>
      </div>
      <ul class="list">
        <li>{`Eingeladen: ${number(job.invited)}`}</li>
        <li>{`Sofort freigeschaltet (hatten schon ein Passwort): ${number(job.activated)}`}</li>
        <li>{`Nicht möglich: ${number(job.failed)}`}</li>
      </ul>
      {job.failures.length > 0 ? <Problems problems={job.failures} title="Nicht importierte Zeilen" /> : null}
      <p>
        <a href="/admin/people">Zu den Personen</a> · <a href="/admin/import">Weitere Datei importieren</a>
      </p>
    </section>
  );
}
