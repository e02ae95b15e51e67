// Ctrl-C and SIGTERM for a run: the first one stops the run (results.json is still written, exit
// 130 or 143); a second one exits at once, for a user who does not want to wait for the writing.
// A second signal within a second of the first is the same request delivered twice (a supervisor
// such as timeout(1) or a CI runner signals the process and its group), not a second request.
import { interruptStop } from '../engine/run-control.ts';

export interface SignalStop {
  signal: AbortSignal;
  dispose(): void;
}

const SAME_REQUEST_MS = 1_000;

export function stopOnSignals(onFirst?: (name: 'SIGINT' | 'SIGTERM') => void): SignalStop {
  const controller = new AbortController();
  let firstAt = 0;
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const handler = () => {
      const stop = interruptStop(name);
      if (controller.signal.aborted) {
        if (Date.now() - firstAt >= SAME_REQUEST_MS) process.exit(stop.exitCode);
        return;
      }
      firstAt = Date.now();
      onFirst?.(name);
      controller.abort(stop);
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    dispose: () => {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}
