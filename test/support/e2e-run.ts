import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { it } from 'vitest';
import { launchBrowser } from './browser.js';
import { UI_TIMEOUT } from './e2e-pages.js';
import { startPorticoProcess, type PorticoProcess } from './portico-process.js';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.js';
import { createTestDatabase, databaseKind, type TestDatabase } from './test-database.js';
import { required } from '../../src/shared/required.js';

/** What one end-to-end file drives: a real `portico start`, a real SMTP receiver, Chromium with one page. */
export interface E2eEnvironment {
  smtp: SmtpReceiver;
  /** The process's database on PostgreSQL; null on PGlite, where the process opens its own in its DATA_DIR. */
  database: TestDatabase | null;
  portico: PorticoProcess;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Acme's address on this process: `http://acme.localhost:<port>` (see createAcme). */
  acmeUrl: string;
}

/** Another browser of its own (cookies and all), German, at the given size, with the suite's time limits. */
export async function newE2eContext(
  browser: Browser,
  viewport: { width: number; height: number },
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'de-DE', viewport, ...options });
  context.setDefaultTimeout(UI_TIMEOUT);
  context.setDefaultNavigationTimeout(UI_TIMEOUT * 2);
  return context;
}

/**
 * Starts everything in parallel. On PostgreSQL the process needs the fresh database's URL first; on
 * PGlite it opens its own embedded database in its DATA_DIR, so no database is made for it here.
 * When something fails to start, whatever did start is stopped again.
 */
export async function startE2eEnvironment(options: {
  viewport: { width: number; height: number };
  /** Further variables for the process, such as a short FILE_LINK_LIFETIME_SECONDS. */
  environment?: Record<string, string>;
}): Promise<E2eEnvironment> {
  const smtp = await startSmtpReceiver();
  const started: Partial<E2eEnvironment> = { smtp, database: null };
  if (databaseKind === 'postgres') {
    try {
      started.database = await createTestDatabase();
    } catch (error) {
      await stopE2eEnvironment(started);
      throw error;
    }
  }
  const [porticoResult, browserResult] = await Promise.allSettled([
    startPorticoProcess({
      smtpUrl: smtp.url,
      database: started.database ?? { environment: {} },
      ...(options.environment === undefined ? {} : { environment: options.environment }),
    }),
    launchBrowser(),
  ]);
  if (porticoResult.status === 'fulfilled') started.portico = porticoResult.value;
  if (browserResult.status === 'fulfilled') started.browser = browserResult.value;
  const failure = [porticoResult, browserResult].find((result) => result.status === 'rejected');
  if (failure !== undefined) {
    await stopE2eEnvironment(started);
    throw failure.reason;
  }
  const context = await newE2eContext(required(started.browser), options.viewport);
  const { port } = required(started.portico);
  return {
    ...(started as Omit<E2eEnvironment, 'context' | 'page' | 'acmeUrl'>),
    context,
    page: await context.newPage(),
    acmeUrl: `http://acme.localhost:${port}`,
  };
}

export async function stopE2eEnvironment(environment: Partial<E2eEnvironment>): Promise<void> {
  await environment.context?.close().catch(() => undefined);
  await environment.browser?.close().catch(() => undefined);
  await environment.portico?.stop();
  await environment.smtp?.close();
  await environment.database?.drop();
}

/**
 * Steps build on each other and run in order, so after a failure the rest are skipped (instead of
 * failing for the same reason); `onFailure` may keep the failing page for a look.
 */
export function createStepRunner(options: {
  timeout: number;
  onFailure?: (name: string) => Promise<void>;
}): (name: string, body: () => Promise<void>, timeout?: number) => void {
  let failedStep: string | null = null;
  return (name, body, timeout = options.timeout) => {
    it(name, { timeout }, async (testContext) => {
      if (failedStep !== null) {
        testContext.skip(`stopped at step "${failedStep}"`);
      }
      try {
        await body();
      } catch (error) {
        failedStep = name;
        await options.onFailure?.(name).catch(() => undefined);
        throw error;
      }
    });
  };
}
