/**
 * The Bulk 2.0 jobs the Salesforce CLI started: `sf data import|update|upsert|delete|export bulk`
 * keep their job ids in the CLI's state folder (`~/.sf/bulk-data-<command>-cache.json`, a TTL cache
 * of a few days) so that `… resume` can find them. The file maps each job id to
 * `{ jobId, username, apiVersion, timestamp, … }`; entries of another shape are skipped. Read-only.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isValidId, to18 } from '../../salesforce/ids';

export const CLI_CACHE_COMMANDS = ['import', 'update', 'upsert', 'delete', 'export'] as const;
export type CliCacheCommand = (typeof CLI_CACHE_COMMANDS)[number];

export interface CliCachedJob {
  jobId: string;
  /** The org's username, when the CLI recorded it. */
  username?: string;
  apiVersion?: string;
  /** When the CLI started it (ms since epoch), when recorded. */
  startedAt?: number;
  command: CliCacheCommand;
}

export function cliCacheFile(command: CliCacheCommand, sfDir = path.join(os.homedir(), '.sf')): string {
  return path.join(sfDir, `bulk-data-${command}-cache.json`);
}

/** The jobs in one cache file's text (a damaged file gives none). */
export function parseCliBulkCache(text: string, command: CliCacheCommand): CliCachedJob[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return [];
  }
  const jobs: CliCachedJob[] = [];
  for (const [key, raw] of Object.entries(parsed as Record<string, unknown>)) {
    if (raw === null || typeof raw !== 'object') {
      continue;
    }
    // Older @salesforce/core TTL caches nest the entry under `value`.
    const entry = ('value' in raw && raw.value !== null && typeof raw.value === 'object' ? { ...raw, ...(raw.value as object) } : raw) as Record<string, unknown>;
    const id = typeof entry.jobId === 'string' ? entry.jobId : key;
    if (!isValidId(id) || !id.startsWith('750')) {
      continue;
    }
    const time = typeof entry.timestamp === 'number' ? entry.timestamp : typeof entry.timestamp === 'string' ? Date.parse(entry.timestamp) : NaN;
    jobs.push({
      jobId: to18(id),
      username: typeof entry.username === 'string' ? entry.username : undefined,
      apiVersion: typeof entry.apiVersion === 'string' ? entry.apiVersion : undefined,
      startedAt: Number.isFinite(time) ? time : undefined,
      command,
    });
  }
  return jobs;
}

/** Every job in every cache file of the CLI's state folder, newest first (missing files are fine). */
export async function readCliBulkCaches(sfDir?: string): Promise<CliCachedJob[]> {
  const all = await Promise.all(CLI_CACHE_COMMANDS.map(async (command) => {
    try {
      return parseCliBulkCache(await fs.promises.readFile(cliCacheFile(command, sfDir), 'utf8'), command);
    } catch {
      return [];
    }
  }));
  return all.flat().sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0));
}

/** The cached jobs that belong to an org (matched by username, case-insensitively). */
export function cliJobsOfOrg(jobs: readonly CliCachedJob[], username: string | undefined): CliCachedJob[] {
  if (username === undefined) {
    return [];
  }
  const u = username.toLowerCase();
  return jobs.filter((j) => j.username?.toLowerCase() === u);
}
