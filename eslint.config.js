import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import sqlOrParenthesised from './scripts/eslint/sql-or-parenthesised.js'

export default tseslint.config(
  { ignores: ['build/', 'server-build/', 'public/build/', 'data/', 'node_modules/', 'test-results/', 'playwright-report/', 'db/migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, sunlight: { rules: { 'sql-or-parenthesised': sqlOrParenthesised } } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'sunlight/sql-or-parenthesised': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='parseFloat']",
          message: 'Money is integer minor units: use parseMoney from ~/utils/money.',
        },
        {
          selector: "CallExpression[callee.object.name='request'][callee.property.name='formData']",
          message: 'Read forms through readForm (utils/forms.server.ts): one door that answers 415/413/400 instead of a 500.',
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
)
