import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BulkJobsApi } from '../../src/extension';
import type { StoredDownload } from '../../src/downloads/resultDownloads';
import type { JobRef } from '../../src/job/jobRef';
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
  let orgKey: string;
  let dir: string;

  before(async () => {
    emulator = await startEmulator({ seed: 'demo', clock: 'manual' });
    api = await bulkJobsApi();
    orgKey = (await api.deps.orgs.addManual(emulator.url, emulator.token)).key;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-reload-inhost-'));
  });

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
  const diagnostics = (uri: vscode.Uri) => [...(api.reload.diagnostics.collection.get(uri) ?? [])];

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
    const refs = await vscode.commands.executeCommand<JobRef[] | undefined>('bulkJobs.reloadFailedRecords', doc.uri, {
      spec: { flavour: '2.0', object: 'Contact', operation: 'insert' },
      confirm: async (message: string, detail: string) => {
        asked.push(message, detail);
        return true;
      },
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
    const refs = await vscode.commands.executeCommand<JobRef[] | undefined>('bulkJobs.loadCsv', vscode.Uri.file(file), {
      orgKey, spec: { flavour: '1.0', object: 'Account', operation: 'insert', concurrencyMode: 'Serial' },
      confirm: async (_m: string, d: string) => {
        detail = d;
        return false;
      },
    });
    assert.strictEqual(refs, undefined);
    assert.match(detail, /1 row has values a restricted picklist does not allow/);
    assert.match(detail, /Bulk API 1\.0, Serial/);
    assert.ok(emulator.log.slice(before).every((l) => l.method === 'GET'), 'only describes and the org identity were asked');
  });
});
