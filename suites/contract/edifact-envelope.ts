// PSW-EDI-001: envelope faults (UNT/UNZ counts and references) are refused with CONTRL, and the
// single window's own answers have a correct envelope.
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { evidenceOfProbe, notApplicableWithout, placeOf, probeLocation, readAnswer } from './edifact-answers.ts';

export default defineCheck({
  id: 'edifact-envelope',
  title: 'EDIFACT envelopes are checked and answered with a correct envelope',
  failureTitle: 'EDIFACT envelope faults are accepted or answers carry a faulty envelope',
  description:
    'UNB/UNZ and UNH/UNT frame an interchange and its messages: UNZ counts the messages and repeats ' +
    "UNB's control reference, UNT counts the message's segments and repeats UNH's reference (ISO 9735-2). " +
    'A single window that does not check them cannot tell a truncated or spliced interchange from a whole ' +
    'one. Each counter and reference is sent off by one on a valid BERMAN; each must be refused with a ' +
    "CONTRL. Every answer's own envelope is checked too, and the capability must be declared alike in the " +
    'member config (when it states capabilities) and the discovery document.',
  remediation:
    'Compare UNT 0074 with the segments counted from UNH to UNT and UNZ 0036 with the messages, and their references with UNH 0062 and UNB 0020; refuse a mismatch with a CONTRL (UCI or UCM action 4), and build answers with the same counts. Declare the edifact capability (and its endpoint) the same way in the member config and /.well-known/psw-configuration.',
  area: 'contract',
  standard: 'psw-v1',
  requirements: ['PSW-EDI-001', 'PSW-EDI-006'],
  requires: ['EdifactExchanges'],
  cwe: [20],
  messages: {
    accepted: 'An interchange with {{code}} wrong was not refused with CONTRL ({{probe}}, answered {{answer}})',
    'answer-envelope': 'The answer to {{probe}} has a faulty envelope: {{faults}}',
    'declaration-differs':
      'The member config and the discovery document disagree on the edifact {{what}} (config: {{config}}; discovery document: {{discovery}}); the channel was probed at {{endpoint}}',
  },
  defaultOptions: {},
  run({ EdifactExchanges: a }, ctx) {
    const na = notApplicableWithout(a, ctx);
    if (na) return na;
    const findings: Finding[] = [];
    const d = a.declaration;
    if (d?.disagreement)
      findings.push(
        ctx.finding(
          'declaration-differs',
          {
            what: d.disagreement,
            config: d.disagreement === 'endpoint' ? (d.configEndpoint ?? '') : d.config,
            discovery:
              d.disagreement === 'endpoint' ? (d.discoveryEndpoint ?? '') : d.discovery ? 'declared' : 'not-declared',
            endpoint: a.endpoint ?? '',
          },
          {
            method: 'GET',
            operationId: 'getPswConfiguration',
            jsonPointer: d.disagreement === 'endpoint' ? '/edifact_endpoint' : '/capabilities',
            in: 'response',
          },
        ),
      );
    for (const p of a.probes) {
      const r = readAnswer(p.answer);
      const loc = probeLocation(a, p);
      if (p.kind === 'envelope' && !(r.kind === 'CONTRL' && r.rejected))
        findings.push(
          ctx.finding(
            'accepted',
            { probe: p.probe, code: p.expect?.code ?? '', answer: r.kind, tag: p.expect?.tag ?? '' },
            loc,
            evidenceOfProbe(p),
          ),
        );
      if (r.envelopeFaults.length > 0) {
        // The place is in the answer: its UNZ, or the UNT of its (APERAK/CONTRL) message.
        const at = r.envelopePlace ?? { tag: 'UNZ' };
        const edifact = { ...(at.tag === 'UNT' ? { message: r.kind } : {}), ...placeOf(at) };
        findings.push(
          ctx.finding(
            'answer-envelope',
            { probe: p.probe, faults: r.envelopeFaults.join(', ') },
            { ...probeLocation(a), edifact },
            evidenceOfProbe(p),
          ),
        );
      }
    }
    const envelopes = a.probes.filter((p) => p.kind === 'envelope').length;
    return findings.length > 0
      ? ctx.fail(findings)
      : ctx.pass(
          `${envelopes} envelope faults refused with CONTRL; ${a.probes.length} answers with a correct envelope`,
        );
  },
});
