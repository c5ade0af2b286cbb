/**
 * A small stand-in for `JobStore` (which needs the `vscode` API) with the shape the hover's core
 * uses: entries in memory, refreshes through a real BulkClient against the emulator. For the hover's
 * unit tests and bench only.
 */
import { isBulkApiError } from '../../../src/salesforce/errors';
import { to18 } from '../../../src/salesforce/ids';
import { deriveProgress } from '../../../src/job/jobRules';
import type { BulkApi } from '../../../src/salesforce/types';
import type { JobRef, RefreshOptions } from '../../../src/tracked/jobStore';
import type { JobEntry } from '../../../src/job/jobEntry';
import { jobKey } from '../../../src/job/jobRef';
import type { HoverOrg, HoverOrgs, HoverStore } from '../../../src/hover/hoverAnswers';

export class MemoryStore implements HoverStore {
  readonly entries = new Map<string, JobEntry>();

  constructor(private readonly client: BulkApi) {}

  get(ref: JobRef): JobEntry | undefined {
    return this.entries.get(jobKey(ref));
  }

  findById(jobId: string): JobEntry[] {
    return [...this.entries.values()].filter((e) => e.jobId === to18(jobId));
  }

  tracked(): JobEntry[] {
    return [...this.entries.values()].filter((e) => e.tracked);
  }

  async refresh(ref: JobRef, options: RefreshOptions = {}): Promise<JobEntry> {
    const key = jobKey(ref);
    const entry = this.entries.get(key) ?? { ...ref, key, tracked: false, refreshing: false, addedAt: Date.now() };
    this.entries.set(key, entry);
    try {
      const job = await this.client.getJob(ref.jobId, options);
      const batches = job.flavour === '1.0' && options.withBatches ? await this.client.listBatches(ref.jobId, options) : entry.batches;
      Object.assign(entry, { job, batches, progress: deriveProgress(job, batches), fetchedAt: Date.now(), lastError: undefined });
      return entry;
    } catch (e) {
      if (isBulkApiError(e) && e.kind !== 'cancelled') {
        entry.lastError = { kind: e.kind, message: e.message, at: Date.now() };
      }
      throw e;
    }
  }
}

/** One connected org, the default. */
export function oneOrg(org: HoverOrg = { key: 'demo@bulk-emulator.example', label: 'emu' }): HoverOrgs {
  return { list: async () => [org], getDefault: async () => org };
}
