import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { FILE_TYPE_HEAD_BYTES, fileTypeOf, withFileType } from './file-type.js';

/** An ISO-BMFF file's start: an ftyp box with the main brand and the compatible ones. */
function ftyp(main: string, compatible: string[] = []): Buffer {
  const size = 16 + 4 * compatible.length;
  const box = Buffer.alloc(size + 8);
  box.writeUInt32BE(size, 0);
  box.write('ftyp', 4, 'latin1');
  box.write(main, 8, 'latin1');
  compatible.forEach((brand, index) => box.write(brand, 16 + 4 * index, 'latin1'));
  box.write('meta', size + 4, 'latin1');
  return box;
}

const bytes = (...values: number[]) => Buffer.from(values);
const text = (value: string) => Buffer.from(value, 'latin1');

describe('fileTypeOf', () => {
  it.each([
    ['a PDF', text('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'pdf', 'application/pdf'],
    ['a PDF 2.0', text('%PDF-2.0\n'), 'pdf', 'application/pdf'],
    ['a JPEG (JFIF)', bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46), 'jpeg', 'image/jpeg'],
    ['a JPEG (Exif)', bytes(0xff, 0xd8, 0xff, 0xe1, 0x12, 0x34, 0x45, 0x78), 'jpeg', 'image/jpeg'],
    ['a PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d), 'png', 'image/png'],
    ['a TIFF, little-endian', bytes(0x49, 0x49, 0x2a, 0x00, 0x08, 0, 0, 0), 'tiff', 'image/tiff'],
    ['a TIFF, big-endian', bytes(0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 0x08), 'tiff', 'image/tiff'],
    ['an iPhone photo (heic)', ftyp('heic', ['mif1', 'heic']), 'heic', 'image/heic'],
    ['a heix photo', ftyp('heix', ['mif1', 'heix']), 'heic', 'image/heic'],
    ['a heim photo', ftyp('heim'), 'heic', 'image/heic'],
    ['a heis photo', ftyp('heis'), 'heic', 'image/heic'],
    ['an HEVC sequence (hevc)', ftyp('hevc', ['msf1']), 'heic', 'image/heic-sequence'],
    ['an HEVC sequence (hevx)', ftyp('hevx'), 'heic', 'image/heic-sequence'],
    ['a general HEIF (mif1 main, heic compatible)', ftyp('mif1', ['heic']), 'heic', 'image/heif'],
    ['a general HEIF sequence (msf1)', ftyp('msf1', ['hevc']), 'heic', 'image/heif-sequence'],
    ['an HEIF naming heic among its compatible brands', ftyp('miaf', ['mif1', 'heic']), 'heic', 'image/heic'],
  ])('knows %s', (_name, head, kind, mediaType) => {
    expect(fileTypeOf(head)).toMatchObject({ kind, mediaType });
  });

  it.each([
    ['nothing', Buffer.alloc(0)],
    ['a text file', text('Sehr geehrte Damen und Herren')],
    ['a PDF named only later in the file', text('\n%PDF-1.4')],
    ['a truncated PNG signature', bytes(0x89, 0x50, 0x4e, 0x47)],
    ['two bytes of a JPEG', bytes(0xff, 0xd8)],
    ['a GIF', text('GIF89a')],
    ['a ZIP (also .docx and .xlsx)', bytes(0x50, 0x4b, 0x03, 0x04)],
    ['a Windows program', text('MZ\x90\x00')],
    ['an HTML page', text('<!DOCTYPE html><html>')],
    ['an SVG', text('<svg xmlns="http://www.w3.org/2000/svg">')],
    ['a BigTIFF', bytes(0x49, 0x49, 0x2b, 0x00)],
    ['an MP4 video', ftyp('isom', ['iso2', 'mp41'])],
    ['a QuickTime video', ftyp('qt  ')],
    ['an AVIF photo, whose compatible brands name mif1', ftyp('avif', ['mif1', 'miaf'])],
    ['an ftyp box that says it is shorter than itself', Buffer.concat([bytes(0, 0, 0, 8), text('ftypheic')])],
  ])('refuses %s', (_name, head) => {
    expect(fileTypeOf(head)).toBeNull();
  });

  it('reads only the first bytes: a file is judged the same by its head as whole', () => {
    const whole = Buffer.concat([ftyp('heic', ['mif1', 'heic']), Buffer.alloc(10_000, 1)]);
    expect(fileTypeOf(whole.subarray(0, FILE_TYPE_HEAD_BYTES))).toEqual(fileTypeOf(whole));
    expect(fileTypeOf(new Uint8Array(whole.buffer, whole.byteOffset, 64))?.kind).toBe('heic');
  });
});

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

describe('withFileType', () => {
  it('tells the type of an upload from its first bytes and gives back every byte', async () => {
    const pdf = Buffer.concat([text('%PDF-1.7\n'), Buffer.alloc(100_000, 7)]);
    const inBytes = Readable.from(
      Array.from(pdf.subarray(0, 300), (byte) => Buffer.from([byte])).concat([pdf.subarray(300)]),
    );
    const byBytes = await withFileType(inBytes);
    expect(byBytes.type?.kind).toBe('pdf');
    expect((await readAll(byBytes.body)).equals(pdf)).toBe(true);

    const photo = Buffer.concat([bytes(0xff, 0xd8, 0xff, 0xe0), Buffer.alloc(70_000, 1)]);
    const whole = await withFileType(Readable.from([photo]));
    expect(whole.type?.kind).toBe('jpeg');
    expect((await readAll(whole.body)).equals(photo)).toBe(true);
  });

  it('answers null for an empty or unknown upload, and ends the upload when its stream is destroyed', async () => {
    const empty = await withFileType(Readable.from([]));
    expect(empty.type).toBeNull();
    expect(await readAll(empty.body)).toHaveLength(0);

    const upload = Readable.from([text('MZ'), Buffer.alloc(1000), Buffer.alloc(1000)]);
    const unknown = await withFileType(upload);
    expect(unknown.type).toBeNull();
    unknown.body.destroy();
    await vi.waitFor(() => expect(upload.destroyed).toBe(true));
  });
});
