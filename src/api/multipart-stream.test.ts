import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { boundaryOf, createMultipartReader, MultipartError } from './multipart-stream.js';

const BOUNDARY = 'grenze-123';
const DELIMITER_LENGTH = 4 + BOUNDARY.length;

function body(parts: string[]): string {
  return parts.map((part) => `--${BOUNDARY}\r\n${part}\r\n`).join('') + `--${BOUNDARY}--\r\n`;
}

/** The body cut into chunks of the given size, so boundaries fall across chunks. */
function chunked(text: string, size: number): AsyncIterable<Uint8Array> {
  const bytes = Buffer.from(text);
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) {
    chunks.push(bytes.subarray(offset, offset + size));
  }
  return Readable.from(chunks);
}

async function collect(stream: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString();
}

describe('createMultipartReader', () => {
  const file = `Anfang\r\n--${BOUNDARY.slice(0, 5)} fast eine Grenze\r\n${'x'.repeat(5000)}Ende`;
  const text = body([
    'Content-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n{"title":"Police"}',
    'Content-Disposition: form-data; name="file"; filename="police.pdf"\r\n' +
      `Content-Type: application/pdf\r\n\r\n${file}`,
  ]);

  // Around the delimiter's length too (CRLF, two dashes and the boundary), where a delimiter straddles two chunks.
  it.each([1, 3, 17, 64, DELIMITER_LENGTH - 2, DELIMITER_LENGTH - 1, DELIMITER_LENGTH, DELIMITER_LENGTH + 1, 100_000])(
    'reads a field and a file, in chunks of %i bytes',
    async (size) => {
      const reader = createMultipartReader(chunked(text, size), BOUNDARY);
      expect(await reader.nextPart()).toEqual({ name: 'metadata', fileName: null, contentType: 'application/json' });
      expect(await reader.text(1000)).toBe('{"title":"Police"}');
      expect(await reader.nextPart()).toEqual({ name: 'file', fileName: 'police.pdf', contentType: 'application/pdf' });
      expect(await collect(reader.stream())).toBe(file);
      expect(await reader.nextPart()).toBeNull();
    },
  );

  it('refuses a field over its limit and a body that ends inside a part', async () => {
    const reader = createMultipartReader(chunked(text, 10), BOUNDARY);
    await reader.nextPart();
    await expect(reader.text(5)).rejects.toBeInstanceOf(MultipartError);
    const cut = createMultipartReader(chunked(text.slice(0, 300), 10), BOUNDARY);
    await cut.nextPart();
    await cut.text(1000);
    await cut.nextPart();
    await expect(collect(cut.stream())).rejects.toBeInstanceOf(MultipartError);
  });

  it('reads the boundary from the content type', () => {
    expect(boundaryOf('multipart/form-data; boundary=abc')).toBe('abc');
    expect(boundaryOf('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(boundaryOf('application/json')).toBeNull();
  });
});
