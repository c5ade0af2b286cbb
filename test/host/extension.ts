import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { hostPaths } from './hostPaths';

/** The extension under test: its folder, id, and its packaged .vsix. */
export const extensionRoot = hostPaths.repoRoot;
export const extensionId = 'bulk-job-inspector.bulk-job-inspector';
export const vsixPath = path.join(hostPaths.repoRoot, '.vscode-test', 'bulk-job-inspector.vsix');

/**
 * `vsce package` (offline; its `vscode:prepublish` runs the production webpack build), so every UI
 * run also tests packaging. What goes in is decided by .vscodeignore.
 */
export function packageVsix(): string {
  fs.mkdirSync(path.dirname(vsixPath), { recursive: true });
  const vsce = path.join(hostPaths.repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsixPath],
    { cwd: hostPaths.repoRoot, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) {
    throw new Error(`vsce package failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
  return vsixPath;
}
