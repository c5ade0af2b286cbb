import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';
import { loginCliToEmulator } from '../suite/cliLogin';
import { Page } from 'playwright-core';
import { launchChromium } from './browser';
import { CodeServer, startCodeServer } from './codeServer';
import { packageVsix } from './extension';
import { hostPaths } from './hostPaths';
import { writeSampleWorkspace } from './sampleWorkspace';

/**
 * `npm run demo` (scripts/demo.js builds, then calls this): the emulator's command line with its demo
 * seed on a real clock, code-server with the packaged extension, a sample workspace, and the real
 * Salesforce CLI logged in to the emulator org so the extension finds it with no manual step.
 */
export interface EmulatorInfo {
  url: string;
  token: string;
  username: string;
  refreshToken: string;
}

export interface Demo {
  readonly server: CodeServer;
  readonly emulator: EmulatorInfo;
  readonly workspace: string;
  /** The URL to open in a browser. */
  readonly url: string;
  stop(): Promise<void>;
}

export interface DemoOptions {
  /** code-server's port; default a free one. */
  port?: number;
  log?: (line: string) => void;
}

const demoDir = path.join(hostPaths.repoRoot, '.vscode-test', 'demo');

/** Starts `node out/test/emulator/cli.js --seed demo --causes=1` and reads the JSON line it prints first. */
async function startEmulatorCli(logFile: string): Promise<{ child: ChildProcess; info: EmulatorInfo }> {
  const cli = path.join(hostPaths.repoRoot, 'out', 'test', 'emulator', 'cli.js');
  const child = spawn(process.execPath, [cli, '--seed', 'demo', '--causes=1'], { stdio: ['ignore', 'pipe', fs.openSync(logFile, 'w')] });
  const lines = readline.createInterface({ input: child.stdout! });
  const info = await new Promise<EmulatorInfo>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the emulator printed nothing within 30s')), 30_000);
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}); see ${logFile}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as EmulatorInfo);
      } catch {
        reject(new Error(`the emulator printed ${JSON.stringify(line)} instead of its JSON line`));
      }
    });
  });
  return { child, info };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  child.kill('SIGKILL');
}

/**
 * Connects the demo to the emulator org the way a user's machine is connected: the real `sf`, with a
 * private HOME, logged in to the emulator; the extension is pointed at it through `bulkJobs.cliPath`.
 * Returns the settings to seed and a cleanup.
 */
async function connectDemoOrg(emulator: EmulatorInfo): Promise<{ settings: Record<string, unknown>; dispose: () => void }> {
  const login = await loginCliToEmulator({ url: emulator.url, refreshToken: emulator.refreshToken }, 'demo');
  return { settings: { 'bulkJobs.cliPath': login.shim }, dispose: login.dispose };
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const log = options.log ?? (() => undefined);
  const t0 = Date.now();
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  fs.rmSync(demoDir, { recursive: true, force: true });
  fs.mkdirSync(demoDir, { recursive: true });
  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log(`cleanup: ${error}`);
      }
    }
  };
  try {
    const vsix = packageVsix();
    log(`packaged ${path.relative(hostPaths.repoRoot, vsix)} (${elapsed()})`);
    const { child, info } = await startEmulatorCli(path.join(demoDir, 'emulator.log'));
    cleanups.push(() => stopChild(child));
    log(`emulator ${info.url} (demo seed, real clock; requests logged to .vscode-test/demo/emulator.log) (${elapsed()})`);
    const org = await connectDemoOrg(info);
    cleanups.push(org.dispose);
    log(`Salesforce CLI logged in to the emulator org as "demo" (${elapsed()})`);
    const workspace = writeSampleWorkspace(path.join(hostPaths.repoRoot, '.vscode-test', 'demo-workspace'));
    const server = await startCodeServer({
      port: options.port,
      runDir: path.join(demoDir, 'code-server'),
      vsix: [vsix],
      settings: org.settings,
    });
    cleanups.push(() => server.stop());
    log(`code-server ${server.url} (${elapsed()})`);
    return { server, emulator: info, workspace, url: server.workbenchUrl(workspace), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function nls(key: string): string {
  const table = JSON.parse(fs.readFileSync(path.join(hostPaths.repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
  return table[key] ?? '';
}

/**
 * Fills the Jobs view the way a person would: "Bulk Jobs: Discover Recent Jobs…", pick the org if asked,
 * select all, OK. Best effort: if any step is not on screen, the view keeps its welcome content.
 */
async function trackRecentJobs(page: Page, log: (line: string) => void): Promise<void> {
  const title = 'Bulk Jobs: Discover Recent Jobs';
  const input = page.locator('.quick-input-widget input');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  try {
    // The org appears once the extension has asked the CLI for its orgs (a few seconds).
    const noJobs = nls('viewsWelcome.jobs.noJobs').split('\n')[0];
    await page.locator('.part.sidebar .welcome-view-content', { hasText: noJobs }).first().waitFor({ timeout: 60_000 });
    const command = rows.filter({ hasText: title }).first();
    for (let attempt = 0; attempt < 10 && !(await command.isVisible()); attempt++) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      await input.fill(`>${title}`);
      await command.waitFor({ timeout: 3000 }).catch(() => undefined);
    }
    await command.click();
    const checkAll = page.locator('.quick-input-widget .quick-input-header [role=checkbox]');
    const orgRow = rows.filter({ hasText: 'demo' }).first();
    await checkAll.or(orgRow).first().waitFor({ timeout: 60_000 });
    if (!(await checkAll.isVisible())) {
      await orgRow.click();
      await checkAll.waitFor({ timeout: 60_000 });
    }
    // The newest few jobs (the list is sorted newest first): enough for a picture, not a wall of rows.
    const count = Math.min(5, await rows.count());
    for (let i = 0; i < count; i++) {
      await rows.nth(i).locator('[role=checkbox]').click();
    }
    await page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).first().click();
    await page.locator('.part.sidebar .pane-body .monaco-list-row').first().waitFor({ timeout: 60_000 });
    log(`tracked the emulator's ${count} newest jobs from "${title}…"`);
  } catch (error) {
    await page.screenshot({ path: path.join(demoDir, 'discover-failed.png') });
    log(`could not track the emulator's recent jobs from the palette (${error instanceof Error ? error.message.split('\n')[0] : error}); the view keeps its welcome content`);
    await page.keyboard.press('Escape');
  }
}

/**
 * Renders the workbench in headless Chromium with the Bulk Jobs view open and saves a PNG.
 * Returns what the view showed (tree rows or welcome text); throws if the view did not appear.
 */
export async function screenshotWorkbench(demo: Demo, file: string, log: (line: string) => void = () => undefined): Promise<string[]> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(demo.url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    const icon = page.locator('.activitybar .action-item a[aria-label^="Bulk Jobs"]').first();
    await icon.waitFor({ timeout: 90_000 }).catch(() => {
      throw new Error('the "Bulk Jobs" icon did not appear in the activity bar within 90s (is the extension installed?)');
    });
    await icon.click();
    const sidebar = page.locator('.part.sidebar');
    await sidebar.locator('.composite.title', { hasText: 'Bulk Jobs' }).waitFor({ timeout: 30_000 }).catch(() => {
      throw new Error('the Bulk Jobs view did not open in the side bar within 30s');
    });
    await trackRecentJobs(page, log);
    // Jobs (tree rows) once the Jobs view has loaded them from the emulator org, else the welcome content.
    const content = sidebar.locator('.pane-body .monaco-list-row, .pane-body .welcome-view-content');
    await content.first().waitFor({ timeout: 60_000 }).catch(() => {
      throw new Error('the Bulk Jobs view showed neither jobs nor its welcome content within 60s');
    });
    await page.waitForTimeout(3000); // let rows that arrive after the first one render
    const shown = await content.allInnerTexts();
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    await page.screenshot({ path: file });
    log(`screenshot ${file}: the view shows ${JSON.stringify(shown.map((text) => text.split('\n')[0]))}`);
    return shown;
  } finally {
    await browser.close();
  }
}
