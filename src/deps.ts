import * as vscode from 'vscode';
import type { OrgRegistry } from './orgs/orgRegistry';
import type { JobStore } from './jobs/jobStore';
import type { ResultDownloads } from './commands/downloadResults';

/** The few shared objects activate() builds and hands to every feature's register function. */
export interface Deps {
  log: vscode.LogOutputChannel;
  orgs: OrgRegistry;
  store: JobStore;
  /** Result files downloaded per job and their "why records failed" summary (issue 6). */
  results?: ResultDownloads;
}

/** The extension's settings, read when needed (so a change applies at once, no reload). */
export interface Settings {
  cliPath(): string;
  apiVersion(): string;
  requestTimeoutMs(): number;
  maxConcurrentRequests(): number;
  pollIntervalMaxSeconds(): number;
  notifyOnCompletion(): boolean;
}

export function workspaceSettings(): Settings {
  const get = <T>(key: string, fallback: T): T => vscode.workspace.getConfiguration('bulkJobs').get<T>(key, fallback);
  const positive = (value: number, fallback: number): number => (Number.isFinite(value) && value > 0 ? value : fallback);
  return {
    cliPath: () => get('cliPath', '').trim() || 'sf',
    apiVersion: () => get('apiVersion', '64.0'),
    requestTimeoutMs: () => positive(get('requestTimeoutSeconds', 30), 30) * 1000,
    maxConcurrentRequests: () => Math.floor(positive(get('maxConcurrentRequests', 6), 6)),
    pollIntervalMaxSeconds: () => Math.max(5, positive(get('pollIntervalMaxSeconds', 60), 60)),
    notifyOnCompletion: () => get('notifyOnCompletion', true),
  };
}
