import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { StoredDownload } from '../../src/results/resultDownloads';
import type { BulkJobsApi } from '../../src/extension';
import { DEMO_IDS } from '../emulator/seed';
import { jobContextValue } from '../../src/views/explorer';
import { bulkJobsApi, closeAllEditors, connectEmulatorOrg, waitFor, waitForRendered } from './panelHelpers';

function countRecords(file: string): number {
  // The files' values hold newlines inside quotes: count records with the same reader the API uses.
  const text = fs.readFileSync(file, 'utf8');
  let records = 0;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      inQuotes = !inQuotes;
    } else if (c === '\n' && !inQuotes) {
      records++;
    }
  }
  return records - 1; // the header
}

describe('download results (in host)', () => {
  let api: BulkJobsApi;
  let orgKey: string;
  let dir: string;

  before(async () => {
    api = await bulkJobsApi();
    orgKey = await connectEmulatorOrg(api);
  });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-results-inhost-'));
  });

  afterEach(async () => {
    await closeAllEditors();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the three files of an aborted 1.0 job with the right row counts and keeps the error summary', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.classicAborted };
    const stored = await vscode.commands.executeCommand<StoredDownload | undefined>('bulkJobs.downloadResults', ref, { dir, quiet: true });
    assert.ok(stored, 'the command returns what it kept');
    assert.deepStrictEqual(stored.rows, { failed: 12, success: 1988, unprocessed: 2600, query: 0 });
    for (const kind of ['failed', 'success', 'unprocessed'] as const) {
      const file: string | undefined = stored.files[kind];
      assert.ok(file && fs.existsSync(file), `${kind} file written`);
      assert.strictEqual(path.dirname(file), dir);
      assert.strictEqual(countRecords(file), stored.rows[kind], `${kind} rows`);
    }
    assert.deepStrictEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.partial')), []);
    assert.strictEqual(stored.errors.reduce((n, g) => n + g.count, 0), 12);
    assert.deepStrictEqual(api.deps.results?.get(ref)?.files, stored.files, 'kept for the details panel');
  });

  it('opens just the rows of one error in a new editor', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.classicJson };
    const stored = await vscode.commands.executeCommand<StoredDownload | undefined>('bulkJobs.downloadResults', ref, { dir, quiet: true });
    assert.ok(stored && stored.errors.length > 0);
    const group = stored.errors[0];
    const document = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('bulkJobs.showFailedRows', { ...ref, key: group.key });
    assert.ok(document, 'a document was opened');
    assert.ok(document.isUntitled);
    const lines = document.getText().split('\n').filter((l) => l !== '');
    assert.ok(lines[0].startsWith('sf__Id,sf__Error,'));
    assert.ok(lines.length - 1 >= group.count, 'the header and at least one line per row');
    assert.strictEqual(vscode.window.activeTextEditor?.document, document);
    // An untitled document with text: close it without the "save changes?" dialog.
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('shows "Why records failed" in the details panel once the results are downloaded', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.classicFailed };
    await vscode.commands.executeCommand('bulkJobs.openJobDetails', ref);
    const panel = await waitFor('the panel', () => api.panels.get(ref));
    const before = await waitForRendered(panel, 'the job', (m) => m.job !== undefined && !m.refreshing);
    assert.strictEqual(before.failures, undefined, 'nothing before a download');
    await vscode.commands.executeCommand('bulkJobs.downloadResults', ref, { dir, quiet: true });
    const shown = await waitForRendered(panel, 'the failures', (m) => m.failures !== undefined);
    assert.strictEqual(shown.failures?.failedRows, 1000);
    assert.deepStrictEqual(shown.failures?.groups.map((g) => [g.statusCode, g.message, g.count]), [['InvalidBatch', 'Field name not found : Birthdate__c', 1000]]);
    assert.ok(shown.failures?.groups[0].key, 'a key to ask for its example row');
  });

  it('offers Download Results on finished jobs in the tree (context value "done")', async () => {
    const refs = [{ orgKey, jobId: DEMO_IDS.classicAborted }, { orgKey, jobId: DEMO_IDS.classicClosedRunning }];
    const wasTracked = refs.map((ref) => api.deps.store.get(ref)?.tracked === true);
    const [done, running] = await Promise.all(refs.map((ref) => api.deps.store.track(ref)));
    assert.ok(jobContextValue(done).split(' ').includes('done'));
    assert.ok(!jobContextValue(running).split(' ').includes('done'));
    for (const [k, ref] of refs.entries()) {
      if (!wasTracked[k]) {
        await api.deps.store.untrack(ref);
      }
    }
  });

  it('writes a 2.0 query job\'s results as one file', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.v2Query };
    const stored = await vscode.commands.executeCommand<StoredDownload | undefined>('bulkJobs.downloadResults', ref, { dir, quiet: true });
    assert.ok(stored?.files.query);
    assert.strictEqual(stored.rows.query, 25_000);
    assert.strictEqual(countRecords(stored.files.query), 25_000);
  });
});
