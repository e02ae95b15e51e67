// dcsa-error-body: every error answer of the API (4xx, 5xx) is DCSA's error schema: a JSON object whose
// feedbackElements hold at least one element of severity ERROR with a message (GetEventsError,
// PostEventsError, FeedbackElement; the "default" responses of both operations).
import { defineCheck } from '../../../engine/check.ts';
import type { Finding } from '../../../engine/types.ts';
import { apiAnswers, placeOf } from './api-answers.ts';
import { DCSA_STANDARD } from './dcsa-probes.ts';

type Problem = 'error-body-not-json' | 'error-body-no-feedback' | 'error-body-no-error-element';

/** What is wrong with an error answer's body, or undefined when it is DCSA's error schema. */
export function errorBodyProblem(json: unknown): Problem | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'error-body-not-json';
  const elements = (json as { feedbackElements?: unknown }).feedbackElements;
  if (!Array.isArray(elements) || elements.length === 0) return 'error-body-no-feedback';
  const isError = (e: unknown) =>
    typeof e === 'object' &&
    e !== null &&
    (e as { severity?: unknown }).severity === 'ERROR' &&
    typeof (e as { message?: unknown }).message === 'string' &&
    (e as { message: string }).message.trim() !== '';
  return elements.some(isError) ? undefined : 'error-body-no-error-element';
}

export default defineCheck<'DcsaProbes' | 'HttpLog', Record<string, never>>({
  id: 'dcsa-error-body',
  title: "Every DCSA API error answer is DCSA's error schema with an ERROR feedback element",
  failureTitle: "Some DCSA API error answers are not DCSA's error schema",
  description:
    'DCSA Port Call 2.0.0 documents every error answer ("default" response) as GetEventsError or PostEventsError: ' +
    'feedbackElements with at least one element of severity ERROR and a message a client can relay. Every 4xx ' +
    'and 5xx answer of the API the run recorded (refused queries and bodies, unknown paths, undocumented ' +
    'methods, oversized bodies, missing tokens) is judged.',
  remediation:
    'Answer every error with Content-Type application/json and {"feedbackElements": [{"severity": "ERROR", "message": "...", "propertyPath": "$..."}]}, including the framework\'s own 404, 405 and 413 answers.',
  area: 'contract',
  standard: DCSA_STANDARD,
  requirements: ['DCSA-PC-ERR-001'],
  requires: ['DcsaProbes', 'HttpLog'],
  messages: {
    'error-body-not-json': '{{count}} error answer(s) of {{place}} with status {{status}} have no JSON object body.',
    'error-body-no-feedback': '{{count}} error answer(s) of {{place}} with status {{status}} have no feedbackElements.',
    'error-body-no-error-element':
      '{{count}} error answer(s) of {{place}} with status {{status}} list no feedback element of severity ERROR with a message.',
  },
  defaultOptions: {},
  run({ DcsaProbes: probes, HttpLog: log }, ctx) {
    const errors = apiAnswers(probes, log).filter((x) => x.status >= 400);
    if (errors.length === 0) return ctx.notApplicable('No error answer of the API was recorded.');
    const groups = new Map<string, { id: Problem; place: string; status: number; items: typeof errors }>();
    for (const x of errors) {
      const id = errorBodyProblem(x.json);
      if (!id) continue;
      const place = placeOf(x, probes.apiBaseUrl);
      const key = `${id}\u0000${place}\u0000${x.status}`;
      const g = groups.get(key) ?? { id, place, status: x.status, items: [] };
      g.items.push(x);
      groups.set(key, g);
    }
    const findings: Finding[] = [...groups.values()].map((g) =>
      ctx.finding(
        g.id,
        { place: g.place, status: g.status, count: g.items.length },
        { method: g.items[0]!.method, url: g.items[0]!.url, in: 'response', jsonPointer: '/feedbackElements' },
        g.items.flatMap((x) => (x.evidenceId ? [x.evidenceId] : [])).slice(0, 3),
      ),
    );
    const statuses = [...new Set(errors.map((x) => x.status))].sort().join(', ');
    const metrics = { errorAnswers: errors.length };
    if (findings.length > 0)
      return ctx.fail(
        findings,
        `${findings.length} error-body problem(s) over ${errors.length} error answer(s).`,
        metrics,
      );
    return ctx.pass(
      `All ${errors.length} error answer(s) (statuses ${statuses}) carry an ERROR feedback element.`,
      [],
      metrics,
    );
  },
});
