import type { Child } from 'hono/jsx';
import type { ErrorCode } from '../../shared/errors.js';
import { useTranslator } from '../language.js';
import { FieldError, Notice } from './components.js';

/** A problem of one field as the page shows it. */
export interface ShownProblem {
  code: ErrorCode;
  text: string;
}

/** A form shown again: what was sent and the problems found, by field name. */
export interface ShownForm {
  values: Record<string, string>;
  problems: Record<string, ShownProblem>;
}

/** What a question's control is made from: the value sent, and the attributes that tie it to its hint and problem. */
export interface QuestionControl {
  value: string;
  attributes: { id: string; name: string; 'aria-describedby': string | undefined; 'aria-invalid': 'true' | undefined };
}

/** A question's label, with "(Erforderlich)" when it must be answered. */
export function QuestionLabel(props: { label: string; isRequired?: boolean | undefined }) {
  const t = useTranslator();
  return (
    <>
      {props.label}
      {props.isRequired ? <span class="required"> ({t('Erforderlich')})</span> : null}
    </>
  );
}

/**
 * One question of a form shown again: its label, its hint and its problem, then the control `control` makes. A control
 * that is a group of its own (`labelIn: 'legend'`) names itself with QuestionLabel, so no label is written for it.
 */
export function QuestionField(props: {
  form: ShownForm;
  name: string;
  label: string;
  isRequired?: boolean | undefined;
  hint?: string | undefined;
  labelIn?: 'label' | 'legend';
  control: (control: QuestionControl) => Child;
}) {
  const { form, name } = props;
  const id = `field-${name}`;
  const problem = form.problems[name];
  const describedBy = [problem ? `${id}-error` : null, props.hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  const attributes = {
    id,
    name,
    'aria-describedby': describedBy === '' ? undefined : describedBy,
    'aria-invalid': problem ? ('true' as const) : undefined,
  };
  return (
    <div class="field">
      {props.labelIn === 'legend' ? null : (
        <label for={id}>
          <QuestionLabel label={props.label} isRequired={props.isRequired} />
        </label>
      )}
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {problem ? (
        <FieldError id={`${id}-error`} code={problem.code}>
          {problem.text}
        </FieldError>
      ) : null}
      {props.control({ value: form.values[name] ?? '', attributes })}
    </div>
  );
}

/**
 * Above a long form that came back refused: how many answers to look at, and a link to the first, which on a phone may
 * be far below. Each answer's own message stays at its field.
 */
export function ProblemSummary(props: { problems: Record<string, ShownProblem> }) {
  const t = useTranslator();
  // The form's own refusal ('') has a notice of its own; the rest are answers at their fields.
  const names = Object.keys(props.problems).filter((name) => name !== '');
  const first = names[0];
  if (first === undefined) return null;
  return (
    <Notice
      kind="error"
      title={
        names.length === 1
          ? t('Eine Angabe fehlt oder passt nicht.')
          : t('{count} Angaben fehlen oder passen nicht.', { count: names.length })
      }
    >
      <p>
        <a href={`#field-${first}`} id="first-problem">
          {t('Zur ersten markierten Angabe')}
        </a>
      </p>
    </Notice>
  );
}
