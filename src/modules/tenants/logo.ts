import { AppError, type ErrorCode } from '../../shared/errors.js';
import type { MessageValues } from '../../shared/i18n/translator.js';

export const LOGO_MAX_BYTES = 200 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_MAX_SIDE = 4000;

export interface CheckedLogo {
  contentType: 'image/png' | 'image/svg+xml';
  data: Buffer;
}

function refuseLogo(code: ErrorCode, params?: MessageValues): never {
  throw new AppError(code, params === undefined ? { field: 'logo' } : { field: 'logo', params });
}

/**
 * A PNG is kept as it is once its header is a real PNG's; an SVG is parsed as XML, rebuilt by
 * DOMPurify and refused when anything had to be removed (scripts, event handlers, foreign objects,
 * references outside the file): a logo that needed cleaning is not one the broker meant to upload.
 * The logo is also only ever shown through <img> and served with a sandboxing CSP, so even a
 * missed construct could not run.
 */
export async function checkLogo(bytes: Uint8Array): Promise<CheckedLogo> {
  if (bytes.byteLength === 0) {
    refuseLogo('LOGO_MISSING');
  }
  if (bytes.byteLength > LOGO_MAX_BYTES) {
    refuseLogo('LOGO_TOO_LARGE', { kilobytes: LOGO_MAX_BYTES / 1024 });
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
    refuseLogo('LOGO_DAMAGED');
  }
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  if (width === 0 || height === 0 || width > PNG_MAX_SIDE || height > PNG_MAX_SIDE) {
    refuseLogo('LOGO_DIMENSIONS_TOO_LARGE', { side: PNG_MAX_SIDE });
  }
  return data;
}

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
/**
 * DOMPurify's lists are lower case; an XML parse keeps case, so SVG's camelCase names are added here (no feImage: it
 * loads).
 */
const CAMEL_CASE_TAGS = [
  'linearGradient',
  'radialGradient',
  'clipPath',
  'textPath',
  'feBlend',
  'feColorMatrix',
  'feComponentTransfer',
  'feComposite',
  'feConvolveMatrix',
  'feDiffuseLighting',
  'feDisplacementMap',
  'feDistantLight',
  'feDropShadow',
  'feFlood',
  'feFuncA',
  'feFuncB',
  'feFuncG',
  'feFuncR',
  'feGaussianBlur',
  'feMerge',
  'feMergeNode',
  'feMorphology',
  'feOffset',
  'fePointLight',
  'feSpecularLighting',
  'feSpotLight',
  'feTile',
  'feTurbulence',
];
const CAMEL_CASE_ATTRIBUTES = [
  'viewBox',
  'preserveAspectRatio',
  'gradientUnits',
  'gradientTransform',
  'patternUnits',
  'patternContentUnits',
  'patternTransform',
  'clipPathUnits',
  'maskUnits',
  'maskContentUnits',
  'primitiveUnits',
  'filterUnits',
  'stdDeviation',
  'baseFrequency',
  'numOctaves',
  'stitchTiles',
  'kernelMatrix',
  'tableValues',
  'lengthAdjust',
  'textLength',
  'startOffset',
  'spreadMethod',
  'markerHeight',
  'markerWidth',
  'markerUnits',
  'refX',
  'refY',
  'pathLength',
  'surfaceScale',
  'specularConstant',
  'specularExponent',
  'diffuseConstant',
  'kernelUnitLength',
  'limitingConeAngle',
  'pointsAtX',
  'pointsAtY',
  'pointsAtZ',
  'xChannelSelector',
  'yChannelSelector',
  'edgeMode',
  'targetX',
  'targetY',
];
/** CSS that loads or runs something: a logo needs none of it (url(#id) to its own gradients is fine). */
const ACTIVE_CSS = /@import|expression\s*\(|javascript:|url\s*\(\s*(?!['"]?#)/i;
function decodeSvgText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true })
      .decode(data)
      .replace(/^\uFEFF/, '')
      .trim();
  } catch {
    refuseLogo('LOGO_TYPE_INVALID');
  }
}

/** What DOMPurify cannot see as markup: the XML prologue's instructions, entities and character data. */
function refuseXmlConstructs(text: string): string {
  if (!/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(text)) {
    refuseLogo('LOGO_TYPE_INVALID');
  }
  // Entities and document types are how XML files reach out (XXE) or blow up (billion laughs).
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    refuseLogo('LOGO_DOCTYPE');
  }
  const body = text.replace(/^<\?xml[^>]*>/i, '');
  // <?xml-stylesheet?> loads a style sheet; CDATA hides text from a reader that looks for markup.
  if (body.includes('<?') || /<!\[CDATA\[/i.test(body)) {
    refuseLogo('LOGO_MARKUP_FORBIDDEN');
  }
  return /^(\s*<!--[\s\S]*?-->)*\s*<svg(?![^>]*\sxmlns=)/i.test(body)
    ? body.replace(/<svg/i, `<svg xmlns="${SVG_NAMESPACE}"`)
    : body;
}

/** After cleaning: references only to the logo's own parts, and no CSS that loads or runs anything. */
function refuseReferences(document: Document): void {
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const isReference = attribute.localName === 'href' || attribute.localName === 'src';
      const isOutsideReference = isReference && !attribute.value.trim().startsWith('#');
      if (
        isOutsideReference ||
        ACTIVE_CSS.test(attribute.value) ||
        /^\s*(javascript|data|vbscript):/i.test(attribute.value)
      ) {
        refuseLogo('LOGO_MARKUP_FORBIDDEN');
      }
    }
    if (element.localName === 'style' && ACTIVE_CSS.test(element.textContent)) {
      refuseLogo('LOGO_MARKUP_FORBIDDEN');
    }
  }
}

/**
 * Parsed as XML, as a browser does with a file served as image/svg+xml (an HTML parse sees
 * another tree, and a difference between the two is how sanitisers are bypassed), with the SVG
 * profile only.
 */
async function sanitiseSvg(data: Buffer): Promise<string> {
  const text = refuseXmlConstructs(decodeSvgText(data));
  // Loaded only when a logo is uploaded: the DOM is large and nothing else needs it.
  const [{ JSDOM }, { default: createDOMPurify }] = await Promise.all([import('jsdom'), import('dompurify')]);
  const { window } = new JSDOM('');
  try {
    const purify = createDOMPurify(window);
    const clean = purify
      .sanitize(text, {
        USE_PROFILES: { svg: true, svgFilters: true },
        PARSER_MEDIA_TYPE: 'application/xhtml+xml',
        NAMESPACE: SVG_NAMESPACE,
        // <use> only ever points into the file itself: refuseReferences checks every href below.
        ADD_TAGS: [...CAMEL_CASE_TAGS, 'use'],
        ADD_ATTR: CAMEL_CASE_ATTRIBUTES,
      })
      .trim();
    // DOMPurify also reports the template it parses into, and comments; neither is content.
    const isWrapper = (entry: (typeof purify.removed)[number]): boolean =>
      'element' in entry && ['#comment', 'template', 'BODY', 'HTML', 'HEAD'].includes(entry.element.nodeName);
    const removed = purify.removed.filter((entry) => !isWrapper(entry));
    if (removed.length > 0) {
      refuseLogo('LOGO_MARKUP_FORBIDDEN');
    }
    if (!/^<svg[\s>/]/i.test(clean)) {
      refuseLogo('LOGO_TYPE_INVALID');
    }
    const parsed = new JSDOM(clean, { contentType: 'image/svg+xml' });
    try {
      refuseReferences(parsed.window.document);
    } finally {
      parsed.window.close();
    }
    return clean;
  } finally {
    window.close();
  }
}
