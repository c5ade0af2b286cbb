import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { StoredDownload } from '../../src/downloads/resultDownloads';
import type { BulkJobsApi } from '../../src/extension';
import { DEMO_IDS } from '../emulator/seed';
import { jobContextValue } from '../../src/tracked/jobsView';
import { bulkJobsApi, closeAllEditors, connectEmulatorOrg, waitFor, waitForRendered } from './panelHelpers';
import { csvRecords } from '../../src/salesforce/csv';
import { exampleRow } from '../../src/downloads/exampleRow';

/** Answers the "downloaded before" questions with the given buttons, in turn, and records what was asked. */
function scriptedPrompt(...answers: Array<string | undefined>) {
  const asked: Array<{ message: string; detail: string; buttons: string[] }> = [];
  const prompt = async (message: string, detail: string, buttons: string[]): Promise<string | undefined> => {
    asked.push({ message, detail, buttons });
    return answers.shift();
  };
  return { prompt, asked };
}

/** The input values of the failed file's rows (what a person's records hold), long enough to search for. */
async function rowValues(file: string): Promise<string[]> {
  const values = new Set<string>();
  let header: string[] | undefined;
  for await (const rows of csvRecords(fs.createReadStream(file))) {
    for (const row of rows) {
      if (!header) {
        header = row;
        continue;
      }
      row.forEach((v, k) => {
        if (header?.[k] !== 'sf__Error' && header?.[k] !== 'sf__Id' && v.length >= 4) {
          values.add(v);
        }
      });
    }
  }
  return [...values];
}

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

  describe('a second download of the same job', () => {
    const ref = (): { orgKey: string; jobId: string } => ({ orgKey, jobId: DEMO_IDS.classicAborted });
    const snapshot = (folder: string): Record<string, string> => Object.fromEntries(fs.readdirSync(folder).filter((n) => n.endsWith('.csv')).sort()
      .map((n) => [n, fs.readFileSync(path.join(folder, n), 'utf8')]));

    it('asks, and Keep Both writes a second set in a time-stamped folder, the first untouched', async () => {
      const first = await vscode.commands.executeCommand<StoredDownload | undefined>('bulkJobs.downloadResults', ref(), { dir, quiet: true });
      assert.ok(first);
      const before = snapshot(dir);
      const { prompt, asked } = scriptedPrompt('Keep Both');
      const second = await vscode.commands.executeCommand<StoredDownload | undefined>('bulkJobs.downloadResults', ref(), { dir, quiet: true, prompt });
      assert.strictEqual(asked.length, 1, 'asked once');
      assert.match(asked[0].message, new RegExp(`${DEMO_IDS.classicAborted}-failed\\.csv`));
      assert.deepStrictEqual(asked[0].buttons, ['Replace', 'Keep Both']);
      assert.ok(second);
      assert.strictEqual(path.dirname(second.dir), dir);
      assert.match(path.basename(second.dir), new RegExp(`^${DEMO_IDS.classicAborted}-\\d{4}-\\d{2}-\\d{2}T\\d{4}$`));
      assert.deepStrictEqual(snapshot(dir), before, 'the first set as it was');
      assert.deepStrictEqual(Object.keys(snapshot(second.dir)), Object.keys(before), 'the same files in the new folder');
      assert.deepStrictEqual(fs.readdirSync(dir).filter((n) => n.startsWith('.') || n.endsWith('.partial')), [], 'no staging leftovers');
      assert.strictEqual(api.deps.results.get(ref())?.dir, second.dir, 'the panel shows the newest set');
    });

    it('Replace over a file someone edited asks again, naming it; Cancel there keeps everything', async () => {
      await vscode.commands.executeCommand('bulkJobs.downloadResults', ref(), { dir, quiet: true });
      const failed = path.join(dir, `${DEMO_IDS.classicAborted}-failed.csv`);
      fs.appendFileSync(failed, ',FIXED,by hand\n');
      const before = snapshot(dir);
      const cancelled = scriptedPrompt('Replace', undefined);
      assert.strictEqual(await vscode.commands.executeCommand('bulkJobs.downloadResults', ref(), { dir, quiet: true, prompt: cancelled.prompt }), undefined);
      assert.strictEqual(cancelled.asked.length, 2);
      assert.match(cancelled.asked[1].message, new RegExp(`^${DEMO_IDS.classicAborted}-failed\\.csv: changed since`));
      assert.ok(!cancelled.asked[1].message.includes('-success.csv'), 'only the edited file is named');
      assert.deepStrictEqual(snapshot(dir), before, 'nothing changed');
      assert.deepStrictEqual(fs.readdirSync(dir).filter((n) => n.startsWith('.')), []);

      const replaced = scriptedPrompt('Replace', 'Replace Anyway');
      const stored = await vscode.commands.executeCommand<StoredDownload | undefined>('bulkJobs.downloadResults', ref(), { dir, quiet: true, prompt: replaced.prompt });
      assert.strictEqual(stored?.dir, dir);
      assert.ok(!fs.readFileSync(failed, 'utf8').includes('FIXED'), 'replaced');
      assert.strictEqual(countRecords(failed), 12);
      const again = scriptedPrompt('Replace');
      await vscode.commands.executeCommand('bulkJobs.downloadResults', ref(), { dir, quiet: true, prompt: again.prompt });
      assert.strictEqual(again.asked.length, 1, 'files as written: Replace asks nothing more');
    });
  });

  it('keeps no row value in workspaceState nor in what the panel is sent; the example row comes from the file on request', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.classicJson };
    await vscode.commands.executeCommand('bulkJobs.openJobDetails', ref);
    const panel = await waitFor('the panel', () => api.panels.get(ref));
    const stored = await vscode.commands.executeCommand<StoredDownload | undefined>('bulkJobs.downloadResults', ref, { dir, quiet: true });
    assert.ok(stored?.files.failed);
    const shown = await waitForRendered(panel, 'the failures', (m) => m.failures !== undefined);
    const values = await rowValues(stored.files.failed);
    assert.ok(values.length > 20, 'the emulator seeded row values');
    const kept = JSON.stringify(api.workspaceState.get('bulkJobs.downloads'));
    assert.ok(kept.includes(stored.files.failed), 'the summary is kept');
    const posted = JSON.stringify(shown);
    for (const value of values) {
      assert.ok(!kept.includes(value), `workspaceState holds "${value}"`);
      assert.ok(!posted.includes(value), `the panel's update (which the webview saves) holds "${value}"`);
    }
    const group = stored.errors[0];
    const example = await exampleRow(stored, group.key);
    assert.strictEqual(example.type, 'exampleRow');
    assert.strictEqual(example.problem, undefined);
    assert.ok(example.values.length > 0 && example.values.every(([column]) => !column.startsWith('sf__')));
    assert.ok(example.values.some(([, value]) => values.includes(value)), 'a real row, read from the file');
    fs.rmSync(stored.files.failed);
    assert.match((await exampleRow(stored, group.key)).problem ?? '', /gone/);
  });

  it('writes a 2.0 query job\'s results as one file', async () => {
    const ref = { orgKey, jobId: DEMO_IDS.v2Query };
    const stored = await vscode.commands.executeCommand<StoredDownload | undefined>('bulkJobs.downloadResults', ref, { dir, quiet: true });
    assert.ok(stored?.files.query);
    assert.strictEqual(stored.rows.query, 25_000);
    assert.strictEqual(countRecords(stored.files.query), 25_000);
  });
});
