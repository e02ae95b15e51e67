// Issue 7, as a reader sees it: report.html opened in Chromium shows the certificate page of a certified
// run, and the new / fixed marks of a run against a baseline. Two quick runs of the flawed port (a few
// contract checks), the second with one defect switched off and another on.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCertificate } from '../../certify/build.ts';
import type { Results } from '../../engine/types.ts';
import { startFlawedServer, type FixtureServer } from '../../fixtures/index.ts';
import { renderHtml } from '../../reports/html.ts';
import { runSession } from '../../session/index.ts';
import { HAS_CHROMIUM, launchChromium } from '../helpers/chromium.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'report-certificate-baseline');
const CHECKS = ['eta-etd-order', 'port-call-creation', 'required-headers', 'receipt-format'];

describe.skipIf(!HAS_CHROMIUM)('report.html in Chromium: certificate page, new and fixed marks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-cert-baseline-'));
  const servers: FixtureServer[] = [];
  let browser: Browser;
  let second: Results;
  let secondDir: string;

  async function run(defects: string[], name: string, baseline?: string) {
    const server = await startFlawedServer({ host: '127.0.0.1', port: 0, defects });
    servers.push(server);
    const out = join(dir, name);
    const outcome = await runSession({
      target: { url: server.origin, env: {} },
      suites: ['contract'],
      checks: CHECKS,
      seed: 1,
      output: { dir: out },
      ...(baseline ? { baseline } : {}),
    });
    if (outcome.cause) throw new Error(outcome.cause.message);
    return { out, results: outcome.results };
  }

  async function open(file: string, shot: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`file://${file}`);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, shot), fullPage: false });
    return page;
  }

  beforeAll(async () => {
    const first = await run(['eta-after-etd-accepted', 'location-header-missing'], 'first');
    const next = await run(['eta-after-etd-accepted', 'receipt-id-reused'], 'second', join(first.out, 'results.json'));
    second = next.results;
    secondDir = next.out;
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('leads with what is new and lists what is fixed, each marked', async () => {
    const page = await open(join(secondDir, 'report.html'), 'new-and-fixed.png');
    const section = page.locator('#new');
    await expect(section.isVisible()).resolves.toBe(true);
    const b = second.baseline!;
    expect(b.counts.new).toBeGreaterThan(0);
    expect(b.counts.fixed).toBeGreaterThan(0);
    expect(await section.getAttribute('data-new')).toBe(String(b.counts.new));
    expect(await section.getAttribute('data-fixed')).toBe(String(b.counts.fixed));
    // New findings are receipt-format's; fixed ones are the location header's.
    const fresh = await section
      .locator('[data-baseline-state="new"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-fingerprint')));
    const expectedNew = second.checks
      .flatMap((c) => c.findings.filter((f) => f.baselineState === 'new').map((f) => ({ c: c.id, f: f.fingerprint })))
      .filter((x) => x.c === 'receipt-format');
    expect(fresh.sort()).toEqual(expectedNew.map((x) => x.f).sort());
    expect(await section.locator('[data-baseline-state="absent"]').count()).toBe(b.fixed.length);
    // The section is where a reader starts: above the fold.
    const box = await section.boundingBox();
    expect(box!.y).toBeLessThan(800);
    await page.close();
  });

  it('shows the certificate page: member, verdict per area, validity and the signing key', async () => {
    const certificate = buildCertificate({
      results: second,
      files: [{ path: 'results.json', role: 'results', sha256: 'a'.repeat(64), bytes: 1 }],
      signer: { kid: 'k'.repeat(43), alg: 'EdDSA' },
      profile: { validityMonths: 12, unprobedPlaces: 'report' },
      issuer: { name: 'port-conformance', version: 'test' },
      member: 'Port of Test',
      now: new Date(Date.parse(second.run.finishedAt) + 1000),
    });
    const file = join(dir, 'certified-report.html');
    writeFileSync(file, renderHtml(second, { certificate }));
    const page = await open(file, 'certificate-page.png');
    const section = page.locator('#certificate');
    await expect(section.isVisible()).resolves.toBe(true);
    expect(await section.getAttribute('data-certificate')).toBe(certificate.id);
    expect(await section.locator('[data-cert-member]').textContent()).toBe('Port of Test');
    expect(await section.locator('[data-cert-key]').textContent()).toBe(certificate.signer.keyThumbprint);
    expect(await section.locator('[data-cert-valid-until]').getAttribute('datetime')).toBe(certificate.validUntil);
    expect(await section.locator('[data-cert-area="contract"]').getAttribute('data-status')).toBe('not-conformant');
    expect(await section.locator('[data-cert-area="portal"]').getAttribute('data-status')).toBe('not-run');
    expect(readFileSync(file, 'utf8')).not.toContain('PRIVATE KEY');
    await page.close();
  });
});
