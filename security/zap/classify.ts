// What ZAP's packaged scripts make of each alert, reproduced: the rules file's level (or WARN), the
// rules ZAP itself never counts, out-of-scope instances dropped, informational alerts not counted. The
// same rules thus mean the same here, whichever way ZAP ran. Pure.
import type { ZapAlert } from './report.ts';
import { inScope, isSubRuleId, NO_RULES, type ZapRuleLevel, type ZapRules } from './rules.ts';

/** zap-api-scan.py's ignore_scan_rules: example and irrelevant rules. */
export const NEVER_COUNTED_RULES: readonly string[] = ['-1', '50003', '60000', '60001'];

/**
 * rules: the rules file named it; default: not in the file (WARN); informational: risk Informational
 * (never counted, whatever the file says); not-counted: one of NEVER_COUNTED_RULES; out-of-scope: every
 * instance matched an OUTOFSCOPE pattern.
 */
export type LevelReason = 'rules' | 'default' | 'informational' | 'not-counted' | 'out-of-scope';

export interface ClassifiedAlert {
  /** The alert with only its in-scope instances. */
  alert: ZapAlert;
  /** The level that counts: FAIL and WARN make findings; INFO, IGNORE and PASS do not. */
  level: ZapRuleLevel;
  why: LevelReason;
  /** The id the level was looked up by: the variant (alertRef) when the file configures variants of it. */
  ruleId: string;
  /** Instances left out by OUTOFSCOPE patterns. */
  outOfScopeInstances: number;
  /** The member's message for the rule (the file's fourth field), when it has one. */
  userMessage?: string;
}

export interface ClassifyOptions {
  /** Level of rules the file does not name: WARN (ZAP's default) or INFO (the scripts' -i). */
  unlisted?: 'WARN' | 'INFO';
}

export function classifyAlerts(
  alerts: readonly ZapAlert[],
  rules: ZapRules = NO_RULES,
  opts: ClassifyOptions = {},
): ClassifiedAlert[] {
  const unlisted = opts.unlisted ?? 'WARN';
  const variantsConfigured = [...rules.levels.keys(), ...rules.outOfScope.keys()].some(isSubRuleId);
  return alerts.map((a) => {
    const instances = a.instances.filter((i) => inScope(rules, a.pluginId, i.uri, a.alertRef));
    const outOfScopeInstances = a.instances.length - instances.length;
    const alert = { ...a, instances };
    const ruleId = variantsConfigured && rules.levels.has(a.alertRef) ? a.alertRef : a.pluginId;
    const userMessage = rules.messages.get(ruleId) || undefined;
    const base = { alert, ruleId, outOfScopeInstances, ...(userMessage ? { userMessage } : {}) };
    if (NEVER_COUNTED_RULES.includes(a.pluginId)) return { ...base, level: 'IGNORE', why: 'not-counted' };
    if (a.instances.length > 0 && instances.length === 0) return { ...base, level: 'IGNORE', why: 'out-of-scope' };
    if (a.risk === 0) return { ...base, level: 'INFO', why: 'informational' };
    const level = rules.levels.get(ruleId);
    return level ? { ...base, level, why: 'rules' } : { ...base, level: unlisted, why: 'default' };
  });
}

/** Levels that make findings (and a failing check), as they make ZAP's scripts exit 1 or 2. */
export function counts(level: ZapRuleLevel): boolean {
  return level === 'FAIL' || level === 'WARN';
}

/**
 * What zap-api-scan.py exits with for these alerts (0 none at WARN or FAIL, 1 a FAIL, 2 a WARN and no
 * FAIL; `-I` turns 2 into 0). 3 (any other failure) is not a judgement of alerts.
 */
export function expectedExitCode(classified: readonly ClassifiedAlert[], ignoreWarnings = false): 0 | 1 | 2 {
  if (classified.some((c) => c.level === 'FAIL')) return 1;
  if (!ignoreWarnings && classified.some((c) => c.level === 'WARN')) return 2;
  return 0;
}

/** zap-api-scan.py's exit codes (its header comment), against the harness's outcomes. */
export const ZAP_EXIT_CODES: Readonly<Record<number, { meaning: string; harness: string }>> = {
  0: { meaning: 'success: no alert at WARN or FAIL', harness: 'the check passes (alerts judged by the same rules)' },
  1: { meaning: 'at least one FAIL', harness: 'the check fails, one finding per instance' },
  2: { meaning: 'at least one WARN and no FAIL', harness: 'the check fails, one finding per instance' },
  3: { meaning: 'any other failure (bad option, nothing imported, ZAP error)', harness: 'the check errors' },
};
