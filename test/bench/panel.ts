import type { BulkBatch, BulkJob, JobProgress } from '../../src/api/types';
import { translator } from '../../src/model/format';
import { buildJobView } from '../../src/model/jobView';
import { HoverContent, hoverMarkdown } from '../../src/model/hoverMarkdown';
import { idAtPosition } from '../../src/model/idText';
import type { Row } from './index';
import { median, ms } from './stats';

const t = translator(undefined);
const JOB_ID = '750R0000000zxcvIAA';

function bigJob(): { job: BulkJob; batches: BulkBatch[]; progress: JobProgress } {
  const job: BulkJob = {
    id: JOB_ID, flavour: '1.0', kind: 'classic', state: 'Closed', object: 'Account', operation: 'insert',
    createdDate: '2026-01-10T12:00:00.000Z', systemModstamp: '2026-01-10T12:02:00.000Z', numberBatchesTotal: 100,
    numberRecordsProcessed: 1_000_000, numberRecordsFailed: 45, totalProcessingTime: 123_456, other: {},
  };
  const batches = Array.from({ length: 100 }, (_, i): BulkBatch => ({
    id: `751R00000${String(i).padStart(6, '0')}AAA`, jobId: JOB_ID, state: i % 7 ? 'Completed' : 'Failed',
    stateMessage: i % 7 ? undefined : 'InvalidBatch : Field name not found : Birthdate__c',
    numberRecordsProcessed: 10_000, numberRecordsFailed: i % 7 ? 0 : 3,
    createdDate: '2026-01-10T12:00:00.000Z', systemModstamp: '2026-01-10T12:01:00.000Z', other: {},
  }));
  const progress: JobProgress = { status: 'running', done: false, summary: '', batchesDone: 90, batchesTotal: 100, recordsProcessed: 1_000_000, recordsFailed: 45 };
  return { job, batches, progress };
}

function timeIt(runs: number, fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  return median(times);
}

/**
 * The plain-Node part of the hover and the panel update (the DOM patch itself runs in the webview;
 * its time is reported by the in-host suite, see test/suite/panel.test.ts).
 */
export async function benchPanel(): Promise<Row[]> {
  const { job, batches, progress } = bigJob();
  const line = `2026-01-10 12:00:00,870 INFO  [main] Created job ${JOB_ID} (operation=insert, object=Account)`;
  const character = line.indexOf(JOB_ID) + 5;
  const cached: HoverContent = {
    kind: 'jobs', id: JOB_ID, idKind: 'job',
    jobs: [{ ref: { orgKey: 'me@acme.com', jobId: JOB_ID }, orgLabel: 'acme', job, progress, fetchedAt: Date.now(), tracked: true }],
  };
  const hover = timeIt(2_000, () => {
    const found = idAtPosition(line, character);
    return found && hoverMarkdown(cached, { t, now: Date.now(), locale: 'en-US' });
  });
  const view = timeIt(200, () => buildJobView(job, batches, progress, { t, now: Date.now(), locale: 'en-US' }));
  return [
    { name: 'hover on a cached id: find id + markdown (median)', value: ms(hover), aim: '≤ 5 ms', met: hover <= 5 },
    { name: 'panel view model, 100 batches (median)', value: ms(view), aim: '≤ 16 ms with the DOM patch', met: view <= 16 },
  ];
}
