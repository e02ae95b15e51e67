// report.html's Engines section: per check with items of more than one engine (--tls-engine testssl), a
// row per item with each engine's verdict and the agreement; absent when no check has such items.
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../reports/html.ts';
import { PROTOCOL_ITEMS as PROTOCOLS, SUITE_ITEMS as SUITES, sampleResults, withEngines } from './sample-results.ts';

/** Each Engines row as its attributes: check, item, host, agreement, and data-verdict-<engine>. */
function engineRows(html: string): Array<Record<string, string>> {
  const section = html.match(/<section id="engines"[\s\S]*?<\/section>/)?.[0] ?? '';
  const rows: Array<Record<string, string>> = [];
  for (const [, check, body] of section.matchAll(
    /<details class="engines" data-engine-check="([^"]+)"[^>]*>([\s\S]*?)<\/details>/g,
  )) {
    for (const [, attrs] of body!.matchAll(/<tr (data-engine-item=[^>]*)>/g)) {
      const row: Record<string, string> = { check: check! };
      for (const [, k, v] of attrs!.matchAll(/data-([a-z-]+)="([^"]*)"/g)) row[k!] = v!;
      rows.push(row);
    }
  }
  return rows;
}

describe('report.html Engines section', () => {
  const html = renderHtml(withEngines({ 'tls-protocol-versions': PROTOCOLS, 'tls-cipher-suites': SUITES }));
  const rows = engineRows(html);

  it.each([
    {
      check: 'tls-protocol-versions',
      item: 'TLSv1',
      host: '127.0.0.1:8443',
      agreement: 'agree',
      node: 'pass',
      testssl: 'pass',
    },
    {
      check: 'tls-protocol-versions',
      item: 'TLSv1.3',
      host: '127.0.0.1:8443',
      agreement: 'undecided',
      node: 'pass',
      testssl: 'unknown',
    },
    {
      check: 'tls-cipher-suites',
      item: 'TLS_RSA_WITH_AES_128_CBC_SHA',
      host: '127.0.0.1:8443',
      agreement: 'disagree',
      node: 'pass',
      testssl: 'fail',
    },
    {
      check: 'tls-cipher-suites',
      item: 'TLS_AES_128_GCM_SHA256',
      host: 'api.member.example:443',
      agreement: 'agree',
      node: 'pass',
      testssl: 'pass',
    },
  ])(
    '$check $item on $host: $agreement (node $node, testssl $testssl)',
    ({ check, item, host, agreement, node, testssl }) => {
      expect(rows).toContainEqual({
        check,
        'engine-item': item,
        host,
        agreement,
        'verdict-node': node,
        'verdict-testssl': testssl,
      });
    },
  );

  it('has one row per item and nothing else', () => {
    expect(rows).toHaveLength(PROTOCOLS.length + SUITES.length);
  });

  it('lists a check with a disagreement first, open and counted; one with none stays folded', () => {
    const order = [...html.matchAll(/data-engine-check="([^"]+)"/g)].map((m) => m[1]);
    // In the results tls-protocol-versions comes first; its items all agree or could not tell.
    expect(order).toEqual(['tls-cipher-suites', 'tls-protocol-versions']);
    expect(html).toMatch(/<details class="engines" data-engine-check="tls-cipher-suites" data-disagreements="1" open>/);
    expect(html).toMatch(/<details class="engines" data-engine-check="tls-protocol-versions" data-disagreements="0">/);
  });

  it('is in the navigation, after All checks', () => {
    const nav = html.match(/<nav[\s\S]*?<\/nav>/)![0];
    const ids = [...nav.matchAll(/href="#([a-z-]+)"/g)].map((m) => m[1]);
    expect(ids.indexOf('engines')).toBe(ids.indexOf('checks') + 1);
  });

  it('links a check the Findings section details, and names one it does not', () => {
    const of = (id: string) =>
      html.match(new RegExp(`<details class="engines" data-engine-check="${id}"[\\s\\S]*?</details>`))![0];
    // tls-cipher-suites needs review (detailed above); tls-protocol-versions passed (only in All checks).
    expect(of('tls-cipher-suites')).toContain('<a href="#check-tls-cipher-suites">');
    expect(of('tls-protocol-versions')).not.toContain('<a href=');
  });

  it('escapes what the target named (host, item)', () => {
    const hostile = renderHtml(
      withEngines({
        'tls-protocol-versions': [
          { host: '<b>h</b>:1', item: '"><script>alert(1)</script>', verdicts: { node: 'pass' } },
        ],
      }),
    );
    const section = hostile.match(/<section id="engines"[\s\S]*?<\/section>/)![0];
    expect(section).not.toMatch(/<script|<b>/);
    expect(engineRows(hostile)).toEqual([
      {
        check: 'tls-protocol-versions',
        'engine-item': '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;',
        host: '&lt;b&gt;h&lt;/b&gt;:1',
        agreement: 'undecided',
        'verdict-node': 'pass',
      },
    ]);
  });

  it('is absent when no check has items of more than one engine', () => {
    const plain = renderHtml(sampleResults());
    expect(plain).not.toContain('id="engines"');
    expect(plain).not.toContain('href="#engines"');
  });
});
