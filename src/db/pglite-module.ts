import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Settings added to PGlite's own start parameters. PostgreSQL's default of 128 MB of shared
 * buffers is allocated and cleared in the WebAssembly memory at every start, which made it the
 * largest part of an idle process's memory and of its start; one broker's data is served well from
 * 16 MB plus the operating system's page cache.
 */
export const EMBEDDED_SETTINGS: readonly string[] = ['-c', 'shared_buffers=16MB'];

let compiling: Promise<WebAssembly.Module> | null = null;

/**
 * The embedded database's WebAssembly, compiled once per process. Compiling runs on V8's
 * background threads, so starting it early lets it overlap with loading the rest of Portico.
 */
export function compiledPgliteModule(): Promise<WebAssembly.Module> {
  compiling ??= readFile(
    join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), 'pglite.wasm'),
  ).then((bytes) => WebAssembly.compile(bytes));
  return compiling;
}
