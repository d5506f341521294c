/**
 * What the GDV reader hands out: the records of a "VU-Vermittler" file as read (Vorsatz, Adressteil,
 * Allgemeiner Vertragsteil, Nachsatz), the problems it found, and plain portfolio items (customers and
 * contracts) that an adapter can pass to the portfolio's upsert. No database, no classes: plain data.
 */

/** A date of the file (TTMMJJJJ); "00" for day or month means the insurer does not know it. */
export interface GdvPartialDate {
  year: number;
  month: number | null;
  day: number | null;
}

/** The character sets a file may be written in; both spell the German umlauts and ß the same. */
export type GdvCharset = 'iso-8859-15' | 'iso-8859-1';

export interface GdvReadOptions {
  /** Default `iso-8859-15`; see docs/gdv.md. */
  charset?: GdvCharset;
}

/** Satzart 0001, Teildatensatz 1: who sent the file to whom, for which period. */
export interface GdvVorsatz {
  insurerNumber: string;
  sender: string | null;
  addressee: string | null;
  periodFrom: GdvPartialDate | null;
  periodTo: GdvPartialDate | null;
  intermediaryNumber: string | null;
  /** Layout versions the sender declares, e.g. { '0100': '2.4', '0200': '2.5' }. */
  versions: Record<string, string>;
}

/** The fields at the start of every Adressteil and Vertragsteil: the GDV contract key. */
export interface GdvContractKey {
  insurerNumber: string;
  /** Three digits (Anlage 1); null in an address sent without a contract (Stammdaten). */
  sparte: string | null;
  policyNumber: string | null;
  intermediaryNumber: string | null;
}

export type GdvSalutation = 'none' | 'mr' | 'mrs' | 'company' | 'mr-and-mrs' | 'miss' | 'association';

/** Satzart 0100 (Teildatensätze 1 and 2). */
export interface GdvAddress extends GdvContractKey {
  salutation: GdvSalutation | null;
  name1: string;
  name2: string | null;
  /** For people, the first name. */
  name3: string | null;
  title: string | null;
  countryCode: string | null;
  postcode: string | null;
  city: string | null;
  street: string | null;
  poBox: string | null;
  birthDate: GdvPartialDate | null;
  /** Adresskennzeichen (Anlage 7); "01" is the policyholder (Versicherungsnehmer). */
  addressKind: string | null;
  /** Personen-/Kundennummer des Versicherers. */
  insurerCustomerNumber: string | null;
  /** Personen-/Kundennummer des Vermittlers: the broker's own customer number. */
  intermediaryCustomerNumber: string | null;
}

export type GdvContractStatus =
  | 'active'
  | 'active-short-term'
  | 'dormant'
  | 'cancelled'
  | 'dormant-premium-free'
  | 'premium-free'
  | 'premium-free-by-benefit'
  | 'premium-deferred'
  | 'other';

export type GdvPaymentFrequency = 'annual' | 'semi-annual' | 'quarterly' | 'monthly' | 'single';

/** Satzart 0200 (Teildatensätze 1 and 2). */
export interface GdvContractPart extends GdvContractKey {
  sparte: string;
  policyNumber: string;
  /** Vertragsstatus (Anlage 24); null when the field is blank. */
  status: GdvContractStatus | null;
  statusCode: string | null;
  start: GdvPartialDate | null;
  end: GdvPartialDate | null;
  mainDueDate: GdvPartialDate | null;
  /**
   * Null when blank (Rechtsschutz may leave it to 0210) or a code this reader does not know; see paymentFrequencyCode.
   */
  paymentFrequency: GdvPaymentFrequency | null;
  paymentFrequencyCode: string | null;
  currency: string | null;
  /** Gesamtbeitrag (Netto) in Währungseinheiten, two implied decimals, as cents. */
  netPremiumCents: number | null;
  /** Gesamtbeitrag (Brutto) in Währungseinheiten from Teildatensatz 2; null without it. */
  grossPremiumCents: number | null;
  insurerCustomerNumber: string | null;
  intermediaryCustomerNumber: string | null;
  productName: string | null;
}

/** Satzart 9999: the sender's own count and sum, checked against what was read. */
export interface GdvNachsatz {
  recordCount: number;
  totalPremiumCents: number | null;
  intermediaryNumber: string | null;
}

export type GdvErrorCode =
  | 'RECORD_LENGTH'
  | 'SATZART_INVALID'
  | 'PART_OUT_OF_ORDER'
  | 'FIELD_REQUIRED'
  | 'FIELD_NOT_NUMERIC'
  | 'FIELD_INVALID'
  | 'DATE_INVALID'
  | 'VORSATZ_MISSING'
  | 'NACHSATZ_MISSING'
  | 'NACHSATZ_COUNT_MISMATCH'
  | 'NACHSATZ_SUM_MISMATCH'
  | 'POLICYHOLDER_MISSING'
  | 'CUSTOMER_NUMBER_INVALID';

/** One problem of one record: the record is skipped, reading goes on. */
export interface GdvRecordError {
  /** Line of the file (1-based); for a file without line breaks, the number of the 256-character record. */
  line: number;
  satzart: string | null;
  /** The field's name as the standard spells it, e.g. "Hauptfälligkeit"; null for the record as a whole. */
  field: string | null;
  code: GdvErrorCode;
  /** In German, for the broker's staff. */
  message: string;
}

export interface GdvReadSummary {
  /** Records of 256 characters read (Teildatensätze), including those with errors. */
  records: number;
  /** Records per Satzart, all of them. */
  recordsBySatzart: Record<string, number>;
  /** Records of Satzarten this reader does not parse: counted, then skipped. */
  skippedBySatzart: Record<string, number>;
  /** Vorsatz … Nachsatz packages; one file may carry several insurers' packages. */
  packages: number;
  errors: number;
}

export type GdvRecordEvent =
  | { kind: 'vorsatz'; line: number; record: GdvVorsatz }
  | { kind: 'address'; line: number; record: GdvAddress }
  | { kind: 'contract'; line: number; record: GdvContractPart }
  | { kind: 'nachsatz'; line: number; record: GdvNachsatz }
  | { kind: 'error'; error: GdvRecordError }
  | { kind: 'summary'; summary: GdvReadSummary };

/** A customer of the portfolio as the file gives it; the policyholder of one or more contracts. */
export interface PortfolioCustomer {
  customerNumber: string;
  /** Which field gave the number: the broker's own, the insurer's, or VU-Nr + VSNr when neither was filled. */
  customerNumberSource: 'intermediary' | 'insurer' | 'policy';
  salutation: GdvSalutation | null;
  /** Name 1 (surname or company), Name 2, Name 3 (first name for people). */
  name1: string;
  name2: string | null;
  name3: string | null;
  title: string | null;
  street: string | null;
  postcode: string | null;
  city: string | null;
  countryCode: string | null;
  poBox: string | null;
  birthDate: GdvPartialDate | null;
  insurerNumber: string;
  intermediaryNumber: string | null;
}

/** A contract, keyed by insurer number + Sparte + policy number (the GDV key). */
export interface PortfolioContract {
  insurerNumber: string;
  sparte: string;
  policyNumber: string;
  customerNumber: string;
  status: GdvContractStatus | null;
  start: GdvPartialDate | null;
  end: GdvPartialDate | null;
  mainDueDate: GdvPartialDate | null;
  paymentFrequency: GdvPaymentFrequency | null;
  currency: string | null;
  /** Net premium per payment period in cents (the file's Gesamtbeitrag Netto). */
  premiumCents: number | null;
  grossPremiumCents: number | null;
  productName: string | null;
  /**
   * The Absender of the contract's package (its Vorsatz), which in a file from an insurer to its intermediaries is the
   * insurer; null when the package names none or names another VU-Nummer than the contract.
   */
  insurerName: string | null;
  intermediaryNumber: string | null;
}

export interface PortfolioSummary extends GdvReadSummary {
  customers: number;
  contracts: number;
  /** Addresses of other roles (Beitragszahler, versicherte Person, …) that are not customers. */
  otherAddresses: number;
}

export type PortfolioEvent =
  | { kind: 'customer'; line: number; customer: PortfolioCustomer }
  | { kind: 'contract'; line: number; contract: PortfolioContract }
  | { kind: 'error'; error: GdvRecordError }
  | { kind: 'summary'; summary: PortfolioSummary };
