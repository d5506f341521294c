import { inflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/**
 * Bigger logos are shown as the broker's name: the PDF library splits a PNG's transparency pixel by pixel on the
 * event loop, about a quarter of a second per million pixels; the PDF draws the logo at most 180 × 56 points.
 */
export const MAX_LOGO_PIXELS = 1_000_000;
/** Samples per pixel of each PNG colour type: grey, RGB, palette, grey with alpha, RGBA. */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export type PdfLogo = { kind: 'png' | 'jpeg'; data: Buffer };

/**
 * The logo bytes the PDF can embed, or null to show the broker's name instead (SVG, anything else, a damaged image).
 * A PNG is checked fully here because the PDF library decodes transparent PNGs in a callback, where a damaged image
 * would throw outside any request and end the process.
 */
export function pdfLogoOf(logo: { contentType: string; data: Uint8Array } | null): PdfLogo | null {
  if (logo === null) return null;
  const data = Buffer.from(logo.data.buffer, logo.data.byteOffset, logo.data.byteLength);
  if (data.subarray(0, 8).equals(PNG_SIGNATURE)) return isSoundPng(data) ? { kind: 'png', data } : null;
  if (data.length > 4 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return { kind: 'jpeg', data };
  return null;
}

function isSoundPng(data: Buffer): boolean {
  try {
    let offset = 8;
    let header: { height: number; bitsPerRow: number } | null = null;
    const imageData: Buffer[] = [];
    while (offset + 8 <= data.length) {
      const length = data.readUInt32BE(offset);
      const type = data.toString('latin1', offset + 4, offset + 8);
      const body = data.subarray(offset + 8, offset + 8 + length);
      if (body.length !== length) return false;
      if (type === 'IHDR') {
        const [depth, colorType, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
        const channels = CHANNELS[colorType ?? -1];
        // Interlaced images are rare for logos and decoded differently; the name stands in for them.
        if (channels === undefined || depth === undefined || interlace !== 0) return false;
        const width = body.readUInt32BE(0);
        const height = body.readUInt32BE(4);
        if (width === 0 || height === 0 || width * height > MAX_LOGO_PIXELS) return false;
        header = { height, bitsPerRow: channels * depth * width };
      } else if (type === 'IDAT') {
        imageData.push(body);
      } else if (type === 'IEND') {
        break;
      }
      offset += 12 + length;
    }
    if (header === null || imageData.length === 0) return false;
    const pixels = inflateSync(Buffer.concat(imageData));
    const rowBytes = Math.ceil(header.bitsPerRow / 8);
    if (pixels.length < (rowBytes + 1) * header.height) return false;
    for (let row = 0; row < header.height; row += 1) {
      const filter = pixels[row * (rowBytes + 1)];
      if (filter === undefined || filter > 4) return false;
    }
    return true;
  } catch {
    return false;
  }
}
