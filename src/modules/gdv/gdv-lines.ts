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
 * skipped. A line of any other length than 256 is handed on as incomplete for the caller to report;
 * a line of several whole records (a lost line break) is cut into them.
 */
export async function* splitRecords(source: AsyncIterable<unknown>, charset: GdvCharset): AsyncGenerator<PhysicalRecord> {
  let carry = '';
  let line = 0;
  for await (const chunk of source) {
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError('A GDV file must be read as bytes: do not set an encoding on the stream');
    }
    // Latin-1 and Latin-9 use one byte per character, so a chunk boundary never splits a character.
    const text = carry + decodeBytes(chunk, charset);
    let start = 0;
    let end = text.indexOf('\n', start);
    while (end !== -1) {
      line += 1;
      yield* recordsOfLine(text.slice(start, end), line);
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    carry = text.slice(start);
    if (carry.length > UNBROKEN_LIMIT) {
      const whole = carry.length - (carry.length % RECORD_LENGTH);
      for (let offset = 0; offset < whole; offset += RECORD_LENGTH) {
        line += 1;
        yield { line, text: carry.slice(offset, offset + RECORD_LENGTH), isComplete: true };
      }
      carry = carry.slice(whole);
    }
  }
  if (carry.length > 0) {
    line += 1;
    yield* recordsOfLine(carry, line);
  }
}

function* recordsOfLine(raw: string, line: number): Generator<PhysicalRecord> {
  let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (text.endsWith(END_OF_FILE_MARK)) text = text.slice(0, -1);
  if (text.trim() === '') return;
  if (text.length === RECORD_LENGTH) {
    yield { line, text, isComplete: true };
    return;
  }
  if (text.length > RECORD_LENGTH && text.length % RECORD_LENGTH === 0) {
    for (let offset = 0; offset < text.length; offset += RECORD_LENGTH) {
      yield { line, text: text.slice(offset, offset + RECORD_LENGTH), isComplete: true };
    }
    return;
  }
  yield { line, text, isComplete: false };
}
