import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { DEMO_IDS } from '../emulator/seed';
import { hostPaths } from '../host/hostPaths';
import { addEmulatorOrg, expectVisible, openViewContainer, quickInput, runCommand, showView, waitForNotification, webviewFrame } from './workbench';
import { readmePictureDir } from './session';

/**
 * "Which records failed, and why?" as a person gets the answer, in code-server with the packaged
 * extension and the session's emulator: Download Results from the details panel (the folder picker
 * starts in the workspace's bulk-results/), the files on disk, "Why records failed" in the panel and
 * the rows of one error in a new editor; a second download, which asks first (Keep Both); then from
 * the Jobs view's context menu, cancelled mid-way.
 */

function nls(key: string): string {
  const table = JSON.parse(fs.readFileSync(path.join(hostPaths.repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const value = table[key];
  assert.ok(value, `package.nls.json has no "${key}"`);
  return value;
}

/** Picks the emulator's org when the command asks which org. */
async function pickEmulatorOrgIfAsked(page: Page): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: '127.0.0.1' });
  if (await row.first().waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) {
    await row.first().click();
  }
}

/** The folder picker (VS Code's own dialog in the browser): it must start in bulk-results/; accept it. */
async function acceptFolder(page: Page, workspace: string): Promise<string> {
  const dialog = page.locator('.quick-input-widget', { hasText: 'Folder for the result files' });
  await expectVisible(dialog, 'the folder picker for the result files');
  // The dialog fills in its start folder a moment after it shows.
  const wanted = `${path.basename(workspace)}/bulk-results`;
  let value = '';
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await page.waitForTimeout(200)) {
    value = await quickInput(page).inputValue();
    if (value.replace(/\/$/, '').endsWith(wanted)) {
      break;
    }
  }
  await page.keyboard.press('Enter');
  if (await dialog.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => false, () => true)) {
    await dialog.locator('.monaco-button', { hasText: 'Save Results Here' }).first().click();
  }
  assert.ok(value.replace(/\/$/, '').endsWith(wanted), `the picker starts in bulk-results/ (it shows ${value})`);
  return path.join(workspace, 'bulk-results');
}

function recordsIn(file: string): number {
  const text = fs.readFileSync(file, 'utf8');
  let records = 0;
  let quoted = false;
  for (const c of text) {
    if (c === '"') {
      quoted = !quoted;
    } else if (c === '\n' && !quoted) {
      records++;
    }
  }
  return records - 1;
}

describe('download results in VS Code (packaged .vsix)', function () {
  this.timeout(240_000);
  let page: Page;
  let workspace: string;

  before(async function () {
    this.timeout(180_000);
    workspace = this.e2e.workspace;
    page = await this.e2e.openWorkbench();
    await addEmulatorOrg(page, `${nls('category')}: ${nls('command.addOrg')}`, this.e2e.emulator);
  });

  it('downloads from the details panel: three files, "Why records failed", and the rows of one error', async () => {
    const jobId = DEMO_IDS.classicAborted;
    await runCommand(page, `${nls('category')}: ${nls('command.lookupJob')}`);
    await expectVisible(page.locator('.quick-input-widget', { hasText: 'Look Up Bulk Job' }), 'the Look Up Job input');
    await quickInput(page).fill(jobId);
    await expectVisible(page.locator('.quick-input-list .monaco-list-row', { hasText: 'Look up' }), 'the lookup row');
    await page.keyboard.press('Enter');
    await pickEmulatorOrgIfAsked(page);
    const frame = webviewFrame(page);
    await expectVisible(frame.locator('#badge', { hasText: 'Aborted' }), 'the aborted job in its panel');

    await frame.locator('#toolbar button[data-action="downloadResults"]').click();
    const dir = await acceptFolder(page, workspace);
    await waitForNotification(page, /Results of job .*: 12 failed, 1,988 succeeded, 2,600 unprocessed/);
    const files = ['failed', 'success', 'unprocessed'].map((k) => path.join(dir, `${jobId}-${k}.csv`));
    assert.deepStrictEqual(files.map(recordsIn), [12, 1988, 2600]);
    assert.deepStrictEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.partial')), []);

    const section = frame.locator('#failures');
    await expectVisible(section.locator('h2', { hasText: 'Why records failed' }), 'the "Why records failed" section');
    await expectVisible(section.locator('.failures-summary', { hasText: '12 failed' }), 'the counts of the download');
    const groups = section.locator('.failure-group');
    const first = await groups.first().innerText();
    assert.match(first, /\d+ rows?/);
    await runCommand(page, 'Notifications: Clear All Notifications');
    fs.mkdirSync(readmePictureDir, { recursive: true });
    await section.screenshot({ path: path.join(readmePictureDir, 'why-records-failed.png') });

    // The example row is read from the failed file when its details open (it is in no saved state).
    const example = groups.first().locator('.failure-example');
    await example.locator('summary').click();
    await expectVisible(example.locator('dt', { hasText: /\w/ }).first(), 'the example row, read from the failed file');
    assert.ok(!(await example.innerText()).includes('Loading'), 'the row is shown, not a placeholder');

    const count = Number(/(\d+) rows?/.exec(first)?.[1]);
    await groups.first().locator('button[data-failure-key]').click(); // Show These Rows (the cause's buttons come before it)
    const editor = page.locator('.editor-instance .view-lines');
    await expectVisible(editor.filter({ hasText: 'sf__Id,sf__Error' }), 'a new editor with the failed rows of that error');
    const lines = await page.locator('.editor-instance .view-lines .view-line').allInnerTexts();
    assert.ok(lines.length >= count + 1, `the header and ${count} rows (it shows ${lines.length} lines)`);
    await runCommand(page, 'View: Revert and Close Editor');
  });

  it('asks before a second download of the same job; Keep Both puts the new files in a folder of their own', async () => {
    const jobId = DEMO_IDS.classicAborted;
    const frame = webviewFrame(page);
    await expectVisible(frame.locator('#badge', { hasText: 'Aborted' }), 'the aborted job\'s panel, still open');
    const names = ['failed', 'success', 'unprocessed'].map((k) => `${jobId}-${k}.csv`);
    const first = path.join(workspace, 'bulk-results');
    const before = names.map((n) => fs.readFileSync(path.join(first, n), 'utf8'));
    await frame.locator('#toolbar button[data-action="downloadResults"]').click();
    const dir = await acceptFolder(page, workspace);
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'were downloaded to this folder before' });
    await expectVisible(dialog, 'the question about the earlier download');
    const question = await dialog.innerText();
    assert.ok(question.includes(`${jobId}-failed.csv`), `it names the files (${question})`);
    await dialog.locator('.monaco-button', { hasText: 'Keep Both' }).first().click();
    const said = await waitForNotification(page, /Saved in /);
    const folders = fs.readdirSync(dir).filter((f) => new RegExp(`^${jobId}-\\d{4}-\\d{2}-\\d{2}T\\d{4}`).test(f));
    assert.strictEqual(folders.length, 1, `one time-stamped folder (${fs.readdirSync(dir).join(', ')})`);
    assert.ok(said.includes(folders[0]), `the message says where the files went (${said})`);
    assert.deepStrictEqual(fs.readdirSync(path.join(dir, folders[0])).sort(), names);
    assert.deepStrictEqual(names.map((n) => fs.readFileSync(path.join(first, n), 'utf8')), before, 'the first set untouched');
    assert.strictEqual(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8').split('\n').includes('*'), true, 'git ignores the folder');
    await runCommand(page, 'Notifications: Clear All Notifications');
  });

  it('downloads from the Jobs view\'s context menu; Cancel leaves no file behind', async function () {
    const { emulator } = this.e2e;
    const jobId = emulator.jobs.createBig1({ batches: 30, rowsPerBatch: 5_000, failureRate: 0.1, object: 'Contact' });
    emulator.fault({ path: new RegExp(`${jobId.slice(0, 15)}.*/batch/.*/result$`), latencyMs: 1_500 });

    await runCommand(page, `${nls('category')}: ${nls('command.trackJob')}`);
    await expectVisible(page.locator('.quick-input-widget', { hasText: 'Track Bulk API Job' }), 'the Track Job input');
    await quickInput(page).fill(jobId);
    await page.keyboard.press('Enter');
    await pickEmulatorOrgIfAsked(page);
    await openViewContainer(page, nls('viewsContainers.bulkJobs.title'));
    const pane = await showView(page, nls('views.jobs.name'));
    const row = pane.locator('.monaco-list-row', { hasText: 'Contact · insert' }).first();
    await expectVisible(row, 'the tracked job in the Jobs view');
    await row.click({ button: 'right' });
    const item = page.locator('.context-view .action-item', { hasText: nls('command.downloadResults') }).first();
    await expectVisible(item, '"Download Results…" in the context menu of a finished job');
    await item.hover();
    await page.keyboard.press('Enter');
    const dir = await acceptFolder(page, workspace);

    const progress = page.locator('.notifications-toasts .notification-list-item', { hasText: 'Downloading results' });
    await expectVisible(progress, 'the progress notification');
    await expectVisible(progress.locator('.notification-list-item-message', { hasText: /batches/ }), 'batches done of the total in the notification');
    await progress.hover();
    await progress.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
    await progress.waitFor({ state: 'detached', timeout: 30_000 });
    await page.waitForTimeout(500);
    const left = fs.readdirSync(dir).filter((f) => f.startsWith(jobId));
    assert.deepStrictEqual(left, [], 'no file, final or partial, for the cancelled download');
    emulator.clearFaults();
  });
});
