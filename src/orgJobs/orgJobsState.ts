/**
 * One org's list between refreshes: what the view shows and what the diff compares against.
 *
 * - Shown: the last complete list (and when it was read). A partial list (a page failed) does not
 *   replace it; its error is shown next to it until a complete list arrives.
 * - Seen: the last state of every job read, complete list or partial, so a failure read in a
 *   partial list is not told again by the next complete one.
 * - Baseline: until the first complete list, nothing is new (jobs absent from a partial first list
 *   may be week-old failures). A complete list forgets the jobs it no longer holds (out of the window).
 */
import type { BulkJob } from '../salesforce/types';
import { newEvents, type DiffOptions, type OrgJobEvent } from './newFailures';

export interface ListRead {
  jobs: readonly BulkJob[];
  partial: boolean;
  /** The error's message when `partial`. */
  error?: string;
  /** When the refresh started (ms). */
  at: number;
}

export interface Shown {
  jobs: readonly BulkJob[];
  asOf: number;
  /** The last refresh's error, while the list shown is an older complete one. */
  error?: string;
}

export class OrgJobsState {
  private shown: Shown | undefined;
  private seen = new Map<string, BulkJob>();
  private baseline = false;

  /** Takes a refresh's list; returns the events it brings (none before the first complete list). */
  apply(read: ListRead, diff: DiffOptions): OrgJobEvent[] {
    const events = this.baseline ? newEvents(this.seen, read.jobs, diff) : [];
    if (read.partial) {
      for (const job of read.jobs) {
        this.seen.set(job.id, job);
      }
      this.shown = this.shown === undefined ? undefined : { ...this.shown, error: read.error ?? '' };
      return events;
    }
    this.adopt(read.jobs, read.at);
    return events;
  }

  /** Takes a complete list read at `at` as the one shown, seen and compared against, telling nothing (a list another window read and told). */
  adopt(jobs: readonly BulkJob[], at: number): void {
    this.seen = new Map(jobs.map((j) => [j.id, j]));
    this.baseline = true;
    this.shown = { jobs, asOf: at };
  }

  /** Undefined until a complete list was read. */
  get current(): Shown | undefined {
    return this.shown;
  }
}
