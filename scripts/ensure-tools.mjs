// postinstall, beside ensure-browser.mjs: make sure the Debian tools the harness drives exist on a
// fresh machine: wrk (a peer `npm run bench` measures) and testssl.sh (`--tls-engine testssl`, and the
// bench's TLS row). Missing ones are installed with apt-get when we are root on Debian/Ubuntu; otherwise
// one line says what to install (the bench then fails naming it, it never skips). Never fails the install.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const TOOLS = [
  { name: 'wrk', executables: ['wrk'], debianPackage: 'wrk', usedBy: 'npm run bench' },
  {
    name: 'testssl.sh',
    executables: ['testssl', 'testssl.sh'],
    debianPackage: 'testssl.sh',
    usedBy: '--tls-engine testssl and npm run bench',
  },
];
const APT_TIMEOUT_MS = 15 * 60_000;

function say(msg) {
  process.stdout.write(`port-conformance: ${msg}\n`);
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function find(tool) {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean))
    for (const exe of tool.executables) if (isExecutable(join(dir, exe))) return join(dir, exe);
  return undefined;
}

function apt(args) {
  const r = spawnSync('apt-get', args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: APT_TIMEOUT_MS,
  });
  return r.status === 0;
}

function main() {
  if (process.env.PORT_CONFORMANCE_SKIP_TOOLS === '1')
    return say('wrk/testssl.sh set-up skipped (PORT_CONFORMANCE_SKIP_TOOLS=1)');
  let missing = TOOLS.filter((t) => !find(t));
  for (const t of TOOLS.filter((t) => !missing.includes(t))) say(`${t.name} for ${t.usedBy}: ${find(t)}`);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform === 'linux' && isExecutable('/usr/bin/apt-get') && isRoot) {
    const pkgs = missing.map((t) => t.debianPackage);
    say(`installing ${pkgs.join(', ')} (apt-get install ${pkgs.join(' ')})...`);
    if (apt(['update', '-qq']) && apt(['install', '-y', '-qq', ...pkgs])) {
      for (const t of missing.filter((t) => find(t))) say(`${t.name} installed: ${find(t)}`);
      missing = missing.filter((t) => !find(t));
    }
  }
  for (const t of missing)
    say(
      `NOTE: ${t.name} not found; ${t.usedBy} need${t.usedBy.includes(' and ') ? '' : 's'} it (Debian/Ubuntu: sudo apt-get install ${t.debianPackage})`,
    );
}

try {
  main();
} catch (err) {
  say(`wrk/testssl.sh set-up failed: ${err?.message ?? err}`);
}
