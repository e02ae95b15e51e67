import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../../../../engine/profile.ts';
import {
  oversizedJson,
  undocumentedMethodTargets,
} from '../../../../../suites/security/collectors/hardening-probes.ts';
import { profileOpenApi } from '../../../../../suites/contract/operations.ts';
import { PC } from '../builders.ts';

describe('HardeningProbes helpers', () => {
  it('targets only methods the document lacks, on our own port call, deepest first and DELETE of the port call last', async () => {
    const model = await profileOpenApi(loadProfile('default'));
    const targets = undocumentedMethodTargets(model, 'https://h.example/psw/api/v1', PC);
    const item = `https://h.example/psw/api/v1/port-calls/${PC}`;
    expect(targets.at(-1)).toMatchObject({ method: 'DELETE', url: item });
    expect(targets.filter((t) => t.url === item).map((t) => t.method)).toEqual(['PATCH', 'DELETE']);
    expect(targets.some((t) => t.url === `${item}/cancel` && t.method === 'POST')).toBe(false);
    expect(targets.filter((t) => t.url === `${item}/formalities/general-declaration`).map((t) => t.method)).toEqual([
      'PUT',
      'PATCH',
      'DELETE',
    ]);
    expect(targets.every((t) => t.url.startsWith(item) && !['TRACE', 'CONNECT'].includes(t.method))).toBe(true);
    expect(new Set(targets.map((t) => `${t.method} ${t.url}`)).size).toBe(targets.length);
  });

  it('oversizedJson builds valid JSON of exactly the size asked', () => {
    const buf = oversizedJson(2 * 1024 * 1024);
    expect(buf.length).toBe(2 * 1024 * 1024);
    expect(() => JSON.parse(buf.toString('utf8'))).not.toThrow();
    expect(() => oversizedJson(10)).toThrow(RangeError);
  });
});
