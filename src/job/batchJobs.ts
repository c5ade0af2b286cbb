/**
 * Which job a batch (751…) belongs to, as seen whenever batches were listed (the store's refreshes,
 * the panel, a lookup, "Find its job"). Memory only and bounded: the hover answers a batch id from
 * here without a request, and nothing grows with the jobs a window has seen.
 */
import type { JobRef } from './jobRef';
import { LruMap } from '../util/lru';
import type { Translate } from './format';

/** About 2,000 batch ids, a few dozen bytes each. */
export const BATCH_CACHE_SIZE = 2_000;

export class BatchJobs {
  private readonly byBatch: LruMap<string, JobRef>;

  constructor(capacity = BATCH_CACHE_SIZE) {
    this.byBatch = new LruMap(capacity);
  }

  get size(): number {
    return this.byBatch.size;
  }

  /** Remembers the job of each batch (18-character ids, as the client returns them). */
  remember(orgKey: string, batches: ReadonlyArray<{ id: string; jobId: string }>): void {
    for (const b of batches) {
      this.byBatch.set(b.id, { orgKey, jobId: b.jobId });
    }
  }

  /** The job of an 18-character batch id, if a listing showed it. */
  jobOf(batchId: string): JobRef | undefined {
    return this.byBatch.get(batchId);
  }

  clear(): void {
    this.byBatch.clear();
  }
}

/** What a person reads when "Find its job" found nothing: how far it looked, and where to look next. */
export function batchNotFoundMessage(batchId: string, orgLabel: string, search: { searched: number; gaveUp: boolean }, t: Translate): string {
  return search.gaveUp
    ? t('Batch {0} was not found among the {1} most recent Bulk API 1.0 jobs in {2}; open it from Setup (Bulk Data Load Jobs), or check the org.', batchId, search.searched, orgLabel)
    : t('No Bulk API 1.0 job in {0} has the batch {1}. Check the id and the org.', orgLabel, batchId);
}
