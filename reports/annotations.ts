// GitHub Actions workflow commands (`::error title=…,file=…,line=…::message`) for the blocking checks,
// most severe first: the run's page and a pull request's diff show them without opening a report.
// Escaping follows the runner's rules: data escapes % CR LF; properties also escape `:` and `,`.
import type { Results } from '../engine/types.ts';
import { headline } from './format.ts';
import { blockingChecks, shortLocation } from './markdown.ts';
import type { SarifSource } from './sarif.ts';

/** The runner keeps ten error annotations per step; more would only be dropped. */
export const MAX_ANNOTATIONS = 10;

export function escapeCommandData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeCommandProperty(s: string): string {
  return escapeCommandData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface AnnotationOptions {
  /** The member's OpenAPI document: a finding about an operation is annotated on its line. */
  source?: SarifSource;
  max?: number;
}

export function renderGithubAnnotations(results: Results, opts: AnnotationOptions = {}): string[] {
  return blockingChecks(results)
    .slice(0, opts.max ?? MAX_ANNOTATIONS)
    .map((check) => {
      const first = check.findings[0];
      const op = first?.location?.operationId;
      const line = op ? opts.source?.operations.find((o) => o.operationId === op)?.line : undefined;
      const props = [`title=${escapeCommandProperty(`${check.severity}: ${check.id}`)}`];
      if (opts.source && line !== undefined)
        props.push(`file=${escapeCommandProperty(opts.source.uri)}`, `line=${line}`);
      const where = shortLocation(results, first?.location);
      const more = check.findings.length > 1 ? ` (+${check.findings.length - 1} more)` : '';
      const message = `${first?.message ?? headline(check)}${more}${where ? ` at ${where}` : ''} [${check.requirements.join(', ')}]`;
      return `::error ${props.join(',')}::${escapeCommandData(message)}`;
    });
}
