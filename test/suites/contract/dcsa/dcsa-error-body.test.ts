import { describe, expect, it } from 'vitest';
import type { HttpExchange } from '../../../../engine/context.ts';
import check from '../../../../suites/contract/dcsa/dcsa-error-body.ts';
import { findingsOf, httpLog, runCheck } from '../builders.ts';
import { PROBES, answer, event, feedback } from './dcsa-builders.ts';

const run = (...xs: HttpExchange[]) => runCheck(check, { DcsaProbes: PROBES, HttpLog: httpLog(...xs) });
const ok = [answer('GET', '/events', 200, { events: [event()] }), answer('GET', '/events?limit=0', 400, feedback())];

describe('dcsa-error-body', () => {
  it('passes when every error answer has an ERROR feedback element (WARN ones beside it allowed)', async () => {
    const both = {
      feedbackElements: [
        { severity: 'WARN', message: 'w' },
        { severity: 'ERROR', message: 'e' },
      ],
    };
    expect((await run(...ok, answer('POST', '/events', 400, both))).outcome).toBe('pass');
  });

  it.each([
    ['plain text 404', answer('GET', '/nope', 404, undefined), 'error-body-not-json', 'GET', '/nope'],
    [
      'no feedbackElements on 405',
      answer('DELETE', '/events', 405, { error: 'x' }),
      'error-body-no-feedback',
      'DELETE',
      '/events',
    ],
    [
      'only WARN on a refused query',
      answer('GET', '/events?limit=0', 400, feedback('WARN')),
      'error-body-no-error-element',
      'GET',
      '/events?limit=0',
    ],
    [
      'ERROR without message on POST',
      answer('POST', '/events', 400, { feedbackElements: [{ severity: 'ERROR' }] }),
      'error-body-no-error-element',
      'POST',
      '/events',
    ],
  ])('fails: %s', async (_name, bad, id, method, path) => {
    const p = await run(answer('GET', '/events', 200, { events: [] }), bad);
    expect(p.outcome).toBe('fail');
    expect(findingsOf(p).map((f) => [f.id, f.location])).toEqual([
      [id, { method, url: `https://127.0.0.1:9443${path}`, in: 'response', jsonPointer: '/feedbackElements' }],
    ]);
  });

  it('is not applicable without error answers', async () => {
    expect((await run(answer('GET', '/events', 200, { events: [] }))).outcome).toBe('not-applicable');
  });
});
