// Before anything else: does the target answer at all? A TCP connection is enough; TLS trust
// problems are findings for the TLS checks, not a reason to stop.
import { connect } from 'node:net';
import { UnreachableError } from './errors.ts';

export async function preflight(url: string, timeoutMs = 5_000, signal?: AbortSignal): Promise<void> {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const host = u.hostname.replace(/^\[|\]$/g, '');
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host, port });
    const done = () => {
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
    };
    const fail = (why: string) => {
      done();
      reject(
        new UnreachableError(`target ${u.host} did not answer (${why}); check the URL and that the service is running`),
      );
    };
    const onAbort = () => {
      done();
      reject(signal?.reason as Error);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.setTimeout(timeoutMs, () => fail(`no connection within ${timeoutMs} ms`));
    socket.once('connect', () => {
      done();
      resolve();
    });
    socket.once('error', (err: NodeJS.ErrnoException) => fail(err.code ?? err.message));
  });
}
