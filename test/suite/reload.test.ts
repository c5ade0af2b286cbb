import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BulkJobsApi } from '../../src/extension';
import type { StoredDownload } from '../../src/downloads/resultDownloads';
import type { JobRef } from '../../src/job/jobRef';
import { isDone } from '../../src/job/jobRules';
import { Emulator, startEmulator } from '../emulator';
import { bulkJobsApi, closeAllEditors, waitFor, waitForRendered } from './panelHelpers';

const LONG = 'A'.repeat(41); // Contact.FirstName holds 40

/**
 * Fix and reload, in the host against an emulator of its own (manual clock, a sandbox): a job with
 * failed records → download → the failed file's diagnostics → fix two rows → they go away → Reload →
 * the confirmation names the org as a Sandbox → the new job completes with 0 failures, linked.
 */
describe('reload failed records (in host)', function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let api: BulkJobsApi;
  let preflightCollection: vscode.DiagnosticCollection;
  let orgKey: string;
  let dir: string;

  before(async () => {
    emulator = await startEmulator({ seed: 'demo', clock: 'manual' });
    api = await bulkJobsApi();
    preflightCollection = (await api.reload.diagnostics()).collection;
    orgKey = (await api.deps.orgs.addManual(emulator.url, emulator.token)).key;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-reload-inhost-'));
  });

  /** Answers the load confirmations (in-host tests cannot click the modal): the seam only the extension's own tests have. */
  function answer(confirm: (message: string, detail: string, button: string) => Promise<boolean>): void {
    assert.ok(api.testing, 'the test seam exists under the extension\'s tests');
    api.testing.answerConfirmations(confirm);
  }

  afterEach(() => api.testing?.answerConfirmations(undefined));

  after(async () => {
    await closeAllEditors();
    for (const e of api?.deps.store.tracked().filter((x) => x.orgKey === orgKey) ?? []) {
      await api.deps.store.untrack(e);
    }
    await emulator?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function finished(ref: JobRef) {
    emulator.clock.advance(300_000);
    const entry = await api.deps.store.refresh(ref);
    assert.strictEqual(entry.job?.state, 'JobComplete', JSON.stringify(entry.job));
    return entry;
  }

  /** The preflight's (the failed rows' own diagnostics, also "Bulk Jobs", are another collection: causes.test.ts). */
  const diagnostics = (uri: vscode.Uri) => [...(preflightCollection.get(uri) ?? [])];

  it('checks the failed file, loads it again once fixed, and links the new job to the original', async () => {
    const input = path.join(dir, 'contacts.csv');
    fs.writeFileSync(input, `LastName,FirstName,Email\nSmith,Ann,ann@example.com\n,Bob,bob@example.com\nJones,${LONG},c@example.com\nLee,Dan,dan@example.com\n`);
    const client = await api.deps.orgs.clientFor(orgKey);
    const first = await client.load({ flavour: '2.0', object: 'Contact', operation: 'insert' }, () => fs.createReadStream(input));
    const original = { orgKey, jobId: first.jobs[0].id };
    await api.deps.store.track(original);
    const done = await finished(original);
    assert.strictEqual(done.job?.numberRecordsFailed, 2);

    const stored = await vscode.commands.executeCommand<StoredDownload | undefined>('bulkJobs.downloadResults', original, { dir, quiet: true });
    const failed = stored?.files.failed;
    assert.ok(failed, 'the failed file was written');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(failed));
    await vscode.window.showTextDocument(doc);
    const found = await waitFor('the preflight diagnostics', () => diagnostics(doc.uri).length === 2 && diagnostics(doc.uri));
    assert.deepStrictEqual(found.map((d) => d.code).sort(), ['requiredEmpty', 'tooLong']);
    assert.ok(found.every((d) => d.severity === vscode.DiagnosticSeverity.Error));
    const long = found.find((d) => d.code === 'tooLong')!;
    assert.strictEqual(doc.getText(long.range), LONG, 'the range covers the long value');

    // Fix the two rows in the editor: a last name for Bob, a shorter first name for Jones.
    const fixed = doc.getText().replace(/,,Bob,/, ',Brown,Bob,').replace(LONG, 'Jo');
    assert.notStrictEqual(fixed, doc.getText());
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), fixed);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the diagnostics to go away', () => diagnostics(doc.uri).length === 0);

    const asked: string[] = [];
    answer(async (message: string, detail: string) => {
      asked.push(message, detail);
      return true;
    });
    const refs = await vscode.commands.executeCommand<JobRef[] | undefined>('bulkJobs.reloadFailedRecords', doc.uri, {
      orgKey, spec: { flavour: '2.0', object: 'Contact', operation: 'insert' },
    });
    assert.ok(!doc.isDirty, 'saved before loading');
    assert.strictEqual(asked.length, 4, 'asked to save, then to load');
    assert.match(asked[0], /has unsaved changes/);
    asked.splice(0, 2);
    assert.match(asked[0], /^Load 2 rows into Contact \(insert\) in .*, a Sandbox org\?$/);
    assert.match(asked[1], new RegExp(`Org: (.* · )?${new URL(emulator.url).host.replace(/\./g, '\\.')} · Sandbox`));
    assert.match(asked[1], /The preflight found nothing to fix/);
    assert.match(asked[1], /Left out: the sf__ columns/);
    assert.ok(refs && refs.length === 1, 'one new job');
    const reload = refs[0];
    assert.ok(api.deps.store.get(reload)?.tracked, 'the new job is tracked');
    const again = await finished(reload);
    assert.strictEqual(again.job?.numberRecordsProcessed, 2);
    assert.strictEqual(again.job?.numberRecordsFailed, 0);
    assert.deepStrictEqual(api.deps.reloadLinks.originalOf(reload), original);
    assert.deepStrictEqual(api.deps.reloadLinks.reloadsOf(original), [reload]);
    const panel = await waitFor('the new job\'s panel', () => api.panels.get(reload));
    await waitForRendered(panel, '"reload of"', (m) => m.reloadOf === original.jobId);
    const originalPanel = await api.panels.show(original);
    await waitForRendered(originalPanel, '"reloaded as"', (m) => m.reloadedAs?.includes(reload.jobId) === true);
  });

  it('sends nothing when the confirmation is declined', async () => {
    const file = path.join(dir, 'accounts.csv');
    fs.writeFileSync(file, 'Name,Tier__c\nAcme,Platinum\n');
    const before = emulator.log.length;
    let detail = '';
    answer(async (_m: string, d: string) => {
      detail = d;
      return false;
    });
    const refs = await vscode.commands.executeCommand<JobRef[] | undefined>('bulkJobs.loadCsv', vscode.Uri.file(file), {
      orgKey, spec: { flavour: '1.0', object: 'Account', operation: 'insert', concurrencyMode: 'Serial' },
      confirm: async () => true, // not an option: a command argument never answers the confirmation
    });
    assert.strictEqual(refs, undefined);
    assert.match(detail, /1 row has values a restricted picklist does not allow/);
    assert.match(detail, /Bulk API 1\.0, Serial/);
    assert.ok(emulator.log.slice(before).every((l) => l.method === 'GET'), 'only describes and the org identity were asked');
  });

  it('a 1.0 load failing at batch 5: the job tracked and opened, the unsent rows in a file of their own that Load the Rest proposes for the same org', async () => {
    const rows = Array.from({ length: 45_000 }, (_, i) => `Smith${i}`);
    const file = path.join(dir, 'many.csv');
    fs.writeFileSync(file, `LastName\n${rows.join('\n')}\n`);
    const remove = emulator.fault({ method: 'POST', path: /\/batch$/, after: 4, times: 1, error: { code: 'InvalidBatch', message: 'Records not processed' } });
    answer(async () => true);
    const refs = await vscode.commands.executeCommand<JobRef[] | undefined>('bulkJobs.loadCsv', vscode.Uri.file(file), {
      orgKey, spec: { flavour: '1.0', object: 'Contact', operation: 'insert' },
    });
    remove();
    assert.ok(refs && refs.length === 1, 'the one job is returned');
    assert.ok(api.deps.store.get(refs[0])?.tracked, 'the job is tracked');
    const unsent = path.join(dir, 'many-unsent.csv');
    assert.strictEqual(fs.readFileSync(unsent, 'utf8'), `LastName\n${rows.slice(40_000).join('\n')}\n`, 'exactly the rows after batch 4, with the header');
    const target = (await api.reload.diagnostics()).targetOf(vscode.Uri.file(unsent));
    assert.deepStrictEqual([target?.orgKey, target?.spec.object], [orgKey, 'Contact'], 'Load the Rest proposes the same org and object');
    await waitFor('the job\'s panel', () => api.panels.get(refs[0]));
    emulator.clock.advance(300_000);
    const batches = await (await api.deps.orgs.clientFor(orgKey)).listBatches(refs[0].jobId);
    assert.deepStrictEqual(batches.map((b) => b.numberRecordsProcessed), [10_000, 10_000, 10_000, 10_000]);
  });

  it('a load with 200 jobs tracked: the new job is tracked, the oldest finished one makes room', async () => {
    const client = await api.deps.orgs.clientFor(orgKey);
    const small = path.join(dir, 'one.csv');
    fs.writeFileSync(small, 'LastName\nOne\n');
    const first = await client.load({ flavour: '2.0', object: 'Contact', operation: 'insert' }, () => fs.createReadStream(small));
    const oldest = { orgKey, jobId: first.jobs[0].id };
    await api.deps.store.track(oldest);
    await finished(oldest);
    const fakes: JobRef[] = [];
    for (let i = api.deps.store.tracked().length; i < 200; i++) {
      const ref = { orgKey: 'manual:https://fake.example.com', jobId: `75000000000${String(i).padStart(4, '0')}` };
      api.deps.store.add(ref);
      fakes.push(ref);
    }
    assert.strictEqual(api.deps.store.tracked().length, 200);
    const expected = api.deps.store.tracked().find((e) => isDone(e));
    assert.ok(expected, 'a finished job is tracked');
    try {
      answer(async () => true);
      const refs = await vscode.commands.executeCommand<JobRef[] | undefined>('bulkJobs.loadCsv', vscode.Uri.file(small), {
        orgKey, spec: { flavour: '2.0', object: 'Contact', operation: 'insert' },
      });
      assert.ok(refs && refs.length === 1, 'loaded, not "try again"');
      assert.ok(api.deps.store.get(refs[0])?.tracked, 'the new job is tracked');
      assert.ok(!api.deps.store.get(expected)?.tracked, 'the finished job tracked longest ago made room');
      assert.strictEqual(api.deps.store.tracked().length, 200);
      await waitFor('the new job\'s panel', () => api.panels.get(refs[0]));
    } finally {
      for (const ref of fakes) await api.deps.store.untrack(ref);
    }
  });

  it('a cancelled confirmation forgets the org: the next run shows the picker again', async () => {
    const file = path.join(dir, 'again.csv');
    fs.writeFileSync(file, 'LastName\nAgain\n');
    const uri = vscode.Uri.file(file);
    await api.deps.orgs.setDefault(orgKey);
    const asked: string[] = [];
    answer(async (message) => {
      asked.push(message);
      return false;
    });
    const spec = { flavour: '2.0', object: 'Contact', operation: 'insert' };
    /** Runs the command, doing `step` to the quick pick until it ends (or, when it asks for a confirmation, until then). */
    async function runWith(step: string): Promise<JobRef[] | undefined> {
      let done = false;
      const run = Promise.resolve(vscode.commands.executeCommand<JobRef[] | undefined>('bulkJobs.loadCsv', uri, { spec })).finally(() => { done = true; });
      for (let i = 0; !done && i < 400; i++) {
        await vscode.commands.executeCommand(step);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return run;
    }
    // First run: the picker (with the emulator org first) is taken; the confirmation is declined.
    assert.strictEqual(await runWith('workbench.action.acceptSelectedQuickOpenItem'), undefined);
    assert.strictEqual(asked.length, 1);
    assert.match(asked[0], /^Load 1 rows? into Contact \(insert\)/);
    assert.strictEqual((await api.reload.diagnostics()).targetOf(uri), undefined, 'the cancelled run\'s org is forgotten');
    // Second run: the picker shows again; closed, nothing is asked or sent.
    assert.strictEqual(await runWith('workbench.action.closeQuickOpen'), undefined);
    assert.strictEqual(asked.length, 1, 'no confirmation: the org was asked for again, and the picker closed');
  });
});
