// The layering rule (`layers/imports`, scripts/eslint-layers.js) run through the project's own eslint.config.js
// on small sources at virtual paths, and the agreement of its data with ARCHITECTURE.md's Layers table.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RULE = 'layers/imports';
const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: `${ROOT}eslint.config.js` });

/** [ruleId, line] of the layering errors and of any parse failure (ruleId null), in source order. */
async function layerErrors(file: string, source: string): Promise<Array<[string | null, number]>> {
  const [result] = await eslint.lintText(source, { filePath: file });
  return result!.messages.filter((m) => m.ruleId === RULE || m.fatal).map((m) => [m.ruleId, m.line]);
}

const CASES: Array<{ name: string; file: string; source: string; errors: number[] }> = [
  // reports/: engine/types.ts only
  { name: 'reports → engine/runner.ts', file: 'reports/x.ts', source: "import '../engine/runner.ts';", errors: [1] },
  {
    name: 'reports → engine/types.ts',
    file: 'reports/x.ts',
    source: "export * from '../engine/types.ts';",
    errors: [],
  },
  {
    name: 'reports, from a subfolder, → engine/types.ts, then engine/check.ts',
    file: 'reports/sub/x.ts',
    source: "import '../../engine/types.ts';\nimport '../../engine/check.ts';",
    errors: [2],
  },
  {
    name: 'reports: import type is checked like any import',
    file: 'reports/x.ts',
    source: "import type { Runner } from '../engine/runner.ts';\nexport type R = Runner;",
    errors: [1],
  },
  {
    name: 'reports: extensionless and .js specifiers name the same files',
    file: 'reports/x.ts',
    source: "import '../engine/types';\nimport '../engine/types.js';\nimport '../engine/runner.js';",
    errors: [3],
  },
  {
    name: 'reports → a file at the root, outside every layer',
    file: 'reports/x.ts',
    source: "import '../vitest.config.ts';",
    errors: [1],
  },
  {
    name: 'reports: packages, builtins and its own folder are not layers',
    file: 'reports/a/x.ts',
    source: "import 'node:fs';\nimport 'yaml';\nimport '../y.ts';\nimport './z.ts';",
    errors: [],
  },
  // contracts/: engine/types.ts and engine/errors.ts only
  { name: 'contracts → suites/index.ts', file: 'contracts/x.ts', source: "import '../suites/index.ts';", errors: [1] },
  {
    name: 'contracts → engine/errors.ts, engine/types.ts, engine/http.ts',
    file: 'contracts/rules/x.ts',
    source:
      "export { UsageError } from '../../engine/errors.ts';\nexport * from '../../engine/types.ts';\nexport * from '../../engine/http.ts';",
    errors: [3],
  },
  // engine/: contracts/
  {
    name: 'engine → contracts/, then suites/',
    file: 'engine/x.ts',
    source: "import '../contracts/samples.ts';\nimport '../suites/index.ts';",
    errors: [2],
  },
  // suites/: engine/, contracts/, security/, load/
  {
    name: 'suites → engine, contracts, security, load; then reports, fixtures, cli',
    file: 'suites/contract/collectors/x.ts',
    source: [
      "import '../../../engine/runner.ts';",
      "import '../../../contracts/rules/index.ts';",
      "import '../../../security/tls/probe.ts';",
      "import '../../../load/engine.ts';",
      "import '../../../reports/index.ts';",
      "import '../../../fixtures/defects.ts';",
      "import '../../../cli/main.ts';",
    ].join('\n'),
    errors: [5, 6, 7],
  },
  // security/ and load/: the engine's types, context, target and errors; load/ also contracts/samples.ts
  {
    name: 'security: dynamic import() of engine/target.ts, then of engine/runner.ts',
    file: 'security/jwt/x.ts',
    source:
      "export const a = () => import('../../engine/target.ts');\nexport const b = () => import(`../../engine/runner.ts`);",
    errors: [2],
  },
  {
    name: 'security: import() of a computed name is not checked',
    file: 'security/x.ts',
    source: "const name = '../engine/runner.ts';\nexport const a = () => import(name);",
    errors: [],
  },
  {
    name: 'security: an import(…) type',
    file: 'security/x.ts',
    source: "export type A = import('../engine/runner.ts').Runner;",
    errors: [1],
  },
  {
    name: 'load → engine/context.ts, contracts/samples.ts, then contracts/schemas.ts, engine/http.ts',
    file: 'load/k6/x.ts',
    source: [
      "import type { ClientRole } from '../../engine/context.ts';",
      "export { samplePortCall } from '../../contracts/samples.ts';",
      "export * from '../../contracts/schemas.ts';",
      "export * from '../../engine/http.ts';",
      'export type R = ClientRole;',
    ].join('\n'),
    errors: [3, 4],
  },
  // fixtures/: contracts/ and engine/errors.ts
  {
    name: 'fixtures → contracts/, engine/errors.ts, then engine/runner.ts and suites/',
    file: 'fixtures/reference/x.ts',
    source: [
      "import '../../contracts/schemas.ts';",
      "import '../../engine/errors.ts';",
      "import '../../engine/runner.ts';",
      "import '../../suites/index.ts';",
    ].join('\n'),
    errors: [3, 4],
  },
  // session/: everything except cli/
  {
    name: 'session → engine, suites, reports, fixtures, then cli',
    file: 'session/x.ts',
    source: [
      "import '../engine/runner.ts';",
      "import '../suites/index.ts';",
      "import '../reports/index.ts';",
      "import '../fixtures/defects.ts';",
      "import '../cli/main.ts';",
    ].join('\n'),
    errors: [5],
  },
  // cli/ and test/: everything
  {
    name: 'cli → anything',
    file: 'cli/x.ts',
    source: [
      "import '../engine/runner.ts';",
      "import '../suites/index.ts';",
      "import '../reports/index.ts';",
      "import '../fixtures/defects.ts';",
      "import '../session/x.ts';",
      "import '../vitest.config.ts';",
    ].join('\n'),
    errors: [],
  },
  {
    name: 'test → anything',
    file: 'test/a/x.test.ts',
    source: "import '../../cli/main.ts';\nimport '../../engine/runner.ts';\nimport '../../fixtures/defects.ts';",
    errors: [],
  },
  // bin/: cli/; scripts/: nothing
  {
    name: 'bin → cli, then engine',
    file: 'bin/x.js',
    source: "await import('../cli/main.ts');\nawait import('../engine/runner.ts');",
    errors: [2],
  },
  { name: 'scripts → engine/types.ts', file: 'scripts/x.mjs', source: "import '../engine/types.ts';", errors: [1] },
  // outside the table
  {
    name: 'a folder that is not a layer',
    file: 'newfolder/x.ts',
    source: "import '../engine/types.ts';",
    errors: [1],
  },
  {
    name: 'a file at the root belongs to no layer',
    file: 'x.ts',
    source: "import './engine/runner.ts';\nimport './cli/main.ts';",
    errors: [],
  },
];

describe('layers/imports', () => {
  it.each(CASES)('$name', async ({ file, source, errors }) => {
    expect(await layerErrors(file, source)).toEqual(errors.map((line) => [RULE, line]));
  });
});

type Policy = '*' | string[] | { except: string[] };

/** ARCHITECTURE.md's Layers table: folder → its "may import" cell, read as the rule's data. */
function architectureTable(): Record<string, Policy> {
  const md = readFileSync(`${ROOT}ARCHITECTURE.md`, 'utf8');
  const start = md.indexOf('## Layers');
  const section = md.slice(start, md.indexOf('\n## ', start));
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  return Object.fromEntries(
    rows.map((row): [string, Policy] => {
      const [, folder = '', , may = ''] = row.split('|').map((cell) => cell.trim());
      const layer = /^`([^/`]+)\//.exec(folder)?.[1];
      if (!layer) throw new Error(`no folder in ARCHITECTURE.md row: ${row.slice(0, 60)}`);
      const named = [...may.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      if (may === 'everything') return [layer, '*'];
      if (may === 'nothing') return [layer, []];
      if (may.startsWith('everything except ') && named.length) return [layer, { except: named }];
      if (named.length && !may.startsWith('everything')) return [layer, named];
      throw new Error(`${layer}/: cannot read "may import" cell: ${may}`);
    }),
  );
}

describe('ARCHITECTURE.md and eslint.config.js', () => {
  it('say the same about every layer', async () => {
    const config = (await eslint.calculateConfigForFile('reports/x.ts')) as {
      rules: Record<string, [unknown, { layers: Record<string, Policy> }]>;
    };
    expect(architectureTable()).toEqual(config.rules[RULE]![1].layers);
  });
});
