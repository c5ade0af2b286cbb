/**
 * A whole download over real HTTP (the loopback emulator) through the staging folder: a second
 * download that breaks off mid-stream leaves the first set exactly as it was, with no `.partial`
 * or staging leftovers; a Replace and a Keep Both that finish put the new set where they say.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { BulkClient } from '../../../src/salesforce/bulkClient';
import { BulkApiError } from '../../../src/salesforce/errors';
import { downloadResults } from '../../../src/salesforce/results/download';
import { downloadSet } from '../../../src/downloads/downloadSet';
import { findResultFiles } from '../../../src/downloads/publish';
import type { Emulator } from '../../emulator';
import { resultsTestbedPerTest } from '../salesforce/results/testbed';
import type { Job1 } from '../../emulator/model';

describe('downloads/downloadSet (emulator, real HTTP)', () => {
  const bed = resultsTestbedPerTest('bulk-set-test-');
  let emu: Emulator;
  let client: BulkClient;
  let dir: string;

  beforeEach(() => {
    ({ emu, client, dir } = bed);
  });

  const download = (jobId: string, concurrency = 2) => (staging: string) => downloadResults(client, jobId, { dir: staging, concurrency });
  const snapshot = (): Record<string, string> => Object.fromEntries(fs.readdirSync(dir).sort().map((n) => [n, fs.readFileSync(path.join(dir, n), 'utf8')]));

  it('a second download cut mid-stream (a truncated result) leaves the first set intact and nothing else', async () => {
    const jobId = emu.jobs.createBig1({ batches: 6, rowsPerBatch: 500, failureRate: 0.1 });
    const first = await downloadSet({ dir, jobId, choice: undefined, found: [] }, download(jobId));
    assert.deepStrictEqual(Object.keys(first?.files ?? {}).sort(), ['failed', 'success']);
    const before = snapshot();
    const batchIds = (emu.jobs.get(jobId) as Job1).batches.map((b) => b.id);
    emu.fault({ path: `/batch/${batchIds[4]}/result`, body: 'truncated' });
    const found = await findResultFiles(dir, jobId);
    await assert.rejects(downloadSet({ dir, jobId, choice: 'replace', found }, download(jobId)),
      (e: unknown) => e instanceof BulkApiError && e.kind === 'unexpectedResponse');
    assert.deepStrictEqual(snapshot(), before, 'the same files, byte for byte, no staging folder, no .partial');
  });

  it('Replace and Keep Both over real HTTP: the files where the plan says, every row there', async () => {
    const jobId = emu.jobs.createBig1({ batches: 3, rowsPerBatch: 300, failureRate: 0.2 });
    // One batch at a time: the same rows in the same order each time.
    const first = await downloadSet({ dir, jobId, choice: undefined, found: [] }, download(jobId, 1));
    assert.ok(first);
    const replaced = await downloadSet({ dir, jobId, choice: 'replace', found: await findResultFiles(dir, jobId) }, download(jobId, 1));
    assert.strictEqual(replaced?.plan.kind, 'replace');
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), Object.values(first.files).map((f) => path.basename(f as string)).sort());
    const kept = await downloadSet({ dir, jobId, choice: 'keepBoth', found: await findResultFiles(dir, jobId) }, download(jobId, 1));
    assert.ok(kept && kept.plan.kind === 'keepBoth');
    assert.strictEqual(path.dirname(kept.folder), dir);
    for (const [kind, file] of Object.entries(kept.files)) {
      assert.strictEqual(path.dirname(file as string), kept.folder);
      assert.strictEqual(fs.readFileSync(file as string, 'utf8'), fs.readFileSync(first.files[kind as 'failed'] as string, 'utf8'), `${kind}: the same rows`);
    }
  });
});
