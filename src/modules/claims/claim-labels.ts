import { message, type Message, type Translator } from '../../shared/i18n/translator.js';
import type { ClaimStatus, ClaimView } from './claim.js';
import { formatIban } from '../../shared/iban.js';

export const CLAIM_STATUS_NAMES: Readonly<Record<ClaimStatus, Message>> = {
  draft: message('Entwurf'),
  awaiting_release: message('Wartet auf Freigabe'),
  submitted: message('Gemeldet'),
  in_progress: message('In Bearbeitung'),
  settled: message('Reguliert'),
  refused: message('Abgelehnt'),
  closed: message('Geschlossen'),
};

/** One answer as the pages and the PDF show it: the form's label and the answer as text. */
export interface ClaimAnswerEntry {
  label: string;
  value: string;
}

/** How the one who shows the answers writes amounts and the loss's date and time. */
export interface ClaimAnswerFormats {
  euro(cents: number): string;
  lossMoment(date: string, time: string): string;
}

/**
 * Every answer of a claim with the label its form asks it with, in the form's order; answers not given are left out.
 * The person's and the workspace's pages and the PDF all list them from here, so none of them misses or renames one.
 */
export function claimAnswerEntries(
  claim: Pick<ClaimView, 'status' | 'insurerClaimNumber' | 'brokerClaimNumber' | 'answers'>,
  t: Translator,
  formats: ClaimAnswerFormats,
): ClaimAnswerEntry[] {
  const { loss, circumstances, details, payout } = claim.answers;
  const euro = (cents: number | null | undefined) =>
    cents === null || cents === undefined ? null : formats.euro(cents);
  const yesNo = (value: boolean | undefined) => (value === undefined ? null : value ? t('Ja') : t('Nein'));
  const entries: Array<[string, string | null | undefined]> = [
    [t('Status'), t(CLAIM_STATUS_NAMES[claim.status])],
    [t('Schadennummer des Versicherers'), claim.insurerClaimNumber],
    [t('Schadennummer des Maklers'), claim.brokerClaimNumber],
    [t('Datum des Schadens'), loss ? formats.lossMoment(loss.date, loss.time) : null],
    [t('Ort'), loss?.place],
    [t('Was ist passiert?'), loss?.description],
    [t('Geschätzte Schadenhöhe in Euro'), euro(loss?.estimatedAmountCents)],
    [t('War die Polizei beteiligt?'), yesNo(circumstances?.policeInvolved)],
    [t('Aktenzeichen der Polizei'), circumstances?.policeFileNumber],
    [t('Weitere Beteiligte'), circumstances?.otherParties],
    [t('Zeugen'), circumstances?.witnesses],
  ];
  if (details && 'plate' in details) {
    entries.push(
      [t('Kennzeichen'), details.plate],
      [t('Fahrer oder Fahrerin'), details.driver],
      [t('Anderes Fahrzeug (Kennzeichen)'), details.otherVehicle],
      [t('Versicherer des anderen Fahrzeugs'), details.otherInsurer],
      [t('Schaden am eigenen Fahrzeug'), details.ownDamage],
      [t('Wurde das Fahrzeug abgeschleppt?'), yesNo(details.towed)],
    );
  } else if (details && 'injuredParty' in details) {
    entries.push(
      [t('Geschädigte Person'), details.injuredParty],
      [t('Ihre Beziehung zur geschädigten Person'), details.relation],
      [t('Was wurde beschädigt?'), details.damagedWhat],
    );
  } else if (details && 'items' in details) {
    details.items.forEach((item, index) => {
      const parts = [
        item.description,
        item.ageYears === null ? null : t('{years} Jahre', { years: item.ageYears }),
        euro(item.valueCents),
      ];
      entries.push([
        t('Gegenstand {number}', { number: index + 1 }),
        parts.filter((part) => part !== null).join(' · '),
      ]);
    });
  }
  entries.push(
    [t('IBAN'), payout ? formatIban(payout.iban) : null],
    [t('Kontoinhaber'), payout?.accountHolder],
    [t('Nachricht an Ihren Makler'), claim.answers.message],
  );
  return entries.flatMap(([label, value]) =>
    value === null || value === undefined || value === '' ? [] : [{ label, value }],
  );
}
