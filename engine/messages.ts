// Small helpers that make user-facing error messages more useful: a YAML error keeps its position
// and code frame, and a misspelt key gets a suggestion.

/**
 * A YAML parse error as one cause line (with line:col) followed by its code frame, indented. Errors
 * that are not YAML parse errors give their first line only.
 */
export function describeYamlError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const [first = '', ...rest] = message.split('\n');
  const pos = (err as { linePos?: Array<{ line: number; col: number }> } | undefined)?.linePos?.[0];
  if (!pos) return first;
  // The yaml package ends its first line with " at line L, column C:"; say it once, as L:C.
  const cause = first.replace(/ at line \d+, column \d+:?$/, '');
  const frame = rest.filter((l) => l.trim() !== '').map((l) => `    ${l}`);
  return [`${cause} (line ${pos.line}:${pos.col})`, ...frame].join('\n');
}

/** Edit distance (insertions, deletions, substitutions), for "did you mean" suggestions. */
export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The closest known word within 2 edits (case-insensitive), or undefined. */
export function closestMatch(word: string, known: Iterable<string>, maxDistance = 2): string | undefined {
  let best: { word: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = levenshtein(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= maxDistance && (!best || distance < best.distance)) best = { word: candidate, distance };
  }
  return best?.word;
}
