import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { isValidElement, type Child } from 'hono/jsx';
import { describe, expect, it, vi } from 'vitest';
import { CsrfField, Field, Notice } from './components.js';
import { EMPTY_CONTACT } from '../../modules/tenants/tenant-contact.js';
import { brandColors, DEFAULT_BRAND_COLOR, Layout, renderDocument, type LayoutProps } from './layout.js';
import { buildPortalNav } from './portal-nav.js';

/** The markup of an element: hono's nodes render through toString(), an async component's to a promise. */
async function markup(element: unknown): Promise<string> {
  if (!isValidElement(element)) {
    throw new Error('Not an element');
  }
  return element.toString();
}

const branding = { name: 'Mustermakler GmbH', primaryColor: '#0B5394' };

async function render(overrides: Partial<LayoutProps> = {}, children: Child = <p>Inhalt</p>): Promise<string> {
  const props: LayoutProps = { title: 'Anmelden', language: 'de', branding, nonce: 'n0nce', ...overrides };
  return markup(<Layout {...props}>{children}</Layout>);
}

describe('Layout', () => {
  it('renders a complete German document', async () => {
    const html = await render();
    expect(html.startsWith('<!DOCTYPE html><html lang="de">')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    expect(html).toContain('<meta name="robots" content="noindex"/>');
    expect(html).toContain('<title>Anmelden – Mustermakler GmbH</title>');
    expect(html).toContain('<link rel="stylesheet" href="/assets/portico.css"/>');
    expect(html).toContain('<a class="skip-link" href="#main">Zum Inhalt springen</a>');
    expect(html).toContain('<main id="main" tabindex="-1"><p>Inhalt</p></main>');
    expect(html).toContain('<span class="site-name">Mustermakler GmbH</span>');
    expect(html).toContain('Ein Kundenportal von Mustermakler GmbH · bereitgestellt mit Portico');
  });

  it('sets the English language', async () => {
    const html = await render({ language: 'en', title: 'Sign in' });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Skip to content');
  });

  it('names the platform when there is no tenant', async () => {
    const html = await render({ branding: null });
    expect(html).toContain('<title>Anmelden – Portico</title>');
    expect(html).toContain(`--brand:${DEFAULT_BRAND_COLOR}`);
    expect(html).not.toContain('Kundenportal von');
  });

  it('escapes a hostile broker name and title', async () => {
    const name = '</title><script>alert(1)</script>"&\'';
    const html = await render({ branding: { name, primaryColor: '#0b5394' }, title: '<b>x</b>' });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&#39;');
    expect(html.match(/<title>/g)).toHaveLength(1);
  });

  it('puts the nonce on the style block and every script', async () => {
    const html = await render({ scripts: ['/assets/password-rules.js', '/assets/other.js'] });
    expect(html).toContain('<style nonce="n0nce">:root{--brand:#0b5394;--on-brand:#ffffff}</style>');
    expect(html).toContain('<script type="module" nonce="n0nce" src="/assets/password-rules.js"></script>');
    expect(html).toContain('<script type="module" nonce="n0nce" src="/assets/other.js"></script>');
    expect(html).not.toMatch(/<script(?![^>]*nonce="n0nce")/);
    expect(html).not.toContain(' style="');
  });

  it('falls back to the default colour for invalid values', async () => {
    for (const primaryColor of ['red', '#fff', '#12345g', '#0b5394;}body{display:none', '']) {
      const html = await render({ branding: { name: 'X', primaryColor } });
      expect(html).toContain(`<style nonce="n0nce">:root{--brand:${DEFAULT_BRAND_COLOR};--on-brand:#ffffff}</style>`);
    }
  });

  it('uses dark text on light brand colours', () => {
    expect(brandColors('#0b5394')).toEqual({ brand: '#0b5394', onBrand: '#ffffff' });
    expect(brandColors('#FFE600')).toEqual({ brand: '#ffe600', onBrand: '#111111' });
  });
});

describe('renderDocument', () => {
  it('renders a whole page, head and scripts included, without entering an AsyncLocalStorage', () => {
    // On Node 20 the first run() switches on promise hooks for the rest of the process.
    const run = vi.spyOn(AsyncLocalStorage.prototype, 'run');
    try {
      const html = renderDocument({
        title: 'Verträge <&>',
        language: 'de',
        branding,
        nonce: 'n0nce',
        scripts: ['/assets/a.js'],
        refreshSeconds: 5,
        languageSwitch: { csrfToken: 'token', returnTo: '/vertraege' },
        portalNav: buildPortalNav({ contracts: true }, 'contracts'),
        children: <p>Inhalt</p>,
      });
      expect(html).toContain('<title>Verträge &lt;&amp;&gt; – Mustermakler GmbH</title>');
      expect(html).toContain('<meta http-equiv="refresh" content="5"/>');
      expect(html).toContain('<style nonce="n0nce">:root{--brand:#0b5394;--on-brand:#ffffff}</style>');
      expect(html).toContain('<script type="module" nonce="n0nce" src="/assets/a.js"></script></head><body>');
      expect(run).not.toHaveBeenCalled();
    } finally {
      run.mockRestore();
    }
  });
});

describe('components', () => {
  it('gives errors role=alert and others role=status', async () => {
    const error = await markup(
      <Notice kind="error" title="Fehler">
        x
      </Notice>,
    );
    expect(error).toContain('class="notice notice-error" role="alert"');
    const info = await markup(<Notice kind="info">x</Notice>);
    expect(info).toContain('class="notice notice-info" role="status"');
  });

  it('links label, hint and error to the input and never echoes a password', async () => {
    const field = await markup(
      <Field
        label="E-Mail"
        name="email"
        type="email"
        autocomplete="username"
        value={'a"b'}
        hint="Hinweis"
        error="Ungültig"
        required
        describedBy="extra"
      />,
    );
    expect(field).toContain('<label for="field-email">E-Mail</label>');
    expect(field).toContain('aria-describedby="field-email-error field-email-hint extra"');
    expect(field).toContain('aria-invalid="true"');
    expect(field).toContain('value="a&quot;b"');
    const password = await markup(<Field label="Passwort" name="password" type="password" value="Geheim1!" />);
    expect(password).not.toContain('Geheim1!');
  });

  it('renders the CSRF field escaped', async () => {
    const html = await markup(<CsrfField token={'t"&k'} />);
    expect(html).toBe('<input type="hidden" name="_csrf" value="t&quot;&amp;k"/>');
  });
});

describe('portico.css', () => {
  const css = readFileSync(new URL('../assets/portico.css', import.meta.url), 'utf8');

  it('defines the classes the pages use and stays small', () => {
    for (const cls of [
      '.card',
      '.field',
      '.hint',
      '.button',
      '.button-secondary',
      '.notice-error',
      '.notice-success',
      '.notice-info',
      '.rule-list',
      '.visually-hidden',
      '.stack',
      '.muted',
      '.list',
      '.inline-form',
      '.grant',
    ]) {
      expect(css).toContain(cls);
    }
    expect(css).toContain("li[data-met='true']::before");
    expect(css).toContain("li[data-met='false']::before");
    expect(css).not.toMatch(/@import|url\(/);
    // One rule per line, as the formatter writes it; a budget that grows only with new kinds of content.
    expect(css.split('\n').length).toBeLessThan(900);
  });
});

describe('the customer shell', () => {
  const contact = {
    imprintUrl: 'https://www.mustermakler.example/impressum',
    privacyUrl: 'https://www.mustermakler.example/datenschutz',
    phone: '+49 (0)221 123456-0',
    email: 'service@mustermakler.example',
    officeHours: 'Mo–Fr 9–17 Uhr',
    postalAddress: 'Musterstraße 1\n50667 Köln',
  };

  it("puts the broker's Impressum, Datenschutz and contact in the footer", async () => {
    const html = await render({ branding: { ...branding, contact } });
    const footer = html.slice(html.indexOf('<footer'));
    expect(footer).toContain('<a href="https://www.mustermakler.example/impressum">Impressum</a>');
    expect(footer).toContain('<a href="https://www.mustermakler.example/datenschutz">Datenschutz</a>');
    expect(footer).toContain('<a href="tel:+492211234560" class="nowrap">+49 (0)221 123456-0</a>');
    expect(footer).toContain('<a href="mailto:service@mustermakler.example">service@mustermakler.example</a>');
    expect(footer).toContain('aria-label="Rechtliches"');
  });

  it('leaves out what the broker has not set', async () => {
    const onlyImprint = { ...EMPTY_CONTACT, imprintUrl: contact.imprintUrl };
    const partial = await render({ branding: { ...branding, contact: onlyImprint } });
    expect(partial).toContain('>Impressum</a>');
    expect(partial).not.toContain('Datenschutz');
    expect(partial).not.toContain('tel:');
    expect(partial).not.toContain('footer-contact');
    const none = await render({ branding: { ...branding, contact: EMPTY_CONTACT } });
    expect(none).not.toContain('footer-links');
    expect(none).not.toContain('footer-contact');
    expect(none).toContain('Ein Kundenportal von Mustermakler GmbH');
  });

  it('lists only the sections with content, marks the current one and offers a menu that needs no script', async () => {
    const nav = buildPortalNav({ colleagues: true, contracts: false }, 'account');
    expect(nav.items.map((item) => item.id)).toEqual(['overview', 'colleagues', 'account']);
    const html = await render({ portalNav: nav });
    expect(html).toContain('<details class="portal-menu"><summary>Menü</summary>');
    expect(html).toContain('<a href="/profile" aria-current="page">Mein Zugang</a>');
    expect(html).toContain('<a href="/">Übersicht</a>');
    expect(html).not.toContain('Verträge');
    expect(html).not.toContain('<script');
    const withContracts = buildPortalNav({ contracts: true }, 'overview');
    expect(withContracts.items.map((item) => item.id)).toEqual(['overview', 'contracts', 'account']);
  });

  it('shows no section navigation where none is given', async () => {
    const html = await render();
    expect(html).not.toContain('portal-menu');
    expect(html).not.toContain('Hauptnavigation');
  });
});
