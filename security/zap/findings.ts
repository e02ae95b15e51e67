// One alert instance as a finding's facts: a stable id (the rule, by its alertRef), where it points
// (method, URL, and the header, query or body parameter ZAP looked at) and what it says (risk as the
// harness's severity, confidence, CWE, WASC, OWASP API Top 10). Values pass through `clean` (the
// caller's redaction) before they are kept. Pure.
import type { FindingLocation, OwaspApi2023, Severity } from '../../engine/types.ts';
import type { ClassifiedAlert } from './classify.ts';
import { owaspForRule } from './owasp.ts';
import { CONFIDENCES, RISKS, type RiskCode, type ZapInstance } from './report.ts';

/** ZAP's risk as the harness's severity (ZAP has no "critical"). */
export const SEVERITY_OF_RISK: Readonly<Record<RiskCode, Severity>> = { 0: 'info', 1: 'low', 2: 'medium', 3: 'high' };

/** Rules about one response header, and that header: their instances point at it. */
const HEADER_OF_RULE: Readonly<Record<string, string>> = {
  '10015': 'cache-control',
  '10020': 'x-frame-options',
  '10021': 'x-content-type-options',
  '10035': 'strict-transport-security',
  '10036': 'server',
  '10037': 'x-powered-by',
  '10038': 'content-security-policy',
  '10049': 'cache-control',
  '10055': 'content-security-policy',
  '10063': 'permissions-policy',
  '10098': 'access-control-allow-origin',
};

/** The finding id of an alert family: stable across runs and ZAP versions. */
export function findingIdOf(alertRef: string): string {
  return `zap-${alertRef.replace(/[^A-Za-z0-9-]/g, '_')}`;
}

function pointer(param: string): string {
  return `/${param.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/**
 * Where an instance points. A header rule: that header. A query parameter: the URL with only that
 * parameter in its query (so two parameters of one URL are two places). Another parameter: a pointer
 * into the request body.
 */
export function instanceLocation(
  pluginId: string,
  instance: ZapInstance,
  clean: (s: string) => string,
): FindingLocation {
  const loc: FindingLocation = { method: instance.method || 'GET', url: clean(instance.uri) };
  const header = HEADER_OF_RULE[pluginId];
  if (header) return { ...loc, header: instance.param ? instance.param.toLowerCase() : header };
  if (!instance.param) return loc;
  let url: URL | undefined;
  try {
    url = new URL(instance.uri);
  } catch {
    url = undefined;
  }
  if (url?.searchParams.has(instance.param)) {
    const only = new URL(url.origin + url.pathname);
    only.searchParams.set(instance.param, url.searchParams.get(instance.param) ?? '');
    return { ...loc, url: clean(only.toString()) };
  }
  return { ...loc, jsonPointer: pointer(instance.param), in: 'request' };
}

export interface InstanceFacts {
  id: string;
  data: Record<string, string | number | boolean | null>;
  location: FindingLocation;
}

/** The facts of one instance of a classified alert; `clean` redacts every value taken from ZAP. */
export function instanceFacts(c: ClassifiedAlert, instance: ZapInstance, clean: (s: string) => string): InstanceFacts {
  const a = c.alert;
  const owasp: OwaspApi2023 | undefined = owaspForRule(a.pluginId);
  return {
    id: findingIdOf(a.alertRef),
    location: instanceLocation(a.pluginId, instance, clean),
    data: {
      pluginId: a.pluginId,
      alertRef: a.alertRef,
      name: clean(a.name),
      level: c.level,
      risk: RISKS[a.risk],
      severity: SEVERITY_OF_RISK[a.risk],
      confidence: CONFIDENCES[a.confidence],
      cwe: a.cweId ?? null,
      wasc: a.wascId ?? null,
      owasp: owasp ?? null,
      method: instance.method || 'GET',
      url: clean(instance.uri),
      param: clean(instance.param),
      attack: clean(instance.attack),
      evidence: clean(instance.evidence),
      ...(c.userMessage ? { memberMessage: clean(c.userMessage) } : {}),
    },
  };
}

/** The CWE ids and OWASP entries of some classified alerts, for the check's result. */
export function taxonomiesOf(classified: readonly ClassifiedAlert[]): { cwe: number[]; owasp: OwaspApi2023[] } {
  const cwe = [...new Set(classified.flatMap((c) => (c.alert.cweId ? [c.alert.cweId] : [])))].sort((x, y) => x - y);
  const owasp = [...new Set(classified.flatMap((c) => owaspForRule(c.alert.pluginId) ?? []))].sort(
    (x, y) => Number(x.slice(3).split(':')[0]) - Number(y.slice(3).split(':')[0]),
  );
  return { cwe, owasp };
}
