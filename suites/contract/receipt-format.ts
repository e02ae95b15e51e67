// PSW-API-007: every submission is answered by a receipt whose outcome fits the HTTP status, whose
// rejections list errors with a code and a pointer that resolves in the submitted document, and whose
// receiptId is unique.
import { defineCheck } from '../../engine/check.ts';
import type { HttpExchange } from '../../engine/context.ts';
import type { Finding } from '../../engine/types.ts';
import { errorsOf, isJsonPointer, isObject, locationOf, resolvePointer } from './judging.ts';
import { operationOf, SUBMISSION_OPERATIONS } from './log.ts';

const MAX_EVIDENCE_PER_FINDING = 5;

/** An error saying a member is required or missing may point at that member, absent from its object. */
const MISSING_MEMBER = /requir|missing/i;

/** The submitted document: the request body parsed as JSON; undefined when it was not recorded as JSON text. */
function submittedDocument(ex: HttpExchange): { doc: unknown } | undefined {
  if (ex.requestBody === undefined) return undefined;
  try {
    return { doc: JSON.parse(ex.requestBody) as unknown };
  } catch {
    // Not JSON, or not recorded whole (a binary body is recorded as its size only).
    return undefined;
  }
}

/** Unresolved pointers of one operation at one error index (one finding, so one fingerprint). */
interface Unresolved {
  ex: HttpExchange;
  operationId: string;
  index: number;
  pointer: string;
  count: number;
  evidence: string[];
}

export default defineCheck({
  id: 'receipt-format',
  title: 'Submissions are answered by well-formed receipts',
  failureTitle: 'Submissions are not answered by well-formed receipts',
  description:
    'A receipt is the legal proof that a formality was lodged (EMSWe Regulation (EU) 2019/1239, ' +
    'Art. 5 and 7: the declarant is informed of receipt and acceptance or rejection). The profile ' +
    'answers every submission with one: 201/200 `accepted` or `incomplete` (with a warning saying ' +
    'what is pending), 422 `rejected` with at least one error carrying a code and an RFC 6901 ' +
    'pointer that resolves in the submitted body (a member the error says is required or missing may be ' +
    'absent from its object). Each receipt has its own receiptId, or receipts cannot be ' +
    'told apart in a dispute.',
  remediation:
    "Answer every submission with the profile's receipt: its status (accepted, incomplete or rejected), its identifier and timestamp, and the errors that made it incomplete or rejected.",
  area: 'contract',
  requirements: ['PSW-API-007'],
  // The scenarios are declared so that the log holds creates, updates, formalities and rejections.
  requires: ['HttpLog', 'OpenApi', 'PortCallLifecycle', 'IdentifierProbes', 'FormalityProbes'],
  messages: {
    'not-a-receipt': '{{operationId}} answered HTTP {{status}} without a receipt (receiptId and outcome)',
    'outcome-mismatch': '{{operationId}} answered HTTP {{status}} with a receipt saying {{outcome}}',
    'rejected-without-errors': '{{operationId}} rejected a submission without listing any error',
    'error-without-code': '{{operationId}}: error {{index}} of the receipt has no code',
    'error-bad-pointer': '{{operationId}}: error {{index}} of the receipt has no RFC 6901 pointer',
    'error-pointer-unresolved':
      '{{operationId}}: error {{index}} of the rejection points at {{pointer}}, which is not in the submitted document ({{count}} rejection(s))',
    'incomplete-without-warning': '{{operationId}} answered incomplete without a warning saying what is pending',
    'receipt-id-reused': 'receiptId {{receiptId}} was given to {{count}} different submissions',
  },
  defaultOptions: { maxFindings: 50 },
  run({ HttpLog, OpenApi }, ctx) {
    const findings: Finding[] = [];
    const byReceiptId = new Map<string, HttpExchange[]>();
    const unresolved = new Map<string, Unresolved>();
    let judged = 0;
    let pointersNotJudged = 0;
    const add = (f: Finding) => {
      if (findings.length < ctx.options.maxFindings) findings.push(f);
    };
    for (const ex of HttpLog.exchanges) {
      const operationId = operationOf(OpenApi, ex);
      const ok = ex.status >= 200 && ex.status < 300;
      // Other 4xx (400, 401, 409, 412, 428 …) are problems about the request, not receipts.
      if (!operationId || !SUBMISSION_OPERATIONS.has(operationId) || !(ok || ex.status === 422)) continue;
      judged += 1;
      const ev = ex.evidenceId ? [ex.evidenceId] : [];
      const at = (pointer?: string) =>
        locationOf({ ...ex, operationId }, pointer === undefined ? {} : { jsonPointer: pointer, in: 'response' });
      const body = ex.json;
      if (
        !isObject(body) ||
        typeof body.receiptId !== 'string' ||
        body.receiptId === '' ||
        typeof body.outcome !== 'string'
      ) {
        add(ctx.finding('not-a-receipt', { operationId, status: ex.status }, at(), ev));
        continue;
      }
      const list = byReceiptId.get(body.receiptId) ?? [];
      list.push(ex);
      byReceiptId.set(body.receiptId, list);

      const expected = ok ? ['accepted', 'incomplete'] : ['rejected'];
      if (!expected.includes(body.outcome))
        add(
          ctx.finding(
            'outcome-mismatch',
            { operationId, status: ex.status, outcome: body.outcome },
            at('/outcome'),
            ev,
          ),
        );
      const errors = errorsOf(body);
      if (body.outcome === 'rejected' && errors.length === 0)
        add(ctx.finding('rejected-without-errors', { operationId }, at('/errors'), ev));
      // A rejection's pointers must resolve in the document it rejects (RFC 6901 evaluation).
      const submitted = !ok && errors.length > 0 ? submittedDocument(ex) : undefined;
      if (!ok && errors.length > 0 && submitted === undefined) pointersNotJudged += 1;
      errors.forEach((e, index) => {
        if (typeof e.code !== 'string' || e.code === '')
          add(ctx.finding('error-without-code', { operationId, index }, at(`/errors/${index}/code`), ev));
        if (!isJsonPointer(e.pointer)) {
          add(ctx.finding('error-bad-pointer', { operationId, index }, at(`/errors/${index}/pointer`), ev));
          return;
        }
        if (submitted === undefined) return;
        const resolved = resolvePointer(submitted.doc, e.pointer);
        const says = `${typeof e.code === 'string' ? e.code : ''} ${typeof e.detail === 'string' ? e.detail : ''}`;
        if (resolved === 'found' || (resolved === 'missing-member' && MISSING_MEMBER.test(says))) return;
        const key = `${operationId} ${ex.method} ${index}`;
        const group = unresolved.get(key);
        if (!group) unresolved.set(key, { ex, operationId, index, pointer: e.pointer, count: 1, evidence: [...ev] });
        else {
          group.count += 1;
          if (group.evidence.length < MAX_EVIDENCE_PER_FINDING) group.evidence.push(...ev);
        }
      });
      const warnings = Array.isArray(body.warnings) ? body.warnings : [];
      if (body.outcome === 'incomplete' && warnings.length === 0)
        add(ctx.finding('incomplete-without-warning', { operationId }, at('/warnings'), ev));
    }
    for (const u of unresolved.values())
      add(
        ctx.finding(
          'error-pointer-unresolved',
          { operationId: u.operationId, index: u.index, pointer: u.pointer, count: u.count },
          locationOf(
            { ...u.ex, operationId: u.operationId },
            { jsonPointer: `/errors/${u.index}/pointer`, in: 'response' },
          ),
          u.evidence,
        ),
      );
    for (const [receiptId, list] of byReceiptId) {
      if (list.length < 2) continue;
      const second = list[1]!;
      const ev = list.flatMap((x) => (x.evidenceId ? [x.evidenceId] : [])).slice(0, MAX_EVIDENCE_PER_FINDING);
      add(
        ctx.finding(
          'receipt-id-reused',
          { receiptId, count: list.length },
          locationOf(
            { ...second, operationId: operationOf(OpenApi, second) },
            { jsonPointer: '/receiptId', in: 'response' },
          ),
          ev,
        ),
      );
    }
    const metrics = {
      submissionsJudged: judged,
      distinctReceiptIds: byReceiptId.size,
      rejectionsPointersNotJudged: pointersNotJudged,
    };
    // Not judged, never passed: a rejection whose request body was not recorded as JSON text.
    const note =
      pointersNotJudged > 0
        ? `; the pointers of ${pointersNotJudged} rejection(s) were not judged (request body not recorded as JSON)`
        : '';
    if (judged === 0) return ctx.notApplicable('no submission was answered with 2xx or 422');
    if (findings.length > 0)
      return ctx.fail(findings, `${findings.length} receipt problem(s) in ${judged} submissions${note}`, metrics);
    return ctx.pass(
      `${judged} submissions answered by well-formed receipts with unique ids${note}`,
      undefined,
      metrics,
    );
  },
});
