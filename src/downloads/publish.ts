/**
 * A download's files appear together or not at all. They are written into a staging folder next to
 * the target (`<dir>/.<jobId>.download-<random>`, so on the same file system and every move is a
 * rename), and moved into place only once every stream has finished:
 *
 * - fresh (no earlier set): each file is renamed into the folder; if one rename fails, the ones
 *   already moved are removed again.
 * - replace: the old set is first moved aside (`.<jobId>.old-<random>`), then the new one in; if a
 *   rename fails, the new files are taken out and the old ones put back.
 * - keep both: the staging folder itself is renamed to the time-stamped folder (one rename).
 *
 * A failed or cancelled download removes its staging folder and never touches the old set.
 * Plain Node; the rename is injectable so that tests can make it fail half-way.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ResultFileKind } from '../salesforce/results/downloadTypes';
import { resultFilesOf, type FileStamp, type FoundFile, type PublishPlan } from './resultSet';

export type Rename = (from: string, to: string) => Promise<void>;

/** The new set could not be moved into place; the old set is as it was (restored if need be). */
export class PublishError extends Error {
  /** The file system's code (EACCES, EBUSY, EPERM…: on Windows, often a file open in another program). */
  readonly code: string | undefined;

  constructor(cause: unknown) {
    super(`The result files could not be moved into place: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PublishError';
    this.code = (cause as NodeJS.ErrnoException | undefined)?.code;
  }
}

export interface PublishOptions {
  /** Default: fs.promises.rename. */
  rename?: Rename;
}

/** The result files of `jobId` directly in `dir`, with their size and time (none if the folder is missing). */
export async function findResultFiles(dir: string, jobId: string): Promise<FoundFile[]> {
  const names = await fs.promises.readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') {
      return [] as string[];
    }
    throw e;
  });
  const found: FoundFile[] = [];
  for (const { name, kind } of resultFilesOf(jobId, names)) {
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (stat?.isFile()) {
      found.push({ path: file, kind, size: stat.size, mtimeMs: stat.mtimeMs });
    }
  }
  return found;
}

/** A new, empty staging folder in `dir` (which is created if missing). */
export async function createStaging(dir: string, jobId: string): Promise<string> {
  await fs.promises.mkdir(dir, { recursive: true });
  return fs.promises.mkdtemp(path.join(dir, `.${jobId}.download-`));
}

export async function removeStaging(staging: string): Promise<void> {
  await fs.promises.rm(staging, { recursive: true, force: true });
}

/**
 * Moves the finished files (`files`: paths inside `staging`) to where `plan` says; returns their
 * final paths and stamps. The staging folder is gone afterwards, whatever happened.
 */
export async function publishSet(staging: string, files: Partial<Record<ResultFileKind, string>>, dir: string, plan: PublishPlan,
  options: PublishOptions = {}): Promise<{ files: Partial<Record<ResultFileKind, string>>; stamps: FileStamp[] }> {
  const rename = options.rename ?? ((from, to) => fs.promises.rename(from, to));
  const entries = Object.entries(files) as Array<[ResultFileKind, string]>;
  const target = plan.kind === 'keepBoth' ? plan.folder : dir;
  const placed = Object.fromEntries(entries.map(([kind, file]) => [kind, path.join(target, path.basename(file))])) as Partial<Record<ResultFileKind, string>>;
  try {
    await moveInto(staging, entries, placed, dir, plan, rename);
  } catch (e) {
    throw new PublishError(e);
  } finally {
    await removeStaging(staging).catch(() => undefined);
  }
  const stamps: FileStamp[] = [];
  for (const file of Object.values(placed) as string[]) {
    const stat = await fs.promises.stat(file);
    stamps.push({ path: file, size: stat.size, mtimeMs: stat.mtimeMs });
  }
  return { files: placed, stamps };
}

async function moveInto(staging: string, entries: Array<[ResultFileKind, string]>, placed: Partial<Record<ResultFileKind, string>>, dir: string,
  plan: PublishPlan, rename: Rename): Promise<void> {
  if (plan.kind === 'keepBoth') {
    await rename(staging, plan.folder);
    return;
  }
  const aside = plan.kind === 'replace' ? await moveAside(plan.old, dir, path.basename(staging), rename) : undefined;
  const moved: string[] = [];
  try {
    for (const [kind, file] of entries) {
      await rename(file, placed[kind] as string);
      moved.push(placed[kind] as string);
    }
  } catch (e) {
    await Promise.all(moved.map((f) => fs.promises.rm(f, { force: true })));
    await aside?.restore();
    throw e;
  }
  await aside?.remove();
}

/** Moves the old set into a folder of its own; `restore` puts it back, `remove` deletes it. */
async function moveAside(old: readonly string[], dir: string, stagingName: string, rename: Rename): Promise<{ restore(): Promise<void>; remove(): Promise<void> }> {
  const aside = path.join(dir, stagingName.replace('.download-', '.old-'));
  await fs.promises.mkdir(aside);
  const moved: Array<[string, string]> = [];
  const restore = async (): Promise<void> => {
    for (const [from, to] of moved.reverse()) {
      await fs.promises.rename(to, from);
    }
    await fs.promises.rm(aside, { recursive: true, force: true });
  };
  try {
    for (const file of old) {
      const to = path.join(aside, path.basename(file));
      await rename(file, to);
      moved.push([file, to]);
    }
  } catch (e) {
    await restore();
    throw e;
  }
  return { restore, remove: () => fs.promises.rm(aside, { recursive: true, force: true }) };
}
