// What a scenario's path parameters need to exist before the run: a port call for {portCallId}.
// Shared by the collector (built-in engine) and the exported k6 script's setup(), so both engines
// load the same resource.
import { SAMPLE_SHIPS, samplePortCall } from '../contracts/samples.ts';

/** A valid psw-v1 PortCallInput (the contract samples' first ship, renamed so it reads as load traffic). */
export function seedPortCall(now: Date = new Date()): Record<string, unknown> {
  return { ...samplePortCall({ now, ship: { ...SAMPLE_SHIPS[0]!, name: 'LOAD TEST' } }) };
}

/** The port call id from a createPortCall answer: the receipt's portCallId, else the Location header. */
export function portCallIdFrom(json: unknown, location: string | undefined): string | undefined {
  const id = (json as { portCallId?: unknown } | undefined)?.portCallId;
  if (typeof id === 'string' && id) return id;
  const m = location ? /\/port-calls\/([^/?#]+)/.exec(location) : null;
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}

/** Fills {param} placeholders; throws when one has no value. */
export function fillPath(path: string, params: Readonly<Record<string, string>>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(v);
  });
}
