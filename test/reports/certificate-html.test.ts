// The certificate page: a pure function of the certificate's payload; opened in Chromium it shows the
// member, the verdict overall and per area, the waivers, the validity and the signing key's fingerprint
// (found by data attributes, never by wording), and it prints to PDF.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildCertificate, certifiedFiles } from '../../certify/build.ts';
import { AREAS } from '../../engine/types.ts';
import { validateCertificate, type Certificate } from '../../reports/certificate.ts';
import { renderCertificateHtml } from '../../reports/certificate-html.ts';
import { completeResults, writeRun } from '../certify/helpers.ts';
import { readFileSync } from 'node:fs';
import { HAS_CHROMIUM, launchChromium } from '../helpers/chromium.ts';

const KID = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';

async function sampleCertificate(change?: (r: ReturnType<typeof completeResults>) => void): Promise<Certificate> {
  const results = completeResults();
  change?.(results);
  const run = await writeRun(results);
  const cert = buildCertificate({
    results,
    files: certifiedFiles(run.resultsPath, readFileSync(run.resultsPath), results),
    signer: { kid: KID, alg: 'EdDSA' },
    profile: { validityMonths: 12, unprobedPlaces: 'report' },
    issuer: { name: 'port-conformance', version: '0.1.0' },
    now: new Date('2026-03-03T10:00:00.000Z'),
  });
  expect(validateCertificate(cert).errors).toEqual([]);
  return cert;
}

describe('renderCertificateHtml (static)', () => {
  it('is self-contained: no scripts, no external resources, one stylesheet admitted by its hash', async () => {
    const html = renderCertificateHtml(await sampleCertificate());
    expect(html).not.toMatch(/<(script|link|iframe|img|object|embed|base)\b/i);
    expect(html).not.toMatch(/<[^>]*\s(on[a-z]+|src|srcset|background)=/i);
    expect(html.match(/<style/gi)).toHaveLength(1);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
  });

  it('escapes what came from the target', async () => {
    const cert = await sampleCertificate((r) => {
      r.target.name = '<img src=x onerror=alert(1)>';
      r.checks.find((c) => c.waiver)!.waiver!.reason = '</td><script>alert(2)</script>';
    });
    const html = renderCertificateHtml(cert);
    expect(html).not.toMatch(/<script|<img/i);
  });
});

describe.skipIf(!HAS_CHROMIUM)('the certificate page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('shows member, verdict per area, waivers, validity and the key fingerprint; prints to PDF', async () => {
    const cert = await sampleCertificate();
    // JavaScript off and the page's own CSP enforced: it needs neither.
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.setContent(renderCertificateHtml(cert), { waitUntil: 'load' });
      const text = (selector: string) => page.locator(selector).first().textContent();
      expect(await text('[data-field="member"]')).toBe(cert.member.name);
      expect(await page.locator('[data-field="verdict"]').getAttribute('data-status')).toBe(cert.verdict.status);
      for (const area of AREAS)
        expect(await page.locator(`[data-area="${area}"]`).getAttribute('data-status'), area).toBe(
          cert.verdict.areas[area].status,
        );
      expect(await text('[data-field="valid-from"] time')).toBe(cert.validFrom);
      expect(await page.locator('[data-field="valid-until"] time').getAttribute('datetime')).toBe(cert.validUntil);
      expect(await text('[data-field="key-fingerprint"]')).toBe(KID);
      expect(await text('[data-field="profile"]')).toBe(cert.profile.id);
      expect(await text('[data-field="api"]')).toBe(cert.target.api.url);
      expect(await text('[data-field="token-endpoint"]')).toBe(cert.target.tokenEndpoint!.url);
      expect(await text('[data-field="portal"]')).toBe(cert.target.portal!.url);
      const waived = await page
        .locator('[data-waiver]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-waiver')));
      expect(waived).toEqual(cert.waivers.map((w) => w.check));
      expect(waived.length).toBeGreaterThan(0);
      const reqs = await page
        .locator('[data-requirement]')
        .evaluateAll((els) => els.map((e) => [e.getAttribute('data-requirement'), e.getAttribute('data-status')]));
      expect(reqs).toEqual(cert.requirements.map((q) => [q.id, q.status]));
      // The stylesheet applied under the CSP: the area badges are coloured.
      const bg = await page.locator('[data-area="security"]').evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(bg).not.toBe('rgba(0, 0, 0, 0)');
      expect(requests).toEqual([]);
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(1000);
    } finally {
      await context.close();
    }
  }, 60_000);
});
