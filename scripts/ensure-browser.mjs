// postinstall: make sure a Chromium exists for the portal suite, so `npm install && npm start`
// works on a fresh machine. Order: a Playwright-managed browser, then the system's Chromium,
// then install one (Debian's package when root, else Playwright's download). Never fails the install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

function say(msg) {
  process.stdout.write(`port-conformance: ${msg}\n`);
}

async function playwrightBrowser() {
  try {
    const { chromium } = await import('playwright-core');
    const p = chromium.executablePath();
    return p && existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

function systemBrowser() {
  return SYSTEM_BROWSERS.find((p) => existsSync(p));
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 15 * 60_000,
  });
  return r.status === 0;
}

async function main() {
  if (process.env.PORT_CONFORMANCE_SKIP_BROWSER === '1')
    return say('browser set-up skipped (PORT_CONFORMANCE_SKIP_BROWSER=1)');
  const found = (await playwrightBrowser()) ?? systemBrowser();
  if (found) return say(`browser for the portal suite: ${found}`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform === 'linux' && existsSync('/usr/bin/apt-get') && isRoot) {
    say("no Chromium found; installing Debian's chromium package (apt-get install chromium)...");
    if (run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium']) && systemBrowser()) {
      return say(`browser installed: ${systemBrowser()}`);
    }
  }
  say('no Chromium found; trying "playwright install chromium"...');
  const cli = new URL('../node_modules/playwright-core/cli.js', import.meta.url).pathname;
  if (existsSync(cli) && run(process.execPath, [cli, 'install', 'chromium']) && (await playwrightBrowser())) {
    return say('browser installed by Playwright');
  }
  say('WARNING: no browser could be installed; the portal suite will report an error until one exists.');
  say('  Debian/Ubuntu: sudo apt-get install chromium   (or set PORT_CONFORMANCE_BROWSER=/path/to/chrome)');
}

main().catch((err) => say(`browser set-up failed: ${err?.message ?? err}`));
