import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { format } from 'util';
import { startEmulator } from '../emulator';
import { launchChromium } from '../host/browser';
import { startCodeServer } from '../host/codeServer';
import { extensionRoot } from '../host/extension';
import { hostPaths } from '../host/hostPaths';
import { SUITE_START_MARKER } from './testEnv';

/**
 * Runs the in-host mocha suite (test/suite/index.ts) inside code-server's Node extension host:
 *   npm run test:inhost   (= tsc, then node out/test/suite/runCodeServer.js)
 * The workbench, opened in headless Chromium with a `payload` URL, loads the extension from this folder
 * (extensionDevelopmentPath) and runs the suite (extensionTestsPath); it reports back through
 * window.codeAutomationLog / codeAutomationExit. The loopback emulator (seed 'demo', manual clock) is
 * handed to the tests in BULK_JOBS_TEST_EMULATOR. Result: exit code, and test-results/inhost.json.
 */
const SUITE_START_TIMEOUT_MS = 120_000;
const SUITE_TIMEOUT_MS = 600_000;
/** Harmless workbench complaints on a machine without internet (the extension gallery). */
const KNOWN_NOISE = /open-vsx\.org/;

const resultsDir = path.join(hostPaths.repoRoot, 'test-results');
/** Where scripts/test-all.js wants the counts (BULKJOBS_RESULTS_FILE), else test-results/inhost.json. */
const resultsFile = process.env.BULKJOBS_RESULTS_FILE ?? path.join(resultsDir, 'inhost.json');

function writeNotStarted(reason: string): void {
  fs.writeFileSync(resultsFile, JSON.stringify({
    stage: 'inhost', passes: 0, failures: 1, pending: 0, tests: 0, durationMs: 0,
    failed: [{ title: 'in-host suite', error: reason }],
  }, null, 2) + '\n');
}

async function main(): Promise<number> {
  const started = Date.now();
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.rmSync(resultsFile, { force: true });
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-jobs-inhost-'));
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace);
  const browserLog: string[] = [];

  const emulator = await startEmulator({ seed: 'demo', clock: 'manual' });
  const cleanups: (() => Promise<void>)[] = [() => emulator.close()];
  try {
    const server = await startCodeServer({
      runDir: path.join(runDir, 'code-server'),
      smokeTestDriver: true,
      env: {
        BULK_JOBS_TEST_EMULATOR: JSON.stringify({ url: emulator.url, token: emulator.token, username: emulator.username }),
        BULKJOBS_RESULTS_FILE: resultsFile,
      },
    });
    cleanups.unshift(() => server.stop());
    console.log(`[inhost] code-server ${server.url} ready after ${((Date.now() - started) / 1000).toFixed(1)}s`);

    const browser = await launchChromium();
    cleanups.unshift(() => browser.close());
    const page = await browser.newPage();

    let suiteStarted = false;
    let settle: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => { settle = resolve; });
    // The workbench forwards its own console here too; mocha's output starts at the suite's marker line.
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      browserLog.push(line);
      if (line.includes(SUITE_START_MARKER)) {
        suiteStarted = true;
      } else if (suiteStarted && !KNOWN_NOISE.test(line)) {
        process.stdout.write(line + '\n');
      }
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => {
      suiteStarted = true;
      settle(code);
    });
    page.on('console', (message) => browserLog.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => browserLog.push(`[pageerror] ${error.message}`));

    const payload: [string, string][] = [
      ['extensionDevelopmentPath', server.remoteUri(extensionRoot)],
      ['extensionTestsPath', server.remoteUri(path.join(__dirname, 'index.js'))],
    ];
    await page.goto(server.workbenchUrl(workspace, payload));

    const startDeadline = Date.now() + SUITE_START_TIMEOUT_MS;
    const runDeadline = Date.now() + SUITE_TIMEOUT_MS;
    const outcome = await new Promise<number | string>((resolve) => {
      exited.then(resolve);
      const timer = setInterval(() => {
        if (!suiteStarted && Date.now() > startDeadline) {
          clearInterval(timer);
          resolve(`the in-host suite did not start within ${SUITE_START_TIMEOUT_MS / 1000}s ` +
            '(was code-server started with --enable-smoke-test-driver? does out/test/suite/index.js exist?)');
        } else if (Date.now() > runDeadline) {
          clearInterval(timer);
          resolve(`the in-host suite did not finish within ${SUITE_TIMEOUT_MS / 1000}s`);
        }
      }, 1000);
      exited.then(() => clearInterval(timer));
    });

    fs.writeFileSync(path.join(resultsDir, 'inhost-browser.log'), browserLog.join('\n') + '\n');
    fs.writeFileSync(path.join(resultsDir, 'inhost-code-server.log'), server.output.join('\n') + '\n');
    if (typeof outcome === 'string') {
      console.error(`[inhost] FAILED: ${outcome}`);
      const tail = browserLog.filter((line) => !KNOWN_NOISE.test(line)).slice(-15);
      console.error(`[inhost] last workbench console lines (all in test-results/inhost-browser.log):\n${tail.join('\n')}`);
      writeNotStarted(outcome);
      return 1;
    }
    if (!fs.existsSync(resultsFile)) {
      const reason = `the suite exited with ${outcome} without writing ${resultsFile} (it crashed before mocha finished)`;
      console.error(`[inhost] FAILED: ${reason}`);
      writeNotStarted(reason);
      return 1;
    }
    const result = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { passes: number; failures: number };
    console.log(`[inhost] exit code ${outcome}: ${result.passes} passed, ${result.failures} failed ` +
      `(${((Date.now() - started) / 1000).toFixed(1)}s in all)`);
    return outcome === 0 && result.failures === 0 ? 0 : 1;
  } finally {
    for (const cleanup of cleanups) {
      await cleanup().catch((error) => console.error(`[inhost] cleanup: ${error}`));
    }
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => { process.exitCode = code; },
  (error) => {
    console.error(`[inhost] FAILED: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
  });
