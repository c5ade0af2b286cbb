/**
 * Result files downloaded per job and their "why records failed" summary, kept in workspaceState so
 * that the details panel still shows them after a reload. Only the summary is kept (storedDownload.ts):
 * records an earlier version saved with example rows are stripped when read, and saved again.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { DownloadResult } from '../salesforce/results/downloadTypes';
import { jobKey, type JobRef } from '../job/jobRef';
import type { FileStamp } from './resultSet';
import { keptStamps, MAX_KEPT_GROUPS, readStoredDownload, type StoredDownload } from './storedDownload';
import { DOWNLOADS_KEY } from '../storage/keys';

export type { StoredDownload } from './storedDownload';

const MAX_KEPT_DOWNLOADS = 50;

/** Where a finished download's files ended up (after the move out of the staging folder). */
export interface PlacedFiles {
  dir: string;
  files: DownloadResult['files'];
  stamps: FileStamp[];
}

/** Downloads done in this workspace, by job, the most recent MAX_KEPT_DOWNLOADS. */
export class ResultDownloads implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<JobRef>();
  readonly onDidChange = this.changed.event;
  private readonly byKey = new Map<string, StoredDownload>();
  /** Jobs being downloaded right now (one download per job at a time: they would share file names). */
  readonly running = new Set<string>();

  /** `storageDir`: the extension's global storage folder (results go there when no folder is open). */
  constructor(private readonly memento: vscode.Memento, readonly storageDir: string) {
    const saved = memento.get<unknown>(DOWNLOADS_KEY);
    if (Array.isArray(saved)) {
      for (const item of saved) {
        const download = readStoredDownload((item as { download?: unknown } | null)?.download);
        const key = (item as { key?: unknown } | null)?.key;
        if (download && typeof key === 'string') {
          this.byKey.set(key, download);
        }
      }
      if (JSON.stringify(this.entries()) !== JSON.stringify(saved)) {
        void this.save(); // what an older version stored, now without row values
      }
    }
  }

  get(ref: JobRef): StoredDownload | undefined {
    return this.byKey.get(jobKey(ref));
  }

  /** The job whose downloaded failed records are the file at `fsPath` (the last download that wrote it). */
  jobOfFailedFile(fsPath: string): JobRef | undefined {
    const wanted = path.resolve(fsPath).toLowerCase();
    for (const [key, download] of [...this.byKey].reverse()) {
      const failed = download.files.failed;
      const bar = key.lastIndexOf('|');
      if (failed !== undefined && bar > 0 && path.resolve(failed).toLowerCase() === wanted) {
        return { orgKey: key.slice(0, bar), jobId: key.slice(bar + 1) };
      }
    }
    return undefined;
  }

  set(ref: JobRef, result: DownloadResult, placed: PlacedFiles): StoredDownload {
    const key = jobKey(ref);
    const stored: StoredDownload = {
      jobId: result.jobId,
      dir: placed.dir,
      files: placed.files,
      rows: result.rows,
      errors: result.errors.slice(0, MAX_KEPT_GROUPS).map(({ key: k, statusCode, message, fields, count }) => ({ key: k, statusCode, message, fields, count })),
      groupCount: result.errors.length,
      at: Date.now(),
      written: keptStamps(placed.stamps, this.byKey.get(key)?.written ?? []),
    };
    this.byKey.delete(key);
    this.byKey.set(key, stored);
    while (this.byKey.size > MAX_KEPT_DOWNLOADS) {
      this.byKey.delete(this.byKey.keys().next().value as string);
    }
    void this.save();
    this.changed.fire(ref);
    return stored;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private entries(): Array<{ key: string; download: StoredDownload }> {
    return [...this.byKey].map(([key, download]) => ({ key, download }));
  }

  private save(): Thenable<void> {
    return this.memento.update(DOWNLOADS_KEY, this.entries());
  }
}
