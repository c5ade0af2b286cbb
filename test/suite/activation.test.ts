import * as assert from 'assert';
// The module object itself (not an ES namespace copy), so that patching it is seen by every caller.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import childProcess = require('child_process');
import * as net from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './testEnv';

/**
 * Records the child processes and outgoing sockets that `counts` selects (given what happened and the
 * stack of the caller). It patches the shared Node modules of the extension host for as long as it is on:
 * ChildProcess.prototype.spawn (under spawn, exec, execFile, fork), the *Sync variants,
 * net.Socket.prototype.connect (under http, https, axios) and fetch.
 */
function watchSideEffects(counts: (what: string, stack: string) => boolean) {
  const seen: string[] = [];
  const note = (what: string) => {
    // The default limit of 10 frames can cut the stack before the caller (http.get takes ~8 frames alone).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 200;
    const stack = new Error().stack ?? '';
    Error.stackTraceLimit = limit;
    if (counts(what, stack)) {
      seen.push(`${what}\n${stack}`);
    }
  };
  const restorers: (() => void)[] = [];
  const patch = <T extends object, K extends keyof T>(target: T, key: K, what: string) => {
    const original = target[key] as unknown as (...args: unknown[]) => unknown;
    target[key] = function (this: unknown, ...args: unknown[]) {
      note(what);
      return original.apply(this, args);
    } as unknown as T[K];
    restorers.push(() => { target[key] = original as unknown as T[K]; });
  };
  // ChildProcess.prototype.spawn is not in @types/node, but every asynchronous child process passes through it.
  patch(childProcess.ChildProcess.prototype as unknown as { spawn: () => void }, 'spawn', 'child process');
  patch(childProcess, 'spawnSync', 'child process (spawnSync)');
  patch(childProcess, 'execSync', 'child process (execSync)');
  patch(childProcess, 'execFileSync', 'child process (execFileSync)');
  patch(net.Socket.prototype, 'connect', 'socket connect');
  if (typeof globalThis.fetch === 'function') {
    patch(globalThis, 'fetch', 'fetch');
  }
  return {
    seen,
    stop: () => restorers.reverse().forEach((restore) => restore()),
  };
}

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
    const ext = extension();
    assert.strictEqual(ext.isActive, false,
      'the extension was already active before this test, so its activation cannot be observed; ' +
      'something activated it at start-up (an activation event such as "*" or onStartupFinished, or an earlier test file)');
    const bundle = path.join(ext.extensionPath, 'dist');
    const sources = path.join(ext.extensionPath, 'src');
    // Child processes are attributed by stack. Sockets are not: VS Code's proxy support resolves the proxy
    // of an extension's HTTP request asynchronously, so the connect happens outside activate()'s stack;
    // any connection opened while the extension activates counts (the quiet test host opens none).
    const ours = (stack: string) => stack.includes(bundle) || stack.includes(sources) || stack.includes('webpack://');
    const watch = watchSideEffects((what, stack) => what.startsWith('socket') || what === 'fetch' || ours(stack));
    try {
      await ext.activate();
      // Work that activate() scheduled without awaiting it runs shortly after; it must not do I/O either.
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      watch.stop();
    }
    assert.strictEqual(ext.isActive, true, 'extension did not become active');
    assert.deepStrictEqual(watch.seen, [], 'activation started a process or opened a connection');
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
    await vscode.commands.executeCommand('bulkJobs.explorer.focus');
  });
});
