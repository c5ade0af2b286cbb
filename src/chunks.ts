/**
 * The code that activation does not load: each entry is imported on first use (webpack puts it in a
 * chunk of its own, `dist/<name>.js`) and its first load is logged with its time. One table, so what
 * is lazy is read in one place. Activation keeps only the registrations, the tree, the status bar,
 * the poller and the hover's id finder and cache.
 */
import type { LogOutputChannel } from 'vscode';
import { lazy } from './util/lazy';

export function lazyModules(log: LogOutputChannel) {
  const loaded = (name: string, ms: number): void => log.info(`[lazy] ${name} loaded in ${ms.toFixed(1)} ms`);
  return {
    /** The Salesforce client, with axios and fast-xml-parser: the first request of any kind. */
    api: lazy('api', () => import(/* webpackChunkName: "api" */ './salesforce/bulkClient'), loaded),
    /** Running and reading the Salesforce CLI: the first time orgs are listed. */
    cli: lazy('cli', () => import(/* webpackChunkName: "cli" */ './orgs/cli/cliOrgs'), loaded),
    /** The details panel's host (messages, rendering, actions): the first panel opened. */
    panel: lazy('panel', () => import(/* webpackChunkName: "panel" */ './details/jobDetailsPanel'), loaded),
    orgCommands: lazy('orgCommands', () => import(/* webpackChunkName: "orgCommands" */ './orgs/commands/orgCommands'), loaded),
    jobCommands: lazy('jobCommands', () => import(/* webpackChunkName: "jobCommands" */ './tracked/commands/jobCommands'), loaded),
    lookup: lazy('lookup', () => import(/* webpackChunkName: "lookup" */ './details/commands/lookupJob'), loaded),
    /** Downloading and joining result files, and the "why records failed" commands. */
    downloads: lazy('downloads', () => import(/* webpackChunkName: "downloads" */ './downloads/commands/downloadResults'), loaded),
    /** Loading a CSV: the preflight, the choices, the load ("Reload Failed Records…", "Load CSV…"). */
    reload: lazy('reload', () => import(/* webpackChunkName: "reload" */ './load/commands/loadCsv'), loaded),
  };
}

export type LazyModules = ReturnType<typeof lazyModules>;
