import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { hostPaths } from './hostPaths';

/** The extension under test: its folder, id, and its packaged .vsix. */
export const extensionRoot = hostPaths.repoRoot;
export const extensionId = 'bulk-job-inspector.bulk-job-inspector';
export const vsixPath = path.join(hostPaths.repoRoot, '.vscode-test', 'bulk-job-inspector.vsix');

/**
 * `npm run package:vsix` (`vsce package`, offline; its `vscode:prepublish` runs the production webpack
 * build) into `vsixPath`, so every UI run also tests packaging. What goes in is decided by .vscodeignore.
 */
export function packageVsix(): string {
  fs.mkdirSync(path.dirname(vsixPath), { recursive: true });
  const result = spawnSync('npm', ['run', '-s', 'package:vsix'], { cwd: hostPaths.repoRoot, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) {
    throw new Error(`vsce package failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
  return vsixPath;
}

/** The file names inside a .vsix (a zip), read from its central directory. */
export function vsixEntries(file: string): string[] {
  const zip = fs.readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) {
    throw new Error(`${file} is not a zip file`);
  }
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
