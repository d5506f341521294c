import { safeFileName } from '../documents/file-name.js';
import type { FileKind } from '../documents/file-type.js';

/** At most this many files per claim, those already attached counted. */
export const MAX_CLAIM_ATTACHMENTS = 20;
/** At most this many bytes together per claim, those already attached counted. */
export const MAX_CLAIM_ATTACHMENT_BYTES = 35 * 1024 * 1024;
/** Photos and PDFs, told by their bytes. */
export const CLAIM_ATTACHMENT_KINDS: readonly FileKind[] = ['jpeg', 'png', 'heic', 'pdf'];

/** The name of an attachment in the ZIP's folder and in listings of the claim. */
export const DEFAULT_ATTACHMENT_NAME = 'Anhang';

export interface ClaimAttachmentView {
  id: string;
  name: string;
  size: number;
  contentType: string;
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/heic': '.heic',
  'image/heic-sequence': '.heic',
  'image/heif': '.heif',
  'image/heif-sequence': '.heif',
};

const EXTENSION_PATTERN = /\.[A-Za-z0-9]{1,10}$/;

/**
 * The name kept for an uploaded file: the device's name made safe, with the extension its bytes show (a photo named
 * `.pdf` is kept as `.jpg`), so every download opens in the right program.
 */
export function attachmentNameOf(uploadedName: string, contentType: string): string {
  const stem = safeFileName(uploadedName).replace(EXTENSION_PATTERN, '').trim();
  return safeFileName(`${stem === '' ? DEFAULT_ATTACHMENT_NAME : stem}${EXTENSIONS[contentType] ?? ''}`);
}

/** The name without its extension (the download adds the one of its content type again). */
export function attachmentTitleOf(name: string): string {
  return name.replace(EXTENSION_PATTERN, '') || DEFAULT_ATTACHMENT_NAME;
}

/**
 * Names inside the ZIP, one per attachment in order: safe, and unique without regard to case (two `foto.jpg` become
 * `foto.jpg` and `foto (2).jpg`), since Windows and macOS would otherwise overwrite one with the other.
 */
export function uniqueEntryNamesOf(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const safe = safeFileName(name);
    const extension = EXTENSION_PATTERN.exec(safe)?.[0] ?? '';
    const stem = safe.slice(0, safe.length - extension.length);
    let candidate = safe;
    for (let number = 2; taken.has(candidate.toLocaleLowerCase('de')); number += 1) {
      candidate = `${stem} (${String(number)})${extension}`;
    }
    taken.add(candidate.toLocaleLowerCase('de'));
    return candidate;
  });
}
