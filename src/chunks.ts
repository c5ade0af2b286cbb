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
    /** The Org Jobs service, the view's drawing and controller: the view first shown, an Org Jobs command, or a watched org. */
    orgJobs: lazy('orgJobs', () => import(/* webpackChunkName: "orgJobs" */ './orgJobs/orgJobsChunk'), loaded),
  };
}

/** The log line of a first load (the bench reads it: `[lazy] <name> loaded in <ms> ms`). */
export function logLoaded(log: LogOutputChannel, name: string, ms: number): void {
  log.info(`[lazy] ${name} loaded in ${ms.toFixed(1)} ms`);
}
