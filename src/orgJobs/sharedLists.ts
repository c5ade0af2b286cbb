/**
 * Each org's last complete list, shared by every window through one file per org in the extension's
 * global storage (`<globalStorage>/orgJobs/<sha-1 of the org key>.json`, which every window of the
 * profile sees): the window that read the org writes it; a window showing the org takes it instead of
 * reading the org again (`orgJobsService.ts`), so two windows showing one org cost one window's requests.
 *
 * What it holds is what the view shows: job summaries (ids, objects, states, dates, counters,
 * submitters) and the submitters' names; no record of the org's data, no token. A file is written
 * whole to a temporary name and renamed, so no reader sees half of one; a damaged file, or one of
 * another org, reads as nothing. The first write of a window removes the files nobody wrote for
 * `REMEMBER_MS` (an org removed or no longer shown; a temporary file a crash left). No `vscode` import here.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { ApiUsage, BulkJob } from '../salesforce/types';
import { asJob } from '../tracked/storedState';
import { asNumber, isRecord, strings } from '../util/json';
import { REMEMBER_MS } from './sharedOrgState';
import { writeFileAtomic } from '../util/atomicWrite';

export const SHARED_LIST_VERSION = 1;

export interface SharedList {
  /** When the list was read (ms; the refresh's start, as `Shown.asOf`). */
  asOf: number;
  /** The complete list, details merged in, newest first. */
  jobs: readonly BulkJob[];
  /** The jobs whose details (`getJob`) are merged in (so a window taking the list does not ask for them again). */
  detailed: string[];
  /** Submitters' names by 15-character user id. */
  names: Array<[string, string]>;
  /** The session's user (005…), when known. */
  me?: string;
  /** The org's API usage as the reading window last saw it. */
  usage?: ApiUsage;
  /** The org's time through which the reading window looked at every finished job (`nextCheckedThrough`). */
  checkedThrough?: number;
  /** The list pages the read took, for the budget (`watchPlan`), and the list endpoints it found cut at the page cap. */
  read?: { pages: number; truncated: string[] };
}

function asUsage(v: unknown): ApiUsage | undefined {
  if (!isRecord(v)) {
    return undefined;
  }
  const [used, max, at] = [asNumber(v.used), asNumber(v.max), asNumber(v.at)];
  return used !== undefined && max !== undefined && at !== undefined ? { used, max, at } : undefined;
}

/** A file's content as a list, or undefined when it is not one of this org's (damaged, older, foreign). */
export function parseSharedList(text: string, orgKey: string): SharedList | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const asOf = isRecord(raw) ? asNumber(raw.asOf) : undefined;
  if (!isRecord(raw) || raw.version !== SHARED_LIST_VERSION || raw.orgKey !== orgKey || asOf === undefined || !Array.isArray(raw.jobs)) {
    return undefined;
  }
  const jobs = raw.jobs.flatMap((j: unknown) => {
    const job = isRecord(j) && typeof j.id === 'string' ? asJob(j, j.id) : undefined;
    return job ? [job] : [];
  });
  const names = (Array.isArray(raw.names) ? raw.names : [])
    .filter((n: unknown): n is [string, string] => Array.isArray(n) && typeof n[0] === 'string' && typeof n[1] === 'string')
    .map(([id, name]) => [id, name] as [string, string]);
  const list: SharedList = { asOf, jobs, detailed: strings(raw.detailed), names };
  if (typeof raw.me === 'string') {
    list.me = raw.me;
  }
  const checkedThrough = asNumber(raw.checkedThrough);
  if (checkedThrough !== undefined) {
    list.checkedThrough = checkedThrough;
  }
  const usage = asUsage(raw.usage);
  if (usage) {
    list.usage = usage;
  }
  const pages = isRecord(raw.read) ? asNumber(raw.read.pages) : undefined;
  if (isRecord(raw.read) && pages !== undefined) {
    list.read = { pages, truncated: strings(raw.read.truncated) };
  }
  return list;
}

export class SharedLists {
  private pruned = false;

  constructor(
    private readonly dir: string,
    private readonly warn: (message: string) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  fileOf(orgKey: string): string {
    return path.join(this.dir, `${createHash('sha1').update(orgKey).digest('hex')}.json`);
  }

  /**
   * Writes the org's list; true once it is on disk whole (then, and only then, the caller raises the
   * shared "refreshed" stamp). A failure is told to `warn` (the list stays this window's only).
   */
  async write(orgKey: string, list: SharedList): Promise<boolean> {
    const file = this.fileOf(orgKey);
    let written = false;
    try {
      await fs.promises.mkdir(this.dir, { recursive: true });
      await writeFileAtomic(file, JSON.stringify({ version: SHARED_LIST_VERSION, orgKey, ...list }));
      written = true;
    } catch (e) {
      this.warn(`the list was not shared with other windows: ${String(e)}`);
    }
    if (!this.pruned) {
      this.pruned = true;
      await this.prune();
    }
    return written;
  }

  /** Removes the files of this folder last written more than `REMEMBER_MS` ago (longer than a job stays listed). */
  private async prune(): Promise<void> {
    const names = await fs.promises.readdir(this.dir).catch(() => []);
    for (const name of names.filter((n) => n.endsWith('.json') || n.endsWith('.tmp'))) {
      const file = path.join(this.dir, name);
      const stat = await fs.promises.stat(file).catch(() => undefined);
      if (stat && this.now() - stat.mtimeMs > REMEMBER_MS) {
        await fs.promises.rm(file, { force: true }).catch((e: unknown) => this.warn(`an old list was not removed: ${String(e)}`));
      }
    }
  }

  /** The org's list as another window (or this one) last wrote it; undefined when there is none or it is damaged. */
  async read(orgKey: string): Promise<SharedList | undefined> {
    const text = await fs.promises.readFile(this.fileOf(orgKey), 'utf8').catch(() => undefined);
    return text === undefined ? undefined : parseSharedList(text, orgKey);
  }
}
