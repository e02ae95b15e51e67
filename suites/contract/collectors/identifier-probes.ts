// The IdentifierProbes artifact: a valid control create, then one create per broken identifier or
// date rule, each otherwise identical to the control so a refusal can only be about that rule.
import { defineCollector } from '../../../engine/check.ts';
import type { CollectContext } from '../../../engine/context.ts';
import { TransportError } from '../../../engine/errors.ts';
import { probeOf, type ProbeRecord } from '../records.ts';
import { samplePortCall, withoutOffset, type PortCallInput } from '../../../contracts/samples.ts';

export interface IdentifierProbes {
  control: ProbeRecord;
  probes: ProbeRecord[];
}

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    IdentifierProbes: IdentifierProbes;
  }
}

/** Probe names: the checks look their probe up by these. */
export const IDENTIFIER_PROBES = {
  imoCheckDigit: 'imo-check-digit',
  mmsiNotShipStation: 'mmsi-not-ship-station',
  locodeUnknown: 'locode-unknown',
  etaAfterEtd: 'eta-after-etd',
  datetimeWithoutOffset: 'datetime-without-offset',
} as const;

interface ProbeSpec {
  probe: string;
  pointer: string;
  label: string;
  breakIt(valid: PortCallInput): PortCallInput;
}

/** Flips the IMO check digit (last digit + 1 mod 10): the number stays 7 digits, only the rule breaks. */
function wrongCheckDigit(imo: string): string {
  return imo.slice(0, 6) + String((Number(imo[6]) + 1) % 10);
}

const SPECS: readonly ProbeSpec[] = [
  {
    probe: IDENTIFIER_PROBES.imoCheckDigit,
    pointer: '/ship/imoNumber',
    label: 'IMO number with a wrong check digit',
    breakIt: (v) => ({ ...v, ship: { ...v.ship, imoNumber: wrongCheckDigit(v.ship.imoNumber) } }),
  },
  {
    // 00 + MID 227 + 4 digits: a French coast station (ITU-R M.585), 9 digits but not a ship.
    probe: IDENTIFIER_PROBES.mmsiNotShipStation,
    pointer: '/ship/mmsi',
    label: 'MMSI of a coast station',
    breakIt: (v) => ({ ...v, ship: { ...v.ship, mmsi: '002275000' } }),
  },
  {
    // Well-formed (country FR + 3 letters) but absent from the UN/LOCODE code list.
    probe: IDENTIFIER_PROBES.locodeUnknown,
    pointer: '/portOfCall',
    label: 'unknown UN/LOCODE FRQQQ',
    breakIt: (v) => ({ ...v, portOfCall: 'FRQQQ' }),
  },
  {
    probe: IDENTIFIER_PROBES.etaAfterEtd,
    pointer: '/etd',
    label: 'ETA after ETD',
    breakIt: (v) => ({ ...v, eta: v.etd, etd: v.eta }),
  },
  {
    probe: IDENTIFIER_PROBES.datetimeWithoutOffset,
    pointer: '/eta',
    label: 'ETA without a UTC offset',
    breakIt: (v) => ({ ...v, eta: withoutOffset(v.eta) }),
  },
];

async function create(
  ctx: CollectContext,
  probe: string,
  pointer: string,
  body: PortCallInput,
  label: string,
): Promise<ProbeRecord> {
  try {
    const ex = await ctx.http.request({
      method: 'POST',
      url: '/port-calls',
      as: 'agentA',
      body,
      label: `identifier probes: ${label}`,
    });
    return probeOf(probe, pointer, ex);
  } catch (err) {
    // One lost probe must not hide the others: the checks see status 0 and say so.
    if (err instanceof TransportError) return { probe, pointer, status: 0, method: 'POST' };
    throw err;
  }
}

export const identifierProbesCollector = defineCollector({
  name: 'IdentifierProbes',
  description:
    'A valid createPortCall, then one per broken identifier or date rule (IMO, MMSI, LOCODE, ETA/ETD, offset)',
  async collect(ctx) {
    const valid = samplePortCall({ ship: 0 });
    const control = await create(ctx, 'control', '', valid, 'valid control create');
    const probes: ProbeRecord[] = [];
    for (const spec of SPECS) {
      if (ctx.signal.aborted) throw new Error('identifier probes interrupted');
      probes.push(await create(ctx, spec.probe, spec.pointer, spec.breakIt(valid), spec.label));
    }
    return { control, probes };
  },
});
