import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Flags every run uses: headless, no sandbox (CI runs as root), and nothing that phones home. */
export const BASE_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Launches a headless Chromium for the e2e specs: Debian's /usr/bin/chromium when it is installed,
 * otherwise the binary that the npm package @sparticuz/chromium ships (unpacked to the temp folder on
 * first use), with that package's own flags except --single-process: made for one page per Lambda call,
 * it shuts the whole browser down when the first browser context closes (measured with playwright-core
 * 1.65.1 and @sparticuz/chromium 153), and each spec opens a fresh context per user.
 */
export async function launchBrowser(): Promise<Browser> {
  if (existsSync(SYSTEM_CHROMIUM)) {
    return chromium.launch({ executablePath: SYSTEM_CHROMIUM, headless: true, args: BASE_ARGS });
  }
  const { default: sparticuz } = await import('@sparticuz/chromium');
  const executablePath = await sparticuz.executablePath();
  const args = [...new Set([...sparticuz.args.filter((a) => a !== '--single-process'), ...BASE_ARGS])];
  return chromium.launch({ executablePath, headless: true, args });
}
