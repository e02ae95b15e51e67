// What makes a regenerated pact file byte-identical to the committed one. pact-core writes keys
// and interactions in a stable order and no timestamps, but records the versions of the tools that
// wrote it (pact-js, pact-rust); those say nothing about the contract and would change the files on
// every dependency bump, so only the specification version is kept.

const KEPT_METADATA = new Set(['pactSpecification']);

interface PactDocument {
  consumer: { name: string };
  provider: { name: string };
  interactions: { description: string }[];
  metadata?: Record<string, unknown>;
}

/** The normalised text of a pact file: tool versions dropped, interactions by description, 2-space JSON. */
export function normalisePact(text: string): string {
  const pact = JSON.parse(text) as PactDocument;
  if (pact.metadata) {
    pact.metadata = Object.fromEntries(Object.entries(pact.metadata).filter(([k]) => KEPT_METADATA.has(k)));
  }
  pact.interactions = [...pact.interactions].sort((a, b) =>
    a.description < b.description ? -1 : a.description > b.description ? 1 : 0,
  );
  return `${JSON.stringify(pact, null, 2)}\n`;
}
