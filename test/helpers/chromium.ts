// The Chromium the report tests open pages in: the same one the portal suite would use (findBrowser:
// PORT_CONFORMANCE_BROWSER, Playwright's managed browser, then the system's), with the same arguments.
import type { Browser } from 'playwright-core';
import { BROWSER_ARGS, findBrowser, type BrowserChoice } from '../../suites/portal/browser.ts';

function choose(): BrowserChoice | undefined {
  try {
    return findBrowser();
  } catch {
    return undefined;
  }
}

const choice = choose();

/** False when no Chromium exists here: the browser tests skip (`describe.skipIf(!HAS_CHROMIUM)`). */
export const HAS_CHROMIUM = choice !== undefined;

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: choice?.executablePath, args: [...BROWSER_ARGS] });
}
