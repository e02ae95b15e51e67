// PSW-EDI-004: each message is answered by an APERAK naming it (RFF ACW), accepted (29) or rejected
// (27) with ERC+FTX naming the faulty segment, its position and element.
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { evidenceOfProbe, notApplicableWithout, probeLocation, readAnswer } from './edifact-answers.ts';

export default defineCheck({
  id: 'edifact-aperak',
  title: 'APERAK answers name the message and the faulty segment and element',
  failureTitle: 'APERAK answers do not name the message or the faulty segment and element',
  description:
    "A sender's system matches an APERAK to its message by RFF ACW (the UNH reference) and repairs the " +
    'message from ERC and FTX: without the segment and element, a rejection cannot be acted on. Each ' +
    'valid message must be answered 29 under its own reference; each message with a broken identifier ' +
    '27, with an error naming the segment tag, its position in the message and the element.',
  remediation:
    "Answer each message with an APERAK whose RFF ACW is the message's UNH 0062, and for each error an ERC followed by FTX AAO whose C108 gives the segment tag, its position (UNH = 1), the element and the component.",
  area: 'contract',
  standard: 'psw-v1',
  requirements: ['PSW-EDI-004'],
  requires: ['EdifactExchanges'],
  messages: {
    'wrong-reference': 'The APERAK to {{probe}} names {{got}}, not the message {{want}}',
    'not-accepted': 'The valid {{message}} of {{probe}} was not answered by an APERAK accepting it ({{answer}})',
    'not-located':
      'The rejection of {{probe}} does not name {{tag}} at position {{position}}, element {{element}} (named: {{named}})',
  },
  defaultOptions: {},
  run({ EdifactExchanges: a }, ctx) {
    const na = notApplicableWithout(a, ctx);
    if (na) return na;
    const findings: Finding[] = [];
    for (const p of a.probes.filter((x) => x.kind === 'control' || x.kind === 'identifier')) {
      const r = readAnswer(p.answer);
      const loc = probeLocation(a, p);
      const ev = evidenceOfProbe(p);
      if (r.kind === 'APERAK' && !r.references.includes(p.messageRef))
        findings.push(
          ctx.finding(
            'wrong-reference',
            { probe: p.probe, got: r.references.join(', '), want: p.messageRef },
            probeLocation(a, p, { segment: 'UNH', position: 1, element: 1 }),
            ev,
          ),
        );
      if (p.kind === 'control' && (r.kind !== 'APERAK' || r.rejected))
        findings.push(
          ctx.finding(
            'not-accepted',
            { probe: p.probe, message: p.message, answer: r.kind },
            probeLocation(a, p, { segment: 'UNH', position: 1 }),
            ev,
          ),
        );
      const e = p.expect;
      if (p.kind === 'identifier' && r.kind === 'APERAK' && r.rejected && e) {
        const named = r.named.some((n) => n.tag === e.tag && n.position === e.position && n.element === e.element);
        if (!named)
          findings.push(
            ctx.finding(
              'not-located',
              {
                probe: p.probe,
                tag: e.tag,
                position: e.position ?? 0,
                element: e.element ?? 0,
                named:
                  r.named.map((n) => `${n.tag || '?'}@${n.position ?? '?'}/${n.element ?? '?'}`).join(' ') || 'nothing',
              },
              loc,
              ev,
            ),
          );
      }
    }
    return findings.length > 0
      ? ctx.fail(findings)
      : ctx.pass('every APERAK names its message and the faulty segment and element');
  },
});
