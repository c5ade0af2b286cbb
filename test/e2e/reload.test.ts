import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import * as iconv from 'iconv-lite';
import { hostPaths } from '../host/hostPaths';
import { addEmulatorOrg, expectVisible, openFile, quickInput, runCommand, webviewFrame } from './workbench';
import { readmePictureDir } from './session';

/**
 * "Load CSV into Salesforce…" as a person runs it, in code-server with the packaged extension and the
 * session's emulator (a sandbox): a CSV in the workspace, the choices (object, operation, API), the
 * modal naming the org as Sandbox with what the preflight found, then the new job's panel; the
 * preflight's diagnostic on the empty required field shows in Problems.
 */

function nls(key: string): string {
  const table = JSON.parse(fs.readFileSync(path.join(hostPaths.repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const value = table[key];
  assert.ok(value, `package.nls.json has no "${key}"`);
  return value;
}

async function pickRow(page: Page, text: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text });
  await expectVisible(row.first(), `the "${text}" choice`);
  await row.first().click();
}

/** "Load CSV into Salesforce…" on the active file: the emulator's org (if asked), Contact, insert, Bulk API 2.0. */
async function chooseContactInsert(page: Page): Promise<void> {
    await runCommand(page, `${nls('category')}: ${nls('command.loadCsv')}`);
    const orgRow = page.locator('.quick-input-list .monaco-list-row', { hasText: '127.0.0.1' });
    if (await orgRow.first().waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) {
      await orgRow.first().click();
    }
    await expectVisible(page.locator('.quick-input-widget', { hasText: 'Object to load into' }), 'the object input');
    await quickInput(page).fill('Contact');
    await page.keyboard.press('Enter');
    await pickRow(page, 'insert');
    await pickRow(page, 'Bulk API 2.0');
}

describe('load a CSV in VS Code (packaged .vsix)', function () {
  this.timeout(240_000);
  let page: Page;
  let workspace: string;
  let emulator: { jobs: { ids(): string[]; get(id: string): unknown } };

  before(async function () {
    this.timeout(180_000);
    workspace = this.e2e.workspace;
    emulator = this.e2e.emulator;
    page = await this.e2e.openWorkbench();
    await addEmulatorOrg(page, `${nls('category')}: ${nls('command.addOrg')}`, this.e2e.emulator);
  });

  it('checks the file, names the org as Sandbox in the confirmation, and opens the new job', async () => {
    fs.writeFileSync(path.join(workspace, 'contacts.csv'), 'LastName,FirstName,Email\nSmith,Ann,ann@example.com\n,Bob,bob@example.com\nLee,Dan,dan@example.com\n');
    await openFile(page, 'contacts.csv');
    await chooseContactInsert(page);

    const dialog = page.locator('.monaco-dialog-box');
    await expectVisible(dialog, 'the confirmation dialog');
    const text = await dialog.innerText();
    assert.match(text, /Load 3 rows into Contact \(insert\) in .*, a Sandbox org\?/);
    assert.match(text, /1 row has empty required fields/);
    fs.mkdirSync(readmePictureDir, { recursive: true });
    await dialog.screenshot({ path: path.join(readmePictureDir, 'load-confirm.png') });
    await dialog.locator('.monaco-button', { hasText: 'Load 3 Rows' }).click();

    const frame = webviewFrame(page);
    await expectVisible(frame.locator('#title', { hasText: 'Contact' }), 'the new job\'s panel');
    await page.keyboard.press('Control+Shift+M'); // the Problems view
    await expectVisible(page.locator('.markers-panel', { hasText: 'LastName is required: fill in a value.' }), 'the diagnostic of the empty required field in Problems');
  });

  it('loads an Excel save (Windows-1252, semicolons, CRLF): the dialog names it, and the org receives UTF-8 with every accent', async () => {
    // As German Excel saves "CSV (Comma delimited)": the ANSI code page, the list separator `;`, CRLF.
    fs.writeFileSync(path.join(workspace, 'kontakte.csv'), iconv.encode('LastName;FirstName;Title\r\nMüller;Zoë;Leiterin; Köln\r\nSão Paulo;João;"Vertrieb; Süd"\r\n'.replace('Leiterin; Köln', '"Leiterin; Köln"'), 'windows1252'));
    const before = new Set(emulator.jobs.ids());
    await openFile(page, 'kontakte.csv'); // the active CSV editor is the file loaded (read from disk, not from the editor)
    await chooseContactInsert(page);
    const dialog = page.locator('.monaco-dialog-box');
    await expectVisible(dialog, 'the confirmation dialog');
    assert.match(await dialog.innerText(), /Windows-1252, semicolon-separated, CRLF: will be sent as UTF-8/);
    await dialog.locator('.monaco-button', { hasText: 'Load 2 Rows' }).click();
    await expectVisible(webviewFrame(page).locator('#title', { hasText: 'Contact' }), 'the new job\'s panel');
    const jobId = emulator.jobs.ids().find((id) => !before.has(id));
    const job = emulator.jobs.get(jobId ?? '') as { columnDelimiter: string; lineEnding: string; upload: { received: Buffer; rows: string[][] } };
    assert.deepStrictEqual([job.columnDelimiter, job.lineEnding], ['SEMICOLON', 'CRLF']);
    assert.strictEqual(new TextDecoder('utf-8', { fatal: true }).decode(job.upload.received), 'LastName;FirstName;Title\r\nMüller;Zoë;"Leiterin; Köln"\r\nSão Paulo;João;"Vertrieb; Süd"\r\n');
    assert.deepStrictEqual(job.upload.rows, [['Müller', 'Zoë', 'Leiterin; Köln'], ['São Paulo', 'João', 'Vertrieb; Süd']]);
  });
});
