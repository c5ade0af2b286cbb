import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FrameLocator, Locator, Page } from 'playwright-core';
import { BulkClient } from '../../src/salesforce/bulkClient';
import { DEMO_IDS } from '../emulator/seed';
import { addEmulatorOrg, closeEditors, lookUp, setTheme } from './panelSteps';
import { expectVisible, runCommand } from './workbench';
import { readmePictureDir, screenshotDir } from './session';

/**
 * The details panel's pace and charts as a person sees them, in code-server with the packaged
 * extension: a moving 1.0 job's time left and its progress chart gaining points, the timeline of a
 * 40-batch job with one failed batch (hover numbers, click to its row), light / dark / high contrast.
 *
 * This file moves the session's emulator clock, so it is named to run after the other UI tests
 * (mocha runs the files in name order), which expect the moving jobs where the seed put them.
 */

/** Waits until `rows` has more than `than` elements; returns the count. */
async function moreThan(rows: Locator, than: number, expectation: string): Promise<number> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    const n = await rows.count();
    if (n > than) {
      return n;
    }
  }
  throw new Error(`Timed out waiting for ${expectation} (still ${await rows.count()})`);
}

describe('charts in the details panel (packaged .vsix)', () => {
  let page: Page;

  before(async function () {
    this.timeout(180_000);
    page = await this.e2e.openWorkbench();
    await addEmulatorOrg(page, this.e2e.emulator.url, this.e2e.emulator.token);
  });

  it('shows a running job\'s rate and time left, and its progress chart gains points as the job moves', async function () {
    const { url, token, clock } = this.e2e.emulator;
    // classicMoving is created 20 s before the seed's t0; one batch has finished by t0 + 50 s.
    const client = new BulkClient({ instanceUrl: url, apiVersion: '64.0', getAccessToken: async () => token });
    const t0 = Date.parse((await client.getJob(DEMO_IDS.classicMoving)).createdDate ?? '') + 20_000;
    clock.advance(Math.max(0, t0 + 60_000 - clock.now()));

    await closeEditors(page);
    const frame = await lookUp(page, DEMO_IDS.classicMoving);
    await expectVisible(frame.locator('#badge', { hasText: 'Closed' }), 'the job Closed, its batches running');
    await expectVisible(frame.locator('#pace', { hasText: /Time left: (about |less than)|Time left: \d/ }), 'the time left at the top of the panel');
    // The emulator's clock jumps while real time barely moves: no rate "now" yet, the average since creation.
    assert.match(await frame.locator('#pace').innerText(), /records\/min on average/);

    const rows = frame.locator('figure[data-chart="progress"] table tbody tr');
    let points = await rows.count();
    for (let step = 0; step < 3; step++) {
      clock.advance(12_000);
      await frame.locator('#toolbar button[data-action="refresh"]').click();
      points = await moreThan(rows, points, `point ${step + 1} more in the progress chart`);
    }
    assert.ok(points >= 3, `${points} points`);
    const drawn = (await frame.locator('figure[data-chart="progress"] polyline.processed').getAttribute('points'))?.trim().split(/\s+/) ?? [];
    assert.strictEqual(drawn.length, points, 'the line has a vertex per point of its table');
    const summary = await frame.locator('figure[data-chart="progress"] .chart-summary').innerText();
    assert.match(summary, /^Records processed went from [\d,]+ at .* to [\d,]+ at .*; [\d,]+ failed\.$/);
  });

  it('draws the timeline of a 40-batch job with one failed batch; a bar tells its numbers and leads to its row', async () => {
    await closeEditors(page);
    const frame: FrameLocator = await lookUp(page, DEMO_IDS.classicForty);
    const figure = frame.locator('figure[data-chart="timeline"]');
    await expectVisible(figure, 'the batch timeline');
    const bars = figure.locator('g[data-batch]');
    assert.strictEqual(await bars.count(), 40);
    const failed = figure.locator('g[data-batch].tone-failed');
    assert.strictEqual(await failed.count(), 1, 'one failed bar');
    assert.match(await failed.locator('title').textContent() ?? '', /^Batch #18 · Failed\n.*\n.*\nCANNOT_INSERT_UPDATE_ACTIVATE_ENTITY/s);
    assert.match(await figure.locator('.chart-summary').innerText(), /^40 batches over .*, at most [5-9] running at once\. 1 failed\./);
    // The text alternative: the drawing is an image named by its title, described by its summary, and its table is there for screen readers.
    assert.strictEqual(await figure.locator('svg').getAttribute('role'), 'img');
    assert.strictEqual(await figure.locator('table.visually-hidden tbody tr').count(), 40);
    await expectVisible(frame.locator('figure[data-chart="time"] .legend li', { hasText: 'Apex' }), 'where the time went');

    const id = await failed.getAttribute('data-batch');
    await failed.click();
    const row = frame.locator('#batches tbody tr.flash');
    await expectVisible(row, 'the failed batch\'s row, highlighted');
    assert.strictEqual(await row.getAttribute('data-key'), id);
    assert.strictEqual(await row.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement), true, 'the row has the focus');
  });

  it('a 5,000-batch job: a click on the timeline scrolls the virtual batches table to batch #4,321, keyboard and screen reader reach every row', async function () {
    const { clock, jobs } = this.e2e.emulator;
    // A 1.0 job of 5,000 finished batches, one created every 0.7 s. Every second batch up to #4,000 failed and so did
    // #4,321: the table lists failures first, so #4,321 is row 2,001; on the timeline it is the only failed batch of its column.
    const created = clock.now() - 2 * 3_600_000;
    const failed = (n: number): boolean => (n <= 4_000 && n % 2 === 0) || n === 4_321;
    const jobId = jobs.create1({
      operation: 'insert', object: 'Account', createdAt: created, state: 'Closed',
      batches: Array.from({ length: 5_000 }, (_, k) => ({
        createdAt: created + 1_000 + k * 700, startAt: created + 1_500 + k * 700, endAt: created + 4_000 + k * 700, records: 10,
        ...(failed(k + 1) ? { state: 'Failed' as const, processedOnFailure: 0, stateMessage: 'InvalidBatch : Field name not found : Birthdate__c' } : {}),
      })),
    });
    await closeEditors(page);
    const frame = await lookUp(page, jobId);
    const figure = frame.locator('figure[data-chart="timeline"]');
    await expectVisible(figure, 'the batch timeline');
    assert.match(await figure.locator('.chart-summary').innerText(), /^5,000 batches over .* 2,001 failed\. Drawn as a density strip/);
    await expectVisible(frame.locator('#batches-title', { hasText: /^Batches \(5,?000\)$/ }), 'the batches table');

    // Screen readers: a grid that counts every row, each drawn row its index, and how to move through them.
    const grid = frame.locator('#batches table[role="grid"]');
    assert.strictEqual(await grid.getAttribute('aria-rowcount'), '5001');
    assert.match(await frame.locator('#batches-help').textContent() ?? '', /^5,000 batches, failures first\. Only the rows on screen are drawn: the arrow keys, Page Up, Page Down, Home and End/);
    const drawn = await frame.locator('#batches tbody tr[data-key]').count();
    assert.ok(drawn > 5 && drawn < 120, `${drawn} rows in the DOM, not 5,000`);
    assert.strictEqual(await frame.locator('#batches tbody tr[data-key]').first().getAttribute('aria-rowindex'), '2');

    const target = figure.locator('rect.hit', { has: frame.locator('title', { hasText: 'Click to show batch #4,321 in the table' }) }).first();
    const id = await target.getAttribute('data-batch');
    assert.ok(id, 'the column of batch #4,321 leads to it');
    await target.click();
    const row = frame.locator('#batches tbody tr.flash');
    await expectVisible(row, 'batch #4,321\'s row, scrolled to and highlighted');
    assert.strictEqual(await row.getAttribute('data-key'), id);
    assert.strictEqual(await row.getAttribute('aria-rowindex'), '2002', 'row 2,001 of the table (after its heading row)');
    assert.strictEqual(await row.getAttribute('aria-selected'), 'true');
    assert.strictEqual(await row.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement), true, 'the row has the focus');
    assert.match(await row.innerText(), /Failed/);
    assert.strictEqual(await frame.locator('#batches-status').textContent(), `Batch ${id}: row 2,001 of 5,000`);

    // The keyboard moves the focused row through all 5,000, each scrolled into view.
    await page.keyboard.press('ArrowDown');
    const focused = frame.locator('#batches tbody tr[data-key]:focus');
    await expectVisible(focused, 'the next row, focused');
    assert.strictEqual(await focused.getAttribute('aria-rowindex'), '2003');
    await page.keyboard.press('End');
    await expectVisible(frame.locator('#batches tbody tr[data-key][aria-rowindex="5001"]:focus'), 'the last row, focused and on screen');
    await page.keyboard.press('Home');
    await expectVisible(frame.locator('#batches tbody tr[data-key][aria-rowindex="2"]:focus'), 'the first row, focused and on screen');
    assert.strictEqual(await frame.locator(`#batches tbody tr[data-key="${id}"][aria-selected="true"]`).count(), 0, 'batch #4,321 is not drawn up here');
  });

  it('looks right in light, dark and high contrast themes (screenshots for the README)', async () => {
    await closeEditors(page);
    const frame = await lookUp(page, DEMO_IDS.classicForty);
    await expectVisible(frame.locator('figure[data-chart="timeline"]'), 'the batch timeline');
    await runCommand(page, 'Notifications: Clear All Notifications');
    await runCommand(page, 'View: Close Primary Side Bar');
    await frame.locator('figure[data-chart="timeline"]').evaluate((el) => (el as unknown as { scrollIntoView(): void }).scrollIntoView());
    fs.mkdirSync(readmePictureDir, { recursive: true });
    const shots: Array<[string, string]> = [
      ['Light Modern', path.join(readmePictureDir, 'charts-light.png')],
      ['Dark Modern', path.join(readmePictureDir, 'charts-dark.png')],
      ['Dark High Contrast', path.join(screenshotDir, 'charts-high-contrast.png')],
    ];
    for (const [theme, file] of shots) {
      await setTheme(page, theme);
      await page.screenshot({ path: file });
      assert.ok(fs.statSync(file).size > 10_000, `${path.basename(file)} was written`);
    }
    await setTheme(page, 'Dark Modern');
  });
});
