import type { Child } from 'hono/jsx';
import { useTranslator } from '../language.js';
import type { ErrorCode } from '../../shared/errors.js';
import type { Translator } from '../../shared/i18n/translator.js';
import type { PageError } from '../page-errors.js';

export type NoticeKind = 'error' | 'success' | 'info';

export interface NoticeProps {
  kind: NoticeKind;
  title?: string;
  /** The code of the refusal the notice reports, for the machines that read the page (tests, monitoring). */
  code?: ErrorCode | undefined;
  children?: Child;
}

/** Errors interrupt (role=alert); success and info are announced politely (role=status). */
export function Notice({ kind, title, code, children }: NoticeProps) {
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-error-code={code}>
      {title ? <p class="notice-title">{title}</p> : null}
      {children}
    </div>
  );
}

export interface FieldProps {
  label: string;
  name: string;
  type: 'text' | 'email' | 'password' | 'tel' | 'url' | 'search' | 'number';
  autocomplete?: string;
  value?: string;
  hint?: string;
  /** Server-side validation message for this field. */
  error?: string | undefined;
  /** The code of that message, shown as data-error-code. */
  errorCode?: ErrorCode | undefined;
  required?: boolean;
  id?: string;
  /** Ids of further elements describing the input, e.g. the password rule list. */
  describedBy?: string;
  /** Marks the input invalid when its error is shown elsewhere (a list above the form) and linked by describedBy. */
  isInvalid?: boolean;
  /** Focus on load: the field a refused form asks for, or the one a page exists for (a code). */
  autofocus?: boolean;
  inputMode?: 'numeric' | 'email' | 'tel';
}

export function Field(props: FieldProps) {
  const id = props.id ?? `field-${props.name}`;
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId, props.describedBy].filter(Boolean).join(' ') || undefined;
  // Mobile keyboards would otherwise capitalise or "correct" addresses and passwords.
  const literal = props.type === 'email' || props.type === 'password';
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <FieldError id={errorId} code={props.errorCode}>
          {props.error}
        </FieldError>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={props.type}
        autocomplete={props.autocomplete}
        // A password is never echoed back into the page.
        value={props.type === 'password' ? undefined : props.value}
        required={props.required ?? false}
        aria-describedby={describedBy}
        aria-invalid={props.error || props.isInvalid ? 'true' : undefined}
        autofocus={props.autofocus ? true : undefined}
        inputmode={props.inputMode}
        autocapitalize={literal ? 'none' : undefined}
        spellcheck={literal ? false : undefined}
      />
    </div>
  );
}

/**
 * A field's validation message. The code of the problem goes along as data-error-code, so that
 * tests and monitoring read what was refused without depending on the wording or the language.
 */
export function FieldError(props: { id?: string | undefined; code?: ErrorCode | undefined; children?: Child }) {
  return (
    <p class="field-error" id={props.id} data-error-code={props.code}>
      {props.children}
    </p>
  );
}

/** A refusal's message and code as the props of the field it belongs to; nothing for any other field. */
export function errorAt(
  t: Translator,
  error: PageError | null,
  field: string,
): { error: string | undefined; errorCode: ErrorCode | undefined } {
  return error !== null && error.field === field
    ? { error: t.text(error.text), errorCode: error.code }
    : { error: undefined, errorCode: undefined };
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export interface ButtonProps {
  kind?: 'primary' | 'secondary';
  type?: 'submit' | 'button';
  name?: string;
  value?: string;
  children?: Child;
}

export function Button({ kind = 'primary', type = 'submit', name, value, children }: ButtonProps) {
  return (
    <button class={kind === 'primary' ? 'button' : 'button button-secondary'} type={type} name={name} value={value}>
      {children}
    </button>
  );
}

/**
 * A wide table that scrolls sideways on a phone: focusable and named, so keyboard users can
 * scroll it too.
 */
export function ScrollRegion({ label, children }: { label: string; children?: Child }) {
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

/** A search or filter form of a list: GET, so the filter is part of the address and can be bookmarked. */
export function FilterForm({
  action,
  submitLabel,
  children,
}: {
  action: string;
  submitLabel: string;
  children?: Child;
}) {
  return (
    <form method="get" action={action} class="filters card">
      {children}
      <div class="field">
        <button class="button" type="submit">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}

/**
 * The links between the pages of a list, where there is more than one: the addresses of the previous and
 * the next page (null at either end) and, for lists counted in full, where the reader stands.
 */
export function Pager(props: {
  previous: string | null;
  next: string | null;
  position?: { page: number; pages: number };
}) {
  const t = useTranslator();
  if (props.previous === null && props.next === null) {
    return null;
  }
  return (
    <nav class="pager" aria-label={t('Seiten der Liste')}>
      {props.previous === null ? null : (
        <a href={props.previous} rel="prev">
          {t('← Vorherige Seite')}
        </a>
      )}
      {props.position === undefined ? null : <span>{t('Seite {page} von {pages}', props.position)}</span>}
      {props.next === null ? null : (
        <a href={props.next} rel="next">
          {t('Nächste Seite →')}
        </a>
      )}
    </nav>
  );
}

/** A numbered list's pager: `hrefOf` gives the address of a page. */
export function NumberedPager(props: { page: number; pages: number; hrefOf: (page: number) => string }) {
  const { page, pages, hrefOf } = props;
  return (
    <Pager
      previous={page <= 1 ? null : hrefOf(page - 1)}
      next={page >= pages ? null : hrefOf(page + 1)}
      position={{ page, pages }}
    />
  );
}

/** A choice in a list's filter form; its first option, `allLabel`, filters nothing. */
export function FilterSelect(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  allLabel: string;
  choices: ReadonlyArray<{ value: string; label: string }>;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        <option value="" selected={props.value === ''}>
          {props.allLabel}
        </option>
        {props.choices.map((choice) => (
          <option value={choice.value} selected={props.value === choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** One of the latest uploads of an import: its file name, the page it links to and its state in words. */
export interface RecentJob {
  href: string;
  fileName: string;
  state: string;
}

/** The latest uploads of an import as a card (nothing when there are none): each file linked, its state after it. */
export function RecentJobs(props: { title: string; jobs: RecentJob[] }) {
  if (props.jobs.length === 0) {
    return null;
  }
  return (
    <div class="card stack">
      <h2>{props.title}</h2>
      <ul class="list">
        {props.jobs.map((job) => (
          <li>
            <a href={job.href}>{job.fileName}</a>
            <span class="muted">
              {' – '}
              {job.state}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The search box of a list's filters: the words go in `suche`. */
export function SearchField(props: { id: string; label: string; value: string; maxlength?: number }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input id={props.id} name="suche" type="search" value={props.value} maxlength={props.maxlength} />
    </div>
  );
}
