// Runs every consumer's tests against Pact's mock servers and writes the normalised pact files.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConsumerSuite, type ConsumerSuite } from './consumer-suite.ts';
import { nationalAuthoritySystem } from './consumers/national-authority-system.ts';
import { portCommunitySystem } from './consumers/port-community-system.ts';
import { shippingAgentSystem } from './consumers/shipping-agent-system.ts';
import { INTERACTIONS } from './interactions.ts';
import { pactFileName } from './names.ts';
import { normalisePact } from './normalise.ts';

export const CONSUMER_SUITES: readonly ConsumerSuite[] = [
  shippingAgentSystem,
  nationalAuthoritySystem,
  portCommunitySystem,
];

/** Generates the pact files into `outDir`; returns their paths. Throws when a consumer test fails. */
export async function generatePacts(outDir: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  // pact-js merges into an existing file of the same name, so every run starts from an empty dir.
  const work = mkdtempSync(join(tmpdir(), 'port-conformance-pacts-'));
  const written: string[] = [];
  try {
    for (const suite of CONSUMER_SUITES) {
      await runConsumerSuite(suite, work);
      const name = pactFileName(suite.consumer);
      const text = normalisePact(readFileSync(join(work, name), 'utf8'));
      assertComplete(suite, text);
      writeFileSync(join(outDir, name), text);
      written.push(join(outDir, name));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return written;
}

/** The pact holds exactly the consumer's interactions of interactions.ts (none lost, none extra). */
function assertComplete(suite: ConsumerSuite, text: string): void {
  const got = (JSON.parse(text) as { interactions: { description: string }[] }).interactions
    .map((i) => i.description)
    .sort();
  const want = INTERACTIONS.filter((i) => i.consumer === suite.consumer)
    .map((i) => i.description)
    .sort();
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    throw new Error(
      `${suite.consumer}: the pact holds [${got.join('; ')}], interactions.ts lists [${want.join('; ')}]`,
    );
  }
}
