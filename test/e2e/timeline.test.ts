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
