import type * as vscode from 'vscode';
import type { JobHistory } from './tracked/jobHistory';
import type { JobStore } from './tracked/jobStore';
import type { ReloadLinks } from './load/reloadLinks';
import type { BatchJobs } from './job/batchJobs';
import type { OrgRegistry } from './orgs/orgRegistry';
import type { ResultDownloads } from './downloads/resultDownloads';
import type { Settings } from './settings';
import type { WindowSchedule } from './schedule/registerSchedule';
import type { CauseLinks } from './causes/causeLinks';
import type { OrgUserNames } from './salesforce/org/userNames';

/** The few shared objects activate() builds and hands to every feature's register function. */
export interface Deps {
  log: vscode.LogOutputChannel;
  /** `bulkJobs.*`, checked against their limits, with one change event. */
  settings: Settings;
  orgs: OrgRegistry;
  store: JobStore;
  /** Result files downloaded per job and their "why records failed" summary. */
  results: ResultDownloads;
  /** Which job each batch seen so far belongs to (memory, bounded): the hover and "Find its job" read it. */
  batchJobs: BatchJobs;
  /** Each job's points over time: the panel's charts and time left, the hover's and tooltip's rate. */
  history?: JobHistory;
  /** Which job reloaded which one's failed records (globalState, one key per link). */
  reloadLinks: ReloadLinks;
  /** The window's one scheduler (every automatic refresh) and one lease set (one window id). */
  schedule: WindowSchedule;
  /**
   * The window's one cache of users' names by org (memory; the ids wanted at once are one query per org):
   * Org Jobs, the panel, the Jobs view's tooltips, the hover. Made on first use (its code is a chunk).
   */
  names: () => Promise<OrgUserNames>;
  /** Opening what failed a record (workspace first, then the org's Tooling API, on a click only). */
  causes?: () => Promise<CauseLinks>;
}
