/**
 * Progressive enhancement of the set-password form: live checklist of every check the server
 * applies, "both entries match", a show/hide toggle and a polite screen-reader summary. The form
 * works without this script; the server enforces the same checks (and the list of common
 * passwords, which stays on the server) on submit.
 *
 * Loaded as <script type="module" src=…> under CSP script-src 'self': no inline code, no eval.
 * The checks come from the very module the server uses, so the checklist never disagrees.
 */
import {
  checklistStates,
  findCapitalOutsideAscii,
  findPasswordProblems,
  type ChecklistState,
  type PasswordContext,
} from '../../modules/password-policy/password-checks.js';
import { normalizePassword } from '../../modules/password-policy/password-rules.js';

type Language = 'de' | 'en';

interface PageTexts {
  states: Record<ChecklistState, string>;
  show: string;
  hide: string;
  summary: (met: number, total: number) => string;
  capitalHint: (letter: string) => string;
}

const TEXTS: Readonly<Record<Language, PageTexts>> = {
  de: {
    states: { met: 'erfüllt', unmet: 'nicht erfüllt', pending: 'wird beim Speichern geprüft' },
    show: 'Passwort anzeigen',
    hide: 'Passwort verbergen',
    summary: (met, total) => `${met} von ${total} Regeln erfüllt`,
    capitalHint: (letter) => `„${letter}“ ist kein Buchstabe A–Z.`,
  },
  en: {
    states: { met: 'met', unmet: 'not met', pending: 'checked when you save' },
    show: 'Show password',
    hide: 'Hide password',
    summary: (met, total) => `${met} of ${total} rules met`,
    capitalHint: (letter) => `“${letter}” is not a letter A–Z.`,
  },
};

const MATCH_RULE = 'PASSWORD_MATCH';
// Long enough that a screen reader speaks once per pause in typing, not once per key.
const SUMMARY_DELAY_MS = 400;

function pageLanguage(): Language {
  return document.documentElement.lang.toLowerCase().startsWith('en') ? 'en' : 'de';
}

function contextOf(list: HTMLElement): PasswordContext {
  const { email, name, tenant } = list.dataset;
  return {
    ...(email === undefined ? {} : { email }),
    ...(name === undefined ? {} : { name }),
    ...(tenant === undefined ? {} : { tenantName: tenant }),
  };
}

/** An empty field leaves every line open; otherwise the shared checks decide each line. */
function lineStates(
  password: HTMLInputElement,
  confirm: HTMLInputElement | null,
  context: PasswordContext,
): Map<string, ChecklistState> {
  const isEmpty = password.value === '';
  const states = new Map<string, ChecklistState>(
    [...checklistStates(findPasswordProblems(password.value, context), { isServerChecked: false })].map(
      ([code, state]) => [code, isEmpty && state === 'met' ? 'unmet' : state],
    ),
  );
  if (confirm !== null) {
    const value = normalizePassword(password.value);
    states.set(MATCH_RULE, value !== '' && value === normalizePassword(confirm.value) ? 'met' : 'unmet');
  }
  return states;
}

/** Updates every list item; returns how many of the decided lines are met, out of how many. */
function renderChecklist(list: HTMLElement, states: Map<string, ChecklistState>, texts: PageTexts): [number, number] {
  let met = 0;
  let total = 0;
  for (const item of list.querySelectorAll<HTMLElement>('li[data-rule]')) {
    const state = states.get(item.dataset['rule'] ?? '');
    if (state === undefined) continue;
    if (state !== 'pending') total += 1;
    if (state === 'met') met += 1;
    item.dataset['met'] = state === 'pending' ? 'pending' : String(state === 'met');
    const label = item.querySelector('.rule-state');
    if (label !== null) label.textContent = texts.states[state];
  }
  return [met, total];
}

/** "Ä is not a letter A–Z", while the capital-letter line is open and such a letter was typed. */
function renderCapitalHint(hint: HTMLElement | null, password: string, isMet: boolean, texts: PageTexts): string {
  if (hint === null) return '';
  const letter = isMet ? null : findCapitalOutsideAscii(password);
  hint.hidden = letter === null;
  hint.textContent = letter === null ? '' : ` ${texts.capitalHint(letter)}`;
  return letter === null ? '' : texts.capitalHint(letter);
}

function enhanceToggle(
  button: HTMLButtonElement,
  inputs: HTMLInputElement[],
  form: HTMLFormElement,
  texts: PageTexts,
): void {
  const setVisible = (visible: boolean): void => {
    for (const input of inputs) input.type = visible ? 'text' : 'password';
    button.setAttribute('aria-pressed', String(visible));
    button.textContent = visible ? texts.hide : texts.show;
  };
  button.addEventListener('click', () => setVisible(button.getAttribute('aria-pressed') !== 'true'));
  // A visible password must not end up in the browser's autocomplete history of text fields.
  form.addEventListener('submit', () => setVisible(false));
  setVisible(false);
  button.hidden = false;
}

function enhance(form: HTMLFormElement): void {
  const password = form.querySelector<HTMLInputElement>('#password');
  const list = document.getElementById('password-rules');
  if (password === null || list === null) return;
  const confirm = form.querySelector<HTMLInputElement>('#password-confirm');
  const summary = document.getElementById('password-rules-summary');
  const hint = document.getElementById('password-uppercase-hint');
  const toggle = document.getElementById('toggle-password');
  const texts = TEXTS[pageLanguage()];
  const context = contextOf(list);
  let summaryTimer: ReturnType<typeof setTimeout> | undefined;

  const update = (announce: boolean): void => {
    // Once something new is typed, the lines speak of it, no longer of the refused password.
    delete list.dataset['refused'];
    const states = lineStates(password, confirm, context);
    const [met, total] = renderChecklist(list, states, texts);
    const hintText = renderCapitalHint(hint, password.value, states.get('PASSWORD_NEEDS_UPPERCASE') === 'met', texts);
    if (!announce || summary === null) return;
    clearTimeout(summaryTimer);
    summaryTimer = setTimeout(() => {
      summary.textContent = [texts.summary(met, total), hintText].filter((part) => part !== '').join(' ');
    }, SUMMARY_DELAY_MS);
  };

  password.addEventListener('input', () => update(true));
  confirm?.addEventListener('input', () => update(true));
  // Values restored by the browser (back button, autofill) should show their state at once. An
  // empty field keeps what the server drew: after a refusal, the state of the refused password.
  if (password.value !== '') update(false);
  if (toggle instanceof HTMLButtonElement) {
    enhanceToggle(toggle, confirm === null ? [password] : [password, confirm], form, texts);
  }
}

const form = document.querySelector<HTMLFormElement>('form[data-password-form]');
if (form !== null) enhance(form);
