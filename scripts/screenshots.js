#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * npm run screenshots — refreshes the README's pictures in docs/ from a real VS Code (code-server +
 * headless Chromium, the packaged extension, the emulator org): the UI tests take them into
 * test-results/readme/ (Jobs view, details panel light and dark, hover, "why records failed", the load confirmation, the charts
 * light and dark, the Org Jobs view and its failure notification, a failed record's causes and the line of Apex), and this
 * copies them to docs/. Tests never write docs/ themselves.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const taken = path.join(root, 'test-results', 'readme');
const docs = path.join(root, 'docs');

fs.rmSync(taken, { recursive: true, force: true });
const run = spawnSync('npm', ['run', '-s', 'test:e2e'], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) {
  console.error('[screenshots] the UI tests failed: docs/ left as it was.');
  process.exit(1);
}
fs.mkdirSync(docs, { recursive: true });
for (const name of fs.readdirSync(taken).filter((n) => n.endsWith('.png'))) {
  fs.copyFileSync(path.join(taken, name), path.join(docs, name));
  console.log(`[screenshots] wrote docs/${name}`);
}
