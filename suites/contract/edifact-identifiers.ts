// PSW-EDI-003: the identifier rules (IMO, UN/LOCODE, UN number, IMDG class, ISO 6346) hold in EDIFACT.
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { evidenceOfProbe, notApplicableWithout, probeLocation, readAnswer } from './edifact-answers.ts';

export default defineCheck({
  id: 'edifact-identifiers',
  title: 'Identifiers broken in EDIFACT messages are refused',
  failureTitle: 'Identifiers broken in EDIFACT messages are accepted',
  description:
    'The same data must obey the same rules whatever the channel: an IMO number refused by the JSON API ' +
    'must not enter through TDT C222, nor a malformed UN/LOCODE through LOC C517, a UN number or IMDG ' +
    'class through DGS, a container number through EQD or RFF AAQ. Every identifier element of the ' +
    "profile's table is broken in turn in each message that carries it; each must be rejected.",
  remediation:
    'Apply the identifier rules of the JSON API to the EDIFACT elements that carry the same data (TDT C222 8213, LOC C517 3225, DGS C205/C234, EQD C237, RFF AAQ) and reject the message with an APERAK (BGM 1225 27).',
  area: 'contract',
  standard: 'psw-v1',
  requirements: ['PSW-EDI-003'],
  requires: ['EdifactExchanges'],
  cwe: [20],
  messages: {
    accepted: 'A {{message}} with {{code}} broken at {{tag}} element {{element}} was accepted ({{probe}})',
  },
  defaultOptions: {},
  run({ EdifactExchanges: a }, ctx) {
    const na = notApplicableWithout(a, ctx);
    if (na) return na;
    const findings: Finding[] = [];
    const probes = a.probes.filter((p) => p.kind === 'identifier');
    for (const p of probes) {
      if (readAnswer(p.answer).rejected) continue;
      const e = p.expect;
      findings.push(
        ctx.finding(
          'accepted',
          {
            probe: p.probe,
            message: p.message,
            code: e?.code ?? '',
            tag: e?.tag ?? '',
            element: e?.element ?? 0,
            position: e?.position ?? 0,
          },
          probeLocation(a, p),
          evidenceOfProbe(p),
        ),
      );
    }
    return findings.length > 0 ? ctx.fail(findings) : ctx.pass(`${probes.length} broken identifiers rejected`);
  },
});
