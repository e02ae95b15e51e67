// --tls-engine testssl without testssl.sh on PATH: a usage error before anything is sent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { Io } from '../../cli/run.ts';

const dir = mkdtempSync(join(tmpdir(), 'pc-tls-engine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--tls-engine testssl', () => {
  it('without testssl.sh on PATH: exit 2, one line saying how to get it', async () => {
    const lines: string[] = [];
    const io: Io = { out: (l) => lines.push(l), err: (l) => lines.push(l), env: {}, isTty: false };
    const path = process.env.PATH;
    process.env.PATH = '';
    try {
      expect(await main(['run', '--tls-engine', 'testssl', '--out', dir], io)).toBe(2);
    } finally {
      process.env.PATH = path;
    }
    const causes = lines.filter((l) => !l.startsWith('Results:'));
    expect(causes).toHaveLength(1);
    expect(causes[0]).toMatch(/testssl\.sh is not on PATH \(Debian: apt-get install testssl\.sh\)/);
  });
});
