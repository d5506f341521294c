import { readFileSync, statSync } from 'node:fs';
import { CSV_MAX_BYTES, parseInvitationCsv } from '../modules/imports/invitation-csv.js';
import { AppError } from '../shared/errors.js';
import { textOfError } from '../shared/error-registry.js';
import { translatorFor } from '../shared/i18n/translator.js';
import { INVITE_ROWS_MAX } from '../operator-commands/commands.js';
import { exitWithError } from './cli-environment.js';
import { counted } from '../operator-commands/output-format.js';
import { withCommandRunner } from './run-command.js';

const BAR_WIDTH = 30;

/** A bar on a terminal, redrawn in place; elsewhere (a log, CI) a line every tenth of the way. */
function createProgress(total: number) {
  const isTerminal = process.stderr.isTTY;
  let lastTenth = -1;
  return (done: number) => {
    if (isTerminal) {
      const filled = Math.round((done / total) * BAR_WIDTH);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total}`);
      if (done === total) process.stderr.write('\n');
      return;
    }
    const tenth = Math.floor((done / total) * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      process.stderr.write(`${done}/${total} rows\n`);
    }
  };
}

/**
 * `portico invite --csv <file>`: checks the whole file first (nothing is written when the file
 * itself is unusable), then invites the good rows in chunks with a progress bar, and ends with a
 * summary. Exit code 0 when every row was imported, 1 when any row was refused.
 */
export async function importCsvCommand(options: { tenant: string; csv: string }): Promise<void> {
  let bytes: Buffer;
  try {
    if (statSync(options.csv).size > CSV_MAX_BYTES) {
      throw new AppError('VALIDATION_FAILED', `${options.csv} is larger than ${CSV_MAX_BYTES / 1024 / 1024} MB`);
    }
    bytes = readFileSync(options.csv);
  } catch (error) {
    exitWithError(
      error instanceof AppError
        ? error
        : new AppError('VALIDATION_FAILED', `Cannot read ${options.csv}: ${(error as Error).message}`),
    );
  }
  const parsed = parseInvitationCsv(bytes);
  if (parsed.fileProblem !== null) {
    exitWithError(
      new AppError(parsed.fileProblem.code, {
        detail: translatorFor('de').text(textOfError(parsed.fileProblem)),
        ...(parsed.fileProblem.params === undefined ? {} : { params: parsed.fileProblem.params }),
      }),
    );
  }
  for (const problem of parsed.problems) {
    process.stderr.write(`Row ${problem.line} skipped: ${problem.message}\n`);
  }
  const counts = { invited: 0, active: 0, already_invited: 0, failed: 0 };
  let lastLine: number | null = null;
  const progress = createProgress(parsed.rows.length);
  const onRow = (line: string): void => {
    const [row, state, message] = line.split('\t');
    lastLine = Number(row);
    if (state === 'invited' || state === 'active' || state === 'already_invited') {
      counts[state] += 1;
    } else {
      counts.failed += 1;
    }
    if (state === 'already_invited') {
      process.stdout.write(`Row ${row}: already invited to this grant; nothing sent again\n`);
    } else if (state === 'failed') {
      process.stderr.write(`\nRow ${row} not imported: ${message}\n`);
    }
    progress(counts.invited + counts.active + counts.already_invited + counts.failed);
  };
  let stopped: unknown = null;
  await withCommandRunner(async (run) => {
    progress(0);
    try {
      for (let start = 0; start < parsed.rows.length; start += INVITE_ROWS_MAX) {
        await run(
          'invite.rows',
          { tenant: options.tenant, rows: parsed.rows.slice(start, start + INVITE_ROWS_MAX) },
          onRow,
        );
      }
    } catch (error) {
      // Stopped half-way (the portal died, the disk is full): what was committed is still reported below.
      stopped = error;
    }
  });
  const refused = parsed.problems.length + counts.failed;
  const done = counts.invited + counts.active + counts.already_invited + counts.failed;
  if (stopped !== null && done === 0) {
    exitWithError(stopped);
  }
  process.stdout.write(
    `${stopped === null ? 'Imported' : 'Stopped importing'} ${options.csv}: ${counts.invited} invited, ` +
      `${counts.active} already had a password and have access now, ` +
      `${counts.already_invited} already invited (nothing sent again), ${counted(refused, 'row')} not imported\n`,
  );
  // Set by onRow, which the type checker does not follow.
  const committedUpTo = lastLine as number | null;
  if (stopped !== null) {
    process.stderr.write(
      `\n${done} of ${parsed.rows.length} rows are committed` +
        `${committedUpTo === null ? '' : ` (up to line ${committedUpTo})`}; ` +
        'the row in hand when it stopped may be committed too. ' +
        'Run the same command again: rows already invited are recognised and not invited again.\n',
    );
    exitWithError(stopped);
  }
  process.exitCode = refused > 0 ? 1 : 0;
}
