import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** The Debian package's Chromium; the end-to-end suite drives it through playwright-core. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_MISSING_MESSAGE =
  `End-to-end tests skipped: Chromium not found at ${CHROMIUM_PATH}. Install it with: apt-get install -y ` + `chromium`;

export function isChromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Whether the end-to-end files can run; says why they are skipped when they cannot. */
export function chromiumAvailableOrWarn(): boolean {
  const available = isChromiumAvailable();
  if (!available) {
    console.warn(CHROMIUM_MISSING_MESSAGE);
  }
  return available;
}

/** A headless Chromium without sandbox, GPU, QUIC or any background traffic of its own. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
