import * as assert from 'assert';
// The module object itself (not an ES namespace copy), so that patching it is seen by every caller.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import childProcess = require('child_process');
import * as net from 'net';
import * as vscode from 'vscode';
import { activationObserved, watchSideEffects } from './activationWatch';
import { EXTENSION_ID } from './testEnv';

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in this extension host`);
  return ext;
}

describe('activation', () => {
  it('the side-effect watcher sees a child process and a socket (self-check)', async () => {
    const watch = watchSideEffects((_what, stack) => stack.includes('activation.test'));
    try {
      const child = childProcess.spawn('true');
      await new Promise((resolve) => child.on('close', resolve).on('error', resolve));
      const socket = net.connect({ host: '127.0.0.1', port: 9 });
      await new Promise((resolve) => socket.on('error', resolve).on('connect', resolve));
      socket.destroy();
    } finally {
      watch.stop();
    }
    assert.strictEqual(watch.seen.length, 2, `expected 2 recorded side effects, got:\n${watch.seen.join('\n\n')}`);
  });

  it('activates without starting a process or opening a connection', async () => {
    // The extension activates on onStartupFinished (the hover works in any file), so the watch starts
    // with the suite (index.ts) and covers the activation whenever it happens.
    const observed = await activationObserved();
    assert.strictEqual(extension().isActive, true, 'extension did not become active');
    assert.deepStrictEqual(observed, [], 'activation started a process or opened a connection');
  });

  it('registers every command it contributes', async () => {
    const ext = extension();
    await ext.activate();
    const contributed = ((ext.packageJSON.contributes?.commands ?? []) as { command: string }[]).map((c) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, [], `contributed in package.json but not registered: ${missing.join(', ')}`);
  });

  it('shows its view container and view', async () => {
    const ext = extension();
    const containers = (ext.packageJSON.contributes?.viewsContainers?.activitybar ?? []) as { id: string }[];
    assert.deepStrictEqual(containers.map((c) => c.id), ['bulkJobs']);
    // Both commands exist only if VS Code registered the container and its view from package.json.
    await vscode.commands.executeCommand('workbench.view.extension.bulkJobs');
    await vscode.commands.executeCommand('bulkJobs.jobs.focus');
  });
});
