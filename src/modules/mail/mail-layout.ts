// Building blocks shared by the mail templates. Templates hand over plain-text strings only;
// every piece of HTML is produced here, so escaping cannot be forgotten in a single template.

import { telephoneHref } from '../tenants/tenant-contact.js';

export type Language = 'de' | 'en';

export interface MailBranding {
  tenantName: string;
  primaryColor: string;
  /** How recipients reach the broker, closing every mail; unset parts are left out. */
  contact?: MailContact;
}

export interface MailContact {
  phone: string | null;
  email: string | null;
  imprintUrl: string | null;
}

/**
 * A mail's look: its broker's name, colour and contact details (which close every mail), or Portico's own name and
 * colour (the platform pages' colour) when no broker sends it.
 */
export function mailBrandingOf(
  tenant: {
    name: string;
    primaryColor: string;
    contact?: { phone: string | null; email: string | null; imprintUrl: string | null };
  } | null,
): MailBranding {
  if (tenant === null) {
    return { tenantName: 'Portico', primaryColor: PORTICO_COLOR };
  }
  const branding = { tenantName: tenant.name, primaryColor: tenant.primaryColor };
  if (tenant.contact === undefined) {
    return branding;
  }
  const { phone, email, imprintUrl } = tenant.contact;
  return { ...branding, contact: { phone, email, imprintUrl } };
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface ValidFor {
  unit: 'days' | 'hours';
  amount: number;
}

export const DEFAULT_TIME_ZONE = 'Europe/Berlin';
/** Portico's colour, as on the platform's pages; the one default of every mail. */
const PORTICO_COLOR = '#2f4a6d';
const DARK_TEXT = '#111111';
const WHITE = '#ffffff';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

// C0/C1 controls (CR/LF included), line/paragraph separators and bidi overrides: they can break
// headers, fake extra lines in the text part, or visually reorder a name.
const UNSAFE_CHAR_CLASS = '[\\p{Cc}\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069]';
const UNSAFE_CHARS = new RegExp(UNSAFE_CHAR_CLASS, 'gu');
const HAS_UNSAFE_OR_SPACE = new RegExp(`${UNSAFE_CHAR_CLASS}|\\s`, 'u');

/** A single-line, display-safe version of an untrusted value (names, tenant name). */
export function cleanText(value: string): string {
  return value.replace(UNSAFE_CHARS, ' ').replace(/ {2,}/g, ' ').trim();
}

/** Links are built by Portico from configuration; anything but http(s) is a programming error. */
export function greeting(language: Language, recipientName: string): string {
  const name = cleanText(recipientName);
  if (language === 'de') return name ? `Guten Tag ${name},` : 'Guten Tag,';
  return name ? `Hello ${name},` : 'Hello,';
}

export function checkLink(link: string): string {
  const url = new URL(link);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`mail link must be http(s), got ${url.protocol}`);
  }
  if (HAS_UNSAFE_OR_SPACE.test(link)) {
    throw new Error('mail link must not contain whitespace or control characters');
  }
  return link;
}

export function safeColor(color: string): string {
  return /^#[0-9a-fA-F]{6}$/.test(color) ? color.toLowerCase() : PORTICO_COLOR;
}

function luminance(hex: string): number {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** White text on the brand colour unless that would fail WCAG AA (4.5:1), e.g. on a light yellow. */
export function textColorOn(background: string): string {
  const l = luminance(safeColor(background));
  return 1.05 / (l + 0.05) >= 4.5 ? WHITE : DARK_TEXT;
}

export function formatValidFor(language: Language, validFor: ValidFor): string {
  const n = validFor.amount;
  if (language === 'de') {
    return validFor.unit === 'days' ? `${n} ${n === 1 ? 'Tag' : 'Tage'}` : `${n} ${n === 1 ? 'Stunde' : 'Stunden'}`;
  }
  return validFor.unit === 'days' ? `${n} ${n === 1 ? 'day' : 'days'}` : `${n} ${n === 1 ? 'hour' : 'hours'}`;
}

// Building a formatter costs about half a millisecond; bulk invitations render a thousand mails at once.
const deadlineFormats = new Map<string, Intl.DateTimeFormat>();

function deadlineFormat(language: Language, timeZone: string): Intl.DateTimeFormat {
  const key = `${language}|${timeZone}`;
  let format = deadlineFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
      timeZone,
      day: language === 'de' ? '2-digit' : 'numeric',
      month: language === 'de' ? '2-digit' : 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    deadlineFormats.set(key, format);
  }
  return format;
}

/** "01.12.2026, 14:30 Uhr" / "1 December 2026, 14:30 CET" – assembled from parts so ICU updates cannot reshape it. */
export function formatDeadline(language: Language, at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const parts = deadlineFormat(language, timeZone).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const time = `${get('hour')}:${get('minute')}`;
  if (language === 'de') {
    // Recipients of a German broker read times in German time; name the zone only when it differs.
    const zone = timeZone === DEFAULT_TIME_ZONE ? '' : ` (${get('timeZoneName')})`;
    return `${get('day')}.${get('month')}.${get('year')}, ${time} Uhr${zone}`;
  }
  return `${get('day')} ${get('month')} ${get('year')}, ${time} ${get('timeZoneName')}`;
}

export interface MailContent {
  language: Language;
  branding: MailBranding;
  subject: string;
  /** Hidden preview line shown by mail clients next to the subject. */
  preheader: string;
  greeting: string;
  intro: string[];
  /** The one button of the mail; informational mails have none. */
  action?: { label: string; href: string };
  /** Sentence introducing the plain link below the button. */
  linkHint?: string;
  outro: string[];
  signOff: string[];
  footer: string;
}

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const P_STYLE = `margin:0 0 16px 0;font-family:${FONT};font-size:16px;line-height:24px;color:#1f2933;`;

function paragraph(text: string, style: string = P_STYLE): string {
  return `<p style="${style}">${escapeHtml(text)}</p>`;
}

function renderAction(
  action: { label: string; href: string },
  linkHint: string,
  brand: string,
  onBrand: string,
  smallStyle: string,
): string {
  const href = escapeHtml(action.href);
  const linkStyle =
    `font-family:${FONT};font-size:16px;line-height:20px;font-weight:bold;color:${onBrand};` +
    'text-decoration:none;display:inline-block;';
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px 0;">
<tr><td bgcolor="${brand}" style="background-color:${brand};border-radius:6px;padding:14px 24px;">
<a href="${href}" style="${linkStyle}">${escapeHtml(action.label)}</a>
</td></tr>
</table>
${paragraph(linkHint, smallStyle)}
<p style="${smallStyle}word-break:break-all;margin-bottom:24px;">${href}</p>`;
}

/** The broker's contact details, cleaned; a stored value that is not a plain https link is left out. */
function contactOf(branding: MailBranding): MailContact | null {
  const contact = branding.contact;
  if (contact === undefined) {
    return null;
  }
  const phone = contact.phone === null ? null : cleanText(contact.phone) || null;
  const email = contact.email === null ? null : cleanText(contact.email) || null;
  let imprintUrl: string | null;
  try {
    imprintUrl =
      contact.imprintUrl !== null && checkLink(contact.imprintUrl).startsWith('https://') ? contact.imprintUrl : null;
  } catch {
    imprintUrl = null;
  }
  return phone === null && email === null && imprintUrl === null ? null : { phone, email, imprintUrl };
}

/** The broker's name for "please contact …", with the phone number when there is one. */
export function brokerToContact(language: Language, branding: MailBranding): string {
  const tenant = cleanText(branding.tenantName);
  const phone = contactOf(branding)?.phone ?? null;
  if (phone === null) {
    return tenant;
  }
  return language === 'de' ? `${tenant} (Telefon ${phone})` : `${tenant} (phone ${phone})`;
}

const CONTACT_WORDS: Record<Language, { phone: string; email: string; imprint: string }> = {
  de: { phone: 'Telefon', email: 'E-Mail', imprint: 'Impressum' },
  en: { phone: 'Phone', email: 'E-mail', imprint: 'Legal notice' },
};

function contactText(content: MailContent): string | null {
  const contact = contactOf(content.branding);
  if (contact === null) {
    return null;
  }
  const words = CONTACT_WORDS[content.language];
  const reach = [
    cleanText(content.branding.tenantName),
    contact.phone === null ? null : `${words.phone} ${contact.phone}`,
    contact.email === null ? null : `${words.email} ${contact.email}`,
  ].filter((part) => part !== null);
  return [reach.join(' · '), contact.imprintUrl === null ? null : `${words.imprint}: ${contact.imprintUrl}`]
    .filter((line) => line !== null)
    .join('\n');
}

function contactHtml(content: MailContent, style: string): string {
  const contact = contactOf(content.branding);
  if (contact === null) {
    return '';
  }
  const words = CONTACT_WORDS[content.language];
  const link = (href: string, label: string): string =>
    `<a href="${escapeHtml(href)}" style="color:#52606d;text-decoration:underline;">${escapeHtml(label)}</a>`;
  const parts = [
    escapeHtml(cleanText(content.branding.tenantName)),
    contact.phone === null ? null : `${words.phone} ${link(telephoneHref(contact.phone), contact.phone)}`,
    contact.email === null ? null : `${words.email} ${link(`mailto:${contact.email}`, contact.email)}`,
    contact.imprintUrl === null ? null : link(contact.imprintUrl, words.imprint),
  ].filter((part) => part !== null);
  return `<p style="${style}">${parts.join(' · ')}</p>`;
}

export function renderHtml(content: MailContent): string {
  const brand = safeColor(content.branding.primaryColor);
  const onBrand = textColorOn(brand);
  const tenant = escapeHtml(cleanText(content.branding.tenantName));
  const smallStyle = `margin:0 0 8px 0;font-family:${FONT};font-size:14px;line-height:20px;color:#52606d;`;
  const cardStyle = 'max-width:600px;background-color:#ffffff;border:1px solid #e5e7eb;';
  const headerStyle =
    `background-color:${brand};padding:20px 24px;font-family:${FONT};font-size:20px;line-height:28px;` +
    `font-weight:bold;color:${onBrand};`;
  const footerLine = 'font-size:12px;line-height:18px;';
  const contactStyle = `${smallStyle}margin:0 0 8px 0;${footerLine}`;
  return `<!DOCTYPE html>
<html lang="${content.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${escapeHtml(content.subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${escapeHtml(content.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="${cardStyle}">
<tr><td bgcolor="${brand}" style="${headerStyle}">${tenant}</td></tr>
<tr><td style="padding:24px;">
${paragraph(content.greeting)}
${content.intro.map((p) => paragraph(p)).join('\n')}
${content.action === undefined ? '' : renderAction(content.action, content.linkHint ?? '', brand, onBrand, smallStyle)}
${content.outro.map((p) => paragraph(p)).join('\n')}
<p style="${P_STYLE}margin-bottom:0;">${content.signOff.map(escapeHtml).join('<br>')}</p>
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;">${contactHtml(content, contactStyle)}${paragraph(
    content.footer,
    `${smallStyle}margin:0;${footerLine}`,
  )}</td></tr>
</table>
<!--[if mso]></td></tr></table><![endif]-->
</td></tr>
</table>
</body>
</html>
`;
}

export function renderText(content: MailContent): string {
  const blocks = [
    content.greeting,
    ...content.intro,
    ...(content.action === undefined ? [] : [`${content.action.label}:\n${content.action.href}`]),
    ...content.outro,
    content.signOff.join('\n'),
    ...[contactText(content)].filter((block) => block !== null),
    content.footer,
  ];
  return `${blocks.join('\n\n')}\n`;
}

export function renderMail(content: MailContent): RenderedMail {
  return {
    subject: cleanText(content.subject),
    text: renderText(content),
    html: renderHtml(content),
  };
}
