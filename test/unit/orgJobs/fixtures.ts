/** List rows for the org-jobs model tests. */
import type { BulkJob } from '../../../src/salesforce/types';
import { translator } from '../../../src/job/format';
import type { TreeInput } from '../../../src/orgJobs/orgJobsTree';
import type { OrgJobsSnapshot } from '../../../src/orgJobs/source';

export const ME = '005EM0000000001AAA';
export const INTEGRATION = '005EM0000000002AAA';

let n = 0;

/** A 2.0 ingest row unless told otherwise; ids are unique per call. */
export function row(init: Partial<BulkJob> = {}): BulkJob {
  n++;
  return {
    id: `750EM${String(n).padStart(10, '0')}AAA`,
    flavour: '2.0',
    kind: 'ingest',
    state: 'JobComplete',
    object: 'Account',
    operation: 'insert',
    createdById: INTEGRATION,
    createdDate: '2026-12-02T12:00:00.000Z',
    systemModstamp: '2026-12-02T12:01:00.000Z',
    other: {},
    ...init,
  };
}

/** A snapshot of `jobs` as the service gives it. */
export function snapshot(orgKey: string, jobs: readonly BulkJob[] | undefined, more: Partial<OrgJobsSnapshot> = {}): OrgJobsSnapshot {
  return { orgKey, ...(jobs === undefined ? {} : { jobs, asOf: Date.parse('2026-12-02T12:10:00.000Z') }), refreshing: false, ...more };
}

/** A tree input over `orgs` ([orgKey, jobs] pairs), the integration user named, nothing tracked, no filter. */
export function treeInput(orgs: ReadonlyArray<[string, readonly BulkJob[]]>, more: Partial<TreeInput> = {}): TreeInput {
  return {
    orgs: orgs.map(([orgKey, jobs]) => ({ orgKey, label: orgKey, snapshot: snapshot(orgKey, jobs) })),
    filter: {},
    limits: new Map(),
    now: Date.parse('2026-12-02T12:12:00.000Z'),
    t: translator(undefined),
    locale: 'en-US',
    nameOf: (_orgKey, userId) => (userId === INTEGRATION ? 'MuleSoft Integration' : undefined),
    myUserId: () => ME,
    isTracked: () => false,
    ...more,
  };
}
