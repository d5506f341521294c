#!/usr/bin/env node
// `npm install` / `npm ci` in the checkout compiles to dist/. A production install
// (`npm ci --omit=dev`) has no TypeScript: it keeps the dist/ built before and compiles nothing.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let tscPath;
try {
  tscPath = require.resolve('typescript/bin/tsc');
} catch {
  tscPath = null;
}

if (tscPath === null) {
  const built = existsSync(new URL('../dist/cli/index.js', import.meta.url));
  console.log(
    built
      ? 'portico: TypeScript is not installed (production install); using the existing dist/'
      : 'portico: TypeScript is not installed and dist/ is missing: run `npm ci && npm run build` first (see ' +
          'docs/operations.md)',
  );
  process.exit(0);
}

// Emit only: the types are checked by `npm run typecheck` (part of `npm test`), which covers src/ as well; checking
// them here again would add about twenty seconds to every install.
const result = spawnSync(process.execPath, [tscPath, '-p', 'tsconfig.build.json', '--noCheck'], { stdio: 'inherit' });
if (result.status === 0) {
  // The `portico` command's file: the compiler writes it without the executable bit, and `npx portico` runs it as a
  // program (npm sets the bit itself only now and then, so a checkout cloned again into the same folder could be
  // refused with "Permission denied").
  chmodSync(new URL('../dist/cli/index.js', import.meta.url), 0o755);
}
process.exit(result.status ?? 1);
