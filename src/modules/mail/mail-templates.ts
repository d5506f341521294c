import {
  brokerToContact,
  checkLink,
  cleanText,
  DEFAULT_TIME_ZONE,
  formatDeadline,
  formatValidFor,
  greeting,
  renderMail,
  type Language,
  type MailBranding,
  type MailContent,
  type RenderedMail,
  type ValidFor,
} from './mail-layout.js';

export type { Language, MailBranding, RenderedMail, ValidFor } from './mail-layout.js';

/** Every mail that carries a one-time link: whom it greets, the link, and how long it works. */
export interface LinkMailInput {
  language: Language;
  branding: MailBranding;
  recipientName: string;
  link: string;
  expiresAt: Date;
  /** Passed explicitly rather than derived from `expiresAt`, so rendering never depends on the clock. */
  validFor: ValidFor;
  timeZone?: string;
}

export type InvitationMailInput = LinkMailInput;

export interface AccessGrantedMailInput {
  language: Language;
  branding: MailBranding;
  recipientName: string;
  loginUrl: string;
  email: string;
}

export type EmailConfirmationMailInput = LinkMailInput;

function validity(language: Language, validFor: ValidFor, expiresAt: Date, timeZone: string): string {
  const duration = formatValidFor(language, validFor);
  const deadline = formatDeadline(language, expiresAt, timeZone);
  return language === 'de'
    ? `Der Link ist ${duration} gültig, bis zum ${deadline}.`
    : `The link is valid for ${duration}, until ${deadline}.`;
}

export function renderInvitationMail(input: InvitationMailInput): RenderedMail {
  const { language, branding } = input;
  const tenant = cleanText(branding.tenantName);
  const link = checkLink(input.link);
  const valid = validity(language, input.validFor, input.expiresAt, input.timeZone ?? DEFAULT_TIME_ZONE);
  const content: MailContent =
    language === 'de'
      ? {
          language,
          branding,
          subject: `Ihr Zugang zum Kundenportal von ${tenant}`,
          preheader: `${tenant} hat einen Zugang für Sie eingerichtet. Wählen Sie jetzt Ihr Passwort.`,
          greeting: greeting(language, input.recipientName),
          intro: [
            `${tenant} hat für Sie einen Zugang zum Kundenportal eingerichtet.`,
            'Um ihn zu nutzen, klicken Sie auf „Passwort festlegen“ und wählen Sie ein eigenes Passwort. ' +
              'Danach melden Sie sich mit Ihrer E-Mail-Adresse und diesem Passwort an.',
          ],
          action: { label: 'Passwort festlegen', href: link },
          linkHint:
            'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in die Adresszeile Ihres Browsers:',
          outro: [
            `${valid} Ist er abgelaufen, öffnen Sie ihn trotzdem: Auf der Seite können Sie sich einen neuen ` +
              `Link zusenden lassen.`,
            'Sie haben diese E-Mail nicht erwartet? Dann können Sie sie einfach ignorieren. Ohne ein von ' +
              'Ihnen gewähltes Passwort kann niemand den Zugang nutzen.',
            'Wir fragen Sie niemals per E-Mail oder Telefon nach Ihrem Passwort.',
          ],
          signOff: ['Mit freundlichen Grüßen', tenant],
          footer: `Sie erhalten diese E-Mail, weil ${tenant} Ihnen einen Zugang zum Kundenportal eingerichtet hat.`,
        }
      : {
          language,
          branding,
          subject: `Your access to the customer portal of ${tenant}`,
          preheader: `${tenant} has set up access for you. Choose your password now.`,
          greeting: greeting(language, input.recipientName),
          intro: [
            `${tenant} has set up access to their customer portal for you.`,
            'To use it, click “Set password” and choose your own password. After that, you sign in with your ' +
              'e-mail address and this password.',
          ],
          action: { label: 'Set password', href: link },
          linkHint: 'If the button does not work, copy this link into the address bar of your browser:',
          outro: [
            `${valid} If it has expired, open it anyway: the page lets you request a new link.`,
            'Did you not expect this e-mail? Then you can simply ignore it. Without a password chosen by ' +
              'you, nobody can use the access.',
            'We will never ask you for your password by e-mail or phone.',
          ],
          signOff: ['Kind regards', tenant],
          footer: `You are receiving this e-mail because ${tenant} has set up access to their customer portal for you.`,
        };
  return renderMail(content);
}

export function renderAccessGrantedMail(input: AccessGrantedMailInput): RenderedMail {
  const { language, branding } = input;
  const tenant = cleanText(branding.tenantName);
  const email = cleanText(input.email);
  const loginUrl = checkLink(input.loginUrl);
  const content: MailContent =
    language === 'de'
      ? {
          language,
          branding,
          subject: `Sie haben jetzt auch Zugang zum Kundenportal von ${tenant}`,
          preheader: `Melden Sie sich mit Ihrem bestehenden Passwort an.`,
          greeting: greeting(language, input.recipientName),
          intro: [
            `Sie haben jetzt auch Zugang zum Kundenportal von ${tenant}.`,
            `Melden Sie sich dort mit Ihrer E-Mail-Adresse ${email} und Ihrem bisherigen Passwort an. Ein ` +
              `neues Passwort brauchen Sie nicht.`,
          ],
          action: { label: 'Zur Anmeldung', href: loginUrl },
          linkHint:
            'Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in die Adresszeile Ihres Browsers:',
          outro: [
            `Sie haben diese E-Mail nicht erwartet? Ohne Ihre Anmeldung geschieht nichts weiter. Wenn Sie ` +
              `den Zugang nicht wünschen, wenden Sie sich bitte an ${brokerToContact(language, branding)}.`,
            'Wir fragen Sie niemals per E-Mail oder Telefon nach Ihrem Passwort.',
          ],
          signOff: ['Mit freundlichen Grüßen', tenant],
          footer: `Sie erhalten diese E-Mail, weil ${tenant} Ihnen Zugang zum Kundenportal gegeben hat.`,
        }
      : {
          language,
          branding,
          subject: `You now also have access to the customer portal of ${tenant}`,
          preheader: 'Sign in with your existing password.',
          greeting: greeting(language, input.recipientName),
          intro: [
            `You now also have access to the customer portal of ${tenant}.`,
            `Sign in there with your e-mail address ${email} and your existing password. You do not need a ` +
              `new password.`,
          ],
          action: { label: 'Go to sign-in', href: loginUrl },
          linkHint: 'If the button does not work, copy this address into the address bar of your browser:',
          outro: [
            `Did you not expect this e-mail? Nothing further happens unless you sign in. If you do not want ` +
              `this access, please contact ${brokerToContact(language, branding)}.`,
            'We will never ask you for your password by e-mail or phone.',
          ],
          signOff: ['Kind regards', tenant],
          footer: `You are receiving this e-mail because ${tenant} has given you access to their customer portal.`,
        };
  return renderMail(content);
}

export function renderEmailConfirmationMail(input: EmailConfirmationMailInput): RenderedMail {
  const { language, branding } = input;
  const tenant = cleanText(branding.tenantName);
  const link = checkLink(input.link);
  const valid = validity(language, input.validFor, input.expiresAt, input.timeZone ?? DEFAULT_TIME_ZONE);
  const content: MailContent =
    language === 'de'
      ? {
          language,
          branding,
          subject: 'Bitte bestätigen Sie Ihre E-Mail-Adresse',
          preheader: `Bestätigen Sie Ihre E-Mail-Adresse für das Kundenportal von ${tenant}.`,
          greeting: greeting(language, input.recipientName),
          intro: [
            `Bitte bestätigen Sie, dass diese E-Mail-Adresse Ihnen gehört. Erst dann können Sie sich im ` +
              `Kundenportal von ${tenant} anmelden.`,
            'Klicken Sie dazu auf „E-Mail-Adresse bestätigen“.',
          ],
          action: { label: 'E-Mail-Adresse bestätigen', href: link },
          linkHint:
            'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in die Adresszeile Ihres Browsers:',
          outro: [
            `${valid} Ist er abgelaufen, öffnen Sie ihn trotzdem: Auf der Seite können Sie sich einen neuen ` +
              `Link zusenden lassen.`,
            'Sie haben diese E-Mail nicht erwartet? Dann können Sie sie einfach ignorieren. Ohne Ihre ' +
              'Bestätigung geschieht nichts.',
          ],
          signOff: ['Mit freundlichen Grüßen', tenant],
          footer: `Sie erhalten diese E-Mail, weil diese Adresse im Kundenportal von ${tenant} angegeben wurde.`,
        }
      : {
          language,
          branding,
          subject: 'Please confirm your e-mail address',
          preheader: `Confirm your e-mail address for the customer portal of ${tenant}.`,
          greeting: greeting(language, input.recipientName),
          intro: [
            `Please confirm that this e-mail address belongs to you. Only then can you sign in to the ` +
              `customer portal of ${tenant}.`,
            'To do so, click “Confirm e-mail address”.',
          ],
          action: { label: 'Confirm e-mail address', href: link },
          linkHint: 'If the button does not work, copy this link into the address bar of your browser:',
          outro: [
            `${valid} If it has expired, open it anyway: the page lets you request a new link.`,
            'Did you not expect this e-mail? Then you can simply ignore it. Nothing happens without your confirmation.',
          ],
          signOff: ['Kind regards', tenant],
          footer: `You are receiving this e-mail because this address was entered in the customer portal of ${tenant}.`,
        };
  return renderMail(content);
}
