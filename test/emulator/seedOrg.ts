/**
 * The `orgSized` seed: an org's worth of Bulk jobs over the last 7 days (`count`, default 3,000),
 * Bulk 1.0 and 2.0, ingest and query, in every state (the newest 12 running, done by t0 + 30 min), submitted by an integration user (most),
 * two people and the session's own user; a few older than 7 days. Then, on the emulator clock, the
 * integration user loads every 5 minutes for the next `liveHours` (default 2): each load is
 * created, uploaded, runs for about 2 minutes and completes; every 4th with failed records, every
 * 7th Failed. Deterministic: the same options plant the same jobs.
 */
import { makeId } from './ids';
import type { JobStore } from './jobs';
import { SEED_USERS } from './users';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const OBJECTS = ['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Invoice__c'];
const OPERATIONS = ['insert', 'update', 'upsert', 'delete'];

export interface OrgSizedOptions {
  count?: number;
  liveHours?: number;
}

/** Ids of the live loads (the k-th load is created at t0 + 5 min × (k + 1)). */
export function liveLoadId(k: number): string {
  return makeId('750', 'LV', k + 1);
}

/** How the k-th live load goes, in ms after the seed's t0 (what a test moves the clock to). */
export interface LiveLoad {
  id: string;
  /** Listed from here on (Open, then UploadComplete, InProgress from 10 s on). */
  createdAfterMs: number;
  /** Done from here on: Failed, or JobComplete with `failedRecords` failed records. */
  doneAfterMs: number;
  failed: boolean;
  failedRecords: number;
}

export function liveLoad(k: number): LiveLoad {
  const createdAfterMs = (k + 1) * 5 * MIN;
  return { id: liveLoadId(k), createdAfterMs, doneAfterMs: createdAfterMs + 2 * MIN, failed: k % 7 === 6, failedRecords: k % 4 === 3 ? 17 : 0 };
}

/**
 * The `bigOrg` seed: 50,000 jobs in the last 7 days (the `orgSized` seed with `bigOrgSized()`'s count, 1 in
 * 200 of its jobs planted 8 days old besides): a big org's week of integrations, where every list
 * endpoint is tens of pages.
 */
export const BIG_ORG_JOBS = 50_000;

/** The `orgSized` options that plant `BIG_ORG_JOBS` jobs inside the 7 days (and the older ones besides). */
export function bigOrgSized(options: OrgSizedOptions = {}): OrgSizedOptions {
  // Of `count` jobs, floor(count / 200) are 8 days old.
  return { ...options, count: BIG_ORG_JOBS + Math.floor(BIG_ORG_JOBS / 199) };
}

/** The first live load that fails (Failed, not with failed records): the integration user's load a test can make fail. */
export const FIRST_FAILING_LOAD = 6;

export function seedOrgSized(jobs: JobStore, t0: number, options: OrgSizedOptions = {}): void {
  const count = Math.max(0, Math.floor(options.count ?? 3_000));
  const submitters = [SEED_USERS.integration.id, SEED_USERS.integration.id, SEED_USERS.integration.id, SEED_USERS.alice.id, SEED_USERS.bob.id, undefined];
  for (let k = 0; k < count; k++) {
    // Spread over 7 days minus a minute; the last 1 in 200 are 8 days old (outside the window).
    const old = k % 200 === 199;
    const createdAt = old ? t0 - 8 * DAY - k * 1_000 : t0 - MIN - Math.floor(((7 * DAY - 2 * MIN) * k) / count);
    const id = makeId('750', 'OS', k + 1);
    const object = OBJECTS[k % OBJECTS.length];
    const operation = OPERATIONS[(k >> 1) % OPERATIONS.length];
    const createdById = submitters[k % submitters.length];
    const records = 100 + ((k * 37) % 5_000);
    const variant = (k * 7) % 20;
    if (k < 12) {
      // The newest few are still running: they complete over the next half hour of emulator time.
      jobs.create2({
        id, operation, object, createdById, createdAt, uploadCompleteAt: createdAt + 1_000, startAt: createdAt + 5_000, endAt: t0 + (k + 1) * 150_000,
        state: 'JobComplete', records, failed: k % 3 === 2 ? 7 : 0,
      });
      continue;
    }
    switch (k % 5) {
      case 0:
      case 1: {
        // 2.0 ingest: mostly complete; some with failed records, failed, aborted, open, running.
        const state = variant === 0 ? 'Failed' : variant === 1 ? 'Aborted' : variant === 2 && k < 50 ? 'Open' : 'JobComplete';
        jobs.create2({ id, operation, object, createdById, createdAt, state, records, failed: variant % 4 === 1 && state === 'JobComplete' ? 1 + (k % 50) : 0 });
        break;
      }
      case 2: {
        const state = variant === 0 ? 'Failed' : 'JobComplete';
        jobs.create2({ id, kind: 'query', object, createdById, createdAt, state, records: records * 10 });
        break;
      }
      default: {
        // 1.0, ingest (and every 4th a query).
        const query = k % 4 === 0;
        const state = variant === 0 ? 'Failed' : variant === 1 ? 'Aborted' : variant === 2 && k < 50 ? 'Open' : 'Closed';
        const batchState = state === 'Failed' ? 'Failed' : state === 'Aborted' ? 'NotProcessed' : 'Completed';
        const batches = state === 'Open' ? [] : [{ state: batchState as 'Failed' | 'NotProcessed' | 'Completed', records, failed: !query && variant % 4 === 1 ? 1 + (k % 30) : 0 }];
        jobs.create1({ id, operation: query ? 'query' : operation, object, createdById, createdAt, state, batches });
      }
    }
  }
  const live = Math.floor(((options.liveHours ?? 2) * 60) / 5);
  for (let k = 0; k < live; k++) {
    const load = liveLoad(k);
    const createdAt = t0 + load.createdAfterMs;
    jobs.create2({
      id: load.id, operation: 'upsert', object: 'Contact', externalIdFieldName: 'Email__c', createdById: SEED_USERS.integration.id, createdAt,
      uploadCompleteAt: createdAt + 5_000, startAt: createdAt + 10_000, endAt: t0 + load.doneAfterMs, records: 2_000,
      state: load.failed ? 'Failed' : 'JobComplete', failed: load.failedRecords,
      ...(load.failed ? { errorMessage: 'InvalidBatch : Field name not found : Email__x' } : {}),
    });
  }
}
