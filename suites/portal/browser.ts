// Chromium for the portal suite, driven by playwright-core. Which browser: a Playwright-managed one
// when installed (PORT_CONFORMANCE_BROWSER overrides both), else the system's Chromium/Chrome. Every browser
// request is routed through the target's scope: anything outside the allowed hosts is aborted
// before it leaves the machine, and listed.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type * as Playwright from 'playwright-core';
import type { Browser, BrowserContext, BrowserContextOptions, BrowserType, Route } from 'playwright-core';
import { redactUrl } from '../../engine/redact.ts';
import { isAllowed } from '../../engine/target.ts';
import type { Target } from '../../engine/target.ts';

export const BROWSER_ENV = 'PORT_CONFORMANCE_BROWSER';

/**
 * playwright-core, loaded when first needed: compiling it costs ~0.8 s of CPU, which every run would
 * otherwise pay before its first request (and a run without the portal suite never needs it).
 */
function chromium(): BrowserType {
  return (createRequire(import.meta.url)('playwright-core') as typeof Playwright).chromium;
}

export const BROWSER_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** Launch, and each browser action or navigation, are bounded. */
export const LAUNCH_TIMEOUT_MS = 30_000;
export const ACTION_TIMEOUT_MS = 15_000;
export const NAVIGATION_TIMEOUT_MS = 20_000;
/** Blocked URLs kept, at most (a page can ask for thousands). */
const MAX_BLOCKED = 50;

export class BrowserNotFoundError extends Error {
  override name = 'BrowserNotFoundError';
}

export interface BrowserChoice {
  /** undefined: Playwright's own managed browser. */
  executablePath: string | undefined;
  source: 'playwright' | 'env' | 'system';
}

export interface FindBrowserDeps {
  env: NodeJS.ProcessEnv;
  exists: (path: string) => boolean;
  /** Where Playwright would find its managed Chromium ('' when it has none). */
  playwrightPath: () => string;
}

const DEFAULT_DEPS: FindBrowserDeps = {
  env: process.env,
  exists: existsSync,
  playwrightPath: () => {
    try {
      return chromium().executablePath();
    } catch {
      return '';
    }
  },
};

export function findBrowser(deps: Partial<FindBrowserDeps> = {}): BrowserChoice {
  const { env, exists, playwrightPath } = { ...DEFAULT_DEPS, ...deps };
  // An explicit choice wins over anything found.
  const fromEnv = env[BROWSER_ENV];
  if (fromEnv) {
    if (!exists(fromEnv))
      throw new BrowserNotFoundError(
        `${BROWSER_ENV}=${fromEnv}: no such file; point it at a Chromium or Chrome executable`,
      );
    return { executablePath: fromEnv, source: 'env' };
  }
  const managed = playwrightPath();
  if (managed && exists(managed)) return { executablePath: undefined, source: 'playwright' };
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) => SYSTEM_NAMES.map((n) => join(dir, n)));
  const system = [...SYSTEM_PATHS, ...onPath].find((p) => exists(p));
  if (system) return { executablePath: system, source: 'system' };
  throw new BrowserNotFoundError(
    'no Chromium for the portal suite: install one (Debian/Ubuntu: apt-get install chromium; elsewhere: ' +
      `npx playwright-core install chromium), or set ${BROWSER_ENV}=/path/to/chrome`,
  );
}

export interface PortalBrowser {
  context: BrowserContext;
  executable: string;
  /** The temporary profile directory (removed by close); absent in a shared browser's context. */
  userDataDir?: string;
  /** URLs the browser tried to reach outside the target's scope (redacted). */
  blocked: string[];
  close(): Promise<void>;
}

let shared: Browser | undefined;

/**
 * For tests that visit many fixtures: while set, each launch opens a fresh context in this browser
 * (closed with the visit) instead of starting a Chromium of its own. A context shares no cookies,
 * storage or cache with another, so a visit sees what it would in its own browser; the start (about
 * 2 s and a core-second each) is paid once. The caller launches and closes the browser.
 */
export function sharePortalBrowser(browser: Browser | undefined): void {
  shared = browser;
}

function contextOptions(target: Target): BrowserContextOptions {
  return {
    // TLS is judged by the security suite's TLS checks, with the configured trust set; this client
    // only drives the portal. Chromium cannot be handed the member's extra CA (it reads the system's
    // NSS store), so with an extra CA configured certificate errors are ignored, and only ever for
    // the target's own hosts: the route guard below aborts every other host before a connection is
    // made, and the collector has already fetched the portal URL with the verifying client.
    ignoreHTTPSErrors: target.ca.length > 0,
    serviceWorkers: 'block', // a service worker's fetches would bypass the route guard
    acceptDownloads: false,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
  };
}

/**
 * One Chromium with a fresh, temporary user-data directory (removed on close) and one context whose
 * every request is checked against the target's allowed hosts (or, with a shared browser, one fresh
 * context of it).
 */
export async function launchPortalBrowser(target: Target, signal?: AbortSignal): Promise<PortalBrowser> {
  const choice = findBrowser();
  const userDataDir = shared ? undefined : await mkdtemp(join(tmpdir(), 'port-conformance-browser-'));
  let context: BrowserContext | undefined;
  const close = async (): Promise<void> => {
    try {
      await context?.close();
    } finally {
      if (userDataDir) await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    }
  };
  try {
    context = userDataDir
      ? await chromium().launchPersistentContext(userDataDir, {
          ...(choice.executablePath ? { executablePath: choice.executablePath } : {}),
          args: [...BROWSER_ARGS],
          headless: true,
          timeout: LAUNCH_TIMEOUT_MS,
          // Playwright's own handlers would kill the browser and exit the process (130) on Ctrl-C before
          // results.json is written; the run's signal closes the browser instead.
          handleSIGINT: false,
          handleSIGTERM: false,
          handleSIGHUP: false,
          ...contextOptions(target),
        })
      : await shared!.newContext(contextOptions(target));
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
    const blocked: string[] = [];
    await context.route('**/*', (route) => guard(route, target, blocked));
    signal?.addEventListener('abort', () => void close().catch(() => undefined), { once: true });
    return {
      context,
      executable: choice.executablePath ?? 'playwright-managed chromium',
      ...(userDataDir ? { userDataDir } : {}),
      blocked,
      close,
    };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}

function guard(route: Route, target: Target, blocked: string[]): Promise<void> {
  const url = route.request().url();
  let allowed: boolean;
  try {
    const u = new URL(url);
    allowed = (u.protocol === 'https:' || u.protocol === 'http:') && isAllowed(target, u);
  } catch {
    allowed = false;
  }
  // A page that went away mid-request makes continue/abort throw; nothing is left to guard then.
  if (allowed) return route.continue().catch(() => undefined);
  if (blocked.length < MAX_BLOCKED) blocked.push(redactUrl(url));
  return route.abort('blockedbyclient').catch(() => undefined);
}
