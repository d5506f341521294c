import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The test files whose code never reaches the test database (test/support/test-database.ts, the only
 * module that reads the database the project provides). They behave the same in every project, so the
 * PostgreSQL project leaves them to the embedded one instead of running them twice.
 */
export function databaseFreeTestFiles(root: string): string[] {
  const databaseModule = resolve(root, 'test/support/test-database.ts');
  const reachesDatabase = new Map<string, boolean>();

  function reaches(file: string, visiting: Set<string>): boolean {
    if (file === databaseModule) return true;
    const known = reachesDatabase.get(file);
    if (known !== undefined) return known;
    if (visiting.has(file)) return false;
    visiting.add(file);
    const result = importsOf(file).some((imported) => reaches(imported, visiting));
    visiting.delete(file);
    reachesDatabase.set(file, result);
    return result;
  }

  return ['src', 'test']
    .flatMap((folder) =>
      readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' }).map((name) => join(root, folder, name)),
    )
    .filter((file) => /\.test\.tsx?$/.test(file))
    .filter((file) => !reaches(file, new Set()))
    .map((file) => relative(root, file));
}

const IMPORT = /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** The project's own files a file imports (relative imports; `x.js` names the `x.ts` or `x.tsx` source). */
function importsOf(file: string): string[] {
  const imported: string[] = [];
  for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2];
    if (specifier === undefined) continue;
    const base = resolve(dirname(file), specifier);
    const source = [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, base].find(
      (candidate) => /\.tsx?$/.test(candidate) && existsSync(candidate),
    );
    if (source !== undefined) imported.push(source);
  }
  return imported;
}
