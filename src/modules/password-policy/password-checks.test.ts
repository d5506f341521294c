import { describe, expect, it } from 'vitest';
import { describeChecklistItem } from './password-messages.js';
import {
  checklistStates,
  findCapitalOutsideAscii,
  findPasswordProblems,
  PASSWORD_CHECKLIST,
  PASSWORD_PROBLEM_CODES,
} from './password-checks.js';
import { evaluatePassword } from './password-policy.js';

const MAX = {
  email: 'max.mustermann@example.com',
  name: 'Max Mustermann',
  tenantName: 'Acme Versicherungsmakler GmbH',
};

describe('the checklist', () => {
  it('covers every problem code the server reports, each once', () => {
    const covered = PASSWORD_CHECKLIST.flatMap((item) => item.codes);
    expect([...covered].sort()).toEqual([...PASSWORD_PROBLEM_CODES].sort());
  });

  it('has a German and an English label for every line', () => {
    for (const item of PASSWORD_CHECKLIST) {
      expect(describeChecklistItem(item.code, 'de')).not.toBe(describeChecklistItem(item.code, 'en'));
    }
    expect(describeChecklistItem('PASSWORD_TOO_COMMON', 'de')).toBe('Kein häufig verwendetes Passwort');
  });

  it('marks lines met or unmet from the problems, and server-only lines pending in the browser', () => {
    const problems = evaluatePassword('Sommer2024!', MAX);
    expect(problems).toEqual(['PASSWORD_TOO_COMMON']);
    expect(Object.fromEntries(checklistStates(problems, { isServerChecked: true }))).toMatchObject({
      PASSWORD_TOO_SHORT: 'met',
      PASSWORD_TOO_COMMON: 'unmet',
    });
    const inBrowser = checklistStates(findPasswordProblems('Sommer2024!', MAX), { isServerChecked: false });
    expect(inBrowser.get('PASSWORD_TOO_COMMON')).toBe('pending');
    expect(inBrowser.get('PASSWORD_CONTAINS_PERSONAL_DATA')).toBe('met');
  });

  it('lets the broker name and a too long password fail their lines', () => {
    const states = checklistStates(findPasswordProblems('Acme-Garten 7!' + '😀'.repeat(130), MAX), {
      isServerChecked: false,
    });
    expect(states.get('PASSWORD_TOO_SHORT')).toBe('unmet');
    const broker = checklistStates(findPasswordProblems('Acme-Garten 7!', MAX), { isServerChecked: false });
    expect(broker.get('PASSWORD_CONTAINS_PERSONAL_DATA')).toBe('unmet');
  });
});

describe('the checks without the word list (as the browser runs them)', () => {
  it('agree with the server on everything but a common password', () => {
    const samples = ['', 'Mustermann7!', 'Sommer2024!', 'Ein Satz mit Tab\t1A', 'Äpfel und Birnen 7', 'M4x.Muster 9!'];
    for (const sample of samples) {
      const server = evaluatePassword(sample, MAX).filter((code) => code !== 'PASSWORD_TOO_COMMON');
      expect(findPasswordProblems(sample, MAX)).toEqual(server);
    }
    expect(findPasswordProblems('Mustermann7!', MAX)).toContain('PASSWORD_CONTAINS_PERSONAL_DATA');
  });
});

describe('findCapitalOutsideAscii', () => {
  it('names a capital that is not A–Z, also when typed decomposed', () => {
    expect(findCapitalOutsideAscii('äpfel Ä1')).toBe('Ä');
    expect(findCapitalOutsideAscii('A\u0308pfel')).toBe('Ä');
    expect(findCapitalOutsideAscii('École')).toBe('É');
    expect(findCapitalOutsideAscii('Apfel äöü ß')).toBeNull();
  });
});
