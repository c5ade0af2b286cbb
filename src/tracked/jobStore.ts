import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { BulkApiError, isBulkApiError } from '../salesforce/errors';
import { isValidId, to18 } from '../salesforce/ids';
import { deriveProgress } from '../job/jobRules';
import { BulkBatch, BulkJob } from '../salesforce/types';
import type { JobEntry } from '../job/jobEntry';
import type { Settings } from '../settings';
import type { OrgRegistry } from '../orgs/orgRegistry';
import { JobRef, jobKey } from '../job/jobRef';
import { isDone } from '../job/jobRules';
import { InFlight, Limiter } from '../util/concurrency';
import type { MementoLike } from '../storage/serialMemento';
import { JobRecords, MAX_TRACKED, toSummary } from './jobRecords';
import { FetchOrder } from './sequence';
import { SYNC_INTERVAL_MS, SharedSync } from './sharedSync';

export type { JobRef } from '../job/jobRef';
export { refOf } from '../job/jobRef';


export interface RefreshOptions {
  /** 1.0: also list the batches (also done whenever they were listed before). */
  withBatches?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
}


function toBulkError(e: unknown): BulkApiError {
  return isBulkApiError(e) ? e : new BulkApiError({ kind: 'unexpectedResponse', message: e instanceof Error ? e.message : String(e), cause: e });
}

/** An entry's key: by the 18-character id, so that a job asked for by its 15-character id is the same entry. */
function keyOf(ref: JobRef): string {
  return jobKey(isValidId(ref.jobId) ? { orgKey: ref.orgKey, jobId: to18(ref.jobId) } : ref);
}

/**
 * The jobs a person keeps an eye on (persisted in globalState) and those looked at recently
 * (memory only). Every fetch goes through here: one request per job at a time, at most
 * `bulkJobs.maxConcurrentRequests` at once, errors recorded on the entry with its last known data kept.
 */
export class JobStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<JobEntry | undefined>();
  /** One entry changed, or `undefined` when many did. */
  readonly onDidChange = this.changed.event;
  private readonly finished = new vscode.EventEmitter<JobEntry>();
  /** A tracked job went from not done to done (completed, failed or aborted) during a refresh. */
  readonly onDidFinish = this.finished.event;

  private readonly entries = new Map<string, JobEntry>();
  private readonly inFlight = new InFlight<JobEntry>();
  private readonly limiter: Limiter;
  private readonly records: JobRecords;
  /** `globalState`, as the store and the polling leases use it. */
  readonly sharedState: MementoLike;
  private readonly order = new FetchOrder();
  private readonly pending = new Set<Promise<void>>();
  private readonly shared: SharedSync<JobEntry>;
  private readonly syncTimer: NodeJS.Timeout;

  /**
   * `memento` is `globalState`, shared with the other windows: each window merges its changes in
   * (`JobRecords`) and reads theirs every `SYNC_INTERVAL_MS`. It must write one batch at a time,
   * in one queue with every other writer of the extension (`SerialMemento`, made in activate()).
   */
  constructor(
    memento: MementoLike,
    private readonly orgs: OrgRegistry,
    private readonly log: vscode.LogOutputChannel,
    settings: Settings,
    windowId: string = randomUUID(),
  ) {
    this.limiter = new Limiter(() => settings.maxConcurrentRequests());
    this.sharedState = memento;
    this.records = new JobRecords(this.sharedState, Date.now, windowId);
    this.shared = new SharedSync(this.records, {
      entries: this.entries,
      ensure: (ref) => this.ensure(ref),
      writing: () => this.pending.size > 0,
      keep: (write) => this.keep(write),
      log: (line) => log.info(line),
    }, Date.now);
    this.keep(this.records.collectGarbage());
    this.sync(0);
    this.syncTimer = setInterval(() => this.sync(), SYNC_INTERVAL_MS);
  }

  dispose(): void {
    clearInterval(this.syncTimer);
    this.changed.dispose();
    this.finished.dispose();
  }

  get(ref: JobRef): JobEntry | undefined {
    return this.entries.get(keyOf(ref));
  }

  /** Entries for this id in any org (15- or 18-character id). */
  findById(jobId: string): JobEntry[] {
    if (!isValidId(jobId)) {
      return [];
    }
    const id = to18(jobId);
    // Tracked first, then the freshest: the entry a person most likely means (in tests, emulators of
    // different orgs hand out the same ids).
    return [...this.entries.values()].filter((e) => e.jobId === id)
      .sort((a, b) => Number(b.tracked) - Number(a.tracked) || (b.fetchedAt ?? 0) - (a.fetchedAt ?? 0));
  }

  tracked(): JobEntry[] {
    return [...this.entries.values()].filter((e) => e.tracked).sort((a, b) => a.addedAt - b.addedAt);
  }

  /** Adds the job to the Jobs view (persisted) and fetches it when nothing is known yet. Fetch errors stay on the entry. */
  async track(ref: JobRef): Promise<JobEntry> {
    const entry = this.add(ref);
    if (!entry.job) {
      await this.refresh(ref).catch(() => undefined);
    }
    return entry;
  }

  /**
   * Tracks a job a load created: never refused. At the limit, the finished job tracked longest ago
   * is untracked to make room (returned, so the person is told which); when none is finished, the
   * job is tracked above the limit. Fetch errors stay on the entry.
   */
  async trackLoaded(ref: JobRef): Promise<{ entry: JobEntry; madeRoom?: JobRef }> {
    let madeRoom: JobRef | undefined;
    const entry = this.ensure(ref);
    if (!entry.tracked && this.records.live().length >= MAX_TRACKED) {
      const oldest = this.records.oldestFinished();
      if (oldest) {
        madeRoom = { orgKey: oldest.orgKey, jobId: oldest.jobId };
        const other = this.ensure(madeRoom);
        if (other.tracked) {
          await this.untrack(madeRoom);
        } else { // tracked by another window, not yet seen here
          this.shared.intend(other.key, false);
          this.keep(this.records.remove(madeRoom));
        }
      }
    }
    this.add(ref, true);
    if (!entry.job) {
      await this.refresh(ref).catch(() => undefined);
    }
    return { entry, madeRoom };
  }

  /** Tracks without fetching (the Jobs view loads it when shown): for restoring and seeding without network. */
  add(ref: JobRef, overLimit = false): JobEntry {
    const entry = this.ensure(ref);
    if (!entry.tracked) {
      const addedAt = Date.now();
      const { result, written } = this.records.add(toSummary({ ...entry, addedAt }), overLimit);
      if (result === 'full') {
        throw new BulkApiError({
          kind: 'invalidRequest',
          message: vscode.l10n.t('{0} jobs are tracked already, the most the Jobs view keeps. Untrack finished jobs (Untrack on a job) and try again.', MAX_TRACKED),
        });
      }
      this.keep(written);
      entry.tracked = true;
      entry.addedAt = addedAt;
      this.shared.intend(entry.key, true);
      this.changed.fire(undefined);
    }
    return entry;
  }

  async untrack(ref: JobRef): Promise<void> {
    const entry = this.get(ref);
    if (entry?.tracked) {
      entry.tracked = false;
      entry.notifiedAt = undefined;
      this.shared.intend(entry.key, false);
      this.keep(this.records.remove(entry));
      this.changed.fire(undefined);
    }
  }

  /**
   * True once per finished job in all windows together: the window that gets it shows the
   * notification, and marks the job so that no other window does.
   */
  claimNotification(ref: JobRef): boolean {
    const entry = this.get(ref);
    if (!entry?.tracked || entry.notifiedAt !== undefined || !this.records.claimNotification(entry)) {
      return false;
    }
    entry.notifiedAt = Date.now();
    return true;
  }

  /**
   * Fetches the job (and its batches for 1.0 when asked or already known). Concurrent callers share
   * one request. Errors are recorded on the entry (its last known data kept) and rethrown as BulkApiError.
   */
  async refresh(ref: JobRef, options: RefreshOptions = {}): Promise<JobEntry> {
    const key = keyOf(ref);
    const pending = this.inFlight.get(key);
    if (pending && options.withBatches && !this.get(ref)?.batches) {
      await pending.catch(() => undefined);
    }
    return this.inFlight.run(key, () => this.fetch(ref, options));
  }

  /** Refreshes every tracked job, at most `bulkJobs.maxConcurrentRequests` at once. Never rejects. */
  async refreshAll(signal?: AbortSignal): Promise<void> {
    await Promise.allSettled(this.tracked().map((e) => this.refresh(e, { signal })));
  }

  /** 1.0: Closed; 2.0 ingest: UploadComplete. */
  close(ref: JobRef): Promise<JobEntry> {
    return this.change(ref, (client, id) => client.closeJob(id));
  }

  abort(ref: JobRef): Promise<JobEntry> {
    return this.change(ref, (client, id) => client.abortJob(id));
  }

  /** Resolves when every write so far reached the disk (each lands in `globalState` at once). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /** Reads what the other windows wrote (`SharedSync`); `settleMs` 0 adopts it at once. */
  sync(settleMs = SYNC_INTERVAL_MS): void {
    if (this.shared.sync(settleMs)) {
      this.changed.fire(undefined);
    }
  }

  /** Merges this entry's summary into `globalState` (nothing when unchanged or untracked elsewhere). */
  private save(entry: JobEntry): void {
    if (entry.tracked) {
      this.keep(this.records.update(toSummary(entry)));
    }
  }

  private keep(write: Promise<void> | undefined): void {
    if (write) {
      const p = write.catch((e: unknown) => this.log.error(`[store] could not save tracked jobs: ${String(e)}`)).finally(() => this.pending.delete(p));
      this.pending.add(p);
    }
  }

  private ensure(ref: JobRef): JobEntry {
    const key = keyOf(ref);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { orgKey: ref.orgKey, jobId: to18(ref.jobId), key, tracked: false, refreshing: false, addedAt: Date.now() };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private async fetch(ref: JobRef, options: RefreshOptions): Promise<JobEntry> {
    const entry = this.ensure(ref);
    entry.refreshing = true;
    this.changed.fire(entry);
    try {
      await this.limiter.run(async () => {
        const ticket = this.order.begin(); // when the requests start (not while waiting for a slot)
        const client = await this.orgs.clientFor(ref.orgKey);
        const request = { signal: options.signal, timeoutMs: options.timeoutMs };
        const job = await client.getJob(entry.jobId, { ...request, kind: entry.job?.kind });
        const batches = job.flavour === '1.0' && (options.withBatches || entry.batches)
          ? await client.listBatches(entry.jobId, request)
          : undefined;
        if (this.order.isStale(entry.key, ticket)) {
          this.log.debug(`[store] ${entry.jobId}: dropped an answer that started before the last close/abort`);
          return;
        }
        this.apply(entry, job, batches);
      }, options.signal);
      return entry;
    } catch (e) {
      const error = toBulkError(e);
      if (error.kind !== 'cancelled' && !options.signal?.aborted) {
        entry.lastError = { kind: error.kind, message: error.message, at: Date.now() };
        this.log.warn(`[store] ${entry.jobId} (${entry.orgKey}): ${error.message}`);
      }
      throw error;
    } finally {
      entry.refreshing = false;
      this.save(entry);
      this.changed.fire(entry);
    }
  }

  private apply(entry: JobEntry, job: BulkJob, batches: BulkBatch[] | undefined): void {
    const before = entry.progress;
    entry.job = job;
    entry.batches = batches ?? (job.flavour === '1.0' ? entry.batches : undefined);
    entry.progress = deriveProgress(job, entry.batches);
    entry.fetchedAt = Date.now();
    entry.lastError = undefined;
    if (entry.tracked && before && !before.done && isDone(entry)) {
      this.finished.fire(entry);
    }
  }

  private async change(ref: JobRef, act: (client: Awaited<ReturnType<OrgRegistry['clientFor']>>, jobId: string) => Promise<BulkJob>): Promise<JobEntry> {
    const entry = this.ensure(ref);
    try {
      const client = await this.orgs.clientFor(ref.orgKey);
      const job = await this.limiter.run(() => act(client, entry.jobId));
      this.order.changed(entry.key);
      this.apply(entry, job, undefined);
    } catch (e) {
      throw toBulkError(e);
    } finally {
      this.save(entry);
      this.changed.fire(entry);
    }
    // The answer to close/abort is the job; batches (1.0) may have changed too.
    return this.refresh(ref, { withBatches: entry.batches !== undefined }).catch(() => entry);
  }
}
