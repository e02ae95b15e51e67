import { describe, expect, it } from 'vitest';
import { parseWrkOutput } from '../../../load/bench/wrk.ts';

// Captured from Debian's wrk 4.1.0 against loopback servers.
const PACED = `Running 1s test @ http://127.0.0.1:8931/
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.22ms    3.80ms  23.64ms   95.45%
    Req/Sec    86.80     16.86   101.00     80.00%
  Latency Distribution
     50%  370.00us
     75%  602.00us
     90%    0.90ms
     99%   23.64ms
  88 requests in 1.02s, 10.86KB read
  Non-2xx or 3xx responses: 12
Requests/sec:     86.56
Transfer/sec:     10.68KB
`;

const LOADED = `Running 3s test @ http://127.0.0.1:40123/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.02s   245.10ms   1.90s    70.00%
    Req/Sec    20.12k     1.91k   23.30k    71.67%
  Latency Distribution
     50%    1.00s
     75%    1.20s
     90%    1.50s
     99%    1.90s
  120340 requests in 3.00s, 11.94MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
Requests/sec:  40112.97
Transfer/sec:      3.98MB
`;

describe('parseWrkOutput', () => {
  it.each([
    [
      'paced run',
      PACED,
      {
        requests: 88,
        durationS: 1.02,
        rps: 86.56,
        non2xx: 12,
        socketErrors: 0,
        latency: { p50: 0.37, p75: 0.602, p90: 0.9, p99: 23.64 },
      },
    ],
    [
      'loaded run',
      LOADED,
      {
        requests: 120340,
        durationS: 3,
        rps: 40112.97,
        non2xx: 0,
        socketErrors: 5,
        latency: { p50: 1000, p75: 1200, p90: 1500, p99: 1900 },
      },
    ],
  ])('%s', (_label, text, expected) => {
    const r = parseWrkOutput(text);
    expect(r.requests).toBe(expected.requests);
    expect(r.durationS).toBeCloseTo(expected.durationS);
    expect(r.rps).toBe(expected.rps);
    expect(r.non2xx).toBe(expected.non2xx);
    expect(r.socketErrors).toBe(expected.socketErrors);
    for (const [k, v] of Object.entries(expected.latency))
      expect(r.latency[k as keyof typeof r.latency]).toBeCloseTo(v);
  });

  it('rejects output without a summary', () => {
    expect(() => parseWrkOutput('unable to connect to 127.0.0.1:1 Connection refused\n')).toThrow(
      /no summary: unable to connect/,
    );
  });
});
