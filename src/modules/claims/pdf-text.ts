/**
 * Text for the PDF's standard fonts (Helvetica), which know only the Windows-1252 characters. Anything else would
 * come out as wrong letters or break the PDF's text, so it is replaced before it reaches the PDF, and the PDF says so.
 */

/** Windows-1252 as Unicode: Latin-1's printable part and the 27 characters the code page puts at 0x80–0x9F. */
const FONT_CHARACTERS =
  /^[\n\u0020-\u007e\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]*$/u;

/** Characters that look the same as one the font has: no reader loses anything, so they count as no replacement. */
const EQUIVALENTS: Readonly<Record<string, string>> = {
  '\t': '    ',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2212': '-',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u2032': "'",
  '\u2033': '"',
};

/** Letters without a decomposition into a base letter and a mark, written as their nearest Latin letter. */
const NEAREST_LETTERS: Readonly<Record<string, string>> = {
  ł: 'l',
  Ł: 'L',
  ı: 'i',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  Ħ: 'H',
};

/** Zero-width and direction marks: nothing to show, so they go without a note. */
const INVISIBLE = /[\p{Cc}\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;
const MARKS = /\p{M}/gu;
const graphemes = new Intl.Segmenter('de', { granularity: 'grapheme' });

export interface FontText {
  text: string;
  /** Whether a character had to be simplified ("ł" as "l") or replaced by "?". */
  isChanged: boolean;
}

function isFontText(text: string): boolean {
  return FONT_CHARACTERS.test(text);
}

/**
 * The text as the standard fonts can show it: line breaks kept (CR LF and CR become LF), a letter with a mark the
 * font lacks written without it ("ğ" → "g", "ł" → "l"), anything else the font cannot show (emoji, Cyrillic, …) one
 * "?" per character a reader sees.
 */
export function toFontText(input: string): FontText {
  const text = input.normalize('NFC').replace(/\r\n?/g, '\n');
  if (isFontText(text)) return { text, isChanged: false };
  let isChanged = false;
  let result = '';
  for (const { segment } of graphemes.segment(text)) {
    if (segment === '\n' || isFontText(segment)) {
      result += segment;
      continue;
    }
    const equivalent = EQUIVALENTS[segment];
    if (equivalent !== undefined) {
      result += equivalent;
      continue;
    }
    const visible = segment.replace(INVISIBLE, '');
    if (visible === '') continue;
    const base = NEAREST_LETTERS[visible] ?? visible.normalize('NFD').replace(MARKS, '').normalize('NFC');
    isChanged = true;
    result += base !== '' && isFontText(base) ? base : '?';
  }
  return { text: result, isChanged };
}
