import { describe, expect, it } from 'vitest';
import { escapeHtml } from './mail-layout.js';
import {
  renderAccessGrantedMail,
  renderEmailConfirmationMail,
  renderInvitationMail,
  type Language,
  type RenderedMail,
} from './mail-templates.js';

const branding = { tenantName: 'Mustermakler GmbH', primaryColor: '#0b5394' };
const link = 'https://mustermakler.portal.example.com/invitation?t=abc123&lang=de';
// 13:30 UTC on 1 December is 14:30 in Berlin (CET, UTC+1).
const winter = new Date('2026-12-01T13:30:00Z');
// 12:05 UTC on 1 July is 14:05 in Berlin (CEST, UTC+2).
const summer = new Date('2026-07-01T12:05:00Z');
const hostileName = 'Max <img src=x onerror=alert(1)> "Boss" & Co\r\nBcc: evil@example.com';
const hostileTenant = 'Evil\r\nBcc: x@example.com <b>GmbH</b> & "Co"';

function invitation(
  language: Language,
  overrides: Partial<Parameters<typeof renderInvitationMail>[0]> = {},
): RenderedMail {
  return renderInvitationMail({
    language,
    branding,
    recipientName: 'Max Mustermann',
    link,
    expiresAt: winter,
    validFor: { unit: 'days', amount: 7 },
    ...overrides,
  });
}

function confirmation(
  language: Language,
  overrides: Partial<Parameters<typeof renderEmailConfirmationMail>[0]> = {},
): RenderedMail {
  return renderEmailConfirmationMail({
    language,
    branding,
    recipientName: 'Max Mustermann',
    link,
    expiresAt: summer,
    validFor: { unit: 'hours', amount: 24 },
    ...overrides,
  });
}

function accessGranted(
  language: Language,
  overrides: Partial<Parameters<typeof renderAccessGrantedMail>[0]> = {},
): RenderedMail {
  return renderAccessGrantedMail({
    language,
    branding,
    recipientName: 'Max Mustermann',
    loginUrl: 'https://mustermakler.portal.example.com/login',
    email: 'max@example.com',
    ...overrides,
  });
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

function expectLinkOnce(mail: RenderedMail, url: string): void {
  expect(count(mail.text, url)).toBe(1);
  expect(mail.text.split('\n')).toContain(url);
  const escaped = escapeHtml(url);
  expect(count(mail.html, `href="${escaped}"`)).toBe(1);
  // Once as href, once as visible text below the button.
  expect(count(mail.html, escaped)).toBe(2);
}

describe('renderInvitationMail', () => {
  it('renders German with formal address, broker name, button and validity', () => {
    const mail = invitation('de');
    expect(mail.subject).toBe('Ihr Zugang zum Kundenportal von Mustermakler GmbH');
    expect(mail.text).toContain('Guten Tag Max Mustermann,');
    expect(mail.text).toContain('Mustermakler GmbH hat für Sie einen Zugang zum Kundenportal eingerichtet.');
    expect(mail.text).toContain('wählen Sie ein eigenes Passwort');
    expect(mail.text).toContain('Der Link ist 7 Tage gültig, bis zum 01.12.2026, 14:30 Uhr.');
    expect(mail.text).toContain('öffnen Sie ihn trotzdem');
    expect(mail.text).toContain('können Sie sie einfach ignorieren');
    expect(mail.text).not.toMatch(/\b(du|dein|dich)\b/i);
    expect(mail.html).toContain('<html lang="de">');
    expect(mail.html).toContain('Der Link ist 7 Tage gültig, bis zum 01.12.2026, 14:30 Uhr.');
    expectLinkOnce(mail, link);
  });

  it('renders English with the date in Europe/Berlin', () => {
    const mail = invitation('en');
    expect(mail.subject).toBe('Your access to the customer portal of Mustermakler GmbH');
    expect(mail.text).toContain('Hello Max Mustermann,');
    expect(mail.text).toContain('The link is valid for 7 days, until 1 December 2026, 14:30 CET.');
    expect(mail.text).toContain('open it anyway');
    expect(mail.text).toContain('ignore it');
    expect(mail.html).toContain('<html lang="en">');
    expectLinkOnce(mail, link);
  });

  it('uses singular units and summer time', () => {
    const de = invitation('de', { validFor: { unit: 'days', amount: 1 }, expiresAt: summer });
    expect(de.text).toContain('Der Link ist 1 Tag gültig, bis zum 01.07.2026, 14:05 Uhr.');
    const en = invitation('en', { validFor: { unit: 'days', amount: 1 }, expiresAt: summer });
    expect(en.text).toContain('The link is valid for 1 day, until 1 July 2026, 14:05 CEST.');
  });

  it('names the zone when another time zone is requested', () => {
    const mail = invitation('de', { timeZone: 'UTC' });
    expect(mail.text).toContain('bis zum 01.12.2026, 13:30 Uhr (UTC).');
  });

  it('escapes a hostile recipient name in HTML and flattens it in text', () => {
    for (const language of ['de', 'en'] as const) {
      const mail = invitation(language, { recipientName: hostileName });
      expect(mail.html).not.toContain('<img');
      expect(mail.html).not.toContain('"Boss"');
      expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;Boss&quot; &amp; Co Bcc: evil@example.com');
      expect(mail.text).not.toContain('\r');
      const greetingLine = mail.text.split('\n')[0];
      expect(greetingLine).toContain('Max <img src=x onerror=alert(1)> "Boss" & Co Bcc: evil@example.com,');
      expect(mail.text.split('\n').some((line) => line.startsWith('Bcc:'))).toBe(false);
    }
  });

  it('keeps a hostile tenant name out of headers and markup', () => {
    const mail = invitation('de', { branding: { tenantName: hostileTenant, primaryColor: '#0b5394' } });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe('Ihr Zugang zum Kundenportal von Evil Bcc: x@example.com <b>GmbH</b> & "Co"');
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).toContain('Evil Bcc: x@example.com &lt;b&gt;GmbH&lt;/b&gt; &amp; &quot;Co&quot;');
    expect(mail.text.split('\n').some((line) => line.startsWith('Bcc:'))).toBe(false);
  });

  it('uses the brand colour for the button and keeps text readable on light colours', () => {
    const dark = invitation('de');
    expect(dark.html).toContain('bgcolor="#0b5394"');
    expect(dark.html).toContain('color:#ffffff');
    const light = invitation('de', { branding: { tenantName: 'Gelb AG', primaryColor: '#FFE600' } });
    expect(light.html).toContain('bgcolor="#ffe600"');
    expect(light.html).toContain('color:#111111');
    const invalid = invitation('de', { branding: { tenantName: 'X', primaryColor: 'red;background:url(x)' } });
    expect(invalid.html).not.toContain('url(x)');
  });

  it('has no external resources or tracking', () => {
    const { html } = invitation('de');
    expect(html).not.toMatch(/<img|<link|<script|src=|url\(/i);
    expect(count(html, 'href=')).toBe(1);
  });

  it('refuses non-http links', () => {
    expect(() => invitation('de', { link: 'javascript:alert(1)' })).toThrow();
    expect(() => invitation('de', { link: 'https://example.com/a\r\nb' })).toThrow();
  });
});

describe('renderEmailConfirmationMail', () => {
  it('renders German', () => {
    const mail = confirmation('de');
    expect(mail.subject).toBe('Bitte bestätigen Sie Ihre E-Mail-Adresse');
    expect(mail.text).toContain('Guten Tag Max Mustermann,');
    expect(mail.text).toContain('Kundenportal von Mustermakler GmbH');
    expect(mail.text).toContain('Der Link ist 24 Stunden gültig, bis zum 01.07.2026, 14:05 Uhr.');
    expect(mail.text).toContain('öffnen Sie ihn trotzdem');
    expect(mail.html).toContain('<html lang="de">');
    expectLinkOnce(mail, link);
  });

  it('renders English', () => {
    const mail = confirmation('en', { validFor: { unit: 'hours', amount: 1 } });
    expect(mail.subject).toBe('Please confirm your e-mail address');
    expect(mail.text).toContain('The link is valid for 1 hour, until 1 July 2026, 14:05 CEST.');
    expectLinkOnce(mail, link);
  });

  it('escapes a hostile name', () => {
    const mail = confirmation('en', { recipientName: hostileName });
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.text).not.toContain('\r');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});

describe('renderAccessGrantedMail', () => {
  const loginUrl = 'https://mustermakler.portal.example.com/login';

  it('renders German without any set-password wording', () => {
    const mail = accessGranted('de');
    expect(mail.subject).toBe('Sie haben jetzt auch Zugang zum Kundenportal von Mustermakler GmbH');
    expect(mail.text).toContain('Guten Tag Max Mustermann,');
    expect(mail.text).toContain('Sie haben jetzt auch Zugang zum Kundenportal von Mustermakler GmbH.');
    expect(mail.text).toContain('max@example.com');
    expect(mail.text).toContain('bisherigen Passwort');
    for (const part of [mail.text, mail.html]) {
      expect(part).not.toMatch(/festlegen|wählen Sie|Passwort setzen|gültig/i);
    }
    expectLinkOnce(mail, loginUrl);
  });

  it('renders English without any set-password wording', () => {
    const mail = accessGranted('en');
    expect(mail.subject).toBe('You now also have access to the customer portal of Mustermakler GmbH');
    expect(mail.text).toContain('existing password');
    for (const part of [mail.text, mail.html]) {
      expect(part).not.toMatch(/choose|set (a|your) password|valid for/i);
    }
    expect(mail.html).toContain('<html lang="en">');
    expectLinkOnce(mail, loginUrl);
  });

  it('escapes hostile values', () => {
    const mail = accessGranted('de', {
      recipientName: hostileName,
      email: 'a"<b>@example.com',
      branding: { tenantName: hostileTenant, primaryColor: '#0b5394' },
    });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.html).not.toMatch(/<img|<b>/);
    expect(mail.html).toContain('a&quot;&lt;b&gt;@example.com');
    expect(mail.text).not.toContain('\r');
  });
});

describe("the broker's contact closing every mail", () => {
  const contact = {
    phone: '+49 221 98765-0',
    email: 'service@mustermakler.example',
    imprintUrl: 'https://www.mustermakler.example/impressum',
  };

  it('names phone, e-mail and Impressum in both parts, and the phone where the mail says whom to contact', () => {
    const mail = renderAccessGrantedMail({
      language: 'de',
      branding: { ...branding, contact },
      recipientName: 'Max',
      loginUrl: 'https://mustermakler.portal.example.com/login',
      email: 'max@example.com',
    });
    expect(mail.text).toContain(
      'Mustermakler GmbH · Telefon +49 221 98765-0 · E-Mail service@mustermakler.example\nImpressum: ' +
        'https://www.mustermakler.example/impressum',
    );
    expect(mail.text).toContain('wenden Sie sich bitte an Mustermakler GmbH (Telefon +49 221 98765-0).');
    expect(mail.html).toContain('<a href="tel:+49221987650"');
    expect(mail.html).toContain('<a href="mailto:service@mustermakler.example"');
    expect(mail.html).toContain('<a href="https://www.mustermakler.example/impressum"');
  });

  it('leaves out what is unset, and a stored link that is not https', () => {
    const partial = invitation('en', {
      branding: { ...branding, contact: { phone: null, email: contact.email, imprintUrl: 'javascript:alert(1)' } },
    });
    expect(partial.text).toContain('Mustermakler GmbH · E-mail service@mustermakler.example\n');
    expect(partial.text).not.toMatch(/Legal notice|Phone|javascript/);
    expect(partial.html).not.toContain('javascript');
    const none = invitation('de', {
      branding: { ...branding, contact: { phone: null, email: null, imprintUrl: null } },
    });
    expect(none).toEqual(invitation('de'));
  });
});
