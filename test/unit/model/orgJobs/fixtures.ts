/** List rows for the org-jobs model tests. */
import type { BulkJob } from '../../../../src/api/types';

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
