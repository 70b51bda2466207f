// ESLint (flat config) with typescript-eslint's type-aware recommended rules; Prettier does the layout
// (npm run lint = eslint + prettier --check; npm run format = prettier --write + eslint --fix).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'bench/out/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      // Types come from tsconfig.json (src, test, bench, scripts, vitest.config.ts).
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `_`, `_body`, `for (const _ of …)`: deliberately unused; `const { kind: _kind, ...rest }` drops a field.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Non-null assertions (`rows[0]!`) are used on purpose under noUncheckedIndexedAccess.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Channel and job implementations are async to fit their interface, awaiting or not.
      '@typescript-eslint/require-await': 'off',
      // Passing on a caught error (`catch (err) { reject(err) }`) is fine.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // Sanitizers match control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // The house rule for the program itself: small files, short functions (tests' describe blocks
    // are long by nature). The first migration's schema and the service tables are data.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Tests read JSON and loosely typed fixtures.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  // Plain JavaScript (bin/, scripts/*.mjs, this file) is outside tsconfig.json: no type-aware rules there.
  { files: ['**/*.js', '**/*.mjs'], extends: [tseslint.configs.disableTypeChecked] },
);
