import { renderNewDocumentsMail } from './document-mail-templates.js';
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
 * The hourly digest of a person in the portal: the broker's new documents, new messages or both, as counts with one
 * link. Never a subject line, a text, a title or a keyword: any of them may reveal health data.
 */
export interface PortalDigestMailInput {
  language: Language;
  branding: MailBranding;
  recipientName: string;
  /** The broker's portal address, without a trailing slash. */
  baseUrl: string;
  documentCount: number;
  messageCount: number;
}

/** Documents only: the documents' own mail; messages only: the message list; both: the overview, which shows both. */
export function renderPortalDigestMail(input: PortalDigestMailInput): RenderedMail {
  const { language, branding, documentCount, messageCount } = input;
  if (messageCount === 0) {
    return renderNewDocumentsMail({ ...input, link: `${input.baseUrl}/dokumente`, count: documentCount });
  }
  const isBoth = documentCount > 0;
  const tenant = cleanText(branding.tenantName);
  const link = checkLink(isBoth ? `${input.baseUrl}/` : `${input.baseUrl}/nachrichten`);
  const one = messageCount === 1;
  if (language === 'de') {
    return renderMail({
      language,
      branding,
      subject: isBoth
        ? 'Neue Nachrichten und Dokumente in Ihrem Kundenportal'
        : one
          ? `Neue Nachricht von ${tenant}`
          : `Neue Nachrichten von ${tenant}`,
      preheader: `${tenant} hat Ihnen im Kundenportal geschrieben.`,
      greeting: greeting(language, input.recipientName),
      intro: [
        one
          ? `${tenant} hat Ihnen eine Nachricht in Ihr Kundenportal geschrieben.`
          : `${tenant} hat Ihnen ${String(messageCount)} Nachrichten in Ihr Kundenportal geschrieben.`,
        ...(isBoth
          ? [
              documentCount === 1
                ? 'Außerdem liegt ein neues Dokument für Sie bereit.'
                : `Außerdem liegen ${String(documentCount)} neue Dokumente für Sie bereit.`,
            ]
          : []),
        'Melden Sie sich an, um sie zu lesen.',
      ],
      action: { label: isBoth ? 'Kundenportal öffnen' : one ? 'Nachricht lesen' : 'Nachrichten lesen', href: link },
      linkHint:
        'Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in die Adresszeile Ihres Browsers:',
      outro: [
        'Aus Gründen des Datenschutzes nennen wir in dieser E-Mail keine Inhalte.',
        'Diese Benachrichtigung können Sie im Kundenportal unter „Mein Zugang“ ausschalten.',
      ],
      signOff: ['Mit freundlichen Grüßen', tenant],
      footer: `Sie erhalten diese E-Mail, weil ${tenant} Ihnen im Kundenportal geschrieben hat.`,
    });
  }
  return renderMail({
    language,
    branding,
    subject: isBoth
      ? 'New messages and documents in your customer portal'
      : one
        ? `New message from ${tenant}`
        : `New messages from ${tenant}`,
    preheader: `${tenant} has written to you in the customer portal.`,
    greeting: greeting(language, input.recipientName),
    intro: [
      one
        ? `${tenant} has written you a message in your customer portal.`
        : `${tenant} has written you ${String(messageCount)} messages in your customer portal.`,
      ...(isBoth
        ? [
            documentCount === 1
              ? 'A new document is waiting for you as well.'
              : `${String(documentCount)} new documents are waiting for you as well.`,
          ]
        : []),
      'Sign in to read them.',
    ],
    action: { label: isBoth ? 'Open the customer portal' : one ? 'Read message' : 'Read messages', href: link },
    linkHint: 'If the button does not work, copy this address into the address bar of your browser:',
    outro: [
      'To protect your data, this e-mail names no contents.',
      'You can switch off this notification in the customer portal under “My access”.',
    ],
    signOff: ['Kind regards', tenant],
    footer: `You are receiving this e-mail because ${tenant} has written to you in the customer portal.`,
  });
}

/**
 * The staff's hourly digest of customers' messages: a count and the link to the workspace (the conversation when all
 * are in one, else the inbox); no customer, subject or text. In German, the workspace's language.
 */
export function renderStaffMessagesMail(input: {
  branding: MailBranding;
  recipientName: string | null;
  count: number;
  link: string;
  /** The tenant's contact address, written to because nobody is in charge of the conversation. */
  isContactAddress: boolean;
}): RenderedMail {
  const tenant = cleanText(input.branding.tenantName);
  const one = input.count === 1;
  return renderMail({
    language: 'de',
    branding: input.branding,
    subject: one ? 'Neue Nachricht im Portal' : `${String(input.count)} neue Nachrichten im Portal`,
    preheader: one ? 'Ein Kunde hat im Portal geschrieben.' : 'Kunden haben im Portal geschrieben.',
    greeting:
      input.recipientName === null || input.recipientName === ''
        ? 'Guten Tag,'
        : `Guten Tag ${cleanText(input.recipientName)},`,
    intro: [
      one
        ? 'im Portal ist eine neue Nachricht eines Kunden eingegangen.'
        : `im Portal sind ${String(input.count)} neue Nachrichten von Kunden eingegangen.`,
      'Sie finden sie in der Verwaltung unter „Nachrichten“.',
    ],
    action: { label: one ? 'Nachricht öffnen' : 'Nachrichten öffnen', href: checkLink(input.link) },
    linkHint: 'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in die Adresszeile Ihres Browsers:',
    outro: ['Aus Gründen des Datenschutzes nennen wir in dieser E-Mail keine Inhalte.'],
    signOff: ['Ihr Portal', tenant],
    footer: input.isContactAddress
      ? 'Sie erhalten diese E-Mail an die Kontaktadresse, weil dem Vorgang niemand zugewiesen ist.'
      : 'Sie erhalten diese E-Mail, weil Ihnen der Vorgang zugewiesen ist oder Sie für den Kunden zuständig sind.',
  });
}
