// Lint rules, including the dependency rules of DESIGN.md: a rule that only lives in prose erodes.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const noServer = { group: ['**/server/**', '../server/*'], message: 'client code never imports server code (DESIGN.md)' };
const noClient = { group: ['**/client/**', '../client/*'], message: 'server code never imports client code (DESIGN.md)' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.name='eval']", message: 'no eval' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/client/**', '**/server/**', '../client/*', '../server/*'], message: 'domain imports nothing from client or server (DESIGN.md)' },
            {
              group: ['react', 'react-*', 'konva', 'dexie', 'fastify', 'drizzle-orm', 'drizzle-orm/*', 'pg', '@electric-sql/*', 'node:*'],
              message: 'domain is pure: no framework but zod, no IO (DESIGN.md)',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'domain takes time as an argument' },
        { object: 'Math', property: 'random', message: 'domain takes randomness as an argument' },
      ],
    },
  },
  {
    files: ['src/client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': ['error', { patterns: [noServer] }],
    },
  },
  { files: ['src/server/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [noClient] }] } },
);
