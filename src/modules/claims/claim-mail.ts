import { checkLink, cleanText, renderMail, type MailBranding, type RenderedMail } from '../mail/mail-layout.js';

export interface ClaimSubmittedMailInput {
  branding: MailBranding;
  recipientName: string | null;
  /** What the claim is about, e.g. the contract's product and policy number; no answers. */
  subjectLine: string;
  link: string;
}

/**
 * Tells the broker's responsible person that a claim was reported. It carries no answers (they may be sensitive and
 * mail is not the place for them): only that there is one, and the link to the workspace.
 */
export function renderClaimSubmittedMail(input: ClaimSubmittedMailInput): RenderedMail {
  const about = cleanText(input.subjectLine);
  const tenant = cleanText(input.branding.tenantName);
  return renderMail({
    language: 'de',
    branding: input.branding,
    subject: `Neue Schadenmeldung: ${about}`,
    preheader: `Im Portal wurde ein Schaden gemeldet (${about}).`,
    greeting: input.recipientName === null ? 'Guten Tag,' : `Guten Tag ${cleanText(input.recipientName)},`,
    intro: [
      `im Portal wurde soeben ein Schaden zu ${about} gemeldet.`,
      'Die Angaben finden Sie in der Verwaltung unter „Schäden“.',
    ],
    action: { label: 'Schadenmeldung öffnen', href: checkLink(input.link) },
    linkHint: 'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in die Adresszeile Ihres Browsers:',
    outro: [],
    signOff: ['Ihr Portal', tenant],
    footer: 'Sie erhalten diese E-Mail, weil Sie für diesen Vertrag oder Kunden zuständig sind.',
  });
}
