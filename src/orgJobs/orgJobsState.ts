/**
 * One org's list between refreshes: what the view shows.
 *
 * - Shown: the last complete list (and when it was read). A partial list (a page failed) does not
 *   replace it; its error is shown next to it until a complete list arrives.
 * What is news is decided by time (`newsSince`, `orgReader.ts`), not against this list.
 */
import type { BulkJob } from '../salesforce/types';

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

  /** Takes a refresh's list: a complete one is shown; a partial one leaves its error next to the last complete one. */
  apply(read: ListRead): void {
    if (read.partial) {
      this.shown = this.shown === undefined ? undefined : { ...this.shown, error: read.error ?? '' };
      return;
    }
    this.adopt(read.jobs, read.at);
  }

  /** Takes a complete list read at `at` as the one shown (a list another window read). */
  adopt(jobs: readonly BulkJob[], at: number): void {
    this.shown = { jobs, asOf: at };
  }

  /** Undefined until a complete list was read. */
  get current(): Shown | undefined {
    return this.shown;
  }
}
