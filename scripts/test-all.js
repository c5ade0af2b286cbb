#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm test`: every check the project has, in order, on this machine:
 *   lint → typecheck → unit (plain Node, against the emulator) → host (installs the real VS Code test host
 *   if missing) → inhost (mocha inside the extension host) → e2e (the workbench in Chromium) → demo
 *   (`npm run demo -- --screenshot`, so the demo cannot silently break).
 * `node scripts/test-all.js unit inhost` runs only the named stages.
 * Each mocha stage writes its counts to test-results/<stage>.json (test/reporter.js); the last line
 * printed is the total, "N passed, N failed".
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const results = path.join(root, 'test-results');

/** @type {{ name: string, cmd: string[], counted?: boolean }[]} */
const STAGES = [
  { name: 'lint', cmd: ['npm', 'run', '-s', 'lint'] },
  { name: 'typecheck', cmd: ['npm', 'run', '-s', 'typecheck'] },
  { name: 'unit', cmd: ['npm', 'run', '-s', 'test:unit'], counted: true },
  { name: 'host', cmd: ['npm', 'run', '-s', 'host:install'] },
  { name: 'inhost', cmd: ['npm', 'run', '-s', 'test:inhost'], counted: true },
  { name: 'e2e', cmd: ['npm', 'run', '-s', 'test:e2e'], counted: true },
  { name: 'demo', cmd: ['npm', 'run', '-s', 'demo', '--', '--screenshot', path.join(results, 'demo.png')] },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !STAGES.some((s) => s.name === w));
if (unknown.length) {
  console.error(`Unknown stage(s): ${unknown.join(', ')}. Stages: ${STAGES.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const stages = wanted.length ? STAGES.filter((s) => wanted.includes(s.name)) : STAGES;

fs.mkdirSync(results, { recursive: true });
let passed = 0;
let failed = 0;
/** @type {string[]} */
const table = [];
let ok = true;

for (const stage of stages) {
  const resultsFile = path.join(results, `${stage.name}.json`);
  fs.rmSync(resultsFile, { force: true });
  console.log(`\n=== ${stage.name}: ${stage.cmd.join(' ')}`);
  const started = Date.now();
  const run = spawnSync(stage.cmd[0], stage.cmd.slice(1), {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, BULKJOBS_RESULTS_FILE: resultsFile },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let note = '';
  let stageOk = run.status === 0;
  if (stage.counted) {
    if (fs.existsSync(resultsFile)) {
      const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
      passed += r.passes;
      failed += r.failures;
      note = `${r.passes} passed, ${r.failures} failed`;
      if (r.tests === 0) { stageOk = false; note += ' (no test ran)'; }
    } else {
      stageOk = false;
      failed += 1;
      note = 'no results: the suite never reported';
    }
  }
  if (run.error) note += ` (${run.error.message})`;
  table.push(`${stageOk ? 'ok  ' : 'FAIL'} ${stage.name.padEnd(10)} ${seconds.padStart(7)} s  ${note}`);
  if (!stageOk) { ok = false; break; }
}

console.log('\n=== summary');
for (const line of table) console.log(line);
const skipped = stages.length - table.length;
if (skipped > 0) console.log(`(${skipped} later stage(s) not run after the failure)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
