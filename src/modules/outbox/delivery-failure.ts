import { personText, translatorFor, type Message, type PersonText } from '../../shared/i18n/translator.js';

/**
 * What a broker's staff read when a mail could not be delivered: the SMTP reason in plain words,
 * with the receiving server's own words for whoever wants to look closer. Sentences, in order,
 * for the page to translate.
 */
export function deliveryFailureTexts(status: 'failed' | 'abandoned', lastError: string | null): PersonText[] {
  const error = lastError ?? '';
  const reply = /\b([45]\d\d)(?:[ -]\d\.\d{1,3}\.\d{1,3})?\b[ -]?(.*)$/s.exec(error);
  const code = reply === null ? null : Number(reply[1]);
  return [
    ...(status === 'abandoned' ? [personText('Nach zwei Tagen mit wiederholten Versuchen aufgegeben.')] : []),
    personText(reasonFor(code, error)),
    ...(reply === null
      ? []
      : [personText('(Antwort des Mailservers: {reply})', { reply: clip(`${reply[1]} ${reply[2] ?? ''}`.trim()) })]),
  ];
}

/** The failure in German, e.g. for logs and the operator. */
export function describeDeliveryFailure(status: 'failed' | 'abandoned', lastError: string | null): string {
  const t = translatorFor('de');
  return deliveryFailureTexts(status, lastError)
    .map((text) => t.text(text))
    .join(' ');
}

function reasonFor(code: number | null, error: string): Message {
  if (code === 552) {
    return 'Das Postfach des Empfängers ist voll.';
  }
  if (code === 550 || code === 551 || code === 553) {
    return 'Der Mailserver des Empfängers kennt diese Adresse nicht oder nimmt für sie keine E-Mails an. Bitte prüfen Sie die Adresse.';
  }
  if (code !== null && code >= 500) {
    return 'Der Mailserver des Empfängers hat die E-Mail abgelehnt.';
  }
  if (code !== null) {
    return 'Der Mailserver des Empfängers hat die E-Mail vorübergehend abgewiesen.';
  }
  if (/timeout|timed out|greeting never received/i.test(error)) {
    return 'Der Mailserver hat nicht rechtzeitig geantwortet.';
  }
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET/.test(error)) {
    return 'Der Mailserver war nicht erreichbar.';
  }
  return 'Die E-Mail konnte nicht zugestellt werden.';
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 160 ? `${oneLine.slice(0, 159)}…` : oneLine;
}
