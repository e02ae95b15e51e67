// `port-conformance serve reference|flawed`: start a fixture and keep it up until Ctrl-C.
import { UsageError } from '../engine/errors.ts';
import { DEFECTS, resolveDefects } from '../fixtures/defects.ts';
import { DEMO_CLIENTS } from '../fixtures/credentials.ts';
import { startFlawedServer, startReferenceServer } from '../fixtures/index.ts';
import type { Io } from './run.ts';

export interface ServeFlags {
  port?: string;
  host?: string;
  defects?: string;
}

export function listDefects(io: Io): void {
  const width = Math.max(...DEFECTS.map((d) => d.id.length));
  io.out(`${DEFECTS.length} seeded defects (use --defects a,b to select; all are on by default for "flawed"):`);
  for (const d of DEFECTS)
    io.out(`  ${d.id.padEnd(width)}  ${d.area.padEnd(8)}  caught by ${d.caughtBy.join(', ')}  - ${d.title}`);
}

function loopbackPort(flags: ServeFlags): { host: string; port: number } {
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port must be an integer from 0 to 65535');
  const host = flags.host ?? '127.0.0.1';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host))
    throw new UsageError('--host: fixtures only listen on loopback (127.0.0.1, localhost or ::1)');
  return { host, port };
}

/**
 * The DCSA Port Call 2.0.0 events API at the origin root: the reference of `run --profile dcsa-port-call`
 * (and a target for `run --openapi`); `dcsa-port-call-flawed` is the same with its seeded defects on.
 */
async function serveDcsaPortCall(flags: ServeFlags, io: Io, untilSignal: boolean, flawed: boolean) {
  const { DCSA_DEFECTS, resolveDcsaDefects } = await import('../fixtures/dcsa-port-call/defects.ts');
  if (flags.defects && !flawed) throw new UsageError('--defects applies to "dcsa-port-call-flawed" only');
  if (flags.defects === 'list') {
    for (const d of DCSA_DEFECTS) io.out(`  ${d.id}  caught by ${d.caughtBy.join(', ')}  - ${d.title}`);
    return 0;
  }
  const defects = flawed
    ? resolveDcsaDefects(
        !flags.defects || flags.defects === 'all' ? 'all' : flags.defects.split(',').map((x) => x.trim()),
      )
    : new Set<string>();
  const { startDcsaPortCallServer } = await import('../fixtures/dcsa-port-call/server.ts');
  const server = await startDcsaPortCallServer({ ...loopbackPort(flags), defects });
  io.out(`DCSA Port Call 2.0.0 events API listening at ${server.origin} (GET/POST /events, at the origin root)`);
  if (flawed) io.out(`  seeded defects (${defects.size}): ${[...defects].join(', ')}`);
  io.out(`Check it from another shell: npx port-conformance run --profile dcsa-port-call --target ${server.origin}`);
  if (!untilSignal) return { close: () => server.close(), origin: server.origin };
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await server.close();
  return 0;
}

export async function serveCommand(
  kind: string,
  flags: ServeFlags,
  io: Io,
  untilSignal = true,
): Promise<{ close: () => Promise<void>; origin: string } | number> {
  if (kind === 'dcsa-port-call' || kind === 'dcsa-port-call-flawed')
    return serveDcsaPortCall(flags, io, untilSignal, kind === 'dcsa-port-call-flawed');
  if (kind !== 'reference' && kind !== 'flawed')
    throw new UsageError(
      `serve: "${kind}" is not a fixture; use "reference", "flawed", "dcsa-port-call" or "dcsa-port-call-flawed"`,
    );
  if (flags.defects === 'list') {
    listDefects(io);
    return 0;
  }
  const { host, port } = loopbackPort(flags);
  if (kind === 'reference' && flags.defects) throw new UsageError('--defects applies to "flawed" only');
  const defects = flags.defects
    ? [...resolveDefects(flags.defects === 'all' ? 'all' : flags.defects.split(',').map((s) => s.trim()))]
    : undefined;
  const server =
    kind === 'reference'
      ? await startReferenceServer({ host, port })
      : await startFlawedServer({ host, port, defects });
  io.out(`${kind === 'reference' ? 'Reference' : 'Flawed'} single window listening at ${server.origin}`);
  io.out(`  API:    ${server.apiBaseUrl}`);
  io.out(`  portal: ${server.portalUrl}`);
  io.out(`  test CA: ${server.caPath}`);
  if (kind === 'flawed') io.out(`  seeded defects (${server.defects.size}): ${[...server.defects].join(', ')}`);
  io.out(
    `  demo clients: ${Object.values(DEMO_CLIENTS)
      .map((c) => c.clientId)
      .join(', ')} (used automatically for loopback targets)`,
  );
  io.out(`Check it from another shell: npx port-conformance run --target ${server.origin}`);
  if (!untilSignal) return { close: () => server.close(), origin: server.origin };
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
