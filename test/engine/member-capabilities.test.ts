// The member config's optional capabilities (`capabilities`, `edifactEndpoint`): validated by
// validateMemberSettings (so a members file entry too), carried on the Target; a wrong one is one line.
import { describe, expect, it } from 'vitest';
import { resolveTarget, validateMemberSettings } from '../../engine/config.ts';
import { UsageError } from '../../engine/errors.ts';

const API = 'https://psw.example.org/api/v1';
const where = { where: 'config member.yaml', setting: 'member.yaml' };
const ENV = {
  PSW_AGENT_A_CLIENT_ID: 'a',
  PSW_AGENT_A_CLIENT_SECRET: 'a',
  PSW_AGENT_B_CLIENT_ID: 'b',
  PSW_AGENT_B_CLIENT_SECRET: 'b',
  PSW_AUTHORITY_CLIENT_ID: 'c',
  PSW_AUTHORITY_CLIENT_SECRET: 'c',
};

describe('capabilities in the member config', () => {
  it.each([
    ['absent: the config says nothing', {}, {}],
    ['[]: none declared', { capabilities: [] }, { capabilities: [] }],
    ['[edifact]', { capabilities: ['edifact'] }, { capabilities: ['edifact'] }],
    [
      '[edifact] with its endpoint, whose host is allowed',
      { capabilities: ['edifact'], edifactEndpoint: 'https://edi.example.org/in' },
      { capabilities: ['edifact'], edifactEndpoint: 'https://edi.example.org/in' },
    ],
  ])('%s', (_what, extra, want) => {
    const config = validateMemberSettings({ api: API, ...extra }, where);
    const t = resolveTarget({ config: { ...config, baseDir: '.' }, env: ENV });
    expect({ capabilities: t.capabilities, edifactEndpoint: t.edifactEndpoint }).toEqual({
      capabilities: undefined,
      edifactEndpoint: undefined,
      ...want,
    });
    if (t.edifactEndpoint) expect(t.allowedHosts).toContain('edi.example.org:443');
  });

  it.each([
    [{ capabilities: ['edi'] }, 'config member.yaml: "capabilities": unknown capability "edi" (known: edifact)'],
    [{ capabilities: 'edifact' }, 'config member.yaml: "capabilities" must be a list of capability names (edifact)'],
    [
      { edifactEndpoint: 'https://edi.example.org/in' },
      'config member.yaml: "edifactEndpoint" needs "capabilities: [edifact]"',
    ],
    [
      { capabilities: ['edifact'], edifactEndpoint: 'http://edi.example.org/in' },
      'member.yaml: "edifactEndpoint" must use https (plain http is only accepted on loopback)',
    ],
  ])('%j is a UsageError, one line', (extra, message) => {
    const run = () => validateMemberSettings({ api: API, ...extra }, where);
    expect(run).toThrow(UsageError);
    expect(run).toThrow(message);
  });
});
