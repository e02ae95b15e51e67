// The run's ZAP settings, checked before anything is sent: the rules file (the flag's, else the member
// config's `zapRules`, relative to the config file) must read as ZAP's scripts read it, a daemon needs
// its API URL, the scan's cap is whole minutes. Any problem is a usage error (exit 2).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ZapEngine } from '../engine/context.ts';
import { UsageError, errorMessage } from '../engine/errors.ts';
import { parseZapRules } from '../security/zap/rules.ts';

export const MAX_ZAP_MINUTES = 600;

export function resolveZapEngine(
  zap: ZapEngine | undefined,
  config?: { zapRules?: string; baseDir: string },
): ZapEngine {
  const out: ZapEngine = { ...(zap ?? { mode: 'auto' }) };
  const rules = out.rulesFile ?? (config?.zapRules ? resolve(config.baseDir, config.zapRules) : undefined);
  if (rules) {
    const where = out.rulesFile ? '--zap-rules' : 'config "zapRules"';
    let text: string;
    try {
      text = readFileSync(rules, 'utf8');
    } catch {
      throw new UsageError(`${where}: cannot read ${rules}`);
    }
    try {
      parseZapRules(text, rules);
    } catch (err) {
      throw new UsageError(`${where}: ${errorMessage(err)}`);
    }
    out.rulesFile = resolve(rules);
  }
  if (out.mode === 'daemon' && !out.apiUrl) throw new UsageError('--zap daemon needs --zap-api URL (or ZAP_API_URL)');
  if (out.apiUrl !== undefined) {
    let u: URL | undefined;
    try {
      u = new URL(out.apiUrl);
    } catch {
      u = undefined;
    }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:'))
      throw new UsageError(`--zap-api: "${out.apiUrl}" is not an http(s) URL of a ZAP daemon`);
  }
  if (
    out.minutes !== undefined &&
    !(Number.isInteger(out.minutes) && out.minutes >= 1 && out.minutes <= MAX_ZAP_MINUTES)
  )
    throw new UsageError(`--zap-minutes must be a whole number of minutes from 1 to ${MAX_ZAP_MINUTES}`);
  return out;
}
