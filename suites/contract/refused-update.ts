// A refused update must change nothing (PSW-API-004, PSW-API-005): the port call read back after it is
// the one read just before it. The same comparison as read-only-fields' changedDespiteRefusal and
// authority-only-clearance's portCallChanged (a version that moved), here over every member, so a finding
// names the member that changed; personsOnBoard first, the member each refused update sends its own value of.
import { REFUSED_UPDATES, type PortCallLifecycle } from './collectors/port-call-lifecycle.ts';
import { isObject } from './judging.ts';
import type { StepRecord } from './records.ts';

export interface RefusedUpdateChange {
  /** The member that changed (personsOnBoard when it did, else the first changed member by name). */
  field: string;
  /** Every member that changed, by name. */
  fields: string[];
  before: unknown;
  after: unknown;
  /** The personsOnBoard this update sent, when the collector recorded it. */
  sent?: number;
  /** Whether the read-back carries what this update sent: the update was applied. */
  applied: boolean;
  beforeStep: StepRecord;
  afterStep: StepRecord;
}

export type ReadBack =
  | { unread: string }
  | { changed: false; beforeStep: StepRecord; afterStep: StepRecord }
  | ({ changed: true } & RefusedUpdateChange);

const PREFERRED = 'personsOnBoard';

/** What the read-back after the refused update `step` shows. */
export function readBackAfter(lc: PortCallLifecycle, step: string): ReadBack {
  const plan = REFUSED_UPDATES[step];
  if (!plan) throw new Error(`${step} is not a refused update of the lifecycle`);
  const beforeStep = plan.before.map((name) => lc.steps[name]).find((s) => s !== undefined);
  const afterStep = lc.steps[plan.after];
  if (!beforeStep || !afterStep)
    return { unread: lc.skipped?.[plan.after] ?? `the port call was not read ${beforeStep ? 'back' : 'before'}` };
  if (beforeStep.status !== 200 || !isObject(beforeStep.body))
    return { unread: `reading the port call before ${step} answered HTTP ${beforeStep.status}` };
  if (afterStep.status !== 200 || !isObject(afterStep.body))
    return { unread: `reading the port call back after ${step} answered HTTP ${afterStep.status}` };
  const b = beforeStep.body;
  const a = afterStep.body;
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .sort();
  if (fields.length === 0) return { changed: false, beforeStep, afterStep };
  const field = fields.includes(PREFERRED) ? PREFERRED : fields[0]!;
  const sent = lc.sentPersonsOnBoard?.[step];
  return {
    changed: true,
    field,
    fields,
    before: b[field],
    after: a[field],
    ...(sent === undefined ? {} : { sent }),
    applied: sent !== undefined && a[PREFERRED] === sent,
    beforeStep,
    afterStep,
  };
}
