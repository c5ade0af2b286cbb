import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { startActivationWatch } from './activationWatch';
import { SUITE_START_MARKER } from './testEnv';

/**
 * The in-host mocha suite: every out/test/suite/**\/*.test.js, run inside the extension host with the
 * real `vscode` API. Both runners load this module and call run() (the @vscode/test-electron contract):
 * test/suite/runCodeServer.ts (code-server here) and test/suite/runElectron.ts (VS Code desktop).
 * When BULKJOBS_RESULTS_FILE is set, a JSON summary is written there for scripts/test-all.js
 * (the fields of test/reporter.js, plus durationMs and the failed tests).
 * BULKJOBS_GREP (a regular expression) runs only the tests whose full title matches, e.g.
 *   BULKJOBS_GREP='CLI is missing' npm run test:inhost
 */
export interface SuiteResult {
  stage: string;
  passes: number;
  failures: number;
  pending: number;
  tests: number;
  durationMs: number;
  failed: { title: string; error: string }[];
}

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.js'))
    .sort()
    .map((name) => path.join(dir, name));
}

function writeResult(result: SuiteResult): void {
  const file = process.env.BULKJOBS_RESULTS_FILE;
  if (file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  }
}


export function run(): Promise<void> {
  startActivationWatch(); // first, before the extension's onStartupFinished activation can happen
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  if (process.env.BULKJOBS_GREP) {
    mocha.grep(new RegExp(process.env.BULKJOBS_GREP));
  }
  for (const file of testFiles(__dirname)) {
    mocha.addFile(file);
  }
  const started = Date.now();
  console.log(SUITE_START_MARKER);
  return new Promise((resolve, reject) => {
    const failed: SuiteResult['failed'] = [];
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      writeResult({
        stage: 'inhost',
        passes: stats?.passes ?? 0,
        failures: stats?.failures ?? failures,
        pending: stats?.pending ?? 0,
        tests: stats?.tests ?? 0,
        durationMs: Date.now() - started,
        failed,
      });
      if (failures > 0) {
        reject(new Error(`${failures} in-host test(s) failed`));
      } else if ((stats?.tests ?? 0) === 0) {
        reject(new Error('the in-host suite ran no test'));
      } else {
        resolve();
      }
    });
    runner.on('fail', (test, error: Error) => failed.push({ title: test.fullTitle(), error: String(error?.message ?? error) }));
  });
}
