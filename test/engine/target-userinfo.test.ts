import { describe, expect, it } from 'vitest';
import { resolveTarget, validateMemberSettings } from '../../engine/config.ts';
import { UsageError } from '../../engine/errors.ts';

function refusal(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('a URL holding a user name or password is refused, without repeating them', () => {
  it.each([
    ['user and password', 'https://agent:S3cr%21t@psw.example.org/api/v1'],
    ['user only', 'https://S3cr%21t@psw.example.org'],
    ['password only', 'https://:S3cr%21t@psw.example.org'],
    ['loopback plain http', 'http://agent:S3cr%21t@127.0.0.1:8443'],
  ])('--target with %s', (_name, url) => {
    const err = refusal(() => resolveTarget({ targetUrl: url, env: {} }));
    expect(err.message).toMatch(/^--target must not hold a user name or password/);
    expect(err.message).not.toMatch(/S3cr|agent/);
    expect(err.message.split('\n')).toHaveLength(1);
  });

  it.each(['api', 'tokenEndpoint', 'jwks', 'portal', 'edifactEndpoint'])('config "%s"', (field) => {
    const settings: Record<string, unknown> = {
      api: 'https://psw.example.org/api/v1',
      [field]: 'https://u:S3cr%21t@psw.example.org/x',
    };
    if (field === 'edifactEndpoint') settings.capabilities = ['edifact'];
    const err = refusal(() => validateMemberSettings(settings, { where: 'member.yaml' }));
    expect(err.message).toBe(
      `member.yaml: "${field}" must not hold a user name or password (user:password@); credentials come from environment variables`,
    );
  });

  it('an invalid URL is named without its userinfo', () => {
    const err = refusal(() => resolveTarget({ targetUrl: 'https://u:S3cr%21t@', env: {} }));
    expect(err.message).not.toContain('S3cr');
  });

  it('a URL without userinfo is accepted as before', () => {
    expect(validateMemberSettings({ api: 'https://psw.example.org/api/v1' }, { where: 'member.yaml' }).api).toBe(
      'https://psw.example.org/api/v1',
    );
  });
});
