// PSW-EDI-002: a BERMAN, IFTDGN or WASDIS lacking a mandatory segment is refused with CONTRL (UCS 13).
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { evidenceOfProbe, notApplicableWithout, probeLocation, readAnswer } from './edifact-answers.ts';

export default defineCheck({
  id: 'edifact-segment-structure',
  title: 'EDIFACT messages missing a mandatory segment are refused',
  failureTitle: 'EDIFACT messages missing a mandatory segment are not refused as such',
  description:
    'Each message follows its segment table in the UNTDID directory (PROTECT subsets of BERMAN D.00A, ' +
    'IFTDGN and WASDIS D.21A): order, mandatory segments and groups, repeats. Every mandatory segment of ' +
    'each message is omitted in turn from a valid message; the single window must refuse it with a CONTRL ' +
    'whose UCS says "missing" (0085 = 13) at the position where the segment was due (0096, UNH = 1), not ' +
    'process what is left.',
  remediation:
    'Validate each message against its segment table before mapping it, and answer a missing mandatory segment with CONTRL UCM action 4 and UCS 0085 13 at its position.',
  area: 'contract',
  standard: 'psw-v1',
  requirements: ['PSW-EDI-002'],
  requires: ['EdifactExchanges'],
  cwe: [20],
  messages: {
    'not-refused':
      'A {{message}} without its mandatory {{tag}} was not refused with CONTRL "missing" ({{probe}}, answered {{answer}}, rejected: {{rejected}})',
    'wrong-position':
      'The CONTRL refusing a {{message}} without its mandatory {{tag}} names it missing at position {{named}}, not {{position}} where it was due ({{probe}})',
  },
  defaultOptions: {},
  run({ EdifactExchanges: a }, ctx) {
    const na = notApplicableWithout(a, ctx);
    if (na) return na;
    const findings: Finding[] = [];
    const probes = a.probes.filter((p) => p.kind === 'structure');
    for (const p of probes) {
      const r = readAnswer(p.answer);
      const missing = r.named.filter((n) => n.code === '13');
      const due = p.expect?.position;
      if (!(r.kind === 'CONTRL' && r.rejected && missing.length > 0))
        findings.push(
          ctx.finding(
            'not-refused',
            { probe: p.probe, message: p.message, tag: p.expect?.tag ?? '', answer: r.kind, rejected: r.rejected },
            probeLocation(a, p),
            evidenceOfProbe(p),
          ),
        );
      // UCS 0096 must say where the segment was due (UNH = 1), so the sender can find what to add.
      else if (due !== undefined && !missing.some((n) => n.position === due))
        findings.push(
          ctx.finding(
            'wrong-position',
            {
              probe: p.probe,
              message: p.message,
              tag: p.expect?.tag ?? '',
              position: due,
              named: missing.map((n) => n.position ?? '?').join(', '),
            },
            probeLocation(a, p),
            evidenceOfProbe(p),
          ),
        );
    }
    return findings.length > 0 ? ctx.fail(findings) : ctx.pass(`${probes.length} omitted mandatory segments refused`);
  },
});
