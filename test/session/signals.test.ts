// Ctrl-C: the first signal stops the run with its cause; the same signal delivered twice at once (a
// supervisor signalling the process and its group) is one request; a later second one exits at once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RunStopped } from '../../engine/run-control.ts';
import { stopOnSignals } from '../../session/signals.ts';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('stopOnSignals', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s stops the run with exit %d; a duplicate at once is ignored; a later one exits', (name, code) => {
    vi.useFakeTimers({ now: 1_000_000 });
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const seen: string[] = [];
    const stop = stopOnSignals((n) => seen.push(n));
    try {
      process.emit(name);
      expect(stop.signal.aborted).toBe(true);
      expect(stop.signal.reason).toBeInstanceOf(RunStopped);
      expect((stop.signal.reason as RunStopped).exitCode).toBe(code);
      process.emit(name); // the same request, delivered twice
      expect(exit).not.toHaveBeenCalled();
      vi.setSystemTime(1_000_000 + 2_000);
      process.emit(name); // the user insists
      expect(exit).toHaveBeenCalledWith(code);
      expect(seen).toEqual([name]);
    } finally {
      stop.dispose();
    }
  });
});
