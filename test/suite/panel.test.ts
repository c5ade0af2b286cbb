import * as assert from 'assert';
import * as vscode from 'vscode';
import { DEMO_IDS, XSS_OBJECT } from '../emulator/seed';
import type { BulkJobsApi } from '../../src/extension';
import { bulkJobsApi, closeAllEditors, connectEmulatorOrg, waitFor, waitForRendered } from './panelHelpers';

function webviewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview
    && (t.input as vscode.TabInputWebview).viewType.endsWith('bulkJobs.details'));
}

describe('details panel (in host)', () => {
  let api: BulkJobsApi;
  let orgKey: string;

  before(async () => {
    api = await bulkJobsApi();
    orgKey = await connectEmulatorOrg(api);
  });

  afterEach(closeAllEditors);

  it('opens for an emulator job, renders its fields and batches, and is titled object · operation · short id', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.classicClosedRunning };
    await vscode.commands.executeCommand('bulkJobs.openJobDetails', ref);
    const panel = await waitFor('the panel', () => api.panels.get(ref));
    const shown = await waitForRendered(panel, 'the job rendered', (m) => m.job !== undefined && m.batches !== undefined && !m.refreshing);
    assert.strictEqual(shown.job?.object, 'Opportunity');
    assert.strictEqual(shown.job?.operation, 'upsert');
    assert.ok(shown.job?.state === 'Closed' || shown.job?.state === 'Aborted', shown.job?.state);
    assert.ok((shown.batches?.length ?? 0) > 0, 'batches listed');
    assert.ok(shown.progress);
    assert.strictEqual(shown.autoRefresh.enabled, !shown.progress.done, 'auto-refresh is on while the job is not done, off once it is');
    assert.strictEqual(shown.error, undefined);
    assert.match(panel.panel.title, /^Opportunity · upsert · …\w{6}$/);
    const tabs = await waitFor('one details tab', () => webviewTabs().length === 1 && webviewTabs());
    assert.strictEqual(tabs[0].label, panel.panel.title);
  });

  it('names who created the job, from the window\'s users\' names (the id stays behind Copy)', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.classicFailed };
    await vscode.commands.executeCommand('bulkJobs.openJobDetails', ref);
    const panel = await waitFor('the panel', () => api.panels.get(ref));
    const shown = await waitForRendered(panel, 'the creator named', (m) => m.job !== undefined && m.createdByName !== undefined);
    assert.strictEqual(shown.createdByName, 'Emulator Demo User');
    assert.match(shown.job?.createdById ?? '', /^005/);
    assert.strictEqual((await api.deps.names()).nameOf(orgKey, shown.job?.createdById), 'Emulator Demo User', 'the one cache of the window');
  });

  it('reveals the existing panel instead of opening a second one', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.classicQuery };
    await vscode.commands.executeCommand('bulkJobs.openJobDetails', ref);
    const first = await waitFor('the panel', () => api.panels.get(ref));
    await waitFor('its tab', () => webviewTabs().length === 1);
    await vscode.commands.executeCommand('bulkJobs.openJobDetails', { ref });
    assert.strictEqual(api.panels.get(ref), first);
    assert.strictEqual(api.panels.all().length, 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.strictEqual(webviewTabs().length, 1, 'still one tab');
  });

  it('carries a field holding markup as data (the webview writes it as text)', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.xss };
    await vscode.commands.executeCommand('bulkJobs.openJobDetails', ref);
    const panel = await waitFor('the panel', () => api.panels.get(ref));
    const shown = await waitForRendered(panel, 'the XSS job rendered', (m) => m.job !== undefined);
    assert.strictEqual(shown.job?.object, XSS_OBJECT);
    assert.ok(panel.panel.title.startsWith(XSS_OBJECT), 'the title shows it literally');
    assert.ok(!panel.panel.webview.html.includes(XSS_OBJECT), 'server data never goes into the HTML');
  });

  /**
   * The emulator is shared by every in-host suite, and other suites close and abort demo jobs too:
   * take the first candidate that is still in the state this test needs, as the emulator says now.
   */
  async function firstJobIn(candidates: string[], wanted: (state: string) => boolean): Promise<string> {
    const client = await api.deps.orgs.clientFor(orgKey);
    for (const id of candidates) {
      if (wanted((await client.getJob(id)).state)) {
        return id;
      }
    }
    throw new Error(`none of the demo jobs ${candidates.join(', ')} is in the state this test needs any more`);
  }

  it('shows a job that was closed, then one that was aborted, as the emulator now has them', async () => {
    const client = await api.deps.orgs.clientFor(orgKey);
    const open1 = { orgKey, jobId: await firstJobIn([DEMO_IDS.seedPageJson, DEMO_IDS.seedPageXml, DEMO_IDS.v2IngestOpen], (s) => s === 'Open') };
    await vscode.commands.executeCommand('bulkJobs.openJobDetails', open1);
    const panel = await waitFor('the panel', () => api.panels.get(open1));
    await waitForRendered(panel, 'the open job', (m) => m.job?.state === 'Open');
    await api.deps.store.close(open1);
    const closedState = (await client.getJob(open1.jobId)).state;
    assert.ok(closedState === 'Closed' || closedState === 'UploadComplete', `the emulator closed it (${closedState})`);
    const closed = await waitForRendered(panel, 'the closed job', (m) => m.job?.state === closedState);
    assert.ok(closed.fetchedAt !== undefined);

    // Then abort it (Salesforce aborts Open and Closed jobs): no other suite relies on the seed page's JSON job.
    const running = { orgKey, jobId: await firstJobIn([open1.jobId, DEMO_IDS.v2IngestOpen, DEMO_IDS.classicClosedRunning],
      (s) => !['Aborted', 'Failed', 'JobComplete'].includes(s)) };
    await vscode.commands.executeCommand('bulkJobs.openJobDetails', running);
    const panel2 = await waitFor('the second panel', () => api.panels.get(running));
    await waitForRendered(panel2, 'the running job', (m) => m.job !== undefined && m.job.state !== 'Aborted');
    await api.deps.store.abort(running);
    const aborted = await waitForRendered(panel2, 'the aborted job', (m) => m.job?.state === 'Aborted');
    assert.strictEqual(aborted.progress?.done, true);
    assert.strictEqual(aborted.autoRefresh.enabled, false, 'auto-refresh stops once the job is done');
    assert.strictEqual((await client.getJob(running.jobId)).state, 'Aborted', 'the emulator aborted it');
  });

  it('renders a job with 100 batches, failures first', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.bigClassic };
    await vscode.commands.executeCommand('bulkJobs.openJobDetails', ref);
    const panel = await waitFor('the panel', () => api.panels.get(ref));
    const shown = await waitForRendered(panel, 'the 100 batches', (m) => (m.batches?.length ?? 0) === 100 && !m.refreshing);
    assert.ok(shown.batches?.some((b) => (b.numberRecordsFailed ?? 0) > 0));
    const first = panel.lastRendered?.ms ?? NaN;
    // Updates after a refresh: every one is acknowledged by the webview with its generation.
    const updates: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = panel.lastPosted?.generation ?? 0;
      await panel.refresh();
      await waitForRendered(panel, `update ${i + 1}`, (m) => m.generation > before && !m.refreshing);
      updates.push(panel.lastRendered?.ms ?? NaN);
    }
    assert.strictEqual(updates.length, 5);
    // Figures for the closing note (printed, not asserted: tests do not time things).
    const sorted = [...updates].sort((a, b) => a - b);
    console.log(`      (webview render of 100 batches: first ${first.toFixed(1)} ms, updates median ${sorted[2].toFixed(1)} ms)`);
  });

  it('keeps the last data and shows an error banner when a refresh fails', async () => {
    const ref = { orgKey: 'manual:http://127.0.0.1:9', jobId: DEMO_IDS.classicQuery };
    await vscode.commands.executeCommand('bulkJobs.openJobDetails', ref);
    const panel = await waitFor('the panel', () => api.panels.get(ref));
    const shown = await waitForRendered(panel, 'an error banner', (m) => m.error !== undefined && !m.refreshing);
    assert.ok(shown.error && shown.error.message.length > 0);
    assert.strictEqual(shown.job, undefined);
  });
});
