// What `--help` adds after the options: examples, exit codes and the credential variables. Built from
// the same data the run uses (EXIT, the default credential variable names), so help cannot drift.
import { DEFAULT_CREDENTIAL_ENV, DEFAULT_PORTAL_ENV } from '../engine/config.ts';
import { EXIT } from '../engine/errors.ts';
import { HISTORY_ENV } from '../history/index.ts';

const EXIT_MEANING: Record<keyof typeof EXIT, string> = {
  conformant: 'conformant: every required check passed',
  notConformant: 'not conformant, or incomplete (with --fail-on new: only a new finding fails)',
  usage: 'usage or configuration error (flag, config, profile, waivers)',
  unreachable: 'the target did not answer',
  internal: 'internal error of the harness',
  deadline: 'the run reached its deadline (--max-time); results.json holds what was judged',
  interrupted: 'interrupted (SIGINT, Ctrl-C)',
  terminated: 'terminated (SIGTERM)',
};

export function exitCodesHelp(): string {
  const rows = (Object.keys(EXIT) as (keyof typeof EXIT)[]).map(
    (k) => `  ${String(EXIT[k]).padStart(3)}  ${EXIT_MEANING[k]}`,
  );
  return ['Exit codes:', ...rows].join('\n');
}

export function credentialsHelp(): string {
  const rows = Object.entries(DEFAULT_CREDENTIAL_ENV).map(
    ([role, names]) => `  ${names.clientIdEnv}, ${names.clientSecretEnv}  (${role})`,
  );
  return [
    'Credentials (environment variables; a --config may name others; demo clients only for loopback targets):',
    ...rows,
    `  ${DEFAULT_PORTAL_ENV.usernameEnv}, ${DEFAULT_PORTAL_ENV.passwordEnv}  (a portal user of tenant A)`,
  ].join('\n');
}

export const OUTPUT_HELP = [
  'Output:',
  '  On a terminal, a live progress display; with CI set or not a terminal, one line per step.',
  '  NO_COLOR=1: no escape codes (no colour, plain lines); FORCE_COLOR=1 (0) forces colour on (off);',
  '  --quiet prints only the verdict line.',
].join('\n');

export const RUN_EXAMPLES = [
  'Examples:',
  '  $ port-conformance run                                   # the embedded reference single window',
  '  $ port-conformance run --target https://psw.example.org --suites contract,security',
  '  $ port-conformance run --config member.yaml --profile certification --out results/',
  '  $ port-conformance run --checks response-schema --quiet',
  '  $ port-conformance run --baseline last/results.json --fail-on new',
  '  $ port-conformance run --config member.yaml --history history.sqlite',
].join('\n');

export const PROGRAM_EXAMPLES = [
  'Examples:',
  '  $ port-conformance run --target https://psw.example.org   # check a single window',
  '  $ port-conformance serve flawed --port 0                    # a fixture to try it on',
  '  $ port-conformance report --from port-conformance-results/results.json --format html',
  '  $ port-conformance history --history history.sqlite --member port-a',
  '  $ port-conformance consortium --members members.yaml        # every member, side by side',
  '  $ port-conformance load export --k6-operator --parallelism 4 --target https://psw.example.org',
  '  $ port-conformance run --help                               # every flag of a run',
].join('\n');

export const HISTORY_OPTION = `record the run in a history store: a SQLite file or a postgres:// URL (default: $${HISTORY_ENV})`;

export const HISTORY_HELP = [
  'History store:',
  '  A SQLite file (any path; created with its folder) or postgres://user:password@host/db (postgresql://).',
  `  ${HISTORY_ENV}: the store used when --history is not given (by run, certify and history).`,
  "  new / fixed: findings (by fingerprint) not in, or no longer in, the member's previous run of the same profile.",
  '',
  'Examples:',
  '  $ port-conformance history --history history.sqlite',
  '  $ port-conformance history --member port-a --since 2025-01-01 --until 2025-03-31 --json',
  '  $ port-conformance history --findings --member port-a',
].join('\n');

export function historyHelp(): string {
  return `\n${HISTORY_HELP}\n\n${exitCodesHelp()}`;
}

/** The consortium command's exit codes, first that applies (consortium/summary.ts consortiumExitCode). */
export const CONSORTIUM_EXIT_CODES = [
  'Exit codes (the first that applies):',
  `  ${String(EXIT.interrupted).padStart(3)}  interrupted (SIGINT, Ctrl-C); ${EXIT.terminated} for SIGTERM`,
  `  ${String(EXIT.usage).padStart(3)}  usage error: a flag or the members file (nothing run), or a member's entry refused by its run`,
  `  ${String(EXIT.notConformant).padStart(3)}  some member ran and is not conformant (or incomplete)`,
  `  ${String(EXIT.unreachable).padStart(3)}  some member could not be judged: unreachable, skipped (credentials not set), crashed or hung`,
  `  ${String(EXIT.conformant).padStart(3)}  every member ran and is conformant`,
].join('\n');

export const CONSORTIUM_EXAMPLES = [
  'Examples:',
  '  $ port-conformance consortium --members members.yaml --concurrency 4 --out consortium-results',
  '  $ port-conformance consortium --members examples/consortium/members.yaml --max-time 2m',
  "  $ port-conformance consortium ingest artifacts/ --out consortium-results   # results.json of members' CI jobs",
].join('\n');

export function consortiumHelp(): string {
  return `\n${CONSORTIUM_EXAMPLES}\n\n${CONSORTIUM_EXIT_CODES}\n\nCredentials: each member's entry names its variables (default as for run); a member whose variables are\nnot set is skipped (loopback and fixture members use demo clients).`;
}

export const LOAD_EXPORT_HELP = [
  'Examples:',
  '  $ port-conformance load export --target https://psw.example.org --out k6/',
  '  $ port-conformance load export --config member.yaml --profile certification --k6-operator --parallelism 4',
  '',
  'The scripts hold no secret: they read the client id and secret from PSW_CLIENT_ID and PSW_CLIENT_SECRET.',
  "With --k6-operator, each TestRun takes them from the Secret <name>-credentials, whose keys are the member's",
  'credential variable names (the command prints the kubectl line that creates it), and each runner writes its',
  'points (k6 --out json) to the --results-claim volume, for load merge.',
].join('\n');

export const LOAD_MERGE_HELP = [
  'Examples:',
  '  $ port-conformance load merge half-1/results.json half-2/results.json',
  '  $ port-conformance load merge runner-*.json --threshold "http_req_duration:p(95)<300"',
  '  $ port-conformance load merge a.hdr.json b.hdr.json --profile certification --json',
  '',
  'Thresholds: --threshold if given, else the --profile scenario of that name, else those the inputs recorded.',
  '',
  'Exit codes:',
  `  ${String(EXIT.conformant).padStart(3)}  every threshold holds`,
  `  ${String(EXIT.notConformant).padStart(3)}  a threshold failed`,
  `  ${String(EXIT.usage).padStart(3)}  usage error, or an input that cannot be read (the message names the file and line)`,
].join('\n');

export function loadExportHelp(): string {
  return `\n${LOAD_EXPORT_HELP}`;
}

export function loadMergeHelp(): string {
  return `\n${LOAD_MERGE_HELP}`;
}

export const ZAP_HELP = [
  'OWASP ZAP (check zap-api-scan; README "ZAP"):',
  '  --zap auto looks, in order, for --zap-api / ZAP_API_URL (a running daemon; key in ZAP_API_KEY), docker or',
  '  podman with ghcr.io/zaproxy/zaproxy:stable pulled, zap-api-scan.py on PATH inside the ZAP image;',
  '  none: the check is skipped, saying why. zap-api-scan.py exit 1 (FAIL) or 2 (WARN): the check fails;',
  '  3 (other failure): it errors.',
].join('\n');

export function runHelp(): string {
  return `\n${RUN_EXAMPLES}\n\n${exitCodesHelp()}\n\n${credentialsHelp()}\n\n${ZAP_HELP}\n\n${OUTPUT_HELP}`;
}

export function programHelp(): string {
  return `\n${PROGRAM_EXAMPLES}\n\n${exitCodesHelp()}\n\n${credentialsHelp()}`;
}
