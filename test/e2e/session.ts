import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { Emulator, startEmulator } from '../emulator';
import { launchChromium } from '../host/browser';
import { CodeServer, startCodeServer } from '../host/codeServer';
import { packageVsix } from '../host/extension';
import { hostPaths } from '../host/hostPaths';
import { writeSampleWorkspace } from '../host/sampleWorkspace';
import { expectVisible, waitForWorkbench } from './workbench';

/**
 * Everything a UI test needs, started once per run by the root hooks (test/e2e/hooks.ts):
 * the packaged .vsix installed into code-server, the loopback emulator (seed 'demo', manual clock)
 * whose URL/token reach the extension host as BULK_JOBS_TEST_EMULATOR, a sample workspace, Chromium.
 */
export interface E2eSession {
  readonly emulator: Emulator;
  readonly server: CodeServer;
  readonly workspace: string;
  readonly screenshotDir: string;
  /** The page of the current test (set by openWorkbench), screenshotted after each test. */
  readonly page: Page | undefined;
  /** A fresh browser context on the workbench with the sample workspace open. */
  openWorkbench(): Promise<Page>;
  /**
   * Another window of the same code-server: a second tab in the context of `openWorkbench` (so the
   * two share the browser's storage, as two windows of one VS Code profile do).
   */
  openAnotherWindow(): Promise<Page>;
  stop(): Promise<void>;
}

export const screenshotDir = path.join(hostPaths.repoRoot, 'test-results', 'e2e');
/**
 * The README's pictures as the UI tests take them (git-ignored); `npm run screenshots` runs the tests
 * and copies them to docs/, so a test run never rewrites committed files.
 */
export const readmePictureDir = path.join(hostPaths.repoRoot, 'test-results', 'readme');

export async function startE2eSession(log: (line: string) => void = () => undefined): Promise<E2eSession> {
  const t0 = Date.now();
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-jobs-e2e-'));
  // BULKJOBS_KEEP_RUN=1 keeps the run folder (code-server's logs, the extension's "Bulk Jobs" log) to look at.
  const keep = process.env.BULKJOBS_KEEP_RUN === '1';
  const cleanups: (() => Promise<void>)[] = [async () => keep ? log(`kept ${runDir}`) : fs.rmSync(runDir, { recursive: true, force: true })];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0)) {
      await cleanup().catch((error) => log(`cleanup: ${error}`));
    }
  };
  try {
    const vsix = packageVsix();
    log(`packaged ${path.basename(vsix)} (${elapsed()})`);
    const emulator = await startEmulator({ seed: 'demo', clock: 'manual' });
    cleanups.unshift(() => emulator.close());
    const workspace = writeSampleWorkspace(path.join(runDir, 'workspace'));
    const server = await startCodeServer({
      runDir: path.join(runDir, 'code-server'),
      vsix: [vsix],
      env: { BULK_JOBS_TEST_EMULATOR: JSON.stringify({ url: emulator.url, token: emulator.token, username: emulator.username }) },
    });
    cleanups.unshift(() => server.stop());
    log(`code-server ${server.url} with the .vsix installed (${elapsed()})`);
    const browser: Browser = await launchChromium();
    cleanups.unshift(() => browser.close());
    let context: BrowserContext | undefined;
    let page: Page | undefined;
    return {
      emulator,
      server,
      workspace,
      screenshotDir,
      get page() { return page; },
      async openWorkbench() {
        await context?.close();
        context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        page = await context.newPage();
        await loadWorkbench(page, server.workbenchUrl(workspace));
        return page;
      },
      async openAnotherWindow() {
        if (!context) {
          throw new Error('openWorkbench() first');
        }
        const other = await context.newPage();
        await loadWorkbench(other, server.workbenchUrl(workspace));
        return other;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function loadWorkbench(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForWorkbench(page);
  // The extension's icon appears once the extension host has loaded the installed .vsix.
  await expectVisible(page.locator('.activitybar .action-item a[aria-label^="Bulk Jobs"]'),
    'the "Bulk Jobs" icon in the activity bar (the installed extension)', 90_000);
}
