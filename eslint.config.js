// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      '.output',
      '.wxt',
      'bench/results',
      'test-results',
      'playwright-report',
      'navigator/data',
      '**/*.tmp.*',
      '.*tmp*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['entrypoints/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'lib/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // PHI must never reach logs: all logging goes through lib/platform/log.ts (event codes only).
      'no-console': 'error',
    },
  },
  {
    files: [
      'lib/platform/log.ts',
      'scripts/**',
      'bench/**',
      'navigator/src/main.ts',
      'navigator/src/cli.ts',
      'tests/**',
    ],
    rules: { 'no-console': 'off' },
  },
  { files: ['**/*.{js,mjs}'], languageOptions: { globals: globals.node } },
  { files: ['demo/**/*.js', 'lib/**/fixtures/**/*.js'], languageOptions: { globals: globals.browser } },
);
