// edifact-channel-agreement: passes on the reference, fails on each of its seeded defects (the finding's id and EDIFACT place), not applicable
// to a member without the edifact capability.
import { describe, expect, it } from 'vitest';
import {
  sampleDangerousGoods,
  samplePortCall,
  sampleWasteNotification,
  type DangerousGoods,
  type PortCallInput,
  type WasteNotification,
} from '../../../contracts/samples.ts';
import type { EdifactExchanges } from '../../../suites/contract/collectors/edifact-exchanges.ts';
import edifactChannelAgreement from '../../../suites/contract/edifact-channel-agreement.ts';
import { exchangesFrom, judge, NOT_CAPABLE, whereOf } from './edifact-harness.ts';

describe('edifact-channel-agreement', () => {
  it('passes on the reference', async () => {
    const p = await judge(edifactChannelAgreement, await exchangesFrom('reference'));
    expect([p.outcome, p.findings ?? []]).toEqual(['pass', []]);
  });

  it.each([
    [
      'edifact-berman-eta-shifted',
      {
        id: 'differs',
        probe: 'port-call',
        field: 'eta',
        edifact: { message: 'BERMAN', segment: 'DTM', element: 1, component: 2 },
      },
    ],
    [
      'edifact-iftdgn-items-lost',
      {
        id: 'differs',
        probe: 'dangerous-goods',
        field: 'items/length',
        edifact: { message: 'IFTDGN', segment: 'DGS' },
      },
    ],
    [
      'edifact-iftdgn-items-lost',
      {
        id: 'differs',
        probe: 'dangerous-goods',
        field: 'items/1/unNumber',
        edifact: { message: 'IFTDGN', segment: 'DGS', element: 3, component: 1 },
      },
    ],
    [
      'edifact-release-char-kept',
      {
        id: 'differs',
        probe: 'port-call',
        field: 'ship/name',
        edifact: { message: 'BERMAN', segment: 'TDT', element: 8, component: 4 },
      },
    ],
    [
      'edifact-berman-mmsi-lost',
      {
        id: 'differs',
        probe: 'port-call',
        field: 'ship/mmsi',
        edifact: { message: 'BERMAN', segment: 'RFF', element: 1, component: 2 },
      },
    ],
    [
      'edifact-wasdis-quantities-first-line-only',
      {
        id: 'differs',
        probe: 'waste',
        field: 'wastes/1/toBeDeliveredM3',
        edifact: { message: 'WASDIS', segment: 'MEA', element: 3, component: 2 },
      },
    ],
    [
      'edifact-wasdis-quantities-first-line-only',
      {
        id: 'differs',
        probe: 'waste',
        field: 'wastes/2/maxStorageM3',
        edifact: { message: 'WASDIS', segment: 'MEA', element: 3, component: 2 },
      },
    ],
  ])('fails on %s, at %j', async (defect, where) => {
    const p = await judge(edifactChannelAgreement, await exchangesFrom('flawed', [defect]));
    expect(p.outcome).toBe('fail');
    expect(p.findings?.map(whereOf)).toContainEqual(where);
  });

  /** Any of the three documents, for changing one field of it. */
  type Doc = PortCallInput & DangerousGoods & WasteNotification;
  // Synthetic read-backs: the three documents sent, returned with one field changed (or as they were sent).
  const NOW = new Date('2026-12-07T10:00:00Z');
  const { callPurpose: _purpose, ...portCall } = samplePortCall({ now: NOW, ship: 1 });
  const SENT: Record<string, unknown> = {
    'port-call': portCall,
    'dangerous-goods': sampleDangerousGoods(),
    waste: sampleWasteNotification(samplePortCall({ now: NOW }), NOW),
  };
  const readBack = (what: string, change: (doc: Doc) => void = () => {}): EdifactExchanges => ({
    capable: true,
    probes: [],
    agreement: Object.entries(SENT).map(([w, sent]) => {
      const returned = structuredClone(sent) as Doc;
      if (w === what) change(returned);
      return { what: w, sent, returned: w === 'port-call' ? returned : { document: returned }, status: 200 };
    }),
  });

  it('passes when every document comes back as sent, instants in another offset and numbers alike', async () => {
    const p = await judge(
      edifactChannelAgreement,
      readBack('port-call', (d) => {
        d.eta = new Date(d.eta).toISOString();
      }),
    );
    expect([p.outcome, p.findings ?? []]).toEqual(['pass', []]);
  });

  it.each<[string, string, (d: Doc) => void, object]>([
    ['port-call', 'ship/mmsi', (d) => delete d.ship.mmsi, { segment: 'RFF', element: 1, component: 2 }],
    ['port-call', 'ship/callSign', (d) => (d.ship.callSign = 'XXXX'), { segment: 'RFF', element: 1, component: 2 }],
    ['port-call', 'personsOnBoard', (d) => (d.personsOnBoard = 22), { segment: 'MEA', element: 3, component: 2 }],
    ['port-call', 'etd', (d) => (d.etd = d.etd.replace(/Z$/, '+01:00')), { segment: 'DTM', element: 1, component: 2 }],
    [
      'dangerous-goods',
      'items/0/packingGroup',
      (d) => delete d.items[0]!.packingGroup,
      { segment: 'DGS', element: 5, component: 1 },
    ],
    [
      'dangerous-goods',
      'items/1/grossMassKg',
      (d) => ((d.items[1] as unknown as Record<string, unknown>).grossMassKg = '9450.5'),
      { segment: 'MEA', element: 3, component: 2 },
    ],
    [
      'dangerous-goods',
      'items/2/emsCode',
      (d) => (d.items[2]!.emsCode = 'F-A'),
      { segment: 'DGS', element: 6, component: 1 },
    ],
    [
      'dangerous-goods',
      'items/2/stowagePosition',
      (d) => delete d.items[2]!.stowagePosition,
      { segment: 'LOC', element: 2, component: 1 },
    ],
    [
      'waste',
      'wastes/2/category',
      (d) => (d.wastes[2]!.category = 'sewage'),
      { segment: 'DGS', element: 3, component: 1 },
    ],
    [
      'waste',
      'wastes/1/retainedOnBoardM3',
      (d) => (d.wastes[1]!.retainedOnBoardM3 = 1),
      { segment: 'MEA', element: 3, component: 2 },
    ],
    ['waste', 'wastes/length', (d) => d.wastes.pop(), { segment: 'DGS' }],
    [
      'waste',
      'deliveringAllWaste',
      (d) => (d.deliveringAllWaste = false),
      { segment: 'FTX', element: 4, component: 1 },
    ],
    [
      'waste',
      'lastDeliveryDate',
      (d) => (d.lastDeliveryDate = '2026-12-01'),
      { segment: 'DTM', element: 1, component: 2 },
    ],
  ])('a %s read back with %s changed is a finding there', async (what, field, change, place) => {
    const p = await judge(edifactChannelAgreement, readBack(what, change));
    const message = { 'port-call': 'BERMAN', 'dangerous-goods': 'IFTDGN', waste: 'WASDIS' }[what];
    expect(p.outcome).toBe('fail');
    expect(p.findings?.map(whereOf)).toContainEqual({
      id: 'differs',
      probe: what,
      field,
      edifact: { message, ...place },
    });
    expect(p.findings?.find((f) => f.data?.field === field)?.location?.jsonPointer).toBe(`/${field}`);
  });

  it('is not applicable without the edifact capability', async () => {
    expect((await judge(edifactChannelAgreement, NOT_CAPABLE)).outcome).toBe('not-applicable');
  });
});
