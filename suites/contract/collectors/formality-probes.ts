// The FormalityProbes artifact: the count rules of the probe plan (`count-consistency`: FAL1's
// numberOfCrew against the FAL5 crew list, numberOfPassengers against the FAL6 passenger list), probed
// both ways and on both sides on one fresh port call:
//   the declaration before any list (incomplete where the profile says so; also the valid control),
//   per rule a list one shorter and one longer than declared (refused at the list), then the list of
//   the declared length (accepted), per rule a declaration contradicting the list now on file (refused
//   at the count), the matching declaration again (accepted), then listFormalities and getFormality.
import type { OpenApiModel, OperationModel } from '../../../contracts/openapi.ts';
import { countRules, type CountEnd, type CountRule } from '../../../contracts/plan/count-consistency.ts';
import { sampleCrewList, samplePassengerList, samplePortCall, type PortCallInput } from '../../../contracts/samples.ts';
import { defineCollector } from '../../../engine/check.ts';
import type { Place } from '../../../engine/types.ts';
import { dayOf, isProfileV1 } from '../fuzz/collectors/invalid-input-probes.ts';
import { profileV1Plan } from '../fuzz/plan-v1.ts';
import { tokens, withValueAt } from '../fuzz/pointer.ts';
import { isSuccess, RequestPlanner, type PlannedRequest } from '../fuzz/requests.ts';
import { RawDocument } from '../fuzz/schema-doc.ts';
import { Traffic } from '../fuzz/traffic.ts';
import { samplePlaces, type NotProbed } from '../place-probes.ts';
import { probeOf, stepOf, type ProbeRecord, type StepRecord } from '../records.ts';
import type { Scenario } from './scenario.ts';

export interface CountRuleRun {
  code?: string;
  declaration: CountEnd;
  list: CountEnd;
  /** The count every declaration of the scenario states (but the contradicting one). */
  declared: number;
}

export interface FormalityProbes extends Scenario {
  portCallId?: string;
  /** The count rules probed. */
  rules: CountRuleRun[];
  /**
   * The valid requests (probe `control`): the first declaration, each list of the declared length,
   * the matching declaration sent again at the end.
   */
  controls: ProbeRecord[];
  /** One probe per count place (`probe` and `place`: the place's id). */
  probes: (ProbeRecord & { place: string; value: string })[];
  notProbed: NotProbed[];
}

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    FormalityProbes: FormalityProbes;
  }
}

export const FORMALITY_STEPS = {
  declaration: 'declaration',
  finalDeclaration: 'finalDeclaration',
  listFormalities: 'listFormalities',
  getFormality: 'getFormality',
} as const;

/** Step names of a count rule's requests (`<list operation>:<variant>`). */
export const countStep = (list: CountEnd, what: 'fewer' | 'more' | 'matching' | 'declaration-after-list') =>
  `${list.operationId}:${what}`;

const DECLARED = 3;
const MAX_REQUESTS = 60;
const LABEL = 'formalities';

/** A valid body of `op` whose array at `pointer` has `n` items (profile v1: distinct crew and passengers). */
function sizedList(
  op: OperationModel,
  pointer: string,
  n: number,
  base: unknown,
  v1: { portCall: PortCallInput } | undefined,
): unknown {
  if (v1 && op.operationId === 'submitCrewList' && pointer === '/crew') return sampleCrewList(n);
  if (v1 && op.operationId === 'submitPassengerList' && pointer === '/passengers')
    return samplePassengerList(v1.portCall, n);
  let node: unknown = base;
  for (const t of tokens(pointer)) node = (node as Record<string, unknown> | undefined)?.[t];
  const items = Array.isArray(node) ? node : [];
  if (items.length === 0 && n > 0)
    throw new Error(`the valid ${op.operationId} body has no item at ${pointer} to copy`);
  return withValueAt(base, pointer, {
    value: Array.from({ length: n }, (_, i) => structuredClone(items[i % items.length])),
  });
}

export const formalityProbesCollector = defineCollector({
  name: 'FormalityProbes',
  description:
    'Count rules between a declaration and its lists (FAL1 against FAL5 and FAL6), both ways and on both sides, on one port call',
  dependsOn: ['ProbePlan', 'OpenApi'],
  // FAL forms on a port call of its own: profile v1's conventions.
  standard: 'psw-v1',
  async collect(ctx, deps) {
    const model = deps.OpenApi;
    const plan = deps.ProbePlan;
    if (!model || !plan) throw new Error('the OpenApi and ProbePlan artifacts are required');
    // A count rule is a few requests on one port call: every place is probed (no sampling).
    const { selected } = samplePlaces(plan, ['count-consistency'], Number.MAX_SAFE_INTEGER, ctx.seed);
    const wanted = new Set(selected.map((p) => p.id));
    const rules = countRules(model).filter((r) => Object.values(r.places).some((p) => wanted.has(p.id)));
    const out: FormalityProbes = { steps: {}, skipped: {}, rules: [], controls: [], probes: [], notProbed: [] };
    if (rules.length === 0) return out;
    const left = ctx.endsBy - Date.now();
    const traffic = new Traffic(ctx, MAX_REQUESTS, Math.max(1, left - Math.min(10_000, left / 4)));
    const now = dayOf(new Date());
    const v1 = isProfileV1(ctx);
    const planner = new RequestPlanner(ctx, model, new RawDocument(model), traffic, {
      seed: ctx.seed,
      now,
      label: LABEL,
      ...(v1 ? { plan: profileV1Plan(now) } : {}),
    });
    await new CountScenario(
      model,
      planner,
      traffic,
      rules,
      wanted,
      out,
      v1 ? { portCall: samplePortCall({ now, ship: 0 }) } : undefined,
    ).run();
    return out;
  },
});

class CountScenario {
  readonly #byId: Map<string, OperationModel>;
  #fixed: Record<string, string> = {};

  constructor(
    model: OpenApiModel,
    private readonly planner: RequestPlanner,
    private readonly traffic: Traffic,
    private readonly rules: readonly CountRule[],
    private readonly wanted: ReadonlySet<string>,
    private readonly out: FormalityProbes,
    private readonly v1: { portCall: PortCallInput } | undefined,
  ) {
    this.#byId = new Map(model.operations.map((o) => [o.operationId, o]));
  }

  #op(id: string): OperationModel {
    const op = this.#byId.get(id);
    if (!op) throw new Error(`the document has no operation ${id}`);
    return op;
  }

  /** Places of the rules not probed, with why. */
  #skip(places: (Place | undefined)[], why: NotProbed['why'], detail: string): void {
    for (const p of places) if (p && this.wanted.has(p.id)) this.out.notProbed.push({ place: p.id, why, detail });
  }

  #base(op: OperationModel): unknown {
    const base = this.planner.baseBody(op);
    if (base.error !== undefined || base.body === undefined)
      throw new Error(base.error ?? `${op.operationId} takes no body`);
    return base.body;
  }

  /** Sends `op` with `body` on the scenario's port call; undefined when nothing could be sent. */
  async #send(name: string, op: OperationModel, body: unknown, label: string): Promise<StepRecord | undefined> {
    const req = await this.planner.prepare(op, this.#fixed);
    if ('unavailable' in req) {
      this.out.skipped[name] = req.unavailable;
      return undefined;
    }
    // The first request creates the port call; every later one is sent to the same.
    for (const [k, v] of Object.entries(req.pathParams)) if (req.resourceParams.has(k)) this.#fixed[k] = v;
    if (this.out.portCallId === undefined && req.pathParams.portCallId) this.out.portCallId = req.pathParams.portCallId;
    const planned: PlannedRequest = { ...req, body };
    const sent = await this.planner.send(planned, label);
    if (!sent?.exchange) {
      this.out.skipped[name] = sent?.error ?? `the request ${this.traffic.stoppedBy ?? 'budget'} ran out`;
      return undefined;
    }
    const step = stepOf(sent.exchange);
    this.out.steps[name] = step;
    return step;
  }

  #declarationBody(op: OperationModel, override?: { pointer: string; value: number }): unknown {
    let body = this.#base(op);
    for (const r of this.rules.filter((x) => x.declaration.operationId === op.operationId))
      body = withValueAt(body, r.declaration.pointer, { value: DECLARED });
    return override ? withValueAt(body, override.pointer, { value: override.value }) : body;
  }

  #probe(place: Place | undefined, step: StepRecord | undefined, value: string): void {
    if (!place || !this.wanted.has(place.id)) return;
    if (!step) {
      this.#skip([place], this.traffic.stoppedBy ? 'stopped' : 'precondition-failed', 'the request could not be sent');
      return;
    }
    this.out.probes.push({ ...probeOf(place.id, place.pointer ?? '', step), place: place.id, value });
  }

  async run(): Promise<void> {
    const { out, rules } = this;
    for (const r of rules)
      out.rules.push({
        ...(r.code ? { code: r.code } : {}),
        declaration: r.declaration,
        list: r.list,
        declared: DECLARED,
      });
    // v1: one declaring operation (FAL1) for both rules.
    const declOp = this.#op(rules[0]!.declaration.operationId);
    const declaration = await this.#send(
      FORMALITY_STEPS.declaration,
      declOp,
      this.#declarationBody(declOp),
      `${declOp.operationId} declaring ${DECLARED} before any list`,
    );
    const allPlaces = rules.flatMap((r) => Object.values(r.places));
    if (!declaration || !isSuccess(declaration.status)) {
      const why = declaration
        ? `the valid declaration was answered HTTP ${declaration.status}`
        : 'the declaration could not be sent';
      if (declaration) out.controls.push(probeOf('control', '', declaration));
      this.#skip(allPlaces, 'precondition-failed', why);
      return;
    }
    out.controls.push(probeOf('control', '', declaration));
    for (const r of rules)
      this.#probe(r.places['incomplete-without-list'], declaration, `${DECLARED}, no list on file`);

    const onFile = new Set<CountRule>();
    for (const r of rules) {
      const listOp = this.#op(r.list.operationId);
      const base = this.#base(listOp);
      const list = (n: number) => sizedList(listOp, r.list.pointer, n, base, this.v1);
      for (const [variant, n] of [
        ['fewer', DECLARED - 1],
        ['more', DECLARED + 1],
      ] as const) {
        if (!r.places[variant] || !this.wanted.has(r.places[variant].id)) continue;
        const step = await this.#send(
          countStep(r.list, variant),
          listOp,
          list(n),
          `${listOp.operationId} with ${n} of ${DECLARED} declared`,
        );
        this.#probe(r.places[variant], step, `${n} item(s), ${DECLARED} declared`);
      }
      const matching = await this.#send(
        countStep(r.list, 'matching'),
        listOp,
        list(DECLARED),
        `${listOp.operationId} with the ${DECLARED} declared`,
      );
      if (matching) out.controls.push(probeOf('control', '', matching));
      if (matching && isSuccess(matching.status)) onFile.add(r);
      else
        this.#skip(
          [r.places['declaration-after-list']],
          'precondition-failed',
          `the list of the declared length was ${matching ? `answered HTTP ${matching.status}` : 'not sent'}`,
        );
    }
    for (const r of rules) {
      const place = r.places['declaration-after-list'];
      if (!onFile.has(r) || !place || !this.wanted.has(place.id)) continue;
      const body = this.#declarationBody(declOp, { pointer: r.declaration.pointer, value: DECLARED + 1 });
      const step = await this.#send(
        countStep(r.list, 'declaration-after-list'),
        declOp,
        body,
        `${declOp.operationId} declaring ${DECLARED + 1} at ${r.declaration.pointer} with ${DECLARED} on file`,
      );
      this.#probe(place, step, `${DECLARED + 1} declared, ${DECLARED} on file`);
    }
    const final = await this.#send(
      FORMALITY_STEPS.finalDeclaration,
      declOp,
      this.#declarationBody(declOp),
      `${declOp.operationId} declaring the ${DECLARED} on file`,
    );
    if (final) out.controls.push(probeOf('control', '', final));

    // The formalities of the port call, listed and read back.
    for (const [name, id] of [
      [FORMALITY_STEPS.listFormalities, 'listFormalities'],
      [FORMALITY_STEPS.getFormality, 'getFormality'],
    ] as const) {
      const op = this.#byId.get(id);
      if (!op || !this.traffic.available()) continue;
      const req = await this.planner.prepare(op, {
        ...this.#fixed,
        ...(id === 'getFormality' ? { formalityType: 'general-declaration' } : {}),
      });
      if ('unavailable' in req) continue;
      const sent = await this.planner.send(req, `${id}`);
      if (sent?.exchange) out.steps[name] = stepOf(sent.exchange);
    }
  }
}
