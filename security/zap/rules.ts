// The member's rules file in ZAP's own format, read as zap_common.py's load_config reads it, so a line
// means here what it means to the packaged scan scripts:
//
//   # comment
//   10021<TAB>FAIL<TAB>(X-Content-Type-Options Header Missing)[<TAB>custom message]
//   10055-4<TAB>IGNORE<TAB>(a rule's variant, by its alertRef)
//   *<TAB>OUTOFSCOPE<TAB>.*/health$            (instances whose URL matches are not counted, for every rule)
//   10020,10021<TAB>OUTOFSCOPE<TAB>https://x/  (... for these rules)
//
// Levels: PASS, IGNORE, INFO, WARN, FAIL. A rule the file does not name is WARN. Pure: no I/O.

export const ZAP_RULE_LEVELS = ['PASS', 'IGNORE', 'INFO', 'WARN', 'FAIL'] as const;
export type ZapRuleLevel = (typeof ZAP_RULE_LEVELS)[number];

export interface ZapRules {
  /** Where the rules came from (a file path), for messages. */
  source: string;
  /** Rule id (plugin id, or a variant's alertRef such as 10055-4) → level. */
  levels: ReadonlyMap<string, ZapRuleLevel>;
  /** Rule id → the member's own message for it (the optional fourth field). */
  messages: ReadonlyMap<string, string>;
  /** Rule id (or `*`) → URL patterns whose instances are out of scope (matched at the URL's start, like re.match). */
  outOfScope: ReadonlyMap<string, readonly RegExp[]>;
}

export class ZapRulesError extends Error {
  override name = 'ZapRulesError';
}

export const NO_RULES: ZapRules = { source: '(none)', levels: new Map(), messages: new Map(), outOfScope: new Map() };

export function parseZapRules(text: string, source = 'rules'): ZapRules {
  const levels = new Map<string, ZapRuleLevel>();
  const messages = new Map<string, string>();
  const outOfScope = new Map<string, RegExp[]>();
  text.split(/\n/).forEach((rawLine, i) => {
    const line = rawLine.replace(/\r$/, '');
    const where = `${source} line ${i + 1}`;
    if (line.startsWith('#') || line.trim() === '') return;
    if ((line.match(/\t/g) ?? []).length < 2)
      throw new ZapRulesError(`${where}: expected at least 3 tab-separated fields (rule id, level, name): "${line}"`);
    // Python's line.rstrip().split('\t', 2): the third field keeps any further tabs.
    const stripped = line.trimEnd();
    const [key = '', level = '', ...rest] = stripped.split('\t');
    const optional = rest.join('\t');
    if (level === 'OUTOFSCOPE') {
      let pattern: RegExp;
      try {
        pattern = new RegExp(`^(?:${optional})`);
      } catch (err) {
        throw new ZapRulesError(
          `${where}: OUTOFSCOPE pattern is not a valid regular expression: ${(err as Error).message}`,
        );
      }
      for (const id of key.split(',')) outOfScope.set(id, [...(outOfScope.get(id) ?? []), pattern]);
      return;
    }
    if (!(ZAP_RULE_LEVELS as readonly string[]).includes(level))
      throw new ZapRulesError(`${where}: level "${level}" is not one of ${ZAP_RULE_LEVELS.join(', ')}`);
    levels.set(key, level as ZapRuleLevel);
    if (optional.includes('\t')) {
      const parts = optional.split('\t');
      if (parts.length !== 2)
        throw new ZapRulesError(`${where}: too many tab-separated fields (rule id, level, name, message)`);
      messages.set(key, parts[1]!);
    } else messages.set(key, '');
  });
  return { source, levels, messages, outOfScope };
}

/** True when the rule ids it configures include a variant (10055-4): those are judged apart from their rule. */
export function isSubRuleId(id: string): boolean {
  return /^\d+-\d+$/.test(id);
}

/** zap_common.is_in_scope: an instance URL is out of scope when a `*` or the rule's own pattern matches it. */
export function inScope(rules: ZapRules, pluginId: string, url: string, alertRef?: string): boolean {
  const matches = (id: string) => (rules.outOfScope.get(id) ?? []).some((re) => re.test(url));
  if (matches('*') || matches(pluginId)) return false;
  if (alertRef && alertRef !== pluginId && matches(alertRef)) return false;
  return true;
}
