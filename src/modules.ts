/**
 * The code that activation does not load: each entry is imported on first use (webpack puts it in a
 * chunk of its own, `dist/<name>.js`) and its first load is logged with its time. One table, so what
 * is lazy, and why, is read in one place:
 * - `api`: the Salesforce client with axios and fast-xml-parser (the first request of any kind);
 * - `cli`: running and reading the Salesforce CLI (the first time orgs are listed).
 */
import type { LogOutputChannel } from 'vscode';
import { lazy } from './util/lazy';

export function lazyModules(log: LogOutputChannel) {
  const loaded = (name: string, ms: number): void => log.info(`[lazy] ${name} loaded in ${ms.toFixed(1)} ms`);
  return {
    api: lazy('api', () => import(/* webpackChunkName: "api" */ './api/bulkClient'), loaded),
    cli: lazy('cli', () => import(/* webpackChunkName: "cli" */ './orgs/cliOrgs'), loaded),
  };
}

export type LazyModules = ReturnType<typeof lazyModules>;
