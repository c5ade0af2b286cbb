/**
 * downloadResults against the loopback emulator over real HTTP: the Bulk 1.0 row join (CSV, XML,
 * JSON jobs; Completed, Failed and NotProcessed batches), Bulk 2.0 result files, query results
 * (1.0 result sets, 2.0 Sforce-Locator paging), UTF-8, the files read back as CSV with the input
 * columns, progress, bounded concurrency, and file safety (partials, cancellation, failures).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { BulkClient } from '../../../../src/salesforce/bulkClient';
import { BulkApiError } from '../../../../src/salesforce/errors';
import { csvRecords } from '../../../../src/salesforce/csv';
import { downloadResults, resultFileName } from '../../../../src/salesforce/results/download';
import type { DownloadProgress, DownloadResult } from '../../../../src/salesforce/results/downloadTypes';
import { errorGroupKey } from '../../../../src/salesforce/results/errorSummary';
import { filterFailedRows, firstFailedRow } from '../../../../src/salesforce/results/failedRows';
import type { Emulator } from '../../../emulator';
import { resultsTestbedPerTest } from './testbed';
import { clientFor, tokenSource } from '../fixtures';
import { batchRows, type Job1, type Job2 } from '../../../emulator/model';
import { failedAmong, failureOf, failureText, inputColumns, inputRow, isFailedRow, recordId, type RowSet } from '../../../emulator/rows';

async function readCsv(file: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const chunk of csvRecords(fs.createReadStream(file))) {
    rows.push(...chunk);
  }
  return rows;
}

/** What the files of a 1.0 ingest job must hold, from the emulator's own row model. */
function expected1(job: Job1): { failed: string[][]; success: string[][]; unprocessed: string[][] } {
  const failed: string[][] = [];
  const success: string[][] = [];
  const unprocessed: string[][] = [];
  for (const b of job.batches) {
    const rows = batchRows(job, b);
    const state = b.notProcessedAt !== undefined ? 'NotProcessed' : b.finalState;
    const processed = state === 'Failed' ? b.processedOnFailure : state === 'Completed' ? b.records : 0;
    for (let i = 0; i < rows.count; i++) {
      const input = inputRow(rows, i);
      if (state === 'NotProcessed') {
        unprocessed.push(input);
      } else if (i >= processed) {
        failed.push(['', b.stateMessage ?? '', ...input]);
      } else if (isFailedRow(rows, i)) {
        failed.push([rows.operation === 'insert' ? '' : recordId(rows, i), failureText(failureOf(rows, i)), ...input]);
      } else {
        success.push([recordId(rows, i), String(rows.operation === 'insert'), ...input]);
      }
    }
  }
  return { failed, success, unprocessed };
}

const sorted = (rows: string[][]): string[][] => [...rows].sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1));

describe('salesforce/results/downloadResults (emulator, real HTTP)', () => {
  const bed = resultsTestbedPerTest('bulk-results-test-');
  let emu: Emulator;
  let client: BulkClient;
  let dir: string;

  beforeEach(() => {
    ({ emu, client, dir } = bed);
  });

  const smallJob = (contentType: 'CSV' | 'XML' | 'JSON', extra: { processedOnFailure?: number } = {}): string =>
    emu.jobs.createBig1({ batches: 3, rowsPerBatch: 400, failureRate: 0.15, failedBatches: 1, notProcessedBatches: 1, contentType, ...extra });

  async function checkFiles1(jobId: string, result: DownloadResult): Promise<void> {
    const job = emu.jobs.get(jobId) as Job1;
    const want = expected1(job);
    const columns = inputColumns(batchRows(job, job.batches[0]));
    const failed = await readCsv(result.files.failed as string);
    const success = await readCsv(result.files.success as string);
    const unprocessed = await readCsv(result.files.unprocessed as string);
    assert.deepStrictEqual(failed[0], ['sf__Id', 'sf__Error', ...columns]);
    assert.deepStrictEqual(success[0], ['sf__Id', 'sf__Created', ...columns]);
    assert.deepStrictEqual(unprocessed[0], columns);
    assert.deepStrictEqual(sorted(failed.slice(1)), sorted(want.failed));
    assert.deepStrictEqual(sorted(success.slice(1)), sorted(want.success));
    assert.deepStrictEqual(sorted(unprocessed.slice(1)), sorted(want.unprocessed));
    assert.deepStrictEqual(result.rows, { failed: want.failed.length, success: want.success.length, unprocessed: want.unprocessed.length, query: 0 });
  }

  for (const contentType of ['CSV', 'XML', 'JSON'] as const) {
    it(`joins every ${contentType} batch's request with its result, row by row, into three CSV files`, async () => {
      const jobId = smallJob(contentType, { processedOnFailure: 150 });
      const result = await downloadResults(client, jobId, { dir });
      assert.deepStrictEqual(result.batches, { total: 5, completed: 3, failed: 1, notProcessed: 1, notFinished: 0 });
      assert.deepStrictEqual(Object.keys(result.files).sort(), ['failed', 'success', 'unprocessed']);
      assert.strictEqual(result.files.failed, path.join(dir, `${jobId}-failed.csv`));
      await checkFiles1(jobId, result);
      assert.deepStrictEqual(result.warnings, []);
      assert.deepStrictEqual(fs.readdirSync(dir).sort(), ['failed', 'success', 'unprocessed'].map((k) => `${jobId}-${k}.csv`));
    });
  }

  it('keeps each row next to its own result (one batch, in order)', async () => {
    const jobId = emu.jobs.createBig1({ batches: 1, rowsPerBatch: 1000, failureRate: 0.3, object: 'Account', operation: 'update' });
    const result = await downloadResults(client, jobId, { dir, concurrency: 1 });
    const job = emu.jobs.get(jobId) as Job1;
    const rows = batchRows(job, job.batches[0]);
    const failed = (await readCsv(result.files.failed as string)).slice(1);
    const success = (await readCsv(result.files.success as string)).slice(1);
    const wantFailed: string[][] = [];
    const wantSuccess: string[][] = [];
    for (let i = 0; i < rows.count; i++) {
      // update: the input's Id column is the record the result names.
      (isFailedRow(rows, i) ? wantFailed : wantSuccess).push(
        isFailedRow(rows, i) ? [recordId(rows, i), failureText(failureOf(rows, i)), ...inputRow(rows, i)] : [recordId(rows, i), 'false', ...inputRow(rows, i)],
      );
    }
    assert.deepStrictEqual(failed, wantFailed);
    assert.deepStrictEqual(success, wantSuccess);
    for (const row of [...failed, ...success]) {
      assert.strictEqual(row[0], row[2], 'sf__Id is the row\'s own Id');
    }
    assert.strictEqual(failed.length, failedAmong(rows, rows.count));
  });

  it("records a Failed batch's stateMessage for rows without results, even when its result cannot be read", async () => {
    const jobId = emu.jobs.createBig1({ batches: 0, failedBatches: 1, rowsPerBatch: 300, stateMessage: 'InvalidBatch : Field name not found : Foo__c' });
    emu.fault({ path: /\/batch\/[^/]+\/result$/, error: { code: 'InvalidBatch', message: 'Batch failed' } });
    const result = await downloadResults(client, jobId, { dir });
    assert.deepStrictEqual(result.rows, { failed: 300, success: 0, unprocessed: 0, query: 0 });
    assert.deepStrictEqual(result.errors.map((g) => [g.statusCode, g.message, g.count]), [['InvalidBatch', 'Field name not found : Foo__c', 300]]);
    const failed = await readCsv(result.files.failed as string);
    assert.ok(failed.slice(1).every((r) => r[0] === '' && r[1] === 'InvalidBatch : Field name not found : Foo__c'));
    assert.strictEqual(result.files.success, undefined, 'no file for a kind with no rows');
  });

  it('summarises why records failed while streaming: groups by code and message, counts; the example row read from disk', async () => {
    const jobId = emu.jobs.createBig1({ batches: 4, rowsPerBatch: 500, failureRate: 0.2, object: 'Contact' });
    const result = await downloadResults(client, jobId, { dir });
    const job = emu.jobs.get(jobId) as Job1;
    const counts = new Map<string, number>();
    for (const b of job.batches) {
      const rows = batchRows(job, b);
      for (let i = 0; i < rows.count; i++) {
        if (isFailedRow(rows, i)) {
          const key = errorGroupKey(failureText(failureOf(rows, i)));
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
    }
    assert.deepStrictEqual(new Map(result.errors.map((g) => [g.key, g.count])), counts);
    assert.ok(result.errors.length >= 5, 'several realistic causes');
    for (let k = 1; k < result.errors.length; k++) {
      assert.ok(result.errors[k - 1].count >= result.errors[k].count, 'largest first');
    }
    const missing = result.errors.find((g) => g.statusCode === 'REQUIRED_FIELD_MISSING');
    assert.ok(missing);
    assert.strictEqual(missing.message, 'Required fields are missing: [LastName]');
    assert.deepStrictEqual(missing.fields, ['LastName']);
    const example = await firstFailedRow(result.files.failed as string, missing.key);
    assert.ok(example);
    assert.deepStrictEqual(example.values.find(([c]) => c === 'LastName'), ['LastName', '']);
    assert.ok(!example.values.some(([c]) => c.startsWith('sf__')), 'input columns only');
    // "Just those rows": the failed file filtered to one group.
    const only = await filterFailedRows(result.files.failed as string, missing.key);
    assert.strictEqual(only.rows, missing.count);
    assert.strictEqual(only.truncated, false);
    const parsed = await readCsv(writeTemp(dir, only.csv));
    assert.deepStrictEqual(parsed[0].slice(0, 2), ['sf__Id', 'sf__Error']);
    assert.ok(parsed.slice(1).every((r) => r[1].startsWith('REQUIRED_FIELD_MISSING:') && r[3] === ''));
    const limited = await filterFailedRows(result.files.failed as string, missing.key, { limit: 2 });
    assert.strictEqual(limited.rows, 2);
    assert.strictEqual(limited.truncated, true);
  });

  it('keeps quoted fields, newlines and non-Latin text intact; the failed file loads again as CSV', async () => {
    const jobId = emu.jobs.createBig1({ batches: 2, rowsPerBatch: 700, failureRate: 0.5, object: 'Account' });
    const result = await downloadResults(client, jobId, { dir });
    const text = fs.readFileSync(result.files.failed as string, 'utf8');
    assert.ok(text.charCodeAt(0) !== 0xfeff, 'no BOM');
    const failed = await readCsv(result.files.failed as string);
    const values = failed.slice(1).flat();
    for (const sample of ['Zürich', '東京', 'Line one\nLine two', 'Said "call me back", then hung up', 'Emoji 🚀 and accents: déjà vu', 'New York, NY']) {
      assert.ok(values.includes(sample), `keeps ${JSON.stringify(sample)}`);
    }
    // Every row has exactly the header's number of columns: it can be loaded again as it is.
    assert.ok(failed.every((r) => r.length === failed[0].length));
  });

  it('writes the Bulk 2.0 result files in the same shape, as they stream', async () => {
    const jobId = emu.jobs.createBig2({ records: 3000, failureRate: 0.1, processed: 2000, object: 'Lead' });
    const progress: DownloadProgress[] = [];
    const result = await downloadResults(client, jobId, { dir, onProgress: (p) => progress.push(p) });
    const job = emu.jobs.get(jobId) as Job2;
    const rows: RowSet = { seed: job.id, object: job.object, operation: job.operation, count: job.records, failed: job.failed };
    const failedCount = failedAmong(rows, 2000);
    assert.deepStrictEqual(result.rows, { failed: failedCount, success: 2000 - failedCount, unprocessed: 1000, query: 0 });
    const columns = inputColumns(rows);
    const failed = await readCsv(result.files.failed as string);
    assert.deepStrictEqual(failed[0], ['sf__Id', 'sf__Error', ...columns]);
    assert.deepStrictEqual((await readCsv(result.files.success as string))[0], ['sf__Id', 'sf__Created', ...columns]);
    const unprocessed = await readCsv(result.files.unprocessed as string);
    assert.deepStrictEqual(unprocessed[0], columns);
    assert.deepStrictEqual(unprocessed[1], inputRow(rows, 2000));
    assert.strictEqual(result.errors.reduce((n, g) => n + g.count, 0), failedCount);
    const last = progress[progress.length - 1];
    assert.deepStrictEqual([last.batchesDone, last.batchesTotal, last.rowsWritten], [3, 3, 3000]);
  });

  it("reads a 2.0 job's column delimiter (PIPE, TAB) and writes commas, values intact", async () => {
    for (const columnDelimiter of ['PIPE', 'TAB']) {
      const jobId = emu.jobs.createBig2({ records: 600, failureRate: 0.2, object: 'Account', columnDelimiter });
      const result = await downloadResults(client, jobId, { dir: path.join(dir, columnDelimiter) });
      const job = emu.jobs.get(jobId) as Job2;
      const rows: RowSet = { seed: job.id, object: job.object, operation: job.operation, count: job.records, failed: job.failed };
      const wantFailed: string[][] = [];
      const wantSuccess: string[][] = [];
      for (let i = 0; i < rows.count; i++) {
        if (isFailedRow(rows, i)) {
          wantFailed.push(['', failureText(failureOf(rows, i)), ...inputRow(rows, i)]);
        } else {
          wantSuccess.push([recordId(rows, i), 'true', ...inputRow(rows, i)]);
        }
      }
      assert.deepStrictEqual((await readCsv(result.files.failed as string)).slice(1), wantFailed, columnDelimiter);
      assert.deepStrictEqual((await readCsv(result.files.success as string)).slice(1), wantSuccess, columnDelimiter);
      assert.ok(fs.readFileSync(result.files.success as string, 'utf8').split('\n')[0].includes(','), 'commas out');
    }
  });

  it('follows Sforce-Locator through every page of a 2.0 query, header once', async () => {
    const jobId = emu.jobs.create2({ kind: 'query', state: 'JobComplete', records: 2500, resultsPageSize: 1000, object: 'Account' });
    emu.clearLog();
    const result = await downloadResults(client, jobId, { dir });
    const pages = emu.log.filter((e) => e.path.includes('/results'));
    assert.strictEqual(pages.length, 3);
    assert.ok(!pages[0].path.includes('locator='));
    assert.ok(pages[1].path.includes('locator=1000') && pages[2].path.includes('locator=2000'));
    assert.strictEqual(result.rows.query, 2500);
    assert.deepStrictEqual(Object.keys(result.files), ['query']);
    const rows = await readCsv(result.files.query as string);
    assert.strictEqual(rows.length, 2501);
    assert.deepStrictEqual(rows[0], ['Id', 'Name', 'Industry', 'BillingCity', 'Description']);
    assert.strictEqual(rows.filter((r) => r[0] === 'Id').length, 1);
    assert.strictEqual(new Set(rows.slice(1).map((r) => r[0])).size, 2500);
  });

  for (const contentType of ['CSV', 'XML', 'JSON'] as const) {
    it(`writes every result set of every batch of a 1.0 ${contentType} query as CSV`, async () => {
      const jobId = emu.jobs.create1({
        operation: 'query',
        contentType,
        state: 'Closed',
        batches: [{ state: 'NotProcessed', records: 0 }, { state: 'Completed', records: 600, resultCount: 3 }, { state: 'Completed', records: 250 }],
      });
      const result = await downloadResults(client, jobId, { dir });
      assert.strictEqual(result.rows.query, 850);
      const rows = await readCsv(result.files.query as string);
      assert.deepStrictEqual(rows[0], ['Id', 'Name', 'Industry', 'BillingCity', 'Description']);
      assert.strictEqual(rows.length, 851);
      assert.ok(rows.slice(1).every((r) => r.length === 5 && /^001/.test(r[0])));
      assert.ok(rows.some((r) => r[3] === 'New York, NY'));
    });
  }

  it('reports progress (batches done / total, rows written) and keeps to the concurrency', async () => {
    const jobId = emu.jobs.createBig1({ batches: 12, rowsPerBatch: 300, failureRate: 0.1 });
    emu.setLatency(20);
    emu.resetConcurrency();
    const progress: DownloadProgress[] = [];
    const result = await downloadResults(client, jobId, { dir, concurrency: 2, onProgress: (p) => progress.push(p) });
    assert.ok(emu.maxConcurrent <= 4, `at most 2 batches (request + result each) at once, saw ${emu.maxConcurrent}`);
    assert.ok(emu.maxConcurrent >= 3, 'and it does overlap');
    const last = progress[progress.length - 1];
    assert.deepStrictEqual([last.batchesDone, last.batchesTotal, last.rowsWritten], [12, 12, 3600]);
    assert.ok(progress.some((p) => p.batchesDone > 0 && p.batchesDone < 12));
    assert.strictEqual(result.rows.failed + result.rows.success, 3600);
  });

  describe('file safety', () => {
    const finalNames = (jobId: string) => ['failed', 'success', 'unprocessed'].map((k) => path.join(dir, `${jobId}-${k}.csv`));

    it('writes to .partial and renames at the end, replacing an older file and a stale partial', async () => {
      const jobId = smallJob('CSV');
      const failedPath = path.join(dir, resultFileName(jobId, 'failed'));
      fs.writeFileSync(failedPath, 'old contents\n');
      fs.writeFileSync(`${failedPath}.partial`, 'left by a crashed run\n');
      const seenPartial: boolean[] = [];
      const result = await downloadResults(client, jobId, {
        dir,
        onProgress: () => seenPartial.push(fs.existsSync(`${failedPath}.partial`)),
      });
      assert.ok(seenPartial.includes(true), 'rows went to the .partial file while downloading');
      assert.deepStrictEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.partial')), []);
      assert.notStrictEqual(fs.readFileSync(failedPath, 'utf8'), 'old contents\n');
      await checkFiles1(jobId, result);
    });

    it('cancelled mid-way: rejects as cancelled, leaves no file under a final name and no partials', async () => {
      const jobId = emu.jobs.createBig1({ batches: 20, rowsPerBatch: 2000, failureRate: 0.1 });
      const previous = path.join(dir, resultFileName(jobId, 'success'));
      fs.writeFileSync(previous, 'an earlier download\n');
      const controller = new AbortController();
      let wrote = 0;
      const started = downloadResults(client, jobId, {
        dir,
        concurrency: 2,
        signal: controller.signal,
        onProgress: (p) => {
          wrote = p.rowsWritten;
          if (p.batchesDone >= 2) {
            controller.abort();
          }
        },
      });
      await assert.rejects(started, (e: unknown) => e instanceof BulkApiError && e.kind === 'cancelled');
      assert.ok(wrote > 0, 'it had started writing');
      assert.deepStrictEqual(fs.readdirSync(dir), [path.basename(previous)], 'only the earlier file is left');
      assert.strictEqual(fs.readFileSync(previous, 'utf8'), 'an earlier download\n', 'and it is untouched');
    });

    it('a failure mid-way (a result that breaks off) leaves nothing behind', async () => {
      const jobId = emu.jobs.createBig1({ batches: 6, rowsPerBatch: 500, failureRate: 0.1 });
      const batchIds = (emu.jobs.get(jobId) as Job1).batches.map((b) => b.id);
      emu.fault({ path: `/batch/${batchIds[4]}/result`, body: 'truncated' });
      await assert.rejects(downloadResults(client, jobId, { dir, concurrency: 2 }), (e: unknown) => e instanceof BulkApiError && e.kind === 'unexpectedResponse');
      assert.deepStrictEqual(fs.readdirSync(dir), []);
      for (const f of finalNames(jobId)) {
        assert.ok(!fs.existsSync(f));
      }
    });

    it('an error answer for one batch fails the download with the client\'s error, nothing written', async () => {
      const jobId = emu.jobs.createBig1({ batches: 3, rowsPerBatch: 200 });
      emu.fault({ path: /\/request$/, status: 503 });
      await assert.rejects(downloadResults(client, jobId, { dir }), (e: unknown) => e instanceof BulkApiError && e.kind === 'unexpectedResponse' && e.status === 503);
      assert.deepStrictEqual(fs.readdirSync(dir), []);
    });

    it('a result that never answers times out (kind timeout) and leaves nothing', async () => {
      const jobId = emu.jobs.createBig1({ batches: 2, rowsPerBatch: 100 });
      emu.fault({ path: /\/result$/, hang: true });
      await assert.rejects(downloadResults(client, jobId, { dir, timeoutMs: 300 }), (e: unknown) => e instanceof BulkApiError && e.kind === 'timeout');
      assert.deepStrictEqual(fs.readdirSync(dir), []);
    });

    it('a body that stops coming times out after the timeout of silence, and leaves nothing', async () => {
      const jobId = emu.jobs.createBig1({ batches: 2, rowsPerBatch: 2000 });
      emu.fault({ path: /\/request$/, stallAfterBytes: 5000, times: 1 });
      const started = Date.now();
      await assert.rejects(downloadResults(client, jobId, { dir, timeoutMs: 400 }), (e: unknown) => e instanceof BulkApiError && e.kind === 'timeout');
      assert.ok(Date.now() - started < 5000);
      assert.deepStrictEqual(fs.readdirSync(dir), []);
    });

    it('a session that expires mid-download is refreshed once and the download completes', async () => {
      const tokens = tokenSource(emu);
      const refreshing = clientFor(emu, tokens);
      const jobId = emu.jobs.createBig1({ batches: 4, rowsPerBatch: 100, failureRate: 0.1 });
      emu.fault({ path: /\/request$/, expireToken: true, times: 1 });
      const result = await downloadResults(refreshing, jobId, { dir, concurrency: 1 });
      assert.strictEqual(result.rows.failed + result.rows.success, 400);
      assert.deepStrictEqual(tokens.calls.filter((refresh) => refresh), [true]);
    });

    it('an aborted signal before the start sends nothing', async () => {
      const jobId = smallJob('CSV');
      emu.clearLog();
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(downloadResults(client, jobId, { dir, signal: controller.signal }), (e: unknown) => e instanceof BulkApiError && e.kind === 'cancelled');
      assert.strictEqual(emu.log.length, 0);
    });
  });
});

function writeTemp(dir: string, text: string): string {
  const file = path.join(dir, `filtered-${Date.now()}.csv`);
  fs.writeFileSync(file, text);
  return file;
}
