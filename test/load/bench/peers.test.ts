import { describe, expect, it } from 'vitest';
import { findPeer, missingPeerMessage, PeerMissing, PEERS, requirePeers } from '../../../load/bench/peers.ts';

const wrk = PEERS.find((p) => p.name === 'wrk')!;
const testssl = PEERS.find((p) => p.name === 'testssl.sh')!;

describe('findPeer', () => {
  it.each([
    { peer: wrk, present: ['/opt/bin/wrk'], found: '/opt/bin/wrk' },
    { peer: testssl, present: ['/usr/bin/testssl'], found: '/usr/bin/testssl' },
    { peer: testssl, present: ['/opt/bin/testssl.sh'], found: '/opt/bin/testssl.sh' },
    { peer: wrk, present: [] as string[], found: undefined },
  ])('$peer.name with $present → $found', ({ peer, present, found }) => {
    expect(findPeer(peer, '/usr/bin:/opt/bin', (p) => present.includes(p))).toBe(found);
  });
});

describe('requirePeers', () => {
  const only = (names: string[]) => (p: { name: string }) =>
    names.includes(p.name) ? `/usr/bin/${p.name}` : undefined;

  it.each([
    { sections: ['rate'] as const, installed: [], missing: 'wrk' },
    { sections: ['stall'] as const, installed: ['testssl.sh'], missing: 'wrk' },
    { sections: ['tls'] as const, installed: ['wrk'], missing: 'testssl.sh' },
    { sections: ['rss'] as const, installed: [], missing: undefined },
    { sections: ['rate', 'tls'] as const, installed: ['wrk', 'testssl.sh'], missing: undefined },
  ])('$sections with $installed installed → missing $missing', ({ sections, installed, missing }) => {
    const run = () => requirePeers([...sections], only(installed));
    if (missing === undefined) expect(run).not.toThrow();
    else {
      expect(run).toThrow(PeerMissing);
      try {
        run();
      } catch (err) {
        expect((err as PeerMissing).peer.name).toBe(missing);
      }
    }
  });

  it('returns the path of each peer it needed', () => {
    expect([...requirePeers(['rate', 'tls'], only(['wrk', 'testssl.sh'])).keys()]).toEqual(['wrk', 'testssl.sh']);
  });
});

describe('missingPeerMessage', () => {
  it.each(PEERS.map((p) => [p.name, p] as const))('%s: one line naming the Debian package', (_, peer) => {
    const msg = missingPeerMessage(peer);
    expect(msg).not.toContain('\n');
    expect(msg).toContain(`apt-get install ${peer.debianPackage}`);
  });
});
