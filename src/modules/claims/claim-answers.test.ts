import { describe, expect, it } from 'vitest';
import { parseEuroCents } from '../../shared/german-input.js';
import { formValuesOf, parseClaimStep, parsePushedAnswers } from './claim-answers.js';

const NOW = new Date('2026-12-04T12:00:00Z'); // 13:00 in Berlin

function codesOf(result: ReturnType<typeof parseClaimStep>) {
  return result.ok ? {} : Object.fromEntries(result.problems.map((problem) => [problem.field, problem.code]));
}

describe('parseEuroCents', () => {
  it.each([
    ['1.234,56', 123456],
    ['1234,5', 123450],
    ['1234.56', 123456],
    ['1.234', 123400],
    ['12 €', 1200],
    ['', null],
    ['12a', 'invalid'],
    ['1,2,3', 'invalid'],
    ['-5', 'invalid'],
  ] as const)('%s → %s', (input, cents) => {
    expect(parseEuroCents(input)).toBe(cents);
  });
});

describe('parseClaimStep', () => {
  const loss = {
    lossDate: '04.12.2026',
    lossTime: '12:30',
    place: 'Köln',
    description: 'Auffahrunfall',
    amount: '1.500,00',
  };

  it('takes a complete first step and gives the values back for the form', () => {
    const result = parseClaimStep('KFZ', 1, loss, NOW);
    expect(result).toEqual({
      ok: true,
      answers: {
        loss: {
          date: '2026-12-04',
          time: '12:30',
          place: 'Köln',
          description: 'Auffahrunfall',
          estimatedAmountCents: 150000,
        },
      },
    });
    expect(result.ok && formValuesOf(result.answers)).toMatchObject({ lossDate: '2026-12-04', amount: '1500,00' });
  });

  it.each([
    [{ lossDate: '' }, { lossDate: 'CLAIM_FIELD_REQUIRED' }],
    [{ lossDate: '31.02.2026' }, { lossDate: 'DATE_INVALID' }],
    [{ lossTime: '13:30' }, { lossDate: 'CLAIM_DATE_IN_FUTURE' }],
    [{ lossDate: '2026-12-05', lossTime: '08:00' }, { lossDate: 'CLAIM_DATE_IN_FUTURE' }],
    [{ lossTime: '25:00' }, { lossTime: 'CLAIM_TIME_INVALID' }],
    [{ amount: 'zwölf' }, { amount: 'AMOUNT_INVALID' }],
    [
      { place: ' ', description: 'x'.repeat(4001) },
      { place: 'CLAIM_FIELD_REQUIRED', description: 'CLAIM_TEXT_TOO_LONG' },
    ],
  ])('step 1 with %o → %o', (change, codes) => {
    expect(codesOf(parseClaimStep('KFZ', 1, { ...loss, ...change }, NOW))).toEqual(codes);
  });

  it('judges a loss in the future by the minute of each form, when the minutes alternate', () => {
    const nextMinute = new Date(NOW.getTime() + 60_000);
    const atOne = { ...loss, lossTime: '13:01' };
    expect(codesOf(parseClaimStep('KFZ', 1, atOne, NOW))).toEqual({ lossDate: 'CLAIM_DATE_IN_FUTURE' });
    expect(parseClaimStep('KFZ', 1, atOne, nextMinute).ok).toBe(true);
    expect(codesOf(parseClaimStep('KFZ', 1, atOne, NOW))).toEqual({ lossDate: 'CLAIM_DATE_IN_FUTURE' });
    expect(parseClaimStep('KFZ', 1, atOne, new Date(NOW.getTime() + 86_400_000)).ok).toBe(true);
  });

  it.each([
    ['KFZ', { plate: 'K-AB 123', driver: 'Max', towed: 'vielleicht' }, { towed: 'CLAIM_CHOICE_INVALID' }],
    [
      'KFZ',
      { injuredParty: 'Nachbar', relation: 'keine', damagedWhat: 'Zaun' },
      {
        plate: 'CLAIM_FIELD_REQUIRED',
        driver: 'CLAIM_FIELD_REQUIRED',
        towed: 'CLAIM_FIELD_REQUIRED',
      },
    ],
    ['HPV', { injuredParty: 'Nachbar', relation: 'keine' }, { damagedWhat: 'CLAIM_FIELD_REQUIRED' }],
    ['SACH', {}, { item1Description: 'CLAIM_FIELD_REQUIRED' }],
    [
      'SACH',
      { item1Description: 'Laptop', item1Age: 'alt', item2Value: '100' },
      {
        item1Age: 'CLAIM_AGE_INVALID',
        item2Description: 'CLAIM_FIELD_REQUIRED',
      },
    ],
    ['DEFAULT', { plate: 'K-AB 123' }, {}],
  ] as const)('step 3 of %s with %o → %o', (route, form, codes) => {
    expect(codesOf(parseClaimStep(route, 3, form, NOW))).toEqual(codes);
  });

  it('returns the problems in the order of the step’s questions, those found on the raw fields among them', () => {
    const result = parseClaimStep('SACH', 3, { item1Description: 'Laptop', item1Age: 'alt', item2Value: '100' }, NOW);
    expect(result.ok ? [] : result.problems.map((problem) => problem.field)).toEqual(['item1Age', 'item2Description']);
  });

  it('keeps the damaged items and leaves out another route’s answers', () => {
    const result = parseClaimStep(
      'SACH',
      3,
      { item1Description: 'Laptop', item1Age: '2', item1Value: '899,90', plate: 'X' },
      NOW,
    );
    expect(result).toEqual({
      ok: true,
      answers: { details: { items: [{ description: 'Laptop', ageYears: 2, valueCents: 89990 }] } },
    });
  });

  it('checks the IBAN by its checksum and stores it without spaces', () => {
    expect(
      codesOf(parseClaimStep('KFZ', 4, { iban: 'DE88 3704 0044 0532 0130 00', accountHolder: 'Max' }, NOW)),
    ).toEqual({
      iban: 'IBAN_INVALID',
    });
    expect(parseClaimStep('KFZ', 4, { iban: 'DE89 3704 0044 0532 0130 00', accountHolder: 'Max' }, NOW)).toEqual({
      ok: true,
      answers: { payout: { iban: 'DE89370400440532013000', accountHolder: 'Max' } },
    });
  });
});

describe('parsePushedAnswers', () => {
  const pushed = { date: '2026-12-04', description: ' Auffahrunfall ' };

  it('takes the day and description alone, and the circumstances only with the police question', () => {
    expect(parsePushedAnswers(pushed, NOW)).toEqual({
      ok: true,
      answers: {
        loss: { date: '2026-12-04', time: '', place: '', description: 'Auffahrunfall', estimatedAmountCents: null },
      },
    });
    const full = parsePushedAnswers({ ...pushed, time: '13:00', policeInvolved: true, witnesses: ' ' }, NOW);
    expect(full.ok && full.answers.circumstances).toEqual({
      policeInvolved: true,
      policeFileNumber: null,
      otherParties: null,
      witnesses: null,
    });
  });

  it('returns every field’s problem at once, with the form’s codes', () => {
    const result = parsePushedAnswers(
      {
        ...pushed,
        description: ' ',
        time: '13:01',
        place: 'x'.repeat(201),
        estimatedAmountCents: 0.5,
        otherParties: 'Nachbar',
      },
      NOW,
    );
    expect(codesOf(result)).toEqual({
      description: 'CLAIM_FIELD_REQUIRED',
      place: 'CLAIM_TEXT_TOO_LONG',
      estimatedAmountCents: 'AMOUNT_INVALID',
    });
    // The checks across fields once the fields themselves pass, as in the form.
    expect(codesOf(parsePushedAnswers({ ...pushed, otherParties: 'Nachbar' }, NOW))).toEqual({
      policeInvolved: 'CLAIM_FIELD_REQUIRED',
    });
    // 13:01 in Berlin is after now (13:00): the same moment rule as the form's.
    expect(codesOf(parsePushedAnswers({ ...pushed, time: '13:01' }, NOW))).toEqual({ date: 'CLAIM_DATE_IN_FUTURE' });
    expect(codesOf(parsePushedAnswers({ ...pushed, date: '2026-12-05' }, NOW))).toEqual({
      date: 'CLAIM_DATE_IN_FUTURE',
    });
  });
});
