// The exported k6 script must be a real k6 program: valid ES module syntax (node --check) and
// correct against k6's own type definitions (@types/k6, via the TypeScript compiler API).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { exportK6Script } from '../../../load/k6/script.ts';
import { CERTIFICATION_SCENARIOS, DEFAULT_SMOKE_SCENARIOS, type LoadScenario } from '../../../load/scenario.ts';
import type { Target } from '../../../engine/target.ts';

const TARGET: Target = {
  name: 'Port of Test */ with a\nnewline',
  kind: 'remote',
  apiBaseUrl: 'https://psw.test.example/api/v1/',
  tokenUrl: 'https://psw.test.example/oauth/token',
  jwksUrl: 'https://psw.test.example/.well-known/jwks.json',
  allowedHosts: ['psw.test.example'],
  ca: [],
  credentials: { agentA: { clientId: 'agent-a-client', clientSecret: 'S3CRET-never-in-scripts' } },
  notes: [],
};

const POST_SCENARIO: LoadScenario = {
  name: 'submit_security',
  operation: {
    method: 'POST',
    path: '/port-calls/{portCallId}/formalities/security',
    as: 'agentB',
    body: { securityLevel: 1, note: "quote ' and `backtick` ${x}" },
  },
  executor: 'constant-arrival-rate',
  rate: 2,
  timeUnit: '1s',
  duration: '3s',
  preAllocatedVUs: 1,
  maxVUs: 2,
  thresholds: {
    'http_req_duration{name:POST /port-calls/{portCallId}/formalities/security}': ['p(99.9)<800'],
    checks: [{ threshold: 'rate>0.99', abortOnFail: true, delayAbortEval: '1s' }],
  },
};

/** An API that takes no token (run --openapi against a document without security). */
const ANONYMOUS_SCENARIO: LoadScenario = {
  ...DEFAULT_SMOKE_SCENARIOS[0]!,
  name: 'get-events-smoke',
  operation: { method: 'GET', path: '/events', as: 'anonymous' },
};
const ALL: LoadScenario[] = [...DEFAULT_SMOKE_SCENARIOS, ...CERTIFICATION_SCENARIOS, POST_SCENARIO, ANONYMOUS_SCENARIO];
const dir = mkdtempSync(join(tmpdir(), 'k6-script-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, text);
  return file;
}

/** Type errors of the files against @types/k6 (checkJs honours the script's JSDoc types). */
function typeErrors(files: string[]): string[] {
  const program = ts.createProgram(files, {
    allowJs: true,
    checkJs: true,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
    types: ['k6'],
    typeRoots: [resolve(import.meta.dirname, '../../../node_modules/@types')],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

describe('exportK6Script', () => {
  const scripts = ALL.map((s) => ({ s, text: exportK6Script(s, TARGET, { now: new Date('2026-11-21T10:00:00Z') }) }));

  it.each(scripts.map(({ s, text }) => [s.name, text] as const))(
    '%s parses as an ES module (node --check)',
    (name, text) => {
      expect(() => execFileSync(process.execPath, ['--check', write(name, text)], { stdio: 'pipe' })).not.toThrow();
    },
  );

  it('an anonymous scenario asks for no token and sends no Authorization header', () => {
    const text = scripts.find(({ s }) => s.name === ANONYMOUS_SCENARIO.name)!.text;
    expect(text).not.toMatch(/Authorization|TOKEN_URL, \{|client_credentials/);
    const authed = scripts.find(({ s }) => s.name === DEFAULT_SMOKE_SCENARIOS[0]!.name)!.text;
    expect(authed).toMatch(/Authorization: 'Bearer '/);
  });

  it('type-checks against @types/k6', () => {
    const files = scripts.map(({ s, text }) => write(`typed-${s.name}`, text));
    expect(typeErrors(files)).toEqual([]);
  });

  it('the type check is not vacuous: a wrong option type is reported', () => {
    const bad = scripts[0]!.text.replace('"rate": 20', '"rate": "20"');
    expect(bad).not.toBe(scripts[0]!.text);
    expect(typeErrors([write('bad', bad)]).join('\n')).toMatch(/not assignable to type 'number'/);
  });

  it.each(scripts.map(({ s, text }) => [s.name, s, text] as const))(
    '%s carries the scenario, thresholds and env-only credentials',
    (_n, s, text) => {
      expect(text).toMatch(/^import http from 'k6\/http';$/m);
      expect(text).toContain(`"executor": "${s.executor}"`);
      for (const key of Object.keys(s.thresholds)) expect(text).toContain(JSON.stringify(key));
      expect(text).toContain('export function setup()');
      // Credentials only from the environment (an anonymous scenario needs none).
      const anonymous = s.operation.as === 'anonymous';
      expect(text.includes('__ENV.PSW_CLIENT_ID')).toBe(!anonymous);
      expect(text.includes('__ENV.PSW_CLIENT_SECRET')).toBe(!anonymous);
      expect(text).not.toContain('S3CRET-never-in-scripts');
      expect(text).not.toContain('agent-a-client');
      expect(text).toContain('"https://psw.test.example/api/v1"');
      expect(text.includes('SEED_PORT_CALL')).toBe(s.operation.path.includes('{portCallId}'));
      // A read of one formality submits it in setup() first; nothing else does.
      const readsFormality = s.operation.method === 'GET' && /\/formalities\/[a-z-]+$/.test(s.operation.path);
      expect(text.includes('SEED_FORMALITY')).toBe(readsFormality);
    },
  );

  it("evaluates an exported script's options like k6 would read them", async () => {
    const text = scripts.find(({ s }) => s.name === 'submit_security')!.text;
    // Run the module with stub k6 modules to read back the exported options and request shape.
    const stubDir = mkdtempSync(join(dir, 'stub-'));
    const calls: unknown[] = [];
    (globalThis as Record<string, unknown>).__k6calls = calls;
    writeFileSync(
      join(stubDir, 'http.mjs'),
      'export default { request: (...a) => (globalThis.__k6calls.push(a), { status: 201 }), post: () => ({}) };',
    );
    writeFileSync(
      join(stubDir, 'k6.mjs'),
      'export const check = () => true; export const fail = (m) => { throw new Error(m); };',
    );
    const body = text
      .replace("'k6/http'", JSON.stringify(join(stubDir, 'http.mjs')))
      .replace("'k6'", JSON.stringify(join(stubDir, 'k6.mjs')));
    const file = join(stubDir, 'script.mjs');
    writeFileSync(file, `const __ENV = {};\n${body}`);
    const mod = (await import(file)) as {
      options: { scenarios: Record<string, unknown>; thresholds: unknown; maxRedirects: unknown };
      default: (d: unknown) => void;
    };
    expect(mod.options.scenarios).toEqual({
      submit_security: {
        executor: 'constant-arrival-rate',
        rate: 2,
        duration: '3s',
        timeUnit: '1s',
        preAllocatedVUs: 1,
        maxVUs: 2,
        gracefulStop: '5s',
      },
    });
    expect(mod.options.thresholds).toEqual(POST_SCENARIO.thresholds);
    // A redirect is never followed: it could lead off the member's allowed hosts.
    expect(mod.options.maxRedirects).toBe(0);
    mod.default({ token: 'tok', expiresAt: Date.now() + 60_000, portCallId: 'a/b' });
    expect(calls).toEqual([
      [
        'POST',
        'https://psw.test.example/api/v1/port-calls/a%2Fb/formalities/security',
        JSON.stringify(POST_SCENARIO.operation.body),
        {
          headers: { Authorization: 'Bearer tok', Accept: 'application/json', 'Content-Type': 'application/json' },
          tags: { name: 'POST /port-calls/{portCallId}/formalities/security' },
        },
      ],
    ]);
  });

  it('refuses a scenario with bad thresholds', () => {
    expect(() => exportK6Script({ ...POST_SCENARIO, thresholds: { http_req_failed: ['p(95)<1'] } }, TARGET)).toThrow(
      /does not apply/,
    );
  });
});
