// @ts-check
'use strict';
/**
 * Mocha's spec reporter, plus a one-line JSON summary written to $BULKJOBS_RESULTS_FILE (if set)
 * so scripts/test-all.js can add up every stage. Used by the CLI runs and by the in-host runner.
 */
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

class SpecWithSummary extends Mocha.reporters.Spec {
  /** @param {Mocha.Runner} runner @param {Mocha.MochaOptions} options */
  constructor(runner, options) {
    super(runner, options);
    const file = process.env.BULKJOBS_RESULTS_FILE;
    if (!file) return;
    runner.once('end', () => {
      const s = this.stats;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ passes: s.passes, failures: s.failures, pending: s.pending, tests: s.tests }) + '\n');
    });
  }
}
module.exports = SpecWithSummary;
