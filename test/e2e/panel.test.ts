import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FrameLocator, Page } from 'playwright-core';
import { BulkClient } from '../../src/salesforce/bulkClient';
import { DEMO_IDS, XSS_OBJECT } from '../emulator/seed';
import { SAMPLE_JOB_ID } from '../host/sampleWorkspace';
import { expectVisible, hoverWord, openFile, quickInput, runCommand, waitForWorkbench, webviewFrame } from './workbench';
import { LOOKUP, addEmulatorOrg, closeEditors, lookUp, setTheme } from './panelSteps';
import { readmePictureDir } from './session';

const SCREENSHOTS = readmePictureDir;

/** Label → value of every field row the panel shows. */
async function fields(frame: FrameLocator): Promise<Map<string, string>> {
  const rows = frame.locator('.field');
  const count = await rows.count();
  const map = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    map.set(await rows.nth(i).locator('dt').innerText(), await rows.nth(i).locator('.value').innerText());
  }
  return map;
}

describe('details panel, lookup and hover in VS Code (packaged .vsix)', () => {
  let page: Page;

  before(async function () {
    this.timeout(180_000);
    page = await this.e2e.openWorkbench();
    await addEmulatorOrg(page, this.e2e.emulator.url, this.e2e.emulator.token);
  });

  it('looks up a job from the palette and shows its fields and progress; Refresh shows what changed', async function () {
    const frame = await lookUp(page, DEMO_IDS.classicMoving);
    await expectVisible(frame.locator('#badge', { hasText: 'Open' }), 'the state badge "Open"');
    const before = await fields(frame);
    assert.strictEqual(before.get('Object'), 'Account');
    assert.strictEqual(before.get('Operation'), 'insert');
    assert.strictEqual(before.get('Job id'), DEMO_IDS.classicMoving);
    assert.strictEqual(before.get('Bulk API'), 'Bulk API 1.0');
    assert.ok(before.has('Created') && before.has('Last modified'), 'who and when');

    // Mark a DOM node: an update must patch it, not rebuild it.
    await frame.locator('.field[data-key="object"]').evaluate((el) => { (el as unknown as { dataset: Record<string, string> }).dataset.marker = 'kept'; });

    // The job moves on in the emulator: closed, batches running.
    this.e2e.emulator.clock.advance(90_000);
    await frame.locator('#toolbar button[data-action="refresh"]').click();
    await expectVisible(frame.locator('#badge', { hasText: 'Closed' }), 'the state badge "Closed" after Refresh');
    assert.strictEqual(await frame.locator('.field[data-key="object"]').getAttribute('data-marker'), 'kept', 'the update patched the existing DOM');
    const status = await frame.locator('#status-text').innerText();
    assert.match(status, /^Closed · /);
    const batches = frame.locator('.progress-item [role="progressbar"]').first();
    await expectVisible(batches, 'a progress bar');
    const max = Number(await batches.getAttribute('aria-valuemax'));
    const now = Number(await batches.getAttribute('aria-valuenow'));
    assert.ok(max > 0 && now >= 0 && now <= max, `progress ${now}/${max}`);
    assert.ok((await batches.getAttribute('aria-valuetext'))?.includes('batches'));
    await expectVisible(frame.locator('#batches tbody tr[data-key]'), 'the batches table');
  });

  it('says which rule a typed id breaks, as it is typed', async () => {
    await runCommand(page, LOOKUP());
    await expectVisible(page.locator('.quick-input-widget', { hasText: 'Look Up Bulk Job' }), 'the Look Up Job input');
    await quickInput(page).fill('750D00000004Sk');
    await expectVisible(page.locator('.quick-input-list .monaco-list-row', { hasText: '15 or 18 characters; this one has 14' }), 'the length rule');
    await quickInput(page).fill('750D00000004SkLIAX');
    await expectVisible(page.locator('.quick-input-list .monaco-list-row', { hasText: 'should be IAU' }), 'the suffix rule');
    await page.keyboard.press('Enter');
    await expectVisible(page.locator('.quick-input-widget', { hasText: 'Look Up Bulk Job' }), 'the input still open after Enter on a bad id');
    await page.keyboard.press('Escape');
  });

  it('closes a job from the panel after a confirmation naming the job and the org; auto-refresh can be turned off', async function () {
    await closeEditors(page);
    const frame = await lookUp(page, DEMO_IDS.seedPageJson);
    await expectVisible(frame.locator('#badge', { hasText: 'Open' }), 'the state badge "Open"');
    const auto = frame.locator('#toolbar button[data-action="toggleAutoRefresh"]');
    assert.strictEqual(await auto.getAttribute('aria-pressed'), 'true', 'auto-refresh is on while the job is open');
    await auto.click();
    await expectVisible(frame.locator('#toolbar button[data-action="toggleAutoRefresh"][aria-pressed="false"]'), 'the Auto-refresh toggle off');

    await frame.locator('#toolbar button[data-action="close"]').click();
    const dialog = page.locator('.monaco-dialog-box');
    await expectVisible(dialog, 'a confirmation dialog');
    const question = await dialog.innerText();
    assert.match(question, /Close job .*Account · insert.* in org 127\.0\.0\.1:\d+ \(Sandbox\)/s);
    await dialog.locator('.monaco-button', { hasText: 'Close Job' }).click();
    await expectVisible(frame.locator('#badge', { hasText: 'Closed' }), 'the state badge "Closed" after closing');
    const { url, token } = this.e2e.emulator;
    const client = new BulkClient({ instanceUrl: url, apiVersion: '64.0', getAccessToken: async () => token });
    assert.strictEqual((await client.getJob(DEMO_IDS.seedPageJson)).state, 'Closed', 'the emulator has the job closed');
  });

  it('renders a field holding markup as text', async () => {
    await closeEditors(page);
    const frame = await lookUp(page, DEMO_IDS.xss);
    await expectVisible(frame.locator('#title', { hasText: XSS_OBJECT }), 'the literal object name in the title');
    assert.strictEqual((await fields(frame)).get('Object'), XSS_OBJECT);
    assert.strictEqual(await frame.locator('img').count(), 0, 'no <img> element was created');
  });

  it('shows a summary when hovering a job id in a file', async () => {
    await closeEditors(page);
    await runCommand(page, 'Notifications: Clear All Notifications');
    await openFile(page, 'load.log');
    const text = await hoverWord(page, SAMPLE_JOB_ID);
    assert.match(text, /Account · insert/);
    assert.match(text, /Open/);
    assert.match(text, /Open details/);
    assert.match(text, /Copy 18-char id/);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.waitForTimeout(500); // the hover fades in
    await page.screenshot({ path: path.join(SCREENSHOTS, 'hover.png') });
  });

  it('prefills the lookup with the id under the cursor', async () => {
    await closeEditors(page);
    await openFile(page, 'load.log');
    // Click in the middle of the id (a span may hold more text than the id).
    const span = page.locator('.editor-instance .view-lines span', { hasText: SAMPLE_JOB_ID }).last();
    const box = await span.boundingBox();
    const spanText = await span.innerText();
    assert.ok(box, 'the id is on screen');
    const middle = spanText.indexOf(SAMPLE_JOB_ID) + SAMPLE_JOB_ID.length / 2;
    await page.mouse.click(box.x + (box.width * middle) / spanText.length, box.y + box.height / 2);
    await runCommand(page, LOOKUP());
    await expectVisible(page.locator('.quick-input-widget', { hasText: 'Look Up Bulk Job' }), 'the Look Up Job input');
    assert.strictEqual(await quickInput(page).inputValue(), SAMPLE_JOB_ID);
    await page.keyboard.press('Escape');
  });

  it('brings the panel back after a window reload', async () => {
    await closeEditors(page);
    const frame = await lookUp(page, DEMO_IDS.classicFailed);
    await expectVisible(frame.locator('#title', { hasText: 'Contact · insert' }), 'the panel of the failed job');
    // The web workbench writes its editor layout (and the webview state) to IndexedDB every few seconds.
    await page.waitForTimeout(8_000);
    await page.reload();
    await waitForWorkbench(page);
    const again = webviewFrame(page);
    await expectVisible(again.locator('#title', { hasText: 'Contact · insert' }), 'the panel restored after the reload', 60_000);
    await expectVisible(again.locator('#badge', { hasText: 'Failed' }), 'its state badge');
  });

  it('looks right in a light and a dark theme (screenshots for the README)', async () => {
    await closeEditors(page);
    const frame = await lookUp(page, DEMO_IDS.classicClosedRunning);
    await expectVisible(frame.locator('#batches tbody tr[data-key]'), 'the batches table');
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await runCommand(page, 'Notifications: Clear All Notifications');
    await runCommand(page, 'View: Close Primary Side Bar');
    await setTheme(page, 'Light Modern');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'panel-light.png') });
    await setTheme(page, 'Dark Modern');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'panel-dark.png') });
    const [light, dark] = [await fs.promises.stat(path.join(SCREENSHOTS, 'panel-light.png')), await fs.promises.stat(path.join(SCREENSHOTS, 'panel-dark.png'))];
    assert.ok(light.size > 10_000 && dark.size > 10_000, 'both screenshots were written');
  });
});
