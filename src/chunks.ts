/**
 * The chunk table: the code activation does not load, besides the commands' (`commands.ts` names each
 * command's file). Each entry is imported on first use (webpack puts it in a chunk of its own,
 * `dist/<name>.js`) and its first load is logged with its time. Activation keeps the registrations,
 * the Jobs tree, the status bar, the poller, the hover's id finder and cache, and the Org Jobs view's
 * stand-in; the features below take only the loader they need, typed where they use it.
 */
import type { LogOutputChannel } from 'vscode';
import { lazy } from './util/lazy';

export function lazyChunks(log: LogOutputChannel) {
  const loaded = (name: string, ms: number): void => logLoaded(log, name, ms);
  return {
    /** The Salesforce client, with axios and fast-xml-parser: the first request of any kind. */
    api: lazy('api', () => import(/* webpackChunkName: "api" */ './salesforce/bulkClient'), loaded),
    /** Running and reading the Salesforce CLI: the first time orgs are listed. */
    cli: lazy('cli', () => import(/* webpackChunkName: "cli" */ './orgs/cli/cliOrgs'), loaded),
    /** The details panel's host (messages, rendering, actions): the first panel opened. */
    panel: lazy('panel', () => import(/* webpackChunkName: "panel" */ './details/jobDetailsPanel'), loaded),
    /** The poller and its plan: the first tracked job that is not done, a panel watching a job, or Resume Polling. */
    poller: lazy('poller', () => import(/* webpackChunkName: "poller" */ './tracked/poller'), loaded),
    /** What a tracked job's "finished" notification says and offers: the first job that finishes. */
    notifications: lazy('notifications', () => import(/* webpackChunkName: "notifications" */ './tracked/notifications'), loaded),
    /** The preflight's diagnostics on CSV editors: the first CSV file opened, or the first load. */
    preflight: lazy('preflight', () => import(/* webpackChunkName: "preflight" */ './load/preflightDiagnostics'), loaded),
    /** Opening what failed a record (workspace files, the org's Tooling API): the first cause opened or named. */
    causeLinks: lazy('causeLinks', () => import(/* webpackChunkName: "causeLinks" */ './causes/causeLinks'), loaded),
    /** The failed CSV's diagnostics, hover and quick fixes: the first CSV file opened. */
    failedRows: lazy('failedRows', () => import(/* webpackChunkName: "failedRows" */ './causes/failedRowDiagnostics'), loaded),
    /** Rates and the time left (`job/pace.ts`): the first fetch of a job's data. */
    pace: lazy('pace', () => import(/* webpackChunkName: "pace" */ './job/pace'), loaded),
    /** The Jobs view's drawing (rows, tooltips with the pace): the view first shown. */
    jobsView: lazy('jobsView', () => import(/* webpackChunkName: "jobsView" */ './tracked/jobsView'), loaded),
    /** What a hover on a job or batch id says (the answers, the miss cache, the markdown): the first hover on an id. */
    hover: lazy('hover', () => import(/* webpackChunkName: "hover" */ './hover/jobHoverProvider'), loaded),
    /** Users' names by org (`OrgUserNames`, the window's one): the first panel, Jobs view, hover or Org Jobs service. */
    names: lazy('names', () => import(/* webpackChunkName: "names" */ './salesforce/org/userNames'), loaded),
    /** The Org Jobs service, the view's drawing and controller: the view first shown, an Org Jobs command, or a watched org. */
    orgJobs: lazy('orgJobs', () => import(/* webpackChunkName: "orgJobs" */ './orgJobs/orgJobsChunk'), loaded),
  };
}

/** The log line of a first load (the bench reads it: `[lazy] <name> loaded in <ms> ms`). */
export function logLoaded(log: LogOutputChannel, name: string, ms: number): void {
  log.info(`[lazy] ${name} loaded in ${ms.toFixed(1)} ms`);
}
