import tseslint from 'typescript-eslint';

/*
 * Only the rules the async data layer needs: a promise nobody awaits is a
 * write that may not have happened, or a failure nobody hears of; an async
 * callback handed to filter/some/every is always true. Everything else is
 * left to tsc and the architecture test.
 */
export default tseslint.config({
  files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'demo/**/*.ts', 'emulator/**/*.ts'],
  languageOptions: {
    parser: tseslint.parser,
    parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
  },
  plugins: { '@typescript-eslint': tseslint.plugin },
  rules: {
    '@typescript-eslint/no-floating-promises': 'error',
    '@typescript-eslint/no-misused-promises': 'error',
    '@typescript-eslint/await-thenable': 'error',
  },
});
