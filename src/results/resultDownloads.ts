/**
 * Result files downloaded per job and their "why records failed" summary, kept in workspaceState so
 * that the details panel still shows them after a reload.
 */
import * as vscode from 'vscode';
import type { DownloadResult, ResultFileKind } from '../api/results/download';
import type { ErrorGroup } from '../api/results/errorSummary';
import { jobKey, type JobRef } from '../model/jobRef';

/** What is kept of a download for the details panel ("Why records failed"). */
export interface StoredDownload {
  jobId: string;
  dir: string;
  files: Partial<Record<ResultFileKind, string>>;
  rows: Record<ResultFileKind, number>;
  /** Largest first, at most MAX_KEPT_GROUPS. */
  errors: ErrorGroup[];
  /** How many groups there were in all. */
  groupCount: number;
  at: number;
}

const STATE_KEY = 'bulkJobs.downloads';
const MAX_KEPT_GROUPS = 50;
const MAX_KEPT_DOWNLOADS = 50;

/** Downloads done in this workspace, by job, the most recent MAX_KEPT_DOWNLOADS. */
export class ResultDownloads implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<JobRef>();
  readonly onDidChange = this.changed.event;
  private readonly byKey = new Map<string, StoredDownload>();
  /** Jobs being downloaded right now (one download per job at a time: they would share file names). */
  readonly running = new Set<string>();

  constructor(private readonly memento: vscode.Memento) {
    const saved = memento.get<unknown>(STATE_KEY);
    if (Array.isArray(saved)) {
      for (const item of saved) {
        if (isStoredEntry(item)) {
          this.byKey.set(item.key, item.download);
        }
      }
    }
  }

  get(ref: JobRef): StoredDownload | undefined {
    return this.byKey.get(jobKey(ref));
  }

  set(ref: JobRef, result: DownloadResult, dir: string): StoredDownload {
    const stored: StoredDownload = {
      jobId: result.jobId,
      dir,
      files: result.files,
      rows: result.rows,
      errors: result.errors.slice(0, MAX_KEPT_GROUPS),
      groupCount: result.errors.length,
      at: Date.now(),
    };
    const key = jobKey(ref);
    this.byKey.delete(key);
    this.byKey.set(key, stored);
    while (this.byKey.size > MAX_KEPT_DOWNLOADS) {
      this.byKey.delete(this.byKey.keys().next().value as string);
    }
    void this.memento.update(STATE_KEY, [...this.byKey].map(([k, download]) => ({ key: k, download })));
    this.changed.fire(ref);
    return stored;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function isStoredEntry(value: unknown): value is { key: string; download: StoredDownload } {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const v = value as { key?: unknown; download?: Partial<StoredDownload> };
  return typeof v.key === 'string' && typeof v.download === 'object' && v.download !== null
    && typeof v.download.dir === 'string' && Array.isArray(v.download.errors) && typeof v.download.files === 'object';
}
