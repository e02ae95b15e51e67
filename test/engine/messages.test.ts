// Error messages: a YAML error keeps its position and code frame; an unknown config key gets a
// suggestion; --target is named once.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadMemberConfig, resolveTarget } from '../../engine/config.ts';
import { closestMatch, describeYamlError, levenshtein } from '../../engine/messages.ts';
import { loadProfile } from '../../engine/profile.ts';

function yamlError(text: string): unknown {
  try {
    parse(text);
  } catch (err) {
    return err;
  }
  throw new Error('expected a YAML error');
}

function tmpFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pc-msg-')), name);
  writeFileSync(file, text);
  return file;
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('describeYamlError', () => {
  it.each([
    ['an unclosed flow sequence', 'a: 1\nb: [1, 2\nc: 3\n', 3, 1],
    ['a nested compact mapping', 'a: b: c\n', 1, 4],
  ])('%s: one cause line with line:col, then the frame', (_name, text, line, col) => {
    const [cause, ...frame] = describeYamlError(yamlError(text)).split('\n');
    expect(cause).toContain(`(line ${line}:${col})`);
    expect(cause).not.toMatch(/at line \d+, column/);
    expect(frame.length).toBeGreaterThanOrEqual(2);
    expect(frame.at(-1)!.trim()).toBe('^');
  });

  it('is the first line of any other error', () => {
    expect(describeYamlError(new Error('one\ntwo'))).toBe('one');
  });

  it.each([
    ['config', (f: string) => loadMemberConfig(f)],
    ['profile', (f: string) => loadProfile(f)],
  ])('a %s file that is not YAML keeps its frame', (_kind, load) => {
    const file = tmpFile('bad.yaml', 'api: https://psw.example.org\nsuites: [contract\nname: x\n');
    const lines = messageOf(() => load(file)).split('\n');
    expect(lines[0]).toContain(file);
    expect(lines[0]).toMatch(/\(line \d+:\d+\)$/);
    expect(lines.some((l) => l.includes('suites: [contract'))).toBe(true);
  });
});

describe('did you mean', () => {
  it.each([
    ['suits', 'suites'],
    ['alowedHosts', 'allowedHosts'],
    ['Profile', 'profile'],
    ['completely-different', undefined],
  ])('%s → %s', (word, expected) => {
    expect(closestMatch(word, ['suites', 'allowedHosts', 'profile', 'api'])).toBe(expected);
  });

  it('levenshtein', () => {
    expect([levenshtein('kitten', 'sitting'), levenshtein('', 'abc'), levenshtein('same', 'same')]).toEqual([3, 3, 0]);
  });

  it('an unknown config key suggests the known one', () => {
    const file = tmpFile('member.yaml', 'api: https://psw.example.org/api/v1\nsuits: [contract]\n');
    expect(messageOf(() => loadMemberConfig(file))).toMatch(/unknown setting "suits"; did you mean "suites"\?/);
  });
});

describe('--target is named once', () => {
  it.each(['http://psw.example.org', 'https://exa mple'])('%s', (url) => {
    const message = messageOf(() => resolveTarget({ targetUrl: url, env: {} }));
    expect(message.match(/--target/g)).toHaveLength(1);
  });
});
