import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENGLISH } from './english.js';
import { translatorFor } from './translator.js';
import { required } from '../required.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
/** Developer tools, not pages people see: the development mailbox and the API reference stay as they are. */
const UNTRANSLATED = new Set([
  'src/http/pages/dev-mail-pages.tsx',
  'src/http/routes/dev-mail-routes.tsx',
  'src/api/api-docs-page.tsx',
]);

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !UNTRANSLATED.has(path) ? [path] : [];
  });
}

const files = sourceFiles('src').filter((path) => path !== 'src/shared/i18n/english.ts');
const pageFiles = files.filter((path) => path.startsWith('src/http/pages/') || path.startsWith('src/http/routes/'));

/** Every text handed to the catalogue: t('…'), t.rich('…'), message('…'), personText('…'), refuse('…'). */
function cataloguedTexts(): Array<{ text: string; file: string }> {
  const call = /(?:\bt|\bt\.rich|\btranslatorOf\(c\)|\bmessage|\bpersonText|\brefuse)\(\s*'((?:[^'\\]|\\.)*)'/g;
  return files.flatMap((file) =>
    [...readFileSync(join(root, file), 'utf8').matchAll(call)].map((match) => ({
      text: required(match[1]).replace(/\\'/g, "'"),
      file,
    })),
  );
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('the English catalogue', () => {
  const texts = cataloguedTexts();

  it('has an English entry for every German text of the pages', () => {
    const missing = texts.filter(({ text }) => !(text in ENGLISH)).map(({ text, file }) => `${file}: '${text}'`);
    expect(missing, 'add these to src/shared/i18n/english.ts').toEqual([]);
  });

  it('keeps the placeholders of each text', () => {
    const broken = Object.entries(ENGLISH).filter(
      ([german, english]) => placeholders(german).join() !== placeholders(english).join(),
    );
    expect(broken.map(([german]) => german)).toEqual([]);
  });

  it('has no entry that no page uses any more', () => {
    const used = new Set(texts.map(({ text }) => text));
    const sources = files.map((file) => readFileSync(join(root, file), 'utf8')).join('\n');
    // Texts in typed tables (`label: 'Status'`) are found by the type checker, not by the call pattern above.
    const unused = Object.keys(ENGLISH).filter(
      (german) =>
        !used.has(german) && !sources.includes(`'${german.replace(/'/g, "\\'")}'`) && !sources.includes(`"${german}"`),
    );
    expect(unused).toEqual([]);
  });

  it('leaves no German text in page markup outside the catalogue', () => {
    // Text right after a tag (`<h1>Text<`, `</strong> Text<`), not generics such as `Promise<Response>`.
    const jsxText =
      /<\/?[A-Za-z][\w.]*(?!\s+extends\b)(?:\s+[\w-]+(?:=(?:"[^"]*"|\{[^{}]*\}))?)*\s*\/?>([^<>{}]*[A-Za-zÄÖÜäöüß]{2}[^<>{}]*)</g;
    const untranslated = pageFiles.flatMap((file) => {
      const source = readFileSync(join(root, file), 'utf8');
      return (
        [...source.matchAll(jsxText)]
          .map((match) => required(match[1]).trim())
          // A backtick is code between the tags of a template string (`</span>` + (shown ? `<br/>…`), not JSX text.
          .filter((text) => !/^(English|Deutsch)$|^\/[\w/.-]+$|[;=`]/.test(text))
          .map((text) => `${file}: ${text}`)
      );
    });
    expect(untranslated, 'wrap these in t(…) and add them to src/shared/i18n/english.ts').toEqual([]);
  });
});

describe('the translator', () => {
  it('fills placeholders and formats numbers and dates for each language', () => {
    const german = translatorFor('de');
    const english = translatorFor('en');
    expect(german('{count} Personen', { count: 1234 })).toBe('1.234 Personen');
    expect(english('{count} Personen', { count: 1234 })).toBe('1,234 people');
    const summer = new Date('2026-07-01T10:05:00Z');
    expect(german.dateTime(summer)).toBe('01.07.2026, 12:05');
    expect(english.dateTime(summer)).toBe('1 Jul 2026, 12:05');
    expect(english.rich('Ab jetzt melden Sie sich mit {email} an.', { email: 42 })).toEqual([
      'From now on you log in with ',
      42,
      '.',
    ]);
  });
});
