import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { CAUSE_IDS, startEmulator, type Emulator } from '../emulator';
import { nls } from './jobsView';
import { clickTitleAction, clickToastButton, showOrgJobs, waitForGroups, waitForToast } from './orgJobsView';
import { readmePictureDir } from './session';
import { addEmulatorOrg, expectVisible, openFile, openViewContainer, runCommand, webviewFrame } from './workbench';

/**
 * From the Org Jobs notification of a failed load to the line of Apex, as a developer does it, in
 * code-server with the packaged extension: an org of its own (the emulator's `causes` scenario: an
 * Account load of the integration user that completes with 240 failed records) watched while the
 * person works in a file; the notification's "Why?" downloads the failed records and opens "Why
 * records failed", which names the validation rule from the workspace; its link opens
 * AccountService.cls at line 42 in the sample SFDX workspace. Two clicks.
 */

const MIN = 60_000;
const title = (key: string): string => nls(`command.orgJobs.${key}`);

describe('from a failed record to what failed it (packaged .vsix)', function () {
  this.timeout(240_000);
  let org: Emulator;
  let page: Page;

  before(async function () {
    this.timeout(180_000);
    // The load completes at t0 + 2 min: started so that its completion is "now" for VS Code too.
    const t0 = Date.now() - 2 * MIN;
    org = await startEmulator({ seed: 'empty', causes: true, startTime: t0, pageSize: 1000 });
    page = await this.e2e.openWorkbench();
    await addEmulatorOrg(page, `${nls('category')}: ${nls('command.addOrg')}`, org);
  });

  after(async () => {
    await org?.close();
  });

  it('goes from the notification of the load with failed records to AccountService.cls line 42 in two clicks', async function () {
    const pane = await showOrgJobs(page);
    await waitForGroups(pane, 'the Account load running', (c) => c.get('Running') === 1);
    await clickTitleAction(pane, title('watch'));
    await expectVisible(pane.locator(`.pane-header .actions .action-label[aria-label^="${title('unwatch')}"]`), 'the org watched');

    await openViewContainer(page, 'Explorer');
    await openFile(page, 'load.log');
    org.clock.advance(2 * MIN + 5_000); // the load completes with 240 failed records
    await runCommand(page, `${nls('category')}: ${title('refresh')}`);

    const toast = await waitForToast(page, /completed with 240 failed records in /);
    assert.strictEqual(toast.buttons[0], 'Why?', `Why? first (${JSON.stringify(toast.buttons)})`);
    await clickToastButton(toast, 'Why?'); // click 1

    const frame = webviewFrame(page);
    const section = frame.locator('#failures');
    await expectVisible(section.locator('h2', { hasText: 'Why records failed' }), '"Why records failed" of the load', 60_000);
    await expectVisible(section.locator('.cause-rule', { hasText: 'validation rule Require_Industry on Account' }), 'the validation rule, named from the workspace');
    const link = section.locator('button.cause-link', { hasText: 'AccountService.cls:42' });
    await expectVisible(link, 'the link to the Apex line');
    await expectVisible(section.locator('.cause-do', { hasText: 'Reload in Serial Mode' }), 'the Serial reload for lock contention');
    await runCommand(page, 'Notifications: Clear All Notifications');
    fs.mkdirSync(readmePictureDir, { recursive: true });
    await section.locator('.failure-group', { hasText: 'NullPointerException' }).first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(readmePictureDir, 'failed-record-causes.png') });
    assert.ok(fs.existsSync(path.join(this.e2e.workspace, 'bulk-results', `${CAUSE_IDS.accountLoad}-failed.csv`)), 'the failed records in bulk-results/');

    await link.first().click(); // click 2
    await expectVisible(page.locator('.tab.active', { hasText: 'AccountService.cls' }), 'AccountService.cls opened');
    await expectVisible(page.locator('.statusbar-item', { hasText: /Ln 42, Col/ }), 'the cursor on line 42');
    await expectVisible(page.locator('.editor-instance .view-line', { hasText: 'applyDefaults' }).first(), 'the code around the line');
    await page.screenshot({ path: path.join(readmePictureDir, 'failed-record-apex-line.png') });
    await runCommand(page, 'View: Close All Editors');
  });
});
