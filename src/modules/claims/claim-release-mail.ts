import {
  checkLink,
  cleanText,
  formatDeadline,
  greeting,
  renderMail,
  type Language,
  type MailBranding,
  type RenderedMail,
} from '../mail/mail-layout.js';

/**
 * The mails of the release by a second person and of drafts left untouched. Like the broker's claim mail they carry no
 * answers and no comment (a claim may hold health or bank data): only that something waits, and the portal's link.
 */
export type ClaimPortalMailKind = 'release_requested' | 'released' | 'returned' | 'draft_reminder';

export interface ClaimPortalMailInput {
  kind: ClaimPortalMailKind;
  language: Language;
  branding: MailBranding;
  recipientName: string;
  /** The claim in the portal on the broker's own address. */
  link: string;
  /** For a draft reminder: when the draft is deleted if it stays untouched. */
  deletionAt?: Date;
}

interface Texts {
  subject: string;
  intro: string[];
  action: string;
  outro: string[];
  footer: string;
}

function textsOf(input: ClaimPortalMailInput, tenant: string): Texts {
  const deadline = input.deletionAt === undefined ? '' : formatDeadline(input.language, input.deletionAt);
  if (input.language === 'de') {
    switch (input.kind) {
      case 'release_requested':
        return {
          subject: 'Eine Schadenmeldung wartet auf Ihre Freigabe',
          intro: [
            `Im Kundenportal von ${tenant} wurde eine Schadenmeldung zur Freigabe gesendet.`,
            'Sie dürfen sie freigeben: Bitte prüfen Sie sie und geben Sie sie frei oder zurück.',
          ],
          action: 'Schadenmeldung prüfen',
          outro: ['Erst nach der Freigabe erhält Ihr Makler die Schadenmeldung.'],
          footer: 'Sie erhalten diese E-Mail, weil Sie in Ihrer Freischaltung Schadenmeldungen freigeben dürfen.',
        };
      case 'released':
        return {
          subject: 'Ihre Schadenmeldung wurde freigegeben',
          intro: [`Ihre Schadenmeldung wurde freigegeben und an ${tenant} gemeldet.`],
          action: 'Schadenmeldung ansehen',
          outro: [],
          footer: 'Sie erhalten diese E-Mail, weil Sie diese Schadenmeldung zur Freigabe gesendet haben.',
        };
      case 'returned':
        return {
          subject: 'Ihre Schadenmeldung wurde zurückgegeben',
          intro: [
            'Ihre Schadenmeldung wurde nicht freigegeben, sondern an Sie zurückgegeben.',
            'Im Kundenportal lesen Sie, was noch fehlt oder zu ändern ist, und senden sie danach erneut.',
          ],
          action: 'Entwurf öffnen',
          outro: [],
          footer: 'Sie erhalten diese E-Mail, weil Sie diese Schadenmeldung zur Freigabe gesendet haben.',
        };
      case 'draft_reminder':
        return {
          subject: 'Ihre Schadenmeldung ist noch nicht abgeschickt',
          intro: [
            `Sie haben im Kundenportal von ${tenant} eine Schadenmeldung begonnen, aber noch nicht abgeschickt.`,
            'Sie können sie jederzeit fortsetzen.',
          ],
          action: 'Entwurf fortsetzen',
          outro: [`Bleibt der Entwurf unverändert, wird er am ${deadline} gelöscht.`],
          footer: 'Sie erhalten diese E-Mail einmal, weil Ihr Entwurf seit 30 Tagen nicht geändert wurde.',
        };
    }
  }
  switch (input.kind) {
    case 'release_requested':
      return {
        subject: 'A claim report is waiting for your release',
        intro: [
          `A claim report has been sent for release in the customer portal of ${tenant}.`,
          'You may release it: please check it and release it or return it.',
        ],
        action: 'Check the claim report',
        outro: ['Your broker receives the claim report only once it is released.'],
        footer: 'You are receiving this e-mail because you may release claim reports in your access grant.',
      };
    case 'released':
      return {
        subject: 'Your claim report has been released',
        intro: [`Your claim report has been released and reported to ${tenant}.`],
        action: 'View the claim report',
        outro: [],
        footer: 'You are receiving this e-mail because you sent this claim report for release.',
      };
    case 'returned':
      return {
        subject: 'Your claim report has been returned',
        intro: [
          'Your claim report was not released but returned to you.',
          'In the customer portal you can read what is missing or needs changing, and then send it again.',
        ],
        action: 'Open the draft',
        outro: [],
        footer: 'You are receiving this e-mail because you sent this claim report for release.',
      };
    case 'draft_reminder':
      return {
        subject: 'Your claim report has not been sent yet',
        intro: [
          `You started a claim report in the customer portal of ${tenant} but have not sent it yet.`,
          'You can continue it at any time.',
        ],
        action: 'Continue the draft',
        outro: [`If the draft stays unchanged, it will be deleted on ${deadline}.`],
        footer: 'You are receiving this e-mail once because your draft has not been changed for 30 days.',
      };
  }
}

export function renderClaimPortalMail(input: ClaimPortalMailInput): RenderedMail {
  const tenant = cleanText(input.branding.tenantName);
  const texts = textsOf(input, tenant);
  const isGerman = input.language === 'de';
  return renderMail({
    language: input.language,
    branding: input.branding,
    subject: texts.subject,
    preheader: texts.intro[0] ?? texts.subject,
    greeting: greeting(input.language, input.recipientName),
    intro: texts.intro,
    action: { label: texts.action, href: checkLink(input.link) },
    linkHint: isGerman
      ? 'Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in die Adresszeile Ihres Browsers:'
      : 'If the button does not work, copy this address into the address bar of your browser:',
    outro: [
      ...texts.outro,
      isGerman
        ? 'Aus Gründen des Datenschutzes nennen wir in dieser E-Mail keine Angaben zum Schaden.'
        : 'To protect your data, this e-mail contains no details of the claim.',
    ],
    signOff: isGerman ? ['Mit freundlichen Grüßen', tenant] : ['Kind regards', tenant],
    footer: texts.footer,
  });
}
