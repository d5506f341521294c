import {
  checkLink,
  cleanText,
  greeting,
  renderMail,
  type Language,
  type MailBranding,
  type RenderedMail,
} from '../mail/mail-layout.js';

export interface ClaimNewsMailInput {
  language: Language;
  branding: MailBranding;
  recipientName: string;
  /** The claim's page in the portal, on the broker's own address. */
  link: string;
}

/**
 * Tells a person who sees a claim that the broker left a note on it. The note itself stays in the portal: a claim's
 * details may be health data, and mail is not the place for them.
 */
export function renderClaimNewsMail(input: ClaimNewsMailInput): RenderedMail {
  const tenant = cleanText(input.branding.tenantName);
  const link = checkLink(input.link);
  return renderMail(
    input.language === 'de'
      ? {
          language: 'de',
          branding: input.branding,
          subject: 'Neuigkeiten zu Ihrem Schaden',
          preheader: `${tenant} hat eine Nachricht zu Ihrem Schaden hinterlegt.`,
          greeting: greeting('de', input.recipientName),
          intro: [
            `${tenant} hat im Kundenportal eine Nachricht zu Ihrem Schaden hinterlegt.`,
            'Melden Sie sich an, um sie zu lesen.',
          ],
          action: { label: 'Schaden ansehen', href: link },
          linkHint:
            'Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in die Adresszeile Ihres Browsers:',
          outro: ['Aus Gründen des Datenschutzes nennen wir in dieser E-Mail keine Inhalte.'],
          signOff: ['Mit freundlichen Grüßen', tenant],
          footer: `Sie erhalten diese E-Mail, weil Sie diesen Schaden im Kundenportal von ${tenant} sehen.`,
        }
      : {
          language: 'en',
          branding: input.branding,
          subject: 'News about your claim',
          preheader: `${tenant} has left a message about your claim.`,
          greeting: greeting('en', input.recipientName),
          intro: [`${tenant} has left a message about your claim in the customer portal.`, 'Sign in to read it.'],
          action: { label: 'View claim', href: link },
          linkHint: 'If the button does not work, copy this address into the address bar of your browser:',
          outro: ['To protect your data, this e-mail names no contents.'],
          signOff: ['Kind regards', tenant],
          footer: `You receive this e-mail because you see this claim in the customer portal of ${tenant}.`,
        },
  );
}
