// The `port-conformance` command. Exit codes (cli/help.ts lists them all): 0 conformant, 1 not conformant
// (or incomplete), 2 usage or configuration error, 3 target unreachable, 4 internal error, 5 deadline,
// 130/143 interrupted; `verify`: 0 valid, 1 invalid; `load merge`: 0 thresholds hold, 1 one failed;
// `consortium`: its own precedence (cli/help.ts
// CONSORTIUM_EXIT_CODES).
import { Command, CommanderError, Option } from 'commander';
import { EXIT, UsageError, errorMessage } from '../engine/errors.ts';
import { recordUsageFailure, runCommand, type Io, type RunFlags } from './run.ts';
import type { ServeFlags } from './serve.ts';
import type { CertifyFlags, Clock, VerifyFlags } from './certify.ts';
import type { HistoryFlags } from './history.ts';
import { HISTORY_ENV } from '../history/index.ts';
import { TOOL } from '../session/tool.ts';
import {
  HISTORY_OPTION,
  consortiumHelp,
  historyHelp,
  loadExportHelp,
  loadMergeHelp,
  programHelp,
  runHelp,
} from './help.ts';
import type { LoadExportFlags, LoadMergeFlags } from './load.ts';
import type { ConsortiumFlags } from './consortium.ts';
import { addDashboardCommand } from './consortium-dashboard.ts';

export function buildProgram(io: Io, setExit: (code: number) => void, clock: Clock = {}): Command {
  const program = new Command('port-conformance')
    .description(
      'Checks a port single window against the consortium profile: contract, security, load and portal suites.',
    )
    .version(TOOL.version)
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
    });

  program.addHelpText('after', programHelp());

  program
    .command('run')
    .description('Run the conformance suites (with no --target, against the embedded reference single window)')
    .option('--target <url>', 'the member single window (origin or API base URL)')
    .option('--config <file>', 'member settings (YAML/JSON): URLs, allowed hosts, CA, credential variable names')
    .option('--profile <name|file>', 'profile: default, certification, or a profile file')
    .option('--suites <list>', 'comma-separated: contract,security,load,portal')
    .option('--checks <ids>', 'only these check ids (comma-separated)')
    .option('--out <dir>', 'where results.json and the reports go', 'port-conformance-results')
    .option('--seed <n>', 'seed for randomised probing; replays the same requests')
    .option('--ca <file...>', 'extra CA certificate(s) to trust (PEM)')
    .option('--format <list>', 'reports to write: json,junit,sarif,html,markdown (json always)')
    .option('--sarif-source <file>', 'the OpenAPI document in your repository: SARIF results point at its operations')
    .option('--openapi <file>', 'check an API that is not profile v1 against this OpenAPI document (generic checks)')
    .option(
      '--max-time <duration>',
      "the run's deadline (90, 90s, 10m); results.json is written by then (default: the profile's limits.maxTimeMs)",
    )
    .addOption(new Option('--load-engine <engine>', 'load engine').choices(['builtin', 'k6']).default('builtin'))
    .addOption(
      new Option(
        '--tls-engine <engine>',
        "TLS scanning: Node's prober, or testssl.sh as well (both judged, disagreements flagged)",
      )
        .choices(['node', 'testssl'])
        .default('node'),
    )
    .addOption(
      new Option('--zap <mode>', 'OWASP ZAP for zap-api-scan: auto (daemon, image, script, else skipped), or insist')
        .choices(['auto', 'script', 'daemon', 'off'])
        .default('auto'),
    )
    .option('--zap-api <url>', "a running ZAP daemon's API (default: $ZAP_API_URL); its key from $ZAP_API_KEY")
    .option(
      '--zap-rules <file>',
      "ZAP rules file (rule-id TAB IGNORE|INFO|WARN|FAIL TAB name; default: the config's zapRules)",
    )
    .option('--zap-minutes <n>', "longest ZAP active scan in minutes (default 2; the run's time left cuts it)")
    .option(
      '--waivers <file>',
      "waivers (YAML/JSON): accepted failures, each with owner and expiry (default: the config's)",
    )
    .option(
      '--baseline <results.json>',
      "an earlier run's results: mark findings new or unchanged, list the fixed ones",
    )
    .option('--fail-on <which>', 'any: every blocking failure exits 1 (default); new: only one with a new finding')
    .option('--history <db>', HISTORY_OPTION)
    .option('--no-color', 'no colour or cursor moves (also NO_COLOR=1)')
    .option('--quiet', 'print only the verdict line and errors')
    .option('--verbose', 'debug output on stderr')
    .addHelpText('after', runHelp())
    .action(async (flags: RunFlags) => setExit(await runCommand(flags, io)));

  const consortium = program
    .command('consortium')
    .description(
      'Run every member of a members file (a few at a time, load runs never overlapping) and write the consortium summary',
    )
    .option('--members <file>', "the members file (YAML/JSON): each member's settings, with an id")
    .option('--concurrency <n>', 'members run at once (their load phases still take turns)', '2')
    .option('--out <dir>', 'where consortium.json, consortium.md and members/<id>/ go (default: consortium-results)')
    .option(
      '--history <db>',
      `record each member's run in a history store; the dashboard then shows trends (default: $${HISTORY_ENV})`,
    )
    .option('--max-time <duration>', "each member's deadline (default: its profile's limits.maxTimeMs)")
    .option('--format <list>', "each member's reports: json,junit,sarif,html,markdown (json always)")
    .option('--seed <n>', 'seed for randomised probing, the same for every member')
    .option('--verbose', "each member's steps and debug output")
    .addHelpText('after', consortiumHelp())
    .action(async (flags: ConsortiumFlags) => {
      if (!flags.members) throw new UsageError('consortium: give --members FILE (or "consortium ingest DIR|FILES...")');
      const { consortiumCommand } = await import('./consortium.ts');
      setExit(await consortiumCommand(flags, io));
    });

  addDashboardCommand(consortium, io, setExit);

  consortium
    .command('ingest')
    .description("Build the consortium summary from members' results.json files (a folder is searched for them)")
    .argument('<paths...>', 'results.json files, or folders holding them')
    .option('--out <dir>', 'where consortium.json and consortium.md go (default: consortium-results)')
    .action(async (paths: string[], flags: { out?: string }) => {
      const { consortiumIngestCommand } = await import('./consortium.ts');
      // commander hands `--out` after the paths to the parent command, which knows it too.
      const out = flags.out ?? consortium.opts<{ out?: string }>().out;
      setExit(await consortiumIngestCommand(paths, out ? { out } : {}, io));
    });

  const load = program
    .command('load')
    .description(
      "The profile's load scenarios outside a run: export them for k6 (and the k6-operator), merge load measured in several places",
    );
  const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

  load
    .command('export')
    .description(
      "Write the profile's load scenarios as k6 scripts; with --k6-operator also a ConfigMap and a TestRun per scenario",
    )
    .option('--profile <name|file>', 'whose load scenarios', 'default')
    .option('--target <url>', 'the member single window the scripts load (origin or API base URL)')
    .option('--config <file>', "member settings: the API's and token endpoint's URLs, credential variable names, CA")
    .option(
      '--scenario <name>',
      "only this scenario (repeatable, or comma-separated; default all the profile's)",
      collect,
    )
    .option('--out <dir>', 'where the files go', 'port-conformance-k6')
    .option('--k6-operator', 'also write k6-operator manifests: a ConfigMap with the scripts, a TestRun per scenario')
    .option(
      '--parallelism <n>',
      'k6 runners per TestRun: each runs an equal execution segment of the scenario (default 1)',
    )
    .option('--namespace <ns>', "the manifests' namespace (default: the one kubectl uses)")
    .option('--name <name>', "prefix of the resources' names (default port-conformance)")
    .option(
      '--results-claim <pvc>',
      'the PersistentVolumeClaim the runners write their points to (default <name>-results)',
    )
    .addHelpText('after', loadExportHelp())
    .action(async (flags: LoadExportFlags) => {
      const { loadExportCommand } = await import('./load.ts');
      setExit(await loadExportCommand(flags, io));
    });

  load
    .command('merge')
    .description(
      'Combine load measured in several places (hdr files, results.json, k6 --out json) and judge the thresholds on it',
    )
    .argument('<files...>', 'hdr files (.hdr.json), results.json of runs, k6 --out json files (.json or .gz)')
    .option(
      '--threshold <metric:expr>',
      "judge this threshold (repeatable), e.g. 'http_req_duration:p(95)<300'",
      collect,
    )
    .option('--profile <name|file>', "judge each scenario on this profile's thresholds for it")
    .option('--scenario <name>', 'only this scenario (repeatable, or comma-separated)', collect)
    .option('--json', 'machine-readable output')
    .addHelpText('after', loadMergeHelp())
    .action(async (files: string[], flags: LoadMergeFlags) => {
      const { loadMergeCommand } = await import('./load.ts');
      setExit(await loadMergeCommand(files, flags, io));
    });

  program
    .command('serve')
    .description(
      'Start a fixture: the reference single window, the flawed port with seeded defects, or the DCSA Port Call reference (or its flawed copy)',
    )
    .argument('<fixture>', 'reference, flawed, dcsa-port-call or dcsa-port-call-flawed')
    .option('--port <n>', 'port to listen on (default: any free port)')
    .option('--host <host>', 'loopback address to bind', '127.0.0.1')
    .option(
      '--defects <list>',
      '"list" to list them, or a comma-separated selection (flawed and dcsa-port-call-flawed only; default all)',
    )
    .action(async (fixture: string, flags: ServeFlags) => {
      const { serveCommand } = await import('./serve.ts');
      const r = await serveCommand(fixture, flags, io);
      setExit(typeof r === 'number' ? r : 0);
    });

  program
    .command('report')
    .description('Re-render reports from an earlier results.json')
    .requiredOption('--from <file>', 'results.json of an earlier run')
    .option('--out <dir>', 'output directory (default: beside the results file)')
    .option('--format <list>', 'junit,sarif,html,json,markdown')
    .option('--sarif-source <file>', 'the OpenAPI document in your repository: SARIF results point at its operations')
    .option('--waivers <file>', "apply these waivers (judged at the run's start time) instead of the run's own")
    .option('--baseline <results.json>', 'compare with this earlier run: new, unchanged and fixed findings')
    .option('--no-color', 'plain console output')
    .action(async (flags: { from: string; out?: string; format?: string; color?: boolean }) => {
      const { reportCommand } = await import('./report.ts');
      setExit(await reportCommand(flags, io));
    });

  program
    .command('catalog')
    .description('List the requirements and the checks that cover them (and what nothing covers yet)')
    .option('--profile <name|file>', "list the catalog of this profile's standard (default: profile v1)")
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean; profile?: string }) => {
      // Commands load what they need when they run: `--version` or a usage error answers at once.
      const { catalogCommand } = await import('./catalog.ts');
      setExit(catalogCommand(flags, io));
    });

  program
    .command('plan')
    .description('List requirement × place: where each requirement applies, derived from the profile (sends nothing)')
    .option('--profile <name|file>', 'profile whose OpenAPI document and catalog to use', 'default')
    .option('--openapi <file>', "derive from this OpenAPI document instead of the profile's")
    .option('--json', 'machine-readable output')
    .action(async (flags: { profile?: string; openapi?: string; json?: boolean }) => {
      const { planCommand } = await import('./plan.ts');
      setExit(await planCommand(flags, io));
    });

  program
    .command('certify')
    .description('Sign a certificate for a complete run: certificate.jws (JWS) and certificate.html')
    .requiredOption('--from <file>', 'results.json of the run (its evidence files beside it)')
    .requiredOption('--key <file>', 'the signing key: PKCS#8 PEM private key (port-conformance keygen)')
    .option('--out <dir>', 'where the certificate goes (default: beside the results file)')
    .option('--member <name>', "the member's name (default: the target's name in results.json)")
    .option('--profile <name|file>', "the run's profile, when it is not a built-in one")
    .option(
      '--history <db>',
      `record the certificate (and its run, when missing) in a history store (default: $${HISTORY_ENV})`,
    )
    .action(async (flags: CertifyFlags) => {
      const { certifyCommand } = await import('./certify.ts');
      setExit(await certifyCommand(flags, io, clock));
    });

  program
    .command('verify')
    .description("Check a certificate's signature and validity, and with --evidence every certified file's SHA-256")
    .argument('<certificate>', 'certificate.jws')
    .option('--key <file>', "the signer's public key (SPKI PEM, JWK or JWKS); default: the key the certificate carries")
    .option('--evidence <dir>', "the run's output folder: results.json and the evidence files are hashed")
    .action(async (certificate: string, flags: VerifyFlags) => {
      const { verifyCommand } = await import('./certify.ts');
      setExit(await verifyCommand(certificate, flags, io, clock));
    });

  program
    .command('history')
    .description("List the runs recorded in a history store, or one member's findings over time (--findings)")
    .option('--history <db>', `the store: a SQLite file or a postgres:// URL (default: $${HISTORY_ENV})`)
    .option('--member <id>', "only this member's runs")
    .option('--profile <id>', 'only runs of this profile')
    .option('--since <date>', 'runs started at or after this date (2025-03-01) or ISO date-time')
    .option('--until <date>', 'runs started before this date-time; a date alone means to the end of that day (UTC)')
    .option('--limit <n>', 'only the most recent N runs (still listed oldest first)')
    .option(
      '--findings',
      'each finding (by fingerprint) of --member over time: first and last seen, fixed at, days open',
    )
    .option('--json', 'machine-readable output')
    .addHelpText('after', historyHelp())
    .action(async (flags: HistoryFlags) => {
      const { historyCommand } = await import('./history.ts');
      setExit(await historyCommand(flags, io));
    });

  program
    .command('keygen')
    .description('Make an Ed25519 key pair for signing certificates (private key PKCS#8 PEM, mode 0600)')
    .option('--out <dir>', 'where the keys go', 'port-conformance-keys')
    .action(async (flags: { out?: string }) => {
      const { keygenCommand } = await import('./certify.ts');
      setExit(await keygenCommand(flags, io));
    });

  return program;
}

/** `clock` only for tests: certify in the past, verify in the future, instead of waiting. */
export async function main(argv: string[], io: Io, clock: Clock = {}): Promise<number> {
  let code: number = EXIT.conformant;
  const program = buildProgram(
    io,
    (c) => {
      code = c;
    },
    clock,
  );
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      if (err.exitCode === 0) return 0;
      // commander already printed its one-line message; a `run` still leaves a results file.
      if (argv[0] === 'run') await recordUsageFailure(argv, err.message.replace(/^error:\s*/, ''), io);
      return EXIT.usage;
    }
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}`);
      return EXIT.usage;
    }
    io.err(`internal error: ${errorMessage(err)}`);
    return EXIT.internal;
  }
}

/** Entry point used by bin/port-conformance.js. */
export async function cliEntry(): Promise<void> {
  // `port-conformance catalog | head`: a closed pipe ends the output, not the process with a stack.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  const io: Io = {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    env: process.env,
    isTty: Boolean(process.stdout.isTTY),
    ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
  };
  const code = await main(process.argv.slice(2), io);
  process.exitCode = code;
  // Everything the run started is closed or abandoned by now; whatever a hung collector left behind
  // (an orphaned socket, a child that ignores its signal) must not keep the process alive.
  setTimeout(() => process.exit(code), 1_000).unref();
}
