// One set of rules for the code: typescript-eslint's strict type-checked rules over src/ and test/, the
// recommended rules over the plain JavaScript scripts. Formatting is Prettier's; `max-len` catches what
// Prettier does not wrap (strings, template literals, comments, JSX text).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeGlobals = Object.fromEntries(
  [
    'Buffer',
    'URL',
    'URLSearchParams',
    'clearInterval',
    'clearTimeout',
    'console',
    'performance',
    'process',
    'setInterval',
    'setTimeout',
  ].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'node_modules/', 'src/db/migrations/', 'test-results/', '.test-tmp/'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [js.configs.recommended, ...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Counts, sizes and durations are written into messages as they are; other types still need a String().
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `() => resolve()` and `(c) => c.text(…)` in callbacks return what they call on purpose.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // `{ secret: _ignored, ...rest }` leaves a field out of a copy; `_name` marks a parameter kept for its position.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: nodeGlobals },
    rules: { 'no-unused-vars': ['error', { ignoreRestSiblings: true }] },
  },
  {
    rules: {
      'max-len': [
        'error',
        {
          code: 120,
          ignoreUrls: true,
          ignoreRegExpLiterals: true,
          // A test's title stays on its line (splitting it re-indents the whole test), and so does a line that is
          // one quoted text: page texts are keys of the English catalogue and must be written out whole.
          ignorePattern:
            "^\\s*(?:(?:describe|it|test)(?:\\.\\w+)?\\(|(?:\\w+: |[?:] |return )?'(?:[^'\\\\]|\\\\.)*'[,:;)]*$)",
        },
      ],
    },
  },
  {
    // API answers in tests are parsed JSON (`any`), checked against the OpenAPI contract by expectAnswersMatchContract.
    files: ['test/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // Fixtures set in beforeAll are declared as set; afterAll still guards against a setup that failed.
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    // The catalogue: German page texts as keys, verbatim, each with its English text.
    files: ['src/shared/i18n/english.ts'],
    rules: { 'max-len': 'off' },
  },
);
