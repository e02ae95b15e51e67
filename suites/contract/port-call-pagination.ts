// PSW-API-009: listPortCalls pages by an opaque cursor, each page at most `limit` long (default 20),
// nextCursor null on the last page, nothing listed twice, limits outside 1..100 refused at /limit,
// and only the caller's tenant's port calls listed.
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { LIFECYCLE_STEPS as L } from './collectors/port-call-lifecycle.ts';
import { evidenceOf, isObject, judgeFieldProbe, locationOf, stepNamed } from './judging.ts';
import { probeOf, type StepRecord } from './records.ts';

const PAGE = 2;
const DEFAULT_LIMIT = 20;

function itemsOf(step: StepRecord): Record<string, unknown>[] | undefined {
  return isObject(step.body) && Array.isArray(step.body.items) ? step.body.items.filter(isObject) : undefined;
}

export default defineCheck({
  id: 'port-call-pagination',
  title: 'Port calls are listed page by page within the limit, for the caller only',
  failureTitle: 'Port calls are not listed page by page within the limit, or not for the caller only',
  description:
    'A list that ignores its limit hands a client (or an attacker) every record at once (OWASP ' +
    'API4:2023); one whose cursor repeats or skips records gives members different answers to the same ' +
    'question. The profile (psw-v1, listPortCalls) pages with `limit` 1–100, default 20, an opaque ' +
    '`cursor` and `nextCursor` null on the last page, refuses a limit outside the range with 400 at ' +
    "`/limit`, and lists only the caller's tenant. The probe walks the list two at a time following " +
    'nextCursor, lists without a limit, and asks for limits 0 and 101.',
  remediation:
    "Honour limit (1-100, 400 outside it), return an opaque cursor that continues exactly where the page ended without repeats or gaps, and filter every page to the caller's tenant before paging.",
  area: 'contract',
  requirements: ['PSW-API-009'],
  requires: ['PortCallLifecycle'],
  cwe: [770],
  owasp: ['API4:2023'],
  messages: {
    'page-refused': 'Page {{page}} of the list was answered HTTP {{status}}',
    'page-over-limit': 'Page {{page}} asked for {{limit}} port calls and holds {{count}}',
    'item-repeated': 'Port call {{portCallId}} is listed again on page {{page}}',
    'cursor-after-last-page': 'Page {{page}} holds {{count}} of {{limit}} port calls yet gives a nextCursor',
    'default-page-over-limit': 'A list without a limit holds {{count}} port calls, more than the default {{limit}}',
    'limit-accepted': 'A list with limit={{limit}} (outside 1..100) was answered HTTP {{status}}',
    'limit-server-error': 'A list with limit={{limit}} (outside 1..100) crashed the server (HTTP {{status}})',
    'limit-no-pointer': 'A list with limit={{limit}} was refused (HTTP {{status}}) without an error at /limit',
    'other-tenant-listed': "Page {{page}} lists port call {{portCallId}} of tenant {{tenant}}, not the caller's",
  },
  defaultOptions: {},
  run({ PortCallLifecycle: lc }, ctx) {
    const findings: Finding[] = [];
    const pages = Object.keys(lc.steps)
      .filter((k) => new RegExp(`^${L.listPage}\\d+$`).test(k))
      .sort((a, b) => Number(a.slice(L.listPage.length)) - Number(b.slice(L.listPage.length)))
      .map((k) => lc.steps[k]!);
    if (pages.length === 0) stepNamed(lc, `${L.listPage}1`);
    const own = lc.steps[L.read];
    const tenant = own && isObject(own.body) && typeof own.body.tenant === 'string' ? own.body.tenant : undefined;
    const listed = new Set<string>();
    const ownTenant = (step: StepRecord, page: number) => {
      for (const item of itemsOf(step) ?? [])
        if (tenant !== undefined && typeof item.tenant === 'string' && item.tenant !== tenant)
          findings.push(
            ctx.finding(
              'other-tenant-listed',
              { page, portCallId: String(item.portCallId), tenant: item.tenant },
              locationOf(step, { jsonPointer: '/items', in: 'response' }),
              evidenceOf(step),
            ),
          );
    };
    pages.forEach((step, i) => {
      const page = i + 1;
      const at = (pointer: string) => locationOf(step, { jsonPointer: pointer, in: 'response' });
      const items = step.status === 200 ? itemsOf(step) : undefined;
      if (!items) {
        findings.push(ctx.finding('page-refused', { page, status: step.status }, locationOf(step), evidenceOf(step)));
        return;
      }
      if (items.length > PAGE)
        findings.push(
          ctx.finding('page-over-limit', { page, limit: PAGE, count: items.length }, at('/items'), evidenceOf(step)),
        );
      items.forEach((item, j) => {
        const id = String(item.portCallId);
        if (listed.has(id))
          findings.push(ctx.finding('item-repeated', { page, portCallId: id }, at(`/items/${j}`), evidenceOf(step)));
        listed.add(id);
      });
      const next = isObject(step.body) ? step.body.nextCursor : undefined;
      if (items.length < PAGE && next !== null && next !== undefined)
        findings.push(
          ctx.finding(
            'cursor-after-last-page',
            { page, limit: PAGE, count: items.length },
            at('/nextCursor'),
            evidenceOf(step),
          ),
        );
      ownTenant(step, page);
    });
    const unlimited = stepNamed(lc, L.listDefault);
    const all = unlimited.status === 200 ? itemsOf(unlimited) : undefined;
    if (!all)
      findings.push(
        ctx.finding(
          'page-refused',
          { page: 'without a limit', status: unlimited.status },
          locationOf(unlimited),
          evidenceOf(unlimited),
        ),
      );
    else {
      if (all.length > DEFAULT_LIMIT)
        findings.push(
          ctx.finding(
            'default-page-over-limit',
            { count: all.length, limit: DEFAULT_LIMIT },
            locationOf(unlimited, { jsonPointer: '/items', in: 'response' }),
            evidenceOf(unlimited),
          ),
        );
      ownTenant(unlimited, 0);
    }
    const limits = [
      ['0', stepNamed(lc, L.listLimitZero)],
      ['101', stepNamed(lc, L.listLimitOver)],
    ] as const;
    for (const [limit, step] of limits) {
      const verdict = judgeFieldProbe(probeOf('limit', '/limit', step));
      if (verdict === 'pass') continue;
      const id =
        verdict === 'accepted'
          ? 'limit-accepted'
          : verdict === 'server-error'
            ? 'limit-server-error'
            : 'limit-no-pointer';
      findings.push(ctx.finding(id, { limit, status: step.status }, locationOf(step), evidenceOf(step)));
    }
    if (findings.length > 0) return ctx.fail(findings, `${findings.length} pagination problem(s)`);
    return ctx.pass(
      `${pages.length} page(s) of at most ${PAGE}, ${listed.size} port calls each listed once, the default page within ${DEFAULT_LIMIT}, limits 0 and 101 refused at /limit`,
      evidenceOf(...pages, unlimited, ...limits.map(([, s]) => s)),
    );
  },
});
