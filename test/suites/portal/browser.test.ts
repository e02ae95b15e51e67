import { describe, expect, it } from 'vitest';
import { BROWSER_ARGS, BROWSER_ENV, BrowserNotFoundError, findBrowser } from '../../../suites/portal/browser.ts';

const MANAGED = '/home/u/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';

describe('findBrowser', () => {
  it.each<
    [string, { files: string[]; env?: Record<string, string> }, { executablePath: string | undefined; source: string }]
  >([
    [
      'PORT_CONFORMANCE_BROWSER first, even beside a managed browser',
      { files: [MANAGED, '/opt/chrome', '/usr/bin/chromium'], env: { [BROWSER_ENV]: '/opt/chrome' } },
      { executablePath: '/opt/chrome', source: 'env' },
    ],
    [
      'then a Playwright-managed browser',
      { files: [MANAGED, '/usr/bin/chromium'] },
      { executablePath: undefined, source: 'playwright' },
    ],
    [
      "then Debian's chromium",
      { files: ['/usr/bin/chromium', '/usr/bin/google-chrome'] },
      { executablePath: '/usr/bin/chromium', source: 'system' },
    ],
    [
      'then chromium-browser',
      { files: ['/usr/bin/chromium-browser'] },
      { executablePath: '/usr/bin/chromium-browser', source: 'system' },
    ],
    [
      'then google-chrome',
      { files: ['/usr/bin/google-chrome'] },
      { executablePath: '/usr/bin/google-chrome', source: 'system' },
    ],
    [
      'then one on PATH',
      { files: ['/opt/bin/chromium'], env: { PATH: '/usr/local/bin:/opt/bin' } },
      { executablePath: '/opt/bin/chromium', source: 'system' },
    ],
  ])('picks %s', (_name, { files, env = {} }, expected) => {
    const found = findBrowser({ env, exists: (p) => files.includes(p), playwrightPath: () => MANAGED });
    expect(found).toEqual(expected);
  });

  it('refuses a PORT_CONFORMANCE_BROWSER that does not exist, naming it', () => {
    expect(() =>
      findBrowser({ env: { [BROWSER_ENV]: '/nope/chrome' }, exists: () => false, playwrightPath: () => '' }),
    ).toThrow(/PORT_CONFORMANCE_BROWSER=\/nope\/chrome/);
  });

  it('says what to install when there is no browser at all', () => {
    const find = () => findBrowser({ env: {}, exists: () => false, playwrightPath: () => '' });
    expect(find).toThrow(BrowserNotFoundError);
    expect(find).toThrow(/apt-get install chromium/);
    expect(find).toThrow(/PORT_CONFORMANCE_BROWSER/);
  });

  it('launches with the flags the machines need', () => {
    expect(BROWSER_ARGS).toEqual([
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ]);
  });
});
