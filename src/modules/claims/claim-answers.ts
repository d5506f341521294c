import { z } from 'zod';
import type { ErrorCode, FieldProblem } from '../../shared/errors.js';
import type {
  CircumstanceAnswers,
  ClaimAnswers,
  ClaimRoute,
  ClaimStep,
  DamagedItem,
  LiabilityAnswers,
  LossAnswers,
  MotorAnswers,
  PayoutAnswers,
  PropertyAnswers,
} from './claim.js';
import { formatIban, isValidIban, normalizeIban } from '../../shared/iban.js';
import { formatEuroInput, MAX_EURO_CENTS, parseDate, parseEuroCents } from '../../shared/german-input.js';

/** Rows of damaged items the property form offers. */
export const MAX_DAMAGED_ITEMS = 10;
const SHORT = 200;
const LONG = 4000;
const TIME_ZONE = 'Europe/Berlin';

type Form = Record<string, string>;
type Code = ErrorCode;

function fail(ctx: z.RefinementCtx, code: Code, params?: Record<string, number>) {
  ctx.addIssue({ code: 'custom', message: code, ...(params === undefined ? {} : { params }) });
  return z.NEVER;
}

const requiredText = (max: number) =>
  z.string().transform((value, ctx) => {
    const text = value.trim();
    if (text === '') return fail(ctx, 'CLAIM_FIELD_REQUIRED');
    return text.length > max ? fail(ctx, 'CLAIM_TEXT_TOO_LONG', { max }) : text;
  });

const optionalText = (max: number) =>
  z.string().transform((value, ctx) => {
    const text = value.trim();
    if (text.length > max) return fail(ctx, 'CLAIM_TEXT_TOO_LONG', { max });
    return text === '' ? null : text;
  });

const yesNo = z.string().transform((value, ctx) => {
  if (value === 'ja') return true;
  if (value === 'nein') return false;
  return fail(ctx, value === '' ? 'CLAIM_FIELD_REQUIRED' : 'CLAIM_CHOICE_INVALID');
});

const amount = z.string().transform((value, ctx) => {
  const cents = parseEuroCents(value);
  return cents === 'invalid' ? fail(ctx, 'AMOUNT_INVALID') : cents;
});

/** "9:05", "09:05" or "09.05" → "09:05". */
export function parseTime(input: string): string | null {
  const match = /^([0-9]{1,2})[:.]([0-9]{2})$/.exec(input.trim());
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) return null;
  return `${String(Number(match[1])).padStart(2, '0')}:${match[2]}`;
}

/** The German clock's parts of a moment; made once, as making it costs more than formatting with it. */
const LOCAL_CLOCK = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Now as "YYYY-MM-DDTHH:MM" on the German clock, to compare a loss's local date and time with. */
export function localNow(now: Date): string {
  const parts = Object.fromEntries(LOCAL_CLOCK.formatToParts(now).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The first step's questions, the loss not after `latest` ("YYYY-MM-DDTHH:MM" on the German clock). */
function lossSchema(latest: string) {
  return z
    .object({
      lossDate: z.string().transform((value, ctx) => {
        if (value.trim() === '') return fail(ctx, 'CLAIM_FIELD_REQUIRED');
        return parseDate(value) ?? fail(ctx, 'DATE_INVALID');
      }),
      lossTime: z.string().transform((value, ctx) => {
        if (value.trim() === '') return fail(ctx, 'CLAIM_FIELD_REQUIRED');
        return parseTime(value) ?? fail(ctx, 'CLAIM_TIME_INVALID');
      }),
      place: requiredText(SHORT),
      description: requiredText(LONG),
      amount,
    })
    .superRefine((value, ctx) => {
      if (`${value.lossDate}T${value.lossTime}` > latest) {
        ctx.addIssue({ code: 'custom', message: 'CLAIM_DATE_IN_FUTURE', path: ['lossDate'] });
      }
    })
    .transform((value): LossAnswers => ({
      date: value.lossDate,
      time: value.lossTime,
      place: value.place,
      description: value.description,
      estimatedAmountCents: value.amount,
    }));
}

const circumstancesSchema = z
  .object({
    police: yesNo,
    policeFileNumber: optionalText(SHORT),
    otherParties: optionalText(LONG),
    witnesses: optionalText(LONG),
  })
  .transform((value): CircumstanceAnswers => ({
    policeInvolved: value.police,
    policeFileNumber: value.police ? value.policeFileNumber : null,
    otherParties: value.otherParties,
    witnesses: value.witnesses,
  }));

const motorSchema = z.object({
  plate: requiredText(20),
  driver: requiredText(SHORT),
  otherVehicle: optionalText(SHORT),
  otherInsurer: optionalText(SHORT),
  ownDamage: optionalText(LONG),
  towed: yesNo,
}) satisfies z.ZodType<MotorAnswers, Record<string, string>>;

const liabilitySchema = z.object({
  injuredParty: requiredText(SHORT),
  relation: requiredText(SHORT),
  damagedWhat: requiredText(LONG),
}) satisfies z.ZodType<LiabilityAnswers, Record<string, string>>;

const itemKeys = (row: number) =>
  ({ description: `item${row}Description`, age: `item${row}Age`, value: `item${row}Value` }) as const;
const ROWS = Array.from({ length: MAX_DAMAGED_ITEMS }, (_, index) => index + 1);

const propertySchema = z
  .object(
    Object.fromEntries(
      ROWS.flatMap((row) => {
        const keys = itemKeys(row);
        return [
          [keys.description, optionalText(SHORT)],
          [
            keys.age,
            z.string().transform((value, ctx) => {
              const text = value.trim();
              if (text === '') return null;
              return /^[0-9]{1,3}$/.test(text) ? Number(text) : fail(ctx, 'CLAIM_AGE_INVALID');
            }),
          ],
          [keys.value, amount],
        ];
      }),
    ),
  )
  .transform((value): PropertyAnswers => {
    const items: DamagedItem[] = [];
    for (const row of ROWS) {
      const keys = itemKeys(row);
      const description = value[keys.description] as string | null;
      if (description !== null) {
        items.push({
          description,
          ageYears: value[keys.age] as number | null,
          valueCents: value[keys.value] as number | null,
        });
      }
    }
    return { items };
  });

/**
 * Rows with an age or a value but no description, and a form without any item: checked on the raw fields, so these
 * show together with the fields' own problems.
 */
function missingItemDescriptions(input: Form): FieldProblem[] {
  const filled = (key: string) => (input[key] ?? '').trim() !== '';
  const hasAny = ROWS.some((row) => filled(itemKeys(row).description));
  return ROWS.flatMap((row) => {
    const keys = itemKeys(row);
    const isMissing = !filled(keys.description) && (filled(keys.age) || filled(keys.value) || (row === 1 && !hasAny));
    return isMissing ? [{ field: keys.description, code: 'CLAIM_FIELD_REQUIRED' as const }] : [];
  });
}

const payoutSchema = z.object({
  iban: z.string().transform((value, ctx) => {
    if (value.trim() === '') return fail(ctx, 'CLAIM_FIELD_REQUIRED');
    return isValidIban(value) ? normalizeIban(value) : fail(ctx, 'IBAN_INVALID');
  }),
  accountHolder: requiredText(SHORT),
}) satisfies z.ZodType<PayoutAnswers, Record<string, string>>;

const messageSchema = z.object({ message: optionalText(LONG) });

/** The form fields of a step, as the pages name them. */
export function fieldsOfStep(route: ClaimRoute, step: ClaimStep): string[] {
  switch (step) {
    case 1:
      return ['lossDate', 'lossTime', 'place', 'description', 'amount'];
    case 2:
      return ['police', 'policeFileNumber', 'otherParties', 'witnesses'];
    case 3:
      return route === 'KFZ'
        ? ['plate', 'driver', 'otherVehicle', 'otherInsurer', 'ownDamage', 'towed']
        : route === 'HPV'
          ? ['injuredParty', 'relation', 'damagedWhat']
          : route === 'SACH'
            ? ROWS.flatMap((row) => Object.values(itemKeys(row)))
            : [];
    case 4:
      return ['iban', 'accountHolder'];
    case 5:
      return ['message'];
  }
}

function detailsSchema(route: ClaimRoute) {
  return route === 'KFZ'
    ? motorSchema
    : route === 'HPV'
      ? liabilitySchema
      : route === 'SACH'
        ? propertySchema
        : z.object({}).transform(() => ({}) as Record<string, never>);
}

export type StepResult = { ok: true; answers: ClaimAnswers } | { ok: false; problems: FieldProblem[] };

/*
 * Each step's schema is made once: zod compiles an object schema's check on its first use, which cost more than the
 * check itself when a schema was made for every form posted. The first step's depends on the minute on the German
 * clock (a loss may not be later), so it is made again when that minute has passed.
 */
const STEP_SCHEMAS: Record<2 | 4 | 5, StepSchema> = {
  2: circumstancesSchema.transform((circumstances): ClaimAnswers => ({ circumstances })),
  4: payoutSchema.transform((payout): ClaimAnswers => ({ payout })),
  5: messageSchema.transform(({ message }): ClaimAnswers => ({ message })),
};
/** What the form of a step is checked with. */
interface StepSchema {
  safeParse(input: Form): z.ZodSafeParseResult<ClaimAnswers>;
}

const detailsSchemas = new Map<ClaimRoute, StepSchema>();
let lossStep: { latest: string; schema: StepSchema } | null = null;

function lossStepSchema(now: Date): StepSchema {
  const latest = localNow(now);
  if (lossStep?.latest !== latest) {
    lossStep = { latest, schema: lossSchema(latest).transform((loss): ClaimAnswers => ({ loss })) };
  }
  return lossStep.schema;
}

function detailsStepSchema(route: ClaimRoute): StepSchema {
  let schema = detailsSchemas.get(route);
  if (schema === undefined) {
    schema = detailsSchema(route).transform((details): ClaimAnswers => ({ details }));
    detailsSchemas.set(route, schema);
  }
  return schema;
}

/**
 * Checks one step's form against the route's questions and turns it into the answers saved for it. Only the step's
 * own fields are read: answers of another route posted here are not taken. Every problem is returned at once.
 */
export function parseClaimStep(route: ClaimRoute, step: ClaimStep, form: Form, now: Date): StepResult {
  const fields = fieldsOfStep(route, step);
  const input = Object.fromEntries(fields.map((field) => [field, form[field] ?? '']));
  const schema = step === 1 ? lossStepSchema(now) : step === 3 ? detailsStepSchema(route) : STEP_SCHEMAS[step];
  const parsed = schema.safeParse(input);
  const extra = route === 'SACH' && step === 3 ? missingItemDescriptions(input) : [];
  if (parsed.success && extra.length === 0) {
    return { ok: true, answers: parsed.data };
  }
  // In the order of the step's questions: the page's summary of them leads to the first.
  const order = (problem: FieldProblem) => fields.indexOf(problem.field);
  const problems = problemsOf(extra, parsed.success ? [] : parsed.error.issues);
  return { ok: false, problems: problems.sort((left, right) => order(left) - order(right)) };
}

/** One problem per field, the first found, those found on the raw fields before the schema's. */
function problemsOf(found: FieldProblem[], issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  const problems = new Map<string, FieldProblem>(found.map((problem) => [problem.field, problem]));
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '');
    if (!problems.has(field)) {
      const params = issue.code === 'custom' ? (issue.params as Record<string, number> | undefined) : undefined;
      const code = (issue.code === 'custom' ? issue.message : 'CLAIM_FIELD_REQUIRED') as Code;
      problems.set(field, params === undefined ? { field, code } : { field, code, params });
    }
  }
  return [...problems.values()];
}

/**
 * The common answers the CRM may send with a claim it pushes (`PUT /claims/external/{externalId}`): the questions of
 * the portal's first two steps, under the API's names. Only the day and the description are required; the rest is
 * checked as the portal's steps check it when given.
 */
export interface PushedAnswersInput {
  /** The day, already checked as a calendar day ("2026-10-30"). */
  date: string;
  description: string;
  time?: string | undefined;
  place?: string | undefined;
  estimatedAmountCents?: number | undefined;
  policeInvolved?: boolean | undefined;
  policeFileNumber?: string | undefined;
  otherParties?: string | undefined;
  witnesses?: string | undefined;
}

const optionalPushedText = (max: number) =>
  optionalText(max)
    .optional()
    .transform((value) => value ?? null);

function pushedSchema(now: Date) {
  return z
    .object({
      date: z.string(),
      description: requiredText(LONG),
      time: z
        .string()
        .optional()
        .transform((value, ctx) => {
          if (value === undefined || value.trim() === '') return '';
          return parseTime(value) ?? fail(ctx, 'CLAIM_TIME_INVALID');
        }),
      place: optionalPushedText(SHORT),
      estimatedAmountCents: z
        .number()
        .optional()
        .transform((value, ctx) => {
          if (value === undefined) return null;
          return Number.isSafeInteger(value) && value >= 0 && value <= MAX_EURO_CENTS
            ? value
            : fail(ctx, 'AMOUNT_INVALID');
        }),
      policeInvolved: z.boolean().optional(),
      policeFileNumber: optionalPushedText(SHORT),
      otherParties: optionalPushedText(LONG),
      witnesses: optionalPushedText(LONG),
    })
    .superRefine((value, ctx) => {
      // As in the portal: the day and, when given, the time are never after now on the broker's clock.
      const isFuture =
        value.time === '' ? value.date > localNow(now).slice(0, 10) : `${value.date}T${value.time}` > localNow(now);
      if (isFuture) ctx.addIssue({ code: 'custom', message: 'CLAIM_DATE_IN_FUTURE', path: ['date'] });
      // The portal's second step asks whether the police came before anything else of it.
      const hasCircumstances =
        value.policeFileNumber !== null || value.otherParties !== null || value.witnesses !== null;
      if (hasCircumstances && value.policeInvolved === undefined) {
        ctx.addIssue({ code: 'custom', message: 'CLAIM_FIELD_REQUIRED', path: ['policeInvolved'] });
      }
    })
    .transform((value): ClaimAnswers => {
      const loss: LossAnswers = {
        date: value.date,
        time: value.time,
        place: value.place ?? '',
        description: value.description,
        estimatedAmountCents: value.estimatedAmountCents,
      };
      if (value.policeInvolved === undefined) return { loss };
      return {
        loss,
        circumstances: {
          policeInvolved: value.policeInvolved,
          // As in the portal: a file number only when the police were there.
          policeFileNumber: value.policeInvolved ? value.policeFileNumber : null,
          otherParties: value.otherParties,
          witnesses: value.witnesses,
        },
      };
    });
}

/**
 * A pushed claim's answers (the loss, and the circumstances when the police question is answered), checked with the
 * portal's rules: texts trimmed and limited, the time as the form takes it, the amount whole cents from 0 to a billion
 * euros (AMOUNT_INVALID), the loss not in the future (CLAIM_DATE_IN_FUTURE). Every field's problem is returned at
 * once; the checks across fields (the moment, the police question) once the fields pass, as in the form.
 */
export function parsePushedAnswers(input: PushedAnswersInput, now: Date): StepResult {
  const parsed = pushedSchema(now).safeParse(input);
  return parsed.success
    ? { ok: true, answers: parsed.data }
    : { ok: false, problems: problemsOf([], parsed.error.issues) };
}

const yesNoText = (value: boolean | undefined) => (value === undefined ? '' : value ? 'ja' : 'nein');

/** The saved answers as the forms' field values, to show a draft again. */
export function formValuesOf(answers: ClaimAnswers): Form {
  const values: Form = {};
  const { loss, circumstances, details, payout } = answers;
  if (loss) {
    Object.assign(values, {
      lossDate: loss.date,
      lossTime: loss.time,
      place: loss.place,
      description: loss.description,
      amount: formatEuroInput(loss.estimatedAmountCents),
    });
  }
  if (circumstances) {
    Object.assign(values, {
      police: yesNoText(circumstances.policeInvolved),
      policeFileNumber: circumstances.policeFileNumber ?? '',
      otherParties: circumstances.otherParties ?? '',
      witnesses: circumstances.witnesses ?? '',
    });
  }
  if (details && 'plate' in details) {
    Object.assign(values, {
      plate: details.plate,
      driver: details.driver,
      otherVehicle: details.otherVehicle ?? '',
      otherInsurer: details.otherInsurer ?? '',
      ownDamage: details.ownDamage ?? '',
      towed: yesNoText(details.towed),
    });
  } else if (details && 'injuredParty' in details) {
    Object.assign(values, details);
  } else if (details && 'items' in details) {
    details.items.forEach((item, index) => {
      const keys = itemKeys(index + 1);
      values[keys.description] = item.description;
      values[keys.age] = item.ageYears === null ? '' : String(item.ageYears);
      values[keys.value] = formatEuroInput(item.valueCents);
    });
  }
  if (payout) {
    Object.assign(values, { iban: formatIban(payout.iban), accountHolder: payout.accountHolder });
  }
  if (answers.message !== undefined) {
    values.message = answers.message ?? '';
  }
  return values;
}
