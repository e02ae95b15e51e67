// error-disclosure: no answer of the run, error or success, carries a stack trace, a file path or a
// framework name (PSW-SEC-HDR-002: "Responses MUST NOT disclose ... in bodies"), and no answer announces
// its framework or server version (OWASP API8:2023). Every answer the run recorded is judged, with the
// error probes' answers (every operation on its error path). A 2xx body leaks too: a receipt's warning
// or an APERAK's FTX text holding a stack trace is as telling as a 500's.
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { allAnswers, operationPlaces, type Answer } from '../answers.ts';
import { evidenceOf } from './api-judging.ts';

export type BodyLeak = 'stackTrace' | 'filePath' | 'frameworkName';
export type HeaderLeak = 'poweredBy' | 'serverVersion' | 'bannerHeader';

const STACK_TRACES: readonly RegExp[] = [
  // Node/V8: "at fn (/srv/app/x.js:12:5)", "at file:///srv/app/x.mjs:1:2", "at node:internal/...:3:4"
  /\bat\s+(?:async\s+)?(?:[^\s()]+\s+)?\(?(?:file:\/\/|node:|\/|[A-Za-z]:\\)[^\s()]*:\d+:\d+\)?/,
  /\bat\s+[\w$.]+\([\w$]+\.(?:java|kt|scala):\d+\)/, // JVM
  /Traceback \(most recent call last\)|\bFile "[^"]+", line \d+/, // Python
  /\bat\s+[\w.<>`]+\([^)]*\)\s+in\s+\S.*:line\s+\d+/, // .NET
  /\bin\s+\S+\.php(?:\s+on\s+line\s+|:)\d+|#\d+\s+\S+\.php\(\d+\)/, // PHP
  // Ruby: "app/x.rb:12:in `create'". The path starts after a line start, a blank, a quote or a bracket:
  // a bare \S+ was tried at every character of a body without blanks (compact JSON, EDIFACT), which is
  // quadratic (~0.8 s over a reference run's bodies once success bodies were scanned).
  /(?:^|[\s"'([])[^\s"'()[\]]+\.rb:\d+:in\s+[`']/,
  /goroutine\s+\d+\s+\[running\]/, // Go
];

/** Absolute file-system paths to source or config files, or into node_modules; Windows drive paths. */
const FILE_PATH =
  /(?:^|[\s"'(=:])(?:(?:file:\/\/)?\/(?:[\w.@-]+\/)+[\w.@-]+\.(?:js|mjs|cjs|ts|mts|jsx|tsx|py|rb|php|java|class|jar|go|cs|dll|so|yaml|yml|env|conf|ini|log)\b|\/[^\s"']*node_modules\/|[A-Za-z]:\\[^\s"'<>]+)/;

/** Framework and server names as their authors spell them (case-sensitive, so ship names in capitals do not match). */
const FRAMEWORKS =
  /\b(?:Express|Fastify|Koa|Hapi|NestJS|Next\.js|Django|Flask|Werkzeug|FastAPI|Starlette|Uvicorn|Gunicorn|Spring Boot|Spring Framework|Tomcat|Jetty|WildFly|JBoss|ASP\.NET|Kestrel|Laravel|Symfony|Ruby on Rails|Phusion Passenger|Node\.js|Jersey|RESTEasy|PHP\/\d)\b/;

const BANNER_HEADERS = ['x-aspnet-version', 'x-aspnetmvc-version', 'x-generator', 'x-powered-by-plesk'];

/** Every string in a JSON document (so a stack escaped inside a JSON string is seen with its line breaks). */
function jsonStrings(text: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  const out: string[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 32) return;
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) for (const x of v) walk(x, depth + 1);
    else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) walk(x, depth + 1);
  };
  walk(doc, 0);
  return out;
}

/**
 * What a body gives away, each with the matched text. `sent` is what the harness itself sent (request
 * URL and body): a match found in it is the harness's own text echoed back, not a disclosure.
 */
export function bodyLeaks(body: string, sent: readonly string[] = []): { leak: BodyLeak; match: string }[] {
  const texts = [body, ...jsonStrings(body)];
  const out: { leak: BodyLeak; match: string }[] = [];
  const echoed = (m: string) => m.length > 0 && sent.some((s) => s.includes(m));
  const first = (re: RegExp) => {
    for (const t of texts) {
      const m = re.exec(t)?.[0].trim();
      if (m !== undefined && !echoed(m.replace(/^[\s"'(=:[]/, ''))) return m;
    }
    return undefined;
  };
  const stack = STACK_TRACES.map(first).find((m) => m !== undefined);
  if (stack) out.push({ leak: 'stackTrace', match: stack.replace(/^["'([]/, '') });
  const path = first(FILE_PATH);
  if (path) out.push({ leak: 'filePath', match: path.replace(/^[\s"'(=:]/, '') });
  const framework = first(FRAMEWORKS);
  if (framework) out.push({ leak: 'frameworkName', match: framework });
  return out;
}

/** Banner headers: X-Powered-By, a Server header with a version, and framework version headers. */
export function headerLeaks(headers: Record<string, string>): { leak: HeaderLeak; header: string; value: string }[] {
  const out: { leak: HeaderLeak; header: string; value: string }[] = [];
  const powered = headers['x-powered-by'];
  if (powered !== undefined) out.push({ leak: 'poweredBy', header: 'x-powered-by', value: powered });
  const server = headers.server;
  if (server !== undefined && /\/\s*v?\d|\b\d+\.\d+/.test(server))
    out.push({ leak: 'serverVersion', header: 'server', value: server });
  for (const h of BANNER_HEADERS)
    if (headers[h] !== undefined) out.push({ leak: 'bannerHeader', header: h, value: headers[h]! });
  return out;
}

/** What the harness sent for an answer: its URL (decoded too) and its request body when recorded. */
function sentOf(a: Answer): string[] {
  const out = [a.url];
  try {
    out.push(decodeURIComponent(a.url));
  } catch {
    // not percent-encoded text: the raw URL stands
  }
  if (a.requestBody) out.push(a.requestBody);
  return out;
}

export default defineCheck({
  id: 'error-disclosure',
  title: 'Answers disclose no internals',
  failureTitle: 'Answers disclose stack traces, file paths or framework versions',
  description:
    'Stack traces, source paths and framework versions tell an attacker which known vulnerabilities to try and where the code lives (OWASP API8:2023; ZAP rules 90022 and 10037). Every answer the run recorded is judged — whatever collector provoked it, whatever its status — together with the error probes, which call every operation on its error path (no token, an unparsable value in each query and path parameter, a body that is not JSON): every body, error or success (the warnings of a receipt, a list, an EDIFACT APERAK), is scanned for stack frames, file-system paths and framework names, text the harness itself sent and the answer echoes excepted, and every answer for X-Powered-By, a versioned Server header and framework version headers. The profile: answers never carry stack traces, file paths or framework names, and no response carries version banners.',
  remediation:
    'Return problem documents with generic messages for errors, log the stack trace on the server only, and remove version banners (Server, X-Powered-By) from responses.',
  area: 'security',
  requirements: ['PSW-SEC-HDR-002'],
  requires: ['HttpLog', 'ErrorProbes', 'OpenApi', 'ProbePlan'],
  owasp: ['API8:2023'],
  cwe: [209, 497],
  messages: {
    stackTrace: 'The {{status}} answer of {{operation}} ({{method}} {{url}}) contains a stack trace: "{{match}}".',
    filePath: 'The {{status}} answer of {{operation}} ({{method}} {{url}}) contains a file-system path: "{{match}}".',
    frameworkName: 'The {{status}} answer of {{operation}} ({{method}} {{url}}) names a framework: "{{match}}".',
    poweredBy: '{{count}} response(s) carry X-Powered-By: {{value}}.',
    serverVersion: '{{count}} response(s) carry a versioned Server header: {{value}}.',
    bannerHeader: '{{count}} response(s) carry {{header}}: {{value}}.',
  },
  defaultOptions: {},
  run({ HttpLog, ErrorProbes, OpenApi, ProbePlan }, ctx) {
    const answered = allAnswers(OpenApi, ErrorProbes.apiBaseUrl, HttpLog.exchanges, ErrorProbes.probes);
    const judged = new Set(answered.flatMap((a) => (a.operationId ? [a.operationId] : [])));
    const places = { 'PSW-SEC-HDR-002': operationPlaces(ProbePlan, 'PSW-SEC-HDR-002', OpenApi, judged) };
    if (answered.length === 0) return { ...ctx.needsReview('No answer was recorded; nothing to scan.'), places };

    const operationOf = (a: Answer) => a.operationId ?? `${a.method} ${new URL(a.url).pathname}`;
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const a of answered) {
      // Every status: PSW-SEC-HDR-002 covers every response, and a 2xx body can leak (a receipt's warning).
      for (const { leak, match } of bodyLeaks(a.body, sentOf(a))) {
        // One finding per kind of leak, operation and status (e.g. every 500 of listPortCalls alike).
        const operation = operationOf(a);
        const key = `${leak}\u0000${operation}\u0000${a.status}`;
        if (reported.has(key)) continue;
        reported.add(key);
        findings.push(
          ctx.finding(
            leak,
            { operation, method: a.method, url: a.url, status: a.status, match: match.slice(0, 200) },
            { ...(a.operationId ? { operationId: a.operationId } : {}), method: a.method, url: a.url, in: 'response' },
            evidenceOf(a),
          ),
        );
      }
    }
    // Header banners: one finding per header and value, however many responses carry it.
    const banners = new Map<string, { leak: HeaderLeak; header: string; value: string; items: Answer[] }>();
    for (const a of answered) {
      for (const b of headerLeaks(a.headers)) {
        const key = `${b.header}\u0000${b.value}`;
        const g = banners.get(key) ?? { ...b, items: [] };
        g.items.push(a);
        banners.set(key, g);
      }
    }
    for (const g of banners.values()) {
      const first = g.items[0]!;
      findings.push(
        ctx.finding(
          g.leak,
          { header: g.header, value: g.value, count: g.items.length },
          { method: first.method, url: first.url, header: g.header },
          g.items.slice(0, 3).flatMap((i) => evidenceOf(i)),
        ),
      );
    }
    const errors = answered.filter((a) => a.status >= 400).length;
    const metrics = { responses: answered.length, errorResponses: errors, operations: judged.size };
    if (findings.length > 0)
      return {
        ...ctx.fail(findings, `${findings.length} disclosure(s) in ${answered.length} response(s).`, metrics),
        places,
      };
    return {
      ...ctx.pass(
        `${errors} error answer(s) and ${answered.length} response(s) in all, of ${judged.size} operation(s), disclose no internals.`,
        ErrorProbes.probes.flatMap((e) => evidenceOf(e)),
        metrics,
      ),
      places,
    };
  },
});
