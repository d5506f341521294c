import { describe, expect, it } from 'vitest';
import { renderNewDocumentsMail } from './document-mail-templates.js';

const branding = { tenantName: 'Acme Makler', primaryColor: '#123456' };

describe('the mail "Neue Dokumente"', () => {
  it('in German: the broker, the sentence, the count and the link in text and HTML', () => {
    const mail = renderNewDocumentsMail({
      language: 'de',
      branding,
      recipientName: 'Max Muster',
      link: 'https://acme.example/dokumente',
      count: 3,
    });
    expect(mail.subject).toBe('Neue Dokumente in Ihrem Kundenportal');
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('Acme Makler');
      expect(body).toContain('Es liegen neue Dokumente für Sie bereit');
      expect(body).toContain('3 neue Dokumente');
      expect(body).toContain('https://acme.example/dokumente');
    }
    expect(mail.html).toContain('#123456');
  });

  it('in English, one document', () => {
    const mail = renderNewDocumentsMail({
      language: 'en',
      branding,
      recipientName: 'Max Muster',
      link: 'https://acme.example/dokumente',
      count: 1,
    });
    expect(mail.subject).toBe('New documents in your customer portal');
    expect(mail.text).toContain('A new document is waiting for you');
    expect(mail.text).toContain('“My access”');
  });

  it('refuses a link that is not http(s)', () => {
    expect(() =>
      renderNewDocumentsMail({ language: 'de', branding, recipientName: 'M', link: 'javascript:alert(1)', count: 1 }),
    ).toThrow();
  });
});
