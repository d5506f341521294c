import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { AppEnv } from '../context.js';

const projectRoot = new URL('../../../', import.meta.url);

/** A fixed list: the stylesheet from the sources, the browser modules as compiled to dist/. */
const ASSETS: Record<string, { file: string; type: string }> = {
  '/portico.css': { file: 'src/http/assets/portico.css', type: 'text/css; charset=utf-8' },
  '/http/assets/password-checklist.js': {
    file: 'dist/http/assets/password-checklist.js',
    type: 'text/javascript; charset=utf-8',
  },
  '/http/assets/resend-cooldown.js': {
    file: 'dist/http/assets/resend-cooldown.js',
    type: 'text/javascript; charset=utf-8',
  },
  '/http/assets/recovery-codes.js': {
    file: 'dist/http/assets/recovery-codes.js',
    type: 'text/javascript; charset=utf-8',
  },
  '/modules/password-policy/password-checks.js': {
    file: 'dist/modules/password-policy/password-checks.js',
    type: 'text/javascript; charset=utf-8',
  },
  '/modules/password-policy/password-rules.js': {
    file: 'dist/modules/password-policy/password-rules.js',
    type: 'text/javascript; charset=utf-8',
  },
};

export function assetRoutes() {
  const app = new Hono<AppEnv>();
  const cache = new Map<string, string>();

  app.get('/*', async (c) => {
    const path = c.req.path.slice('/assets'.length);
    const asset = ASSETS[path];
    if (asset === undefined) {
      return c.notFound();
    }
    let body = cache.get(path);
    if (body === undefined) {
      try {
        body = await readFile(fileURLToPath(new URL(asset.file, projectRoot)), 'utf8');
      } catch {
        return c.notFound();
      }
      cache.set(path, body);
    }
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(body);
  });

  return app;
}
