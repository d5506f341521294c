import { describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/errors.js';
import { checkLogo } from './logo.js';

const NS = 'xmlns="http://www.w3.org/2000/svg"';
const XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"';

async function refusalOf(svg: string | Buffer): Promise<string | null> {
  try {
    await checkLogo(typeof svg === 'string' ? Buffer.from(svg, 'utf8') : svg);
    return null;
  } catch (error) {
    return isAppError(error) ? error.code : String(error);
  }
}

describe('SVG logos, parsed as XML with the SVG profile only', () => {
  it('keeps a real logo with gradients, a viewBox, text and references to its own parts', async () => {
    const logo = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Acme -->
<svg ${NS} ${XLINK} viewBox="0 0 120 40" preserveAspectRatio="xMidYMid meet">
  <defs><linearGradient id="g" gradientUnits="userSpaceOnUse"><stop offset="0" stop-color="#0a3d62"/><stop offset="1"
  stop-color="#38ada9"/></linearGradient>
  <clipPath id="c"><rect width="120" height="40" rx="6"/></clipPath><path id="p" d="M0 0h10v10z"/></defs>
  <g clip-path="url(#c)"><rect width="120" height="40" fill="url(#g)" style="opacity: 0.9"/><use xlink:href="#p"/><use
  href="#p"/></g>
  <text x="10" y="26" font-family="sans-serif" font-size="16" fill="#fff">Acme Makler</text>
</svg>`;
    const checked = await checkLogo(Buffer.from(logo));
    expect(checked.contentType).toBe('image/svg+xml');
    const text = checked.data.toString('utf8');
    expect(text).toContain('viewBox="0 0 120 40"');
    expect(text).toContain('<linearGradient');
    expect(text).toContain('fill="url(#g)"');
    expect(text).toContain('Acme Makler');
  });

  it('adds the SVG namespace when the file has none', async () => {
    const checked = await checkLogo(Buffer.from('<svg viewBox="0 0 1 1"><rect width="1" height="1"/></svg>'));
    expect(checked.data.toString('utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it.each([
    ['<script>', `<svg ${NS}><script>alert(1)</script></svg>`],
    ['an on* handler', `<svg ${NS} onload="alert(1)"><rect width="1" height="1"/></svg>`],
    ['an on* handler on a child', `<svg ${NS}><rect width="1" height="1" onclick="alert(1)"/></svg>`],
    [
      '<foreignObject> with HTML',
      `<svg ${NS}><foreignObject width="10" height="10"><div ` +
        `xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject></svg>`,
    ],
    [
      '<iframe> in <foreignObject>',
      `<svg ${NS}><foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" ` +
        `src="https://evil.example"/></foreignObject></svg>`,
    ],
    [
      '<embed> in <foreignObject>',
      `<svg ${NS}><foreignObject><embed xmlns="http://www.w3.org/1999/xhtml" ` +
        `src="https://evil.example/x.swf"/></foreignObject></svg>`,
    ],
    [
      'xlink:href javascript: on <a>',
      `<svg ${NS} ${XLINK}><a xlink:href="javascript:alert(1)"><rect width="1" height="1"/></a></svg>`,
    ],
    ['href javascript: on <a>', `<svg ${NS}><a href="javascript:alert(1)"><rect width="1" height="1"/></a></svg>`],
    [
      'entity-encoded javascript: on <a>',
      `<svg ${NS}><a href="&#106;avascript:alert(1)"><rect width="1" height="1"/></a></svg>`,
    ],
    ['xlink:href javascript: on <use>', `<svg ${NS} ${XLINK}><use xlink:href="javascript:alert(1)"/></svg>`],
    ['an external <use>', `<svg ${NS}><use href="https://evil.example/sprite.svg#x"/></svg>`],
    ['href javascript: on <image>', `<svg ${NS}><image href="javascript:alert(1)" width="1" height="1"/></svg>`],
    [
      'a data:text/html <image>',
      `<svg ${NS}><image href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" width="1" ` +
        `height="1"/></svg>`,
    ],
    [
      'a data:text/html link',
      `<svg ${NS}><a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"><rect width="1" ` +
        `height="1"/></a></svg>`,
    ],
    [
      '<animate> changing href to javascript:',
      `<svg ${NS}><a><animate attributeName="href" values="javascript:alert(1)"/><rect width="1" ` +
        `height="1"/></a></svg>`,
    ],
    [
      '<set> changing href to javascript:',
      `<svg ${NS}><a><set attributeName="href" to="javascript:alert(1)"/><rect width="1" height="1"/></a></svg>`,
    ],
    ['a CDATA script', `<svg ${NS}><script><![CDATA[alert(1)]]></script></svg>`],
    ['a CDATA section', `<svg ${NS}><text><![CDATA[<script>alert(1)</script>]]></text></svg>`],
    [
      'an external entity',
      `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg ${NS}><text>&x;</text></svg>`,
    ],
    [
      'entity expansion',
      `<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><svg ` +
        `${NS}><text>&b;</text></svg>`,
    ],
    [
      '<?xml-stylesheet?>',
      `<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/x.css" type="text/css"?><svg ` +
        `${NS}><rect width="1" height="1"/></svg>`,
    ],
    [
      'a processing instruction inside',
      `<svg ${NS}><?xml-stylesheet href="https://evil.example/x.css"?><rect width="1" height="1"/></svg>`,
    ],
    [
      'style with url(javascript:)',
      `<svg ${NS}><rect width="1" height="1" style="fill: url(javascript:alert(1))"/></svg>`,
    ],
    [
      'a <style> with @import',
      `<svg ${NS}><style>@import url(https://evil.example/x.css);</style><rect width="1" height="1"/></svg>`,
    ],
    [
      'a <style> loading an external image',
      `<svg ${NS}><style>rect { fill: url(https://evil.example/track.png) }</style><rect width="1" height="1"/></svg>`,
    ],
    [
      'a namespaced <html:script>',
      `<svg ${NS} xmlns:html="http://www.w3.org/1999/xhtml"><html:script>alert(1)</html:script></svg>`,
    ],
    [
      'an XHTML <script> by default namespace',
      `<svg ${NS}><g><script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></g></svg>`,
    ],
    [
      'malformed XML that an HTML parser would repair',
      `<svg ${NS}><rect width="1" height="1"><script>alert(1)</rect></svg>`,
    ],
  ])('refuses %s', async (_name, svg) => {
    expect(['LOGO_MARKUP_FORBIDDEN', 'LOGO_DOCTYPE', 'LOGO_TYPE_INVALID']).toContain(await refusalOf(svg));
  });

  it('refuses a file that is not UTF-8 and a file that is not an SVG', async () => {
    expect(
      await refusalOf(
        Buffer.concat([Buffer.from(`<svg ${NS}><text>`), Buffer.from([0xff, 0xfe]), Buffer.from('</text></svg>')]),
      ),
    ).toBe('LOGO_TYPE_INVALID');
    expect(await refusalOf('<html><body><svg></svg></body></html>')).toBe('LOGO_TYPE_INVALID');
  });
});
