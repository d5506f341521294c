import { splitRecords, type PhysicalRecord } from './gdv-lines.js';
import { PART_KEY, RECORD_LENGTH, SATZART, SATZNUMMER } from './gdv-layout.js';
import {
  parseAddress,
  parseContract,
  parseNachsatz,
  parseVorsatz,
  readNetPremium,
  type ParseResult,
  type RecordPart,
} from './gdv-parse.js';
import type {
  GdvErrorCode,
  GdvNachsatz,
  GdvReadOptions,
  GdvReadSummary,
  GdvRecordError,
  GdvRecordEvent,
} from './gdv-records.js';

const SATZART_PATTERN = /^[0-9]{4}$/u;
const MULTI_PART_SATZARTEN = new Set(['0100', '0200']);

interface Package {
  vorsatzLine: number | null;
  dataRecords: number;
  premiumCents: number;
  isPremiumSumKnown: boolean;
}

interface PendingRecord {
  satzart: string;
  key: string;
  parts: RecordPart[];
}

function emptyPackage(vorsatzLine: number | null): Package {
  return { vorsatzLine, dataRecords: 0, premiumCents: 0, isPremiumSumKnown: true };
}

function formatEuroCents(cents: number): string {
  return `${(cents / 100).toLocaleString('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;
}

/**
 * Reads a GDV "VU-Vermittler" file as it streams in and yields its records in file order: Vorsatz,
 * addresses (0100), contracts (0200) and Nachsatz, each with its line. A bad record yields its errors
 * instead and reading goes on; other Satzarten are counted and skipped. Memory holds one record's
 * Teildatensätze at a time, however big the file.
 */
export async function* readGdvRecords(
  source: AsyncIterable<unknown>,
  options: GdvReadOptions = {},
): AsyncGenerator<GdvRecordEvent> {
  const assembler = new RecordAssembler();
  for await (const physical of splitRecords(source, options.charset ?? 'iso-8859-15')) {
    yield* assembler.accept(physical);
  }
  yield* assembler.finish();
}

class RecordAssembler {
  private readonly summary: GdvReadSummary = {
    records: 0,
    recordsBySatzart: {},
    skippedBySatzart: {},
    packages: 0,
    errors: 0,
  };
  private current: Package | null = emptyPackage(null);
  private pending: PendingRecord | null = null;
  private isVorsatzMissingReported = false;
  private events: GdvRecordEvent[] = [];

  accept(physical: PhysicalRecord): GdvRecordEvent[] {
    this.events = [];
    this.summary.records += 1;
    const satzart = physical.text.slice(0, SATZART.length);
    const isSatzartValid = SATZART_PATTERN.test(satzart);
    if (isSatzartValid) this.summary.recordsBySatzart[satzart] = (this.summary.recordsBySatzart[satzart] ?? 0) + 1;
    if (!physical.isComplete || !isSatzartValid) {
      this.flushPending();
      if (satzart !== '0001' && satzart !== '9999')
        this.countDataRecord(physical.line, isSatzartValid ? satzart : null);
      if (satzart === '0200' && this.current !== null) this.current.isPremiumSumKnown = false;
      if (!physical.isComplete) {
        const shown = isSatzartValid ? satzart : null;
        this.report(
          physical.line,
          shown,
          null,
          'RECORD_LENGTH',
          `Der Satz hat ${physical.text.length} statt ${RECORD_LENGTH} Zeichen`,
        );
      } else {
        this.report(physical.line, null, SATZART.name, 'SATZART_INVALID', `„${satzart}“ ist keine Satzart`);
      }
      return this.events;
    }
    this.acceptRecord(physical, satzart);
    return this.events;
  }

  finish(): GdvRecordEvent[] {
    this.events = [];
    this.flushPending();
    if (this.current !== null && (this.current.vorsatzLine !== null || this.current.dataRecords > 0)) {
      this.report(
        this.current.vorsatzLine ?? 1,
        '9999',
        null,
        'NACHSATZ_MISSING',
        'Die Datei endet ohne Nachsatz (Satzart 9999)',
      );
    }
    this.events.push({ kind: 'summary', summary: this.summary });
    return this.events;
  }

  private acceptRecord(physical: PhysicalRecord, satzart: string): void {
    const partText = physical.text.slice(SATZNUMMER.start - 1, SATZNUMMER.start);
    const partNumber = partText === ' ' ? 1 : Number(partText);
    if (satzart === '0001') {
      this.flushPending();
      if (partNumber === 1) this.startPackage(physical);
      return;
    }
    if (satzart === '9999') {
      this.flushPending();
      this.closePackage(physical);
      return;
    }
    this.countDataRecord(physical.line, satzart);
    if (!MULTI_PART_SATZARTEN.has(satzart)) {
      this.flushPending();
      this.summary.skippedBySatzart[satzart] = (this.summary.skippedBySatzart[satzart] ?? 0) + 1;
      return;
    }
    this.acceptPart({ line: physical.line, text: physical.text, partNumber }, satzart, partText);
  }

  private acceptPart(part: RecordPart, satzart: string, partText: string): void {
    const key = part.text.slice(PART_KEY.start - 1, PART_KEY.start - 1 + PART_KEY.length);
    if (Number.isNaN(part.partNumber) || part.partNumber < 1) {
      this.flushPending();
      this.report(
        part.line,
        satzart,
        SATZNUMMER.name,
        'FIELD_NOT_NUMERIC',
        `${SATZNUMMER.name}: „${partText}“ ist keine Zahl`,
      );
      return;
    }
    if (part.partNumber === 1) {
      this.flushPending();
      this.pending = { satzart, key, parts: [part] };
      if (satzart === '0200') this.addPremium(part);
      return;
    }
    const pending = this.pending;
    const previous = pending?.parts.at(-1);
    if (
      pending === null ||
      pending.satzart !== satzart ||
      pending.key !== key ||
      previous === undefined ||
      previous.partNumber >= part.partNumber
    ) {
      this.flushPending();
      const message = `Teildatensatz ${part.partNumber} folgt nicht auf Teildatensatz 1 desselben Vertrags`;
      this.report(part.line, satzart, SATZNUMMER.name, 'PART_OUT_OF_ORDER', message);
      return;
    }
    pending.parts.push(part);
  }

  private flushPending(): void {
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    const line = pending.parts[0]?.line ?? 0;
    if (pending.satzart === '0100')
      this.emit(parseAddress(pending.parts), (record) => ({ kind: 'address', line, record }));
    else this.emit(parseContract(pending.parts), (record) => ({ kind: 'contract', line, record }));
  }

  private emit<T>(result: ParseResult<T>, toEvent: (record: T) => GdvRecordEvent): void {
    if (result.record === null) {
      for (const error of result.errors) this.pushError(error);
      return;
    }
    this.events.push(toEvent(result.record));
  }

  private startPackage(physical: PhysicalRecord): void {
    if (this.current !== null && (this.current.vorsatzLine !== null || this.current.dataRecords > 0)) {
      this.report(
        physical.line,
        '9999',
        null,
        'NACHSATZ_MISSING',
        'Vor diesem Vorsatz fehlt der Nachsatz des vorigen Datenpakets',
      );
    }
    this.current = emptyPackage(physical.line);
    this.summary.packages += 1;
    this.isVorsatzMissingReported = false;
    this.emit(parseVorsatz({ line: physical.line, text: physical.text, partNumber: 1 }), (record) => ({
      kind: 'vorsatz',
      line: physical.line,
      record,
    }));
  }

  private closePackage(physical: PhysicalRecord): void {
    const finished = this.current ?? emptyPackage(null);
    this.current = null;
    const result = parseNachsatz({ line: physical.line, text: physical.text, partNumber: 1 });
    this.emit(result, (record) => ({ kind: 'nachsatz', line: physical.line, record }));
    if (result.record !== null) this.checkNachsatz(physical.line, result.record, finished);
  }

  private checkNachsatz(line: number, nachsatz: GdvNachsatz, finished: Package): void {
    if (nachsatz.recordCount !== finished.dataRecords) {
      const message =
        `Der Nachsatz nennt ${nachsatz.recordCount} Sätze, gelesen wurden ${finished.dataRecords} (ohne Vor- ` +
        `und Nachsatz)`;
      this.report(line, '9999', 'Anzahl der Sätze', 'NACHSATZ_COUNT_MISMATCH', message);
    }
    // A premium that could not be read leaves the sum unknown; that premium's record has reported it already.
    if (
      nachsatz.totalPremiumCents !== null &&
      finished.isPremiumSumKnown &&
      nachsatz.totalPremiumCents !== finished.premiumCents
    ) {
      const stated = formatEuroCents(nachsatz.totalPremiumCents);
      const message =
        `Der Nachsatz nennt einen Gesamtbeitrag von ${stated}, die Verträge ergeben ` +
        formatEuroCents(finished.premiumCents);
      this.report(line, '9999', 'Gesamtbeitrag', 'NACHSATZ_SUM_MISMATCH', message);
    }
  }

  private countDataRecord(line: number, satzart: string | null): void {
    if (this.current === null) {
      this.current = emptyPackage(null);
      if (!this.isVorsatzMissingReported) {
        this.isVorsatzMissingReported = true;
        this.report(line, satzart, null, 'VORSATZ_MISSING', 'Vor diesem Satz fehlt ein Vorsatz (Satzart 0001)');
      }
    } else if (this.current.vorsatzLine === null && this.current.dataRecords === 0 && !this.isVorsatzMissingReported) {
      this.isVorsatzMissingReported = true;
      this.report(line, satzart, null, 'VORSATZ_MISSING', 'Die Datei beginnt nicht mit einem Vorsatz (Satzart 0001)');
    }
    this.current.dataRecords += 1;
  }

  private addPremium(part: RecordPart): void {
    if (this.current === null) return;
    const cents = readNetPremium(part);
    if (cents === null) this.current.isPremiumSumKnown = false;
    else this.current.premiumCents += cents;
  }

  private report(
    line: number,
    satzart: string | null,
    field: string | null,
    code: GdvErrorCode,
    message: string,
  ): void {
    this.pushError({ line, satzart, field, code, message });
  }

  private pushError(error: GdvRecordError): void {
    this.summary.errors += 1;
    this.events.push({ kind: 'error', error });
  }
}
