import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Row } from './index';
import { median, ms } from './stats';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BUNDLE = path.join(ROOT, 'dist', 'extension.js');

/**
 * Time to `require` the production bundle in a fresh Node process (the `vscode` module, which only the
 * extension host provides, is answered by an empty stand-in: this measures the bundle's own load cost).
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

export async function benchBundle(): Promise<Row[]> {
  if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run "npx webpack --mode production" first.`);
  const kb = fs.statSync(BUNDLE).size / 1024;
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    times.push(Number(execFileSync(process.execPath, ['-e', LOAD_SCRIPT, BUNDLE], { encoding: 'utf8' })));
  }
  return [
    { name: 'dist/extension.js size', value: `${kb.toFixed(1)} KB`, aim: '≤ 300 KB', met: kb <= 300 },
    { name: 'require(dist/extension.js), median of 7 fresh processes', value: ms(median(times)) },
  ];
}
