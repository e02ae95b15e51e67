// The members file: every bad entry is refused before anything is sent, the message naming the file,
// the member and the setting; defaults merge under entries; paths are the file's; missing secrets skip.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { UsageError } from '../../engine/errors.ts';
import { loadMembersFile, missingSecrets } from '../../consortium/members.ts';

const dir = mkdtempSync(join(tmpdir(), 'pc-members-'));
writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\n');
writeFileSync(join(dir, 'waivers.yaml'), 'waivers: []\n');
let n = 0;

function membersFile(content: unknown): string {
  const file = join(dir, `members-${++n}.yaml`);
  writeFileSync(file, typeof content === 'string' ? content : stringify(content));
  return file;
}

function refusal(content: unknown): string {
  try {
    loadMembersFile(membersFile(content));
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('accepted');
}

const GOOD = { id: 'haropa', api: 'https://psw.example.org/api/v1' };

describe('a bad entry names the member and the setting', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['plain http off loopback', { api: 'http://psw.example.org/api/v1' }, '"api" must use https'],
    ['api not a URL', { api: 'not a url' }, '"api" is not a valid URL'],
    ['tokenEndpoint plain http', { tokenEndpoint: 'http://psw.example.org/token' }, '"tokenEndpoint" must use https'],
    ['portal not a string', { portal: 42 }, '"portal" must be a URL string'],
    [
      'a literal secret',
      { credentials: { agentA: { clientId: 'x', clientSecret: 's3cr3t' } } },
      '"credentials.agentA.clientSecret" holds a secret',
    ],
    [
      'an unknown role',
      { credentials: { captain: { clientIdEnv: 'A', clientSecretEnv: 'B' } } },
      'credentials.captain is not a role',
    ],
    [
      'credential names missing',
      { credentials: { agentA: { clientIdEnv: 'A' } } },
      'credentials.agentA needs clientIdEnv and clientSecretEnv',
    ],
    [
      'portalUser without names',
      { portalUser: { usernameEnv: 'U' } },
      '"portalUser" needs usernameEnv and passwordEnv',
    ],
    ['an unknown suite', { suites: ['contract', 'speed'] }, '"suites" must list some of'],
    ['allowedHosts not a list', { allowedHosts: 'psw.example.org' }, '"allowedHosts" must be a list'],
    ['a misspelt setting', { alowedHosts: ['x'] }, 'unknown setting "alowedHosts"; did you mean "allowedHosts"?'],
    ['a member setting', { member: 'other' }, '"member" is not a setting here'],
    ['a CA that is not there', { ca: './no-such-ca.pem' }, '"ca" file not found'],
    ['waivers that are not there', { waivers: './no-such-waivers.yaml' }, '"waivers" file not found'],
    ['an unknown profile', { profile: 'speedy' }, '"profile": unknown profile "speedy"'],
    ['checks not a list', { checks: 'response-schema' }, '"checks" must be a non-empty list of strings'],
    ['a fixture and an api', { fixture: 'reference' }, '"api" does not apply to a fixture member'],
    ['an unknown fixture', { api: undefined, fixture: 'broken' }, '"fixture" must be one of reference, flawed'],
    [
      'defects without the flawed fixture',
      { defects: ['no-mmsi-validation'] },
      '"defects" applies to "fixture: flawed" only',
    ],
    ['neither api nor fixture', { api: undefined }, '"api" is required'],
  ])('%s', (_name, change, message) => {
    const entry = { ...GOOD, ...change };
    const text = refusal({ members: [entry] });
    expect(text).toContain(`member "haropa": `);
    expect(text).toContain(message);
  });

  it('an unknown defect of the flawed fixture', () => {
    expect(refusal({ members: [{ id: 'f', fixture: 'flawed', defects: ['no-such-defect'] }] })).toContain(
      'member "f": "defects": unknown defect "no-such-defect"',
    );
  });

  it.each<[string, unknown, string]>([
    ['no id', { members: [{ api: GOOD.api }] }, 'members[0]: "id" is required'],
    ['a bad id', { members: [{ id: '../etc', api: GOOD.api }] }, 'members[0]: "id" must be an id'],
    ['the same id twice', { members: [GOOD, GOOD] }, 'member "haropa" is listed twice'],
    ['no members', { members: [] }, '"members" must be a non-empty list'],
    ['an unknown top-level key', { member: [GOOD] }, 'unknown setting "member"; did you mean "members"?'],
    ['an unknown default', { defaults: { api: GOOD.api }, members: [GOOD] }, 'defaults: unknown setting "api"'],
    ['a bad default suite', { defaults: { suites: ['x'] }, members: [GOOD] }, 'defaults: "suites" must list'],
    ['not YAML', 'members: [\n', 'is not valid YAML or JSON'],
  ])('%s', (_name, content, message) => {
    expect(refusal(content)).toContain(message);
  });
});

describe('a valid members file', () => {
  it('merges defaults under each entry, an entry winning and `~` clearing a default', () => {
    const file = membersFile({
      defaults: { profile: 'default', suites: ['contract'], checks: ['response-schema'] },
      members: [
        { ...GOOD, ca: './ca.pem', waivers: 'waivers.yaml' },
        { id: 'ref', fixture: 'reference', suites: ['security'], checks: null },
        { id: 'bad', fixture: 'flawed', defects: ['no-mmsi-validation'], profile: 'certification' },
      ],
    });
    const { members } = loadMembersFile(file);
    expect(members.map((m) => [m.id, m.suites, m.checks, m.profile.id])).toEqual([
      ['haropa', ['contract'], ['response-schema'], 'psw-v1-default'],
      ['ref', ['security'], undefined, 'psw-v1-default'],
      ['bad', ['contract'], ['response-schema'], 'psw-v1-certification'],
    ]);
    const [haropa, ref, bad] = members;
    expect(haropa!.config).toMatchObject({
      member: 'haropa',
      ca: [join(dir, 'ca.pem')],
      waivers: join(dir, 'waivers.yaml'),
    });
    expect(haropa!.config).not.toHaveProperty('checks');
    expect(ref!.fixture).toEqual({ kind: 'reference' });
    expect(bad!.fixture).toEqual({ kind: 'flawed', defects: ['no-mmsi-validation'] });
  });
});

describe('missing secrets', () => {
  const { members } = loadMembersFile(
    membersFile({
      members: [
        GOOD,
        {
          id: 'named',
          api: GOOD.api,
          credentials: { agentA: { clientIdEnv: 'NAMED_A_ID', clientSecretEnv: 'NAMED_A_SECRET' } },
        },
        { id: 'loop', api: 'https://127.0.0.1:8443/api/v1' },
        { id: 'fix', fixture: 'reference' },
      ],
    }),
  );
  const byId = new Map(members.map((m) => [m.id, m]));
  const allDefaults = {
    PSW_AGENT_A_CLIENT_ID: 'a',
    PSW_AGENT_A_CLIENT_SECRET: 'a',
    PSW_AGENT_B_CLIENT_ID: 'b',
    PSW_AGENT_B_CLIENT_SECRET: 'b',
    PSW_AUTHORITY_CLIENT_ID: 'c',
    PSW_AUTHORITY_CLIENT_SECRET: 'c',
  };

  it.each<[string, NodeJS.ProcessEnv, string[] | undefined]>([
    ['haropa', {}, ['PSW_AGENT_A_CLIENT_ID', 'PSW_AUTHORITY_CLIENT_SECRET']],
    ['haropa', allDefaults, undefined],
    ['named', allDefaults, ['NAMED_A_ID', 'NAMED_A_SECRET']],
    ['named', { ...allDefaults, NAMED_A_ID: 'x', NAMED_A_SECRET: 'y' }, undefined],
    ['loop', {}, undefined],
    ['fix', {}, undefined],
  ])('%s', (id, env, named) => {
    const why = missingSecrets(byId.get(id)!, env);
    if (!named) expect(why).toBeUndefined();
    else for (const v of named) expect(why).toContain(v);
  });
});
