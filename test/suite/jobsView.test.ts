import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BulkJobsApi } from '../../src/extension';
import { JobStore } from '../../src/tracked/jobStore';
import type { JobsNode, JobsView } from '../../src/tracked/jobsView';
import { DEMO_IDS, Emulator, startEmulator } from '../emulator';
import { CliLogin, loginCliToEmulator } from './cliLogin';
import { EXTENSION_ID } from './testEnv';

/**
 * The Jobs view and org connections inside the real extension host, through the real Salesforce CLI
 * (installed by the test host, run with its own HOME) logged in to a loopback emulator that this
 * suite starts itself (so it can expire tokens, inject faults and move the clock).
 */

const ALIAS = 'emu';

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

function iconId(item: vscode.TreeItem): string | undefined {
  return item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
}

describe('Jobs view and orgs (real Salesforce CLI → emulator)', function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let cli: CliLogin;
  let api: BulkJobsApi;
  let orgKey: string;

  const requestsFor = (jobId: string) => emulator.log.filter((l) => l.path.includes(jobId));
  let provider: JobsView;
  const roots = () => provider.getChildren();
  const item = (node: JobsNode) => provider.getTreeItem(node);

  before(async () => {
    emulator = await startEmulator({ seed: 'demo', clock: 'manual' });
    cli = await loginCliToEmulator(emulator, ALIAS);
    await vscode.workspace.getConfiguration('bulkJobs').update('cliPath', cli.shim, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('bulkJobs').update('notifyOnCompletion', false, vscode.ConfigurationTarget.Global);
    const ext = vscode.extensions.getExtension<BulkJobsApi>(EXTENSION_ID);
    assert.ok(ext, 'extension not loaded');
    api = await ext.activate();
    provider = await api.jobsView.provider();
    api.deps.orgs.reloadCli();
  });

  after(async () => {
    for (const e of api?.deps.store.tracked() ?? []) {
      await api.deps.store.untrack(e);
    }
    await api?.deps.store.flush();
    await vscode.workspace.getConfiguration('bulkJobs').update('cliPath', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('bulkJobs').update('notifyOnCompletion', undefined, vscode.ConfigurationTarget.Global);
    await emulator?.close();
    cli?.dispose();
  });

  it('registers its commands', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of ['trackJob', 'untrackJob', 'refreshJob', 'refreshAll', 'closeJob', 'abortJob', 'copyJobId', 'openInSetup',
      'discoverJobs', 'addOrg', 'selectOrg', 'removeOrg']) {
      assert.ok(all.has(`bulkJobs.${id}`), `bulkJobs.${id} is not registered`);
    }
  });

  it('finds the CLI org (alias, username, instance URL) and uses it as the default', async () => {
    const orgs = await api.deps.orgs.list();
    const org = orgs.find((o) => o.label === ALIAS);
    assert.ok(org, `no org "${ALIAS}" in ${JSON.stringify(orgs)}`);
    assert.strictEqual(org.username, emulator.username);
    assert.strictEqual(org.instanceUrl, emulator.url);
    assert.strictEqual(org.source, 'cli');
    orgKey = org.key;
    assert.strictEqual((await api.deps.orgs.getDefault())?.key, orgKey);
  });

  it('tracks a job: a flat list with label, description, icon, context and a stable id', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.seedPageXml };
    const entry = await api.deps.store.track(ref);
    assert.strictEqual(entry.lastError, undefined, entry.lastError?.message);
    assert.strictEqual(entry.job?.state, 'Open');
    const nodes = await roots();
    assert.strictEqual(nodes.length, 1);
    assert.strictEqual(nodes[0].type, 'job', 'one org: no org level');
    const ti = item(nodes[0]);
    assert.strictEqual(label(ti), 'Account · insert');
    assert.match(String(ti.description), /^Open/);
    assert.strictEqual(ti.id, `${orgKey}|${DEMO_IDS.seedPageXml}`);
    assert.strictEqual(iconId(ti), 'circle-large-outline');
    for (const token of ['job', 'tracked', 'v1', 'closable', 'abortable']) {
      assert.ok(String(ti.contextValue).split(' ').includes(token), `contextValue ${ti.contextValue} lacks ${token}`);
    }
    assert.ok(ti.tooltip instanceof vscode.MarkdownString && /as of/.test(ti.tooltip.value), 'tooltip says "as of"');
  });

  it('expands a 1.0 job to its batches', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.classicFailed };
    await api.deps.store.track(ref);
    const node = (await roots()).find((n) => n.type === 'job' && n.jobId === DEMO_IDS.classicFailed)!;
    const ti = item(node);
    assert.strictEqual(ti.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.strictEqual(iconId(ti), 'error');
    const batches = await provider.getChildren(node);
    assert.ok(batches.length >= 2, `batches: ${batches.length}`);
    assert.ok(batches.every((b) => b.type === 'batch'));
    const bi = item(batches[0]);
    // Leads with its number and state; the 18-character id is in the tooltip (and Copy Batch Id).
    assert.match(label(bi), /^#\d+ · Failed$/);
    assert.match(String(bi.description), /^\d+ processed · \d+ failed · \S/);
    const batch = (batches[0] as { batch: { id: string } }).batch;
    assert.ok((bi.tooltip as vscode.MarkdownString).value.includes(batch.id));
  });

  it('names who created each job in its tooltip: the ids of a build are one query for the org', async () => {
    const refs = [DEMO_IDS.classicFailed, DEMO_IDS.classicAborted].map((jobId) => ({ orgKey, jobId }));
    emulator.clearLog();
    for (const ref of refs) {
      await api.deps.store.track(ref);
    }
    const tooltips = async (): Promise<string[]> => (await roots()).map((n) => item(n).tooltip)
      .map((t) => (t instanceof vscode.MarkdownString ? t.value : ''));
    const named = (t: string): boolean => /Created by: Emulator Demo User \\\(005\w+\\\)/.test(t);
    const deadline = Date.now() + 10_000;
    while ((await tooltips()).filter(named).length < refs.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.strictEqual((await tooltips()).filter(named).length, refs.length, (await tooltips()).join('\n---\n'));
    const userQueries = emulator.log.filter((l) => /FROM\+User|FROM%20User|FROM User/.test(decodeURIComponent(l.path)));
    assert.ok(userQueries.length <= 1, `one query at most (the name may be known already): ${userQueries.map((l) => l.path).join(', ')}`);
    for (const ref of refs) {
      await api.deps.store.untrack(ref);
    }
  });

  it('shares one request between concurrent refreshes of the same job', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.seedPageXml };
    emulator.clearLog();
    const started = performance.now();
    await Promise.all([api.deps.store.refresh(ref), api.deps.store.refresh(ref), api.deps.store.refresh(ref)]);
    const ended = performance.now();
    // (the poller may ask again later; only requests started while these three were waiting count)
    const during = requestsFor(DEMO_IDS.seedPageXml).filter((l) => l.startedAt >= started && l.startedAt <= ended);
    assert.strictEqual(during.length, 1, emulator.log.map((l) => l.path).join('\n'));
  });

  it('follows a running job as the emulator moves it, and stops being "running" once done', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.v2IngestMoving };
    let entry = await api.deps.store.track(ref);
    assert.strictEqual(entry.progress?.done, false);
    const finished: string[] = [];
    const sub = api.deps.store.onDidFinish((e) => finished.push(e.jobId));
    try {
      emulator.clock.advance(200_000);
      entry = await api.deps.store.refresh(ref);
      assert.strictEqual(entry.job?.state, 'JobComplete');
      assert.strictEqual(entry.progress?.done, true);
      assert.deepStrictEqual(finished, [DEMO_IDS.v2IngestMoving]);
      const node = (await roots()).find((n) => n.type === 'job' && n.jobId === DEMO_IDS.v2IngestMoving)!;
      assert.match(String(item(node).description), /failed/);
    } finally {
      sub.dispose();
    }
  });

  it('refreshes an expired token once through the CLI and carries on', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.seedPageXml };
    await api.deps.store.refresh(ref); // the client holds a token now
    emulator.expireToken();
    emulator.clearLog();
    const entry = await api.deps.store.refresh(ref);
    assert.strictEqual(entry.lastError, undefined);
    const rejected = requestsFor(DEMO_IDS.seedPageXml).filter((l) => !l.authOk);
    assert.strictEqual(rejected.length, 1, 'one request with the old token');
    assert.strictEqual(emulator.log.filter((l) => l.path.startsWith('/services/oauth2/token')).length, 1, 'the CLI refreshed once');
    assert.strictEqual(requestsFor(DEMO_IDS.seedPageXml).filter((l) => l.authOk && l.status === 200).length, 1);
  });

  it('shows an error node on a job whose refresh fails, keeping its last state', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.seedPageXml };
    const remove = emulator.fault({ path: DEMO_IDS.seedPageXml, reset: true });
    try {
      await assert.rejects(api.deps.store.refresh(ref));
      const entry = api.deps.store.get(ref)!;
      assert.strictEqual(entry.job?.state, 'Open', 'last known state kept');
      assert.strictEqual(entry.lastError?.kind, 'network');
      const node = (await roots()).find((n) => n.type === 'job' && n.jobId === DEMO_IDS.seedPageXml)!;
      const ti = item(node);
      assert.match(String(ti.description), /^Open · .*refresh failed/);
      assert.strictEqual(ti.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
      const children = await provider.getChildren(node);
      assert.strictEqual(children[0].type, 'error');
      assert.strictEqual(label(item(children[0])), entry.lastError?.message);
    } finally {
      remove();
    }
    const entry = await api.deps.store.refresh(ref);
    assert.strictEqual(entry.lastError, undefined);
  });

  it('groups by org when jobs of two orgs are tracked (manual session org, token checked with the server)', async () => {
    const manual = await api.deps.orgs.addManual(emulator.url, emulator.token);
    try {
      await api.deps.store.track({ orgKey: manual.key, jobId: DEMO_IDS.v2Query });
      const top = await roots();
      assert.deepStrictEqual(top.map((n) => n.type), ['org', 'org']);
      const labels = top.map((n) => label(item(n)));
      assert.ok(labels.includes(ALIAS), labels.join());
      const orgItem = item(top.find((n) => n.type === 'org' && n.orgKey === manual.key)!);
      assert.match(String(orgItem.description), /api \d/);
      const inManual = await provider.getChildren(top.find((n) => n.type === 'org' && n.orgKey === manual.key));
      assert.deepStrictEqual(inManual.map((n) => n.type === 'job' && n.jobId), [DEMO_IDS.v2Query]);
    } finally {
      await api.deps.store.untrack({ orgKey: manual.key, jobId: DEMO_IDS.v2Query });
      await api.deps.store.flush(); // before another write to globalState (see SerialMemento)
      await api.deps.orgs.removeManual(manual.key);
    }
    assert.ok((await roots()).every((n) => n.type === 'job'), 'flat again with one org');
  });

  it('aborts a job in the org', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.v2IngestOpen };
    await api.deps.store.track(ref);
    const entry = await api.deps.store.abort(ref);
    assert.strictEqual(entry.job?.state, 'Aborted');
    const node = (await roots()).find((n) => n.type === 'job' && n.jobId === DEMO_IDS.v2IngestOpen)!;
    assert.ok(!String(item(node).contextValue).includes('abortable'));
  });

  it('untracks a job', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.v2IngestOpen };
    await api.deps.store.untrack(ref);
    assert.ok(!(await roots()).some((n) => n.type === 'job' && n.jobId === DEMO_IDS.v2IngestOpen));
  });

  it('keeps tracked jobs across a restart (a new store over the same globalState)', async () => {
    await api.deps.store.flush();
    const before = api.deps.store.tracked().map((e) => [e.key, e.job?.state]);
    const reborn = new JobStore(api.globalState, api.deps.orgs, api.deps.log, api.deps.settings);
    try {
      assert.deepStrictEqual(reborn.tracked().map((e) => [e.key, e.job?.state]), before);
    } finally {
      reborn.dispose();
    }
  });

  it('a job tracked by its 15-character id is one entry, also after the store syncs with what it wrote', async () => {
    const ref18 = { orgKey, jobId: DEMO_IDS.v2IngestOpen };
    const ref15 = { orgKey, jobId: DEMO_IDS.v2IngestOpen.slice(0, 15) };
    const before = api.deps.store.tracked().length;
    try {
      await api.deps.store.track(ref15);
      await api.deps.store.flush();
      api.deps.store.sync(0); // what another window's write would bring: the stored record, by its 18-character id
      assert.strictEqual(api.deps.store.tracked().length, before + 1, api.deps.store.tracked().map((e) => e.key).join(', '));
      assert.strictEqual(api.deps.store.get(ref15), api.deps.store.get(ref18));
      assert.strictEqual(api.deps.store.get(ref15)?.key, `${orgKey}|${DEMO_IDS.v2IngestOpen}`);
    } finally {
      await api.deps.store.untrack(ref15);
    }
    assert.strictEqual(api.deps.store.tracked().length, before);
  });

  it('two windows over one globalState: a job tracked in either shows in both, an untrack holds, nothing is rewritten by a poll that changed nothing', async () => {
    const other = new JobStore(api.globalState, api.deps.orgs, api.deps.log, api.deps.settings, 'other-window');
    const mine = { orgKey, jobId: DEMO_IDS.v2IngestOpen };
    const theirs = { orgKey, jobId: DEMO_IDS.seedPageJson };
    try {
      await api.deps.store.track(mine);
      await other.track(theirs);
      await Promise.all([other.flush(), api.deps.store.flush()]); // as the propagation to other windows
      other.sync(0);
      api.deps.store.sync(0);
      const keys = (s: JobStore) => s.tracked().map((e) => e.jobId);
      assert.ok(keys(other).includes(mine.jobId) && keys(other).includes(theirs.jobId), JSON.stringify(keys(other)));
      assert.ok(keys(api.deps.store).includes(mine.jobId) && keys(api.deps.store).includes(theirs.jobId), JSON.stringify(keys(api.deps.store)));

      await api.deps.store.untrack(theirs);
      await api.deps.store.flush();
      await other.refresh(theirs).catch(() => undefined); // a late poll of the window that has not heard yet
      other.sync(0);
      assert.ok(!keys(other).includes(theirs.jobId), 'the untrack reached the other window');
      api.deps.store.sync(0);
      assert.ok(!keys(api.deps.store).includes(theirs.jobId), 'and was not undone by its late write');

      const revision = api.globalState.get('bulkJobs.rev');
      await other.refresh(mine);
      await other.flush();
      assert.strictEqual(api.globalState.get('bulkJobs.rev'), revision, 'a poll that saw nothing new writes nothing');
    } finally {
      await api.deps.store.untrack(mine);
      other.dispose();
    }
  });

  it('says the CLI is missing (on the job, as an error node) when bulkJobs.cliPath points nowhere', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.seedPageXml };
    const config = vscode.workspace.getConfiguration('bulkJobs');
    await config.update('cliPath', path.join(cli.shim, '..', 'no-such-sf'), vscode.ConfigurationTarget.Global);
    api.deps.orgs.reloadCli();
    try {
      await assert.rejects(api.deps.store.refresh(ref), /Salesforce CLI .*was not found/);
      const node = (await roots()).find((n) => n.type === 'job' && n.jobId === DEMO_IDS.seedPageXml)!;
      const children = await provider.getChildren(node);
      assert.match(label(item(children[0])), /was not found/);
      assert.strictEqual(api.deps.store.get(ref)?.job?.state, 'Open', 'last known state kept');
    } finally {
      await config.update('cliPath', cli.shim, vscode.ConfigurationTarget.Global);
      api.deps.orgs.reloadCli();
    }
    assert.strictEqual((await api.deps.store.refresh(ref)).lastError, undefined);
  });

  it('never runs an sf planted in the workspace folder, even when that folder is first on PATH', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the in-host session opens a workspace folder');
    const marker = path.join(path.dirname(cli.shim), 'planted-sf-ran');
    const planted = [path.join(folder, 'sf'), path.join(folder, 'bin', 'sf')];
    fs.mkdirSync(path.join(folder, 'bin'), { recursive: true });
    for (const file of planted) {
      fs.writeFileSync(file, `#!/bin/sh\ntouch '${marker}'\necho '{"status":0,"result":[]}'\n`, { mode: 0o755 });
    }
    const config = vscode.workspace.getConfiguration('bulkJobs');
    const savedPath = process.env.PATH;
    // `sf` on PATH: the workspace and its bin first, then the folder of the real CLI's shim (also named `sf`).
    process.env.PATH = [folder, path.join(folder, 'bin'), '.', path.dirname(cli.shim), savedPath].join(':');
    await config.update('cliPath', undefined, vscode.ConfigurationTarget.Global);
    api.deps.orgs.reloadCli();
    try {
      const orgs = await api.deps.orgs.list();
      assert.ok(orgs.some((o) => o.key === orgKey), 'the real CLI answered');
      assert.ok(!fs.existsSync(marker), 'the planted sf ran');
    } finally {
      process.env.PATH = savedPath;
      fs.rmSync(path.join(folder, 'bin'), { recursive: true, force: true });
      fs.rmSync(planted[0], { force: true });
      await config.update('cliPath', cli.shim, vscode.ConfigurationTarget.Global);
      api.deps.orgs.reloadCli();
    }
  });

  it('polls a running job after about 5 s, through the poller', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.classicClosedRunning };
    await api.deps.store.track(ref);
    emulator.clearLog();
    await new Promise((r) => setTimeout(r, 6_500));
    assert.ok(requestsFor(DEMO_IDS.classicClosedRunning).length >= 1, 'the poller asked about the running job');
    assert.strictEqual(requestsFor(DEMO_IDS.classicFailed).length, 0, 'a done job is not polled');
  });
});
