/**
 * Updating the Org Jobs tree after a refresh of an org with 10,000 jobs in which 10 jobs changed
 * (1.0 jobs whose batches went on, staying in Running): `buildTree` of the new list plus `diffTree`
 * against the last build, median of 20 runs, and the node ids the diff fires (aim: the 10 rows only).
 * The list is parsed afresh on each refresh, so every job is a new object. Pure: no VS Code, no HTTP.
 */
import type { BulkJob } from '../../src/salesforce/types';
import { translator } from '../../src/job/format';
import { buildTree, type TreeInput } from '../../src/orgJobs/orgJobsTree';
import { diffTree } from '../../src/ui/treeModel';
import type { Row } from './index';
import { median, ms } from './stats';

const JOBS = 10_000;
const CHANGED = 10;
const RUNS = 20;
const ORG = 'bench-org';
const NOW = Date.parse('2026-12-02T12:00:00.000Z');

/** Newest first, one every minute: 1 in 50 a running 1.0 job, 1 in 7 failed, 1 in 4 with failed records. */
function orgJobs(): BulkJob[] {
  return Array.from({ length: JOBS }, (_, i): BulkJob => {
    const created = new Date(NOW - i * 60_000).toISOString();
    const base: BulkJob = {
      id: `750EM${String(i).padStart(10, '0')}AAA`, flavour: '2.0', kind: 'ingest', state: 'JobComplete', object: 'Account',
      operation: 'upsert', createdById: `005EM00000000${String(i % 5).padStart(2, '0')}AAA`, createdDate: created, systemModstamp: created, other: {},
    };
    if (i % 50 === 0) {
      return { ...base, flavour: '1.0', kind: 'classic', state: 'Closed', numberBatchesInProgress: 3, numberBatchesCompleted: 2, numberBatchesTotal: 5 };
    }
    if (i % 7 === 0) {
      return { ...base, state: 'Failed', errorMessage: 'InvalidBatch : Field name not found : Foo__c' };
    }
    return i % 4 === 0 ? { ...base, numberRecordsProcessed: 1000, numberRecordsFailed: 12 } : { ...base, numberRecordsProcessed: 1000 };
  });
}

function input(jobs: readonly BulkJob[]): TreeInput {
  return {
    orgs: [{ orgKey: ORG, label: ORG, snapshot: { orgKey: ORG, jobs, asOf: NOW, refreshing: false } }],
    filter: {},
    limits: new Map(),
    now: NOW,
    t: translator(undefined),
    locale: 'en-US',
    nameOf: (_org, userId) => (userId === undefined ? undefined : `User ${userId.slice(13, 15)}`),
    myUserId: () => '005EM0000000000AAA',
    isTracked: (ref) => ref.jobId.endsWith('00AAA'),
  };
}

export async function benchOrgJobsTree(): Promise<Row[]> {
  const jobs = orgJobs();
  const t0 = performance.now();
  let previous = buildTree(input(jobs));
  const firstBuild = performance.now() - t0;
  const changedIds = jobs.filter((j) => j.kind === 'classic').slice(0, CHANGED).map((j) => j.id);
  const changed = new Set(changedIds);
  const times: number[] = [];
  let fired: readonly string[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Every other refresh the 10 jobs go one way, then back: each refresh has exactly 10 changes.
    const inProgress = run % 2 === 0 ? 2 : 3;
    const next = jobs.map((j) => (changed.has(j.id) ? { ...j, numberBatchesInProgress: inProgress, numberBatchesCompleted: 5 - inProgress } : { ...j }));
    const t = performance.now();
    const tree = buildTree(input(next));
    const diff = diffTree(previous, tree, true);
    times.push(performance.now() - t);
    fired = diff.changed;
    previous = tree;
  }
  const time = median(times);
  const expected = changedIds.map((id) => `job:${ORG}|${id}`);
  const onlyChanged = fired.length === CHANGED && expected.every((id) => fired.includes(id));
  return [
    { name: `first build, ${JOBS} jobs (4 groups, a page of rows each)`, value: ms(firstBuild) },
    { name: `refresh with ${CHANGED} jobs changed: buildTree + diffTree`, value: `${ms(time)} (median of ${RUNS})`, aim: '≤ 20 ms', met: time <= 20 },
    { name: '  rows fired', value: `${fired.length}${onlyChanged ? ' (the changed rows only)' : `: ${fired.slice(0, 5).join(', ')}`}`, aim: String(CHANGED), met: onlyChanged },
  ];
}
