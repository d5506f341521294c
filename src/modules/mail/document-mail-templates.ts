import {
  checkLink,
  cleanText,
  greeting,
  renderMail,
  type Language,
  type MailBranding,
  type RenderedMail,
} from './mail-layout.js';

/**
 * The digest of the broker's new documents. It carries the portal's link and a count only: never a title, a keyword
 * or the file, as a document's name alone may reveal health data.
 */
export interface NewDocumentsMailInput {
  language: Language;
  branding: MailBranding;
  recipientName: string;
  /** The portal's document list on the broker's own address. */
  link: string;
  count: number;
}

export function renderNewDocumentsMail(input: NewDocumentsMailInput): RenderedMail {
  const { language, branding, count } = input;
  const tenant = cleanText(branding.tenantName);
  const link = checkLink(input.link);
  return renderMail(
    language === 'de'
      ? {
          language,
          branding,
          subject: 'Neue Dokumente in Ihrem Kundenportal',
          preheader: `${tenant}: Es liegen neue Dokumente für Sie bereit.`,
          greeting: greeting(language, input.recipientName),
          intro: [
            count === 1
              ? `Es liegt ein neues Dokument für Sie bereit: ${tenant} hat es in Ihr Kundenportal gestellt.`
              : `Es liegen neue Dokumente für Sie bereit: ${tenant} hat ${String(count)} neue Dokumente ` +
                'in Ihr Kundenportal gestellt.',
            count === 1 ? 'Melden Sie sich an, um es anzusehen.' : 'Melden Sie sich an, um sie anzusehen.',
          ],
          action: { label: 'Dokumente ansehen', href: link },
          linkHint:
            'Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in die Adresszeile Ihres Browsers:',
          outro: [
            'Aus Gründen des Datenschutzes nennen wir in dieser E-Mail keine Inhalte und senden keine Dateien mit.',
            'Diese Benachrichtigung können Sie im Kundenportal unter „Mein Zugang“ ausschalten.',
          ],
          signOff: ['Mit freundlichen Grüßen', tenant],
          footer: `Sie erhalten diese E-Mail, weil ${tenant} neue Dokumente in Ihr Kundenportal gestellt hat.`,
        }
      : {
          language,
          branding,
          subject: 'New documents in your customer portal',
          preheader: `${tenant}: New documents are waiting for you.`,
          greeting: greeting(language, input.recipientName),
          intro: [
            count === 1
              ? `A new document is waiting for you: ${tenant} has put it into your customer portal.`
              : `New documents are waiting for you: ${tenant} has put ${String(count)} new documents ` +
                'into your customer portal.',
            count === 1 ? 'Sign in to see it.' : 'Sign in to see them.',
          ],
          action: { label: 'View documents', href: link },
          linkHint: 'If the button does not work, copy this address into the address bar of your browser:',
          outro: [
            'To protect your data, this e-mail names no contents and carries no files.',
            'You can switch off this notification in the customer portal under “My access”.',
          ],
          signOff: ['Kind regards', tenant],
          footer: `You are receiving this e-mail because ${tenant} has put new documents into your customer portal.`,
        },
  );
}
