// Ctrl-C and SIGTERM for a run: the first one stops the run (results.json is still written, exit
// 130 or 143); a second one exits at once, for a user who does not want to wait for the writing.
import { interruptStop } from '../engine/run-control.ts';

export interface SignalStop {
  signal: AbortSignal;
  dispose(): void;
}

export function stopOnSignals(onFirst?: (name: 'SIGINT' | 'SIGTERM') => void): SignalStop {
  const controller = new AbortController();
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const handler = () => {
      const stop = interruptStop(name);
      if (controller.signal.aborted) process.exit(stop.exitCode);
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
