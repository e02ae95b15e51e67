// dcsa-event-fields: every field of every published event obeys the rule the document states for it: coded
// fields hold a listed code (timestamp classifier codes, service and event types, facility code list
// providers...), date-times carry their UTC offset, UN/LOCODEs and IMO numbers are well formed. The events
// are every GET /events answer the run recorded (DcsaProbes', the operation tour's, the fuzzer's); the rules
// come from the document's Event schema (event-rules.ts).
import { defineCheck } from '../../../engine/check.ts';
import type { Finding } from '../../../engine/types.ts';
import { apiAnswers, placeOf } from './api-answers.ts';
import { DCSA_STANDARD } from './dcsa-probes.ts';
import { RULE_REQUIREMENT, eventViolations, type EventRule } from './event-rules.ts';

const MESSAGE: Record<EventRule, string> = {
  'classifier-code': 'code-not-listed',
  'date-time-offset': 'date-time-without-offset',
  locode: 'locode-invalid',
  'imo-number': 'imo-number-invalid',
};

export default defineCheck<'DcsaProbes' | 'HttpLog' | 'OpenApi', Record<string, never>>({
  id: 'dcsa-event-fields',
  title: 'Every published DCSA event field obeys its rule (codes, offsets, UN/LOCODE, IMO number)',
  failureTitle: 'Some published DCSA event fields break their rule',
  description:
    'DCSA Port Call 2.0.0 states, field by field, what an event may hold: coded fields list their codes (a ' +
    'timestamp is ACT, EST, PLN or REQ), date-times are RFC 3339 with their offset, UNLocationCode is a UN/LOCODE ' +
    'and vesselIMONumber an IMO number. Every field of every event of every GET /events answer the run recorded ' +
    'is judged against the rule of its schema in the published document.',
  remediation:
    'Publish only the codes the standard lists (upper case, exactly as spelled), date-times with Z or ±hh:mm, UN/LOCODEs of an ISO 3166 country and 3 characters from A-Z and 2-9, and IMO numbers whose seventh digit is their check digit; validate events before they are published.',
  area: 'contract',
  standard: DCSA_STANDARD,
  requirements: Object.values(RULE_REQUIREMENT),
  requires: ['DcsaProbes', 'HttpLog', 'OpenApi'],
  messages: {
    'code-not-listed':
      '{{count}} event(s) of {{place}} have {{field}} "{{value}}", not a code the standard lists ({{allowed}}).',
    'date-time-without-offset':
      '{{count}} event(s) of {{place}} have {{field}} "{{value}}", not an RFC 3339 date-time with its UTC offset.',
    'locode-invalid': '{{count}} event(s) of {{place}} have {{field}} "{{value}}", not a UN/LOCODE.',
    'imo-number-invalid': '{{count}} event(s) of {{place}} have {{field}} "{{value}}", not a valid IMO number.',
  },
  defaultOptions: {},
  run({ DcsaProbes: probes, HttpLog: log, OpenApi: doc }, ctx) {
    const eventSchema = { $ref: '#/components/schemas/Event' };
    const answers = apiAnswers(probes, log).filter(
      (x) => x.method === 'GET' && x.status === 200 && Array.isArray((x.json as { events?: unknown })?.events),
    );
    const events = answers.reduce((n, x) => n + (x.json as { events: unknown[] }).events.length, 0);
    if (events === 0) return ctx.notApplicable('No GET /events answer with events was recorded.');
    // One finding per rule, field (the pointer without the event's index) and value.
    const groups = new Map<
      string,
      {
        rule: EventRule;
        field: string;
        value: string;
        allowed: string;
        n: number;
        x: (typeof answers)[number];
        pointer: string;
        ev: string[];
      }
    >();
    for (const x of answers)
      (x.json as { events: unknown[] }).events.forEach((event, i) => {
        for (const v of eventViolations(doc.document, eventSchema, event, `/events/${i}`)) {
          const field = v.pointer.replace(/^\/events\/\d+/, '').replace(/\/\d+(?=\/|$)/g, '/*');
          const key = `${v.rule}\u0000${field}\u0000${v.value}`;
          const g = groups.get(key) ?? {
            rule: v.rule,
            field,
            value: v.value,
            allowed: (v.allowed ?? []).join(', '),
            n: 0,
            x,
            pointer: v.pointer,
            ev: [],
          };
          g.n++;
          if (x.evidenceId && !g.ev.includes(x.evidenceId) && g.ev.length < 3) g.ev.push(x.evidenceId);
          groups.set(key, g);
        }
      });
    const findings: Finding[] = [...groups.values()].map((g) =>
      ctx.finding(
        MESSAGE[g.rule],
        {
          place: placeOf(g.x, probes.apiBaseUrl),
          field: g.field,
          value: g.value,
          allowed: g.allowed,
          count: g.n,
          requirement: RULE_REQUIREMENT[g.rule],
        },
        { method: 'GET', url: g.x.url, in: 'response', jsonPointer: g.pointer },
        g.ev,
      ),
    );
    const metrics = { answers: answers.length, events };
    if (findings.length > 0)
      return ctx.fail(findings, `${findings.length} event field problem(s) over ${events} event(s).`, metrics);
    return ctx.pass(`All fields of ${events} event(s) in ${answers.length} answer(s) obey their rule.`, [], metrics);
  },
});
