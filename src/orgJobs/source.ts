/**
 * What the Org Jobs view (`orgJobsView.ts`) needs of the org-list service (`orgJobsService.ts`):
 * each shown org's last complete list of jobs, refreshed on demand and, for watched orgs, on a
 * schedule; the submitters' names; the "Watch This Org" switch. The view computes which rows changed
 * itself (`model/orgJobs/orgJobsTree.ts`); the service only says which org's list changed.
 */
import type * as vscode from 'vscode';
import type { ApiUsage, BulkJob } from '../salesforce/types';

/** One org's list as the Org Jobs view shows it. */
export interface OrgJobsSnapshot {
  orgKey: string;
  /** The last complete list, details merged in (`withDetails`), newest first; undefined until one was read. */
  jobs?: readonly BulkJob[];
  /** When that list was read (ms since the epoch). */
  asOf?: number;
  /** The last refresh's error, in words that say what to do; the list shown is then the last complete one. */
  error?: string;
  /** The org's API usage last seen. */
  usage?: ApiUsage;
  /** A refresh is on its way. */
  refreshing: boolean;
  /**
   * Why the list is not refreshed automatically at the usual pace, when it is not ("refreshed 4× slower:
   * API usage 86 %", "automatic refresh paused: API usage 97 %", "retrying in 4 min", "not refreshed
   * while no VS Code window is focused"); undefined when it is.
   */
  notice?: string;
  /** The session's user (005…), for "submitted by me"; undefined until known. */
  myUserId?: string;
  /** The list endpoints cut at the page cap (100 pages, 100,000 jobs) by the last read ("jobs/query"): older jobs are missing. */
  truncated?: readonly string[];
}

export interface OrgJobsSource {
  /** An org's snapshot changed (its orgKey). */
  readonly onDidChange: vscode.Event<string>;
  snapshot(orgKey: string): OrgJobsSnapshot;
  /** Refreshes now (the view's Refresh, or its first show). Never rejects: errors land in the snapshot. */
  refresh(orgKey: string, options?: { signal?: AbortSignal }): Promise<void>;
  /** A submitter's name, once resolved (never sends a request). */
  nameOf(orgKey: string, userId: string | undefined): string | undefined;
  /**
   * The view says which orgs it shows and whether it is visible: a shown org is read once when first
   * shown (or when its list is older than the refresh interval; another window's list of it, when
   * fresh, is taken instead), and refreshed every `bulkJobs.orgJobs.refreshSeconds` while visible and
   * watched (by one window: the others take its list).
   */
  setShown(orgKeys: readonly string[], visible: boolean): void;
  /** "Watch This Org" (per org, off by default; shared by every window). */
  isWatched(orgKey: string): boolean;
  setWatched(orgKey: string, on: boolean): Promise<void>;
  readonly onDidChangeWatched: vscode.Event<void>;
}
