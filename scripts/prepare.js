#!/usr/bin/env node
// `npm install` / `npm ci` in the checkout compiles to dist/. A production install
// (`npm ci --omit=dev`) has no TypeScript: it keeps the dist/ built before and compiles nothing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
process.exit(result.status ?? 1);
