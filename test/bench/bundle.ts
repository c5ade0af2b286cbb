import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Row } from './index';
import { median, ms } from './stats';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DIST = path.join(ROOT, 'dist');
const ENTRY = path.join(DIST, 'extension.js');
const ROUNDS = 15;

/**
 * `require` of the production entry in a fresh Node process (the `vscode` module, which only the
 * extension host provides, is answered by an empty stand-in: this measures the bundle's own load cost).
 * With `--wall`, nothing is printed and the caller times the whole process instead.
 */
const LOAD_SCRIPT = `
const Module = require('module');
const orig = Module._resolveFilename;
Module._resolveFilename = function (req, ...rest) { return req === 'vscode' ? 'vscode' : orig.call(this, req, ...rest); };
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: new Proxy({}, { get: () => ({}) }) };
const t0 = process.hrtime.bigint();
require(process.argv[1]);
process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));
`;

function wallMs(args: string[]): number {
  const t0 = process.hrtime.bigint();
  execFileSync(process.execPath, args, { encoding: 'utf8' });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** What activation loads (the entry) next to everything loaded later (the chunks), and what the entry costs to load. */
export async function benchBundle(): Promise<Row[]> {
  if (!fs.existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run "npx webpack --mode production" first.`);
  const kb = (file: string): number => fs.statSync(file).size / 1024;
  const entryKb = kb(ENTRY);
  const chunks = fs.readdirSync(DIST).filter((f) => f.endsWith('.js') && f !== 'extension.js' && f !== 'webview.js');
  const chunksKb = chunks.reduce((sum, f) => sum + kb(path.join(DIST, f)), 0);
  const inProcess: number[] = [];
  const withEntry: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    inProcess.push(Number(execFileSync(process.execPath, ['-e', LOAD_SCRIPT, ENTRY], { encoding: 'utf8' })));
    withEntry.push(wallMs(['-e', LOAD_SCRIPT, ENTRY]));
    bare.push(wallMs(['-e', '0']));
  }
  return [
    { name: 'dist/extension.js (what activation loads)', value: `${entryKb.toFixed(1)} KB`, aim: '≤ 60 KB', met: entryKb <= 60 },
    { name: `lazy chunks (${chunks.length}), loaded on first use`, value: `${chunksKb.toFixed(1)} KB (${chunks.join(', ') || 'none'})` },
    { name: 'all of the extension bundle', value: `${(entryKb + chunksKb).toFixed(1)} KB` },
    { name: `require(dist/extension.js), median of ${ROUNDS} fresh processes`, value: ms(median(inProcess)) },
    {
      name: `node + require(entry) − bare node -e 0, fastest of ${ROUNDS} each`,
      value: `${ms(Math.min(...withEntry) - Math.min(...bare))} (${ms(Math.min(...withEntry))} − ${ms(Math.min(...bare))})`,
    },
  ];
}
