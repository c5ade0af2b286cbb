// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', '.vscode-test/**', 'test-results/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|describe|suite|test)$/]", message: 'No focused tests.' },
        { selector: "CallExpression[callee.property.name='skip'][callee.object.name=/^(it|describe|suite|test)$/]", message: 'No skipped tests.' },
      ],
    },
  },
  {
    // The Salesforce layer is plain Node: it must never depend on the editor.
    files: ['src/salesforce/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/salesforce/ must not import vscode: keep the Salesforce client testable in plain Node.' }] }],
    },
  },
  {
    // The editor layer holds no HTTP or XML code: that lives in src/salesforce/.
    files: ['src/**/*.ts'],
    ignores: ['src/salesforce/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [
        { name: 'axios', message: 'HTTP belongs in src/salesforce/.' },
        { name: 'fast-xml-parser', message: 'Parsing belongs in src/salesforce/.' },
        { name: 'http', message: 'HTTP belongs in src/salesforce/.' },
        { name: 'https', message: 'HTTP belongs in src/salesforce/.' },
      ] }],
    },
  },
);
