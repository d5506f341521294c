import { decodeBytes } from './gdv-fields.js';
import { RECORD_LENGTH } from './gdv-layout.js';
import type { GdvCharset } from './gdv-records.js';

/** One record of 256 characters, or a line that is not one, with where it was in the file. */
export interface PhysicalRecord {
  line: number;
  text: string;
  /** False for a line of another length than 256: truncated, or not a GDV record at all. */
  isComplete: boolean;
}

/**
 * Past this many characters without a line break the file is taken to be records written back to back
 * (some insurers deliver them so); cutting them into 256-character records keeps memory flat.
 */
const UNBROKEN_LIMIT = RECORD_LENGTH * 16;
const END_OF_FILE_MARK = '\u001a';

/**
 * Splits a byte stream into records: LF or CRLF line ends, a DOS end-of-file mark ignored, blank lines
 * skipped. A line of several whole records (no or a lost line break) is cut into them; a line of any
 * other length is handed on as incomplete for the caller to report.
 */
export async function* splitRecords(
  source: AsyncIterable<unknown>,
  charset: GdvCharset,
): AsyncGenerator<PhysicalRecord> {
  const counter = { line: 0 };
  let carry = '';
  for await (const chunk of source) {
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError('A GDV file must be read as bytes: do not set an encoding on the stream');
    }
    // Latin-1 and Latin-9 use one byte per character, so a chunk boundary never splits a character.
    const text = carry + decodeBytes(chunk, charset);
    let start = 0;
    let end = text.indexOf('\n', start);
    while (end !== -1) {
      yield* recordsOfLine(text.slice(start, end), counter);
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    carry = text.slice(start);
    if (carry.length > UNBROKEN_LIMIT) {
      const whole = carry.length - (carry.length % RECORD_LENGTH);
      yield* recordsOfLine(carry.slice(0, whole), counter);
      carry = carry.slice(whole);
    }
  }
  if (carry.length > 0) yield* recordsOfLine(carry, counter);
}

/** A line holding several records (no line breaks) counts as that many lines, so each record has its own number. */
function* recordsOfLine(raw: string, counter: { line: number }): Generator<PhysicalRecord> {
  let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (text.endsWith(END_OF_FILE_MARK)) text = text.slice(0, -1);
  if (text.trim() === '') {
    counter.line += 1;
    return;
  }
  if (text.length % RECORD_LENGTH !== 0) {
    counter.line += 1;
    yield { line: counter.line, text, isComplete: false };
    return;
  }
  for (let offset = 0; offset < text.length; offset += RECORD_LENGTH) {
    counter.line += 1;
    yield { line: counter.line, text: text.slice(offset, offset + RECORD_LENGTH), isComplete: true };
  }
}
