import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules of docs/architecture.md that can be read from the imports alone:
 * - a module uses another module's service, never its repo (`*-repo.ts`); only the read models in
 *   src/modules/read-models/, which join several modules' tables on purpose, may import any repo;
 * - outside repos and read models no file of a module imports drizzle-orm or the schema except for types,
 *   so services cannot query the database inline;
 * - nothing outside src/cli but tests imports from it: the CLI is an entry point, and the operator's commands that
 *   the server runs too live in src/operator-commands.
 */

const SOURCE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Modules whose files may import any module's repo: each of them joins several modules' tables and says why. */
const READ_MODEL_MODULES = new Set(['read-models']);

interface SourceFile {
  /** Relative to src/, with forward slashes: `modules/people/people-service.ts`. */
  path: string;
  text: string;
}

interface ImportOf {
  specifier: string;
  typeOnly: boolean;
}

/** `import` or `export`, `type` or not, the names (default, `{ … }` over several lines, `* as x`), the specifier. */
const IMPORTED_NAMES = String.raw`(?:[\w$]+\s*,\s*)?(?:\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?)|[\w$]+`;
const STATIC_IMPORT = new RegExp(
  String.raw`^\s*(import|export)\s+(type\s+)?(${IMPORTED_NAMES})\s+from\s+['"]([^'"]+)['"]`,
  'gm',
);
const BARE_IMPORT = /^\s*import\s+['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every import and re-export of a source, type-only when the statement or each of its names says `type`. */
function importsOf(text: string): ImportOf[] {
  const found: ImportOf[] = [];
  for (const match of text.matchAll(STATIC_IMPORT)) {
    const names = match[3]!;
    const eachNameIsType =
      names.startsWith('{') &&
      names
        .slice(1, -1)
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '')
        .every((name) => name.startsWith('type '));
    found.push({ specifier: match[4]!, typeOnly: match[2] !== undefined || eachNameIsType });
  }
  for (const match of text.matchAll(BARE_IMPORT)) {
    found.push({ specifier: match[1]!, typeOnly: false });
  }
  for (const match of text.matchAll(DYNAMIC_IMPORT)) {
    found.push({ specifier: match[1]!, typeOnly: false });
  }
  return found;
}

/** The imported file relative to src/ without its extension, or null for a package. */
function resolved(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) {
    return null;
  }
  return posix.join(posix.dirname(from), specifier).replace(/\.(js|ts|tsx)$/, '');
}

const moduleOf = (path: string): string | null => /^modules\/([^/]+)\//.exec(path)?.[1] ?? null;

/** The rule breaks in these files, one line each: `file: what it imports (why not)`. */
function boundaryViolations(files: SourceFile[]): string[] {
  const violations: string[] = [];
  for (const file of files) {
    const ownModule = moduleOf(file.path);
    const isTest = /\.test\.tsx?$/.test(file.path);
    const isRepoOrReadModel = /-repo\.ts$/.test(file.path) || (ownModule !== null && READ_MODEL_MODULES.has(ownModule));
    for (const { specifier, typeOnly } of importsOf(file.text)) {
      const target = resolved(file.path, specifier);
      const targetModule = target === null ? null : moduleOf(`${target}.ts`);
      if (
        ownModule !== null &&
        !READ_MODEL_MODULES.has(ownModule) &&
        targetModule !== null &&
        targetModule !== ownModule &&
        /-repo$/.test(target!)
      ) {
        violations.push(`${file.path}: ${specifier} (another module's repo; use its service or a read model)`);
      }
      const isDatabaseAccess = specifier === 'drizzle-orm' || target === 'db/schema';
      if (ownModule !== null && !isTest && !isRepoOrReadModel && !typeOnly && isDatabaseAccess) {
        violations.push(`${file.path}: ${specifier} (queries belong in the module's repo)`);
      }
      if (!file.path.startsWith('cli/') && !isTest && target !== null && target.startsWith('cli/')) {
        violations.push(`${file.path}: ${specifier} (the CLI is an entry point; shared code lives below it)`);
      }
    }
  }
  return violations;
}

function sourcesUnder(directory: string): SourceFile[] {
  return readdirSync(join(SOURCE_ROOT, directory), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => {
      const absolute = join(entry.parentPath, entry.name);
      return { path: relative(SOURCE_ROOT, absolute).split('\\').join('/'), text: readFileSync(absolute, 'utf8') };
    });
}

describe('module boundaries', () => {
  it('holds for every file in src/', () => {
    const files = sourcesUnder('.');
    expect(files.filter((file) => file.path.startsWith('modules/')).length).toBeGreaterThan(100);
    expect(boundaryViolations(files)).toEqual([]);
  });

  it('notices a module importing another module’s repo, however the import is written', () => {
    const violations = boundaryViolations([
      {
        path: 'modules/people/people-service.ts',
        text: [
          "import { createMembershipQueries } from '../memberships/membership-repo.js';",
          'import {',
          '  type Identity,',
          '  createIdentityQueries,',
          "} from '../identities/identity-repo.js';",
          "import type { GrantKind } from '../grants/grant-repo.js';",
          "export * from '../audit/audit-repo.js';",
          "const later = () => import('../sessions/session-repo.js');",
        ].join('\n'),
      },
      {
        path: 'modules/imports/deep/helper.ts',
        text: "import { createGrantAdminQueries } from '../../grants/grant-repo.js';",
      },
    ]);
    expect(violations.map((line) => line.split(' (')[0])).toEqual([
      'modules/people/people-service.ts: ../memberships/membership-repo.js',
      'modules/people/people-service.ts: ../identities/identity-repo.js',
      'modules/people/people-service.ts: ../grants/grant-repo.js',
      'modules/people/people-service.ts: ../audit/audit-repo.js',
      'modules/people/people-service.ts: ../sessions/session-repo.js',
      'modules/imports/deep/helper.ts: ../../grants/grant-repo.js',
    ]);
  });

  it('lets a module use its own repo, other modules’ services, and read models use any repo', () => {
    expect(
      boundaryViolations([
        {
          path: 'modules/people/people-service.ts',
          text: [
            "import { createPeopleQueries } from './people-repo.js';",
            "import { membershipsIn } from '../memberships/membership-service.js';",
            "import { statedPeople } from '../read-models/people-state-sql.js';",
          ].join('\n'),
        },
        {
          path: 'modules/read-models/overview.ts',
          text: "import { createMembershipQueries } from '../memberships/membership-repo.js';",
        },
        { path: 'http/routes/x.ts', text: "import { createGrantQueries } from '../../modules/grants/grant-repo.js';" },
      ]),
    ).toEqual([]);
  });

  it('notices a service querying the database inline, but not a type taken from the schema', () => {
    const violations = boundaryViolations([
      {
        path: 'modules/profiles/profile-service.ts',
        text: "import { and, eq } from 'drizzle-orm';\nimport { grantProfiles } from '../../db/schema.js';",
      },
      { path: 'modules/portfolio/portfolio.ts', text: "import type { ContactPerson } from '../../db/schema.js';" },
      { path: 'modules/portfolio/view.ts', text: "import { type SQL } from 'drizzle-orm';" },
      { path: 'modules/profiles/profile-repo.ts', text: "import { and, eq } from 'drizzle-orm';" },
      { path: 'modules/profiles/profile.test.ts', text: "import { sql } from 'drizzle-orm';" },
    ]);
    expect(violations.map((line) => line.split(' (')[0])).toEqual([
      'modules/profiles/profile-service.ts: drizzle-orm',
      'modules/profiles/profile-service.ts: ../../db/schema.js',
    ]);
  });

  it('notices code outside the CLI importing from it', () => {
    expect(
      boundaryViolations([
        { path: 'server.ts', text: "import { startControlChannel } from './cli/control-channel.js';" },
        { path: 'http/app.ts', text: "import type { CommandName } from '../cli/commands.js';" },
        { path: 'cli/run-command.ts', text: "import { sendCommand } from '../operator-commands/control-channel.js';" },
        { path: 'cli/index.ts', text: "import { exitWithError } from './cli-environment.js';" },
      ]).map((line) => line.split(' (')[0]),
    ).toEqual(['server.ts: ./cli/control-channel.js', 'http/app.ts: ../cli/commands.js']);
  });
});
