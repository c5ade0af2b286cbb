/**
 * The rules of a job's set of result files in a folder, with no file system: which files belong to
 * an earlier download of the same job, whether one was changed since this extension wrote it, what
 * to ask, and where a new set goes (replacing the old one, or next to it in a time-stamped folder).
 * Plain Node; `publish.ts` does the moving.
 */
import * as path from 'path';
import type { ResultFileKind } from '../salesforce/results/downloadTypes';
import { sameId } from '../salesforce/ids';

/** What this extension wrote: size and modification time right after the file was moved into place. */
export interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

/** A result file of the job found in the folder. */
export interface FoundFile extends FileStamp {
  kind: ResultFileKind;
}

/** unchanged: as we wrote it; edited: we wrote it and it changed since; unknown: not written by a download we remember. */
export type EditState = 'unchanged' | 'edited' | 'unknown';

export type ConflictChoice = 'replace' | 'keepBoth' | 'cancel';

/** Where a finished download's files go. */
export type PublishPlan =
  | { kind: 'fresh' }
  /** Move these files aside, put the new set in place, then delete them (restored if a move fails). */
  | { kind: 'replace'; old: string[] }
  /** The staging folder becomes this folder, next to the old set. */
  | { kind: 'keepBoth'; folder: string };

const KIND_BY_SUFFIX: Record<string, ResultFileKind> = { failed: 'failed', success: 'success', unprocessed: 'unprocessed', results: 'query' };
const RESULT_FILE = /^([0-9A-Za-z]{15}(?:[0-9A-Za-z]{3})?)-(failed|success|unprocessed|results)\.csv$/;

/**
 * The names among `names` (a folder's entries) that are result files of `jobId` (a 15- or
 * 18-character id: files are named with the id Salesforce answers, usually 18 characters).
 */
export function resultFilesOf(jobId: string, names: readonly string[]): Array<{ name: string; kind: ResultFileKind }> {
  const out: Array<{ name: string; kind: ResultFileKind }> = [];
  for (const name of names) {
    const m = RESULT_FILE.exec(name);
    if (m && sameId(m[1], jobId) && (m[1].length === 15 || jobId.length === 15 || m[1] === jobId)) {
      out.push({ name, kind: KIND_BY_SUFFIX[m[2]] });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Compares a file on disk with the stamps of what was written. */
export function editState(file: FileStamp, written: readonly FileStamp[]): EditState {
  const stamp = written.find((s) => samePath(s.path, file.path));
  if (!stamp) {
    return 'unknown';
  }
  return stamp.size === file.size && Math.abs(stamp.mtimeMs - file.mtimeMs) < 1 ? 'unchanged' : 'edited';
}

/** `2026-12-02T1830`: local time, to the minute, without characters Windows refuses in names. */
export function timeStamp(now: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}T${two(now.getHours())}${two(now.getMinutes())}`;
}

/** `<dir>/<jobId>-<time stamp>` for Keep Both, with `-2`, `-3`… when that name is taken. */
export function keepBothFolder(dir: string, jobId: string, now: Date, taken: (name: string) => boolean): string {
  const base = `${jobId}-${timeStamp(now)}`;
  let name = base;
  for (let n = 2; taken(name); n++) {
    name = `${base}-${n}`;
  }
  return path.join(dir, name);
}

/**
 * Where the new set goes, given what was found when the person was asked (`asked`) and what is in the
 * folder now that the download is done (`now`). A Replace applies only to the files the person saw,
 * unchanged since: if the folder changed meanwhile, the new set is kept next to it instead.
 */
export function publishPlan(choice: 'replace' | 'keepBoth' | undefined, asked: readonly FileStamp[], now: readonly FileStamp[],
  keepBoth: () => string): PublishPlan & { changedMeanwhile: boolean } {
  if (now.length === 0) {
    return { kind: 'fresh', changedMeanwhile: false };
  }
  const same = now.length === asked.length && now.every((f) => editState(f, asked) === 'unchanged');
  if (choice === 'replace' && same) {
    return { kind: 'replace', old: now.map((f) => f.path), changedMeanwhile: false };
  }
  return { kind: 'keepBoth', folder: keepBoth(), changedMeanwhile: choice !== 'keepBoth' };
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}
