#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * npm run screenshots — refreshes the README's pictures in docs/ from a real VS Code (code-server +
 * headless Chromium) with the emulator org connected, through `npm run demo -- --screenshot`:
 *   docs/explorer.png  the Bulk Jobs view with the emulator's newest jobs tracked
 * (The details panel's pictures are taken by its UI test, test/e2e/panel.test.ts.)
 */
const { spawnSync } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const shots = [{ file: path.join(root, 'docs', 'explorer.png'), args: [] }];

for (const shot of shots) {
  const result = spawnSync(process.execPath, [path.join(__dirname, 'demo.js'), '--screenshot', shot.file, ...shot.args],
    { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[screenshots] FAILED: ${path.relative(root, shot.file)}`);
    process.exit(1);
  }
  console.log(`[screenshots] wrote ${path.relative(root, shot.file)}`);
}
