import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Locator, Page } from 'playwright-core';
import { ALIAS, chooseFromContextMenu, nls, row, trackFromPalette, useCliOrg, waitForRowText } from './jobsView';
import { expectVisible, openViewContainer, showView, waitForNotification } from './workbench';
import { readmePictureDir } from './session';

/**
 * The Jobs view as a person sees it, in code-server with the packaged extension: the real Salesforce
 * CLI logged in to the session's emulator (bulkJobs.cliPath points at it), jobs tracked from the
 * palette, a running job moving on screen, the completion notification, Abort from the context menu.
 * The jobs used here are created for this file, and the shared emulator clock moves only seconds.
 */

describe('the Jobs view in VS Code (real CLI → emulator)', function () {
  this.timeout(240_000);
  let signOut: () => void;
  let page: Page;
  let pane: Locator;
  let movingId: string;
  let openId: string;

  before(async function () {
    const { emulator } = this.e2e;
    signOut = await useCliOrg(this.e2e);
    const now = emulator.clock.now();
    movingId = emulator.jobs.create2({
      operation: 'insert', object: 'Invoice__c', createdAt: now - 2_000, uploadCompleteAt: now - 1_000,
      startAt: now + 2_000, endAt: now + 4_000, records: 300, failed: 7,
    });
    openId = emulator.jobs.create2({ operation: 'upsert', object: 'Shipment__c', createdAt: now - 1_000, state: 'Open', records: 40 });
  });

  after(function () {
    signOut?.();
  });

  it('tracks jobs from the palette and shows them with their states', async function () {
    page = await this.e2e.openWorkbench();
    await openViewContainer(page, nls('viewsContainers.bulkJobs.title'));
    // The Jobs view's pane only: the Org Jobs view below it lists the same org's jobs too.
    pane = await showView(page, nls('views.jobs.name'));
    await trackFromPalette(page, movingId);
    await waitForRowText(pane, 'Invoice__c · insert', /Upload complete/, 'the job as "Upload complete"');
    await trackFromPalette(page, openId);
    await waitForRowText(pane, 'Shipment__c · upsert', /Open/, 'the Open job "Shipment__c · upsert"');
  });

  it('moves a running job on screen as the emulator moves it, then notifies its completion', async function () {
    const { emulator } = this.e2e;
    emulator.clock.advance(2_500);
    await waitForRowText(pane, 'Invoice__c · insert', /In progress/, 'the job "In progress" after the next poll');
    emulator.clock.advance(2_000);
    await waitForRowText(pane, 'Invoice__c · insert', /Completed.*7 failed/, 'the job "Completed · … · 7 failed"');
    const text = await waitForNotification(page, /Invoice__c · insert finished/, 30_000);
    assert.match(text, /300 records processed, 7 failed/);
    // The README's picture of the Jobs view (npm run screenshots copies it to docs/).
    fs.mkdirSync(readmePictureDir, { recursive: true });
    await page.screenshot({ path: path.join(readmePictureDir, 'jobs-view.png') });
  });

  it('aborts a job from its context menu, after a confirmation naming job and org', async function () {
    const { emulator } = this.e2e;
    await row(pane, 'Shipment__c · upsert').click({ button: 'right' });
    await chooseFromContextMenu(page, nls('command.abortJob'), 'an Open job');
    const dialog = page.locator('.monaco-dialog-box');
    await expectVisible(dialog, 'the confirmation dialog');
    const question = await dialog.innerText();
    assert.match(question, /Shipment__c · upsert/);
    assert.match(question, new RegExp(`${ALIAS} \\(Sandbox\\)`), 'the org and whether it is Production');
    await dialog.locator('.monaco-button', { hasText: nls('command.abortJob') }).first().click();
    await waitForRowText(pane, 'Shipment__c · upsert', /Aborted/, 'the job as "Aborted"');
    const stored = emulator.jobs.get(openId) as { abortedAt?: number };
    assert.ok(stored.abortedAt !== undefined && stored.abortedAt <= emulator.clock.now(), 'the emulator has the job aborted');
  });

  it('untracks jobs from the context menu', async function () {
    for (const label of ['Shipment__c · upsert', 'Invoice__c · insert']) {
      await row(pane, label).click({ button: 'right' });
      await chooseFromContextMenu(page, nls('command.untrackJob'), label);
      await row(pane, label).waitFor({ state: 'detached', timeout: 10_000 });
    }
  });
});
