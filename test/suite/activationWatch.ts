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
export function watchSideEffects(counts: (what: string, stack: string) => boolean) {
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

/**
 * Watching the extension's activation, whenever it happens: the extension activates on
 * onStartupFinished, which may come while the suite is loading. `startActivationWatch()` is called
 * first thing by the suite (index.ts); `activationObserved()` then resolves to what was seen from the
 * start of the watch until 500 ms after the extension became active (it activates it if nothing has yet).
 */
let observation: Promise<string[]> | undefined;

export function startActivationWatch(): void {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) {
    observation = Promise.reject(new Error(`extension ${EXTENSION_ID} is not loaded in this extension host`));
    return;
  }
  if (ext.isActive) {
    observation = Promise.reject(new Error('the extension was already active when the suite started, so its activation cannot be observed'));
    return;
  }
  const bundle = path.join(ext.extensionPath, 'dist');
  const sources = path.join(ext.extensionPath, 'src');
  const ours = (stack: string) => stack.includes(bundle) || stack.includes(sources) || stack.includes('webpack://');
  // Any socket counts (VS Code's proxy support opens an extension's connections outside its stack),
  // except those the tests themselves open while the extension is not active yet.
  const byTests = (stack: string) => /\.test\.js:/.test(stack);
  const watch = watchSideEffects((what, stack) => !byTests(stack) && (what.startsWith('socket') || what === 'fetch' || ours(stack)));
  observation = new Promise<string[]>((resolve) => {
    const poll = setInterval(() => {
      if (ext.isActive) {
        clearInterval(poll);
        setTimeout(() => {
          watch.stop();
          resolve(watch.seen);
        }, 500);
      }
    }, 5);
  });
  observation.catch(() => undefined);
}

export async function activationObserved(): Promise<string[]> {
  if (!observation) {
    throw new Error('startActivationWatch() was not called by the suite before the tests');
  }
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (ext && !ext.isActive) {
    await ext.activate();
  }
  return observation;
}
