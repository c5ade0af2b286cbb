// @ts-check
'use strict';
/**
 * Mocha reporter: the usual `spec` output, plus a machine-readable summary for scripts/test-all.js in
 * test-results/<stage>.json: { stage, passes, failures, pending, tests, durationMs, failed: [{title, error}] }.
 * Usage: mocha --reporter ./test/host/mochaResults.js --reporter-option stage=e2e
 */
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');
const { repoRoot } = require('./paths');

class ResultsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const stage = (options && options.reporterOptions && options.reporterOptions.stage) || 'mocha';
    const started = Date.now();
    const failed = [];
    runner.on('fail', (test, error) => failed.push({ title: test.fullTitle(), error: String((error && error.message) || error) }));
    runner.once('end', () => {
      const stats = runner.stats || {};
      const file = path.join(repoRoot, 'test-results', `${stage}.json`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({
        stage,
        passes: stats.passes || 0,
        failures: stats.failures || 0,
        pending: stats.pending || 0,
        tests: stats.tests || 0,
        durationMs: Date.now() - started,
        failed,
      }, null, 2) + '\n');
    });
  }
}

module.exports = ResultsReporter;
