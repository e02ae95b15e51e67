// What a scenario's path parameters need to exist before the run: a port call for {portCallId}.
// Shared by the collector (built-in engine) and the exported k6 script's setup(), so both engines
// load the same resource.

/** A valid psw-v1 PortCallInput (IMO 9074729 has a correct check digit), ETA a week ahead. */
export function seedPortCall(now: Date = new Date()): Record<string, unknown> {
  const day = 86_400_000;
  const iso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return {
    ship: { imoNumber: '9074729', mmsi: '227123456', callSign: 'FABC', name: 'LOAD TEST', flag: 'FR' },
    portOfCall: 'FRLEH',
    previousPort: 'GBSOU',
    nextPort: 'NLRTM',
    eta: iso(now.getTime() + 7 * day),
    etd: iso(now.getTime() + 8 * day),
    personsOnBoard: 12,
    callPurpose: 'cargo-operations',
  };
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
