import type { LinkMailInput } from './mail-templates.js';
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
  type RenderedMail,
} from './mail-layout.js';

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
          intro: [
            `Sie haben ein neues Passwort für das Kundenportal von ${tenant} angefordert.`,
            'Klicken Sie auf „Neues Passwort festlegen“ und wählen Sie ein neues Passwort.',
          ],
          action: { label: 'Neues Passwort festlegen', href: link },
          linkHint:
            'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in die Adresszeile Ihres Browsers:',
          outro: [
            `Der Link ist ${duration} gültig, bis zum ${deadline}, und funktioniert nur einmal.`,
            'Sie haben kein neues Passwort angefordert? Dann ignorieren Sie diese E-Mail einfach – Ihr ' +
              'bisheriges Passwort bleibt gültig.',
            'Wir fragen Sie niemals per E-Mail oder Telefon nach Ihrem Passwort.',
          ],
          signOff: ['Mit freundlichen Grüßen', tenant],
          footer:
            `Sie erhalten diese E-Mail, weil für diese Adresse im Kundenportal von ${tenant} ein neues ` +
            `Passwort angefordert wurde.`,
        }
      : {
          language,
          branding,
          subject: `New password for the customer portal of ${tenant}`,
          preheader: 'You asked for a new password.',
          greeting: greeting(language, input.recipientName),
          intro: [
            `You asked for a new password for the customer portal of ${tenant}.`,
            'Click “Set new password” and choose a new password.',
          ],
          action: { label: 'Set new password', href: link },
          linkHint: 'If the button does not work, copy this link into the address bar of your browser:',
          outro: [
            `The link is valid for ${duration}, until ${deadline}, and works only once.`,
            'Did you not ask for a new password? Then simply ignore this e-mail – your current password stays valid.',
            'We will never ask you for your password by e-mail or phone.',
          ],
          signOff: ['Kind regards', tenant],
          footer:
            `You are receiving this e-mail because a new password was requested for this address in the ` +
            `customer portal of ${tenant}.`,
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
          intro: [
            `Ihr Passwort für das Kundenportal von ${tenant} wurde am ${changedAt} geändert. Alle bisherigen ` +
              `Anmeldungen wurden beendet.`,
          ],
          action: { label: 'Zur Anmeldung', href: loginUrl },
          linkHint:
            'Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in die Adresszeile Ihres Browsers:',
          outro: [
            `Waren Sie das nicht? Dann fordern Sie bitte sofort auf der Anmeldeseite ein neues Passwort an ` +
              `und informieren Sie ${tenant}.`,
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
          intro: [
            `Your password for the customer portal of ${tenant} was changed on ${changedAt}. All previous ` +
              `sign-ins were ended.`,
          ],
          action: { label: 'Go to sign-in', href: loginUrl },
          linkHint: 'If the button does not work, copy this address into the address bar of your browser:',
          outro: [
            `Was this not you? Then please request a new password on the sign-in page at once and inform ${tenant}.`,
            'We will never ask you for your password by e-mail or phone.',
          ],
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
  /** The person confirmed the new address through its link already. */
  isNewAddressConfirmed?: boolean;
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
          intro: [
            `Die E-Mail-Adresse Ihres Zugangs zum Kundenportal von ${tenant} wurde auf ${newEmail} ` +
              `geändert.${input.isNewAddressConfirmed === true ? '' : ' Diese Adresse muss noch bestätigt werden.'}`,
          ],
          outro: [
            `Haben Sie das nicht veranlasst? Dann wenden Sie sich bitte sofort an ` +
              `${brokerToContact(language, branding)}.`,
          ],
          signOff: ['Mit freundlichen Grüßen', tenant],
          footer: 'Sie erhalten diese E-Mail zu Ihrer Sicherheit an die bisherige Adresse Ihres Zugangs.',
        }
      : {
          language,
          branding,
          subject: 'Your e-mail address was changed',
          preheader: `You will sign in to the customer portal of ${tenant} with another address.`,
          greeting: greeting(language, input.recipientName),
          intro: [
            `The e-mail address of your access to the customer portal of ${tenant} was changed to ` +
              `${newEmail}.${input.isNewAddressConfirmed === true ? '' : ' That address still has to be confirmed.'}`,
          ],
          outro: [`Did you not ask for this? Then please contact ${brokerToContact(language, branding)} at once.`],
          signOff: ['Kind regards', tenant],
          footer: 'You are receiving this e-mail for your security, at the previous address of your access.',
        },
  );
}

export type EmailChangeMailInput = LinkMailInput;

/** Goes to the NEW address: the change happens only when this link is used, which proves the mailbox. */
export function renderEmailChangeMail(input: EmailChangeMailInput): RenderedMail {
  const { language, branding } = input;
  const tenant = cleanText(branding.tenantName);
  const link = checkLink(input.link);
  const zone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const duration = formatValidFor(language, input.validFor);
  const deadline = formatDeadline(language, input.expiresAt, zone);
  return renderMail(
    language === 'de'
      ? {
          language,
          branding,
          subject: 'Bitte bestätigen Sie Ihre neue E-Mail-Adresse',
          preheader: `Ihre Anmeldung im Kundenportal von ${tenant} soll künftig über diese Adresse laufen.`,
          greeting: greeting(language, input.recipientName),
          intro: [
            `Sie möchten sich im Kundenportal von ${tenant} künftig mit dieser E-Mail-Adresse anmelden. Die ` +
              `Adresse wird erst geändert, wenn Sie auf „Neue Adresse bestätigen“ klicken und die Änderung auf ` +
              `der Seite bestätigen.`,
          ],
          action: { label: 'Neue Adresse bestätigen', href: link },
          linkHint:
            'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in die Adresszeile Ihres Browsers:',
          outro: [
            `Der Link ist ${duration} gültig, bis zum ${deadline}.`,
            'Sie haben das nicht veranlasst? Dann ignorieren Sie diese E-Mail. Ohne Ihre Bestätigung geschieht nichts.',
          ],
          signOff: ['Mit freundlichen Grüßen', tenant],
          footer:
            `Sie erhalten diese E-Mail, weil diese Adresse im Kundenportal von ${tenant} als neue ` +
            `Anmeldeadresse angegeben wurde.`,
        }
      : {
          language,
          branding,
          subject: 'Please confirm your new e-mail address',
          preheader: `You want to sign in to the customer portal of ${tenant} with this address.`,
          greeting: greeting(language, input.recipientName),
          intro: [
            `You want to sign in to the customer portal of ${tenant} with this e-mail address from now on. ` +
              `The address changes only when you click “Confirm new address” and confirm the change on the ` +
              `page.`,
          ],
          action: { label: 'Confirm new address', href: link },
          linkHint: 'If the button does not work, copy this link into the address bar of your browser:',
          outro: [
            `The link is valid for ${duration}, until ${deadline}.`,
            'Did you not ask for this? Then ignore this e-mail. Nothing happens without your confirmation.',
          ],
          signOff: ['Kind regards', tenant],
          footer:
            `You are receiving this e-mail because this address was entered as a new sign-in address in the ` +
            `customer portal of ${tenant}.`,
        },
  );
}

export interface EmailTakenNoticeMailInput {
  language: Language;
  branding: MailBranding;
  recipientName: string;
}

/**
 * Goes to the owner of an address somebody else tried to move their account to. The person asking
 * gets the same answer as for a free address, so the portal never says which addresses have accounts.
 */
export function renderEmailTakenNoticeMail(input: EmailTakenNoticeMailInput): RenderedMail {
  const { language, branding } = input;
  const tenant = cleanText(branding.tenantName);
  return renderMail(
    language === 'de'
      ? {
          language,
          branding,
          subject: 'Ihre E-Mail-Adresse wurde für einen anderen Zugang angegeben',
          preheader: 'Es wurde nichts geändert.',
          greeting: greeting(language, input.recipientName),
          intro: [
            `Jemand wollte die Anmeldeadresse eines anderen Zugangs im Kundenportal von ${tenant} auf Ihre ` +
              `E-Mail-Adresse ändern. Da Sie mit dieser Adresse bereits einen Zugang haben, wurde nichts ` +
              `geändert.`,
          ],
          outro: [
            'Waren Sie das selbst, etwa mit einem zweiten Zugang? Dann melden Sie sich mit Ihrer Adresse wie ' +
              'gewohnt an. Andernfalls können Sie diese E-Mail ignorieren.',
          ],
          signOff: ['Mit freundlichen Grüßen', tenant],
          footer: 'Sie erhalten diese E-Mail zu Ihrer Information an die Adresse Ihres Zugangs.',
        }
      : {
          language,
          branding,
          subject: 'Your e-mail address was entered for another access',
          preheader: 'Nothing was changed.',
          greeting: greeting(language, input.recipientName),
          intro: [
            `Somebody wanted to change the sign-in address of another access to the customer portal of ` +
              `${tenant} to your e-mail address. As you already have an access with this address, nothing was ` +
              `changed.`,
          ],
          outro: [
            'Was it you, with a second access? Then sign in with your address as usual. Otherwise you can ' +
              'ignore this e-mail.',
          ],
          signOff: ['Kind regards', tenant],
          footer: 'You are receiving this e-mail for your information, at the address of your access.',
        },
  );
}

export interface EmailChangeRequestMailInput {
  language: Language;
  branding: MailBranding;
  recipientName: string;
  newEmail: string;
  /** Mein Zugang on the broker's host, with the new address filled in. */
  link: string;
}

/**
 * Goes to the CURRENT address when a broker's staff asks for another one: the login address is the
 * person's, so only the person, with their password, can start the change.
 */
export function renderEmailChangeRequestMail(input: EmailChangeRequestMailInput): RenderedMail {
  const { language, branding } = input;
  const tenant = cleanText(branding.tenantName);
  const newEmail = cleanText(input.newEmail);
  const link = checkLink(input.link);
  return renderMail(
    language === 'de'
      ? {
          language,
          branding,
          subject: 'Bitte prüfen Sie eine neue E-Mail-Adresse für Ihren Zugang',
          preheader:
            `${tenant} hat ${newEmail} als Ihre neue Adresse angegeben. Ohne Ihre Zustimmung ändert sich ` + `nichts.`,
          greeting: greeting(language, input.recipientName),
          intro: [
            `${tenant} hat für Sie die neue E-Mail-Adresse ${newEmail} angegeben. Ihre Anmeldeadresse gehört ` +
              `Ihnen: Sie ändert sich nur, wenn Sie selbst zustimmen.`,
            `Ist ${newEmail} Ihre Adresse? Dann öffnen Sie „Mein Zugang“, melden sich an und bestätigen die ` +
              `Änderung mit Ihrem Passwort. Anschließend erhalten Sie an die neue Adresse einen ` +
              `Bestätigungslink.`,
          ],
          action: { label: 'Mein Zugang öffnen', href: link },
          linkHint:
            'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in die Adresszeile Ihres Browsers:',
          outro: ['Kennen Sie diese Adresse nicht? Dann ignorieren Sie diese E-Mail; Ihr Zugang bleibt, wie er ist.'],
          signOff: ['Mit freundlichen Grüßen', tenant],
          footer: 'Sie erhalten diese E-Mail an die Adresse, mit der Sie sich anmelden.',
        }
      : {
          language,
          branding,
          subject: 'Please check a new e-mail address for your access',
          preheader: `${tenant} entered ${newEmail} as your new address. Nothing changes without your consent.`,
          greeting: greeting(language, input.recipientName),
          intro: [
            `${tenant} entered the new e-mail address ${newEmail} for you. Your sign-in address is yours: it ` +
              `changes only if you agree yourself.`,
            `Is ${newEmail} your address? Then open “My access”, sign in and confirm the change with your ` +
              `password. You will then receive a confirmation link at the new address.`,
          ],
          action: { label: 'Open my access', href: link },
          linkHint: 'If the button does not work, copy this link into the address bar of your browser:',
          outro: ['You do not know this address? Then ignore this e-mail; your access stays as it is.'],
          signOff: ['Kind regards', tenant],
          footer: 'You are receiving this e-mail at the address you sign in with.',
        },
  );
}
