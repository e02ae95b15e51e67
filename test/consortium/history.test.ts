// `consortium --history`: every member's run is recorded, and the dashboard reads the store back for its
// trends (one point per recorded run). Two consortium runs of two fixture members into one SQLite file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsortium } from '../../consortium/run.ts';
import { loadMembersFile, type MemberEntry } from '../../consortium/members.ts';
import { openHistory } from '../../history/index.ts';
import { stringify } from 'yaml';

const dir = mkdtempSync(join(tmpdir(), 'pc-consortium-history-'));
const db = join(dir, 'history.sqlite');
let members: MemberEntry[];

beforeAll(async () => {
  const file = join(dir, 'members.yaml');
  writeFileSync(
    file,
    stringify({
      defaults: { profile: 'default', suites: ['contract'], checks: ['eta-etd-order', 'imo-number-validation'] },
      members: [
        { id: 'ref', fixture: 'reference' },
        { id: 'flaw', fixture: 'flawed', defects: ['eta-after-etd-accepted'] },
      ],
    }),
  );
  members = loadMembersFile(file).members;
  for (const out of ['run1', 'run2'])
    await runConsortium({ members, concurrency: 2, outDir: join(dir, out), history: db, env: {}, seed: 1 });
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('consortium --history', () => {
  it('records each member run in the store', async () => {
    const store = await openHistory(db);
    try {
      const runs = await store.runs();
      expect(runs.map((r) => r.member).sort()).toEqual(['flaw', 'flaw', 'ref', 'ref']);
      expect(runs.filter((r) => r.member === 'flaw').every((r) => !r.conformant)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it.each(['ref', 'flaw'])('the dashboard shows %s with one trend point per recorded run', (member) => {
    const html = readFileSync(join(dir, 'run2', 'consortium.html'), 'utf8');
    const section = new RegExp(`class="member-trends"[^>]*data-member="${member}" data-runs="(\\d+)"`).exec(html);
    expect(section?.[1]).toBe('2');
  });
});
