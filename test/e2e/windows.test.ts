import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Locator, Page } from 'playwright-core';
import { FIRST_DELAY_MS } from '../../src/tracked/pollPlan';
import { chooseFromContextMenu, nls, row, trackFromPalette, useCliOrg, waitForRowText } from './jobsView';
import { readmePictureDir } from './session';
import { openViewContainer, showView, viewPane, waitForWorkbench } from './workbench';

/**
 * Two windows of one code-server (two tabs of one browser context: they share the browser's
 * storage as two VS Code windows of one profile share globalState): a job tracked in either shows
 * in both without a reload, an untrack holds in both and after reloads, and one window polls.
 */

/** Within this, a change in one window shows in the other (sync every 2 s, plus the tree). */
const PROPAGATION_MS = 15_000;
/** How long the GETs of the running job are watched. */
const WATCH_MS = 30_000;

/**
 * The Jobs view's pane (not the Org Jobs view below it, which lists the org's jobs, tracked or not);
 * after a reload the workbench may be restoring it already.
 */
async function jobsPane(page: Page): Promise<Locator> {
  const pane = viewPane(page, nls('views.jobs.name'));
  if (!(await pane.first().waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false))) {
    await openViewContainer(page, nls('viewsContainers.bulkJobs.title'));
  }
  return showView(page, nls('views.jobs.name'));
}

/** The README's picture: the two windows side by side. */
async function pictureOfTwo(a: Page, b: Page): Promise<void> {
  const shots = [await a.screenshot(), await b.screenshot()].map((png) => `data:image/png;base64,${png.toString('base64')}`);
  const board = await a.context().newPage();
  await board.setViewportSize({ width: 2560, height: 800 });
  await board.setContent(`<body style="margin:0;display:flex">${shots.map((s) => `<img src="${s}" width="1280">`).join('')}</body>`);
  fs.mkdirSync(readmePictureDir, { recursive: true });
  await board.screenshot({ path: path.join(readmePictureDir, 'two-windows.png') });
  await board.close();
}

async function rowGone(pane: Locator, label: string, what: string): Promise<void> {
  await row(pane, label).waitFor({ state: 'detached', timeout: PROPAGATION_MS }).catch(() => {
    throw new Error(`expected gone from the screen: ${what}`);
  });
}

async function rowLabels(pane: Locator): Promise<string[]> {
  return pane.locator('.monaco-list-row').allInnerTexts();
}

describe('two windows of one code-server', function () {
  this.timeout(300_000);
  let signOut: () => void;
  let a: Page;
  let b: Page;
  let paneA: Locator;
  let paneB: Locator;
  let runningId: string;
  let otherId: string;
  const RUNNING = 'Window_A__c · insert';
  const OTHER = 'Window_B__c · upsert';

  before(async function () {
    const { emulator } = this.e2e;
    signOut = await useCliOrg(this.e2e);
    const now = emulator.clock.now();
    // Runs for ten emulator hours: the shared manual clock never gets there.
    runningId = emulator.jobs.create2({
      operation: 'insert', object: 'Window_A__c', createdAt: now - 2_000, uploadCompleteAt: now - 1_000,
      startAt: now - 500, endAt: now + 36_000_000, records: 500,
    });
    otherId = emulator.jobs.create2({ operation: 'upsert', object: 'Window_B__c', createdAt: now - 1_000, state: 'Open', records: 10 });
  });

  after(async function () {
    if (paneA && (await row(paneA, RUNNING).isVisible().catch(() => false))) {
      await row(paneA, RUNNING).click({ button: 'right' });
      await chooseFromContextMenu(a, nls('command.untrackJob'), RUNNING);
    }
    await b?.close().catch(() => undefined);
    signOut?.();
  });

  it('a job tracked in either window shows in both, and an untrack in one holds in both', async function () {
    a = await this.e2e.openWorkbench();
    b = await this.e2e.openAnotherWindow();
    paneA = await jobsPane(a);
    paneB = await jobsPane(b);

    await trackFromPalette(a, runningId);
    await waitForRowText(paneA, RUNNING, /In progress/, 'the running job in the window that tracked it');
    await waitForRowText(paneB, RUNNING, /In progress/, 'the job tracked in window A, in window B (no reload)', PROPAGATION_MS);

    await trackFromPalette(b, otherId);
    await waitForRowText(paneB, OTHER, /Open/, 'the Open job in the window that tracked it');
    await waitForRowText(paneA, OTHER, /Open/, 'the job tracked in window B, in window A (no reload)', PROPAGATION_MS);
    assert.ok((await rowLabels(paneA)).some((t) => t.includes(RUNNING)), 'window A still shows its own job');
    await pictureOfTwo(a, b);

    await row(paneB, OTHER).click({ button: 'right' });
    await chooseFromContextMenu(b, nls('command.untrackJob'), OTHER);
    await rowGone(paneB, OTHER, 'the job untracked in window B, in window B');
    await rowGone(paneA, OTHER, 'the job untracked in window B, in window A');
  });

  it('one window polls the running job: the emulator sees one schedule, not two', async function () {
    const { emulator } = this.e2e;
    const started = performance.now(); // the log's real time (the emulator's clock stands still)
    await a.waitForTimeout(WATCH_MS);
    const gets = emulator.log
      .filter((l) => l.method === 'GET' && l.path.includes(runningId) && l.startedAt >= started)
      .map((l) => l.startedAt);
    const gaps = gets.slice(1).map((t, i) => t - gets[i]);
    // One poller waits at least FIRST_DELAY_MS between two polls of a job; two pollers, started
    // within the 2 s it takes a window to see the other's job, interleave with shorter gaps.
    assert.ok(gets.length >= 2, `the job was polled (GETs: ${gets.length})`);
    assert.ok(gaps.every((g) => g >= FIRST_DELAY_MS - 500), `gaps between GETs of the job (ms): ${JSON.stringify(gaps)}`);
    assert.ok(gets.length <= Math.ceil(WATCH_MS / FIRST_DELAY_MS) + 1, `GETs in ${WATCH_MS / 1000} s: ${gets.length}`);
  });

  it('after reloading each window, nothing is lost and nothing comes back', async function () {
    for (const [page, name] of [[a, 'A'], [b, 'B']] as const) {
      await page.reload();
      await waitForWorkbench(page);
      const pane = await jobsPane(page);
      await waitForRowText(pane, RUNNING, /In progress/, `the running job in window ${name} after its reload`);
      assert.ok(!(await rowLabels(pane)).some((t) => t.includes(OTHER)), `the untracked job stays untracked in window ${name}`);
    }
    paneA = await jobsPane(a);
  });
});
