import { describe, expect, it } from 'vitest';
import type { Place } from '../../../../../engine/types.ts';
import { reportPlaces, sample } from '../../../../../suites/security/collectors/plan-places.ts';

const places: Place[] = Array.from({ length: 10 }, (_, i) => ({ id: `p${i}`, kind: 'operation' }));

describe('plan places of the security collectors', () => {
  it('probes every place without a budget, or with one at least as large', () => {
    expect(sample(places, undefined, 1)).toEqual({ chosen: places, skipped: [] });
    expect(sample(places, 10, 1).chosen).toHaveLength(10);
  });

  it('samples within a budget, seeded: the same seed the same places, in plan order; the rest as budget', () => {
    const a = sample(places, 3, 42);
    expect(a.chosen).toHaveLength(3);
    expect(a.skipped).toHaveLength(7);
    expect(a.skipped.every((s) => s.why === 'budget')).toBe(true);
    expect(sample(places, 3, 42)).toEqual(a);
    expect(a.chosen.map((p) => Number(p.id.slice(1)))).toEqual(
      [...a.chosen.map((p) => Number(p.id.slice(1)))].sort((x, y) => x - y),
    );
    const seeds = new Set(
      [1, 2, 3, 4, 5, 6, 7, 8].map((s) =>
        sample(places, 3, s)
          .chosen.map((p) => p.id)
          .join(),
      ),
    );
    expect(seeds.size).toBeGreaterThan(1);
  });

  it('reports judged places as probed and the others with their reason, else not reached', () => {
    const r = reportPlaces(places.slice(0, 3), new Set(['p0']), [{ id: 'p1', why: 'budget' }]);
    expect(r).toEqual({
      probed: ['p0'],
      notProbed: [
        { id: 'p1', why: 'budget' },
        { id: 'p2', why: 'not-reached' },
      ],
    });
  });
});
