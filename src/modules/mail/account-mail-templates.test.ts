import { describe, expect, it } from 'vitest';
import { renderPasswordChangedMail, renderPasswordResetMail } from './account-mail-templates.js';

const branding = { tenantName: 'Acme <b>Makler</b>\r\nBcc: x@example.com', primaryColor: '#0b5d7a' };
const expiresAt = new Date('2026-11-24T11:00:00Z');

describe('account mails', () => {
  it('sends the reset link with its one-hour validity in both languages', () => {
    for (const language of ['de', 'en'] as const) {
      const mail = renderPasswordResetMail({
        language,
        branding,
        recipientName: 'Kai',
        link: 'https://acme.example/set-password?token=abc',
        expiresAt,
        validFor: { unit: 'hours', amount: 1 },
      });
      expect(mail.text).toContain('https://acme.example/set-password?token=abc');
      expect(mail.text).toContain(
        language === 'de' ? '1 Stunde gültig, bis zum 24.11.2026, 12:00 Uhr' : 'valid for 1 hour',
      );
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.html).not.toContain('<b>Makler</b>');
      expect(mail.html).toContain('&lt;b&gt;Makler&lt;/b&gt;');
    }
  });

  it('tells of a changed password without any link that sets one', () => {
    const mail = renderPasswordChangedMail({
      language: 'de',
      branding,
      recipientName: 'Kai',
      loginUrl: 'https://acme.example/login',
      changedAt: expiresAt,
    });
    expect(mail.subject).toBe('Ihr Passwort wurde geändert');
    expect(mail.text).toContain('am 24.11.2026, 12:00 Uhr geändert');
    expect(mail.text).toContain('https://acme.example/login');
    expect(mail.text).not.toContain('set-password');
  });
});

describe('e-mail changed notice', () => {
  it('tells the old address the new one, with no button and no link', async () => {
    const { renderEmailChangedMail } = await import('./account-mail-templates.js');
    const mail = renderEmailChangedMail({
      language: 'de',
      branding,
      recipientName: 'Kai',
      newEmail: 'neu@example.com\r\nBcc: x@example.com',
    });
    expect(mail.subject).toBe('Ihre E-Mail-Adresse wurde geändert');
    expect(mail.text).toContain('neu@example.com');
    expect(mail.text).not.toMatch(/https?:\/\//);
    expect(mail.html).not.toContain('<a ');
    expect(mail.text).not.toContain('\r\nBcc');
  });
});
