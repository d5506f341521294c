import type { LinkMailInput } from './mail-templates.js';
import { checkLink, cleanText, DEFAULT_TIME_ZONE, formatDeadline, formatValidFor, greeting, renderMail, type Language, type MailBranding, type RenderedMail } from './mail-layout.js';

export type PasswordResetMailInput = LinkMailInput;

export interface PasswordChangedMailInput {
  language: Language;
  branding: MailBranding;
  recipientName: string;
  loginUrl: string;
  changedAt: Date;
  timeZone?: string;
}

export function renderPasswordResetMail(input: PasswordResetMailInput): RenderedMail {
  const { language, branding } = input;
  const tenant = cleanText(branding.tenantName);
  const link = checkLink(input.link);
  const duration = formatValidFor(language, input.validFor);
  const deadline = formatDeadline(language, input.expiresAt, input.timeZone ?? DEFAULT_TIME_ZONE);
  return renderMail(
    language === 'de'
      ? {
          language,
          branding,
          subject: `Neues Passwort für das Kundenportal von ${tenant}`,
          preheader: 'Sie haben ein neues Passwort angefordert.',
          greeting: greeting(language, input.recipientName),
          intro: [`Sie haben ein neues Passwort für das Kundenportal von ${tenant} angefordert.`, 'Klicken Sie auf „Neues Passwort festlegen“ und wählen Sie ein neues Passwort.'],
          action: { label: 'Neues Passwort festlegen', href: link },
          linkHint: 'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in die Adresszeile Ihres Browsers:',
          outro: [
            `Der Link ist ${duration} gültig, bis zum ${deadline}, und funktioniert nur einmal.`,
            'Sie haben kein neues Passwort angefordert? Dann ignorieren Sie diese E-Mail einfach – Ihr bisheriges Passwort bleibt gültig.',
            'Wir fragen Sie niemals per E-Mail oder Telefon nach Ihrem Passwort.',
          ],
          signOff: ['Mit freundlichen Grüßen', tenant],
          footer: `Sie erhalten diese E-Mail, weil für diese Adresse im Kundenportal von ${tenant} ein neues Passwort angefordert wurde.`,
        }
      : {
          language,
          branding,
          subject: `New password for the customer portal of ${tenant}`,
          preheader: 'You asked for a new password.',
          greeting: greeting(language, input.recipientName),
          intro: [`You asked for a new password for the customer portal of ${tenant}.`, 'Click “Set new password” and choose a new password.'],
          action: { label: 'Set new password', href: link },
          linkHint: 'If the button does not work, copy this link into the address bar of your browser:',
          outro: [
            `The link is valid for ${duration}, until ${deadline}, and works only once.`,
            'Did you not ask for a new password? Then simply ignore this e-mail – your current password stays valid.',
            'We will never ask you for your password by e-mail or phone.',
          ],
          signOff: ['Kind regards', tenant],
          footer: `You are receiving this e-mail because a new password was requested for this address in the customer portal of ${tenant}.`,
        },
  );
}

export function renderPasswordChangedMail(input: PasswordChangedMailInput): RenderedMail {
  const { language, branding } = input;
  const tenant = cleanText(branding.tenantName);
  const loginUrl = checkLink(input.loginUrl);
  const changedAt = formatDeadline(language, input.changedAt, input.timeZone ?? DEFAULT_TIME_ZONE);
  return renderMail(
    language === 'de'
      ? {
          language,
          branding,
          subject: 'Ihr Passwort wurde geändert',
          preheader: `Ihr Passwort für das Kundenportal von ${tenant} wurde geändert.`,
          greeting: greeting(language, input.recipientName),
          intro: [`Ihr Passwort für das Kundenportal von ${tenant} wurde am ${changedAt} geändert. Alle bisherigen Anmeldungen wurden beendet.`],
          action: { label: 'Zur Anmeldung', href: loginUrl },
          linkHint: 'Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in die Adresszeile Ihres Browsers:',
          outro: [
            `Waren Sie das nicht? Dann fordern Sie bitte sofort auf der Anmeldeseite ein neues Passwort an und informieren Sie ${tenant}.`,
            'Wir fragen Sie niemals per E-Mail oder Telefon nach Ihrem Passwort.',
          ],
          signOff: ['Mit freundlichen Grüßen', tenant],
          footer: `Sie erhalten diese E-Mail zu Ihrer Sicherheit, weil das Passwort Ihres Zugangs geändert wurde.`,
        }
      : {
          language,
          branding,
          subject: 'Your password was changed',
          preheader: `Your password for the customer portal of ${tenant} was changed.`,
          greeting: greeting(language, input.recipientName),
          intro: [`Your password for the customer portal of ${tenant} was changed on ${changedAt}. All previous sign-ins were ended.`],
          action: { label: 'Go to sign-in', href: loginUrl },
          linkHint: 'If the button does not work, copy this address into the address bar of your browser:',
          outro: [`Was this not you? Then please request a new password on the sign-in page at once and inform ${tenant}.`, 'We will never ask you for your password by e-mail or phone.'],
          signOff: ['Kind regards', tenant],
          footer: 'You are receiving this e-mail for your security, because the password of your account was changed.',
        },
  );
}

export interface EmailChangedMailInput {
  language: Language;
  branding: MailBranding;
  recipientName: string;
  newEmail: string;
}

/** Goes to the OLD address: if the change was not wanted, the person hears of it where they still read mail. */
export function renderEmailChangedMail(input: EmailChangedMailInput): RenderedMail {
  const { language, branding } = input;
  const tenant = cleanText(branding.tenantName);
  const newEmail = cleanText(input.newEmail);
  return renderMail(
    language === 'de'
      ? {
          language,
          branding,
          subject: 'Ihre E-Mail-Adresse wurde geändert',
          preheader: `Ihre Anmeldung im Kundenportal von ${tenant} läuft künftig über eine andere Adresse.`,
          greeting: greeting(language, input.recipientName),
          intro: [`Die E-Mail-Adresse Ihres Zugangs zum Kundenportal von ${tenant} wurde auf ${newEmail} geändert. Diese Adresse muss noch bestätigt werden.`],
          outro: [`Haben Sie das nicht veranlasst? Dann wenden Sie sich bitte sofort an ${tenant}.`],
          signOff: ['Mit freundlichen Grüßen', tenant],
          footer: 'Sie erhalten diese E-Mail zu Ihrer Sicherheit an die bisherige Adresse Ihres Zugangs.',
        }
      : {
          language,
          branding,
          subject: 'Your e-mail address was changed',
          preheader: `You will sign in to the customer portal of ${tenant} with another address.`,
          greeting: greeting(language, input.recipientName),
          intro: [`The e-mail address of your access to the customer portal of ${tenant} was changed to ${newEmail}. That address still has to be confirmed.`],
          outro: [`Did you not ask for this? Then please contact ${tenant} at once.`],
          signOff: ['Kind regards', tenant],
          footer: 'You are receiving this e-mail for your security, at the previous address of your access.',
        },
  );
}
