// dcsa-api-version-header: every answer of the API, success and error alike, carries API-Version with the
// full version of the implemented standard, of the document's major version (components.headers.API-Version).
import { defineCheck } from '../../../engine/check.ts';
import type { Finding } from '../../../engine/types.ts';
import { apiAnswers, placeOf } from './api-answers.ts';
import { DCSA_STANDARD } from './dcsa-probes.ts';

const FULL_VERSION = /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/;

export default defineCheck<'DcsaProbes' | 'HttpLog' | 'OpenApi', Record<string, never>>({
  id: 'dcsa-api-version-header',
  title: 'Every DCSA API answer carries API-Version of the implemented major version',
  failureTitle: 'Some DCSA API answers lack API-Version or name another version',
  description:
    'DCSA Port Call 2.0.0 says every API response must contain the API-Version header set to the full version ' +
    'of the implemented standard. Every answer of the API the run recorded (its own probes, the operation tour, ' +
    'invalid input, hardening probes), of every operation and status, is judged: the header must be a full ' +
    'version (major.minor.patch) of the major version the published document states.',
  remediation:
    'Set API-Version: 2.0.0 (the full version implemented) on every response of the API, errors (4xx, 5xx) and refusals included, e.g. in a response filter that runs for every route.',
  area: 'contract',
  standard: DCSA_STANDARD,
  requirements: ['DCSA-PC-HDR-001'],
  requires: ['DcsaProbes', 'HttpLog', 'OpenApi'],
  messages: {
    'api-version-missing': '{{count}} answer(s) of {{place}} with status {{status}} carry no API-Version header.',
    'api-version-wrong':
      '{{count}} answer(s) of {{place}} with status {{status}} say API-Version "{{value}}"; a full {{major}}.x.y version is required.',
  },
  defaultOptions: {},
  run({ DcsaProbes: probes, HttpLog: log, OpenApi: doc }, ctx) {
    const answers = apiAnswers(probes, log);
    if (answers.length === 0) return ctx.notApplicable('No answer of the API was recorded.');
    const major = doc.version.split('.')[0] ?? '';
    const groups = new Map<
      string,
      { id: string; place: string; status: number; value: string; items: typeof answers }
    >();
    for (const x of answers) {
      const value = x.headers['api-version'];
      const m = value === undefined ? undefined : FULL_VERSION.exec(value.trim());
      const id = value === undefined ? 'api-version-missing' : m?.[1] === major ? undefined : 'api-version-wrong';
      if (!id) continue;
      const place = placeOf(x, probes.apiBaseUrl);
      const key = `${id}\u0000${place}\u0000${x.status}\u0000${value ?? ''}`;
      const g = groups.get(key) ?? { id, place, status: x.status, value: value ?? '', items: [] };
      g.items.push(x);
      groups.set(key, g);
    }
    const findings: Finding[] = [...groups.values()].map((g) =>
      ctx.finding(
        g.id,
        { place: g.place, status: g.status, count: g.items.length, value: g.value, major },
        { method: g.items[0]!.method, url: g.items[0]!.url, header: 'api-version' },
        g.items.flatMap((x) => (x.evidenceId ? [x.evidenceId] : [])).slice(0, 3),
      ),
    );
    const places = new Set(answers.map((x) => `${placeOf(x, probes.apiBaseUrl)} ${x.status}`)).size;
    const metrics = { answers: answers.length, places };
    if (findings.length > 0)
      return ctx.fail(findings, `${findings.length} API-Version problem(s) over ${answers.length} answer(s).`, metrics);
    return ctx.pass(
      `All ${answers.length} answer(s) (${places} operation × status) carry API-Version ${major}.x.y.`,
      probes.probes.flatMap((p) => (p.evidenceId ? [p.evidenceId] : [])),
      metrics,
    );
  },
});
