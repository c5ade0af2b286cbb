#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * npm run demo [-- --port 8080] [-- --screenshot FILE] [-- --desktop]
 * Tries the extension with no Salesforce org: builds it, starts the emulator (demo seed, real clock),
 * logs the real Salesforce CLI in to it, starts code-server on 127.0.0.1 with the packaged extension
 * and a sample workspace, prints the URL, and stops everything on Ctrl+C.
 *   --screenshot FILE  render the workbench with the Bulk Jobs view in headless Chromium, save FILE, exit
 *                      (non-zero if the view does not show)
 *   --desktop          open VS Code desktop (`code --extensionDevelopmentPath`) instead, where `code` exists
 * The test host (Node 24, code-server, Chromium, sf) is installed first if missing (test/host/install.js).
 */
const { spawnSync } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');

function option(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function step(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}

function hasCode() {
  return spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function main() {
  const screenshot = option('--screenshot');
  const port = option('--port');
  const log = (line) => console.log(`[demo] ${line}`);

  if (!step(process.execPath, [path.join(root, 'test', 'host', 'install.js')])) {
    return 1;
  }
  log('building (tsc)…');
  if (!step(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'])) {
    log('tsc reported errors (see above); going on with what it emitted');
  }
  const { startDemo, screenshotWorkbench } = require(path.join(root, 'out', 'test', 'host', 'demo.js'));

  if (process.argv.includes('--desktop')) {
    if (!hasCode()) {
      log('no `code` command on this machine: run `npm run demo` without --desktop and open the printed URL');
      return 1;
    }
    // Desktop VS Code uses the user's own Salesforce CLI logins; the emulator org is for the browser demo.
    step(process.execPath, [path.join(root, 'node_modules', 'webpack', 'bin', 'webpack.js'), '--mode', 'development']);
    const workspace = path.join(root, '.vscode-test', 'demo-workspace');
    require(path.join(root, 'out', 'test', 'host', 'sampleWorkspace.js')).writeSampleWorkspace(workspace);
    return step('code', ['--extensionDevelopmentPath', root, workspace]) ? 0 : 1;
  }

  const demo = await startDemo({ port: port ? Number(port) : undefined, log });
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await demo.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  if (screenshot) {
    try {
      await screenshotWorkbench(demo, path.resolve(screenshot), log);
      await stop(0);
    } catch (error) {
      log(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
      await stop(1);
    }
    return undefined;
  }
  log(`open ${demo.url}`);
  if (hasCode()) {
    log('(a desktop VS Code is here too: `npm run demo -- --desktop` opens it with the extension instead)');
  }
  log('Ctrl+C stops the emulator and code-server');
  return undefined;
}

main().then(
  (code) => { if (code !== undefined) process.exitCode = code; },
  (error) => {
    console.error(`[demo] FAILED: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
  });
