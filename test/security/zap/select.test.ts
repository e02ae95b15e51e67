// Which ZAP a run uses: --zap-api / ZAP_API_URL, then docker/podman with the image pulled, then
// zap-api-scan.py inside the ZAP image, else skipped (auto) or an error (script, daemon insisted on).
import { describe, expect, it } from 'vitest';
import type { ZapEngine } from '../../../engine/context.ts';
import { chooseZap, ZAP_IMAGE, type ZapProbes } from '../../../security/zap/select.ts';

function probes(have: {
  docker?: boolean;
  podman?: boolean;
  images?: readonly string[];
  script?: boolean;
  container?: boolean;
}): ZapProbes {
  return {
    which: (name) =>
      (name === 'docker' && have.docker) ||
      (name === 'podman' && have.podman) ||
      (name === 'zap-api-scan.py' && have.script)
        ? `/usr/bin/${name}`
        : undefined,
    imagePresent: async (exe) => (have.images ?? []).includes(exe.split('/').pop()!),
    inContainer: () => have.container === true,
  };
}

const auto: ZapEngine = { mode: 'auto' };

describe('chooseZap', () => {
  it.each([
    [
      'a daemon URL first',
      { ...auto, apiUrl: 'http://127.0.0.1:8080' },
      { docker: true, images: ['docker'] },
      { way: 'daemon', apiUrl: 'http://127.0.0.1:8080' },
    ],
    [
      'docker with the image',
      auto,
      { docker: true, podman: true, images: ['docker', 'podman'] },
      {
        way: 'script',
        runner: { kind: 'container', runtime: 'docker', executable: '/usr/bin/docker', image: ZAP_IMAGE },
      },
    ],
    [
      'podman when docker lacks the image',
      auto,
      { docker: true, podman: true, images: ['podman'] },
      { way: 'script', runner: { kind: 'container', runtime: 'podman' } },
    ],
    [
      'the script inside the ZAP image',
      auto,
      { script: true, container: true },
      { way: 'script', runner: { kind: 'local', script: '/usr/bin/zap-api-scan.py' } },
    ],
  ])('auto takes %s', (_what, settings, have, expected) => {
    return expect(chooseZap(settings, probes(have))).resolves.toMatchObject(expected);
  });

  it.each([
    [
      'nothing at all',
      {},
      'ZAP not found: no --zap-api or ZAP_API_URL; no docker; no podman; no zap-api-scan.py on PATH',
    ],
    [
      'docker without the image',
      { docker: true },
      `ZAP not found: no --zap-api or ZAP_API_URL; docker has no ${ZAP_IMAGE} (docker pull ${ZAP_IMAGE}); no podman; no zap-api-scan.py on PATH`,
    ],
    [
      'the script outside a container',
      { script: true },
      'zap-api-scan.py is on PATH but this is not the ZAP container',
    ],
  ])('auto skips with %s, saying why', async (_what, have, reason) => {
    const c = await chooseZap(auto, probes(have));
    expect(c.way).toBe('none');
    expect((c as { reason: string }).reason).toContain(reason);
  });

  it.each([
    [
      'off',
      { mode: 'off' },
      { docker: true, images: ['docker'] },
      { way: 'none', reason: 'ZAP switched off (--zap off)' },
    ],
    ['script without ZAP', { mode: 'script' }, {}, { way: 'missing' }],
    [
      'script even with a daemon URL',
      { mode: 'script', apiUrl: 'http://127.0.0.1:8080' },
      { script: true, container: true },
      { way: 'script' },
    ],
    [
      'daemon without a URL',
      { mode: 'daemon' },
      { docker: true, images: ['docker'] },
      { way: 'missing', reason: '--zap daemon needs --zap-api URL (or ZAP_API_URL)' },
    ],
  ] as const)('--zap %s', (_what, settings, have, expected) => {
    return expect(chooseZap(settings as ZapEngine, probes(have))).resolves.toMatchObject(expected);
  });
});
