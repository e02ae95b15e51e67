// The FormalityProbes artifact: the formalities of one fresh port call.
//   FAL1 declaring 3 crew before any crew list (→ incomplete), FAL5 with 2 (→ rejected at /crew),
//   FAL5 with 3 (→ accepted), FAL6, waste, security, a valid FAL7 (the control) and four FAL7
//   probes each breaking one identifier of items[0] (UN 9999, class 10, division 6.3, container
//   check digit); then listFormalities and getFormality.
import { defineCollector } from '../../../engine/check.ts';
import { probeOf, type ProbeRecord, type StepRecord } from '../records.ts';
import {
  sampleCrewList,
  sampleDangerousGoods,
  sampleGeneralDeclaration,
  samplePassengerList,
  samplePortCall,
  sampleSecurityNotification,
  sampleWasteNotification,
  type DangerousGoodsItem,
} from '../../../contracts/samples.ts';
import { createdPortCallId, createFailure, portCallPath, ScenarioRunner, type Scenario } from './scenario.ts';

export interface FormalityProbes extends Scenario {
  portCallId: string;
  /** FAL1 numberOfCrew against the FAL5 entries. */
  crewCount: {
    declared: number;
    /** FAL1 sent before any crew list: expected `incomplete`. */
    generalDeclaration?: StepRecord;
    /** FAL5 with one member fewer than declared: expected refused at /crew. */
    shortList?: ProbeRecord;
    /** FAL5 with the declared number: expected accepted. */
    matchingList?: StepRecord;
  };
  dangerousGoods: { control?: ProbeRecord; probes: ProbeRecord[] };
}

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    FormalityProbes: FormalityProbes;
  }
}

export const FORMALITY_STEPS = {
  create: 'create',
  generalDeclaration: 'generalDeclaration',
  crewListShort: 'crewListShort',
  crewList: 'crewList',
  passengerList: 'passengerList',
  waste: 'waste',
  security: 'security',
  dangerousGoods: 'dangerousGoods',
  dangerousGoodsUnNumber: 'dangerousGoodsUnNumber',
  dangerousGoodsImdgClass: 'dangerousGoodsImdgClass',
  dangerousGoodsImdgDivision: 'dangerousGoodsImdgDivision',
  dangerousGoodsContainer: 'dangerousGoodsContainer',
  listFormalities: 'listFormalities',
  getFormality: 'getFormality',
} as const;

/** Probe names of the FAL7 probes and of the crew-count probe. */
export const FORMALITY_PROBES = {
  crewCountShort: 'crew-count-short',
  unNumber: 'un-number',
  imdgClass: 'imdg-class',
  imdgDivision: 'imdg-division',
  containerCheckDigit: 'container-check-digit',
} as const;

const S = FORMALITY_STEPS;
const CREW = 3;
const PASSENGERS = 2;

interface DgProbe {
  step: string;
  probe: string;
  pointer: string;
  label: string;
  change: Partial<DangerousGoodsItem>;
}

const DG_PROBES: readonly DgProbe[] = [
  // 4 digits, so only the UN number range (0004–3600) can refuse it.
  {
    step: S.dangerousGoodsUnNumber,
    probe: FORMALITY_PROBES.unNumber,
    pointer: '/items/0/unNumber',
    label: 'FAL7 with UN number 9999',
    change: { unNumber: '9999' },
  },
  {
    step: S.dangerousGoodsImdgClass,
    probe: FORMALITY_PROBES.imdgClass,
    pointer: '/items/0/imdgClass',
    label: 'FAL7 with IMDG class 10',
    change: { imdgClass: '10' },
  },
  // Class 10 already fails the schema's pattern; division 6.3 passes it, so only the class list refuses it.
  {
    step: S.dangerousGoodsImdgDivision,
    probe: FORMALITY_PROBES.imdgDivision,
    pointer: '/items/0/imdgClass',
    label: 'FAL7 with IMDG division 6.3',
    change: { imdgClass: '6.3' },
  },
  // CSQU3054383 with its check digit off by one.
  {
    step: S.dangerousGoodsContainer,
    probe: FORMALITY_PROBES.containerCheckDigit,
    pointer: '/items/0/containerNumber',
    label: 'FAL7 with container CSQU3054384',
    change: { containerNumber: 'CSQU3054384' },
  },
];

export const formalityProbesCollector = defineCollector({
  name: 'FormalityProbes',
  description: 'FAL1/FAL5 crew count consistency, FAL6, waste, security and FAL7 identifier probes on one port call',
  async collect(ctx) {
    const run = new ScenarioRunner(ctx, 'formalities');
    const now = new Date();
    const portCall = samplePortCall({ now, ship: 4 });
    const created = await run.step(S.create, {
      method: 'POST',
      url: '/port-calls',
      as: 'agentA',
      body: portCall,
      label: 'create port call',
    });
    const id = createdPortCallId(created);
    // Every formality hangs off this port call: without it there is nothing to probe.
    if (!id) throw new Error(createFailure(created, 'createPortCall for the formalities'));
    const base = `${portCallPath(id)}/formalities`;
    const submit = (name: string, type: string, body: unknown, label: string) =>
      run.step(name, { method: 'POST', url: `${base}/${type}`, as: 'agentA', body, label });

    await submit(
      S.generalDeclaration,
      'general-declaration',
      sampleGeneralDeclaration(portCall, { crew: CREW, passengers: PASSENGERS }),
      `FAL1 declaring ${CREW} crew, before the crew list`,
    );
    await submit(
      S.crewListShort,
      'crew-list',
      sampleCrewList(CREW - 1),
      `FAL5 with ${CREW - 1} of ${CREW} declared crew`,
    );
    await submit(S.crewList, 'crew-list', sampleCrewList(CREW), `FAL5 with the ${CREW} declared crew`);
    await submit(
      S.passengerList,
      'passenger-list',
      samplePassengerList(portCall, PASSENGERS),
      `FAL6 with the ${PASSENGERS} declared passengers`,
    );
    await submit(S.waste, 'waste', sampleWasteNotification(portCall, now), 'waste notification');
    await submit(S.security, 'security', sampleSecurityNotification(portCall, now), 'security notification');

    await submit(S.dangerousGoods, 'dangerous-goods', sampleDangerousGoods(), 'valid FAL7 (control)');
    const dgProbes: ProbeRecord[] = [];
    for (const p of DG_PROBES) {
      const valid = sampleDangerousGoods();
      const body = { items: valid.items.map((item, i) => (i === 0 ? { ...item, ...p.change } : item)) };
      await submit(p.step, 'dangerous-goods', body, p.label);
      const step = run.steps[p.step];
      if (step) dgProbes.push(probeOf(p.probe, p.pointer, step));
    }

    await run.step(S.listFormalities, { method: 'GET', url: base, as: 'agentA', label: 'list formalities' });
    await run.step(S.getFormality, {
      method: 'GET',
      url: `${base}/general-declaration`,
      as: 'agentA',
      label: 'read the general declaration',
    });

    const { steps, skipped } = run.result();
    const short = steps[S.crewListShort];
    const control = steps[S.dangerousGoods];
    return {
      steps,
      skipped,
      portCallId: id,
      crewCount: {
        declared: CREW,
        ...(steps[S.generalDeclaration] ? { generalDeclaration: steps[S.generalDeclaration] } : {}),
        ...(short ? { shortList: probeOf(FORMALITY_PROBES.crewCountShort, '/crew', short) } : {}),
        ...(steps[S.crewList] ? { matchingList: steps[S.crewList] } : {}),
      },
      dangerousGoods: { ...(control ? { control: probeOf('control', '', control) } : {}), probes: dgProbes },
    };
  },
});
