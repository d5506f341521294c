import { describe, expect, it } from 'vitest';
import { renderClaimPortalMail, type ClaimPortalMailKind } from './claim-release-mail.js';

const KINDS: ClaimPortalMailKind[] = ['release_requested', 'released', 'returned', 'draft_reminder'];
const LINK = 'https://acme.portal.example/schaeden/0b7e8c1e-3f55-4c7a-9d8e-2f1b6a0c9e11';

function render(kind: ClaimPortalMailKind, language: 'de' | 'en') {
  return renderClaimPortalMail({
    kind,
    language,
    branding: { tenantName: 'Acme <Makler>', primaryColor: '#1f4e79' },
    recipientName: 'Rita Reporter',
    link: LINK,
    deletionAt: new Date('2027-01-07T09:30:00Z'),
  });
}

describe('the mails of the release and of drafts', () => {
  it.each(KINDS.flatMap((kind) => [[kind, 'de'] as const, [kind, 'en'] as const]))(
    '%s in %s carries the link, the broker escaped and a subject of its own',
    (kind, language) => {
      const mail = render(kind, language);
      expect(mail.text).toContain(LINK);
      expect(mail.html).toContain(LINK);
      expect(mail.html).not.toContain('<Makler>');
      expect(mail.text).toContain(language === 'de' ? 'Guten Tag Rita Reporter' : 'Hello Rita Reporter');
      const others = KINDS.filter((other) => other !== kind).map((other) => render(other, language).subject);
      expect(others).not.toContain(mail.subject);
    },
  );

  it('names the day of deletion in the reminder, in the reader’s language', () => {
    expect(render('draft_reminder', 'de').text).toContain('07.01.2027, 10:30 Uhr');
    expect(render('draft_reminder', 'en').text).toContain('2027');
    expect(render('draft_reminder', 'en').subject).toBe('Your claim report has not been sent yet');
  });
});
