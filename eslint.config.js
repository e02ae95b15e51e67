// Lint: typescript-eslint's recommended rules, plus the layering rules of ARCHITECTURE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './scripts/eslint-layers.js';

// ARCHITECTURE.md's Layers table as data, row for row: what each top-level folder may import from the
// other folders (imports within a folder are always allowed). An entry is a whole folder ('engine/'),
// one file ('engine/types.ts'), '*' (everything) or { except: [...] } (everything but those).
// test/lint/layers.test.ts checks that this and the table in ARCHITECTURE.md say the same.
const LAYERS = {
  contracts: ['engine/types.ts', 'engine/errors.ts'],
  engine: ['contracts/'],
  suites: ['engine/', 'contracts/', 'security/', 'load/'],
  security: ['engine/types.ts', 'engine/context.ts', 'engine/target.ts', 'engine/errors.ts'],
  load: ['engine/types.ts', 'engine/context.ts', 'engine/target.ts', 'engine/errors.ts', 'contracts/samples.ts'],
  reports: ['engine/types.ts'],
  certify: ['engine/types.ts', 'engine/errors.ts', 'engine/profile.ts', 'reports/'],
  fixtures: ['contracts/', 'engine/errors.ts'],
  history: ['engine/types.ts', 'engine/errors.ts', 'reports/'],
  consortium: { except: ['cli/'] },
  session: { except: ['cli/'] },
  cli: '*',
  test: '*',
  bin: ['cli/'],
  scripts: [],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'port-conformance-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Every row of ARCHITECTURE.md's Layers table (scripts/eslint-layers.js is the mechanism).
    plugins: { layers },
    rules: { 'layers/imports': ['error', { root: import.meta.dirname, layers: LAYERS }] },
  },
);
