/* eslint-disable no-control-regex -- these tests look for raw control characters */
import { describe, expect, it } from 'vitest';
import { renderJUnit } from '../../reports/junit.ts';
import type { CheckResult, Results } from '../../engine/types.ts';
import { kids, parseXml } from './xml-parser.ts';
import type { XNode } from './xml-parser.ts';
import { HOSTILE_BODY, emptyResults, sampleResults, unreachableResults } from './sample-results.ts';

const OUTCOME_ELEMENTS = ['failure', 'error', 'skipped'];

function outcomeOf(tc: XNode): string {
  return tc.children.find((c) => OUTCOME_ELEMENTS.includes(c.name))?.name ?? 'passed';
}

function props(node: XNode): Array<[string, string]> {
  return kids(node, 'properties').flatMap((p) =>
    kids(p, 'property').map((q) => [q.attrs.name!, q.attrs.value!] as [string, string]),
  );
}

describe('renderJUnit', () => {
  const results = sampleResults();
  const root = parseXml(renderJUnit(results));
  const suites = kids(root, 'testsuite');
  const cases = suites.flatMap((s) => kids(s, 'testcase'));
  const caseFor = (c: CheckResult): XNode => cases.find((tc) => tc.attrs.name!.startsWith(`${c.id}: `))!;

  it('is well-formed with one testsuite per area and one testcase per check', () => {
    expect(root.name).toBe('testsuites');
    expect(suites.map((s) => s.attrs.name)).toEqual(['contract', 'security', 'load', 'portal']);
    expect(cases).toHaveLength(results.checks.length);
    for (const check of results.checks) {
      const tc = caseFor(check);
      expect(tc.attrs.classname).toBe(check.area);
      expect(tc.attrs.name).toBe(`${check.id}: ${check.title}`);
      expect(Number(tc.attrs.time)).toBeCloseTo(check.durationMs / 1000, 3);
    }
  });

  it('counts tests, failures, errors and skipped per suite and in total from its own testcases', () => {
    for (const suite of [...suites, root]) {
      const tcs = suite === root ? cases : kids(suite, 'testcase');
      expect(Number(suite.attrs.tests)).toBe(tcs.length);
      expect(Number(suite.attrs.failures)).toBe(tcs.filter((t) => outcomeOf(t) === 'failure').length);
      expect(Number(suite.attrs.errors)).toBe(tcs.filter((t) => outcomeOf(t) === 'error').length);
      expect(Number(suite.attrs.skipped)).toBe(tcs.filter((t) => outcomeOf(t) === 'skipped').length);
      expect(Number.isFinite(Number(suite.attrs.time))).toBe(true);
    }
    expect(Number(suites[0]!.attrs.time)).toBeCloseTo(results.summary.byArea.contract!.durationMs / 1000, 3);
    expect(Number(root.attrs.time)).toBeCloseTo(results.run.durationMs / 1000, 3);
  });

  it('maps each outcome to its JUnit element', () => {
    const expected: Record<string, string> = {
      pass: 'passed',
      fail: 'failure',
      error: 'error',
      skipped: 'skipped',
      'not-applicable': 'skipped',
      'needs-review': 'passed',
    };
    for (const check of results.checks)
      expect([check.id, outcomeOf(caseFor(check))]).toEqual([
        check.id,
        // A waived failure no longer fails the build: skipped, with the waiver as the reason.
        check.outcome === 'fail' && check.waiver ? 'skipped' : expected[check.outcome],
      ]);
    const waived = results.checks.find((c) => c.outcome === 'fail' && c.waiver)!;
    expect(kids(caseFor(waived), 'skipped')[0]!.attrs.message).toBe(
      `waived by ${waived.waiver!.owner} until ${waived.waiver!.expires}: ${waived.waiver!.reason}`,
    );
  });

  it('puts every finding, its location and evidence ids in the failure body', () => {
    for (const check of results.checks.filter((c) => c.outcome === 'fail' && !c.waiver)) {
      const failure = kids(caseFor(check), 'failure')[0]!;
      expect(failure.attrs.message).toBeTruthy();
      expect(failure.attrs.type).toBe(check.findings[0]!.id);
      for (const f of check.findings) {
        expect(failure.text).toContain(f.message);
        if (f.location?.url) expect(failure.text).toContain(f.location.url);
        if (f.location?.jsonPointer) expect(failure.text).toContain(f.location.jsonPointer);
        for (const id of f.evidence ?? []) expect(failure.text).toContain(id);
      }
    }
  });

  it('reports errors with their message and cause, skips with a message, reviews in system-out', () => {
    const errored = results.checks.find((c) => c.outcome === 'error')!;
    const error = kids(caseFor(errored), 'error')[0]!;
    expect(error.attrs.message).toBe(errored.error!.message);
    expect(error.text).toContain(errored.error!.cause);
    for (const c of results.checks.filter((x) => x.outcome === 'skipped' || x.outcome === 'not-applicable')) {
      expect(kids(caseFor(c), 'skipped')[0]!.attrs.message).toContain(c.summary);
    }
    const review = results.checks.find((c) => c.outcome === 'needs-review')!;
    const out = kids(caseFor(review), 'system-out');
    expect(out).toHaveLength(1);
    expect(out[0]!.text).toContain(review.findings[0]!.message);
  });

  it('carries requirement ids, severity, required, OWASP, CWE and waivers as properties', () => {
    for (const check of results.checks) {
      const p = props(caseFor(check));
      expect(p.filter(([n]) => n === 'requirement').map(([, v]) => v)).toEqual(check.requirements);
      expect(p).toContainEqual(['severity', check.severity]);
      expect(p).toContainEqual(['required', String(check.required)]);
      for (const o of check.owasp ?? []) expect(p).toContainEqual(['owasp', o]);
      for (const n of check.cwe ?? []) expect(p).toContainEqual(['cwe', `CWE-${n}`]);
      if (check.waiver) expect(p).toContainEqual(['waiver.expires', check.waiver.expires]);
    }
  });

  it('escapes markup, quotes, ]]> and characters XML 1.0 forbids, in text and attributes', () => {
    const hostile = sampleResults();
    const nasty = `${HOSTILE_BODY} "quoted" 'single' \u0000 \uD800 \uFFFF tab\there\nline`;
    hostile.checks[0]!.title = nasty;
    hostile.checks[0]!.summary = nasty;
    hostile.checks[0]!.findings[0]!.message = nasty;
    hostile.checks[0]!.id = 'id-with-<&>';
    const doc = parseXml(renderJUnit(hostile));
    const tc = kids(kids(doc, 'testsuite')[0]!, 'testcase')[0]!;
    const failure = kids(tc, 'failure')[0]!;
    expect(tc.attrs.name).toContain('id-with-<&>: ');
    expect(failure.attrs.message).toContain('<script>alert(document.cookie)</script>');
    expect(failure.attrs.message).toContain('"quoted" \'single\'');
    // Whitespace in attributes survives as character references.
    expect(failure.attrs.message).toContain('tab\there\nline');
    expect(failure.text).toContain(']]>');
    // Forbidden characters are shown, not dropped or passed through.
    expect(failure.text).toContain('\\u0000');
    expect(failure.text).toContain('\\uD800');
    expect(failure.text).not.toMatch(/[\u0000\u0001\u0008\u001b\uFFFE\uFFFF]/);
  });

  it('reports an unreachable target as an errored "run" testcase', () => {
    const doc = parseXml(renderJUnit(unreachableResults()));
    const run = kids(doc, 'testsuite').find((s) => s.attrs.name === 'run')!;
    expect(kids(run, 'testcase').map((t) => [t.attrs.classname, t.attrs.name, outcomeOf(t)])).toEqual([
      ['run', 'UNREACHABLE', 'error'],
    ]);
    expect(Number(doc.attrs.errors)).toBe(1);
    expect(Number(doc.attrs.tests)).toBe(1);
  });

  it('writes a valid document for an empty run', () => {
    const doc = parseXml(renderJUnit(emptyResults()));
    expect(doc.name).toBe('testsuites');
    expect(doc.attrs.tests).toBe('0');
    expect(kids(doc, 'testsuite')).toHaveLength(0);
  });

  it('does not modify its input', () => {
    const r: Results = sampleResults();
    const before = JSON.stringify(r);
    renderJUnit(r);
    expect(JSON.stringify(r)).toBe(before);
  });
});

describe('the test XML parser rejects what XML consumers reject', () => {
  it.each([
    ['<a>&#1;</a>'],
    ['<a>\u0001</a>'],
    ['<a>&foo;</a>'],
    ['<a>a & b</a>'],
    ['<a x="<"/>'],
    ['<a x="1" x="2"/>'],
    ['<a><b></a></b>'],
    ['<a>]]></a>'],
    ['<a/><b/>'],
    ['<a>'],
  ])('%j', (text) => {
    expect(() => parseXml(text)).toThrow();
  });
});
