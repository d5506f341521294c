/**
 * Positions of the fields this reader uses, from the GDV standard "VU-Vermittler" (Release 2023; the
 * fields read here have not moved since 2009). Start is the 1-based byte address as the standard's
 * tables print it, so each line can be checked against them; names are the standard's.
 */

export interface FieldSpec {
  name: string;
  start: number;
  length: number;
}

function field(name: string, start: number, length: number): FieldSpec {
  return { name, start, length };
}

export const RECORD_LENGTH = 256;

export const SATZART = field('Satzart', 1, 4);
/** Number of the Teildatensatz; at 256 in every Satzart read here except the Nachsatz. */
export const SATZNUMMER = field('Satznummer', 256, 1);

/** Fields 2–7, the same at the start of every Teildatensatz of 0100 and 0200. */
export const CONTRACT_KEY = {
  insurerNumber: field('VU-Nummer', 5, 5),
  sparte: field('Sparte', 11, 3),
  policyNumber: field('Versicherungsschein-Nummer', 14, 17),
  sequence: field('Folgenummer', 31, 2),
  intermediaryNumber: field('Geschäftsstelle / Vermittler', 33, 10),
} as const;

/** Teildatensätze of one record share bytes 5–32 (VU-Nummer … Folgenummer). */
export const PART_KEY = field('Schlüssel des Teildatensatzes', 5, 28);

export const VORSATZ = {
  insurerNumber: field('VU-Nummer', 5, 5),
  sender: field('Absender', 10, 30),
  addressee: field('Adressat', 40, 30),
  periodFrom: field('Erstellungs-Datum Zeitraum vom', 70, 8),
  periodTo: field('Erstellungs-Datum Zeitraum bis', 78, 8),
  intermediaryNumber: field('Geschäftsstelle / Vermittler', 86, 10),
  version0001: field('Version Satzart 0001', 96, 3),
  version0100: field('Version Satzart 0100', 99, 3),
  version0200: field('Version Satzart 0200', 102, 3),
  version9999: field('Version Satzart 9999', 225, 3),
} as const;

export const ADDRESS_PART_1 = {
  salutation: field('Anredeschlüssel', 43, 1),
  name1: field('Name 1', 44, 30),
  name2: field('Name 2', 74, 30),
  name3: field('Name 3', 104, 30),
  title: field('Titel', 134, 20),
  countryCode: field('Länderkennzeichen', 154, 3),
  postcode: field('Postleitzahl', 157, 6),
  city: field('Ort', 163, 25),
  street: field('Straße', 188, 30),
  poBox: field('Postfach', 218, 8),
  birthDate: field('Geburtsdatum', 226, 8),
  addressKind: field('Adresskennzeichen', 237, 2),
} as const;

export const ADDRESS_PART_2 = {
  insurerCustomerNumber: field('Personen-/Kundennummer des Versicherers', 43, 17),
  intermediaryCustomerNumber: field('Personen-/Kundennummer des Vermittlers', 60, 17),
} as const;

export const CONTRACT_PART_1 = {
  start: field('Vertragsbeginn', 44, 8),
  end: field('Vertragsablauf', 52, 8),
  mainDueDate: field('Hauptfälligkeit', 60, 8),
  paymentFrequency: field('Zahlungsweise', 68, 1),
  status: field('Vertragsstatus', 69, 1),
  currency: field('Währungsschlüssel', 113, 3),
  netPremium: field('Gesamtbeitrag (Netto) in Währungseinheiten', 116, 12),
  insurerCustomerNumber: field('Personen-/Kundennummer des Versicherers', 159, 17),
  intermediaryCustomerNumber: field('Personen-/Kundennummer des Vermittlers', 176, 17),
} as const;

export const CONTRACT_PART_2 = {
  grossPremium: field('Gesamtbeitrag (Brutto) in Währungseinheiten', 72, 12),
  productName: field('Produktname', 114, 20),
} as const;

export const NACHSATZ = {
  recordCount: field('Anzahl der Sätze', 5, 10),
  intermediaryNumber: field('Geschäftsstelle / Vermittler', 15, 10),
  totalPremium: field('Gesamtbeitrag', 25, 15),
} as const;

/** Amounts in these fields carry two implied decimals ("Fliesskomma" with 2 Nachkommastellen). */
export const AMOUNT_DECIMALS = 2;
