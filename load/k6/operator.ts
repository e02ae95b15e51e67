// Manifests for the k6-operator (grafana/k6-operator, CRD k6.io/v1alpha1): one ConfigMap holding
// the exported scripts (load/k6/script.ts), and per scenario one TestRun running its script on
// `parallelism` runner pods.
//
// The split across runners is the operator's: it starts each runner with
// `--execution-segment` / `--execution-segment-sequence`, so each runs an equal share of the
// scenario's arrival rate and of its VUs. The script therefore keeps the whole scenario, and its
// thresholds are the profile's; but k6 judges them on each runner's share alone, and nothing
// aggregates them across runners. So each runner also writes its raw points (`--out json`) to a
// volume, and `port-conformance load merge` judges the thresholds on all runners' points together.
//
// One TestRun per scenario: the harness runs a profile's scenarios one after the other, never at
// once, and applying every TestRun together would not. Nothing secret is written: the credentials
// come from a Secret the member creates (secretKeys names its keys), by reference.
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { ClientRole } from '../../engine/context.ts';
import { ANONYMOUS, type LoadScenario } from '../scenario.ts';
import { K6_ENV } from './script.ts';

export const K6_OPERATOR_API_VERSION = 'k6.io/v1alpha1';
/** Where the operator mounts a script ConfigMap in the runner pods. */
export const SCRIPT_MOUNT = '/test';
/** Where the runners write their points. */
export const RESULTS_MOUNT = '/results';
export const CA_KEY = 'ca.pem';
/** Runner pods; the CRD's parallelism is an int32, this keeps a profile's load sane. */
export const MAX_PARALLELISM = 100;

/** A Kubernetes name: a DNS-1123 label. */
export const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Room for the scenario and the operator's suffixes (`-initializer`, `-service-<n>`) within 63. */
export const MAX_NAME_LENGTH = 30;
const MAX_TESTRUN_NAME = 40;

export interface K6OperatorInput {
  /** Prefix of every resource's name. */
  name: string;
  namespace?: string;
  parallelism: number;
  scenarios: { scenario: LoadScenario; script: string }[];
  apiBaseUrl: string;
  tokenUrl: string;
  /** The Secret holding the clients' credentials, and its key names per role (the member's variable names). */
  secret: { name: string; keys: Record<ClientRole, { clientIdEnv: string; clientSecretEnv: string }> };
  /** The PersistentVolumeClaim the runners write their points to. */
  resultsClaim: string;
  /** Extra CA certificates (PEM) the runners must trust: put in the ConfigMap, SSL_CERT_FILE points at it. */
  ca?: readonly string[];
}

export interface K6TestRunManifest {
  scenario: string;
  /** The TestRun's name, also its runners' job name prefix. */
  name: string;
  /** The ConfigMap key holding its script. */
  file: string;
  /** Where each runner writes its points, `$(POD_NAME)` expanded by Kubernetes. */
  pointsFile: string;
  manifest: Record<string, unknown>;
}

export interface K6OperatorManifests {
  configMap: Record<string, unknown>;
  testRuns: K6TestRunManifest[];
  /** The Secret's keys the TestRuns read (none when every scenario is anonymous). */
  secretKeys: string[];
}

/** `<name>-<scenario>`, lowercased into a DNS-1123 label, shortened with a hash when too long. */
export function testRunName(name: string, scenario: string): string {
  const slug = scenario
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  const full = `${name}-${slug || 'scenario'}`;
  if (full.length <= MAX_TESTRUN_NAME) return full;
  const hash = createHash('sha256').update(scenario).digest('hex').slice(0, 6);
  return `${full.slice(0, MAX_TESTRUN_NAME - 7).replace(/-+$/, '')}-${hash}`;
}

export function scriptKey(scenario: LoadScenario): string {
  return `${scenario.name}.js`;
}

export function k6OperatorManifests(input: K6OperatorInput): K6OperatorManifests {
  const metadata = (name: string): Record<string, unknown> => ({
    name,
    ...(input.namespace ? { namespace: input.namespace } : {}),
    labels: { 'app.kubernetes.io/managed-by': 'port-conformance' },
  });
  const configMapName = `${input.name}-scripts`;
  const data: Record<string, string> = {};
  for (const { scenario, script } of input.scenarios) data[scriptKey(scenario)] = script;
  if (input.ca?.length) data[CA_KEY] = input.ca.join('\n');
  const secretKeys = new Set<string>();

  const testRuns = input.scenarios.map(({ scenario }): K6TestRunManifest => {
    const name = testRunName(input.name, scenario.name);
    const file = scriptKey(scenario);
    const role = scenario.operation.as ?? 'agentA';
    const env: Record<string, unknown>[] = [
      { name: K6_ENV.apiBase, value: input.apiBaseUrl.replace(/\/+$/, '') },
      { name: K6_ENV.tokenUrl, value: input.tokenUrl },
    ];
    if (role !== ANONYMOUS) {
      const keys = input.secret.keys[role];
      secretKeys.add(keys.clientIdEnv).add(keys.clientSecretEnv);
      env.push(
        { name: K6_ENV.clientId, valueFrom: { secretKeyRef: { name: input.secret.name, key: keys.clientIdEnv } } },
        {
          name: K6_ENV.clientSecret,
          valueFrom: { secretKeyRef: { name: input.secret.name, key: keys.clientSecretEnv } },
        },
      );
    }
    env.push(
      { name: 'K6_NO_USAGE_REPORT', value: 'true' },
      // Each runner's own file name: Kubernetes expands $(POD_NAME) in the k6 command.
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    );
    if (input.ca?.length) env.push({ name: 'SSL_CERT_FILE', value: `${SCRIPT_MOUNT}/${CA_KEY}` });
    const pointsFile = `${RESULTS_MOUNT}/${name}-$(POD_NAME).json`;
    return {
      scenario: scenario.name,
      name,
      file,
      pointsFile,
      manifest: {
        apiVersion: K6_OPERATOR_API_VERSION,
        kind: 'TestRun',
        metadata: metadata(name),
        spec: {
          parallelism: input.parallelism,
          script: { configMap: { name: configMapName, file } },
          arguments: `--out json=${pointsFile}`,
          runner: {
            metadata: { labels: { 'app.kubernetes.io/managed-by': 'port-conformance' } },
            env,
            volumes: [{ name: 'results', persistentVolumeClaim: { claimName: input.resultsClaim } }],
            volumeMounts: [{ name: 'results', mountPath: RESULTS_MOUNT }],
          },
        },
      },
    };
  });

  return {
    configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(configMapName), data },
    testRuns,
    secretKeys: [...secretKeys],
  };
}

/** A manifest as YAML, with a comment on top (each line prefixed with `# `). */
export function manifestYaml(manifest: Record<string, unknown>, comment: readonly string[] = []): string {
  const head = comment.map((l) => (l ? `# ${l}` : '#')).join('\n');
  return `${head ? `${head}\n` : ''}${stringify(manifest, { lineWidth: 0 })}`;
}
