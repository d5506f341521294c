import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  address,
  contract,
  digits,
  gdvFile,
  gdvRecord,
  nachsatz,
  streamOf,
  text,
  vorsatz,
} from '../../../test/support/gdv-file.js';
import { readGdvRecords } from './gdv-reader.js';
import type { GdvReadOptions, GdvRecordError, GdvRecordEvent, GdvReadSummary } from './gdv-records.js';

async function readAll(bytes: Buffer, options: GdvReadOptions = {}, chunkSize?: number): Promise<GdvRecordEvent[]> {
  const events: GdvRecordEvent[] = [];
  for await (const event of readGdvRecords(streamOf(bytes, chunkSize), options)) events.push(event);
  return events;
}

function errorsOf(events: GdvRecordEvent[]): GdvRecordError[] {
  return events.flatMap((event) => (event.kind === 'error' ? [event.error] : []));
}

function summaryOf(events: GdvRecordEvent[]): GdvReadSummary {
  const last = events.at(-1);
  if (last?.kind !== 'summary') throw new Error('the summary comes last');
  return last.summary;
}

/** Vorsatz (2 lines), one address, one contract, two records of other Satzarten, Nachsatz: 6 data records. */
function wellFormedRecords(): string[] {
  return [
    ...vorsatz(),
    ...address({
      vsnr: 'HV123456',
      name1: 'Größer-Äßling',
      name3: 'Jürgen',
      city: 'Würzburg',
      street: 'Schönbornstraße 3',
      intermediaryCustomerNumber: 'K-4711',
    }),
    ...contract({ vsnr: 'HV123456', netPremium: digits(12345, 12), grossPremium: digits(14690, 12) }),
    gdvRecord('0210', [[5, text('9999', 5)]]),
    gdvRecord('0220', [[5, text('9999', 5)]]),
    nachsatz(6, 12345),
  ];
}

describe('reading a well-formed file', () => {
  it('yields Vorsatz, address, contract and Nachsatz with their lines, umlauts intact, and counts the Satzarten', async () => {
    const events = await readAll(gdvFile(wellFormedRecords()));
    expect(errorsOf(events)).toEqual([]);
    expect(events.map((event) => [event.kind, 'line' in event ? event.line : null])).toEqual([
      ['vorsatz', 1],
      ['address', 3],
      ['contract', 5],
      ['nachsatz', 9],
      ['summary', null],
    ]);
    const [vorsatzEvent, addressEvent, contractEvent] = events;
    expect(vorsatzEvent).toMatchObject({
      record: { insurerNumber: '9999', addressee: 'Maklerbüro Weiß', periodFrom: { year: 2024, month: 1, day: 1 } },
    });
    expect(vorsatzEvent).toMatchObject({ record: { versions: { '0001': '2.4', '0100': '2.4', '0200': '2.5' } } });
    expect(addressEvent).toMatchObject({
      record: {
        insurerNumber: '9999',
        sparte: null,
        policyNumber: 'HV123456',
        salutation: 'mr',
        name1: 'Größer-Äßling',
        name3: 'Jürgen',
        street: 'Schönbornstraße 3',
        postcode: '80331',
        city: 'Würzburg',
        countryCode: 'D',
        birthDate: { year: 1980, month: 3, day: 15 },
        addressKind: '01',
        intermediaryCustomerNumber: 'K-4711',
        insurerCustomerNumber: null,
      },
    });
    expect(contractEvent).toMatchObject({
      record: {
        sparte: '030',
        policyNumber: 'HV123456',
        status: 'active',
        start: { year: 2024, month: 1, day: 1 },
        end: { year: 2029, month: 1, day: 1 },
        mainDueDate: { year: 2025, month: 1, day: 1 },
        paymentFrequency: 'annual',
        currency: 'EUR',
        netPremiumCents: 12345,
        grossPremiumCents: 14690,
        productName: 'PHV Komfort Plus',
      },
    });
    expect(summaryOf(events)).toEqual({
      records: 9,
      recordsBySatzart: { '0001': 2, '0100': 2, '0200': 2, '0210': 1, '0220': 1, '9999': 1 },
      skippedBySatzart: { '0210': 1, '0220': 1 },
      packages: 1,
      errors: 0,
    });
  });

  it.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['no line breaks', ''],
  ] as const)('reads the same records with %s line ends, whatever the chunk size', async (_name, lineEnd) => {
    const expected = await readAll(gdvFile(wellFormedRecords(), '\r\n'));
    for (const chunkSize of [1, 13, 256, 65536]) {
      expect(await readAll(gdvFile(wellFormedRecords(), lineEnd), {}, chunkSize)).toEqual(expected);
    }
  });

  it('cuts a long file without line breaks into records as it streams, numbering them like lines', async () => {
    const contracts = Array.from({ length: 20 }, (_, index) => [
      ...address({ vsnr: `A${index}` }),
      ...contract({ vsnr: `A${index}` }),
    ]).flat();
    const records = [...vorsatz(), ...contracts, nachsatz(80, 20 * 12345)];
    const expected = await readAll(gdvFile(records, '\n'));
    expect(errorsOf(expected)).toEqual([]);
    for (const chunkSize of [1, 300, 5000]) {
      expect(await readAll(gdvFile(records, ''), {}, chunkSize)).toEqual(expected);
    }
  });

  it('reads 00 as an unknown day or month', async () => {
    const records = [
      ...vorsatz(),
      ...address({ vsnr: 'A1', birthDate: '00001975' }),
      ...contract({ vsnr: 'A1', start: '00052024', end: '00000000' }),
      nachsatz(4, 12345),
    ];
    const events = await readAll(gdvFile(records));
    expect(errorsOf(events)).toEqual([]);
    expect(events[1]).toMatchObject({ record: { birthDate: { year: 1975, month: null, day: null } } });
    expect(events[2]).toMatchObject({ record: { start: { year: 2024, month: 5, day: null }, end: null } });
  });

  it('decodes ISO 8859-15 by default and ISO 8859-1 when asked: the umlauts are the same, the euro sign is not', async () => {
    const records = [...vorsatz(), ...address({ vsnr: 'A1', name1: 'Ökonomie € Œuvre' }), nachsatz(2, 0)];
    const latin9 = await readAll(gdvFile(records));
    expect(latin9[1]).toMatchObject({ kind: 'address', record: { name1: 'Ökonomie € Œuvre' } });
    const latin1 = await readAll(gdvFile(records), { charset: 'iso-8859-1' });
    expect(latin1[1]).toMatchObject({ kind: 'address', record: { name1: 'Ökonomie ¤ ¼uvre' } });
  });
});

describe('reporting bad records and going on', () => {
  it('reports a truncated last record and the Nachsatz it lost', async () => {
    const records = [...vorsatz(), ...address({ vsnr: 'A1' }), ...contract({ vsnr: 'A1' })];
    const bytes = Buffer.concat([gdvFile(records), gdvFile([nachsatz(4, 12345)]).subarray(0, 120)]);
    const events = await readAll(bytes);
    expect(events.filter((event) => event.kind === 'address' || event.kind === 'contract')).toHaveLength(2);
    expect(errorsOf(events)).toEqual([
      { line: 7, satzart: '9999', field: null, code: 'RECORD_LENGTH', message: 'Der Satz hat 120 statt 256 Zeichen' },
      {
        line: 1,
        satzart: '9999',
        field: null,
        code: 'NACHSATZ_MISSING',
        message: 'Die Datei endet ohne Nachsatz (Satzart 9999)',
      },
    ]);
  });

  it('reports an impossible date (31.02.) with its line and field, skips that contract and reads the next', async () => {
    const records = [
      ...vorsatz(),
      ...address({ vsnr: 'A1' }),
      ...contract({ vsnr: 'A1', start: '31022024' }),
      ...address({ vsnr: 'A2' }),
      ...contract({ vsnr: 'A2' }),
      nachsatz(8, 24690),
    ];
    const events = await readAll(gdvFile(records));
    expect(errorsOf(events)).toEqual([
      {
        line: 5,
        satzart: '0200',
        field: 'Vertragsbeginn',
        code: 'DATE_INVALID',
        message: 'Vertragsbeginn: Den 31.02.2024 gibt es nicht',
      },
    ]);
    const contracts = events.flatMap((event) => (event.kind === 'contract' ? [event] : []));
    expect(contracts.map((event) => [event.line, event.record.policyNumber])).toEqual([[9, 'A2']]);
    expect(summaryOf(events).errors).toBe(1);
  });

  it('reports a premium that is not a number; the Nachsatz sum is then not held against the file', async () => {
    const records = [
      ...vorsatz(),
      ...address({ vsnr: 'A1' }),
      ...contract({ vsnr: 'A1', netPremium: '0000012x45  ' }),
      nachsatz(4, 12345),
    ];
    const events = await readAll(gdvFile(records));
    expect(errorsOf(events)).toEqual([
      {
        line: 5,
        satzart: '0200',
        field: 'Gesamtbeitrag (Netto) in Währungseinheiten',
        code: 'FIELD_NOT_NUMERIC',
        message: 'Gesamtbeitrag (Netto) in Währungseinheiten: „0000012x45“ ist keine Zahl',
      },
    ]);
    expect(events.some((event) => event.kind === 'contract')).toBe(false);
    expect(events.some((event) => event.kind === 'nachsatz')).toBe(true);
  });

  it('counts and skips an unknown Satzart, and reports a record that starts with no Satzart', async () => {
    const records = [
      ...vorsatz(),
      gdvRecord('0815', []),
      gdvRecord('AB12', []),
      ...address({ vsnr: 'A1' }),
      nachsatz(4, 0),
    ];
    const events = await readAll(gdvFile(records));
    expect(errorsOf(events)).toEqual([
      { line: 4, satzart: null, field: 'Satzart', code: 'SATZART_INVALID', message: '„AB12“ ist keine Satzart' },
    ]);
    expect(summaryOf(events).skippedBySatzart).toEqual({ '0815': 1 });
    expect(events.some((event) => event.kind === 'address')).toBe(true);
  });

  it('reports a second Teildatensatz that follows no first one of the same contract', async () => {
    const [first] = contract({ vsnr: 'A1' });
    const [, secondOfOther] = contract({ vsnr: 'B2' });
    const events = await readAll(gdvFile([...vorsatz(), first ?? '', secondOfOther ?? '', nachsatz(2, 12345)]));
    expect(errorsOf(events)).toEqual([
      {
        line: 4,
        satzart: '0200',
        field: 'Satznummer',
        code: 'PART_OUT_OF_ORDER',
        message: 'Teildatensatz 2 folgt nicht auf Teildatensatz 1 desselben Vertrags',
      },
    ]);
    expect(events.filter((event) => event.kind === 'contract')).toHaveLength(1);
  });

  it('checks the Nachsatz: how many records, and the sum of the net premiums', async () => {
    const records = [
      ...vorsatz(),
      ...address({ vsnr: 'A1' }),
      ...contract({ vsnr: 'A1', netPremium: digits(12345, 12) }),
      nachsatz(5, 99999),
    ];
    const errors = errorsOf(await readAll(gdvFile(records)));
    expect(errors.map((error) => [error.line, error.field, error.code])).toEqual([
      [7, 'Anzahl der Sätze', 'NACHSATZ_COUNT_MISMATCH'],
      [7, 'Gesamtbeitrag', 'NACHSATZ_SUM_MISMATCH'],
    ]);
    expect(errors[0]?.message).toBe('Der Nachsatz nennt 5 Sätze, gelesen wurden 4 (ohne Vor- und Nachsatz)');
    expect(errors[1]?.message).toBe(
      'Der Nachsatz nennt einen Gesamtbeitrag von 999,99 €, die Verträge ergeben 123,45 €',
    );
  });

  it('checks each package of a file that carries two insurers, and reports records before any Vorsatz', async () => {
    const records = [
      ...address({ vsnr: 'X0' }),
      nachsatz(2, 0),
      ...vorsatz({ vu: '1111' }),
      ...contract({ vu: '1111', vsnr: 'A1', netPremium: digits(100, 12) }),
      nachsatz(2, 100),
      ...vorsatz({ vu: '2222' }),
      ...contract({ vu: '2222', vsnr: 'B1', netPremium: digits(250, 12) }),
      nachsatz(2, 250),
    ];
    const events = await readAll(gdvFile(records));
    expect(errorsOf(events).map((error) => [error.line, error.code])).toEqual([[1, 'VORSATZ_MISSING']]);
    expect(summaryOf(events).packages).toBe(2);
  });
});

describe('streaming', () => {
  it('reads only as far as its consumer asks, so a big file is never held whole', async () => {
    const [first, second] = contract({ vsnr: 'A1' });
    const contractBytes = gdvFile([first ?? '', second ?? '']);
    let chunksRead = 0;
    // Long enough to stand for a file too big to hold, and finite, so a reader that yields nothing fails instead of
    // hanging.
    // eslint-disable-next-line @typescript-eslint/require-await -- an async source, as a file stream is
    async function* bigFile(): AsyncGenerator<Buffer> {
      yield gdvFile(vorsatz());
      for (; chunksRead < 100_000; chunksRead += 1) yield contractBytes;
    }
    let contracts = 0;
    for await (const event of readGdvRecords(bigFile())) {
      if (event.kind === 'contract') contracts += 1;
      if (contracts === 1000) break;
    }
    expect(contracts).toBe(1000);
    expect(chunksRead).toBeLessThan(1100);
  });

  it('refuses a stream that was given a text encoding, because the bytes are needed', async () => {
    const decoded = Readable.from([gdvFile(vorsatz()).toString('latin1')]);
    await expect(countEvents(decoded)).rejects.toThrow(/as bytes/u);
  });
});

async function countEvents(source: Readable): Promise<number> {
  let count = 0;
  for await (const event of readGdvRecords(source)) if (event.kind !== 'summary') count += 1;
  return count;
}
