/**
 * Progressive enhancement of the set-password form: live rule checklist, "both entries match",
 * a show/hide toggle and a polite screen-reader summary. The form works without this script;
 * the server enforces the same rules (and more) on submit.
 *
 * Loaded as <script type="module" src=…> under CSP script-src 'self': no inline code, no eval.
 * The rules come from the very module the server uses, so the checklist never disagrees.
 */
import { checkPasswordRules, normalizePassword } from '../../modules/password-policy/password-rules.js';

type Language = 'de' | 'en';

interface PageTexts {
  met: string;
  notMet: string;
  show: string;
  hide: string;
  summary: (met: number, total: number) => string;
}

const TEXTS: Readonly<Record<Language, PageTexts>> = {
  de: {
    met: 'erfüllt',
    notMet: 'nicht erfüllt',
    show: 'Passwort anzeigen',
    hide: 'Passwort verbergen',
    summary: (met, total) => `${met} von ${total} Regeln erfüllt`,
  },
  en: {
    met: 'met',
    notMet: 'not met',
    show: 'Show password',
    hide: 'Hide password',
    summary: (met, total) => `${met} of ${total} rules met`,
  },
};

const MATCH_RULE = 'PASSWORD_MATCH';
// Long enough that a screen reader speaks once per pause in typing, not once per key.
const SUMMARY_DELAY_MS = 400;

function pageLanguage(): Language {
  return document.documentElement.lang.toLowerCase().startsWith('en') ? 'en' : 'de';
}

function ruleStates(password: HTMLInputElement, confirm: HTMLInputElement | null): Map<string, boolean> {
  const states = new Map<string, boolean>(checkPasswordRules(password.value).map((rule) => [rule.code, rule.isMet]));
  if (confirm !== null) {
    const value = normalizePassword(password.value);
    states.set(MATCH_RULE, value !== '' && value === normalizePassword(confirm.value));
  }
  return states;
}

/** Updates every list item; returns how many of the shown items are met, out of how many. */
function renderChecklist(list: HTMLElement, states: Map<string, boolean>, texts: PageTexts): [number, number] {
  let met = 0;
  let total = 0;
  for (const item of list.querySelectorAll<HTMLElement>('li[data-rule]')) {
    const isMet = states.get(item.dataset['rule'] ?? '');
    if (isMet === undefined) continue;
    total += 1;
    if (isMet) met += 1;
    item.dataset['met'] = String(isMet);
    const state = item.querySelector('.rule-state');
    if (state !== null) state.textContent = isMet ? texts.met : texts.notMet;
  }
  return [met, total];
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
  if (password === null) return;
  const confirm = form.querySelector<HTMLInputElement>('#password-confirm');
  const list = document.getElementById('password-rules');
  const summary = document.getElementById('password-rules-summary');
  const toggle = document.getElementById('toggle-password');
  const texts = TEXTS[pageLanguage()];
  let summaryTimer: ReturnType<typeof setTimeout> | undefined;

  const update = (announce: boolean): void => {
    if (list === null) return;
    const [met, total] = renderChecklist(list, ruleStates(password, confirm), texts);
    if (!announce || summary === null) return;
    clearTimeout(summaryTimer);
    summaryTimer = setTimeout(() => {
      summary.textContent = texts.summary(met, total);
    }, SUMMARY_DELAY_MS);
  };

  password.addEventListener('input', () => update(true));
  confirm?.addEventListener('input', () => update(true));
  // Values restored by the browser (back button, autofill) should show their state at once.
  update(false);
  if (toggle instanceof HTMLButtonElement) {
    enhanceToggle(toggle, confirm === null ? [password] : [password, confirm], form, texts);
  }
}

const form = document.querySelector<HTMLFormElement>('form[data-password-form]');
if (form !== null) enhance(form);
