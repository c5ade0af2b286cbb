import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Locator, Page } from 'playwright-core';
import { BulkClient } from '../../src/salesforce/bulkClient';
import type { BulkJob } from '../../src/salesforce/types';
import { FIRST_FAILING_LOAD, liveLoad, startEmulator, type Emulator } from '../emulator';
import { nls } from './jobsView';
import {
  clickTitleAction, clickToastButton, GroupName, hasTitleAction, pick, showOrgJobs, waitForDescription, waitForGroups, waitForMessage, waitForToast,
} from './orgJobsView';
import { readmePictureDir } from './session';
import { addEmulatorOrg, expectVisible, openFile, openViewContainer, runCommand, viewPane, webviewFrame } from './workbench';

/**
 * The Org Jobs view as an admin uses it, in code-server with the packaged extension and an org of
 * its own (an `orgSized` emulator of 300 jobs by several users, added with a session id): the four
 * groups with their counts and the message line; a load of the integration user that fails while
 * the person works in the file Explorer arrives as a notification, and Open Details on it opens the
 * job; the filter narrows the groups and Clear restores them.
 *
 * The org's clock is set a minute into the integration user's first failing load (`liveLoad`): it
 * is the one job running, and nothing else in the org changes until the test moves the clock past
 * its end. The view's Refresh, run from the palette while the view is hidden, stands for the
 * background check (every `bulkJobs.orgJobs.backgroundMinutes`, at least 2, too slow for a UI test).
 */

const MIN = 60_000;
const LOAD = liveLoad(FIRST_FAILING_LOAD);
const title = (key: string): string => nls(`command.orgJobs.${key}`);

function total(counts: Map<GroupName, number>): number {
  return [...counts.values()].reduce((a, b) => a + b, 0);
}

/** The org's jobs as the list endpoints give them (each once, 7 days): what the view should count. */
async function listed(org: Emulator): Promise<BulkJob[]> {
  const client = new BulkClient({ instanceUrl: org.url, apiVersion: '64.0', getAccessToken: async () => org.token });
  return (await client.listOrgJobs({ now: Date.now() })).jobs;
}

async function waitFor(ok: () => boolean, what: string, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!ok()) {
    if (Date.now() > deadline) {
      throw new Error(`expected: ${what}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Collapses the (empty) Jobs view above and widens the side bar, so the Org Jobs view reads in full. */
async function makeRoom(page: Page): Promise<void> {
  const header = viewPane(page, nls('views.jobs.name')).locator('.pane-header').first();
  if ((await header.getAttribute('aria-expanded')) === 'true') {
    await header.click();
  }
  const bar = await page.locator('.part.sidebar').boundingBox();
  if (bar && bar.width < 500) {
    await page.mouse.move(bar.x + bar.width + 1, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(bar.x + 520, bar.y + bar.height / 2, { steps: 5 });
    await page.mouse.up();
  }
}

describe('the Org Jobs view (packaged .vsix)', function () {
  this.timeout(240_000);
  let org: Emulator;
  let page: Page;
  let pane: Locator;
  let t0: number;

  before(async function () {
    this.timeout(180_000);
    // Started two minutes before the load's instant, so that once failed it is "now" for VS Code too.
    t0 = Date.now() - LOAD.createdAfterMs - 2 * MIN;
    org = await startEmulator({ seed: 'orgSized', orgSized: { count: 300 }, startTime: t0, pageSize: 1000 });
    org.clock.advance(LOAD.createdAfterMs + MIN);
    page = await this.e2e.openWorkbench();
    await addEmulatorOrg(page, `${nls('category')}: ${nls('command.addOrg')}`, org);
  });

  after(async () => {
    await org?.close();
  });

  it('shows every job of the org in four groups with their counts, and the message line', async () => {
    pane = await showOrgJobs(page);
    await makeRoom(page);
    const jobs = await listed(org);
    const counts = await waitForGroups(pane, 'the four groups of the org\'s jobs', (c) => total(c) === jobs.length);
    assert.deepStrictEqual([...counts.keys()], ['Running', 'Failed or with failed records', 'Waiting for data', 'Completed']);
    assert.strictEqual(counts.get('Running'), 1, 'the integration user\'s load is the one job running');
    const failed = jobs.filter((j) => j.state === 'Failed' || j.state === 'Aborted').length;
    assert.ok((counts.get('Failed or with failed records') ?? 0) >= failed, `at least the ${failed} Failed or Aborted jobs in that group (${JSON.stringify([...counts])})`);
    const line = await waitForMessage(pane, /^as of \d{1,2}:\d{2}.* · [\d,]+ jobs · API [\d,]+\/15,000$/);
    assert.strictEqual(Number(/([\d,]+) jobs/.exec(line)?.[1].replace(/,/g, '')), jobs.length, `the message line counts every job (${line})`);
    const running = pane.locator('.monaco-list-row', { hasText: 'Contact · upsert' }).filter({ hasText: 'MuleSoft Integration' });
    await expectVisible(running, 'the running load under Running, with its submitter\'s name');

    await runCommand(page, 'Notifications: Clear All Notifications');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 });
    fs.mkdirSync(readmePictureDir, { recursive: true });
    await page.screenshot({ path: path.join(readmePictureDir, 'org-jobs.png') });
  });

  it('tells of a failed load of the integration user while the person works in another view; Open Details opens it', async () => {
    await clickTitleAction(pane, title('watch'));
    await expectVisible(pane.locator(`.pane-header .actions .action-label[aria-label^="${title('unwatch')}"]`), `"${title('unwatch')}" in the title bar once watched`);
    assert.strictEqual(await hasTitleAction(pane, title('watch')), false, 'the Watch action gave way to Stop Watching');

    await openViewContainer(page, 'Explorer');
    await openFile(page, 'load.log');
    org.clock.advance(t0 + LOAD.doneAfterMs + 5_000 - org.clock.now()); // the load fails
    await runCommand(page, `${nls('category')}: ${title('refresh')}`);

    const toast = await waitForToast(page, /^The Bulk job Contact · upsert failed in /);
    assert.match(toast.message, /127\.0\.0\.1/, 'it names the org');
    assert.deepStrictEqual(toast.buttons, ['Open Details', 'Track', 'Don\'t Notify…'], 'no failed records to download: the load failed as a whole');
    await toast.toast.hover();
    await page.screenshot({ path: path.join(readmePictureDir, 'org-jobs-notification.png') });

    await clickToastButton(toast, 'Open Details');
    const frame = webviewFrame(page);
    await expectVisible(frame.locator('#badge', { hasText: 'Failed' }), 'the failed load in its details panel');
    await expectVisible(frame.locator('body', { hasText: LOAD.id.slice(0, 15) }), 'the panel of that job');
    await runCommand(page, 'View: Close All Editors');
    // Leave the org as the next tests expect it: not watched, so no refresh changes the list under them.
    pane = await showOrgJobs(page);
    await clickTitleAction(pane, title('unwatch'));
    await expectVisible(pane.locator(`.pane-header .actions .action-label[aria-label^="${title('watch')}"]`), `"${title('watch')}" in the title bar again`);
  });

  it('narrows the groups to one object with the filter; Clear restores them', async () => {
    pane = await showOrgJobs(page);
    const jobs = await listed(org);
    const before = await waitForGroups(pane, 'the four groups', (c) => total(c) === jobs.length && c.get('Running') === 0);
    const accounts = jobs.filter((j) => j.object === 'Account').length;
    assert.ok(accounts > 0 && accounts < jobs.length);

    await clickTitleAction(pane, title('filter'));
    await pick(page, 'Object', 'the parts of the filter');
    await pick(page, 'Account', 'the objects of the org\'s jobs');
    await waitForDescription(pane, /filter: Account/);
    const after = await waitForGroups(pane, 'the groups narrowed to Account', (c) => total(c) === accounts);
    for (const [group, n] of after) {
      assert.ok(n <= (before.get(group) ?? 0), `${group}: ${n} after the filter, ${before.get(group)} before`);
    }

    await clickTitleAction(pane, title('clearFilter'));
    const restored = await waitForGroups(pane, 'the groups as before the filter', (c) => total(c) === jobs.length);
    assert.deepStrictEqual([...restored], [...before]);
    await waitForDescription(pane, /^$/);
  });

  it('shows the org in a second window from the first window\'s list, without reading the org again', async function () {
    await clickTitleAction(pane, title('watch')); // watched, as after the notification test: one window reads it, the others take its list
    const jobs = await listed(org);
    // The first window reads the org now (Refresh), so its list is fresh when the second one opens.
    const refreshedFrom = org.log.length;
    await runCommand(page, `${nls('category')}: ${title('refresh')}`);
    await waitFor(() => org.log.slice(refreshedFrom).some((e) => e.path.includes('/jobs/query') && e.status === 200), 'the first window\'s Refresh');
    const from = org.log.length;
    const other = await this.e2e.openAnotherWindow();
    try {
      const otherPane = await showOrgJobs(other);
      await waitForGroups(otherPane, 'the four groups in the second window', (c) => total(c) === jobs.length);
      await expectVisible(otherPane.locator('.monaco-list-row', { hasText: 'MuleSoft Integration' }).first(), 'a row with its submitter\'s name, in the second window');
      await waitForMessage(otherPane, /^as of \d{1,2}:\d{2}.* · [\d,]+ jobs · API [\d,]+\/15,000$/);
      // A window's own first read asks who the session's user is and the submitters' names; the
      // first window knows both already, so any such request came from the second one.
      const firstReads = org.log.slice(from)
        .map((e) => decodeURIComponent(e.path.replace(/\+/g, ' ')))
        .filter((p) => p.includes('/oauth2/userinfo') || p.includes('FROM User'));
      assert.deepStrictEqual(firstReads, [], 'the second window read the org itself');
    } finally {
      await other.close();
    }
  });
});
