import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BulkJobsApi } from '../../src/extension';
import type { JobRef } from '../../src/job/jobRef';
import type { JobNode } from '../../src/tracked/jobsView';
import { Emulator, startEmulator } from '../emulator';
import { EXTENSION_ID } from './testEnv';

/**
 * Polling that spares the org's API allocation, seen on the Jobs view's job nodes in the real extension
 * host: a manual-session org on this suite's own emulator (so it can set the usage, inject errors and
 * expire the session), and the real poller on its real timers (its first poll comes after about 5 s).
 */
describe('Jobs view: polling slowed, paused or stopped, and why', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let api: BulkJobsApi;
  let orgKey: string;
  const tracked: JobRef[] = [];

  /** A 2.0 ingest job that stays in progress (the emulator's clock does not move). */
  const runningJob = async (): Promise<JobRef> => {
    const now = emulator.clock.now();
    const jobId = emulator.jobs.create2({ operation: 'insert', object: 'Account', createdAt: now, uploadCompleteAt: now, startAt: now + 1_000, endAt: now + 86_400_000, records: 1_000 });
    const ref = { orgKey, jobId };
    tracked.push(ref);
    const entry = await api.deps.store.track(ref);
    assert.strictEqual(entry.lastError, undefined, entry.lastError?.message);
    return ref;
  };

  /** The job's tree item as the Jobs view shows it now. */
  const itemOf = async (ref: JobRef): Promise<vscode.TreeItem> => {
    const provider = await api.jobsView.provider();
    for (const top of await provider.getChildren()) {
      if (top.type === 'org') {
        await provider.getChildren(top);
      }
    }
    const node = provider.nodeFor(ref) as JobNode;
    assert.ok(node, 'the job is in the tree');
    return provider.getTreeItem(node);
  };

  /** Waits for the poller (its first poll after 5 s, 15 s while the window has no focus). */
  const until = async (what: string, check: () => boolean | Promise<boolean>, ref?: JobRef, ms = 40_000): Promise<void> => {
    const end = Date.now() + ms;
    while (!(await check())) {
      const state = ref && JSON.stringify({ status: api.jobsView.poller.status(ref), nextInMs: (api.jobsView.poller.nextRefreshAt(ref) ?? NaN) - Date.now(), error: api.deps.store.get(ref)?.lastError?.kind });
      assert.ok(Date.now() < end, `waited ${ms} ms for ${what}: ${state}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  const iconId = (item: vscode.TreeItem) => (item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined);
  /** The tooltip's text without markdown escapes. */
  const tooltip = (item: vscode.TreeItem) => (item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip)).replace(/\\/g, '');

  before(async () => {
    emulator = await startEmulator({ seed: 'empty', clock: 'manual' });
    const ext = vscode.extensions.getExtension<BulkJobsApi>(EXTENSION_ID);
    assert.ok(ext, 'extension not loaded');
    api = await ext.activate();
    orgKey = (await api.deps.orgs.addManual(emulator.url, emulator.token)).key;
  });

  after(async () => {
    for (const ref of tracked) {
      await api?.deps.store.untrack(ref);
    }
    await api?.deps.store.flush();
    if (orgKey) {
      await api.deps.orgs.removeManual(orgKey);
    }
    await emulator?.close();
  });

  afterEach(() => {
    emulator.setApiUsage(100); // no test leaves the org paused for the next
    emulator.clearFaults();
  });

  it('says polling is paused, with the usage, while the org is above the pause threshold, and not once it is below', async () => {
    const ref = await runningJob();
    emulator.setApiUsage(14_400);
    await api.deps.store.refresh(ref); // a manual refresh is still allowed, and shows the figure
    const paused = await itemOf(ref);
    assert.match(String(paused.description), /polling paused: API usage 96% of 15,000/);
    assert.strictEqual(iconId(paused), 'debug-pause');
    assert.match(tooltip(paused), /polling paused: API usage 96% of 15,000/);
    assert.strictEqual(api.jobsView.poller.status(ref)?.kind, 'usagePaused');

    emulator.setApiUsage(12_500);
    await api.deps.store.refresh(ref);
    assert.match(String((await itemOf(ref)).description), /polling slowed: API usage 83% of 15,000/);
    emulator.setApiUsage(100);
    await api.deps.store.refresh(ref);
    const normal = await itemOf(ref);
    assert.doesNotMatch(String(normal.description), /polling/);
    assert.strictEqual(iconId(normal), 'clock', 'the job\'s own icon again (queued)');
  });

  it('stops a job whose session expired, says so, and polls it again once a new session id is stored', async () => {
    const ref = await runningJob();
    emulator.expireToken();
    await until('the poll to meet the expired session', () => api.jobsView.poller.status(ref)?.kind === 'signedOut', ref);
    const stopped = await itemOf(ref);
    assert.match(String(stopped.description), /not polled: sign in to the org again/);
    assert.ok(String(stopped.contextValue).split(' ').includes('paused'), `contextValue ${stopped.contextValue}`);
    assert.strictEqual(api.jobsView.poller.nextRefreshAt(ref), undefined);

    await vscode.commands.executeCommand('bulkJobs.resumePolling', ref);
    assert.ok(api.jobsView.poller.nextRefreshAt(ref) !== undefined, 'Resume Polling puts it back on the schedule');
    await until('the retried poll to stop again', () => api.jobsView.poller.status(ref)?.kind === 'signedOut', ref);

    const requests = emulator.log.length;
    await api.deps.orgs.addManual(emulator.url, emulator.issueToken()); // the same as "Add Org with Session Id…"
    await until('the job to be refreshed with the new session', () => {
      const entry = api.deps.store.get(ref);
      return entry?.lastError === undefined && api.jobsView.poller.status(ref)?.kind === 'normal';
    }, ref);
    assert.ok(emulator.log.slice(requests).some((e) => e.jobId === ref.jobId && e.authOk), 'polled with the new session');
    assert.doesNotMatch(String((await itemOf(ref)).description), /not polled/);
  });

  it('says when it retries after Salesforce answers that the request limit is exceeded', async () => {
    const ref = await runningJob();
    emulator.fault({ path: ref.jobId, error: { code: 'REQUEST_LIMIT_EXCEEDED', status: 403, message: 'TotalRequests Limit exceeded.' } });
    await until('a poll to meet the limit', () => api.jobsView.poller.status(ref)?.kind === 'retrying', ref);
    const item = await itemOf(ref);
    assert.match(String(item.description), /retrying in \d+ min: Salesforce says the request limit is exceeded/);
    assert.strictEqual(iconId(item), 'debug-disconnect', 'the failed refresh keeps its error icon');
    const next = api.jobsView.poller.nextRefreshAt(ref);
    assert.ok(next !== undefined && next - Date.now() > 4 * 60_000, `next poll in ${next === undefined ? '-' : next - Date.now()} ms`);
  });
});
