// Lint: typescript-eslint's recommended rules, plus the layering rules of ARCHITECTURE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    // Reporters are pure functions of results: they never reach into the runner, the checks or the target.
    files: ['reports/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../engine/*', '!../engine/types.ts', '../suites/*', '../fixtures/*', '../cli/*'],
              message: 'reports/ may import only engine/types.ts',
            },
          ],
        },
      ],
    },
  },
  {
    // The standard is data and rules: it does not depend on the engine's machinery.
    files: ['contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../engine/*',
                '../../engine/*',
                '!../engine/types.ts',
                '!../../engine/types.ts',
                '!../engine/errors.ts',
                '!../../engine/errors.ts',
              ],
              message: 'contracts/ may import only engine/types.ts and engine/errors.ts',
            },
          ],
        },
      ],
    },
  },
);
