// ZapScan: an OWASP ZAP API scan of the member's API, by whichever ZAP the run has (security/zap/select.ts:
// a daemon, the packaged script in the container image or inside it) or none (skipped, saying why, in one
// line). ZAP gets the profile's OpenAPI document with the member's API base as its server, a token of
// agent A's tenant, and bounds it cannot leave (the allow-list); what it reports is kept redacted, each
// alert instance as evidence. ZAP's traffic does not go through the harness's HTTP client: it is not in
// HttpLog and not counted in limits.maxRequests.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requirementsById } from '../../../contracts/requirements.ts';
import { defineCollector } from '../../../engine/check.ts';
import type { CollectContext, ZapEngine } from '../../../engine/context.ts';
import { errorMessage } from '../../../engine/errors.ts';
import { redactJson, redactText } from '../../../engine/redact.ts';
import { checkSettings, type Profile } from '../../../engine/profile.ts';
import { isAllowed } from '../../../engine/target.ts';
import { classifyAlerts, expectedExitCode } from '../../../security/zap/classify.ts';
import { runDaemonScan, ZapApi, type BearerToken } from '../../../security/zap/daemon.ts';
import { stageOpenApi } from '../../../security/zap/document.ts';
import type { ZapAlert, ZapReport } from '../../../security/zap/report.ts';
import { parseZapRules, type ZapRules } from '../../../security/zap/rules.ts';
import { assertAllowed } from '../../../security/zap/scope.ts';
import { RULES_FILE, runScriptScan } from '../../../security/zap/script.ts';
import { chooseZap, describeRunner, systemProbes, ZAP_IMAGE } from '../../../security/zap/select.ts';

export type ZapScan =
  | { status: 'skipped'; reason: string }
  | {
      status: 'scanned';
      way: 'script' | 'daemon';
      /** What ran: "docker ghcr.io/zaproxy/zaproxy:stable zap-api-scan.py", "daemon http://127.0.0.1:8080". */
      engine: string;
      zapVersion: string;
      /** Redacted; instances off the allow-list left out; each instance's evidence id set. */
      report: ZapReport;
      rules?: ZapRules;
      /** zap-api-scan.py's exit code (script only). */
      exitCode?: number;
      /** The report ZAP wrote, redacted, as file evidence. */
      reportEvidence?: string;
      /** What the judgement should say besides the alerts (token expiry, a stopped scan, no token). */
      notes: string[];
      /** Instances on hosts off the allow-list, left out (ZAP's own requests stay inside; expect 0). */
      offAllowList: number;
      /** Instances beyond MAX_INSTANCES_PER_ALERT of an alert, counted only. */
      instancesNotKept: number;
    };

declare module '../../../engine/check.ts' {
  interface ArtifactMap {
    ZapScan: ZapScan;
  }
}

/** The check judging this artifact and what it cites: whether the profile requires it decides what "auto" may skip. */
export const ZAP_CHECK_ID = 'zap-api-scan';
export const ZAP_REQUIREMENTS: readonly string[] = ['PSW-SEC-DAST-001'];

/**
 * Whether the run's profile requires the ZAP check (its override, else a cited requirement at a blocking
 * level), as scoring will decide. Then an absent ZAP is an error, never a skip: a required check cannot
 * pass by omission (nor a certificate be issued for it).
 */
export function profileRequiresZap(profile: Profile): boolean {
  const override = checkSettings(profile, ZAP_CHECK_ID).required;
  if (override !== undefined) return override;
  const byId = requirementsById();
  return ZAP_REQUIREMENTS.some((id) => {
    const level = byId.get(id)?.level;
    return level !== undefined && profile.blocking.levels.includes(level);
  });
}

/** Default longest active scan (minutes); --zap-minutes overrides, the collector's budget cuts it. */
export const DEFAULT_ZAP_MINUTES = 2;
/** ZAP's start, import and passive scan around the active scan. */
const OVERHEAD_MS = 90_000;
/** Instances kept (as findings and evidence) per alert family. */
export const MAX_INSTANCES_PER_ALERT = 20;

/** A JWT's exp (epoch ms), when the token is one. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Everything taken from ZAP passes here before it is kept: the token itself, then the usual redaction. */
function cleaner(tokens: () => readonly string[]): (s: string) => string {
  return (s) => redactText(tokens().reduce((t, tok) => (tok ? t.split(tok).join('[REDACTED]') : t), s));
}

function onAllowList(ctx: CollectContext, uri: string): boolean {
  try {
    return isAllowed(ctx.target, new URL(uri));
  } catch {
    return false;
  }
}

/** The report with off-allow-list instances left out, values cleaned, instances capped and kept as evidence. */
function keepReport(
  ctx: CollectContext,
  report: ZapReport,
  clean: (s: string) => string,
): { report: ZapReport; offAllowList: number; instancesNotKept: number } {
  let offAllowList = 0;
  let instancesNotKept = 0;
  const alerts: ZapAlert[] = report.alerts.map((a) => {
    const inScope = a.instances.filter((i) => {
      const ok = onAllowList(ctx, i.uri);
      if (!ok) offAllowList++;
      return ok;
    });
    instancesNotKept += Math.max(0, inScope.length - MAX_INSTANCES_PER_ALERT);
    const name = clean(a.name);
    return {
      ...a,
      name,
      description: clean(a.description),
      solution: clean(a.solution),
      reference: clean(a.reference),
      otherInfo: clean(a.otherInfo),
      instances: inScope.slice(0, MAX_INSTANCES_PER_ALERT).map((i) => {
        const inst = {
          method: i.method,
          uri: clean(i.uri),
          param: clean(i.param),
          attack: clean(i.attack),
          evidence: clean(i.evidence),
          otherInfo: clean(i.otherInfo),
        };
        const text = [
          `ZAP alert ${a.alertRef}: ${name}`,
          `${inst.method} ${inst.uri}`,
          ...(inst.param ? [`parameter: ${inst.param}`] : []),
          ...(inst.attack ? [`attack: ${inst.attack}`] : []),
          ...(inst.evidence ? [`evidence: ${inst.evidence}`] : []),
          ...(inst.otherInfo ? [`other info: ${inst.otherInfo}`] : []),
        ].join('\n');
        return {
          ...inst,
          evidenceId: ctx.evidence.addText(`ZAP ${a.alertRef} ${inst.method} ${inst.uri}`, `${text}\n`),
        };
      }),
    };
  });
  return { report: { ...report, alerts }, offAllowList, instancesNotKept };
}

/** ZAP's report file, redacted, as file evidence. */
function reportEvidence(ctx: CollectContext, text: string, json: boolean, clean: (s: string) => string): string {
  let out: string;
  if (json) {
    try {
      out = JSON.stringify(redactJson(JSON.parse(clean(text))), null, 2);
    } catch {
      out = clean(text);
    }
  } else out = clean(text);
  return ctx.evidence.addFile(
    `ZAP report (${json ? 'traditional JSON' : 'traditional XML'}, redacted)`,
    Buffer.from(out, 'utf8'),
    json ? 'application/json' : 'application/xml',
    json ? 'json' : 'xml',
  );
}

function readRules(file: string | undefined): ZapRules | undefined {
  return file ? parseZapRules(readFileSync(file, 'utf8'), file) : undefined;
}

export const zapScanCollector = defineCollector({
  name: 'ZapScan',
  description:
    "An OWASP ZAP API scan (imported OpenAPI document, active scan, passive rules) of the member's API, by a ZAP daemon or the packaged zap-api-scan.py; skipped when no ZAP is present.",
  dependsOn: ['OpenApi'],
  // Alone, like the load runs: an active scan's traffic must not disturb other probes' figures.
  exclusive: true,
  timeoutMs: 15 * 60_000,
  async collect(ctx, deps): Promise<ZapScan> {
    const settings: ZapEngine = ctx.engines.zap ?? { mode: 'auto' };
    const choice = await chooseZap(settings, systemProbes(process.env, ctx.signal), process.env.ZAP_IMAGE || ZAP_IMAGE);
    if (choice.way === 'none') {
      if (profileRequiresZap(ctx.profile))
        throw new Error(
          `${choice.reason}; profile ${ctx.profile.id} requires ${ZAP_CHECK_ID}, so it cannot be skipped`,
        );
      ctx.log.info(`ZAP checks skipped: ${choice.reason}`);
      return { status: 'skipped', reason: choice.reason };
    }
    if (choice.way === 'missing') throw new Error(choice.reason);

    const { target } = ctx;
    assertAllowed('API base', target.apiBaseUrl, target);
    const rules = readRules(settings.rulesFile);
    const model = deps.OpenApi!;
    const budgetEnds = Math.min(
      ctx.endsBy - 2000,
      Date.now() + (settings.minutes ?? DEFAULT_ZAP_MINUTES) * 60_000 + OVERHEAD_MS,
    );
    const minutes = Math.max(
      1,
      Math.min(settings.minutes ?? DEFAULT_ZAP_MINUTES, Math.floor((budgetEnds - Date.now() - OVERHEAD_MS) / 60_000)),
    );
    const notes: string[] = [];
    const tokens: string[] = [];
    const clean = cleaner(() => tokens);
    const hasAgent = Boolean(target.credentials.agentA);
    if (!hasAgent) notes.push('no credentials of agent A: ZAP scanned without a token');
    const freshToken = async (): Promise<BearerToken> => {
      const token = await ctx.auth.token('agentA');
      tokens.push(token);
      const expiresAt = jwtExpiry(token);
      return { token, ...(expiresAt !== undefined ? { expiresAt } : {}) };
    };

    // The script's options file holds the token: a folder only this user can enter, holding the one ZAP (a
    // container user) may write to. A daemon (perhaps another user) only reads the document, which holds no secret.
    const parent = mkdtempSync(join(tmpdir(), 'port-conformance-zap-'));
    if (choice.way === 'daemon') chmodSync(parent, 0o755);
    const workDir = join(parent, 'wrk');
    mkdirSync(workDir);
    chmodSync(workDir, 0o777);
    try {
      const source = model.source.startsWith('file:')
        ? { file: fileURLToPath(model.source) }
        : { document: model.document };
      const staged = stageOpenApi(source, target.apiBaseUrl, target, workDir);
      let rulesCopy: string | undefined;
      if (settings.rulesFile) {
        rulesCopy = join(workDir, RULES_FILE);
        copyFileSync(settings.rulesFile, rulesCopy);
        chmodSync(rulesCopy, 0o644);
      }
      if (choice.way === 'daemon') {
        const api = new ZapApi({
          apiUrl: choice.apiUrl,
          ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
          signal: ctx.signal,
        });
        const run = await runDaemonScan({
          api,
          documentFile: staged.file,
          target,
          servers: staged.servers,
          ...(rules ? { rules } : {}),
          minutes,
          ...(hasAgent ? { token: freshToken } : {}),
          endsBy: budgetEnds,
          signal: ctx.signal,
          ...(ctx.onScanProgress ? { onProgress: ctx.onScanProgress } : {}),
        });
        if (run.stoppedEarly)
          notes.push(`the active scan was stopped at ${run.lastPercent}% when the collector's time ran out`);
        if (run.tokenRenewals) notes.push(`the token was renewed ${run.tokenRenewals} time(s) during the scan`);
        const kept = keepReport(ctx, run.report, clean);
        ctx.log.debug(
          `ZAP daemon ${choice.apiUrl} (ZAP ${run.version}): ${run.urls} URLs imported, scan ${run.scanId}`,
        );
        return {
          status: 'scanned',
          way: 'daemon',
          engine: `daemon ${new URL(choice.apiUrl).origin}`,
          zapVersion: run.version,
          ...kept,
          ...(rules ? { rules } : {}),
          reportEvidence: reportEvidence(ctx, JSON.stringify({ alerts: run.report.alerts }), true, clean),
          notes,
        };
      }

      // The packaged script takes one token for its whole run: a fresh one, and the scan cut to the time left.
      const bearer = hasAgent ? await freshToken() : undefined;
      const started = Date.now();
      const run = await runScriptScan({
        runner: choice.runner,
        workDir,
        document: staged,
        ...(rulesCopy ? { rulesFile: rulesCopy } : {}),
        ...(bearer ? { token: bearer.token } : {}),
        target,
        minutes,
        timeoutMs: Math.max(1000, budgetEnds - Date.now()),
        signal: ctx.signal,
        ...(ctx.onScanProgress ? { onProgress: ctx.onScanProgress } : {}),
      });
      ctx.log.debug(`${run.command.join(' ')} (exit ${run.exitCode}, ${run.durationMs} ms)`);
      if (bearer?.expiresAt !== undefined && started + run.durationMs > bearer.expiresAt)
        notes.push(
          `the agent's token expired ${Math.round((bearer.expiresAt - started) / 1000)} s into the ${Math.round(run.durationMs / 1000)} s scan: later requests were unauthenticated (the packaged script takes one token; --zap daemon renews it)`,
        );
      const judged = expectedExitCode(classifyAlerts(run.report.alerts, rules));
      if (judged !== run.exitCode)
        notes.push(
          `${describeRunner(choice.runner)} exited ${run.exitCode}; its report under the same rules gives ${judged}`,
        );
      const kept = keepReport(ctx, run.report, clean);
      return {
        status: 'scanned',
        way: 'script',
        engine: describeRunner(choice.runner),
        zapVersion: run.report.version,
        ...kept,
        ...(rules ? { rules } : {}),
        exitCode: run.exitCode,
        reportEvidence: reportEvidence(ctx, run.reportText, run.reportFile.endsWith('.json'), clean),
        notes,
      };
    } catch (err) {
      // Whatever ZAP said on the way out may quote the token: the cleaned message only, the cause not kept.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(clean(errorMessage(err)));
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  },
});
