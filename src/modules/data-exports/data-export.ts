import { HOUR, MINUTE } from '../../shared/clock.js';
import { uniqueEntryNamesOf } from '../claims/claim-attachment.js';
import { downloadNameOf, type DocumentView } from '../documents/document.js';

/** How long the mailed link works after the export is ready. */
export const DATA_EXPORT_LINK_LIFETIME = 24 * HOUR;
/** How long a worker holds an export it prepares before another may take it over (a large ZIP takes minutes). */
export const DATA_EXPORT_LEASE = 30 * MINUTE;
/** Attempts to prepare an export before it is given up (the person sees it failed and may ask again). */
export const DATA_EXPORT_MAX_ATTEMPTS = 3;
/**
 * A downloaded export's file stays this long after the link was used, so a download still streaming is not cut off
 * by the sweep; expired ones go at once.
 */
export const DATA_EXPORT_DOWNLOAD_GRACE = 6 * HOUR;
/** Logins listed in daten.json, newest first. */
export const DATA_EXPORT_MAX_LOGINS = 1000;

/** What Mein Zugang shows of the person's newest export at this broker. */
export type DataExportState =
  | { kind: 'none' }
  | { kind: 'preparing'; requestedAt: Date }
  | { kind: 'ready'; expiresAt: Date }
  | { kind: 'downloaded'; downloadedAt: Date }
  | { kind: 'expired' }
  | { kind: 'failed' };

export function stateOfExport(
  row: {
    status: string;
    createdAt: Date;
    expiresAt: Date | null;
    downloadedAt: Date | null;
  } | null,
  now: Date,
): DataExportState {
  if (row === null) return { kind: 'none' };
  switch (row.status) {
    case 'pending':
      return { kind: 'preparing', requestedAt: row.createdAt };
    case 'ready':
      return row.expiresAt !== null && row.expiresAt.getTime() > now.getTime()
        ? { kind: 'ready', expiresAt: row.expiresAt }
        : { kind: 'expired' };
    case 'downloaded':
      return { kind: 'downloaded', downloadedAt: row.downloadedAt ?? row.createdAt };
    case 'failed':
      return { kind: 'failed' };
    default:
      return { kind: 'expired' };
  }
}

/** The ZIP's download name: `portico-daten-<day>.zip`, the day in Berlin, when the person downloads it. */
export function exportFileNameOf(at: Date): string {
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(at);
  return `portico-daten-${day}.zip`;
}

/** Characters Windows does not allow in a file's name; a title's slash would otherwise be read as a folder. */
const RESERVED_IN_NAMES = /[\\/:*?"<>|]/g;

/**
 * The entry name of each document inside `dokumente/`: its download name, made safe for a ZIP and the file systems
 * it is unpacked on (no folders, no control characters, none of Windows' reserved characters) and unique without
 * regard to case.
 */
export function documentEntryNamesOf(documents: readonly Pick<DocumentView, 'title' | 'contentType'>[]): string[] {
  return uniqueEntryNamesOf(
    documents.map((document) => downloadNameOf({ ...document, title: document.title.replace(RESERVED_IN_NAMES, '-') })),
  ).map((name) => `dokumente/${name}`);
}

/**
 * The entry names of files kept in folders, `<root>/<folder>/<file>`: each folder's name and each file's made safe like
 * a document's (no further folders, none of Windows' reserved characters) and unique without regard to case, the
 * folders among themselves and the files within their folder. Answers one name per file, in order.
 */
export function folderEntryNamesOf(
  root: string,
  folders: readonly { name: string; files: readonly string[] }[],
): string[][] {
  const folderNames = uniqueEntryNamesOf(folders.map((folder) => folder.name.replace(RESERVED_IN_NAMES, '-')));
  return folders.map((folder, index) =>
    uniqueEntryNamesOf(folder.files.map((file) => file.replace(RESERVED_IN_NAMES, '-'))).map(
      (file) => `${root}/${folderNames[index] ?? String(index + 1)}/${file}`,
    ),
  );
}

/**
 * A part of daten.json another module adds (`addSection`): its key and what it holds for the person at this broker.
 * The consents module, once it exists, adds its consents here.
 */
export interface DataExportSection {
  key: string;
  collect: (tenantId: string, identityId: string) => Promise<unknown>;
}
