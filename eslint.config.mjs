// ESLint (flat config): typescript-eslint's type-checked rules where they find real bugs here, and
// the project's import boundaries. Formatting is Prettier's (`prettier --check .` in `npm run lint`),
// so no stylistic rules here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** `vscode` exists only inside VS Code's extension host: only src/vscode and the VS Code suites use it. */
const NO_VSCODE = {
  name: 'vscode',
  message:
    'Only src/vscode/ (and the VS Code test suites) may import vscode: the core, reporters and CLI run without it.',
};

/** Patterns of relative imports that leave src/core for a front end. */
const coreMustNotReach = ['vscode', 'cli', 'report'].map((folder) => ({
  regex: `^(\\.\\./)+${folder}(/|$)`,
  message: `src/core is the pure analysis core: it never imports src/${folder} (front ends import the core, not the reverse).`,
}));

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'out/',
      '.cache/',
      'test-results/',
      // User-style code the analyser is tested on, not project code.
      'test/fixtures/',
      'test/vscode/workspace/',
      'examples/',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  // Every TypeScript file of the project, checked with type information.
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      // Bugs the type checker alone does not catch.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test() and describe() return promises that the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // Abort reasons (`signal.reason`, typed any) and caught errors (unknown) are passed on as
      // they are: wrapping them would hide the caller's own error.
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      'no-fallthrough': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],

      // Relaxed, with the reason:
      // Template literals of numbers are the project's way of formatting messages; the values are
      // typed numbers, never objects, so the rule would only ask for String(...) noise.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },

  // Tests and scripts read JSON files (package.json, mocha's and the harness's results) and VS Code's
  // untyped command results with JSON.parse and friends; the assertions that follow check them.
  // The product code (src/) keeps the no-unsafe-* rules of recommended-type-checked: an `any`
  // there is narrowed (zod, type guards) or declared at one place with the reason. Mocha tests and
  // hooks are written `async` whether or not they await (a test that starts awaiting needs no edit).
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },

  // Import boundaries. src/core is the pure analysis core; the reporters and the CLI run outside
  // VS Code, and src/runtime (how the CLI and the extension load their bundles) serves both.
  {
    files: ['src/core/**/*.ts', 'src/report/**/*.ts', 'src/cli/**/*.ts', 'src/runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [NO_VSCODE] }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [NO_VSCODE], patterns: coreMustNotReach }],
    },
  },

  // Tests: mocha's globals; the same type-aware rules otherwise.
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...globals.mocha } },
    rules: {
      // Tests match ANSI colour escapes (\u001b[...) in the reporters' output.
      'no-control-regex': 'off',
    },
  },

  // Plain JavaScript: build scripts and the test runner (CommonJS), the bench checker (ESM), the
  // report view's script (browser).
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [js.configs.recommended, tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { 'no-unused-vars': ['error', { ignoreRestSiblings: true, caughtErrors: 'none' }] },
  },
  {
    files: ['esbuild.js', 'scripts/**/*.js', 'src/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },
  {
    files: ['media/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, acquireVsCodeApi: 'readonly' } },
  },
);
