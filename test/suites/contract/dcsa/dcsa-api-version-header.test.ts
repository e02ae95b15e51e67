import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiModel } from '../../../../contracts/openapi.ts';
import type { HttpExchange } from '../../../../engine/context.ts';
import check from '../../../../suites/contract/dcsa/dcsa-api-version-header.ts';
import { findingsOf, httpLog, runCheck } from '../builders.ts';
import { PROBES, answer, dcsaDocument, event, feedback } from './dcsa-builders.ts';

let OpenApi: OpenApiModel;
beforeAll(async () => {
  OpenApi = await dcsaDocument();
});
const run = (...xs: HttpExchange[]) => runCheck(check, { DcsaProbes: PROBES, HttpLog: httpLog(...xs), OpenApi });
const ok = [answer('GET', '/events', 200, { events: [event()] }), answer('GET', '/nope', 404, feedback())];

describe('dcsa-api-version-header', () => {
  it('passes when every answer, errors included, says a full 2.x.y version', async () => {
    const p = await run(...ok, answer('POST', '/events', 200, {}, { 'api-version': '2.0.1' }));
    expect(p.outcome).toBe('pass');
  });

  it.each([
    ['missing on an error', answer('GET', '/nope', 404, feedback(), {}), 'api-version-missing', 'GET', '/nope'],
    [
      'another major on POST',
      answer('POST', '/events', 400, feedback(), { 'api-version': '1.0.0' }),
      'api-version-wrong',
      'POST',
      '/events',
    ],
    [
      'not a full version',
      answer('GET', '/events?limit=1', 200, { events: [] }, { 'api-version': '2' }),
      'api-version-wrong',
      'GET',
      '/events?limit=1',
    ],
  ])('fails: %s', async (_name, bad, id, method, path) => {
    const p = await run(...ok, bad);
    expect(p.outcome).toBe('fail');
    expect(findingsOf(p).map((f) => [f.id, f.location])).toEqual([
      [id, { method, url: `https://127.0.0.1:9443${path}`, header: 'api-version' }],
    ]);
  });

  it('ignores answers outside the API base (another origin)', async () => {
    const other = { ...answer('POST', '/oauth/token', 200, {}, {}), url: 'https://127.0.0.1:9444/oauth/token' };
    expect((await run(...ok, other)).outcome).toBe('pass');
  });

  it('is not applicable without answers', async () => {
    expect((await run()).outcome).toBe('not-applicable');
  });
});
