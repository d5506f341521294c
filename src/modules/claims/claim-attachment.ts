import { EXTENSION_PATTERN, safeFileName } from '../documents/file-name.js';
import type { FileKind } from '../documents/file-type.js';

/** At most this many files per claim, those already attached counted. */
export const MAX_CLAIM_ATTACHMENTS = 20;
/** At most this many bytes together per claim, those already attached counted. */
export const MAX_CLAIM_ATTACHMENT_BYTES = 35 * 1024 * 1024;
/** Photos and PDFs, told by their bytes. */
export const CLAIM_ATTACHMENT_KINDS: readonly FileKind[] = ['jpeg', 'png', 'heic', 'pdf'];

export interface ClaimAttachmentView {
  id: string;
  name: string;
  size: number;
  contentType: string;
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
