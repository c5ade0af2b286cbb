// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Tests are never focused or skipped. */
const TEST_RULES = [
  { selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|describe|suite|test)$/]", message: 'No focused tests.' },
  { selector: "CallExpression[callee.property.name='skip'][callee.object.name=/^(it|describe|suite|test)$/]", message: 'No skipped tests.' },
];

/**
 * Files that must stay vscode-free wherever they live: Salesforce access, the shared rules, and each
 * feature's pure rules and view models. They are tested in plain Node. A new pure file joins this list.
 */
const VSCODE_FREE = [
  'src/salesforce/**/*.ts', 'src/job/**/*.ts', 'src/storage/**/*.ts', 'src/util/**/*.ts',
  'src/details/webview/**/*.ts', // a browser bundle: it talks to the extension by messages only
  'src/schedule/{focus,pollRules,pollText,scheduler}.ts',
  'src/ui/treeModel.ts',
  'src/tracked/{jobRecords,jobTooltip,pollPlan,sequence,sharedSync,storedState}.ts',
  'src/orgJobs/{detailsPolicy,filter,filterState,groups,newFailures,orgJobsState,orgJobsTree,orgJobsViewId,orgReader,rowView,sharedLists,sharedOrgState,watchPlan}.ts',
  'src/details/{chartsView,jobView,panelHtml,protocol,timeline}.ts',
  'src/hover/{hoverAnswers,hoverMarkdown,missCache}.ts',
  'src/downloads/{downloadSet,publish,resultSet,resultsFolder,storedDownload}.ts',
  'src/load/{fileSnapshot,leadingZeros,loadOperation,preflight,preflightColumns,reloadLinks,unsentFile}.ts',
  'src/causes/{causeTypes,causeView,failedRows,orgLookup,parseMessage,statusCodes,workspaceMetadata}.ts',
  'src/orgs/{connectionErrors,orgKey,orgKind}.ts',
  'src/orgs/cli/{cliAuthWatch,cliJobCache,cliParse,cliResolve,cliRunner,loginCommand}.ts',
];
const NO_VSCODE = 'This file must stay vscode-free (VSCODE_FREE in eslint.config.mjs: pure rules are tested in plain Node): take what it needs from VS Code as a parameter.';
const V = "'vscode'";
/** Every way to reach `vscode`: import (also `import type`), re-export, `import =`, require, import(), and `import('vscode').X` in a type. */
const VSCODE_RULES = [
  `ImportDeclaration[source.value=${V}]`,
  `ExportNamedDeclaration[source.value=${V}]`,
  `ExportAllDeclaration[source.value=${V}]`,
  `TSExternalModuleReference[expression.value=${V}]`,
  `CallExpression[callee.name='require'][arguments.0.value=${V}]`,
  `ImportExpression[source.value=${V}]`,
  `TSImportType[argument.literal.value=${V}]`,
].map((selector) => ({ selector, message: NO_VSCODE }));

/**
 * Features and what they may take from each other. A feature imports another feature's public face
 * (e.g. `tracked/jobStore`), never its `commands/` or `webview/` (only the feature itself and the
 * composition root, `src/*.ts`, do). The shared layers (salesforce/, job/, storage/, util/, schedule/, ui/) import no feature.
 */
const FEATURES = ['tracked', 'orgJobs', 'details', 'hover', 'downloads', 'load', 'orgs', 'causes'];
/** HTTP and XML stay in src/salesforce/. */
const NO_HTTP = [
  { name: 'axios', message: 'HTTP belongs in src/salesforce/.' },
  { name: 'fast-xml-parser', message: 'Parsing belongs in src/salesforce/.' },
  { name: 'http', message: 'HTTP belongs in src/salesforce/.' },
  { name: 'https', message: 'HTTP belongs in src/salesforce/.' },
];
/** `no-restricted-imports` for some files (a later entry replaces an earlier one's, so each entry says all). */
const imports = (files, paths, patterns = []) => ({ files, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } });
/** Relative imports are matched as written: `depth` is how many `../` lead from the file's folder to src/. */
const intoFeatures = (depth) => ({
  regex: `^(\\./)?(\\.\\./){${depth}}(${FEATURES.join('|')})(/|$)`,
  caseSensitive: true,
  message: 'A shared layer (salesforce/, job/, storage/, util/, schedule/, ui/) imports no feature: move what both need into the shared layer.',
});
const intoInternals = (feature) => ({
  regex: `^(\\.\\./)+(${FEATURES.filter((f) => f !== feature).join('|')})/(commands|webview)(/|$)`,
  caseSensitive: true,
  message: "A feature's commands/ and webview/ are its own: import the feature's public modules, or wire it in src/*.ts.",
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', '.vscode-test/**', 'test-results/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', ...TEST_RULES],
    },
  },
  { files: VSCODE_FREE, rules: { 'no-restricted-syntax': ['error', ...TEST_RULES, ...VSCODE_RULES] } },
  // The editor side holds no HTTP or XML code.
  { ...imports(['src/**/*.ts'], NO_HTTP), ignores: ['src/salesforce/**'] },
  // The shared layers import no feature (salesforce/ is also the one place for HTTP).
  ...[1, 2, 3].flatMap((depth) => [
    imports([`src/{job,storage,util,schedule,ui}/${'*/'.repeat(depth - 1)}*.ts`], NO_HTTP, [intoFeatures(depth)]),
    imports([`src/salesforce/${'*/'.repeat(depth - 1)}*.ts`], [], [intoFeatures(depth)]),
  ]),
  // A feature does not reach into another's commands/ or webview/.
  ...FEATURES.map((feature) => imports([`src/${feature}/**/*.ts`], NO_HTTP, [intoInternals(feature)])),
);
