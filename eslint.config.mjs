// ESLint for the TypeScript sources, run by `npm run lint` (and so by `npm test`). Type-aware rules that
// catch real bugs (floating or misused promises, awaiting non-promises) plus React's hook rules. Rules
// that would mean churning every file now (stylistic, strict any-checks) are left for later; Prettier
// formats, ESLint does not.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '**/*.d.ts', '**/*.cjs', '**/*.mjs'] },
  {
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/src/**/*.{ts,tsx}', 'scripts/**/*.ts', 'test/**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true, caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      'no-console': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // The SDK's v1 package speaks the 2025 revisions only; everything here is on its v2 packages (issue 21).
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@modelcontextprotocol/sdk', '@modelcontextprotocol/sdk/*'],
              message: 'Use the SDK v2 packages (@modelcontextprotocol/client, /server, /node).',
            },
          ],
        },
      ],
    },
  },
  {
    // The CLI, scripts and tests talk to a terminal; the core and the UI never call console.
    files: ['electron/cli/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', 'electron/servers/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['renderer/src/**/*.tsx', 'renderer/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
