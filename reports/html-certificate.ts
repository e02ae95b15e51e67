// The certificate page of report.html: what a signed certificate of this run says (member, verdict per
// area, waivers, validity, the signing key's fingerprint). Rendered from the certificate's payload, which
// `certify` passes in; the JWS stays the certificate, this is its reading.
import { AREAS } from '../engine/types.ts';
import type { Certificate } from './certificate.ts';
import { e, facts, table } from './html-common.ts';

const AREA_VERDICT_LABEL: Record<string, string> = {
  conformant: 'Conformant',
  'not-conformant': 'Not conformant',
  'not-run': 'Not run',
};

export function certificateSection(c: Certificate | undefined): string {
  if (!c) return '';
  const areas = AREAS.map((area) => {
    const v = c.verdict.areas[area];
    return [
      e(area),
      `<span data-cert-area="${e(area)}" data-status="${e(v?.status ?? 'not-run')}">${e(AREA_VERDICT_LABEL[v?.status ?? 'not-run'] ?? v?.status ?? '')}</span>`,
      v?.blocking.length ? v.blocking.map((id) => `<code>${e(id)}</code>`).join(', ') : '',
    ];
  });
  const waivers = c.waivers.map((w) => [
    `<code data-cert-waiver="${e(w.check)}">${e(w.check)}</code>`,
    e(w.owner),
    e(w.expires),
    e(w.reason),
  ]);
  return `<section id="certificate" aria-labelledby="certificate-h" data-certificate="${e(c.id)}">
<h2 id="certificate-h">Certificate</h2>
${facts([
  ['Member', `<span data-cert-member>${e(c.member.name)}</span>`],
  [
    'Verdict',
    `<span data-cert-verdict="${e(c.verdict.status)}">${e(AREA_VERDICT_LABEL[c.verdict.status] ?? c.verdict.status)}</span>`,
  ],
  ['Profile', `${e(c.profile.title)} (<code>${e(c.profile.id)}</code> ${e(c.profile.version)})`],
  [
    'Valid',
    `<time data-cert-valid-from datetime="${e(c.validFrom)}">${e(c.validFrom)}</time> until <time data-cert-valid-until datetime="${e(c.validUntil)}">${e(c.validUntil)}</time>`,
  ],
  ['Signing key', `<code data-cert-key>${e(c.signer.keyThumbprint)}</code> (${e(c.signer.alg)}, RFC 7638 thumbprint)`],
  ['Files certified', e(String(c.files.length))],
])}
${table('Verdict per area', ['Area', 'Verdict', 'Blocking checks'], areas, [], ['w15', 'w20', 'w65'])}
${waivers.length ? table('Waived failures', ['Check', 'Owner', 'Expires', 'Reason'], waivers, [], ['w25', 'w15', 'w15', 'w45']) : '<p data-cert-waivers="none">No failure was waived.</p>'}
<p class="muted">Verify with <code>port-conformance verify certificate.jws --key PUBLIC-KEY --evidence DIR</code>; this page is a reading of it.</p>
</section>`;
}
