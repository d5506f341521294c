/**
 * Names of documents as a person gave them, made safe to keep, show and send back in a download:
 * no folders, no control characters, not too long, and never empty.
 */

/** Longest name kept, in characters (Unicode code points), extension included. */
export const MAX_FILE_NAME_LENGTH = 150;
/** The name of a file whose own name leaves nothing. */
export const DEFAULT_FILE_NAME = 'Dokument';

/** A file name's extension, the dot included (`.pdf`). */
export const EXTENSION_PATTERN = /\.([A-Za-z0-9]{1,10})$/;
// C0 and C1 controls with DEL, and the bidirectional controls that make "gpj.exe" read as "exe.jpg".
const UNSAFE_CHARACTERS = /[\p{Cc}\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/gu;
const graphemes = new Intl.Segmenter('de', { granularity: 'grapheme' });

/** The name to keep for an uploaded file: its last path part, cleaned and cut to MAX_FILE_NAME_LENGTH. */
export function safeFileName(name: string): string {
  const lastPart = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = lastPart
    .replace(/\s+/gu, ' ')
    .replace(UNSAFE_CHARACTERS, '')
    // Dots and spaces at the end, which Windows drops ("name.", "..").
    .replace(/[\s.]+$/u, '');
  const extensionMatch = EXTENSION_PATTERN.exec(cleaned);
  const extension = extensionMatch === null ? '' : `.${extensionMatch[1] ?? ''}`;
  // Dots and spaces at the start too: "..", a hidden ".name".
  const stem = cleaned.slice(0, cleaned.length - extension.length).replace(/^[\s.]+|[\s.]+$/gu, '');
  if (stem === '') return extension === '' ? DEFAULT_FILE_NAME : `${DEFAULT_FILE_NAME}${extension}`;
  return `${cutToCodePoints(stem, MAX_FILE_NAME_LENGTH - extension.length).trimEnd()}${extension}`;
}

/** At most `limit` code points, cut between whole characters as a reader sees them (an emoji stays whole). */
function cutToCodePoints(text: string, limit: number): string {
  let kept = '';
  let length = 0;
  for (const { segment } of graphemes.segment(text)) {
    const segmentLength = Array.from(segment).length;
    if (length + segmentLength > limit) break;
    kept += segment;
    length += segmentLength;
  }
  return kept;
}

/**
 * The Content-Disposition header for sending a file under `name` (RFC 6266): an ASCII `filename`
 * for old clients and, when the name is more than that, `filename*` in UTF-8 keeping umlauts and emoji.
 */
export function contentDispositionOf(name: string, disposition: 'attachment' | 'inline'): string {
  const safe = safeFileName(name);
  const fallback = asciiFallbackOf(safe);
  if (fallback === safe) return `${disposition}; filename="${fallback}"`;
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encodeExtendedValue(safe)}`;
}

const GERMAN_LETTERS: Readonly<Record<string, string>> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  Ä: 'Ae',
  Ö: 'Oe',
  Ü: 'Ue',
  ß: 'ss',
  ẞ: 'SS',
};

/**
 * Printable ASCII only: umlauts spelt out (Müller → Mueller), other accents dropped (é → e), anything else
 * `_`. No quote, backslash or percent sign, which clients read differently inside a quoted file name.
 */
function asciiFallbackOf(name: string): string {
  const fallback = name
    .replace(/[äöüÄÖÜßẞ]/gu, (letter) => GERMAN_LETTERS[letter] ?? '_')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '');
  const ascii = Array.from(graphemes.segment(fallback), ({ segment }) =>
    /^[\x20-\x7e]$/.test(segment) && !/["\\%]/.test(segment) ? segment : '_',
  ).join('');
  return ascii.replace(/_{2,}/g, '_');
}

/** RFC 8187's value-chars: what is not an attr-char is percent-encoded from its UTF-8 bytes. */
function encodeExtendedValue(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The name of an attached file (a claim's, a message's) whose device gave it none worth keeping. */
export const DEFAULT_ATTACHMENT_NAME = 'Anhang';

/** The extension each allowed type is kept with. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/heic': '.heic',
  'image/heic-sequence': '.heic',
  'image/heif': '.heif',
  'image/heif-sequence': '.heif',
  'image/tiff': '.tif',
};

/**
 * The name kept for an attached file: the device's name made safe, with the extension its bytes show (a photo named
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
