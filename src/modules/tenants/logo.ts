import { AppError } from '../../shared/errors.js';
import { personText, translatorFor, type Message, type MessageValues } from '../../shared/i18n/translator.js';

export const LOGO_MAX_BYTES = 200 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_MAX_SIDE = 4000;

export interface CheckedLogo {
  contentType: 'image/png' | 'image/svg+xml';
  data: Buffer;
}

function refuse(text: Message, values?: MessageValues): never {
  throw new AppError('LOGO_INVALID', translatorFor('de')(text, values), personText(text, values));
}

/**
 * A PNG is kept as it is once its header is a real PNG's; an SVG is rebuilt by DOMPurify and refused
 * when anything had to be removed (scripts, event handlers, foreign objects): a logo that needed
 * cleaning is not one the broker meant to upload. The logo is also only ever shown through <img>
 * and served with a sandboxing CSP, so even a missed construct could not run.
 */
export async function checkLogo(bytes: Uint8Array): Promise<CheckedLogo> {
  if (bytes.byteLength === 0) {
    refuse('Bitte wählen Sie eine Datei aus.');
  }
  if (bytes.byteLength > LOGO_MAX_BYTES) {
    refuse('Das Logo ist zu groß: höchstens 200 KB.');
  }
  const data = Buffer.from(bytes);
  if (data.subarray(0, 8).equals(PNG_SIGNATURE)) {
    return { contentType: 'image/png', data: checkPng(data) };
  }
  return { contentType: 'image/svg+xml', data: Buffer.from(await sanitiseSvg(data), 'utf8') };
}

function checkPng(data: Buffer): Buffer {
  // The first chunk must be IHDR (13 bytes: width, height, …).
  if (data.length < 33 || data.toString('latin1', 12, 16) !== 'IHDR') {
    refuse('Die PNG-Datei ist beschädigt.');
  }
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  if (width === 0 || height === 0 || width > PNG_MAX_SIDE || height > PNG_MAX_SIDE) {
    refuse('Das Logo darf höchstens {side} × {side} Pixel groß sein.', { side: PNG_MAX_SIDE });
  }
  return data;
}

async function sanitiseSvg(data: Buffer): Promise<string> {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(data).replace(/^\uFEFF/, '').trim();
  if (!/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(text)) {
    refuse('Bitte laden Sie eine PNG- oder SVG-Datei hoch.');
  }
  // Entities and document types are how XML files reach out (XXE) or blow up (billion laughs).
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    refuse('Das SVG enthält eine Dokumenttyp-Deklaration; bitte speichern Sie es ohne sie.');
  }
  // Loaded only when a logo is uploaded: the DOM is large and nothing else needs it.
  const [{ JSDOM }, { default: createDOMPurify }] = await Promise.all([import('jsdom'), import('dompurify')]);
  const { window } = new JSDOM('');
  try {
    const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
    const clean = purify.sanitize(text.replace(/^<\?xml[^>]*>/i, ''), { USE_PROFILES: { svg: true, svgFilters: true } });
    // DOMPurify also reports the document wrapper it parsed into, and comments; neither is content.
    const removed = purify.removed.filter((entry) => !('element' in entry && ['#comment', 'BODY', 'HTML', 'HEAD'].includes(entry.element?.nodeName ?? '')));
    if (removed.length > 0) {
      refuse('Das SVG enthält Skripte, Ereignis-Attribute oder eingebettete Inhalte. Bitte laden Sie eine reine Grafik hoch.');
    }
    if (!/^<svg[\s>]/i.test(clean)) {
      refuse('Bitte laden Sie eine PNG- oder SVG-Datei hoch.');
    }
    // Served as a file of its own, an SVG needs its namespace.
    return clean.includes('xmlns="http://www.w3.org/2000/svg"') ? clean : clean.replace(/^<svg/i, '<svg xmlns="http://www.w3.org/2000/svg"');
  } finally {
    window.close();
  }
}
