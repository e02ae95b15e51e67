// A stand-in for the docker (or podman) CLI, as far as the ZAP wrapper uses it: `image inspect` (the image
// is "pulled" when $FAKE_DOCKER_IMAGES lists it), `run --rm --name N --network host -v HOST:/zap/wrk/:rw
// IMAGE zap-api-scan.py ...` (runs the zap-api-scan.py stand-in with /zap/wrk mapped to HOST, as in the
// container), and `kill N`. Everything it is asked goes to $ZAP_STAND_IN_LOG.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

function log(event: Record<string, unknown>): void {
  const file = process.env.ZAP_STAND_IN_LOG;
  if (file) appendFileSync(file, `${JSON.stringify({ pid: process.pid, ...event })}\n`);
}

const [command, ...rest] = process.argv.slice(2);
log({ event: 'docker', argv: [command, ...rest] });

if (command === 'image' && rest[0] === 'inspect') {
  const image = rest[rest.length - 1]!;
  const pulled = (process.env.FAKE_DOCKER_IMAGES ?? '').split(',').includes(image);
  if (!pulled) console.error(`Error: No such image: ${image}`);
  process.exit(pulled ? 0 : 1);
} else if (command === 'kill') {
  process.exit(0);
} else if (command === 'run') {
  let mount: string | undefined;
  let network: string | undefined;
  let i = 0;
  for (; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--rm') continue;
    if (a === '--name') i++;
    else if (a === '--network') network = rest[++i];
    else if (a === '-v') mount = rest[++i];
    else if (a.startsWith('-')) {
      console.error(`fake docker: unexpected option ${a}`);
      process.exit(125);
    } else break;
  }
  const image = rest[i];
  const entry = rest[i + 1];
  const args = rest.slice(i + 2);
  const m = mount ? /^(.+):\/zap\/wrk\/?:rw$/.exec(mount) : null;
  if (!m || network !== 'host' || entry !== 'zap-api-scan.py') {
    console.error(
      `fake docker: expected --network host -v HOST:/zap/wrk/:rw IMAGE zap-api-scan.py (got ${JSON.stringify(rest)})`,
    );
    process.exit(125);
  }
  log({ event: 'container', image, mount: m[1], args });
  const child = spawn(
    process.execPath,
    [join(HERE, '../../../bin/run-ts.js'), join(HERE, 'stand-in-script.ts'), ...args],
    { stdio: 'inherit', env: { ...process.env, IS_CONTAINERIZED: 'true', ZAP_STAND_IN_WRK: m[1] } },
  );
  child.on('close', (code) => process.exit(code ?? 137));
  for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => child.kill(sig));
} else {
  console.error(`fake docker: unsupported command ${command}`);
  process.exit(125);
}
