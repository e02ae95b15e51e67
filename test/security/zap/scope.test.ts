// What keeps ZAP inside the allow-list: the regexes it is given, and the staged document (servers and
// references) checked before a scan starts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ScopeError } from '../../../engine/errors.ts';
import { openApiPath } from '../../../suites/contract/operations.ts';
import { loadProfile } from '../../../engine/profile.ts';
import { refsOf, stageOpenApi, withMemberServers } from '../../../security/zap/document.ts';
import {
  assertAllowed,
  includeRegexFor,
  outsideAllowListRegex,
  prefixOfIncludeRegex,
} from '../../../security/zap/scope.ts';

const target = {
  apiBaseUrl: 'https://psw.example:8443/api/v1',
  allowedHosts: ['psw.example:8443', 'auth.psw.example'],
};

describe('scope regexes', () => {
  it.each([
    ['https://psw.example:8443/api/v1', true],
    ['https://psw.example:8443/api/v1/port-calls?limit=2', true],
    ['https://psw.example:8443/api/v10', false],
    ['https://psw.example:8443/portal', false],
    ['https://psw.example:8444/api/v1', false],
  ])('the context include regex of the API base: %s → %s', (url, inside) => {
    expect(new RegExp(includeRegexFor(target.apiBaseUrl)).test(url)).toBe(inside);
  });

  it('gives back the URL prefix an include regex admits', () => {
    expect(prefixOfIncludeRegex(includeRegexFor('https://psw.example:8443/api/v1/'))).toBe(
      'https://psw.example:8443/api/v1',
    );
    expect(prefixOfIncludeRegex('.*')).toBeUndefined();
  });

  it.each([
    ['https://psw.example:8443/api/v1/x', false],
    ['https://psw.example:8443', false],
    ['https://auth.psw.example/oauth/token', false],
    ['https://auth.psw.example:9443/oauth/token', false],
    ['https://psw.example:9443/api/v1', true],
    ['https://psw.example.evil.org:8443/', true],
    ['https://evil.example/?u=https://psw.example:8443/', true],
    ['http://169.254.169.254/latest/meta-data/', true],
  ])('the global exclusion (every URL off the allow-list): %s excluded → %s', (url, excluded) => {
    expect(new RegExp(outsideAllowListRegex(target)).test(url)).toBe(excluded);
  });

  it.each(['https://evil.example/api', 'ftp://psw.example:8443/', 'not a url'])('assertAllowed refuses %s', (url) => {
    expect(() => assertAllowed('scan target', url, target)).toThrow(ScopeError);
  });
});

describe('the document ZAP imports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-zap-doc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("names the member's API base as its server and makes path servers absolute against it", () => {
    const { document, servers } = withMemberServers(
      {
        openapi: '3.1.0',
        servers: [{ url: '/api/v1' }],
        paths: { '/a': { get: {} }, '/.well-known/x': { servers: [{ url: '/' }], get: {} } },
      },
      target.apiBaseUrl,
    );
    expect(document.servers).toEqual([
      { url: target.apiBaseUrl, description: "The member's API base (port-conformance)" },
    ]);
    expect(servers).toEqual([target.apiBaseUrl, 'https://psw.example:8443/']);
  });

  it("stages profile v1's document with the files it references, servers on the allow-list", () => {
    const wrk = mkdtempSync(join(dir, 'wrk-'));
    const staged = stageOpenApi({ file: openApiPath(loadProfile('default')) }, target.apiBaseUrl, target, wrk);
    expect(staged.relative).toBe(join('openapi', 'openapi.zap.json'));
    expect(staged.files).toBeGreaterThan(10);
    for (const s of staged.servers) expect(() => assertAllowed('server', s, target)).not.toThrow();
    const doc = JSON.parse(readFileSync(staged.file, 'utf8')) as Record<string, unknown>;
    expect(doc.servers).toEqual([{ url: target.apiBaseUrl, description: "The member's API base (port-conformance)" }]);
    // Every relative reference resolves inside the staged folder.
    for (const ref of refsOf(doc).filter((r) => !r.startsWith('#'))) {
      const file = ref.split('#')[0]!;
      expect(() => readFileSync(join(wrk, 'openapi', file))).not.toThrow();
    }
  });

  it.each([
    [
      'a path server on another host',
      { paths: { '/a': { servers: [{ url: 'https://evil.example/' }], get: {} } } },
      /OpenAPI server https:\/\/evil.example/,
    ],
    [
      'a remote reference',
      { paths: { '/a': { get: { responses: { '200': { $ref: 'https://evil.example/r.json' } } } } } },
      /refers to https:\/\/evil.example\/r.json/,
    ],
  ])('refuses %s before writing anything', (_what, doc, message) => {
    const file = join(dir, `doc-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ openapi: '3.1.0', servers: [{ url: '/api/v1' }], ...doc }));
    const wrk = mkdtempSync(join(dir, 'refused-'));
    expect(() => stageOpenApi({ file }, target.apiBaseUrl, target, wrk)).toThrow(ScopeError);
    expect(() => stageOpenApi({ file }, target.apiBaseUrl, target, wrk)).toThrow(message);
  });
});
