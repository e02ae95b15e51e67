// The bench's peers are real programs (wrk, testssl.sh); a missing one fails the bench before anything
// runs, with one line naming the package, never a silently skipped row. npm install provisions both
// when it runs as root on Debian (scripts/ensure-tools.mjs).
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Section } from './modes.ts';

export interface Peer {
  name: string;
  /** Executable names looked up on PATH (Debian installs testssl.sh as `testssl`). */
  executables: string[];
  debianPackage: string;
  /** The bench sections that measure it. */
  sections: Section[];
}

export const PEERS: readonly Peer[] = [
  { name: 'wrk', executables: ['wrk'], debianPackage: 'wrk', sections: ['rate', 'stall'] },
  { name: 'testssl.sh', executables: ['testssl', 'testssl.sh'], debianPackage: 'testssl.sh', sections: ['tls'] },
];

export class PeerMissing extends Error {
  constructor(readonly peer: Peer) {
    super(missingPeerMessage(peer));
    this.name = 'PeerMissing';
  }
}

/** One line: what is missing, which sections need it, how to get it, how to run without it. */
export function missingPeerMessage(peer: Peer): string {
  const many = peer.sections.length > 1;
  return (
    `bench: ${peer.name} is not installed (the ${peer.sections.join(' and ')} section${many ? 's measure' : ' measures'} it); ` +
    `install it: apt-get install ${peer.debianPackage} (npm install does so when run as root), ` +
    `or leave ${many ? 'those sections' : 'that section'} out with --only`
  );
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first of the peer's executables found on PATH, or undefined. */
export function findPeer(
  peer: Peer,
  pathVar = process.env.PATH ?? '',
  exists: (path: string) => boolean = isExecutable,
): string | undefined {
  for (const dir of pathVar.split(delimiter).filter(Boolean))
    for (const exe of peer.executables) if (exists(join(dir, exe))) return join(dir, exe);
  return undefined;
}

/** The path of each peer the selected sections measure; throws PeerMissing for the first one absent. */
export function requirePeers(
  sections: readonly Section[],
  find: (peer: Peer) => string | undefined = (p) => findPeer(p),
): Map<string, string> {
  const found = new Map<string, string>();
  for (const peer of PEERS) {
    if (!peer.sections.some((s) => sections.includes(s))) continue;
    const path = find(peer);
    if (!path) throw new PeerMissing(peer);
    found.set(peer.name, path);
  }
  return found;
}
