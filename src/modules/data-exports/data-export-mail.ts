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

export interface DataExportReadyMailInput {
  language: Language;
  branding: MailBranding;
  recipientName: string;
  /** The download page on the broker's own address; it asks for the login first. */
  link: string;
  expiresAt: Date;
}

/**
 * "Ihre Daten stehen bereit": a link only, never the data; the link works once, until `expiresAt`, and only for the
 * person logged in at this broker.
 */
export function renderDataExportReadyMail(input: DataExportReadyMailInput): RenderedMail {
  const tenant = cleanText(input.branding.tenantName);
  const link = checkLink(input.link);
  const until = formatDeadline(input.language, input.expiresAt);
  return renderMail(
    input.language === 'de'
      ? {
          language: 'de',
          branding: input.branding,
          subject: 'Ihre Daten stehen bereit',
          preheader: `Ihre Daten aus dem Kundenportal von ${tenant} stehen zum Herunterladen bereit.`,
          greeting: greeting('de', input.recipientName),
          intro: [
            `Sie haben im Kundenportal von ${tenant} Ihre Daten angefordert.`,
            'Sie stehen jetzt zum Herunterladen bereit.',
            `Der Link funktioniert einmal, bis ${until}, und nur, wenn Sie angemeldet sind.`,
          ],
          action: { label: 'Daten herunterladen', href: link },
          linkHint:
            'Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in die Adresszeile Ihres Browsers:',
          outro: [
            'Aus Gründen des Datenschutzes hängen wir Ihre Daten nicht an diese E-Mail an.',
            'Wenn Sie Ihre Daten nicht angefordert haben, ändern Sie bitte Ihr Passwort unter „Mein Zugang“.',
          ],
          signOff: ['Mit freundlichen Grüßen', tenant],
          footer: `Sie erhalten diese E-Mail, weil im Kundenportal von ${tenant} Ihre Daten angefordert wurden.`,
        }
      : {
          language: 'en',
          branding: input.branding,
          subject: 'Your data is ready',
          preheader: `Your data from the customer portal of ${tenant} is ready for download.`,
          greeting: greeting('en', input.recipientName),
          intro: [
            `You asked for your data in the customer portal of ${tenant}. It is now ready for download.`,
            `The link works once, until ${until}, and only while you are logged in.`,
          ],
          action: { label: 'Download data', href: link },
          linkHint: 'If the button does not work, copy this address into the address bar of your browser:',
          outro: [
            'To protect your data, we do not attach it to this e-mail.',
            'If you did not ask for your data, please change your password under "My access".',
          ],
          signOff: ['Kind regards', tenant],
          footer: `You receive this e-mail because your data was requested in the customer portal of ${tenant}.`,
        },
  );
}
