// What a scenario's path needs to exist before the run: a port call for {portCallId}, and the
// formality a path like `.../formalities/general-declaration` reads. Shared by the collector
// (built-in engine) and the exported k6 script's setup(), so both engines load the same resource.
import { SAMPLE_SHIPS, sampleGeneralDeclaration, samplePortCall, type PortCallInput } from '../contracts/samples.ts';

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

/** The formality type a GET path reads when it names one (`/port-calls/{portCallId}/formalities/<type>`). */
export function formalityReadBy(path: string): string | undefined {
  return /\/formalities\/([a-z][a-z-]*)(?:[?#]|$)/.exec(path)?.[1];
}

/** Formalities a load scenario can read, built for the seeded port call (no personal data of anyone real). */
const FORMALITY_SEEDS: Readonly<Record<string, (portCall: PortCallInput) => unknown>> = {
  'general-declaration': (pc) => ({
    ...sampleGeneralDeclaration(pc, { crew: 20, passengers: 0 }),
    masterName: 'Load Test Master',
  }),
};

/** Formality types a scenario may read (the collector submits one before the run). */
export const SEEDABLE_FORMALITIES: readonly string[] = Object.keys(FORMALITY_SEEDS);

/** The document to submit as formality `type` of the port call created with `portCall`; throws when none is known. */
export function seedFormality(type: string, portCall: Record<string, unknown>): unknown {
  const build = FORMALITY_SEEDS[type];
  if (!build)
    throw new Error(
      `a load scenario reads formality "${type}", which the harness cannot submit first (it can: ${SEEDABLE_FORMALITIES.join(', ')})`,
    );
  return build(portCall as unknown as PortCallInput);
}
