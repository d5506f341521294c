import {
  checkLink,
  cleanText,
  greeting,
  renderMail,
  type Language,
  type MailBranding,
  type RenderedMail,
} from '../mail/mail-layout.js';

/**
 * "Neue Nachricht von {Makler}": only that there is one and the link to it; never the subject or the text, which may
 * hold health or financial data.
 */
export function renderNewMessageMail(input: {
  language: Language;
  branding: MailBranding;
  recipientName: string;
  link: string;
}): RenderedMail {
  const { language, branding } = input;
  const tenant = cleanText(branding.tenantName);
  const link = checkLink(input.link);
  return renderMail(
    language === 'de'
      ? {
          language,
          branding,
          subject: `Neue Nachricht von ${tenant}`,
          preheader: `${tenant} hat Ihnen im Kundenportal geschrieben.`,
          greeting: greeting(language, input.recipientName),
          intro: [
            `${tenant} hat Ihnen eine Nachricht in Ihr Kundenportal geschrieben.`,
            'Melden Sie sich an, um sie zu lesen.',
          ],
          action: { label: 'Nachricht lesen', href: link },
          linkHint:
            'Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in die Adresszeile Ihres Browsers:',
          outro: [
            'Aus Gründen des Datenschutzes nennen wir in dieser E-Mail keine Inhalte.',
            'Diese Benachrichtigung können Sie im Kundenportal unter „Mein Zugang“ ausschalten.',
          ],
          signOff: ['Mit freundlichen Grüßen', tenant],
          footer: `Sie erhalten diese E-Mail, weil ${tenant} Ihnen im Kundenportal geschrieben hat.`,
        }
      : {
          language,
          branding,
          subject: `New message from ${tenant}`,
          preheader: `${tenant} has written to you in the customer portal.`,
          greeting: greeting(language, input.recipientName),
          intro: [`${tenant} has written you a message in your customer portal.`, 'Sign in to read it.'],
          action: { label: 'Read message', href: link },
          linkHint: 'If the button does not work, copy this address into the address bar of your browser:',
          outro: [
            'To protect your data, this e-mail names no contents.',
            'You can switch off this notification in the customer portal under “My access”.',
          ],
          signOff: ['Kind regards', tenant],
          footer: `You are receiving this e-mail because ${tenant} has written to you in the customer portal.`,
        },
  );
}

/** Tells the assigned staff member that a customer wrote; the link to the workspace only, no text. */
export function renderCustomerMessageMail(input: {
  branding: MailBranding;
  recipientName: string | null;
  customerNumber: string;
  link: string;
}): RenderedMail {
  const tenant = cleanText(input.branding.tenantName);
  const customerNumber = cleanText(input.customerNumber);
  return renderMail({
    language: 'de',
    branding: input.branding,
    subject: `Neue Nachricht im Portal (Kunde ${customerNumber})`,
    preheader: `Ein Kunde hat im Portal geschrieben (Kunde ${customerNumber}).`,
    greeting: input.recipientName === null ? 'Guten Tag,' : `Guten Tag ${cleanText(input.recipientName)},`,
    intro: [
      `im Portal ist eine neue Nachricht zu Kunde ${customerNumber} eingegangen.`,
      'Sie finden sie in der Verwaltung unter „Nachrichten“.',
    ],
    action: { label: 'Nachricht öffnen', href: checkLink(input.link) },
    linkHint: 'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in die Adresszeile Ihres Browsers:',
    outro: [],
    signOff: ['Ihr Portal', tenant],
    footer: 'Sie erhalten diese E-Mail, weil Ihnen dieser Vorgang zugewiesen ist.',
  });
}
