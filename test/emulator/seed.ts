/**
 * The `demo` seed: the seed page's two jobs exactly as the page shows them, plus jobs of both
 * flavours in every state, some of which move over the next few minutes of emulator time.
 * All instants are relative to `t0`, the emulator clock when the seed is planted.
 */
import { makeId } from './ids';
import { JobStore } from './jobs';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function demoId(n: number): string {
  return makeId('750', 'DM', n);
}

/** name → id of the demo seed's well-known jobs (stable across runs). */
export const DEMO_IDS = {
  /** The seed page's XML example (Bulk 1.0, CSV, Open, static, 2015). */
  seedPageXml: '750D00000004SkLIAU',
  /** The seed page's JSON example (Bulk 1.0, JSON, Open, static, 2015). */
  seedPageJson: '750D00000004SkGIAU',
  /** 1.0, moves: Open → Closed (t0+30 s) → 10 batches Queued → InProgress → Completed by ~t0+3 min, 157 failed records. */
  classicMoving: demoId(1),
  /** 1.0 Failed; both batches Failed with a stateMessage. */
  classicFailed: demoId(2),
  /** 1.0 Aborted: 2 batches Completed, 3 NotProcessed. */
  classicAborted: demoId(3),
  /** 1.0 Closed with batches Completed, InProgress (until t0+10 min) and Queued (until t0+15 min). */
  classicClosedRunning: demoId(4),
  /** 1.0 query job, Closed, one Completed batch with two result sets. */
  classicQuery: demoId(5),
  /** 1.0 job with contentType JSON (answers in JSON), Closed, Completed with failures. */
  classicJson: demoId(6),
  /** 1.0 job with contentType XML, Closed, Completed. */
  classicXml: demoId(7),
  /** 2.0 ingest, moves: UploadComplete at t0 → InProgress t0+15 s → JobComplete t0+150 s, 123 of 5,000 failed. */
  v2IngestMoving: demoId(8),
  /** 2.0 ingest Failed with an errorMessage. */
  v2IngestFailed: demoId(9),
  /** 2.0 query JobComplete (25,000 records). */
  v2Query: demoId(10),
  /** 2.0 ingest Open (no data uploaded yet). */
  v2IngestOpen: demoId(11),
  /** 1.0 job whose object name is an XSS payload. */
  xss: demoId(12),
  /** 2.0 ingest job whose object name is an XSS payload. */
  xss2: demoId(13),
  /** 1.0, 100 batches × 10,000 rows, Completed, failures in every 7th batch. */
  bigClassic: demoId(14),
  /** 2.0 upsert JobComplete, 200,000 records, 1,234 failed. */
  bigIngest: demoId(15),
  /** 2.0 query InProgress until t0+90 s. */
  v2QueryRunning: demoId(16),
  /** 2.0 ingest Aborted while in progress. */
  v2IngestAborted: demoId(17),
  /** 1.0 job created 8 days ago (outside a "last 7 days" window). */
  oldClassic: demoId(18),
  /** 1.0, 40 batches about 6 at a time, batch #18 Failed (an Apex trigger limit), finished 20 min before t0. */
  classicForty: demoId(19),
} as const;

export type DemoJobName = keyof typeof DEMO_IDS;

export const XSS_OBJECT = '<img src=x onerror=alert(1)>';

/** Plants the demo jobs; `t0` is "now" on the emulator clock. */
export function seedDemo(jobs: JobStore, t0: number): void {
  const seedPage = { operation: 'insert', object: 'Account', createdById: '005D0000001b0fFIAQ', apiVersion: '36.0', state: 'Open' as const, batches: [] };
  jobs.create1({ ...seedPage, id: DEMO_IDS.seedPageXml, contentType: 'CSV', createdAt: Date.UTC(2015, 11, 15, 21, 41, 45) });
  jobs.create1({ ...seedPage, id: DEMO_IDS.seedPageJson, contentType: 'JSON', createdAt: Date.UTC(2015, 11, 15, 20, 45, 25) });

  jobs.create1({
    id: DEMO_IDS.classicMoving, operation: 'insert', object: 'Account', createdAt: t0 - 20_000, closedAt: t0 + 30_000,
    batches: Array.from({ length: 10 }, (_, k) => ({
      createdAt: t0 - 15_000 + k * 4_000,
      startAt: t0 + 10_000 + k * 12_000,
      endAt: t0 + 50_000 + k * 12_000 + (k % 3) * 5_000,
      records: 2_000,
      failed: k === 3 ? 37 : k === 7 ? 120 : 0,
    })),
  });
  jobs.create1({
    id: DEMO_IDS.classicFailed, operation: 'insert', object: 'Contact', createdAt: t0 - 3 * HOUR, state: 'Failed',
    batches: [
      { state: 'Failed', records: 500, stateMessage: 'InvalidBatch : Field name not found : Birthdate__c' },
      { state: 'Failed', records: 500, stateMessage: 'InvalidBatch : Field name not found : Birthdate__c' },
    ],
  });
  jobs.create1({
    id: DEMO_IDS.classicAborted, operation: 'update', object: 'Lead', createdAt: t0 - 2 * HOUR, state: 'Aborted',
    batches: [
      { state: 'Completed', records: 1_000, failed: 12 },
      { state: 'Completed', records: 1_000 },
      { state: 'NotProcessed', records: 1_000 },
      { state: 'NotProcessed', records: 1_000 },
      { state: 'NotProcessed', records: 600 },
    ],
  });
  jobs.create1({
    id: DEMO_IDS.classicClosedRunning, operation: 'upsert', object: 'Opportunity', createdAt: t0 - 5 * MIN, state: 'Closed',
    externalIdFieldName: 'Legacy_Id__c',
    batches: [
      ...Array.from({ length: 4 }, (_, k) => ({ state: 'Completed' as const, createdAt: t0 - 5 * MIN + k * 1_000, records: 2_500, failed: k === 1 ? 4 : 0 })),
      ...Array.from({ length: 2 }, (_, k) => ({ createdAt: t0 - 4 * MIN, startAt: t0 - 3 * MIN + k * 10_000, endAt: t0 + 10 * MIN + k * 20_000, records: 2_500 })),
      ...Array.from({ length: 3 }, (_, k) => ({ createdAt: t0 - 4 * MIN, startAt: t0 + 10 * MIN + k * 30_000, endAt: t0 + 15 * MIN + k * 30_000, records: 2_500 })),
    ],
  });
  jobs.create1({
    id: DEMO_IDS.classicQuery, operation: 'query', object: 'Account', createdAt: t0 - HOUR, state: 'Closed',
    query: 'SELECT Id, Name, Industry, BillingCity, Description FROM Account',
    batches: [{ state: 'Completed', records: 5_000, resultCount: 2 }],
  });
  jobs.create1({
    id: DEMO_IDS.classicJson, operation: 'insert', object: 'Contact', contentType: 'JSON', createdAt: t0 - 40 * MIN, state: 'Closed',
    batches: [{ state: 'Completed', records: 1_000, failed: 25 }, { state: 'Completed', records: 1_000 }, { state: 'Completed', records: 400, failed: 3 }],
  });
  jobs.create1({
    id: DEMO_IDS.classicXml, operation: 'update', object: 'Case', contentType: 'XML', createdAt: t0 - 50 * MIN, state: 'Closed',
    batches: [{ state: 'Completed', records: 300 }, { state: 'Completed', records: 300, failed: 2 }],
  });
  jobs.create2({
    id: DEMO_IDS.v2IngestMoving, operation: 'upsert', object: 'Contact', externalIdFieldName: 'Email__c', createdAt: t0 - 10_000,
    uploadCompleteAt: t0, startAt: t0 + 15_000, endAt: t0 + 150_000, records: 5_000, failed: 123,
  });
  jobs.create2({
    id: DEMO_IDS.v2IngestFailed, operation: 'insert', object: 'Account', createdAt: t0 - DAY, state: 'Failed', records: 800,
    errorMessage: 'InvalidBatch : Field name not found : Rating__x',
  });
  jobs.create2({ id: DEMO_IDS.v2Query, kind: 'query', object: 'Account', createdAt: t0 - 30 * MIN, state: 'JobComplete', records: 25_000 });
  jobs.create2({ id: DEMO_IDS.v2IngestOpen, operation: 'insert', object: 'Contact', createdAt: t0 - 2 * MIN, state: 'Open', records: 750 });
  jobs.create1({
    id: DEMO_IDS.xss, operation: 'insert', object: XSS_OBJECT, createdAt: t0 - 20 * MIN, state: 'Closed',
    batches: [{ state: 'Completed', records: 10, failed: 1 }],
  });
  jobs.create2({ id: DEMO_IDS.xss2, operation: 'insert', object: XSS_OBJECT, createdAt: t0 - 21 * MIN, state: 'JobComplete', records: 10, failed: 1 });
  jobs.create1({
    id: DEMO_IDS.bigClassic, operation: 'insert', object: 'Account', createdAt: t0 - 6 * HOUR, state: 'Closed',
    batches: Array.from({ length: 100 }, (_, k) => ({
      createdAt: t0 - 6 * HOUR + k * 1_000, startAt: t0 - 6 * HOUR + 5_000 + k * 20_000, endAt: t0 - 6 * HOUR + 60_000 + k * 20_000,
      records: 10_000, failed: k % 7 === 3 ? 250 + k : 0,
    })),
  });
  jobs.create2({
    id: DEMO_IDS.bigIngest, operation: 'upsert', object: 'Account', createdAt: t0 - 5 * HOUR, state: 'JobComplete',
    records: 200_000, failed: 1_234, processingMs: 20 * MIN,
  });
  jobs.create2({
    id: DEMO_IDS.v2QueryRunning, kind: 'query', object: 'Contact', createdAt: t0 - 30_000, uploadCompleteAt: t0 - 30_000,
    startAt: t0 - 20_000, endAt: t0 + 90_000, records: 40_000,
  });
  jobs.create2({
    id: DEMO_IDS.v2IngestAborted, operation: 'delete', object: 'Lead', createdAt: t0 - 4 * HOUR, uploadCompleteAt: t0 - 4 * HOUR + 2_000,
    startAt: t0 - 4 * HOUR + 4_000, endAt: t0 - 4 * HOUR + 10 * MIN, abortedAt: t0 - 4 * HOUR + 4 * MIN, records: 3_000, failed: 30,
  });
  const forty = t0 - 30 * MIN;
  jobs.create1({
    id: DEMO_IDS.classicForty, operation: 'insert', object: 'Account', createdAt: forty, state: 'Closed', numberRetries: 3,
    batches: Array.from({ length: 40 }, (_, k) => ({
      createdAt: forty + 1_000 + k * 1_500,
      startAt: forty + 5_000 + k * 8_000,
      endAt: forty + 50_000 + k * 8_000 + (k % 5) * 3_000,
      records: 2_500,
      failed: k % 9 === 4 ? 3 : 0,
      ...(k === 17 ? {
        state: 'Failed' as const, processedOnFailure: 0,
        stateMessage: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY : AccountTrigger: execution of AfterInsert caused by: System.LimitException: Too many SOQL queries: 101',
      } : {}),
    })),
  });
  jobs.create1({ id: DEMO_IDS.oldClassic, operation: 'delete', object: 'Task', createdAt: t0 - 8 * DAY, state: 'Closed', batches: [{ state: 'Completed', records: 900 }] });

  // Finished jobs of the last six days, so the job lists need several pages.
  const objects = ['Account', 'Contact', 'Lead', 'Opportunity', 'Case'];
  const operations = ['insert', 'update', 'upsert', 'delete'];
  for (let k = 0; k < 60; k++) {
    const createdAt = t0 - (6 * DAY * (k + 1)) / 61;
    const object = objects[k % objects.length];
    const operation = operations[k % operations.length];
    const id = makeId('750', 'FL', k + 1);
    if (k % 3 === 0) {
      jobs.create1({ id, operation, object, createdAt, state: 'Closed', batches: [{ state: 'Completed', records: 100 * (k + 1), failed: k % 5 === 0 ? k : 0 }] });
    } else if (k % 3 === 1) {
      jobs.create2({ id, operation, object, createdAt, state: 'JobComplete', records: 150 * (k + 1), failed: k % 4 });
    } else {
      jobs.create2({ id, kind: 'query', object, createdAt, state: 'JobComplete', records: 1_000 * k });
    }
  }
}
