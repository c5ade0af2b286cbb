import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { startEmulator } from '../emulator';
import { extensionRoot } from '../host/extension';
import { hostPaths } from '../host/hostPaths';

/**
 * Runs the same in-host suite in VS Code desktop, downloaded by @vscode/test-electron into .vscode-test/.
 * Only where Microsoft's update servers are reachable (not on this project's machines, which use
 * runCodeServer.ts instead):
 *   npx tsc -p . && node out/test/suite/runElectron.js [--vscode-version 1.96.0]
 * On a Linux machine without a display, wrap it in `xvfb-run -a`.
 */
async function main(): Promise<void> {
  const versionFlag = process.argv.indexOf('--vscode-version');
  const version = versionFlag >= 0 ? process.argv[versionFlag + 1] : 'stable';
  const resultsFile = process.env.BULKJOBS_RESULTS_FILE ?? path.join(hostPaths.repoRoot, 'test-results', 'inhost-electron.json');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-jobs-electron-ws-'));
  const emulator = await startEmulator({ seed: 'demo', clock: 'manual' });
  try {
    await runTests({
      version,
      extensionDevelopmentPath: extensionRoot,
      extensionTestsPath: path.join(__dirname, 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
      extensionTestsEnv: {
        BULK_JOBS_TEST_EMULATOR: JSON.stringify({ url: emulator.url, token: emulator.token, username: emulator.username }),
        BULKJOBS_RESULTS_FILE: resultsFile,
      },
    });
  } finally {
    await emulator.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`[inhost:electron] FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
