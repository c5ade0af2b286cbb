import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BulkJobsApi } from '../../src/extension';
import { jobFilter } from '../../src/orgJobs/filter';
import { groupJobs, groupOf } from '../../src/orgJobs/groups';
import type { OrgJobsFeature } from '../../src/orgJobs/orgJobsChunk';
import type { OrgJobsNode } from '../../src/orgJobs/orgJobsView';
import { Emulator, startEmulator } from '../emulator';
import { EXTENSION_ID } from './testEnv';

const MIN = 60_000;
const T0 = Math.floor(Date.now() / 1000) * 1000;

/**
 * The Org Jobs view in the real extension host: a manual-session org on this suite's own emulator
 * with a small `orgSized` seed on a manual clock, the real service, controller and tree provider.
 */
describe('Org Jobs view: groups, counts, filter and Track', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let api: BulkJobsApi;
  let orgJobs: OrgJobsFeature;
  let orgKey: string;
  let before0: string[] = [];

  const labels = (nodes: OrgJobsNode[]): string[] => nodes.map((n) => String(orgJobs.provider.getTreeItem(n).label));
  const roots = (): OrgJobsNode[] => orgJobs.provider.getChildren();

  before(async () => {
    emulator = await startEmulator({ seed: 'orgSized', orgSized: { count: 120, liveHours: 1 }, clock: 'manual', startTime: T0, pageSize: 50 });
    emulator.clock.advance(36 * MIN);
    const ext = vscode.extensions.getExtension<BulkJobsApi>(EXTENSION_ID);
    assert.ok(ext, 'extension not loaded');
    api = await ext.activate();
    orgJobs = await api.orgJobs();
    orgKey = (await api.deps.orgs.addManual(emulator.url, emulator.token)).key;
    before0 = orgJobs.controller.orgKeys;
    await orgJobs.controller.loadOrgs([orgKey]);
    await orgJobs.service.refresh(orgKey);
    assert.strictEqual(orgJobs.service.snapshot(orgKey).error, undefined);
    orgJobs.controller.rebuild();
  });

  after(async () => {
    if (api) {
      await orgJobs.controller.setFilter({});
      await orgJobs.controller.loadOrgs(before0);
      for (const job of orgJobs.service.snapshot(orgKey).jobs ?? []) {
        if (api.deps.store.get({ orgKey, jobId: job.id })?.tracked) {
          await api.deps.store.untrack({ orgKey, jobId: job.id });
        }
      }
      await api.deps.store.flush();
      await api.deps.orgs.removeManual(orgKey);
    }
    await emulator?.close();
  });

  it('shows the four groups with the counts of the jobs the emulator listed, over several pages', () => {
    const jobs = orgJobs.service.snapshot(orgKey).jobs ?? [];
    assert.ok(jobs.length >= 120, `the seed's 120 jobs and the live loads, listed: ${jobs.length}`);
    assert.strictEqual(new Set(jobs.map((j) => j.id)).size, jobs.length, 'each job once');
    const groups = groupJobs(jobs);
    const [running, failed, waiting, completed] = groups.map((g) => g.count);
    assert.deepStrictEqual(labels(roots()), [
      `Running (${running})`, `Failed or with failed records (${failed})`, `Waiting for data (${waiting})`, `Completed (${completed})`,
    ]);
    assert.ok(failed > 0, 'the seed fails some jobs');
    assert.ok(completed > 0);
    assert.strictEqual(running + failed + waiting + completed, jobs.length);
    const failedGroup = roots()[1];
    assert.strictEqual(orgJobs.provider.getChildren(failedGroup).length, Math.min(failed, 200));
    assert.strictEqual(orgJobs.provider.getTreeItem(failedGroup).collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
  });

  it('narrows the counts with the filter and says so in the view\'s description', async () => {
    const jobs = orgJobs.service.snapshot(orgKey).jobs ?? [];
    const object = jobs.find((j) => j.object !== undefined)?.object ?? '';
    const expected = jobs.filter(jobFilter({ object }, { myUserId: undefined, nameOf: () => undefined }));
    assert.ok(expected.length > 0 && expected.length < jobs.length, `${object}: ${expected.length} of ${jobs.length}`);
    await orgJobs.controller.setFilter({ object });
    const counts = labels(roots()).map((l) => Number(/\((\d+)\)$/.exec(l)?.[1]));
    assert.deepStrictEqual(counts, groupJobs(expected).map((g) => g.count));
    assert.ok(String(orgJobs.view.description ?? '').includes(object), String(orgJobs.view.description));
    await orgJobs.controller.setFilter({});
    assert.strictEqual(orgJobs.view.description, undefined);
  });

  it('marks a row tracked after Track from the row', async () => {
    const group = roots().find((g) => orgJobs.provider.getChildren(g).length > 0);
    assert.ok(group);
    const row = orgJobs.provider.getChildren(group)[0];
    const item0 = orgJobs.provider.getTreeItem(row);
    assert.ok(String(item0.contextValue).split(' ').includes('untracked'), String(item0.contextValue));
    await vscode.commands.executeCommand('bulkJobs.trackJob', row);
    const end = Date.now() + 10_000;
    let item = orgJobs.provider.getTreeItem(row);
    while (!String(item.contextValue).split(' ').includes('tracked')) {
      assert.ok(Date.now() < end, `not marked tracked: ${String(item.contextValue)}`);
      await new Promise((r) => setTimeout(r, 50));
      orgJobs.controller.rebuild();
      item = orgJobs.provider.getTreeItem(row);
    }
    assert.ok(String(item.description).startsWith('tracked · '), String(item.description));
    assert.strictEqual(api.deps.store.get({ orgKey: row.orgKey, jobId: row.jobId ?? '' })?.tracked, true);
  });

  it('takes the list another window read of the org, without a request of its own, and shows its counts', async () => {
    const { lists, shared } = orgJobs.service.deps;
    const mine = await lists.read(orgKey);
    assert.ok(mine, 'the refresh left its list for the other windows');
    assert.strictEqual(mine.jobs.length, orgJobs.service.snapshot(orgKey).jobs?.length);
    // Another window read the org a minute later: a job that had completed is now Failed.
    const asOf = mine.asOf + MIN;
    const index = mine.jobs.findIndex((j) => groupOf(j) === 'completed');
    const jobs = mine.jobs.map((j, i) => (i === index ? { ...j, state: 'Failed', systemModstamp: new Date(asOf).toISOString() } : j));
    await lists.write(orgKey, { ...mine, asOf, jobs });
    await shared.noteRefresh(orgKey, asOf);
    emulator.clearLog();
    orgJobs.service.setShown([orgKey], true);
    orgJobs.service.tick();
    const end = Date.now() + 10_000;
    while (orgJobs.service.snapshot(orgKey).asOf !== asOf) {
      assert.ok(Date.now() < end, 'the other window\'s list was not taken');
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepStrictEqual(emulator.log.map((e) => e.path), [], 'nothing asked of the org');
    orgJobs.controller.rebuild();
    const counts = labels(roots()).map((l) => Number(/\((\d+)\)$/.exec(l)?.[1]));
    assert.deepStrictEqual(counts, groupJobs(jobs).map((g) => g.count));
    assert.strictEqual(counts[1], groupJobs(mine.jobs)[1].count + 1);
  });
});
