// A refused update must change nothing (PSW-API-004, PSW-API-005): the port call read back after it is
// the one read just before it. Judged as read-only-fields' changedDespiteRefusal and
// authority-only-clearance's portCallChanged judge it: the port call's `version` moved (its ETag, when
// the reads carry no version), or the read-back carries the personsOnBoard this update sent (it was
// applied). Never by comparing whole bodies: the port call schema is open to added members, and a
// member the server adds on every read (a read timestamp, signed links) is no change. The members
// named in a finding are the schema's members that differ, personsOnBoard first.
import { isDeepStrictEqual } from 'node:util';
import type { CheckContext } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { schemaDocument } from '../../contracts/schemas.ts';
import { REFUSED_UPDATES, type PortCallLifecycle } from './collectors/port-call-lifecycle.ts';
import { evidenceOf, isObject, locationOf } from './judging.ts';
import type { StepRecord } from './records.ts';

export interface RefusedUpdateChange {
  /** The member named (personsOnBoard when applied or changed, else the first changed member by name), or `ETag`. */
  field: string;
  /** Every member of the port call schema that differs, by name. */
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

let schemaMembers: readonly string[] | undefined;
/** The members the profile's PortCall schema declares. */
function portCallMembers(): readonly string[] {
  if (!schemaMembers) {
    const doc = schemaDocument('PortCall') as { properties?: Record<string, unknown> };
    schemaMembers = Object.keys(doc.properties ?? {});
  }
  return schemaMembers;
}

/** The schema's members whose values differ (key order within a value does not matter), by name. */
export function changedSchemaMembers(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return portCallMembers()
    .filter((k) => !isDeepStrictEqual(before[k], after[k]))
    .sort();
}

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
  const sent = lc.sentPersonsOnBoard?.[step];
  const applied = sent !== undefined && a[PREFERRED] === sent;
  const hasVersion = b.version !== undefined && a.version !== undefined;
  const versionMoved = hasVersion && !isDeepStrictEqual(b.version, a.version);
  const etagBefore = beforeStep.headers.etag;
  const etagAfter = afterStep.headers.etag;
  const etagMoved = !hasVersion && !!etagBefore && !!etagAfter && etagBefore !== etagAfter;
  if (!applied && !versionMoved && !etagMoved) return { changed: false, beforeStep, afterStep };
  const fields = changedSchemaMembers(b, a);
  const field = applied || fields.includes(PREFERRED) ? PREFERRED : fields[0];
  return {
    changed: true,
    ...(field === undefined
      ? { field: 'ETag', before: etagBefore, after: etagAfter }
      : { field, before: b[field], after: a[field] }),
    fields,
    ...(sent === undefined ? {} : { sent }),
    applied,
    beforeStep,
    afterStep,
  };
}

/** One refused update to judge by its read-back. */
export interface RefusedAttempt {
  /** The lifecycle step of the update. */
  name: string;
  step: StepRecord;
  /**
   * The If-Match header as this attempt sent it, in a form the same on every run: the finding's
   * location header, so the attempts of one check have fingerprints of their own.
   */
  header: string;
  /** The finding's data besides the read-back's (which, status, ifMatch...). */
  data: Record<string, string | number | boolean | null>;
}

export interface RefusedUpdateJudgement {
  finding?: Finding;
  /** Why the port call could not be read back to judge. */
  unread?: string;
  /** The update and its read-back, as evidence of a pass. */
  records: StepRecord[];
}

/**
 * The `changed-despite-refusal` finding of a refused update (a 4xx or 5xx) whose read-back shows a
 * change. An accepted update (< 400) is meant to change the port call: nothing to judge here.
 */
export function judgeRefusedUpdate<O>(
  ctx: CheckContext<O>,
  lc: PortCallLifecycle,
  { name, step, header, data }: RefusedAttempt,
): RefusedUpdateJudgement {
  if (step.status < 400) return { records: [] };
  const back = readBackAfter(lc, name);
  if ('unread' in back) return { unread: back.unread, records: [step] };
  const records = [step, back.afterStep];
  if (!back.changed) return { records };
  const member = back.field !== 'ETag';
  const finding = ctx.finding(
    'changed-despite-refusal',
    {
      ...data,
      step: name,
      status: step.status,
      field: back.field,
      before: JSON.stringify(back.before) ?? 'nothing',
      after: JSON.stringify(back.after) ?? 'nothing',
      applied: back.applied,
      appliedNote: back.applied ? ' (the personsOnBoard this update sent: it was applied)' : '',
    },
    locationOf(step, { header, ...(member ? { jsonPointer: `/${back.field}`, in: 'response' as const } : {}) }),
    evidenceOf(step, back.beforeStep, back.afterStep),
  );
  return { finding, records };
}
