// One lint setup for every package (run by `npm run lint` and `.ci/run`). Formatting is left to
// editors; these rules catch mistakes: typescript-eslint's recommended set and React's hook rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', '.tmp/**', 'tools/ferretdb/**', 'packages/scoring/models/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['packages/web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    rules: {
      // `_`-prefixed names are deliberately unused (destructured away, placeholders).
      // The Facebook SDK ships no types: connectors/src/graph/facebook-sdk.d.ts declares them, referenced where used.
      '@typescript-eslint/triple-slash-reference': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
);
